//! Submitting the application, following its status, and choosing how to verify the account.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::{BindSettlementAccount, ChooseVerification, MAX_SETTLEMENT_CHANGES_PER_DAY, Submitted};
use onboarding_domain::{
    ApplicationDraft, ApplicationState, Date, FieldError, ImageIdError, NextAction, SettlementState, next_action,
};
use serde::Deserialize;

use crate::auth::Applicant;
use crate::error::Text;
use crate::extract::{IdempotencyKey, ValidJson, ValidQuery};
use crate::store::applications::{self, Patch, SubmitOutcome};
use crate::store::jobs::{self, JobKind};
use crate::util::now_ms;
use crate::{ApiError, AppState, sealed_draft, store};

/// The longest a status request may wait for a change.
const MAX_WAIT_SECS: u64 = 25;

pub fn sealed_context(account_id: &str) -> String {
    format!("application:{account_id}")
}

/// `POST /api/v1/application` with `Idempotency-Key`: full validation, then 202.
#[utoipa::path(post, path = "/api/v1/application", tag = "application", security(("bearer" = [])), params(("Idempotency-Key" = String, Header)), responses((status = 202, body = onboarding_domain::api::Submitted), (status = 400, description = "Malformed request", body = onboarding_domain::api::ErrorBody), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 409, description = "Conflicts with the current state", body = onboarding_domain::api::ErrorBody), (status = 422, description = "Field errors", body = onboarding_domain::api::ErrorBody), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    applicant: Applicant,
    IdempotencyKey(key): IdempotencyKey,
) -> Result<(StatusCode, Json<Submitted>), ApiError> {
    let account = &applicant.account;
    if !account.entity_type.needs_authentication() {
        return Err(ApiError::Conflict(
            "no_authentication_needed",
            Text(
                "A personal account can be used without authentication",
                "个人账号无需认证即可使用",
                "個人帳號無需認證即可使用",
            ),
        ));
    }
    let stored = store::drafts::get(&state.db, &account.id).await?;
    let mut draft: ApplicationDraft = match &stored {
        Some(s) => sealed_draft::open(&state.sealer, &s.sealed, &crate::api::drafts::context(&account.id))?,
        None => ApplicationDraft::default(),
    };
    // What a platform gave is submitted as the draft shows it (`drafts::get`).
    if let Some((answers, locked)) = crate::api::embed_sessions::answers_of(&state, &account.id).await? {
        draft.take_platform_answers(&answers, &locked);
    }
    let application = draft
        .validate(account.entity_type, Date::today_in_china())
        .map_err(ApiError::Invalid)?;
    // Every photo must be one this applicant uploaded: an id of another account's image, or
    // one never uploaded, is refused at its answer.
    let mut foreign = Vec::new();
    for (path, image) in application.images() {
        if store::images::owned(&state.db, image.as_str(), &account.id)
            .await?
            .is_none()
        {
            foreign.push(FieldError::new(path, ImageIdError::Format));
        }
    }
    if !foreign.is_empty() {
        return Err(ApiError::Invalid(foreign));
    }
    // Answers the situation does not ask for stay in the draft but are not submitted.
    let submitted = draft.only_required(account.entity_type);
    let sealed = sealed_draft::seal(&state.sealer, &submitted, &sealed_context(&account.id));
    let photos = store::images::named(&submitted);
    let now = now_ms();
    let (db, account_id) = (state.db.clone(), account.id.clone());
    // Sent to WeChat Pay at once, by the pipeline (which the change below wakes).
    let outcome =
        store::to_the_end(
            async move { applications::submit(&db, &account_id, &key, &sealed, &photos, now, now).await },
        )
        .await?;
    match outcome {
        SubmitOutcome::Accepted(id) => {
            state.changed(&account.id);
            Ok((
                StatusCode::ACCEPTED,
                Json(Submitted {
                    application_id: id,
                    state: ApplicationState::Checking,
                }),
            ))
        }
        SubmitOutcome::Replayed(id, s) => Ok((
            StatusCode::ACCEPTED,
            Json(Submitted {
                application_id: id,
                state: s,
            }),
        )),
        SubmitOutcome::InProgress => Err(ApiError::Conflict(
            "already_submitted",
            Text(
                "Your application is already being processed",
                "您的申请正在处理中",
                "您的申請正在處理中",
            ),
        )),
    }
}

#[derive(Deserialize, validator::Validate)]
pub struct Wait {
    /// Seconds to wait for a change when `If-None-Match` is current (at most 25).
    #[validate(range(max = MAX_WAIT_SECS))]
    wait: Option<u64>,
}

