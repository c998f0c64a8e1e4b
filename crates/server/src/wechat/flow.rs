//! The sign-in's trip to WeChat, the same whichever WeChat it is:
//!
//! 1. `GET /auth/wechat?ticket=…&return=…` keeps a random `state` (its hash), bound to this
//!    browser by a nonce in an HttpOnly cookie and to the ticket if there is one, and sends the
//!    browser to WeChat's authorize page.
//! 2. `GET /auth/wechat/callback?code=…&state=…`: the state must be live, unused, and this
//!    browser's (its cookie): a code brought to another browser, or a forged or replayed state,
//!    signs nobody in (CSRF). The code becomes the `openid`, the WeChat identity; a ticket is
//!    confirmed for the desktop that shows it. The browser goes back to the app's page with
//!    the outcome ([`SIGN_IN_OUTCOME_PARAM`]).
//! 3. `POST /api/v1/sign-in/session`: that browser's session, taken once with the same cookie.
//!    No token ever travels in a URL.
//!
//! A trip started on a host's page (inline, on another origin) comes back to that page, when its
//! origin is one of `--allow-origin`'s. Its requests carry none of this server's cookies, so it
//! starts with `challenge`, the SHA-256 of a verifier it keeps, and takes the session with the
//! verifier (RFC 7636's S256). Step 2 still checks the cookie: the callback is a visit to this
//! server, in the browser that started.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use onboarding_domain::api::{
    SIGN_IN_OUTCOME_PARAM, SessionGrant, SignInOutcome, TakeSignIn, TicketState, is_return_path,
};
use serde::Deserialize;

use crate::error::Text;
use crate::store::wechat_sign_ins::Taker;
use crate::util::{constant_time_eq, now_ms, random_hex, sha256_hex};
use crate::{ApiError, AppState, auth, store};

/// The cookie that binds a sign-in to the browser that started it.
pub const COOKIE: &str = "onboarding_wechat_sign_in";

/// How long a sign-in may take, from leaving for WeChat to taking the session.
const LIFETIME_MS: i64 = 10 * 60 * 1000;

#[derive(Deserialize)]
pub struct Start {
    ticket: Option<String>,
    #[serde(rename = "return")]
    return_to: Option<String>,
    /// From a host's page: the SHA-256 (hex) of the verifier it will take the session with.
    challenge: Option<String>,
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
}

/// An app path to come back to: absolute on this origin (`/…`, never `//host` or `/\host`),
/// without control characters. Anything else returns to the sign-in page.
fn app_path(path: Option<&str>) -> String {
    path.filter(|p| is_return_path(p)).unwrap_or("/sign-in").to_string()
}

/// Where a trip started on a host's page comes back to: that page, when its origin is one of
/// `--allow-origin`'s and the trip has a challenge (without one, the page could not take the
/// session). Its path and query follow the rules of an app path.
fn host_page(url: &str, challenge: Option<&str>, allowed: &[String]) -> Option<String> {
    challenge?;
    let origin = allowed.iter().find(|o| {
        url.strip_prefix(o.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })?;
    let path = match &url[origin.len()..] {
        "" => "/",
        rest => rest,
    };
    is_return_path(path).then(|| format!("{origin}{path}"))
}

/// A challenge as a host's page sends it: 64 lowercase hex digits.
fn challenge(given: Option<&str>) -> Option<&str> {
    given.filter(|c| c.len() == 64 && c.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// `path` with the outcome added to its query.
fn back_to(path: &str, outcome: SignInOutcome) -> Response {
    let (before_fragment, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let join = if before_fragment.contains('?') { '&' } else { '?' };
    let mut location = format!("{before_fragment}{join}{SIGN_IN_OUTCOME_PARAM}={}", outcome.key());
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    see_other(&location)
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The callback's URL carries the code and the state: the next page must not pass it on.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The cookie, `Secure` over https; SameSite=Lax, so that it comes with WeChat's redirect back
/// (a top-level navigation) but with no other site's requests.
fn cookie(state: &AppState, value: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if state.config.is_https() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}"
    ))
    .expect("a cookie of hex digits")
}

/// The hash of this browser's nonce, if it has one.
fn browser_hash(headers: &HeaderMap) -> Option<String> {
    crate::util::cookies(headers)
        .find(|(name, value)| *name == COOKIE && value.len() == 32)
        .map(|(_, value)| sha256_hex(value.as_bytes()))
}

/// Step 1: off to WeChat.
pub async fn start(State(state): State<AppState>, Query(start): Query<Start>) -> Result<Response, ApiError> {
    let client = state.wechat.clone().ok_or(ApiError::NotFound)?;
    let challenge = challenge(start.challenge.as_deref());
    let return_to = start
        .return_to
        .as_deref()
        .and_then(|url| host_page(url, challenge, &state.config.allow_origins))
        .unwrap_or_else(|| app_path(start.return_to.as_deref()));
    let now = now_ms();
    if let Some(ticket) = &start.ticket {
        // The desktop sees that its code was scanned; a ticket that is over ends here.
        let moved = store::tickets::advance(
            &state.db,
            ticket,
            &[TicketState::Pending, TicketState::Scanned],
            TicketState::Scanned,
            None,
            now,
        )
        .await?;
        if !moved {
            return Ok(back_to(&return_to, SignInOutcome::Expired));
        }
    }
    let nonce = random_hex(16);
    let wechat_state = random_hex(16);
    let starting = store::wechat_sign_ins::Starting {
        state_hash: &sha256_hex(wechat_state.as_bytes()),
        browser_hash: &sha256_hex(nonce.as_bytes()),
        ticket_id: start.ticket.as_deref(),
        return_to: &return_to,
        challenge,
    };
    store::wechat_sign_ins::start(&state.db, &starting, now, now + LIFETIME_MS).await?;
    let callback = format!("{}/auth/wechat/callback", state.config.public_origin());
    let mut response = see_other(&client.authorize_url(&callback, &wechat_state));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, &nonce, LIFETIME_MS / 1000));
    Ok(response)
}

