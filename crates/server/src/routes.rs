//! The routes: the API under `/api/v1`, and the app for everything else.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{AppState, api, error, local_wechatpay, operator, security, static_files, wechat};

pub fn router(state: AppState) -> Router {
    // API responses are compressed on the fly (the app's files are precompressed at build time).
    let api = api::router(&state)
        .layer(middleware::from_fn(error::locale_layer))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(security::cors(&state.config.allow_origins));
    let mut router = Router::new().nest("/api/v1", api);
    // The operator page: always in a sandbox; in a deployment when the operator chose a token
    // (the generated one is printed only by a sandbox).
    if state.config.sandbox_on() || state.config.operator_token.is_some() {
        router = router.merge(operator::router(&state));
    }
    if let Some(local) = &state.local_wechatpay {
        router = router.merge(local_wechatpay::router().with_state(local.clone()));
    }
    // Sign-in with WeChat: browser navigations, not API calls (WeChat sends the browser back).
    if state.wechat.is_some() {
        // Each trip to WeChat keeps a row until it ends: as many a minute per address as tickets.
        let trips = middleware::from_fn_with_state(
            crate::rate_limit::Limit::scaled(&state.config, 20, 20),
            crate::rate_limit::limit,
        );
        router = router
            .route("/auth/wechat", axum::routing::get(wechat::flow::start).layer(trips))
            .route("/auth/wechat/callback", axum::routing::get(wechat::flow::callback));
    }
    if let Some(local) = &state.local_wechat {
        router = router.merge(wechat::local::router().with_state(local.clone()));
    }
    let router = match &state.config.static_dir {
        Some(dir) => router.fallback_service(static_files::service(dir, &state.config.allow_origins)),
        None => router,
    };
    let router = if state.config.is_https() {
        // Once a browser has seen the app over https it never tries plain http again.
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        router
    };
    router
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(span))
        .with_state(state)
}

/// A request's log span names its route's template (`/api/v1/tickets/{id}`), never its URI: the
/// path and query hold ticket ids, QR tokens and image ids, which are keys or lead to personal
/// data. App files (the fallback) are logged without their path for the same reason.
fn span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(app files)", axum::extract::MatchedPath::as_str);
    tracing::debug_span!("request", method = %request.method(), route)
}