fn etag(version: i64) -> String {
    format!("\"a{version}\"")
}

/// `GET /api/v1/application/status[?wait=N]`: `ETag`/`If-None-Match` (304) and a long poll that
/// answers as soon as the state changes.
#[utoipa::path(get, path = "/api/v1/application/status", tag = "application", security(("bearer" = [])), params(("wait" = Option<u64>, Query, minimum = 0, maximum = 25, description = "Seconds to wait for a change, at most 25"), ("If-None-Match" = Option<String>, Header)), responses((status = 200, body = onboarding_domain::api::StatusView), (status = 304, description = "Unchanged"), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody), (status = 400, description = "A query out of its bounds", body = onboarding_domain::api::ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    applicant: Applicant,
    headers: HeaderMap,
    ValidQuery(query): ValidQuery<Wait>,
) -> Result<Response, ApiError> {
    let account_id = &applicant.account.id;
    let known = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let wait = Duration::from_secs(query.wait.unwrap_or(0));
    let mut changes = state.changes.subscribe(account_id);
    let deadline = tokio::time::Instant::now() + wait;
    if known.is_none() {
        // A first request: no version to compare, so read the whole application at once.
        let app = applications::by_account(&state.db, account_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        return full(&state, &app, &etag(app.version)).await;
    }
    loop {
        let (version, id) = applications::version_by_account(&state.db, account_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let tag = etag(version);
        if !matches_etag(known.as_deref().unwrap_or_default(), &tag) {
            let app = applications::by_account(&state.db, account_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            return full(&state, &app, &etag(app.version)).await;
        }
        // Unchanged: wait for any change (or the deadline), then look again. Someone waiting
        // wants to see WeChat Pay's news soon.
        if !wait.is_zero() {
            state.watch(&id);
        }
        if tokio::time::timeout_at(deadline, changes.changed()).await.is_err() {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            response
                .headers_mut()
                .insert(header::ETAG, HeaderValue::from_str(&tag).expect("ASCII"));
            return Ok(response);
        }
    }
}

/// Whether `If-None-Match` names `tag`: a list of tags, each perhaps weak (`W/`, as a proxy that
/// compresses the answer marks it), compared weakly as RFC 9110 says for `If-None-Match`.
fn matches_etag(header: &str, tag: &str) -> bool {
    header
        .split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == tag)
}

async fn full(state: &AppState, app: &applications::Application, tag: &str) -> Result<Response, ApiError> {
    let draft = sealed_draft::open(&state.sealer, &app.sealed, &sealed_context(&app.account_id))?;
    let applyment = store::applyments::of(&state.db, &app.id)
        .await?
        .filter(|a| a.round == app.round);
    let view = super::status_view::view(app, applyment.as_ref(), &draft);
    let mut response = Json(view).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, HeaderValue::from_str(tag).expect("ASCII"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache, private"));
    Ok(response)
}

/// `POST /api/v1/application/verification`: remittance or the legal person's QR scan.
#[utoipa::path(post, path = "/api/v1/application/verification", tag = "application", security(("bearer" = [])), request_body = onboarding_domain::api::ChooseVerification, responses((status = 204), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody), (status = 409, description = "Conflicts with the current state", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn choose_verification(
    State(state): State<AppState>,
    applicant: Applicant,
    ValidJson(choice): ValidJson<ChooseVerification>,
) -> Result<StatusCode, ApiError> {
    let app = applications::by_account(&state.db, &applicant.account.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if next_action(app.state, app.settlement_state) != NextAction::VerifyAccount {
        return Err(ApiError::Conflict(
            "not_awaiting_verification",
            Text(
                "The account does not need verifying now",
                "当前无需验证账户",
                "目前無需驗證帳戶",
            ),
        ));
    }
    let db = state.db.clone();
    let key = choice.method.key();
    store::to_the_end(async move {
        let patch = Patch {
            verification_method: Some(key),
            ..Patch::default()
        };
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        if !applications::amend(&mut tx, &app, patch, now_ms()).await? {
            return Err(state_changed());
        }
        tx.commit().await?;
        Ok(())
    })
    .await?;
    state.changed(&applicant.account.id);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/application/settlement-account`: after `FINISH`, confirm the application's
/// account or change it (same rules as the form, at most 5 a day); it is then verified.
#[utoipa::path(post, path = "/api/v1/application/settlement-account", tag = "application", security(("bearer" = [])), request_body = onboarding_domain::api::BindSettlementAccount, responses((status = 202), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody), (status = 409, description = "Conflicts with the current state", body = onboarding_domain::api::ErrorBody), (status = 422, description = "Field errors", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn bind_settlement_account(
    State(state): State<AppState>,
    applicant: Applicant,
    ValidJson(request): ValidJson<BindSettlementAccount>,
) -> Result<StatusCode, ApiError> {
    let account = &applicant.account;
    let app = applications::by_account(&state.db, &account.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if app
        .settlement_state
        .move_to_in(app.state, SettlementState::Verifying)
        .is_err()
    {
        return Err(ApiError::Conflict(
            "settlement_not_now",
            Text(
                "The settlement account cannot be changed at this step",
                "当前步骤不能修改结算账户",
                "目前步驟不能修改結算帳戶",
            ),
        ));
    }
    let mut draft = sealed_draft::open(&state.sealer, &app.sealed, &sealed_context(&account.id))?;
    // A change goes to WeChat Pay as a change; the application's own account is only confirmed.
    let changed = request.account.as_ref().is_some_and(|a| *a != draft.settlement_account);
    let new = request.account.unwrap_or_else(|| draft.settlement_account.clone());
    draft
        .validate_settlement_account(&new, account.entity_type, Date::today_in_china())
        .map_err(ApiError::Invalid)?;

    let now = now_ms();
    let day_start = Date::today_in_china().start_in_china_ms();
    draft.settlement_account = new;
    let sealed = sealed_draft::seal(&state.sealer, &draft, &sealed_context(&account.id));
    // The day's count, the change, its record and its verification job: one transaction, so
    // that two requests at once cannot both be the fifth, and no change waits without its job.
    // Sent to WeChat Pay at once by the pipeline, which the change below wakes.
    let db = state.db.clone();
    store::to_the_end(async move {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        let changes = applications::settlement_changes_since(&mut *tx, &app.id, day_start).await?;
        if changes >= MAX_SETTLEMENT_CHANGES_PER_DAY {
            return Err(ApiError::Conflict(
                "settlement_change_limit",
                Text(
                    "The settlement account can be changed at most 5 times a day; try again tomorrow",
                    "结算账户每天最多修改 5 次，请明天再试",
                    "結算帳戶每天最多修改 5 次，請明天再試",
                ),
            ));
        }
        if !applications::move_settlement(&mut tx, &app, SettlementState::Verifying, None, Some(&sealed), now).await? {
            return Err(state_changed());
        }
        applications::record_settlement_change(&mut *tx, &app.id, now).await?;
        store::applyments::settlement_asked(&mut tx, &app.id, changed).await?;
        jobs::add(&mut *tx, &app.id, app.round, JobKind::SettlementVerify, now).await?;
        tx.commit().await?;
        Ok(())
    })
    .await?;
    follow_in_draft(&state, &account.id, &draft.settlement_account, now).await?;
    state.changed(&account.id);
    Ok(StatusCode::ACCEPTED)
}

fn state_changed() -> ApiError {
    ApiError::Conflict(
        "state_changed",
        Text(
            "The status changed; reload it",
            "状态已变化，请刷新",
            "狀態已變化，請重新整理",
        ),
    )
}

/// The applicant's draft follows a changed settlement account, so that the next change starts
/// from the account in use. A draft saved by another device in the same instant keeps its own.
async fn follow_in_draft(
    state: &AppState,
    account_id: &str,
    account: &onboarding_domain::SettlementAccountDraft,
    now: i64,
) -> Result<(), ApiError> {
    let context = crate::api::drafts::context(account_id);
    let Some(stored) = store::drafts::get(&state.db, account_id).await? else {
        return Ok(());
    };
    let mut draft = sealed_draft::open(&state.sealer, &stored.sealed, &context)?;
    draft.settlement_account = account.clone();
    let sealed = sealed_draft::seal(&state.sealer, &draft, &context);
    let photos = store::images::named(&draft);
    store::drafts::put(&state.db, account_id, stored.version, &sealed, &photos, now, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::matches_etag;

    #[test]
    fn if_none_match_is_compared_weakly_and_as_a_list() {
        assert!(matches_etag("\"a5\"", "\"a5\""));
        assert!(matches_etag("W/\"a5\"", "\"a5\""));
        assert!(matches_etag("\"a4\", W/\"a5\"", "\"a5\""));
        assert!(matches_etag("*", "\"a5\""));
        assert!(!matches_etag("\"a4\"", "\"a5\""));
        assert!(!matches_etag("", "\"a5\""));
    }
}
