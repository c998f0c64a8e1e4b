//! Judging WeChat Pay's answer to a request (`wechatpay.md` §2, §9): a success is trusted only
//! when its signature verifies; a refusal says which code and, when WeChat Pay names one, which
//! field; what may succeed later (202, 429, 5xx) is to be sent again, unchanged.

use std::fmt;

use http::{HeaderMap, StatusCode};

use crate::verify::{SignedHeaders, Verifier, VerifyError};

/// What an answer means for the request that got it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 202, 429 or 5xx: send the same request again later (the same `out_request_no`, so that
    /// WeChat Pay makes one applyment of it). Decided by the status, not by the code string
    /// (429 comes as `RATELIMIT_EXCEEDED`, `RATE_LIMITED` or `FREQUENCY_LIMITED`).
    Retry { status: u16, request_id: String },
    /// Refused for good: WeChat Pay's code and message, and the field it names (`detail.field`,
    /// a JSON pointer or a name, given here as a dotted path). Error bodies are often unsigned;
    /// TLS authenticates them, and a signed one must verify like any answer.
    Refused {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
        request_id: String,
    },
    /// The answer's signature does not verify, or is missing: never trusted. Logged with its
    /// `Request-ID`, and the request is tried again later.
    Untrusted { why: VerifyError, request_id: String },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Retry { status, request_id } => write!(f, "HTTP {status}, to retry (Request-ID {request_id})"),
            Failure::Refused {
                status,
                code,
                field,
                request_id,
                ..
            } => write!(
                f,
                "refused: HTTP {status} {code} at {field:?} (Request-ID {request_id})"
            ),
            Failure::Untrusted { why, request_id } => write!(f, "untrusted answer: {why} (Request-ID {request_id})"),
        }
    }
}

impl std::error::Error for Failure {}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The headers that sign an answer, if it has them all.
fn signed(headers: &HeaderMap) -> Option<SignedHeaders<'_>> {
    Some(SignedHeaders {
        timestamp: header(headers, "wechatpay-timestamp")?,
        nonce: header(headers, "wechatpay-nonce")?,
        signature: header(headers, "wechatpay-signature")?,
        serial: header(headers, "wechatpay-serial")?,
    })
}

