//! A local WeChat Pay: the applyment endpoints of API v3, as strict as `wechatpay.md` §11 asks,
//! for the sandbox and for this crate's contract tests. It is the protocol only, a function from
//! a request to an answer over a [`Ledger`] that the caller keeps (the server mounts it under
//! `/sandbox/wechatpay` and stores the ledger; the tests serve it on loopback).
//!
//! What makes it strict, each refused the way WeChat Pay refuses it:
//! - every request's `Authorization` is parsed (any order of its pairs) and verified with the
//!   merchant's key, within five minutes: `401 SIGN_ERROR` otherwise, `400 INVALID_REQUEST` for a
//!   malformed header or a missing `Accept` / `User-Agent`;
//! - a body with sensitive fields needs `Wechatpay-Serial` naming this WeChat Pay's key, and every
//!   sensitive field must decrypt with it: `400 PARAM_ERROR` naming the field otherwise;
//! - an upload's file must have the SHA-256 its signed `meta` names; a submission may name only
//!   `media_id`s uploaded here;
//! - every success is signed, and the remittance's payer is encrypted to the merchant's key.
//!
//! [`Fault`]s rehearse what the real one does on a bad day: 429, 500 (before or after doing the
//! work), unsigned, mis-signed, stale or wrongly keyed answers, a refusal at a field.

mod applyments;
mod certificates;
mod checks;
mod media;
mod settlement;

use std::collections::{BTreeMap, VecDeque};

use http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::authorization::{Authorization, AuthorizationError};
use crate::keys::{PrivateKey, PublicKey};
use crate::verify::{REPLAY_WINDOW_SECS, answer_headers};

pub use applyments::{Decision, DecisionError, FakeApplyment, Timing};
pub use certificates::PlatformCertificate;
pub use settlement::{FAILING_SUFFIX, FakeChange};

/// The keys of both sides, as this WeChat Pay holds them.
pub struct FakeKeys {
    /// The one merchant (platform) it serves.
    pub mchid: String,
    /// The merchant's public key, by its API certificate's serial: it verifies requests, and the
    /// remittance's payer is encrypted to it.
    pub merchant: PublicKey,
    /// This WeChat Pay's own key: it signs answers and decrypts sensitive fields.
    pub wechat_pay: PrivateKey,
    /// The id its key goes by (`PUB_KEY_ID_…`, or a certificate's serial), in
    /// `Wechatpay-Serial` both ways.
    pub wechat_pay_key_id: String,
    /// In certificate mode, the certificate `GET /v3/certificates` lists.
    pub platform_certificate: Option<PlatformCertificate>,
}

/// A request as received: the raw path and query (as signed) and the raw body.
pub struct Request<'a> {
    pub method: &'a str,
    pub path_and_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// An answer to send back as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What the next request gets instead of its proper answer (one fault per request, in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// `429 FREQUENCY_LIMITED`, before doing anything.
    RateLimited,
    /// `500 SYSTEM_ERROR`, before doing anything.
    SystemError,
    /// The work is done and recorded, then the answer is a `500`: the retry must find it done.
    SystemErrorAfterWork,
    /// A success without its signature headers.
    Unsigned,
    /// A success signed `WECHATPAY/SIGNTEST/…`, as WeChat Pay's probes are (§2.5).
    ProbeSignature,
    /// A success signed six minutes ago.
    StaleTimestamp,
    /// A success whose `Wechatpay-Serial` names a key the merchant does not have.
    UnknownSerial,
    /// `400 PARAM_ERROR` at this field (a JSON pointer), as WeChat Pay refuses what only it can
    /// know is wrong (a licence number its registry does not have, say).
    RefuseField(String),
}

/// Everything this WeChat Pay remembers. Serialisable, so that the server can keep it across
/// restarts; it holds sensitive answers in clear, so the keeper seals it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Ledger {
    /// Uploaded photos by `media_id`: the SHA-256 of each file.
    pub media: BTreeMap<String, String>,
    /// Applyments by `out_request_no`.
    pub applyments: BTreeMap<String, FakeApplyment>,
    /// The last `applyment_id` given.
    pub last_id: u64,
    /// Faults still to be served.
    pub faults: VecDeque<Fault>,
    /// Settlement account changes by `application_no`.
    pub settlement_changes: BTreeMap<String, FakeChange>,
}

/// A local WeChat Pay.
pub struct Fake {
    pub keys: FakeKeys,
    pub timing: Timing,
    /// Where the pages behind `legal_validation_url` and `sign_url` live (the sandbox's phone
    /// pages): `{origin}/m/legal-scan/{token}`, `{origin}/m/sign/{token}`.
    pub page_origin: String,
}

