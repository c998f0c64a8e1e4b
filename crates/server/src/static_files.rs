//! The built app: precompressed files, long caching for hashed assets, `index.html` for every
//! route the app handles itself, and 404 for a file that is not there.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Serves `dir` with `.br`/`.gz` siblings made at build time (brotli -q 11 is 20 % smaller than
/// on-the-fly compression), falling back to `index.html` for unknown paths.
pub fn service(dir: &Path, allow_origins: &[String]) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // What is not a file in `dir`: the app's page for the app's routes, 404 for a missing file.
    // A tab opened before a deployment asks for the old build's modules (`/chunk_4-….wasm`), and
    // the page in their place would fail as a module with a misleading error.
    let not_found = move |request: Request<Body>| {
        let index = index.clone();
        async move {
            if names_a_file(request.uri().path()) {
                StatusCode::NOT_FOUND.into_response()
            } else {
                index.oneshot(request).await.into_response()
            }
        }
    };
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(not_found.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        .layer(crate::security::cors_for_files(allow_origins))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            crate::security::content_security_policy(dir, allow_origins),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// Whether the last segment has an extension other than `.html` (the app's own routes have none).
fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty() && ext != "html")
}

/// Trunk names assets `name-<16 hex digits>.ext`; such a file never changes, so cache it for a year.
/// Everything else (above all `index.html`, which names the current assets) is revalidated.
async fn cache_control(request: Request<Body>, next: Next) -> Response<Body> {
    let hashed = is_hashed_asset(request.uri().path());
    // `embed.d.ts`, the embedding kit's TypeScript types: by its extension alone it would go out
    // as an MPEG transport stream (`.ts`).
    let declarations = request.uri().path().ends_with(".d.ts");
    let mut response = next.run(request).await;
    if declarations && response.status().is_success() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/typescript; charset=utf-8"),
        );
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let value = if hashed && !is_html && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_trunk_hashes() {
        assert!(super::is_hashed_asset("/onboarding-app-0f1e2d3c4b5a6978_bg.wasm"));
        assert!(super::is_hashed_asset("/main-0f1e2d3c4b5a6978.css"));
        assert!(!super::is_hashed_asset("/index.html"));
        assert!(!super::is_hashed_asset("/favicon.svg"));
    }

    #[test]
    fn tells_files_from_app_routes() {
        assert!(super::names_a_file("/chunk_4-0f1e2d3c4b5a6978.wasm"));
        assert!(super::names_a_file("/favicon.svg"));
        assert!(!super::names_a_file("/"));
        assert!(!super::names_a_file("/apply/legal-person"));
        assert!(!super::names_a_file("/m/sign-in/3f9a"));
        assert!(!super::names_a_file("/index.html"));
    }
}
