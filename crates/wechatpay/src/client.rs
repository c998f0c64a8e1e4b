//! Sending prepared requests (`request.rs`) and judging the answers (`answer.rs`) over HTTP(S):
//! TLS with rustls on aws-lc-rs for WeChat Pay itself, plain HTTP for the sandbox's WeChat Pay
//! on loopback. Every answer is judged the same way, wherever it comes from.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::answer::{Failure, judge};
use crate::request::Prepared;
use crate::sign::Signer;
use crate::verify::Verifier;

/// How long one exchange may take before it counts as "unreachable, try again later".
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a request got no judged answer.
#[derive(Debug)]
pub enum SendError {
    /// WeChat Pay answered: retry, refused, or untrusted.
    Answered(Failure),
    /// No answer: unreachable, timed out, or the connection broke. To be sent again later.
    Unreachable(String),
    /// A verified success without what it should carry (an `applyment_id`, a `media_id`): a
    /// fault on WeChat Pay's side or in this reading of it, for the operator to see. Sending the
    /// same request again is safe (`out_request_no` makes one applyment of it).
    Malformed(String),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Answered(failure) => failure.fmt(f),
            SendError::Unreachable(why) => write!(f, "WeChat Pay unreachable: {why}"),
            SendError::Malformed(why) => write!(f, "WeChat Pay's answer is not what it should be: {why}"),
        }
    }
}

impl std::error::Error for SendError {}

/// One merchant's client of one WeChat Pay endpoint.
pub struct Client {
    base: String,
    pub signer: Signer,
    pub verifier: Verifier,
    /// The id of WeChat Pay's key this client verifies with and encrypts to.
    pub wechatpay_serial: String,
    http: Hyper<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// Unix seconds; tests set another clock.
    pub clock: fn() -> i64,
    /// WeChat Pay's rate limits, kept here; shared by the clients that replace this one (a
    /// renewal of certificates), since the limits are the merchant's.
    pub paces: std::sync::Arc<crate::pace::Paces>,
}

fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Client {
    /// A client of `base_url` (`https://api.mch.weixin.qq.com`, or the sandbox's
    /// `http://127.0.0.1:PORT/sandbox/wechatpay`).
    pub fn new(base_url: &str, signer: Signer, verifier: Verifier, wechatpay_serial: String) -> Client {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        Client {
            base: base_url.trim_end_matches('/').to_string(),
            signer,
            verifier,
            wechatpay_serial,
            http: Hyper::builder(TokioExecutor::new()).build(https),
            clock: system_now,
            paces: std::sync::Arc::default(),
        }
    }

    /// The endpoint this client sends to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A JSON request, signed now, sent, and judged: the verified body of a success.
    pub async fn call(&self, method: Method, path_and_query: &str, body: &str) -> Result<Vec<u8>, SendError> {
        let prepared = self
            .signer
            .prepare(method, path_and_query, body, &self.wechatpay_serial, (self.clock)());
        self.send(prepared).await
    }

    /// Sends a prepared request and judges its answer.
    pub async fn send(&self, prepared: Prepared) -> Result<Vec<u8>, SendError> {
        let (parts, body) = self.exchange(prepared).await?;
        judge(&self.verifier, parts.status, &parts.headers, &body, (self.clock)()).map_err(SendError::Answered)
    }

    /// Sends a prepared request: the answer as it came, unjudged.
    async fn exchange(&self, prepared: Prepared) -> Result<(http::response::Parts, Bytes), SendError> {
        let uri: Uri = format!("{}{}", self.base, prepared.path_and_query)
            .parse()
            .map_err(|e| SendError::Unreachable(format!("bad URL: {e}")))?;
        let mut request = Request::builder().method(prepared.method).uri(uri);
        if let Some(headers) = request.headers_mut() {
            *headers = prepared.headers;
        }
        let request = request
            .body(Full::new(Bytes::from(prepared.body)))
            .map_err(|e| SendError::Unreachable(e.to_string()))?;
        let exchange = async {
            let answer = self.http.request(request).await.map_err(|e| e.to_string())?;
            let (parts, body) = answer.into_parts();
            let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok::<_, String>((parts, body))
        };
        tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| SendError::Unreachable("timed out".into()))?
            .map_err(SendError::Unreachable)
    }

    /// WeChat Pay's current platform certificates (certificate mode), decrypted under the APIv3
    /// key. The list is trusted when a key this client holds signed it, or when one of the
    /// certificates it carries did: only WeChat Pay and the merchant know the APIv3 key that
    /// decrypted them (the official SDKs trust a first download the same way).
    pub async fn certificates(&self, apiv3_key: &[u8]) -> Result<Vec<crate::certificates::Certificate>, SendError> {
        let prepared = self.signer.prepare(
            Method::GET,
            crate::certificates::PATH,
            "",
            &self.wechatpay_serial,
            (self.clock)(),
        );
        let (parts, body) = self.exchange(prepared).await?;
        let now = (self.clock)();
        let listed = || crate::certificates::read(&body, apiv3_key).map_err(|e| SendError::Malformed(e.to_string()));
        match judge(&self.verifier, parts.status, &parts.headers, &body, now) {
            Ok(_) => listed(),
            Err(Failure::Untrusted {
                why: crate::verify::VerifyError::UnknownSerial(_),
                ..
            }) if parts.status.is_success() => {
                let carried = Verifier::new(listed()?.into_iter().map(|c| c.key));
                judge(&carried, parts.status, &parts.headers, &body, now).map_err(SendError::Answered)?;
                listed()
            }
            Err(failure) => Err(SendError::Answered(failure)),
        }
    }
}

