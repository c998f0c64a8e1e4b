//! QR sign-in: the desktop creates a ticket and polls it; the phone (WeChat, or the sandbox's
//! stand-in) scans and confirms it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use onboarding_domain::api::{TicketCreated, TicketState, TicketStatus};

use crate::util::{now_ms, random_hex};
use crate::{ApiError, AppState, auth, store};

/// A QR code on screen stays valid for five minutes; the app offers a fresh one after that.
pub const TICKET_TTL_MS: i64 = 5 * 60 * 1000;

#[utoipa::path(post, path = "/api/v1/tickets", tag = "sign-in", responses((status = 201, body = onboarding_domain::api::TicketCreated), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn create(State(state): State<AppState>) -> Result<(StatusCode, Json<TicketCreated>), ApiError> {
    let id = random_hex(16);
    let now = now_ms();
    let expires_at = now + TICKET_TTL_MS;
    store::tickets::insert(&state.db, &id, expires_at, now).await?;
    let qr_url = format!("{}/m/sign-in/{id}", state.config.public_origin());
    Ok((StatusCode::CREATED, Json(TicketCreated { id, qr_url, expires_at })))
}

/// The desktop's poll. On the first poll after confirmation it receives its session; a ticket
/// never hands out a second one.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "sign-in", params(("id" = String, Path)), responses((status = 200, body = onboarding_domain::api::TicketStatus), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody)))]
pub async fn poll(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<TicketStatus>, ApiError> {
    let ticket = store::tickets::get(&state.db, &id).await?.ok_or(ApiError::NotFound)?;
    let expired = ticket.expires_at <= now_ms() && ticket.state != TicketState::Confirmed;
    let state_now = if expired { TicketState::Expired } else { ticket.state };
    let mut status = TicketStatus {
        state: state_now,
        expires_at: ticket.expires_at,
        session: None,
    };
    if state_now == TicketState::Confirmed && !ticket.claimed && store::tickets::claim(&state.db, &id).await? {
        let identity = ticket
            .identity_id
            .ok_or_else(|| ApiError::Internal("confirmed ticket without identity".into()))?;
        status.session = Some(auth::start_session(&state, &identity).await?);
    }
    Ok(Json(status))
}
