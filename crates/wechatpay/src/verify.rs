//! Verifying WeChat Pay's answers and notifications (`wechatpay.md` §2): the three-line message
//! over the raw body, signed by the key `Wechatpay-Serial` names, within five minutes of now.

use std::collections::HashMap;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::keys::{PrivateKey, PublicKey};

/// How far `Wechatpay-Timestamp` may be from the local clock, as every official SDK has it.
pub const REPLAY_WINDOW_SECS: i64 = 300;

/// The headers that sign an answer.
#[derive(Clone, Debug)]
pub struct SignedHeaders<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub serial: &'a str,
}

/// Why an answer is not trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// `Wechatpay-Serial` names no key this client holds (no fallback to another).
    UnknownSerial(String),
    /// The timestamp is not a number, or more than five minutes from now.
    Stale,
    /// The signature is not Base64, or does not verify (a `WECHATPAY/SIGNTEST/` probe included).
    BadSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::UnknownSerial(serial) => write!(f, "signed by an unknown key {serial:?}"),
            VerifyError::Stale => f.write_str("the signature's timestamp is more than five minutes away"),
            VerifyError::BadSignature => f.write_str("the signature does not verify"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// The three lines an answer's signature covers: timestamp, nonce and the raw body.
fn answer_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    for part in [timestamp.as_bytes(), nonce.as_bytes(), body] {
        message.extend_from_slice(part);
        message.push(b'\n');
    }
    message
}

