//! Health, registration, the signed-in user, and signing out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use onboarding_domain::api::{AccountView, ENTRY_NOTICE_VERSION, Health, Me, NameAvailability, RegisterRequest};
use onboarding_domain::{AccountName, AccountNameTaken, NameError};

use crate::auth::Session;
use crate::error::Text;
use crate::extract::{ValidJson, ValidPath};
use crate::store::accounts::Created;
use crate::{ApiError, AppState, store};

/// Answers only when the database does.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta", responses((status = 200, body = onboarding_domain::api::Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        sandbox: state.config.sandbox_on(),
    }))
}

/// An account as the API shows it. A business account is active once the domain's next action
/// for its application is to withdraw commissions (finished, settlement account verified).
pub async fn view(state: &AppState, account: &store::Account) -> Result<AccountView, ApiError> {
    let active = if account.entity_type.needs_authentication() {
        store::applications::by_account(&state.db, &account.id)
            .await?
            .is_some_and(|a| {
                onboarding_domain::next_action(a.state, a.settlement_state)
                    == onboarding_domain::NextAction::WithdrawCommissions
            })
    } else {
        true
    };
    Ok(AccountView {
        id: account.id.clone(),
        account_name: account.name.clone(),
        entity_type: account.entity_type,
        active,
        created_at: account.created_at,
    })
}

/// An account-name problem, keyed like the form's field so the app shows it in place.
fn name_error(e: NameError) -> ApiError {
    ApiError::rejected(StatusCode::UNPROCESSABLE_ENTITY, &e)
}

#[utoipa::path(get, path = "/api/v1/account-names/{name}", tag = "accounts", params(("name" = String, Path)), responses((status = 200, body = onboarding_domain::api::NameAvailability), (status = 422, description = "Field errors", body = onboarding_domain::api::ErrorBody), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn name_availability(
    State(state): State<AppState>,
    ValidPath(name): ValidPath<String>,
) -> Result<Json<NameAvailability>, ApiError> {
    let name: AccountName = name.parse().map_err(name_error)?;
    Ok(Json(NameAvailability {
        available: !store::accounts::name_taken(&state.db, &name).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/registration", tag = "accounts", security(("bearer" = [])), request_body = onboarding_domain::api::RegisterRequest, responses((status = 201, body = onboarding_domain::api::AccountView), (status = 400, description = "Malformed request", body = onboarding_domain::api::ErrorBody), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 409, description = "Conflicts with the current state", body = onboarding_domain::api::ErrorBody), (status = 422, description = "Field errors", body = onboarding_domain::api::ErrorBody), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    session: Session,
    ValidJson(request): ValidJson<RegisterRequest>,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    if request.entry_notice_version != ENTRY_NOTICE_VERSION {
        return Err(ApiError::Conflict(
            "entry_notice_outdated",
            Text(
                "The Entry Notice has changed; read and agree to the current version",
                "入驻须知已更新，请阅读并同意最新版本",
                "入駐須知已更新，請閱讀並同意最新版本",
            ),
        ));
    }
    let name: AccountName = request.account_name.parse().map_err(name_error)?;
    match store::accounts::create(
        &state.db,
        &session.identity_id,
        &name,
        request.entity_type,
        ENTRY_NOTICE_VERSION,
    )
    .await?
    {
        Created::Account(account) => Ok((StatusCode::CREATED, Json(view(&state, &account).await?))),
        Created::NameTaken => Err(ApiError::rejected(StatusCode::CONFLICT, &AccountNameTaken)),
        Created::AlreadyRegistered => Err(ApiError::Conflict(
            "already_registered",
            Text(
                "This WeChat user already has an account",
                "该微信用户已注册账号",
                "該微信用戶已註冊帳號",
            ),
        )),
    }
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), responses((status = 200, body = onboarding_domain::api::Me), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody)))]
pub async fn me(State(state): State<AppState>, session: Session) -> Result<Json<Me>, ApiError> {
    let account = store::accounts::by_identity(&state.db, &session.identity_id).await?;
    let (has_draft, application_state) = match &account {
        Some(a) => (
            store::drafts::get(&state.db, &a.id).await?.is_some(),
            store::applications::by_account(&state.db, &a.id)
                .await?
                .map(|app| app.state),
        ),
        None => (false, None),
    };
    Ok(Json(Me {
        needs_authentication: account.as_ref().is_some_and(|a| a.entity_type.needs_authentication()),
        account: match &account {
            Some(a) => Some(view(&state, a).await?),
            None => None,
        },
        has_draft,
        application_state,
        promoter_console: state.config.promoter_console_url.clone(),
    }))
}

#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts", security(("bearer" = [])), responses((status = 204), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody)))]
pub async fn sign_out(State(state): State<AppState>, session: Session) -> Result<StatusCode, ApiError> {
    store::sessions::revoke(&state.db, &session.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
