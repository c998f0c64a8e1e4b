//! The routes: the API under `/api/v1`, and the app for everything else.

use axum::Router;
use axum::middleware;

use crate::{AppState, api, error, static_files};

pub fn router(state: AppState) -> Router {
    let api = api::router(&state).layer(middleware::from_fn(error::locale_layer));
    let router = Router::new().nest("/api/v1", api);
    let router = match &state.config.static_dir {
        Some(dir) => router.fallback_service(static_files::service(dir)),
        None => router,
    };
    router
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
