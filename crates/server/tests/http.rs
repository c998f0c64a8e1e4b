//! The server over HTTP (in process): health, the API's error shape, and the built app's delivery.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use onboarding_domain::api::{ErrorBody, Health};
use onboarding_server::{AppState, Config, app};
use tower::ServiceExt;

struct Fixture {
    router: axum::Router,
    _data: tempfile::TempDir,
    _dist: tempfile::TempDir,
}

/// A server over a temporary data directory and a fake `dist/` shaped like Trunk's output.
async fn fixture() -> Fixture {
    fixture_allowing(Vec::new()).await
}

/// As `fixture`, for host pages on `allow_origins`.
async fn fixture_allowing(allow_origins: Vec<String>) -> Fixture {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.path().join("index.html.br"), b"br-index").unwrap();
    std::fs::write(
        dist.path().join("embed.d.ts"),
        "export interface OnboardingEventDetails {}",
    )
    .unwrap();
    std::fs::write(dist.path().join("onboarding-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(
        dist.path().join("onboarding-app-0123456789abcdef_bg.wasm.br"),
        b"br-wasm",
    )
    .unwrap();
    let mut config = Config::for_data_dir(data.path().join("data"));
    config.static_dir = Some(dist.path().to_path_buf());
    config.allow_origins = allow_origins;
    let router = app(AppState::open(config).await.unwrap());
    Fixture {
        router,
        _data: data,
        _dist: dist,
    }
}

