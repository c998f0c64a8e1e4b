//! The client against a local stand-in that speaks the protocol: it verifies each request's
//! signature with the merchant's public key, and answers as WeChat Pay would (signed, tampered,
//! busy, refusing) by path.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

use super::*;
use crate::authorization::Authorization;
use crate::keys::{PrivateKey, PublicKey, fixtures};
use crate::verify::answer_headers;

const BODY: &str = r#"{"applyment_id":2000002124775691,"out_request_no":"APPLYMENT_00000000001"}"#;

fn now() -> i64 {
    system_now()
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    let find = |needle: &[u8], from: usize| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    // An upload signs its meta part; anything else its body.
    let upload = parts.uri.path() == crate::media::UPLOAD_PATH;
    let body = if upload {
        let start = find(b"{\"filename\"", 0).unwrap();
        String::from_utf8(bytes[start..find(b"\r\n", start).unwrap()].to_vec()).unwrap()
    } else {
        String::from_utf8(bytes.clone()).unwrap()
    };
    let merchant = PublicKey::from_pem(
        fixtures::MERCHANT_SERIAL,
        include_str!("../testdata/merchant_public_key.pem"),
    )
    .unwrap();
    let signed = parts
        .headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| Authorization::parse(h).ok())
        .is_some_and(|a| {
            let path = parts.uri.path_and_query().map_or("", |p| p.as_str());
            a.verify(&merchant, parts.method.as_str(), path, &body).is_ok()
        });
    let wechat_pay = crate::keys::fixtures::wechat_pay_private();
    let reply = |status: StatusCode, text: &str, signed_text: Option<&str>| {
        let mut response = Response::builder().status(status).header("request-id", "stand-in-1");
        if let Some(signed_text) = signed_text {
            for (name, value) in answer_headers(
                &wechat_pay,
                fixtures::WECHAT_PAY_KEY_ID,
                signed_text.as_bytes(),
                now(),
                "n",
            ) {
                response = response.header(name, value);
            }
        }
        Ok(response.body(Full::new(Bytes::from(text.to_string()))).unwrap())
    };
    if !signed {
        let refusal = r#"{"code":"SIGN_ERROR","message":"错误的签名，验签失败"}"#;
        return reply(StatusCode::UNAUTHORIZED, refusal, None);
    }
    match parts.uri.path() {
        "/v3/merchant/media/upload" => {
            // The file's SHA-256 must be the one its signed meta names.
            let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
            let head = b"Content-Type: image/png\r\n\r\n";
            let file_start = find(head, 0).unwrap() + head.len();
            let file = &bytes[file_start..find(b"\r\n--", file_start).unwrap()];
            let matches = meta["sha256"] == crate::media::sha256_hex(file);
            let answer = if matches {
                r#"{"media_id":"MEDIA_1"}"#
            } else {
                r#"{"code":"PARAM_ERROR"}"#
            };
            let status = if matches {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            reply(status, answer, matches.then_some(answer))
        }
        "/v3/ecommerce/applyments/" => {
            let answer = r#"{"applyment_id":2000002124775691,"out_request_no":"APPLYMENT_00000000001"}"#;
            reply(StatusCode::OK, answer, Some(answer))
        }
        "/v3/ecommerce/applyments/out-request-no/APPLYMENT_00000000001/revoke" => {
            reply(StatusCode::NO_CONTENT, "", Some(""))
        }
        "/v3/ecommerce/applyments/out-request-no/APPLYMENT_00000000001" => {
            let answer = r#"{"applyment_state":"AUDITING","out_request_no":"APPLYMENT_00000000001","applyment_id":2000002124775691}"#;
            reply(StatusCode::OK, answer, Some(answer))
        }
        "/v3/ok" => reply(StatusCode::OK, BODY, Some(BODY)),
        "/v3/tampered" => reply(StatusCode::OK, BODY, Some("{}")),
        "/v3/busy" => reply(StatusCode::INTERNAL_SERVER_ERROR, r#"{"code":"SYSTEM_ERROR"}"#, None),
        _ => reply(
            StatusCode::BAD_REQUEST,
            r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/contact_info/mobile_phone"}}"#,
            None,
        ),
    }
}

async fn stand_in() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(
                hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(answer)),
            );
        }
    });
    address
}

