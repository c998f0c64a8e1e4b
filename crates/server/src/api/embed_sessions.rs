//! Host-issued sessions (issue 16): a platform that already knows its user starts the user's
//! session from its backend, with its key, and may give answers and lock some of them. Its page
//! passes the token it gets to the app, which takes it once, soon, for a session of two hours.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use onboarding_domain::api::{EmbedSession, EmbedSessionRequest, SessionGrant};
use onboarding_domain::{ApplicationDraft, EntityType, FieldPath};

use crate::auth::{PLATFORM_SESSION_TTL_MS, Platform, start_session_for, token_hash};
use crate::extract::ValidJson;
use crate::store::platform_users::{self, PlatformUser};
use crate::util::{now_ms, random_hex, sha256_hex};
use crate::{ApiError, AppState, sealed_draft, store};

/// A start token is taken within ten minutes: the platform's page asks for it as it shows the app.
const START_TTL_MS: i64 = 10 * 60 * 1000;

/// The sealing context of a platform's answers for `identity_id`.
fn context(identity_id: &str) -> String {
    format!("platform:{identity_id}")
}

#[utoipa::path(post, path = "/api/v1/embed-sessions", tag = "embedding", security(("platform" = [])), request_body = EmbedSessionRequest, responses((status = 201, body = EmbedSession), (status = 401, description = "Not the platform's key (or none is configured)", body = onboarding_domain::api::ErrorBody), (status = 422, description = "A user id or path the rules refuse", body = onboarding_domain::api::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    _: Platform,
    ValidJson(request): ValidJson<EmbedSessionRequest>,
) -> Result<(StatusCode, Json<EmbedSession>), ApiError> {
    let now = now_ms();
    let identity = store::accounts::identity_for(&state.db, &format!("platform:{}", request.external_id)).await?;
    let user = PlatformUser {
        entity_type: request.entity_type.map(|e| e.key().to_string()),
        answers: request
            .prefill
            .as_ref()
            .map(|answers| sealed_draft::seal(&state.sealer, answers, &context(&identity))),
        locked: serde_json::to_string(&request.locked).map_err(|e| ApiError::Internal(e.to_string()))?,
    };
    platform_users::put(&state.db, &request.external_id, &identity, &user, now).await?;
    let token = random_hex(32);
    let expires_at = now + START_TTL_MS;
    platform_users::add_start(&state.db, &sha256_hex(token.as_bytes()), &identity, expires_at).await?;
    Ok((
        StatusCode::CREATED,
        Json(EmbedSession {
            session_token: token,
            expires_at,
        }),
    ))
}

/// The start token a platform's page presents as `Authorization: Bearer`.
pub struct StartToken(String);

impl FromRequestParts<AppState> for StartToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<StartToken, ApiError> {
        token_hash(parts).map(StartToken)
    }
}

#[utoipa::path(post, path = "/api/v1/embed-sessions/session", tag = "embedding", security(("bearer" = [])), responses((status = 201, body = SessionGrant), (status = 401, description = "Not a start token, taken before, or expired", body = onboarding_domain::api::ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    StartToken(hash): StartToken,
) -> Result<(StatusCode, Json<SessionGrant>), ApiError> {
    let identity = platform_users::take_start(&state.db, &hash, now_ms())
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let mut grant = start_session_for(&state, &identity, PLATFORM_SESSION_TTL_MS).await?;
    // Registration preselects the platform's entity type (an account's own is its own).
    if !grant.registered {
        let given = platform_users::entity_type_of(&state.db, &identity).await?;
        grant.entity_type = given.as_deref().and_then(EntityType::from_key);
    }
    Ok((StatusCode::CREATED, Json(grant)))
}

/// What the platform gave the owner of `account_id`: its answers and the paths it locked. `None`
/// when no platform signed them in, or it gave nothing.
pub async fn answers_of(
    state: &AppState,
    account_id: &str,
) -> Result<Option<(ApplicationDraft, Vec<FieldPath>)>, ApiError> {
    let Some((identity, user)) = platform_users::by_account(&state.db, account_id).await? else {
        return Ok(None);
    };
    let Some(sealed) = user.answers else { return Ok(None) };
    let answers = sealed_draft::open(&state.sealer, &sealed, &context(&identity))?;
    let locked = serde_json::from_str(&user.locked).map_err(|e| ApiError::Unopenable(e.to_string()))?;
    Ok(Some((answers, locked)))
}
