//! The onboarding API under `/api/v1`, one file per resource.

mod accounts;
pub mod application;
pub mod drafts;
mod sandbox;
mod tickets;
mod uploads;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

use crate::{ApiError, AppState};

/// JSON bodies are small; only uploads may be larger (2 MiB, checked again by the domain).
const JSON_LIMIT: usize = 256 * 1024;

pub fn router(state: &AppState) -> Router<AppState> {
    let mut api = Router::new()
        .route("/health", get(accounts::health))
        .route("/tickets", post(tickets::create))
        .route("/tickets/{id}", get(tickets::poll))
        .route("/session", axum::routing::delete(accounts::sign_out))
        .route("/account-names/{name}", get(accounts::name_availability))
        .route("/registration", post(accounts::register))
        .route("/me", get(accounts::me))
        .route("/draft", get(drafts::get).merge(put(drafts::put)))
        .route("/uploads/{id}", get(uploads::download))
        .route("/application", post(application::submit))
        .route("/application/status", get(application::status))
        .route("/application/verification", post(application::choose_verification))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .route(
            "/uploads",
            post(uploads::upload).layer(DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        );
    if state.config.sandbox_on() {
        api = api.merge(sandbox::router());
    }
    api.fallback(|| async { ApiError::NotFound })
}
