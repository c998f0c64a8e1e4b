//! A WeChat Pay that has moved to a new certificate, served over loopback: the gateway
//! configured with the old one trusts nothing it says until it renews, and then trusts and
//! encrypts to the new one.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::IntoResponse;
use onboarding_wechatpay::fake::{Fake, FakeKeys, Ledger, PlatformCertificate, Request, Timing};
use onboarding_wechatpay::{Failure, PrivateKey, PublicKey, SendError};

use crate::gateway::{Gateway, WechatPayFlags};

const APIV3_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
const MERCHANT_KEY: &str = include_str!("../../wechatpay/testdata/merchant_private_key.pem");
const MERCHANT_PUBLIC: &str = include_str!("../../wechatpay/testdata/merchant_public_key.pem");
/// The certificate WeChat Pay has moved to (any certificate whose key the test holds).
const NEW_CERTIFICATE: &str = include_str!("../../wechatpay/testdata/merchant_certificate.pem");

fn testdata(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../wechatpay/testdata")
        .join(name)
}

/// The WeChat Pay, signing with the new certificate's key: its base URL.
async fn moved_on() -> String {
    let serial = PublicKey::from_certificate_pem(NEW_CERTIFICATE).unwrap().id;
    let fake = Arc::new(Fake {
        keys: FakeKeys {
            mchid: "1234567891".into(),
            merchant: PublicKey::from_pem("5F1C72E2A8931B72A2E13AF8DEE92471EB397115", MERCHANT_PUBLIC).unwrap(),
            wechat_pay: PrivateKey::from_pem(MERCHANT_KEY).unwrap(),
            wechat_pay_key_id: serial,
            platform_certificate: Some(PlatformCertificate {
                pem: NEW_CERTIFICATE.into(),
                effective_time: "2025-04-09T00:00:00+08:00".into(),
                expire_time: "2030-04-08T00:00:00+08:00".into(),
                apiv3_key: APIV3_KEY.into(),
            }),
        },
        timing: Timing {
            check_secs: 0,
            review_secs: None,
            verify_secs: 86_400,
        },
        page_origin: "http://127.0.0.1:1".into(),
    });
    let ledger = Arc::new(tokio::sync::Mutex::new(Ledger::default()));
    let answer = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let (fake, ledger) = (fake.clone(), ledger.clone());
        async move {
            let request = Request {
                method: method.as_str(),
                path_and_query: uri.path_and_query().map_or("/", |p| p.as_str()),
                headers: &headers,
                body: &body,
            };
            let answer = fake.answer(&mut *ledger.lock().await, &request, crate::util::now_ms() / 1_000);
            let mut response = (axum::http::StatusCode::from_u16(answer.status).unwrap(), answer.body).into_response();
            for (name, value) in answer.headers {
                response.headers_mut().insert(
                    axum::http::HeaderName::try_from(name).unwrap(),
                    axum::http::HeaderValue::try_from(value).unwrap(),
                );
            }
            response
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(answer)).await });
    format!("http://{address}")
}

#[tokio::test]
async fn a_renewed_certificate_is_trusted_and_encrypted_to_and_the_configured_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let apiv3 = dir.path().join("apiv3.key");
    std::fs::write(&apiv3, APIV3_KEY).unwrap();
    let flags = WechatPayFlags {
        base_url: moved_on().await,
        mchid: Some("1234567891".into()),
        serial: Some("5F1C72E2A8931B72A2E13AF8DEE92471EB397115".into()),
        private_key: Some(testdata("merchant_private_key.pem")),
        apiv3_key: Some(apiv3),
        public_key: None,
        public_key_id: None,
        platform_cert: Some(testdata("wechat_pay_certificate.pem")),
    };
    let gateway = Gateway::load(&flags).unwrap();
    let old = gateway.client().wechatpay_serial.clone();
    let paces = gateway.client().paces.clone();
    // Signed by a certificate it does not know: not trusted.
    let before = gateway.client().upload_image("licence.png", b"\x89PNG").await;
    assert!(
        matches!(before, Err(SendError::Answered(Failure::Untrusted { .. }))),
        "{before:?}"
    );

    let renewed = gateway.renew().await.unwrap().unwrap();
    assert_eq!(renewed, "5F1C72E2A8931B72A2E13AF8DEE92471EB397115");
    let client = gateway.client();
    assert_eq!(client.wechatpay_serial, renewed, "encrypts to the newest");
    assert!(
        client.verifier.key(&old).is_some(),
        "the configured certificate stays trusted"
    );
    let media_id = client.upload_image("licence.png", b"\x89PNG").await.unwrap();
    assert!(!media_id.is_empty());
    // The rate limits are the merchant's, whichever client keeps them.
    assert!(Arc::ptr_eq(&client.paces, &paces));

    // Outside certificate mode there is nothing to renew.
    let public_key_mode = WechatPayFlags {
        public_key: Some(testdata("wechat_pay_public_key.pem")),
        public_key_id: Some("PUB_KEY_ID_0114232134912410000000000000".into()),
        platform_cert: None,
        ..flags
    };
    assert_eq!(Gateway::load(&public_key_mode).unwrap().renew().await, Ok(None));
}
