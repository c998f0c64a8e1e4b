//! The sandbox's local WeChat: `onboarding_wechat::fake` served at `/sandbox/wechat/…`, an
//! official account whose AppID and AppSecret are made once into the data directory. Its
//! authorize page is the one thing a person sees: "confirm as a test user", as the same test user
//! each time on one browser (a cookie, as WeChat knows who is signed in on a phone), or as a new
//! one. The server's sign-in talks to it exactly as to WeChat: the browser opens its authorize
//! page on the server's address, and the server exchanges codes with it over loopback, on a port
//! of its own (so that it answers when the server is driven without a listener, in tests).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use onboarding_wechat::fake::LocalWechat;
use onboarding_wechat::{Client, Endpoints};

use crate::config::Config;
use crate::crypto::write_private;
use crate::operator::escape;

/// Where the routes are mounted: the fake sees the path after it, as WeChat sees its own.
pub const PREFIX: &str = "/sandbox/wechat";

/// The test user this browser is signed in to the local WeChat as.
const USER_COOKIE: &str = "sandbox_wechat_user";

/// The confirming form's answer sends the browser on to the app's callback, and that may send it
/// on to a host's page (an origin the deployment allows, which this WeChat does not know): a
/// form's redirects are held to `form-action`, so it allows the web, as WeChat's own page must.
const CSP: &str =
    "default-src 'none'; style-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

/// WeChat's look, roughly: its green, and buttons a thumb can hit (48 px).
const STYLE: &str = "body{font:1.125rem/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;max-width:32rem}\
button{display:block;width:100%;min-height:48px;margin:.75rem 0;font:inherit;border-radius:6px;border:2px solid #07c160}\
.primary{background:#07c160;color:#fff;font-weight:700}.secondary{background:#fff;color:#05632f}.note{color:#444}\
:focus-visible{outline:3px solid #0b0c0c;outline-offset:2px}";

/// A value kept in the sandbox's directory, made by `make` on first start (mode 0600).
fn kept(dir: &Path, name: &str, make: impl FnOnce() -> String) -> Result<String, String> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(value) => Ok(value.trim().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let value = make();
            write_private(&path, value.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(value)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Opens the local WeChat of this data directory, and the client the server signs in with.
pub async fn open(config: &Config) -> Result<(Arc<LocalWechat>, Client), String> {
    let dir = config.data_dir.join("sandbox-wechat");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let appid = kept(&dir, "appid", || format!("wx{}", crate::util::random_hex(8)))?;
    let secret = kept(&dir, "app_secret", || crate::util::random_hex(16))?;
    let origin = config.public_origin();
    // The authorized domain: the host applicants reach the app at.
    let domain = origin
        .split_once("://")
        .map_or(origin.as_str(), |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_string();
    let local = Arc::new(LocalWechat::new(&appid, &secret, &domain));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot open the sandbox's WeChat on loopback: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let routes = router().with_state(local.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, routes).await {
            tracing::error!(error = %e, "the sandbox's WeChat stopped");
        }
    });
    let endpoints = Endpoints {
        authorize: format!("{origin}{PREFIX}"),
        api: format!("http://{address}{PREFIX}"),
    };
    Ok((local, Client::new(&appid, &secret, endpoints)))
}

/// The local WeChat's routes, for any router whose state can give it.
pub fn router<S>() -> Router<S>
where
    Arc<LocalWechat>: axum::extract::FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route(
            &format!("{PREFIX}/connect/oauth2/authorize"),
            get(authorize_page).post(approve),
        )
        .route(&format!("{PREFIX}/sns/oauth2/access_token"), get(access_token))
        .route(
            &format!("{PREFIX}/style.css"),
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
}

fn now() -> i64 {
    crate::util::now_ms() / 1_000
}

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>微信登录 WeChat sign-in (sandbox)</title>\
         <link rel=\"stylesheet\" href=\"{PREFIX}/style.css\"></head><body><main>{body}</main></body></html>"
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn test_user(headers: &HeaderMap) -> Option<String> {
    crate::util::cookies(headers)
        .find(|(name, value)| *name == USER_COOKIE && is_test_user(value))
        .map(|(_, value)| value.to_string())
}

/// An openid of the form [`LocalWechat::new_openid`] makes.
fn is_test_user(openid: &str) -> bool {
    openid.len() == 28
        && openid.starts_with('o')
        && openid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET …/connect/oauth2/authorize`: WeChat's page. An authorize request WeChat would refuse is
/// refused here the same way; a good one asks which test user to confirm as.
async fn authorize_page(
    State(local): State<Arc<LocalWechat>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    if let Err(e) = local.authorization(&query) {
        return page(
            StatusCode::BAD_REQUEST,
            &format!(
                "<h1>出错了 Something went wrong</h1><p id=\"wechat-error\">{}</p>",
                escape(&e.to_string())
            ),
        );
    }
    // The request goes back with the answer, as it came.
    let hidden: String = form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(&name),
                escape(&value)
            )
        })
        .collect();
    let current = test_user(&headers).map_or(String::new(), |user| {
        format!(
            "<button type=\"submit\" name=\"user\" value=\"{user}\" id=\"confirm-current\" class=\"primary\">\
             以测试用户 {short} 确认 · Confirm as test user {short}</button>",
            short = escape(&user[..8]),
        )
    });
    let new_class = if current.is_empty() { "primary" } else { "secondary" };
    page(
        StatusCode::OK,
        &format!(
            "<h1>微信登录（沙盒）<br>WeChat sign-in (sandbox)</h1>\
             <p class=\"note\">这是沙盒中的微信：确认即以测试用户登录。This stands in for WeChat: confirming signs you in as a test user.</p>\
             <form method=\"post\" action=\"{PREFIX}/connect/oauth2/authorize\">{hidden}{current}\
             <button type=\"submit\" name=\"user\" value=\"new\" id=\"confirm-new\" class=\"{new_class}\">\
             以新的测试用户确认 · Confirm as a new test user</button></form>"
        ),
    )
}

/// `POST …/connect/oauth2/authorize`: confirmed. Back to the `redirect_uri` with a code.
async fn approve(State(local): State<Arc<LocalWechat>>, Form(form): Form<HashMap<String, String>>) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().filter(|(name, _)| name.as_str() != "user"))
        .finish();
    let authorization = match local.authorization(&query) {
        Ok(a) => a,
        Err(e) => {
            return page(
                StatusCode::BAD_REQUEST,
                &format!(
                    "<h1>出错了 Something went wrong</h1><p id=\"wechat-error\">{}</p>",
                    escape(&e.to_string())
                ),
            );
        }
    };
    let user = form
        .get("user")
        .filter(|u| is_test_user(u))
        .cloned()
        .unwrap_or_else(LocalWechat::new_openid);
    let back = local.approve(&authorization, &user, now());
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&back) {
        headers.insert(header::LOCATION, location);
    }
    // This browser's WeChat user, as long as a sandbox is used.
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{USER_COOKIE}={user}; HttpOnly; SameSite=Lax; Path={PREFIX}; Max-Age=31536000"
    )) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET …/sns/oauth2/access_token`: the code exchanged, as WeChat answers (HTTP 200, JSON).
async fn access_token(State(local): State<Arc<LocalWechat>>, RawQuery(query): RawQuery) -> Response {
    let body = local.access_token(&query.unwrap_or_default(), now());
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