/// A WeChat Pay error answer: unsigned, as most of the real ones are.
pub(crate) fn refusal(status: u16, code: &str, message: &str, field: Option<&str>) -> Answer {
    let mut body = serde_json::json!({ "code": code, "message": message });
    if let Some(field) = field {
        body["detail"] = serde_json::json!({ "field": field, "location": "body" });
    }
    Answer {
        status,
        headers: vec![("request-id".into(), request_id())],
        body: body.to_string().into_bytes(),
    }
}

fn request_id() -> String {
    format!("fake-{}", crate::sign::nonce())
}

impl Fake {
    /// Answers one request at `now` (Unix seconds), changing `ledger` as WeChat Pay would.
    pub fn answer(&self, ledger: &mut Ledger, request: &Request<'_>, now: i64) -> Answer {
        // A refusal at a field is an applyment's: it waits for the next submission.
        let submitting = request.method == "POST" && request.path_and_query == "/v3/ecommerce/applyments/";
        let fault = match ledger.faults.front() {
            Some(Fault::RefuseField(_)) if !submitting => None,
            _ => ledger.faults.pop_front(),
        };
        match &fault {
            Some(Fault::RateLimited) => return refusal(429, "FREQUENCY_LIMITED", "请求过于频繁", None),
            Some(Fault::SystemError) => return refusal(500, "SYSTEM_ERROR", "系统错误", None),
            _ => {}
        }
        if let Err(refused) = self.authenticate(request, now) {
            return refused;
        }
        if let Some(Fault::RefuseField(pointer)) = &fault {
            return refusal(400, "PARAM_ERROR", "参数错误", Some(pointer));
        }
        let answer = applyments::route(self, ledger, request, now);
        if answer.status >= 300 {
            return answer;
        }
        match fault {
            Some(Fault::SystemErrorAfterWork) => refusal(500, "SYSTEM_ERROR", "系统错误", None),
            other => self.sign(answer, now, other.as_ref()),
        }
    }

    /// §11 item 1: the headers WeChat Pay insists on, and the signature over the request.
    fn authenticate(&self, request: &Request<'_>, now: i64) -> Result<(), Answer> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        if header("user-agent").is_none_or(str::is_empty) || header("accept").is_none_or(str::is_empty) {
            return Err(refusal(400, "INVALID_REQUEST", "Http头缺少Accept或User-Agent", None));
        }
        let authorization = Authorization::parse(header("authorization").unwrap_or("")).map_err(|e| match e {
            AuthorizationError::Malformed(why) => refusal(
                400,
                "INVALID_REQUEST",
                &format!("Http头Authorization值格式错误: {why}"),
                None,
            ),
            AuthorizationError::SignatureMismatch => sign_error(),
        })?;
        if authorization.mchid != self.keys.mchid || authorization.serial != self.keys.merchant.id {
            return Err(refusal(
                401,
                "SIGN_ERROR",
                "商户证书序列号有误或商户号与证书不匹配",
                None,
            ));
        }
        if authorization.timestamp.abs_diff(now) > REPLAY_WINDOW_SECS.unsigned_abs() {
            return Err(refusal(401, "SIGN_ERROR", "请求的时间戳已过期", None));
        }
        let signed_body = media::signed_body(request)
            .ok_or_else(|| refusal(400, "PARAM_ERROR", "上传的文件格式不正确", Some("meta")))?;
        authorization
            .verify(
                &self.keys.merchant,
                request.method,
                request.path_and_query,
                &signed_body,
            )
            .map_err(|_| sign_error())
    }

    /// Signs a success as §2 says, or as the fault says it should go wrong.
    fn sign(&self, mut answer: Answer, now: i64, fault: Option<&Fault>) -> Answer {
        let timestamp = if fault == Some(&Fault::StaleTimestamp) {
            now - REPLAY_WINDOW_SECS - 60
        } else {
            now
        };
        let key_id = if fault == Some(&Fault::UnknownSerial) {
            "PUB_KEY_ID_NOT_THE_ONE_YOU_HAVE"
        } else {
            &self.keys.wechat_pay_key_id
        };
        answer.headers.push(("request-id".into(), request_id()));
        if fault == Some(&Fault::Unsigned) {
            return answer;
        }
        let nonce = crate::sign::nonce();
        for (name, value) in answer_headers(&self.keys.wechat_pay, key_id, &answer.body, timestamp, &nonce) {
            let value = if name == "wechatpay-signature" && fault == Some(&Fault::ProbeSignature) {
                format!("WECHATPAY/SIGNTEST/{value}")
            } else {
                value
            };
            answer.headers.push((name.into(), value));
        }
        answer
    }
}

fn sign_error() -> Answer {
    refusal(401, "SIGN_ERROR", "错误的签名，验签失败", None)
}

#[cfg(test)]
mod checks_tests;
#[cfg(test)]
mod tests;
