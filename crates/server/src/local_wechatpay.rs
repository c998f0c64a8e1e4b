//! The sandbox's local WeChat Pay: `onboarding_wechatpay::fake` served at
//! `/sandbox/wechatpay/v3/…`, with its own keys (generated once into the data directory) and its
//! ledger kept, sealed, in the database. The server's WeChat Pay client talks to it over loopback
//! HTTP exactly as it would talk to `api.mch.weixin.qq.com`: on a loopback port of its own,
//! opened at start, so that it answers even when the server is driven without a listener (the
//! tests) or listens beyond loopback (`--sandbox-public`). The same routes are on the server's
//! own address too, for anyone who wants to look.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use onboarding_wechatpay::fake::{Decision, DecisionError, Fake, FakeKeys, Ledger, Request, Timing};
use onboarding_wechatpay::{Client, PrivateKey, Signer, Verifier};
use sqlx::SqlitePool;

use crate::config::Config;
use crate::crypto::{Sealer, write_private};
use crate::gateway::Gateway;
use crate::store;

/// Where the routes are mounted; the client's base URL ends with it, and the fake sees the path
/// after it, as the real WeChat Pay sees its own.
pub const PREFIX: &str = "/sandbox/wechatpay";

/// The merchant id the sandbox applies as (a made-up one of WeChat Pay's 10-digit form).
const MCHID: &str = "1900000109";

const CONTEXT: &str = "sandbox-wechatpay";

/// The local WeChat Pay and its ledger.
pub struct LocalWechatPay {
    pub fake: Fake,
    pub ledger: tokio::sync::Mutex<Ledger>,
    db: SqlitePool,
    sealer: Sealer,
}

/// A key file of the sandbox, made on first start (mode 0600) and read after.
fn key_file(dir: &Path, name: &str) -> Result<(PrivateKey, String), String> {
    let path = dir.join(name);
    let pem = match std::fs::read_to_string(&path) {
        Ok(pem) => pem,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (private, _) = onboarding_wechatpay::generate().map_err(|e| e.to_string())?;
            write_private(&path, private.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            private
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let private = PrivateKey::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))?;
    // A key's name follows from the key, as a certificate's serial would: 40 upper-case hex.
    let name = crate::util::sha256_hex(private.public_key("").spki())[..40].to_uppercase();
    Ok((private, name))
}

impl LocalWechatPay {
    /// Opens the local WeChat Pay of this data directory, and the client the server sends
    /// applications through.
    pub async fn open(
        config: &Config,
        db: &SqlitePool,
        sealer: &Sealer,
    ) -> Result<(Arc<LocalWechatPay>, Gateway), String> {
        let dir = config.data_dir.join("sandbox-wechatpay");
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let (merchant, serial) = key_file(&dir, "merchant_private_key.pem")?;
        let (wechat_pay, name) = key_file(&dir, "wechat_pay_private_key.pem")?;
        let key_id = format!("PUB_KEY_ID_{name}");
        let wechat_pay_public = wechat_pay.public_key(key_id.clone());
        let ledger = match store::sandbox::ledger(db).await.map_err(|e| e.to_string())? {
            None => Ledger::default(),
            Some(sealed) => {
                let json = sealer.open(&sealed, CONTEXT)?;
                serde_json::from_slice(&json)
                    .map_err(|e| format!("the sandbox's WeChat Pay ledger does not read: {e}"))?
            }
        };
        let seconds = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        let fake = Fake {
            keys: FakeKeys {
                mchid: MCHID.into(),
                merchant: merchant.public_key(serial.clone()),
                wechat_pay,
                wechat_pay_key_id: key_id.clone(),
                // Public-key mode, as WeChat Pay gives new merchants.
                platform_certificate: None,
            },
            timing: Timing {
                check_secs: seconds(config.check_delay),
                review_secs: Some(seconds(config.review_delay)),
                verify_secs: seconds(config.verify_window),
            },
            page_origin: config.public_origin(),
        };
        let local = Arc::new(LocalWechatPay {
            fake,
            ledger: tokio::sync::Mutex::new(ledger),
            db: db.clone(),
            sealer: sealer.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot open the sandbox's WeChat Pay on loopback: {e}"))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let routes = router().with_state(local.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, routes).await {
                tracing::error!(error = %e, "the sandbox's WeChat Pay stopped");
            }
        });
        let signer = Signer {
            mchid: MCHID.into(),
            serial,
            key: merchant,
        };
        let verifier = Verifier::new([wechat_pay_public]);
        let client = Client::new(&format!("http://{address}{PREFIX}"), signer, verifier, key_id);
        Ok((local, Gateway::new(client)))
    }

    /// A decision of the sandbox's people (the operator, the bank, the legal person, the
    /// signer), made on WeChat Pay's side and kept.
    pub async fn decide(&self, out_request_no: &str, decision: Decision) -> Result<(), DecisionError> {
        let mut ledger = self.ledger.lock().await;
        let now = crate::util::now_ms() / 1_000;
        self.fake.decide(&mut ledger, out_request_no, decision, now)?;
        self.keep(&ledger).await;
        Ok(())
    }

    /// The applyment waiting for a transfer with this memo: its `out_request_no` and the amount
    /// it waits for (fen).
    pub async fn awaiting_remittance(&self, remark: &str) -> Option<(String, u32)> {
        let mut ledger = self.ledger.lock().await;
        self.fake
            .awaiting_remittance(&mut ledger, remark, crate::util::now_ms() / 1_000)
    }

    /// The applyment a legal-person scan or signing page's token belongs to.
    pub async fn by_token(&self, token: &str) -> Option<String> {
        Fake::by_token(&*self.ledger.lock().await, token)
    }

    /// Keeps the ledger after a change.
    async fn keep(&self, ledger: &Ledger) {
        let json = serde_json::to_vec(ledger).expect("a ledger serialises");
        let sealed = self.sealer.seal(&json, CONTEXT);
        if let Err(e) = store::sandbox::keep_ledger(&self.db, &sealed).await {
            tracing::error!(error = %e, "cannot keep the sandbox's WeChat Pay ledger");
        }
    }
}

/// The routes of the local WeChat Pay, for any router whose state can give it.
pub fn router<S>() -> Router<S>
where
    Arc<LocalWechatPay>: axum::extract::FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new().route(&format!("{PREFIX}/{{*path}}"), any(answer))
}

async fn answer(
    State(local): State<Arc<LocalWechatPay>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let full = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let Some(path_and_query) = full.strip_prefix(PREFIX) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let request = Request {
        method: method.as_str(),
        path_and_query,
        headers: &headers,
        body: &body,
    };
    let now = crate::util::now_ms() / 1_000;
    let mut ledger = local.ledger.lock().await;
    let answer = local.fake.answer(&mut ledger, &request, now);
    local.keep(&ledger).await;
    drop(ledger);
    let mut response = (
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        answer.body,
    )
        .into_response();
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::try_from(name),
            axum::http::HeaderValue::try_from(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

#[cfg(test)]
#[path = "local_wechatpay_tests.rs"]
mod tests;