/// The verified body of a success, or what went wrong. `now` is Unix seconds.
pub fn judge(
    verifier: &Verifier,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<Vec<u8>, Failure> {
    let request_id = header(headers, "request-id").unwrap_or_default().to_string();
    let untrusted = |why| Failure::Untrusted {
        why,
        request_id: request_id.clone(),
    };
    let verified = || match signed(headers) {
        Some(signature) => verifier.verify(&signature, body, now).map_err(untrusted),
        None => Err(untrusted(VerifyError::BadSignature)),
    };
    if status == StatusCode::ACCEPTED || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        return Err(Failure::Retry {
            status: status.as_u16(),
            request_id,
        });
    }
    if status.is_success() {
        verified()?;
        return Ok(body.to_vec());
    }
    if signed(headers).is_some() {
        verified()?;
    }
    let error: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let text = |key: &str| error.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let field = error
        .pointer("/detail/field")
        .and_then(|v| v.as_str())
        .map(|f| f.trim_start_matches('/').replace('/', "."))
        .filter(|f| !f.is_empty());
    Err(Failure::Refused {
        status: status.as_u16(),
        code: text("code"),
        message: text("message"),
        field,
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures;

    const BODY: &[u8] = br#"{"applyment_id":2000002124775691,"out_request_no":"APPLYMENT_00000000001"}"#;
    const SIGNATURE: &str = "HL7ToJx+RpchHyCfYgkjktrpIwkh2dtINo1h1y2GV3g17kRSI5de6V8xuomYJU/ada1X5UwPUzhpwSz4mTQKK+zKOSy0B+TsQBgh0JyQfzLHjSRwQzrsGpsNrASu3QFzpECKUlI1HqDnAesCdbz5EcDHeZlq7EobfkvTS7A6HuTuxVppaCYWNpt9OiR4GbTv5fmVT3GwEVRXveSvCamzQ9DoZR1RBtsu9FUKm0EtCVuYPXEkIMY55mfg/h9VXuiNAJQzaE+MSIKGptFlOuZ6RDDQV0DO6YjUc46QSZDamNq4dbYC3KopfB/K6MGy00y/hZ8woubYcDSTYHw1FKNLyA==";
    const NOW: i64 = 1_700_000_000;

    fn signed_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("wechatpay-timestamp", "1700000000".parse().unwrap());
        h.insert("wechatpay-nonce", "c5ac7061fccab6bf3e254dcf98995b8c".parse().unwrap());
        h.insert("wechatpay-signature", SIGNATURE.parse().unwrap());
        h.insert("wechatpay-serial", fixtures::WECHAT_PAY_KEY_ID.parse().unwrap());
        h.insert(
            "request-id",
            "08F4B5D7AB0610F10E18A4A5D05520D1F8A101-0".parse().unwrap(),
        );
        h
    }

    fn verifier() -> Verifier {
        Verifier::new([fixtures::wechat_pay()])
    }

    #[test]
    fn a_signed_success_is_trusted_and_an_unsigned_or_tampered_one_is_not() {
        assert_eq!(
            judge(&verifier(), StatusCode::OK, &signed_headers(), BODY, NOW),
            Ok(BODY.to_vec())
        );
        let mut unsigned = signed_headers();
        unsigned.remove("wechatpay-signature");
        let failure = judge(&verifier(), StatusCode::OK, &unsigned, BODY, NOW).unwrap_err();
        assert!(matches!(&failure, Failure::Untrusted { request_id, .. } if request_id.starts_with("08F4")));
        let tampered = br#"{"applyment_id":2000002124775692,"out_request_no":"APPLYMENT_00000000001"}"#;
        assert!(matches!(
            judge(&verifier(), StatusCode::OK, &signed_headers(), tampered, NOW),
            Err(Failure::Untrusted {
                why: VerifyError::BadSignature,
                ..
            })
        ));
        assert!(matches!(
            judge(&verifier(), StatusCode::OK, &signed_headers(), BODY, NOW + 301),
            Err(Failure::Untrusted {
                why: VerifyError::Stale,
                ..
            })
        ));
    }

    #[test]
    fn what_may_succeed_later_is_retried_by_its_status() {
        for status in [202, 429, 500, 502, 503] {
            let status = StatusCode::from_u16(status).unwrap();
            let body = br#"{"code":"FREQUENCY_LIMITED","message":"..."}"#;
            assert!(matches!(
                judge(&verifier(), status, &HeaderMap::new(), body, NOW),
                Err(Failure::Retry { .. })
            ));
        }
    }

    #[test]
    fn a_refusal_names_its_code_and_field() {
        let body = r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/id_card_info/id_card_number","value":"V1_6sq","issue":"invalid","location":"body"}}"#;
        let failure = judge(
            &verifier(),
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            body.as_bytes(),
            NOW,
        )
        .unwrap_err();
        assert_eq!(
            failure,
            Failure::Refused {
                status: 400,
                code: "PARAM_ERROR".into(),
                message: "参数错误".into(),
                field: Some("id_card_info.id_card_number".into()),
                request_id: String::new(),
            }
        );
        // A refusal that is signed must verify: these headers sign another body.
        assert!(matches!(
            judge(
                &verifier(),
                StatusCode::BAD_REQUEST,
                &signed_headers(),
                body.as_bytes(),
                NOW
            ),
            Err(Failure::Untrusted { .. })
        ));
        // Not JSON at all: still a refusal, with nothing to name.
        let failure = judge(&verifier(), StatusCode::FORBIDDEN, &HeaderMap::new(), b"<html>", NOW).unwrap_err();
        assert!(matches!(
            failure,
            Failure::Refused {
                status: 403,
                field: None,
                ..
            }
        ));
    }
}
