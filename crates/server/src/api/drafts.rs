//! The owner's draft: GET and PUT with `ETag`/`If-Match`, so two tabs or devices never overwrite
//! each other silently. A draft may be incomplete: the rules' findings come back as warnings.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::DraftView;
use onboarding_domain::{ApplicationDraft, Date};

use crate::auth::Applicant;
use crate::error::locale;
use crate::extract::ValidJson;
use crate::util::now_ms;
use crate::{ApiError, AppState, store};

pub fn context(account_id: &str) -> String {
    format!("draft:{account_id}")
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).expect("ASCII")
}

/// Parses `If-Match: "v7"` (or `W/"v7"`) into 7.
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let value = headers.get(header::IF_MATCH).ok_or(ApiError::PreconditionRequired)?;
    let text = value.to_str().map_err(|_| ApiError::PreconditionFailed)?.trim();
    let text = text.strip_prefix("W/").unwrap_or(text);
    text.strip_prefix("\"v")
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse().ok())
        .ok_or(ApiError::PreconditionFailed)
}

fn respond(applicant: &Applicant, draft: ApplicationDraft, version: i64, updated_at: i64) -> Response {
    let warnings = match draft.validate(applicant.account.entity_type, Date::today_in_china()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.report(locale())).collect(),
    };
    let view = DraftView {
        draft,
        version: version as u64,
        updated_at,
        warnings,
    };
    let mut response = Json(view).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[utoipa::path(get, path = "/api/v1/draft", tag = "draft", security(("bearer" = [])), responses((status = 200, body = onboarding_domain::api::DraftView, headers(("ETag" = String))), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn get(State(state): State<AppState>, applicant: Applicant) -> Result<Response, ApiError> {
    let account_id = &applicant.account.id;
    match store::drafts::get(&state.db, account_id).await? {
        None => Ok(respond(&applicant, ApplicationDraft::default(), 0, 0)),
        Some(stored) => {
            let json = state
                .sealer
                .open(&stored.sealed, &context(account_id))
                .map_err(ApiError::Internal)?;
            let draft = serde_json::from_slice(&json).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(respond(&applicant, draft, stored.version, stored.updated_at))
        }
    }
}

#[utoipa::path(put, path = "/api/v1/draft", tag = "draft", security(("bearer" = [])), params(("If-Match" = String, Header, description = "The ETag being replaced")), request_body = onboarding_domain::ApplicationDraft, responses((status = 200, body = onboarding_domain::api::DraftView), (status = 400, description = "Malformed request", body = onboarding_domain::api::ErrorBody), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 412, body = onboarding_domain::api::ErrorBody), (status = 428, body = onboarding_domain::api::ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    applicant: Applicant,
    headers: HeaderMap,
    ValidJson(draft): ValidJson<ApplicationDraft>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let account_id = &applicant.account.id;
    let json = serde_json::to_vec(&draft).map_err(|e| ApiError::Internal(e.to_string()))?;
    let sealed = state.sealer.seal(&json, &context(account_id));
    let now = now_ms();
    if !store::drafts::put(&state.db, account_id, expected, &sealed, now).await? {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(respond(&applicant, draft, expected + 1, now))
}