/// Signs answers as WeChat Pay does (the sandbox's WeChat Pay): the headers of `body`, answered
/// at `timestamp` with `nonce`, by the key named `key_id`.
pub fn answer_headers(
    key: &PrivateKey,
    key_id: &str,
    body: &[u8],
    timestamp: i64,
    nonce: &str,
) -> [(&'static str, String); 5] {
    let timestamp = timestamp.to_string();
    let signature = key.sign(&answer_message(&timestamp, nonce, body));
    [
        ("wechatpay-timestamp", timestamp),
        ("wechatpay-nonce", nonce.to_string()),
        ("wechatpay-serial", key_id.to_string()),
        ("wechatpay-signature", signature),
        ("wechatpay-signature-type", crate::sign::SCHEME.to_string()),
    ]
}

/// The WeChat Pay keys this client trusts, by the id `Wechatpay-Serial` names them with.
#[derive(Debug, Default)]
pub struct Verifier {
    keys: HashMap<String, PublicKey>,
}

impl Verifier {
    pub fn new(keys: impl IntoIterator<Item = PublicKey>) -> Verifier {
        Verifier {
            keys: keys.into_iter().map(|k| (k.id.clone(), k)).collect(),
        }
    }

    /// The key named `id`: what sensitive fields are encrypted to, when `id` is the one a request
    /// names in `Wechatpay-Serial`.
    pub fn key(&self, id: &str) -> Option<&PublicKey> {
        self.keys.get(id)
    }

    /// Whether `body` (the raw bytes, never re-serialised) was signed by WeChat Pay, at a time
    /// within [`REPLAY_WINDOW_SECS`] of `now` (Unix seconds).
    pub fn verify(&self, headers: &SignedHeaders<'_>, body: &[u8], now: i64) -> Result<(), VerifyError> {
        let key = self
            .keys
            .get(headers.serial)
            .ok_or_else(|| VerifyError::UnknownSerial(headers.serial.to_string()))?;
        let timestamp: i64 = headers.timestamp.parse().map_err(|_| VerifyError::Stale)?;
        if timestamp.abs_diff(now) > REPLAY_WINDOW_SECS.unsigned_abs() {
            return Err(VerifyError::Stale);
        }
        let signature = STANDARD
            .decode(headers.signature)
            .map_err(|_| VerifyError::BadSignature)?;
        key.verifying()
            .verify(&answer_message(headers.timestamp, headers.nonce, body), &signature)
            .map_err(|_| VerifyError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures;

    const BODY: &[u8] = br#"{"applyment_id":2000002124775691,"out_request_no":"APPLYMENT_00000000001"}"#;
    /// `wechatpay.md` Appendix A4: the body above signed by the test "WeChat Pay" key.
    const SIGNATURE: &str = "HL7ToJx+RpchHyCfYgkjktrpIwkh2dtINo1h1y2GV3g17kRSI5de6V8xuomYJU/ada1X5UwPUzhpwSz4mTQKK+zKOSy0B+TsQBgh0JyQfzLHjSRwQzrsGpsNrASu3QFzpECKUlI1HqDnAesCdbz5EcDHeZlq7EobfkvTS7A6HuTuxVppaCYWNpt9OiR4GbTv5fmVT3GwEVRXveSvCamzQ9DoZR1RBtsu9FUKm0EtCVuYPXEkIMY55mfg/h9VXuiNAJQzaE+MSIKGptFlOuZ6RDDQV0DO6YjUc46QSZDamNq4dbYC3KopfB/K6MGy00y/hZ8woubYcDSTYHw1FKNLyA==";

    fn headers(signature: &str) -> SignedHeaders<'_> {
        SignedHeaders {
            timestamp: "1700000000",
            nonce: "c5ac7061fccab6bf3e254dcf98995b8c",
            signature,
            serial: fixtures::WECHAT_PAY_KEY_ID,
        }
    }

    #[test]
    fn a_signed_answer_verifies_and_any_change_does_not() {
        let verifier = Verifier::new([fixtures::wechat_pay()]);
        assert_eq!(verifier.verify(&headers(SIGNATURE), BODY, 1_700_000_000), Ok(()));
        // Within the window either way.
        assert_eq!(verifier.verify(&headers(SIGNATURE), BODY, 1_700_000_300), Ok(()));
        assert_eq!(verifier.verify(&headers(SIGNATURE), BODY, 1_699_999_700), Ok(()));

        let mut body = BODY.to_vec();
        body[20] ^= 1;
        assert_eq!(
            verifier.verify(&headers(SIGNATURE), &body, 1_700_000_000),
            Err(VerifyError::BadSignature)
        );
        let other_nonce = SignedHeaders {
            nonce: "c5ac7061fccab6bf3e254dcf98995b8d",
            ..headers(SIGNATURE)
        };
        assert_eq!(
            verifier.verify(&other_nonce, BODY, 1_700_000_000),
            Err(VerifyError::BadSignature)
        );
        // WeChat Pay's deliberate probes are refused like any bad signature.
        let probe = format!("WECHATPAY/SIGNTEST/{}", &SIGNATURE[19..]);
        assert_eq!(
            verifier.verify(&headers(&probe), BODY, 1_700_000_000),
            Err(VerifyError::BadSignature)
        );
    }

    /// The sandbox's signing reproduces Appendix A4 exactly, and what it signs verifies.
    #[test]
    fn answers_signed_as_wechat_pay_does_verify() {
        let wechat_pay = crate::keys::fixtures::wechat_pay_private();
        let signed = answer_headers(
            &wechat_pay,
            fixtures::WECHAT_PAY_KEY_ID,
            BODY,
            1_700_000_000,
            "c5ac7061fccab6bf3e254dcf98995b8c",
        );
        assert_eq!(signed[3], ("wechatpay-signature", SIGNATURE.to_string()));
        let headers = SignedHeaders {
            timestamp: &signed[0].1,
            nonce: &signed[1].1,
            serial: &signed[2].1,
            signature: &signed[3].1,
        };
        assert_eq!(
            Verifier::new([fixtures::wechat_pay()]).verify(&headers, BODY, 1_700_000_000),
            Ok(())
        );
    }

    #[test]
    fn stale_answers_and_unknown_keys_are_refused() {
        let verifier = Verifier::new([fixtures::wechat_pay()]);
        assert_eq!(
            verifier.verify(&headers(SIGNATURE), BODY, 1_700_000_301),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verifier.verify(&headers(SIGNATURE), BODY, 1_699_999_699),
            Err(VerifyError::Stale)
        );
        let unknown = SignedHeaders {
            serial: "PUB_KEY_ID_0000",
            ..headers(SIGNATURE)
        };
        assert_eq!(
            verifier.verify(&unknown, BODY, 1_700_000_000),
            Err(VerifyError::UnknownSerial("PUB_KEY_ID_0000".into()))
        );
    }
}
