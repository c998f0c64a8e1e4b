//! The `Authorization` header as WeChat Pay reads it (`wechatpay.md` §1.3, §11 item 1): the
//! scheme, then five `key="value"` pairs in any order (the official SDKs disagree on the order).
//! The sandbox's WeChat Pay parses and verifies every request with it.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::keys::PublicKey;
use crate::sign::{SCHEME, message};

/// A parsed `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub mchid: String,
    pub nonce: String,
    pub timestamp: i64,
    pub serial: String,
    pub signature: String,
}

/// Why a request's `Authorization` is refused, as WeChat Pay words its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizationError {
    /// `400 INVALID_REQUEST`: not the scheme, a pair missing, repeated or unknown, or a
    /// timestamp that is not a number.
    Malformed(&'static str),
    /// `401 SIGN_ERROR`: the signature does not verify over the request as received.
    SignatureMismatch,
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthorizationError::Malformed(why) => write!(f, "Authorization header malformed: {why}"),
            AuthorizationError::SignatureMismatch => f.write_str("sign not match"),
        }
    }
}

impl std::error::Error for AuthorizationError {}

impl Authorization {
    pub fn parse(header: &str) -> Result<Authorization, AuthorizationError> {
        let malformed = AuthorizationError::Malformed;
        let pairs = header
            .strip_prefix(SCHEME)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or(malformed("not the WECHATPAY2-SHA256-RSA2048 scheme"))?;
        let mut found: [Option<&str>; 5] = [None; 5];
        const KEYS: [&str; 5] = ["mchid", "nonce_str", "timestamp", "serial_no", "signature"];
        for pair in pairs.split(',') {
            let (key, value) = pair.split_once('=').ok_or(malformed("a pair without ="))?;
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .ok_or(malformed("a value without quotes"))?;
            let slot = KEYS.iter().position(|k| *k == key).ok_or(malformed("an unknown key"))?;
            if found[slot].replace(value).is_some() {
                return Err(malformed("a key given twice"));
            }
        }
        let [Some(mchid), Some(nonce), Some(timestamp), Some(serial), Some(signature)] = found else {
            return Err(malformed("a key missing"));
        };
        Ok(Authorization {
            mchid: mchid.into(),
            nonce: nonce.into(),
            timestamp: timestamp
                .parse()
                .map_err(|_| malformed("a timestamp that is not a number"))?,
            serial: serial.into(),
            signature: signature.into(),
        })
    }

    /// The signature checked over the request as received (method, path and query as sent, the
    /// raw body, or an upload's `meta`), with the merchant's public key.
    pub fn verify(
        &self,
        key: &PublicKey,
        method: &str,
        canonical_url: &str,
        body: &str,
    ) -> Result<(), AuthorizationError> {
        let signed = message(method, canonical_url, self.timestamp, &self.nonce, body);
        let signature = STANDARD
            .decode(&self.signature)
            .map_err(|_| AuthorizationError::SignatureMismatch)?;
        key.verifying()
            .verify(signed.as_bytes(), &signature)
            .map_err(|_| AuthorizationError::SignatureMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures::{self, merchant_public, signer};

    #[test]
    fn a_signed_request_parses_and_verifies_and_a_changed_one_does_not() {
        let body = r#"{"out_request_no":"APPLYMENT_00000000001"}"#;
        let header = signer().authorization("POST", "/v3/ecommerce/applyments/", 1_700_000_000, "n0nce", body);
        let parsed = Authorization::parse(&header).unwrap();
        assert_eq!(
            (
                parsed.mchid.as_str(),
                parsed.nonce.as_str(),
                parsed.timestamp,
                parsed.serial.as_str()
            ),
            (fixtures::MERCHANT_ID, "n0nce", 1_700_000_000, fixtures::MERCHANT_SERIAL)
        );
        let key = merchant_public();
        assert_eq!(parsed.verify(&key, "POST", "/v3/ecommerce/applyments/", body), Ok(()));
        let mismatch = Err(AuthorizationError::SignatureMismatch);
        assert_eq!(
            parsed.verify(&key, "POST", "/v3/ecommerce/applyments", body),
            mismatch,
            "trailing slash"
        );
        assert_eq!(parsed.verify(&key, "PUT", "/v3/ecommerce/applyments/", body), mismatch);
        assert_eq!(parsed.verify(&key, "POST", "/v3/ecommerce/applyments/", "{}"), mismatch);
    }

    /// PHP's SDK writes `mchid, serial_no, timestamp, nonce_str, signature`; Go and Java another
    /// order. Any order is one header.
    #[test]
    fn the_pairs_come_in_any_order() {
        let header = signer().authorization("GET", "/v3/certificates", 1_700_000_000, "abc", "");
        let go = Authorization::parse(&header).unwrap();
        let php = format!(
            "{SCHEME} mchid=\"{}\",serial_no=\"{}\",timestamp=\"{}\",nonce_str=\"{}\",signature=\"{}\"",
            go.mchid, go.serial, go.timestamp, go.nonce, go.signature
        );
        assert_eq!(Authorization::parse(&php).unwrap(), go);
    }

    #[test]
    fn malformed_headers_are_refused_with_a_reason() {
        for bad in [
            "Bearer abc",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\"",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\",nonce_str=\"n\",timestamp=\"t\",serial_no=\"s\",signature=\"x\"",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\",mchid=\"1\",nonce_str=\"n\",timestamp=\"1\",serial_no=\"s\",signature=\"x\"",
            "WECHATPAY2-SHA256-RSA2048 mchid=1,nonce_str=\"n\",timestamp=\"1\",serial_no=\"s\",signature=\"x\"",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\",nonce=\"n\",timestamp=\"1\",serial_no=\"s\",signature=\"x\"",
        ] {
            assert!(
                matches!(Authorization::parse(bad), Err(AuthorizationError::Malformed(_))),
                "{bad}"
            );
        }
    }
}