fn client(address: SocketAddr, key: PrivateKey) -> Client {
    let signer = Signer {
        mchid: fixtures::MERCHANT_ID.into(),
        serial: fixtures::MERCHANT_SERIAL.into(),
        key,
    };
    Client::new(
        &format!("http://{address}"),
        signer,
        Verifier::new([fixtures::wechat_pay()]),
        fixtures::WECHAT_PAY_KEY_ID.into(),
    )
}

#[tokio::test]
async fn a_signed_request_gets_a_verified_answer() {
    let client = client(stand_in().await, fixtures::merchant());
    let body = client.call(Method::GET, "/v3/ok?x=1", "").await.unwrap();
    assert_eq!(body, BODY.as_bytes());
    let posted = client.call(Method::POST, "/v3/ok", r#"{"a":1}"#).await.unwrap();
    assert_eq!(posted, BODY.as_bytes());
}

#[tokio::test]
async fn every_kind_of_answer_is_judged() {
    let client = client(stand_in().await, fixtures::merchant());
    assert!(matches!(
        client.call(Method::GET, "/v3/tampered", "").await,
        Err(SendError::Answered(Failure::Untrusted { request_id, .. })) if request_id == "stand-in-1"
    ));
    assert!(matches!(
        client.call(Method::GET, "/v3/busy", "").await,
        Err(SendError::Answered(Failure::Retry { status: 500, .. }))
    ));
    assert!(matches!(
        client.call(Method::POST, "/v3/refuse", "{}").await,
        Err(SendError::Answered(Failure::Refused { field: Some(f), .. })) if f == "contact_info.mobile_phone"
    ));
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_refused_as_sign_error() {
    let other = crate::keys::fixtures::wechat_pay_private();
    let client = client(stand_in().await, other);
    assert!(matches!(
        client.call(Method::GET, "/v3/ok", "").await,
        Err(SendError::Answered(Failure::Refused { status: 401, code, .. })) if code == "SIGN_ERROR"
    ));
}

#[tokio::test]
async fn an_answer_too_old_for_this_clock_is_untrusted_and_nobody_listening_is_unreachable() {
    let mut late = client(stand_in().await, fixtures::merchant());
    late.clock = || system_now() + 301;
    assert!(matches!(
        late.call(Method::GET, "/v3/ok", "").await,
        Err(SendError::Answered(Failure::Untrusted {
            why: crate::VerifyError::Stale,
            ..
        }))
    ));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let nobody = client(address, fixtures::merchant());
    assert!(matches!(
        nobody.call(Method::GET, "/v3/ok", "").await,
        Err(SendError::Unreachable(_))
    ));
}

#[tokio::test]
async fn the_applyment_endpoints_upload_submit_query_and_revoke() {
    let client = client(stand_in().await, fixtures::merchant());
    assert_eq!(
        client
            .upload_image("licence.png", b"\x89PNG-photo-bytes")
            .await
            .unwrap(),
        "MEDIA_1"
    );
    assert_eq!(
        client
            .submit(r#"{"out_request_no":"APPLYMENT_00000000001"}"#)
            .await
            .unwrap(),
        2_000_002_124_775_691
    );
    let status = crate::query::ApplymentStatus::read(
        &client.query("APPLYMENT_00000000001").await.unwrap(),
        &fixtures::merchant(),
    )
    .unwrap();
    assert_eq!(status.state, onboarding_domain::ApplicationState::Auditing);
    client.revoke("APPLYMENT_00000000001").await.unwrap();
}

/// Each endpoint waits for its pace: a call beyond the limit goes only when the period allows.
#[tokio::test]
async fn calls_beyond_a_limit_wait_for_their_turn() {
    let mut client = client(stand_in().await, fixtures::merchant());
    let period = std::time::Duration::from_millis(300);
    client.paces = std::sync::Arc::new(crate::pace::Paces {
        submit: crate::pace::Pace::limit(1, period),
        ..crate::pace::Paces::default()
    });
    let started = std::time::Instant::now();
    for _ in 0..2 {
        client
            .submit(r#"{"out_request_no":"APPLYMENT_00000000001"}"#)
            .await
            .unwrap();
    }
    assert!(started.elapsed() >= period, "{:?}", started.elapsed());
    // Another kind of call keeps its own limit.
    let started = std::time::Instant::now();
    client.query("APPLYMENT_00000000001").await.unwrap();
    assert!(started.elapsed() < period, "{:?}", started.elapsed());
}
