//! Sessions: opaque 256-bit tokens, stored hashed, expiring and revocable, sent as
//! `Authorization: Bearer` so that an app embedded across origins needs no third-party cookies.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use onboarding_domain::api::SessionGrant;

use crate::error::{ApiError, Text};
use crate::util::{now_ms, random_hex, sha256_hex};
use crate::{AppState, store};

/// Sessions last a week; signing in again is one QR scan.
const SESSION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// A signed-in WeChat user, registered or not.
pub struct Session {
    pub identity_id: String,
    pub token_hash: String,
}

/// A signed-in user with a promoter account.
pub struct Applicant {
    pub account: store::Account,
}

/// A session that a platform started lasts two hours: the platform, which vouches for its user,
/// is asked for a new one before then (the app's `onboarding:session-expiring`).
pub const PLATFORM_SESSION_TTL_MS: i64 = 2 * 3600 * 1000;

pub async fn start_session(state: &AppState, identity_id: &str) -> Result<SessionGrant, ApiError> {
    start_session_for(state, identity_id, SESSION_TTL_MS).await
}

/// A session of `ttl_ms` for `identity_id`.
pub async fn start_session_for(state: &AppState, identity_id: &str, ttl_ms: i64) -> Result<SessionGrant, ApiError> {
    let token = random_hex(32);
    let expires_at = now_ms() + ttl_ms;
    store::sessions::insert(&state.db, &sha256_hex(token.as_bytes()), identity_id, expires_at).await?;
    let registered = store::accounts::by_identity(&state.db, identity_id).await?.is_some();
    Ok(SessionGrant {
        token,
        expires_at,
        registered,
        entity_type: None,
    })
}

/// The bearer credential of a request, if it has one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        // RFC 9110 §11.1: the scheme is case-insensitive ("bearer" is "Bearer").
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// The SHA-256 of a well-formed bearer token (64 hex characters), or 401.
pub(crate) fn token_hash(parts: &Parts) -> Result<String, ApiError> {
    let token = bearer(parts)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(ApiError::Unauthorized)?;
    Ok(sha256_hex(token.as_bytes()))
}

/// A platform's backend, presenting the key of `--platform-key-file`.
pub struct Platform;

impl FromRequestParts<AppState> for Platform {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Platform, ApiError> {
        // Without a configured key every key is refused, as a wrong one is.
        let Some(key_hash) = &state.platform_key_hash else {
            return Err(ApiError::Unauthorized);
        };
        // Compared as hashes, in constant time: the key's length says nothing either.
        let presented = sha256_hex(bearer(parts).unwrap_or_default().as_bytes());
        if crate::util::constant_time_eq(presented.as_bytes(), key_hash.as_bytes()) {
            Ok(Platform)
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Session, ApiError> {
        let token_hash = token_hash(parts)?;
        let identity_id = store::sessions::identity(&state.db, &token_hash, now_ms())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Session {
            identity_id,
            token_hash,
        })
    }
}

impl FromRequestParts<AppState> for Applicant {
    type Rejection = ApiError;

    /// One query from token to account: this runs on every applicant request (status polling).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Applicant, ApiError> {
        let token_hash = token_hash(parts)?;
        let account = store::accounts::by_session(&state.db, &token_hash, now_ms())
            .await?
            .ok_or(ApiError::Unauthorized)?
            .ok_or(ApiError::Forbidden(
                "not_registered",
                Text("Register an account first", "请先注册账号", "請先註冊帳號"),
            ))?;
        Ok(Applicant { account })
    }
}
