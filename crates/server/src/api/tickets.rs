//! QR sign-in: the desktop creates a ticket and polls it; the phone (WeChat, or the sandbox's
//! stand-in) scans and confirms it.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::{TICKET_CLAIM_HEADER, TicketCreated, TicketState, TicketStatus};

use crate::extract::ValidPath;
use crate::util::{constant_time_eq, now_ms, random_hex, sha256_hex};
use crate::{ApiError, AppState, auth, store};

/// A QR code on screen stays valid for five minutes; the app offers a fresh one after that.
pub const TICKET_TTL_MS: i64 = 5 * 60 * 1000;

#[utoipa::path(post, path = "/api/v1/tickets", tag = "sign-in", responses((status = 201, body = onboarding_domain::api::TicketCreated), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn create(State(state): State<AppState>) -> Result<Response, ApiError> {
    let id = random_hex(16);
    // The claim secret goes only to this answer: the QR code shows the id, and whoever sees
    // the screen can read that.
    let claim = random_hex(16);
    let now = now_ms();
    let expires_at = now + TICKET_TTL_MS;
    store::tickets::insert(&state.db, &id, &sha256_hex(claim.as_bytes()), expires_at, now).await?;
    let qr_url = format!("{}/m/sign-in/{id}", state.config.public_origin());
    let created = TicketCreated {
        id,
        claim,
        qr_url,
        expires_at,
    };
    Ok(no_store((StatusCode::CREATED, Json(created))))
}

/// The desktop's poll, with the ticket's claim secret in the `Ticket-Claim` header. On the first
/// poll after confirmation it receives its session; a ticket never hands out a second one. A
/// poll without the secret learns nothing, not even that the ticket exists.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "sign-in", params(("id" = String, Path), ("Ticket-Claim" = String, Header, description = "The `claim` of the ticket's creation answer")), responses((status = 200, body = onboarding_domain::api::TicketStatus), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody)))]
pub async fn poll(
    State(state): State<AppState>,
    ValidPath(id): ValidPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let claim_hash = headers
        .get(TICKET_CLAIM_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|claim| sha256_hex(claim.trim().as_bytes()))
        .ok_or(ApiError::NotFound)?;
    let ticket = store::tickets::get(&state.db, &id).await?.ok_or(ApiError::NotFound)?;
    let holds_claim = ticket
        .claim_hash
        .as_deref()
        .is_some_and(|stored| constant_time_eq(stored.as_bytes(), claim_hash.as_bytes()));
    if !holds_claim {
        return Err(ApiError::NotFound);
    }
    let expired = ticket.expires_at <= now_ms() && ticket.state != TicketState::Confirmed;
    let state_now = if expired { TicketState::Expired } else { ticket.state };
    let mut status = TicketStatus {
        state: state_now,
        expires_at: ticket.expires_at,
        session: None,
    };
    if state_now == TicketState::Confirmed
        && !ticket.claimed
        && store::tickets::claim(&state.db, &id, &claim_hash).await?
    {
        let identity = ticket
            .identity_id
            .ok_or_else(|| ApiError::Internal("confirmed ticket without identity".into()))?;
        status.session = Some(auth::start_session(&state, &identity).await?);
    }
    Ok(no_store(Json(status)))
}

/// A session token, or the secret that claims one, must stay out of every cache.
fn no_store(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