async fn get(router: &axum::Router, uri: &str, accept_encoding: Option<&str>) -> axum::response::Response {
    let mut request = Request::get(uri);
    if let Some(enc) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, enc);
    }
    router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body(response: axum::response::Response) -> Vec<u8> {
    response.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[tokio::test]
async fn the_embedding_kit_s_types_are_served_as_typescript() {
    let f = fixture().await;
    let response = get(&f.router, "/embed.d.ts", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/typescript; charset=utf-8"
    );
    assert_eq!(body(response).await, b"export interface OnboardingEventDetails {}");
}

#[tokio::test]
async fn health_reports_the_database_and_sandbox() {
    let f = fixture().await;
    let response = get(&f.router, "/api/v1/health", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let health: Health = serde_json::from_slice(&body(response).await).unwrap();
    assert_eq!(health.status, "ok");
    assert!(health.sandbox);
}

#[tokio::test]
async fn unknown_api_paths_answer_with_the_error_shape() {
    let f = fixture().await;
    let response = get(&f.router, "/api/v1/no-such-thing", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: ErrorBody = serde_json::from_slice(&body(response).await).unwrap();
    assert_eq!(error.code, "not_found");
    assert!(!error.message.is_empty());
}

#[tokio::test]
async fn app_routes_fall_back_to_an_uncached_index() {
    let f = fixture().await;
    for path in ["/", "/sign-in", "/wizard/subject"] {
        let response = get(&f.router, path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(body(response).await, b"<!doctype html><title>app</title>");
    }
}

#[tokio::test]
async fn a_missing_file_is_404_not_the_app() {
    let f = fixture().await;
    // A module of an earlier build, asked for by a tab opened before a deployment.
    let response = get(&f.router, "/chunk_4-0123456789abcdef.wasm", Some("br")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(body(response).await.is_empty());
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_cached_for_a_year() {
    let f = fixture().await;
    let uri = "/onboarding-app-0123456789abcdef_bg.wasm";
    let response = get(&f.router, uri, Some("br, gzip")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(body(response).await, b"br-wasm");
    // A client without brotli gets the plain file.
    let plain = get(&f.router, uri, None).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body(plain).await, b"\0asm");
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    onboarding_server::open_database(&data).await.unwrap();
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    assert!(data.join("onboarding.sqlite3").exists());
}

#[tokio::test]
async fn the_app_has_a_strict_content_security_policy() {
    let f = fixture().await;
    let response = get(&f.router, "/", None).await;
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(response.headers()[header::REFERRER_POLICY], "no-referrer");
}

#[tokio::test]
async fn cors_admits_only_configured_host_origins() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(data.path().join("data"));
    config.allow_origins = vec!["https://host.example".into()];
    let router = app(AppState::open(config).await.unwrap());
    let preflight = |origin: &'static str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/me")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = router.clone().oneshot(preflight("https://host.example")).await.unwrap();
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://host.example"
    );
    let refused = router.oneshot(preflight("https://evil.example")).await.unwrap();
    assert!(refused.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn a_host_origin_may_load_the_apps_files() {
    let f = fixture_allowing(vec!["https://host.example".into()]).await;
    let fetch = |origin: &'static str| {
        Request::get("/onboarding-app-0123456789abcdef_bg.wasm")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let allowed = f.router.clone().oneshot(fetch("https://host.example")).await.unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://host.example"
    );
    let refused = f.router.clone().oneshot(fetch("https://evil.example")).await.unwrap();
    assert!(refused.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let f = fixture().await;
    let response = get(&f.router, "/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&body(response).await).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/tickets",
        "/api/v1/draft",
        "/api/v1/application",
        "/api/v1/application/status",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in [
        "ApplicationDraft",
        "StatusView",
        "ErrorBody",
        "FieldReport",
        "ApplicationState",
    ] {
        assert!(schemas.get(schema).is_some(), "{schema} missing");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}

#[tokio::test]
async fn without_the_sandbox_its_routes_do_not_exist() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(data.path().join("data"));
    config.sandbox = false;
    config.no_sandbox = true;
    // Without the sandbox, WeChat Pay must be configured (the test merchant of wechatpay-java).
    let testdata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wechatpay/testdata");
    let apiv3 = data.path().join("apiv3.key");
    std::fs::write(&apiv3, "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").unwrap();
    config.wechatpay.mchid = Some("1234567891".into());
    config.wechatpay.serial = Some("5F1C72E2A8931B72A2E13AF8DEE92471EB397115".into());
    config.wechatpay.private_key = Some(testdata.join("merchant_private_key.pem"));
    config.wechatpay.apiv3_key = Some(apiv3);
    config.wechatpay.platform_cert = Some(testdata.join("wechat_pay_certificate.pem"));
    // And the official account people sign in with.
    let secret = data.path().join("app_secret");
    std::fs::write(&secret, "0123456789abcdef0123456789abcdef").unwrap();
    config.wechat.appid = Some("wx0123456789abcdef".into());
    config.wechat.app_secret_file = Some(secret);
    let router = app(AppState::open(config).await.unwrap());
    // Sign-in goes to WeChat itself; the sandbox's WeChat is not there.
    let sign_in = router
        .clone()
        .oneshot(Request::get("/auth/wechat?return=%2F").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let to = sign_in.headers()[axum::http::header::LOCATION].to_str().unwrap();
    assert!(
        to.starts_with("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0123456789abcdef&"),
        "{to}"
    );
    let local = Request::get("/sandbox/wechat/connect/oauth2/authorize")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        router.clone().oneshot(local).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let confirm = Request::post("/api/v1/sandbox/remittances")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        router.clone().oneshot(confirm).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let operator = Request::get("/operator").body(Body::empty()).unwrap();
    assert_ne!(router.clone().oneshot(operator).await.unwrap().status(), StatusCode::OK);
    let health = router
        .oneshot(Request::get("/api/v1/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let health: Health = serde_json::from_slice(&body(health).await).unwrap();
    assert!(!health.sandbox);
}

#[tokio::test]
async fn api_responses_are_compressed_when_asked() {
    let f = fixture().await;
    let response = get(&f.router, "/api/v1/openapi.json", Some("br")).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn qr_codes_are_drawn_only_for_the_apps_own_phone_pages() {
    let f = fixture().await;
    let origin = Config::for_data_dir(std::path::PathBuf::from("x")).public_origin();
    let own = format!("{origin}/m/sign-in/abc123");
    let encoded: String = own
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let response = get(&f.router, &format!("/api/v1/qr?data={encoded}"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    let svg = String::from_utf8(body(response).await).unwrap();
    assert!(
        svg.starts_with("<?xml") && svg.contains("<svg"),
        "{}",
        &svg[..60.min(svg.len())]
    );

    for refused in ["https%3A%2F%2Fevil.example%2Fm%2Fx", "", "x"] {
        let response = get(&f.router, &format!("/api/v1/qr?data={refused}"), None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{refused}");
        let error: ErrorBody = serde_json::from_slice(&body(response).await).unwrap();
        assert_eq!(error.code, "qr_data_refused");
    }
    let missing = get(&f.router, "/api/v1/qr", None).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
}
