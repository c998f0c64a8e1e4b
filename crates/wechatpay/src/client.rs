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
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Answered(failure) => failure.fmt(f),
            SendError::Unreachable(why) => write!(f, "WeChat Pay unreachable: {why}"),
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
        }
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
        let (parts, body) = tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| SendError::Unreachable("timed out".into()))?
            .map_err(SendError::Unreachable)?;
        judge(&self.verifier, parts.status, &parts.headers, &body, (self.clock)()).map_err(SendError::Answered)
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
