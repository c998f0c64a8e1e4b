//! The sandbox's stand-in for WeChat on the phone. These routes exist only with `--sandbox`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use onboarding_domain::api::{ConfirmTicket, TicketConfirmed, TicketState};

use crate::error::Text;
use crate::util::{now_ms, random_hex};
use crate::{ApiError, AppState, auth, store};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/tickets/{id}/scan", post(scan))
        .route("/sandbox/tickets/{id}/confirm", post(confirm))
}

fn gone() -> ApiError {
    ApiError::Conflict(
        "ticket_not_pending",
        Text(
            "This QR code has expired or was already used; show a new one",
            "此二维码已过期或已使用，请刷新二维码",
        ),
    )
}

async fn scan(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    store::tickets::get(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let moved = store::tickets::advance(
        &state.db,
        &id,
        &[TicketState::Pending],
        TicketState::Scanned,
        None,
        now_ms(),
    )
    .await?;
    if moved {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(gone())
    }
}

/// Confirms as the phone's simulated WeChat user (a new one when the phone has none yet).
async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<ConfirmTicket>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TicketConfirmed>, ApiError> {
    let Json(body) = body?;
    store::tickets::get(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let wechat_user = body
        .wechat_user
        .filter(|u| u.len() == 32 && u.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| random_hex(16));
    let identity = store::accounts::identity_for(&state.db, &wechat_user).await?;
    let from = [TicketState::Pending, TicketState::Scanned];
    if !store::tickets::advance(
        &state.db,
        &id,
        &from,
        TicketState::Confirmed,
        Some(&identity),
        now_ms(),
    )
    .await?
    {
        return Err(gone());
    }
    let session = auth::start_session(&state, &identity).await?;
    Ok(Json(TicketConfirmed {
        wechat_user,
        session,
    }))
}
