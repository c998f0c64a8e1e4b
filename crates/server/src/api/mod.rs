//! The onboarding API under `/api/v1`, one file per resource.

pub mod accounts;
pub mod application;
pub mod drafts;
pub mod embed_sessions;
pub mod qr;
mod sandbox;
mod status_view;
pub mod tickets;
pub mod uploads;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post, put};

use crate::rate_limit::{self, Limit};
use crate::{ApiError, AppState};

/// JSON bodies are small; only uploads may be larger (2 MiB, checked again by the domain).
const JSON_LIMIT: usize = 256 * 1024;

pub fn router(state: &AppState) -> Router<AppState> {
    // Per client address: a burst, then a steady rate. Generous for people, tight for scripts.
    let limited = |burst: u32, per_minute: u32| {
        middleware::from_fn_with_state(Limit::scaled(&state.config, burst, per_minute), rate_limit::limit)
    };
    let mut api = Router::new()
        .route("/health", get(accounts::health))
        .route("/openapi.json", get(crate::openapi::document))
        .route("/tickets", post(tickets::create).layer(limited(20, 20)))
        .route("/tickets/{id}", get(tickets::poll))
        .route(
            "/sign-in/session",
            post(crate::wechat::flow::session).layer(limited(20, 20)),
        )
        .route("/qr", get(qr::svg))
        .route("/session", axum::routing::delete(accounts::sign_out))
        // A name check is one keystroke's worth of typing; a burst of them is someone listing names.
        .route(
            "/account-names/{name}",
            get(accounts::name_availability).layer(limited(60, 30)),
        )
        .route("/registration", post(accounts::register).layer(limited(10, 10)))
        .route("/me", get(accounts::me))
        // A platform's backend starts its users' sessions; its page takes each once.
        .route("/embed-sessions", post(embed_sessions::create).layer(limited(60, 600)))
        .route(
            "/embed-sessions/session",
            post(embed_sessions::take).layer(limited(20, 20)),
        )
        .route("/draft", get(drafts::get).merge(put(drafts::put)))
        .route("/uploads/{id}", get(uploads::download))
        .route("/application", post(application::submit).layer(limited(10, 10)))
        .route("/application/status", get(application::status))
        .route("/application/verification", post(application::choose_verification))
        .route(
            "/application/settlement-account",
            post(application::bind_settlement_account),
        )
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .route(
            "/uploads",
            post(uploads::upload)
                .layer(DefaultBodyLimit::max(uploads::BODY_LIMIT))
                .layer(limited(30, 30)),
        );
    if state.config.sandbox_on() {
        api = api.merge(sandbox::router());
    }
    api.fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}