/// Step 2: back from WeChat.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(callback): Query<Callback>,
) -> Result<Response, ApiError> {
    let client = state.wechat.clone().ok_or(ApiError::NotFound)?;
    let Some(state_hash) = callback.state.as_deref().map(|s| sha256_hex(s.as_bytes())) else {
        return Ok(back_to(&app_path(None), SignInOutcome::Expired));
    };
    let Some(started) = store::wechat_sign_ins::called_back(&state.db, &state_hash, now_ms()).await? else {
        return Ok(back_to(&app_path(None), SignInOutcome::Expired));
    };
    let ours =
        browser_hash(&headers).is_some_and(|mine| constant_time_eq(mine.as_bytes(), started.browser_hash.as_bytes()));
    if !ours {
        store::wechat_sign_ins::forget(&state.db, &state_hash).await?;
        tracing::warn!("a WeChat sign-in came back to another browser than the one that started it");
        return Ok(back_to(&started.return_to, SignInOutcome::Refused));
    }
    let user = match callback.code.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => client.exchange(code).await,
        None => Err(onboarding_wechat::ExchangeError::Refused {
            errcode: 41008,
            errmsg: "missing code".into(),
        }),
    };
    let user = match user {
        Ok(user) => user,
        Err(e) => {
            store::wechat_sign_ins::forget(&state.db, &state_hash).await?;
            if e.is_bad_code() {
                tracing::warn!(error = %e, "a WeChat sign-in's code was refused");
            } else {
                tracing::error!(error = %e, "WeChat sign-in failed");
            }
            return Ok(back_to(&started.return_to, SignInOutcome::Failed));
        }
    };
    let identity = store::accounts::identity_for(&state.db, &user.openid).await?;
    if let Some(ticket) = &started.ticket_id {
        let from = [TicketState::Pending, TicketState::Scanned];
        if !store::tickets::advance(
            &state.db,
            ticket,
            &from,
            TicketState::Confirmed,
            Some(&identity),
            now_ms(),
        )
        .await?
        {
            // The desktop's code ran out meanwhile; this phone is still signed in.
            tracing::info!("a WeChat sign-in came back after its ticket expired");
        }
    }
    store::wechat_sign_ins::signed_in(&state.db, &state_hash, &identity).await?;
    Ok(back_to(&started.return_to, SignInOutcome::SignedIn))
}

/// Step 3: the session of the browser that signed in, once.
#[utoipa::path(post, path = "/api/v1/sign-in/session", tag = "sign-in",
    description = "The session of the browser that came back from signing in with WeChat, identified by the HttpOnly cookie `/auth/wechat` set, or, from a host's page (which sends no cookie of this server), by the verifier whose SHA-256 the trip started with. Given once.",
    request_body(content = Option<onboarding_domain::api::TakeSignIn>, description = "From a host's page only"),
    responses((status = 200, body = onboarding_domain::api::SessionGrant), (status = 400, description = "A body that is not a verifier", body = onboarding_domain::api::ErrorBody), (status = 404, description = "No sign-in of this browser to take", body = onboarding_domain::api::ErrorBody), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn session(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    // No body, or JSON's `null` (the body is optional): the cookie says which browser.
    let taking: Option<TakeSignIn> = match body.is_empty() {
        true => None,
        false => serde_json::from_slice(&body).map_err(|_| {
            ApiError::BadRequest(
                "invalid_body",
                Text(
                    "The body must be {\"verifier\": \"…\"}, or nothing.",
                    "请求体须为 {\"verifier\": \"…\"}，或为空。",
                    "請求主體須為 {\"verifier\": \"…\"}，或為空。",
                ),
            )
        })?,
    };
    let (challenge, browser);
    let taker = match taking {
        Some(taking) => {
            challenge = sha256_hex(taking.verifier.as_bytes());
            Taker::Challenge(&challenge)
        }
        None => {
            browser = browser_hash(&headers).ok_or(ApiError::NotFound)?;
            Taker::Browser(&browser)
        }
    };
    let identity = store::wechat_sign_ins::take(&state.db, taker, now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    let grant: SessionGrant = auth::start_session(&state, &identity).await?;
    let mut response = axum::Json(grant).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::SET_COOKIE, cookie(&state, "", 0));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use onboarding_domain::api::RETURN_PATH_MAX;

    #[test]
    fn only_this_origins_paths_are_returned_to() {
        for good in ["/", "/m/sign-in/abc", "/status?x=1"] {
            assert_eq!(app_path(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "evil",
            "/a b",
            "/a\nb",
        ] {
            assert_eq!(app_path(Some(bad)), "/sign-in", "{bad:?}");
        }
        assert_eq!(app_path(Some(&format!("/{}", "a".repeat(RETURN_PATH_MAX)))), "/sign-in");
        assert_eq!(app_path(None), "/sign-in");
    }
}