/// The applyment endpoints (`wechatpay.md` §5–§7).
impl Client {
    /// Uploads a photo once; WeChat Pay's `media_id` names it in the applyment.
    pub async fn upload_image(&self, filename: &str, bytes: &[u8]) -> Result<String, SendError> {
        self.paces.upload.turn().await;
        let prepared = self.signer.prepare_upload(
            crate::media::upload(filename, bytes),
            &self.wechatpay_serial,
            (self.clock)(),
        );
        let body = self.send(prepared).await?;
        field(&body, "media_id")
    }

    /// Submits (or resubmits, with the same `out_request_no`) an applyment: its `applyment_id`.
    /// The trailing slash of the path is WeChat Pay's and is signed.
    pub async fn submit(&self, applyment_json: &str) -> Result<u64, SendError> {
        self.paces.submit.turn().await;
        let body = self
            .call(Method::POST, "/v3/ecommerce/applyments/", applyment_json)
            .await?;
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("applyment_id").and_then(serde_json::Value::as_u64))
            .ok_or_else(|| SendError::Malformed("the answer has no applyment_id".into()))
    }

    /// Where the applyment of `out_request_no` stands (the verified body; see `query.rs`).
    pub async fn query(&self, out_request_no: &str) -> Result<Vec<u8>, SendError> {
        self.paces.applyment.turn().await;
        let path = format!(
            "/v3/ecommerce/applyments/out-request-no/{}",
            path_segment(out_request_no)
        );
        self.call(Method::GET, &path, "").await
    }

    /// Withdraws the applyment of `out_request_no` (allowed until it is finished or canceled).
    pub async fn revoke(&self, out_request_no: &str) -> Result<(), SendError> {
        self.paces.applyment.turn().await;
        let path = format!(
            "/v3/ecommerce/applyments/out-request-no/{}/revoke",
            path_segment(out_request_no)
        );
        self.call(Method::POST, &path, "").await.map(|_| ())
    }
}

/// The settlement account endpoints (`wechatpay.md` §8).
impl Client {
    /// Asks to change the settlement account of `sub_mchid`: the change's `application_no`.
    pub async fn modify_settlement(&self, sub_mchid: &str, request_json: &str) -> Result<String, SendError> {
        self.paces.modify_settlement.turn().await;
        let path = format!(
            "/v3/apply4sub/sub_merchants/{}/modify-settlement",
            path_segment(sub_mchid)
        );
        let body = self.call(Method::POST, &path, request_json).await?;
        field(&body, "application_no")
    }

    /// Where a change stands (read with `settlement::read_change`).
    pub async fn settlement_change(&self, sub_mchid: &str, application_no: &str) -> Result<Vec<u8>, SendError> {
        self.paces.settlement_query.turn().await;
        let path = format!(
            "/v3/apply4sub/sub_merchants/{}/application/{}",
            path_segment(sub_mchid),
            path_segment(application_no)
        );
        self.call(Method::GET, &path, "").await
    }

    /// The account in use (read with `settlement::read_account`).
    pub async fn settlement_account(&self, sub_mchid: &str) -> Result<Vec<u8>, SendError> {
        self.paces.settlement_query.turn().await;
        let path = format!("/v3/apply4sub/sub_merchants/{}/settlement", path_segment(sub_mchid));
        self.call(Method::GET, &path, "").await
    }
}

/// `out_request_no` is letters, digits, `_` and `-` (this product makes them): anything else is
/// percent-encoded, so the path signed is the path sent.
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn field(body: &[u8], name: &str) -> Result<String, SendError> {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get(name).and_then(|f| f.as_str()).map(str::to_string))
        .ok_or_else(|| SendError::Malformed(format!("the answer has no {name}")))
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
