//! The owner's draft: GET and PUT with `ETag`/`If-Match`, so two tabs or devices never overwrite
//! each other silently. A draft may be incomplete: the rules' findings come back as warnings.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::DraftView;
use onboarding_domain::{ApplicationDraft, Date};

use crate::auth::Applicant;
use crate::error::locale;
use crate::extract::{EditedAgo, IfMatch, ValidJson};
use crate::util::now_ms;
use crate::{ApiError, AppState, sealed_draft, store};

pub fn context(account_id: &str) -> String {
    format!("draft:{account_id}")
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).expect("ASCII")
}

/// The locked answers a platform gave, for the view.
type Platform = Option<(ApplicationDraft, Vec<onboarding_domain::FieldPath>)>;

fn locked(platform: &Platform) -> Vec<onboarding_domain::FieldPath> {
    platform
        .as_ref()
        .map(|(answers, locked)| ApplicationDraft::locked_answers(answers, locked))
        .unwrap_or_default()
}

fn respond(
    applicant: &Applicant,
    draft: ApplicationDraft,
    (version, updated_at, edited_at): (i64, i64, i64),
    locked: Vec<onboarding_domain::FieldPath>,
) -> Response {
    let warnings = match draft.validate(applicant.account.entity_type, Date::today_in_china()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.report(locale())).collect(),
    };
    let view = DraftView {
        draft,
        version: version.unsigned_abs(),
        updated_at,
        edited_at,
        warnings,
        locked,
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
    let platform = crate::api::embed_sessions::answers_of(&state, account_id).await?;
    // A platform's answers fill what is empty, and its locked ones stand whatever was stored.
    let with_platform = |mut draft: ApplicationDraft| {
        if let Some((answers, locked)) = &platform {
            draft.take_platform_answers(answers, locked);
        }
        draft
    };
    match store::drafts::get(&state.db, account_id).await? {
        None => Ok(respond(
            &applicant,
            with_platform(ApplicationDraft::default()),
            (0, 0, 0),
            locked(&platform),
        )),
        Some(stored) => {
            let draft = sealed_draft::open(&state.sealer, &stored.sealed, &context(account_id))?;
            Ok(respond(
                &applicant,
                with_platform(draft),
                (stored.version, stored.updated_at, stored.edited_at),
                locked(&platform),
            ))
        }
    }
}

#[utoipa::path(put, path = "/api/v1/draft", tag = "draft", security(("bearer" = [])), params(("If-Match" = String, Header, description = "The ETag being replaced (a list names several; `*`, whatever is current)"), ("Edited-Ago" = Option<u32>, Header, nullable = false, minimum = 0, maximum = 2147483647, description = "How many milliseconds before sending the last answer was typed (default 0)")), request_body = onboarding_domain::ApplicationDraft, responses((status = 200, body = onboarding_domain::api::DraftView), (status = 400, description = "Malformed request", body = onboarding_domain::api::ErrorBody), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 412, body = onboarding_domain::api::ErrorBody), (status = 428, body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    applicant: Applicant,
    if_match: IfMatch,
    EditedAgo(ago): EditedAgo,
    ValidJson(draft): ValidJson<ApplicationDraft>,
) -> Result<Response, ApiError> {
    let account_id = &applicant.account.id;
    // The answers a platform locked are its own: a draft that changes one is refused.
    let platform = crate::api::embed_sessions::answers_of(&state, account_id).await?;
    if let Some((answers, locked)) = &platform {
        let changed = draft.changed_locked(answers, locked);
        if !changed.is_empty() {
            return Err(ApiError::rejected(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                &onboarding_domain::application::prefill::LockedAnswers(changed),
            ));
        }
    }
    let sealed = sealed_draft::seal(&state.sealer, &draft, &context(account_id));
    let now = now_ms();
    let edited_at = now.saturating_sub(i64::from(ago)).max(0);
    // `*` replaces whatever version is current; a list replaces the one it names. A
    // stored draft that will not open is kept: nothing is written over it.
    let stored = store::drafts::get(&state.db, account_id).await?;
    if let Some(stored) = &stored {
        sealed_draft::open(&state.sealer, &stored.sealed, &context(account_id))?;
    }
    let current = stored.map(|s| s.version);
    let expected = match (&if_match, current) {
        // `*`: whatever is current, and the empty draft a new account is shown (`"v0"`) is.
        (IfMatch::Any, current) => current.unwrap_or(0),
        (IfMatch::Versions(versions), current) if versions.contains(&current.unwrap_or(0)) => current.unwrap_or(0),
        _ => return Err(ApiError::PreconditionFailed),
    };
    let photos = store::images::named(&draft);
    if !store::drafts::put(&state.db, account_id, expected, &sealed, &photos, now, edited_at).await? {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(respond(
        &applicant,
        draft,
        (expected + 1, now, edited_at),
        locked(&platform),
    ))
}
