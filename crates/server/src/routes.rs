//! The routes: the API under `/api/v1`, and the app for everything else.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use onboarding_domain::api::Health;

use crate::{ApiError, AppState, static_files};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .fallback(|| async { ApiError::NotFound });
    let router = Router::new().nest("/api/v1", api);
    let router = match &state.config.static_dir {
        Some(dir) => router.fallback_service(static_files::service(dir)),
        None => router,
    };
    router
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Answers only when the database does.
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        sandbox: state.config.sandbox && !state.config.no_sandbox,
    }))
}
