//! Contract tests: the real client against the local WeChat Pay over loopback HTTP, through a
//! whole applyment and through every class of failure; and every situation of the requirements
//! catalogue mapped and accepted.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{Method, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use onboarding_domain::{
    AdministratorType, Application, ApplicationState, BankAccountType, EntityType, ImageId, Residency, Situation,
};

use super::*;
use crate::applyment::Applyment;
use crate::applyment::tests::{draft_for, today};
use crate::client::{Client, SendError};
use crate::keys::fixtures;
use crate::query::ApplymentStatus;
use crate::verify::{Verifier, VerifyError};
use crate::{Failure, Signer};

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

pub(super) fn fake(timing: Timing) -> Fake {
    Fake {
        keys: FakeKeys {
            mchid: fixtures::MERCHANT_ID.into(),
            merchant: fixtures::merchant_public(),
            wechat_pay: fixtures::wechat_pay_private(),
            wechat_pay_key_id: fixtures::WECHAT_PAY_KEY_ID.into(),
            platform_certificate: None,
        },
        timing,
        page_origin: "http://127.0.0.1:8080".into(),
    }
}

pub(super) const QUICK: Timing = Timing {
    check_secs: 0,
    review_secs: None,
    verify_secs: 30 * 86_400,
};

/// The fake on a loopback port, with its ledger in reach of the test.
struct Served {
    fake: Arc<Fake>,
    ledger: Arc<Mutex<Ledger>>,
    address: SocketAddr,
}

