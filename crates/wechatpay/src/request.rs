//! A request as WeChat Pay requires it (`wechatpay.md` §1.3–§1.4, §3.3), independent of how it
//! is sent: the signed `Authorization`, `Accept` and `User-Agent` (without them WeChat Pay answers
//! `INVALID_REQUEST`), the JSON or multipart body, and `Wechatpay-Serial`, which names the key
//! this client can verify answers with and encrypted the sensitive fields to.

use http::{HeaderMap, HeaderValue, Method, header};

use crate::media::{UPLOAD_PATH, Upload};
use crate::sign::{Signer, nonce};

/// Sent as `User-Agent`.
pub const USER_AGENT: &str = concat!("onboarding-wechatpay/", env!("CARGO_PKG_VERSION"));

/// A request ready to send to `base_url` + `path_and_query`.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub method: Method,
    /// As signed: the path and query, raw, as they go on the wire.
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("header values are visible ASCII")
}

impl Signer {
    /// A JSON request (`body` empty for a GET or a POST without one), signed at `timestamp`
    /// (Unix seconds). `wechatpay_serial` is the id of WeChat Pay's key this client holds.
    pub fn prepare(
        &self,
        method: Method,
        path_and_query: &str,
        body: &str,
        wechatpay_serial: &str,
        timestamp: i64,
    ) -> Prepared {
        let authorization = self.authorization(method.as_str(), path_and_query, timestamp, &nonce(), body);
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value(&authorization));
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        headers.insert("wechatpay-serial", value(wechatpay_serial));
        if !body.is_empty() {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Prepared {
            method,
            path_and_query: path_and_query.to_string(),
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    /// A media upload: the signature covers `meta` only, the body is the multipart.
    pub fn prepare_upload(&self, upload: Upload, wechatpay_serial: &str, timestamp: i64) -> Prepared {
        let mut prepared = self.prepare(Method::POST, UPLOAD_PATH, &upload.meta, wechatpay_serial, timestamp);
        prepared
            .headers
            .insert(header::CONTENT_TYPE, value(&upload.content_type));
        prepared.body = upload.body;
        prepared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authorization::Authorization;
    use crate::keys::fixtures::{self, merchant_public, signer};

    fn verifies(prepared: &Prepared, signed_body: &str) -> bool {
        let header = prepared.headers[header::AUTHORIZATION].to_str().unwrap();
        Authorization::parse(header)
            .unwrap()
            .verify(
                &merchant_public(),
                prepared.method.as_str(),
                &prepared.path_and_query,
                signed_body,
            )
            .is_ok()
    }

    #[test]
    fn a_json_request_has_every_header_wechat_pay_requires_and_verifies() {
        let body = r#"{"out_request_no":"APPLYMENT_00000000001"}"#;
        let prepared = signer().prepare(
            Method::POST,
            "/v3/ecommerce/applyments/",
            body,
            fixtures::WECHAT_PAY_KEY_ID,
            1_700_000_000,
        );
        for name in [
            "authorization",
            "accept",
            "user-agent",
            "wechatpay-serial",
            "content-type",
        ] {
            assert!(prepared.headers.contains_key(name), "{name}");
        }
        assert_eq!(prepared.headers["wechatpay-serial"], fixtures::WECHAT_PAY_KEY_ID);
        assert!(verifies(&prepared, body));
        let get = signer().prepare(
            Method::GET,
            "/v3/ecommerce/applyments/out-request-no/A1?x=1",
            "",
            fixtures::WECHAT_PAY_KEY_ID,
            1_700_000_000,
        );
        assert!(!get.headers.contains_key("content-type"));
        assert!(verifies(&get, ""));
        // Two requests never share a nonce.
        let again = signer().prepare(
            Method::GET,
            "/v3/ecommerce/applyments/out-request-no/A1?x=1",
            "",
            fixtures::WECHAT_PAY_KEY_ID,
            1_700_000_000,
        );
        assert_ne!(get.headers[header::AUTHORIZATION], again.headers[header::AUTHORIZATION]);
    }

    #[test]
    fn an_upload_signs_its_meta_and_sends_the_multipart() {
        let upload = crate::media::upload("a.png", b"\x89PNG-fake");
        let meta = upload.meta.clone();
        let prepared = signer().prepare_upload(upload, fixtures::WECHAT_PAY_KEY_ID, 1_700_000_000);
        assert!(
            prepared.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("multipart/form-data; boundary=")
        );
        assert!(verifies(&prepared, &meta));
        assert!(prepared.body.len() > meta.len());
    }
}
