//! Security headers for the app and CORS for the API.
//!
//! The Content-Security-Policy allows no inline code: Trunk's one inline loader script is allowed
//! by its SHA-256 hash, computed from the built `index.html` at start-up, and WebAssembly needs
//! only `wasm-unsafe-eval`. Only the configured host origins may frame the app or call the API.

use std::path::Path;

use axum::http::{HeaderName, HeaderValue, Method, header};
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::util::base64;

/// `'sha256-…'` sources for every inline `<script>` of the built page.
pub fn inline_script_hashes(index_html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let body = &after[body_start..body_start + close];
            hashes.push(format!("'sha256-{}'", base64(&Sha256::digest(body.as_bytes()))));
        }
        rest = &after[body_start + close..];
    }
    hashes
}

/// The app's Content-Security-Policy for the page in `static_dir`.
pub fn content_security_policy(static_dir: &Path, allow_origins: &[String]) -> HeaderValue {
    let index = std::fs::read_to_string(static_dir.join("index.html")).unwrap_or_default();
    let scripts = inline_script_hashes(&index).join(" ");
    let ancestors = std::iter::once("'self'".to_string())
        .chain(allow_origins.iter().cloned())
        .collect::<Vec<_>>();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {}",
        ancestors.join(" ")
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// CORS for the API: only the configured host origins, with bearer tokens (no cookies).
pub fn cors(allow_origins: &[String]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(hosts(allow_origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::ACCEPT_LANGUAGE,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static(onboarding_domain::api::TICKET_CLAIM_HEADER),
            HeaderName::from_static(onboarding_domain::api::EDITED_AGO_HEADER),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// CORS for the app's own files: a host page on a configured origin loads the JS as a module,
/// fetches the wasm and its page modules, and checks their integrity, which all need CORS.
pub fn cors_for_files(allow_origins: &[String]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(hosts(allow_origins))
        .allow_methods([Method::GET, Method::HEAD])
}

/// The configured host origins, and nothing else.
fn hosts(allow_origins: &[String]) -> AllowOrigin {
    AllowOrigin::list(allow_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<script type=\"module\">alert(1)</script><script src=\"/a.js\"></script>";
        // `echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            inline_script_hashes(html),
            ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
        );
    }
}