async fn serve(fake: Fake) -> Served {
    let fake = Arc::new(fake);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (f, l) = (fake.clone(), ledger.clone());
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let (f, l) = (f.clone(), l.clone());
            let service = service_fn(move |request: http::Request<Incoming>| {
                let (f, l) = (f.clone(), l.clone());
                async move {
                    let (parts, body) = request.into_parts();
                    let body = body.collect().await.unwrap().to_bytes();
                    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                    let request = Request {
                        method: parts.method.as_str(),
                        path_and_query: path,
                        headers: &parts.headers,
                        body: &body,
                    };
                    let answer = f.answer(&mut l.lock().unwrap(), &request, unix_now());
                    let mut response = Response::builder().status(answer.status);
                    for (name, value) in answer.headers {
                        response = response.header(name, value);
                    }
                    Ok::<_, Infallible>(response.body(Full::new(Bytes::from(answer.body))).unwrap())
                }
            });
            tokio::spawn(hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    Served { fake, ledger, address }
}

impl Served {
    fn client(&self) -> Client {
        Client::new(
            &format!("http://{}", self.address),
            fixtures::signer(),
            Verifier::new([fixtures::wechat_pay()]),
            fixtures::WECHAT_PAY_KEY_ID.into(),
        )
    }

    fn fault(&self, fault: Fault) {
        self.ledger.lock().unwrap().faults.push_back(fault);
    }

    fn decide(&self, no: &str, decision: Decision) -> Result<(), DecisionError> {
        self.fake
            .decide(&mut self.ledger.lock().unwrap(), no, decision, unix_now())
    }

    async fn status(&self, client: &Client, no: &str) -> ApplymentStatus {
        ApplymentStatus::read(&client.query(no).await.unwrap(), &fixtures::merchant()).unwrap()
    }
}

pub(super) fn situation(entity_type: EntityType, residency: Residency, owners: bool) -> Situation {
    Situation {
        entity_type,
        residency,
        account_type: BankAccountType::Business,
        administrator_type: AdministratorType::LegalPerson,
        agent_residency: Residency::Mainland,
        legal_person_is_beneficial_owner: !owners,
    }
}

pub(super) fn application(s: &Situation) -> Application {
    draft_for(s).unwrap().validate(s.entity_type, today()).unwrap()
}

/// Uploads each photo of `app` once and returns the applyment's JSON.
async fn uploaded_request(client: &Client, app: &Application, no: &str) -> String {
    let mut media = std::collections::HashMap::new();
    for (_, image) in app.images() {
        let bytes = format!("\u{89}PNG {image}").into_bytes();
        let id = client.upload_image(&format!("{image}.png"), &bytes).await.unwrap();
        media.insert(image.clone(), id);
    }
    let key = fixtures::wechat_pay();
    let applyment = Applyment {
        out_request_no: no,
        media_id: |image: &ImageId| media.get(image).cloned(),
        wechat_pay_key: &key,
    };
    serde_json::to_string(&applyment.request(app).unwrap()).unwrap()
}

#[tokio::test]
async fn an_applyment_goes_from_submission_to_finished() {
    let served = serve(fake(QUICK)).await;
    let client = served.client();
    let app = application(&situation(EntityType::Enterprise, Residency::Mainland, true));
    let json = uploaded_request(&client, &app, "APP-1").await;
    let id = client.submit(&json).await.unwrap();

    // The check passes at once here; the remittance is asked for, its payer encrypted to the
    // merchant.
    let status = served.status(&client, "APP-1").await;
    assert_eq!(
        (status.applyment_id, status.state),
        (id, ApplicationState::AccountNeedVerify)
    );
    let validation = status.account_validation.unwrap();
    assert_eq!(validation.account_name, "北京某某科技有限公司");
    assert_eq!(validation.account_no, None, "only a private account's number is shown");
    assert!((1..=99).contains(&validation.pay_amount_fen));
    assert!(status.legal_validation_url.unwrap().contains("/m/legal-scan/"));

    served.decide("APP-1", Decision::AccountVerified).unwrap();
    assert_eq!(served.status(&client, "APP-1").await.state, ApplicationState::Auditing);
    assert_eq!(
        served.decide("APP-1", Decision::Signed),
        Err(DecisionError::WrongState(ApplicationState::Auditing))
    );
    served.decide("APP-1", Decision::Approve).unwrap();
    let status = served.status(&client, "APP-1").await;
    assert_eq!(status.state, ApplicationState::NeedSign);
    let sub_mchid = status.sub_mchid.unwrap();
    assert!(status.sign_url.unwrap().contains("/m/sign/"));
    served.decide("APP-1", Decision::Signed).unwrap();
    let status = served.status(&client, "APP-1").await;
    assert_eq!(
        (status.state, status.sub_mchid),
        (ApplicationState::Finish, Some(sub_mchid))
    );
    assert!(matches!(
        client.revoke("APP-1").await,
        Err(SendError::Answered(Failure::Refused { status: 400, .. }))
    ));
}

/// Platform-certificate mode (`wechatpay.md` §2.4): WeChat Pay names its key by the
/// certificate's serial, and a client configured with that certificate (as
/// `--wechatpay-platform-cert` gives it) signs, encrypts to, and trusts it the same way.
#[tokio::test]
async fn a_client_in_platform_certificate_mode_applies_and_follows_the_same_way() {
    const PEM: &str = include_str!("../../testdata/wechat_pay_certificate.pem");
    const APIV3_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    let certificate = crate::PublicKey::from_certificate_pem(PEM).unwrap();
    let serial = certificate.id.clone();
    let mut fake = fake(QUICK);
    fake.keys.wechat_pay_key_id = serial.clone();
    fake.keys.platform_certificate = Some(PlatformCertificate {
        pem: PEM.into(),
        effective_time: "2020-05-10T00:00:00+08:00".into(),
        expire_time: "2025-05-09T00:00:00+08:00".into(),
        apiv3_key: APIV3_KEY.into(),
    });
    let served = serve(fake).await;
    let address = format!("http://{}", served.address);
    // A client that holds no certificate yet downloads the list: the certificate it carries,
    // decrypted under the APIv3 key, signed it.
    let fresh = Client::new(&address, fixtures::signer(), Verifier::new([]), String::new());
    let listed = fresh.certificates(APIV3_KEY.as_bytes()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].key.id, serial);
    assert!(
        matches!(
            fresh.certificates(b"b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").await,
            Err(SendError::Malformed(_))
        ),
        "a list that does not decrypt is no list"
    );
    let client = Client::new(
        &address,
        fixtures::signer(),
        Verifier::new(listed.into_iter().map(|c| c.key)),
        serial.clone(),
    );
    let app = application(&situation(EntityType::Enterprise, Residency::Mainland, true));
    let json = uploaded_request(&client, &app, "APP-CERT").await;
    let id = client.submit(&json).await.unwrap();
    let status = served.status(&client, "APP-CERT").await;
    assert_eq!(
        (status.applyment_id, status.state),
        (id, ApplicationState::AccountNeedVerify)
    );
    // The same key named as a public key is not the certificate: nothing signed under one
    // name is trusted under the other.
    let public_key_mode = served.client();
    assert!(matches!(
        public_key_mode.query("APP-CERT").await,
        Err(SendError::Answered(Failure::Untrusted { .. }))
    ));
}

