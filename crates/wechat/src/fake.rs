//! A strict local WeChat for web authorization: the authorize page's checks and the code it
//! gives, and the `sns/oauth2/access_token` exchange, as WeChat does them. The sandbox serves it
//! (the authorize page becomes "confirm as a test user"); the server's sign-in code talks to it
//! exactly as to WeChat.
//!
//! What it holds the client to:
//! - the authorize request: the official account's `appid`, `response_type=code`, a known scope,
//!   a `redirect_uri` on the authorized domain (网页授权域名), and a `state` of at most 128
//!   letters and digits;
//! - the exchange: the `appid`, its secret, `grant_type=authorization_code`, and a code this
//!   WeChat gave, at most five minutes ago, used once.

use std::collections::HashMap;
use std::sync::Mutex;

/// How long a code can be exchanged, in seconds.
pub const CODE_LIFETIME_SECS: i64 = 300;

/// The longest `state` WeChat returns.
pub const STATE_MAX: usize = 128;

/// A local WeChat official account, and the codes it has given.
pub struct LocalWechat {
    pub appid: String,
    secret: String,
    /// The host a `redirect_uri` must be on (the official account's authorized domain).
    pub domain: String,
    codes: Mutex<HashMap<String, Issued>>,
}

struct Issued {
    openid: String,
    at: i64,
    used: bool,
}

/// An authorize request that WeChat would show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub redirect_uri: String,
    pub state: String,
    pub scope: String,
}

/// Why WeChat's authorize page would show an error instead of asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorizeError {
    Appid,
    ResponseType,
    Scope,
    RedirectUri,
    State,
}

impl std::fmt::Display for AuthorizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AuthorizeError::Appid => "appid 参数错误 (the appid is not this official account's)",
            AuthorizeError::ResponseType => "response_type 参数错误 (it must be code)",
            AuthorizeError::Scope => "scope 参数错误或没有 scope 权限 (snsapi_base or snsapi_userinfo)",
            AuthorizeError::RedirectUri => "redirect_uri 域名与后台配置不一致 (not on the authorized domain)",
            AuthorizeError::State => "state 参数错误 (at most 128 letters and digits)",
        })
    }
}

fn pairs(query: &str) -> HashMap<String, String> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

/// The host of an http(s) URL, without its port.
fn host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    (!host.is_empty() && !authority.contains('@')).then_some(host)
}

impl LocalWechat {
    pub fn new(appid: &str, secret: &str, domain: &str) -> LocalWechat {
        LocalWechat {
            appid: appid.into(),
            secret: secret.into(),
            domain: domain.into(),
            codes: Mutex::new(HashMap::new()),
        }
    }

    /// A new test user's openid, of WeChat's form (28 characters starting with `o`).
    pub fn new_openid() -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = [0u8; 27];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        std::iter::once('o')
            .chain(bytes.iter().map(|b| char::from(ALPHABET[usize::from(b % 64)])))
            .collect()
    }

    /// Reads the authorize page's query as WeChat does.
    pub fn authorization(&self, query: &str) -> Result<Authorization, AuthorizeError> {
        let q = pairs(query);
        let get = |name: &str| q.get(name).map(String::as_str).unwrap_or_default();
        if get("appid") != self.appid {
            return Err(AuthorizeError::Appid);
        }
        if get("response_type") != "code" {
            return Err(AuthorizeError::ResponseType);
        }
        let scope = get("scope");
        if !matches!(scope, "snsapi_base" | "snsapi_userinfo") {
            return Err(AuthorizeError::Scope);
        }
        let redirect_uri = get("redirect_uri");
        if host(redirect_uri) != Some(self.domain.as_str()) {
            return Err(AuthorizeError::RedirectUri);
        }
        let state = get("state");
        if state.len() > STATE_MAX || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(AuthorizeError::State);
        }
        Ok(Authorization {
            redirect_uri: redirect_uri.into(),
            state: state.into(),
            scope: scope.into(),
        })
    }

    /// The user approved (with `snsapi_base`, WeChat approves silently): where the browser goes
    /// back to, with a new code for `openid`.
    pub fn approve(&self, authorization: &Authorization, openid: &str, now: i64) -> String {
        let code = crate::random_hex(16);
        let mut codes = self.codes.lock().unwrap_or_else(|e| e.into_inner());
        codes.retain(|_, issued| now - issued.at <= CODE_LIFETIME_SECS);
        codes.insert(
            code.clone(),
            Issued {
                openid: openid.into(),
                at: now,
                used: false,
            },
        );
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("code", &code)
            .append_pair("state", &authorization.state)
            .finish();
        let join = if authorization.redirect_uri.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{join}{query}", authorization.redirect_uri)
    }

    /// `GET /sns/oauth2/access_token?…`: the JSON body WeChat answers (with HTTP 200, a refusal
    /// included).
    pub fn access_token(&self, query: &str, now: i64) -> String {
        let q = pairs(query);
        let get = |name: &str| q.get(name).map(String::as_str).unwrap_or_default();
        let refuse =
            |errcode: i64, errmsg: &str| serde_json::json!({ "errcode": errcode, "errmsg": errmsg }).to_string();
        if get("appid") != self.appid {
            return refuse(40013, "invalid appid");
        }
        if get("secret") != self.secret {
            return refuse(40125, "invalid appsecret");
        }
        if get("grant_type") != "authorization_code" {
            return refuse(40002, "invalid grant_type");
        }
        let code = get("code");
        if code.is_empty() {
            return refuse(41008, "missing code");
        }
        let mut codes = self.codes.lock().unwrap_or_else(|e| e.into_inner());
        let Some(issued) = codes.get_mut(code).filter(|i| now - i.at <= CODE_LIFETIME_SECS) else {
            return refuse(40029, "invalid code");
        };
        if issued.used {
            return refuse(40163, "code been used");
        }
        issued.used = true;
        serde_json::json!({
            "access_token": crate::random_hex(32),
            "expires_in": 7200,
            "refresh_token": crate::random_hex(32),
            "openid": issued.openid,
            "scope": "snsapi_base",
        })
        .to_string()
    }
}

#[cfg(test)]
#[path = "fake_tests.rs"]
mod tests;
