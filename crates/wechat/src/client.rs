//! The server's side: where to send the browser, and the code exchanged for the openid.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;

/// WeChat's authorize page, which the browser opens.
pub const AUTHORIZE_BASE: &str = "https://open.weixin.qq.com";
/// WeChat's API, which the server calls.
pub const API_BASE: &str = "https://api.weixin.qq.com";

/// How long the exchange may take before it counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Where WeChat's two endpoints are: the authorize page is opened by the browser (so it is on an
/// address the phone reaches), the token exchange by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Serves `/connect/oauth2/authorize`.
    pub authorize: String,
    /// Serves `/sns/oauth2/access_token`.
    pub api: String,
}

impl Default for Endpoints {
    fn default() -> Endpoints {
        Endpoints {
            authorize: AUTHORIZE_BASE.into(),
            api: API_BASE.into(),
        }
    }
}

/// The WeChat user a code was given for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WechatUser {
    /// The user's id for this official account: the identity the server signs in.
    pub openid: String,
    /// Present when the official account is bound to an open platform account.
    pub unionid: Option<String>,
}

/// Why a code did not become a user.
#[derive(Debug, PartialEq, Eq)]
pub enum ExchangeError {
    /// WeChat refused: an invalid, expired or used code (40029, 40163), or this server's appid or
    /// secret (40013, 40125). Its words, never the secret.
    Refused { errcode: i64, errmsg: String },
    /// No answer: unreachable, timed out, or the connection broke.
    Unreachable(String),
    /// An answer that is neither a user nor a refusal.
    Malformed(String),
}

impl ExchangeError {
    /// The code itself was the problem (the person may start again); otherwise the fault is this
    /// server's configuration or WeChat's, for the operator.
    pub fn is_bad_code(&self) -> bool {
        matches!(
            self,
            ExchangeError::Refused {
                errcode: 40029 | 40163 | 41008,
                ..
            }
        )
    }
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExchangeError::Refused { errcode, errmsg } => write!(f, "WeChat refused the code: {errcode} {errmsg}"),
            ExchangeError::Unreachable(why) => write!(f, "WeChat unreachable: {why}"),
            ExchangeError::Malformed(why) => write!(f, "WeChat's answer does not read: {why}"),
        }
    }
}

impl std::error::Error for ExchangeError {}

/// One official account's client. Holds the app secret: its `Debug` shows the appid only.
pub struct Client {
    appid: String,
    secret: String,
    endpoints: Endpoints,
    http: Hyper<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("appid", &self.appid)
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

/// The access-token answer: a user, or WeChat's refusal (HTTP 200 either way).
#[derive(Deserialize)]
struct Answer {
    openid: Option<String>,
    unionid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl Client {
    pub fn new(appid: &str, secret: &str, endpoints: Endpoints) -> Client {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let trim = |s: &str| s.trim_end_matches('/').to_string();
        Client {
            appid: appid.into(),
            secret: secret.into(),
            endpoints: Endpoints {
                authorize: trim(&endpoints.authorize),
                api: trim(&endpoints.api),
            },
            http: Hyper::builder(TokioExecutor::new()).build(https),
        }
    }

    pub fn appid(&self) -> &str {
        &self.appid
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// The page to send the browser to. WeChat returns `state` unchanged (at most 128 letters and
    /// digits); `redirect_uri` must be on the official account's authorized domain.
    pub fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("appid", &self.appid)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", "snsapi_base")
            .append_pair("state", state)
            .finish();
        // The fragment is WeChat's own marker that the page is opened from a web page.
        format!(
            "{}/connect/oauth2/authorize?{query}#wechat_redirect",
            self.endpoints.authorize
        )
    }

    /// The user a code was given for. The request carries the secret in its query, as WeChat
    /// requires: it is never logged, and errors never quote the request.
    pub async fn exchange(&self, code: &str) -> Result<WechatUser, ExchangeError> {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("appid", &self.appid)
            .append_pair("secret", &self.secret)
            .append_pair("code", code)
            .append_pair("grant_type", "authorization_code")
            .finish();
        let uri: Uri = format!("{}/sns/oauth2/access_token?{query}", self.endpoints.api)
            .parse()
            .map_err(|_| ExchangeError::Unreachable("the API base URL is not a URL".into()))?;
        let request = Request::get(uri)
            .header(http::header::ACCEPT, "application/json")
            .body(Full::new(Bytes::new()))
            .map_err(|_| ExchangeError::Unreachable("the request could not be built".into()))?;
        let body = tokio::time::timeout(TIMEOUT, async {
            let response = self.http.request(request).await.map_err(|e| {
                // hyper's error names the kind of failure (connect, timeout), never the URI.
                ExchangeError::Unreachable(e.to_string())
            })?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| ExchangeError::Unreachable(e.to_string()))?
                .to_bytes();
            if !status.is_success() {
                return Err(ExchangeError::Unreachable(format!("HTTP {status}")));
            }
            Ok(body)
        })
        .await
        .map_err(|_| ExchangeError::Unreachable(format!("no answer within {} s", TIMEOUT.as_secs())))??;
        read(&body)
    }
}

/// An access-token answer read: the user, or WeChat's refusal.
fn read(body: &[u8]) -> Result<WechatUser, ExchangeError> {
    let answer: Answer = serde_json::from_slice(body).map_err(|e| ExchangeError::Malformed(e.to_string()))?;
    match (answer.errcode, answer.openid) {
        (Some(errcode), _) if errcode != 0 => Err(ExchangeError::Refused {
            errcode,
            errmsg: answer.errmsg.unwrap_or_default(),
        }),
        (_, Some(openid)) if !openid.is_empty() => Ok(WechatUser {
            openid,
            unionid: answer.unionid.filter(|u| !u.is_empty()),
        }),
        _ => Err(ExchangeError::Malformed("neither an openid nor an errcode".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorize_url_asks_for_snsapi_base_and_encodes_the_redirect() {
        let client = Client::new("wx520c15f417810387", "secret", Endpoints::default());
        assert_eq!(
            client.authorize_url("https://promoters.example.com/auth/wechat/callback", "a1B2"),
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387\
             &redirect_uri=https%3A%2F%2Fpromoters.example.com%2Fauth%2Fwechat%2Fcallback\
             &response_type=code&scope=snsapi_base&state=a1B2#wechat_redirect"
        );
        assert!(!format!("{client:?}").contains("secret"));
    }

    #[test]
    fn answers_read_as_a_user_or_a_refusal() {
        // The documented answer, and one with a unionid.
        let user = read(br#"{"access_token":"ACCESS_TOKEN","expires_in":7200,"refresh_token":"REFRESH_TOKEN","openid":"OPENID","scope":"snsapi_base"}"#);
        assert_eq!(
            user,
            Ok(WechatUser {
                openid: "OPENID".into(),
                unionid: None
            })
        );
        let user =
            read(br#"{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL"}"#).unwrap();
        assert_eq!(user.unionid.as_deref(), Some("o6_bmasdasdsad6_2sgVt7hMZOPfL"));
        let refused = read(br#"{"errcode":40029,"errmsg":"invalid code"}"#).unwrap_err();
        assert!(refused.is_bad_code());
        let wrong_secret = read(br#"{"errcode":40125,"errmsg":"invalid appsecret"}"#).unwrap_err();
        assert!(!wrong_secret.is_bad_code());
        assert!(matches!(read(b"{}"), Err(ExchangeError::Malformed(_))));
        assert!(matches!(read(b"<html>"), Err(ExchangeError::Malformed(_))));
    }
}