#[tokio::test]
async fn a_rejected_applyment_is_fixed_and_resubmitted_under_the_same_number() {
    let served = serve(fake(Timing {
        check_secs: 3_600,
        ..QUICK
    }))
    .await;
    let client = served.client();
    let app = application(&situation(EntityType::Enterprise, Residency::HongKong, true));
    let json = uploaded_request(&client, &app, "APP-2").await;
    let id = client.submit(&json).await.unwrap();
    assert_eq!(served.status(&client, "APP-2").await.state, ApplicationState::Checking);
    let reasons = vec![("id_doc_copy".to_string(), "证件照片不清晰".to_string())];
    served.decide("APP-2", Decision::Reject(reasons.clone())).unwrap();
    let status = served.status(&client, "APP-2").await;
    assert_eq!(
        (status.state, status.audit_detail),
        (ApplicationState::Rejected, reasons)
    );
    assert_eq!(
        client.submit(&json).await.unwrap(),
        id,
        "the same applyment, overwritten"
    );
    let status = served.status(&client, "APP-2").await;
    assert_eq!(
        (status.state, status.audit_detail.len()),
        (ApplicationState::Checking, 0)
    );
    client.revoke("APP-2").await.unwrap();
    assert_eq!(served.status(&client, "APP-2").await.state, ApplicationState::Canceled);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_or_a_busy_wechat_pay_makes_one_applyment() {
    let served = serve(fake(QUICK)).await;
    let client = served.client();
    let app = application(&situation(EntityType::IndividualBusiness, Residency::Taiwan, false));
    let json = uploaded_request(&client, &app, "APP-3").await;
    served.fault(Fault::RateLimited);
    served.fault(Fault::SystemErrorAfterWork);
    assert!(matches!(
        client.submit(&json).await,
        Err(SendError::Answered(Failure::Retry { status: 429, .. }))
    ));
    assert!(served.ledger.lock().unwrap().applyments.is_empty(), "429 did nothing");
    assert!(matches!(
        client.submit(&json).await,
        Err(SendError::Answered(Failure::Retry { status: 500, .. }))
    ));
    let id = client.submit(&json).await.unwrap();
    let ledger = served.ledger.lock().unwrap();
    assert_eq!(ledger.applyments.len(), 1);
    assert_eq!(ledger.applyments["APP-3"].applyment_id, id);
}

#[tokio::test]
async fn answers_that_are_unsigned_mis_signed_stale_or_wrongly_keyed_are_never_trusted() {
    let served = serve(fake(QUICK)).await;
    let client = served.client();
    let app = application(&situation(EntityType::Enterprise, Residency::Mainland, false));
    let json = uploaded_request(&client, &app, "APP-4").await;
    client.submit(&json).await.unwrap();
    for (fault, expected) in [
        (Fault::Unsigned, VerifyError::BadSignature),
        (Fault::ProbeSignature, VerifyError::BadSignature),
        (Fault::StaleTimestamp, VerifyError::Stale),
        (
            Fault::UnknownSerial,
            VerifyError::UnknownSerial("PUB_KEY_ID_NOT_THE_ONE_YOU_HAVE".into()),
        ),
    ] {
        served.fault(fault.clone());
        match client.query("APP-4").await {
            Err(SendError::Answered(Failure::Untrusted { why, request_id })) => {
                assert_eq!(why, expected, "{fault:?}");
                assert!(request_id.starts_with("fake-"), "logged by its Request-ID");
            }
            other => panic!("{fault:?}: {other:?}"),
        }
    }
    assert_eq!(
        served.status(&client, "APP-4").await.state,
        ApplicationState::AccountNeedVerify
    );
}

fn refused(result: Result<impl std::fmt::Debug, SendError>) -> (u16, String, Option<String>) {
    match result {
        Err(SendError::Answered(Failure::Refused {
            status, code, field, ..
        })) => (status, code, field),
        other => panic!("not refused: {other:?}"),
    }
}

#[tokio::test]
async fn requests_wechat_pay_would_refuse_are_refused_the_same_way() {
    let served = serve(fake(QUICK)).await;
    let client = served.client();
    let app = application(&situation(EntityType::Enterprise, Residency::Mainland, true));
    let json = uploaded_request(&client, &app, "APP-5").await;

    // Signed with another key; signed ten minutes ago.
    let mut impostor = served.client();
    impostor.signer = Signer {
        key: fixtures::wechat_pay_private(),
        ..fixtures::signer()
    };
    assert_eq!(refused(impostor.query("APP-5").await).1, "SIGN_ERROR");
    let mut late = served.client();
    late.clock = || unix_now() - 600;
    assert_eq!(refused(late.query("APP-5").await).0, 401);

    // Encrypted to a key WeChat Pay does not have, or said to be.
    let mut wrong_serial = served.client();
    wrong_serial.wechatpay_serial = "PUB_KEY_ID_OTHER".into();
    assert_eq!(refused(wrong_serial.submit(&json).await).1, "PARAM_ERROR");

    // A sensitive answer in clear; a photo never uploaded; a field of another API version.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut clear = value.clone();
    clear["id_card_info"]["id_card_number"] = "11010519491231002X".into();
    let (status, code, field) = refused(client.submit(&clear.to_string()).await);
    assert_eq!((status, code.as_str()), (400, "PARAM_ERROR"));
    assert_eq!(field.as_deref(), Some("id_card_info.id_card_number"));
    let mut unknown_photo = value.clone();
    unknown_photo["ubo_info_list"][0]["ubo_id_doc_copy"] = "MEDIA_NEVER_UPLOADED".into();
    let field = refused(client.submit(&unknown_photo.to_string()).await).2;
    assert_eq!(field.as_deref(), Some("ubo_info_list.0.ubo_id_doc_copy"));
    value["need_account_info"] = true.into();
    assert_eq!(
        refused(client.submit(&value.to_string()).await).2.as_deref(),
        Some("need_account_info")
    );
    assert!(served.ledger.lock().unwrap().applyments.is_empty());

    // An upload whose file is not the one its signed meta names.
    let mut upload = crate::media::upload("a.png", b"\x89PNG-one");
    let at = upload.body.windows(7).position(|w| w == b"PNG-one").unwrap();
    upload.body[at..at + 7].copy_from_slice(b"PNG-two");
    let prepared = client
        .signer
        .prepare_upload(upload, &client.wechatpay_serial, unix_now());
    assert_eq!(refused(client.send(prepared).await).2.as_deref(), Some("meta.sha256"));

    // Without User-Agent.
    let mut bare = client.signer.prepare(
        Method::GET,
        "/v3/ecommerce/applyments/out-request-no/APP-5",
        "",
        &client.wechatpay_serial,
        unix_now(),
    );
    bare.headers.remove(http::header::USER_AGENT);
    assert_eq!(refused(client.send(bare).await).1, "INVALID_REQUEST");
}

#[tokio::test]
async fn a_settlement_account_change_is_checked_by_the_bank_at_most_five_times_a_day() {
    use crate::settlement::{SettlementRequest, Verification, read_account, read_change};

    let served = serve(fake(QUICK)).await;
    let client = served.client();
    let app = application(&situation(EntityType::Enterprise, Residency::Mainland, true));
    let json = uploaded_request(&client, &app, "APP-8").await;
    client.submit(&json).await.unwrap();
    assert!(matches!(
        refused(client.settlement_account("1600000000").await),
        (403, code, _) if code == "NO_AUTH"
    ));
    served.decide("APP-8", Decision::AccountVerified).unwrap();
    served.decide("APP-8", Decision::Approve).unwrap();
    served.decide("APP-8", Decision::Signed).unwrap();
    let sub_mchid = served.status(&client, "APP-8").await.sub_mchid.unwrap();
    // The application's own account, as verified with it.
    let own = read_account(&client.settlement_account(&sub_mchid).await.unwrap()).unwrap();
    assert_eq!(own, Verification::Succeeded);

    let key = fixtures::wechat_pay();
    let mut account = app.settlement_account.clone();
    account.account_number = "62220202001122330000".parse().unwrap();
    let failing = serde_json::to_string(&SettlementRequest::to(&account, &key).unwrap()).unwrap();
    let no = client.modify_settlement(&sub_mchid, &failing).await.unwrap();
    match read_change(&client.settlement_change(&sub_mchid, &no).await.unwrap()).unwrap() {
        Verification::Failed(reason) => assert!(!reason.is_empty()),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_account(&client.settlement_account(&sub_mchid).await.unwrap()).unwrap(),
        Verification::Failed(_)
    ));
    let good = serde_json::to_string(&SettlementRequest::to(&app.settlement_account, &key).unwrap()).unwrap();
    for _ in 0..4 {
        let no = client.modify_settlement(&sub_mchid, &good).await.unwrap();
        let change = read_change(&client.settlement_change(&sub_mchid, &no).await.unwrap()).unwrap();
        assert_eq!(change, Verification::Succeeded);
    }
    assert_eq!(
        refused(client.modify_settlement(&sub_mchid, &good).await).1,
        "INVALID_REQUEST"
    );
    // Not encrypted: refused at the field.
    let mut clear: serde_json::Value = serde_json::from_str(&good).unwrap();
    clear["account_number"] = "6222020200112233445".into();
    served.ledger.lock().unwrap().settlement_changes.clear();
    assert_eq!(
        refused(client.modify_settlement(&sub_mchid, &clear.to_string()).await)
            .2
            .as_deref(),
        Some("account_number")
    );
}
