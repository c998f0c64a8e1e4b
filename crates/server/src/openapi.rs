//! The OpenAPI 3.1 document, generated from the handlers and the domain's API types, served at
//! `/api/v1/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(title = "Promoter onboarding API", description = "Sign-in, registration, the authentication application and its tracking. Errors are always `{code, message, fields}`."),
    paths(
        api::accounts::health,
        api::tickets::create,
        api::tickets::poll,
        api::qr::svg,
        api::accounts::sign_out,
        api::accounts::name_availability,
        api::accounts::register,
        api::accounts::me,
        api::uploads::upload,
        api::uploads::download,
        api::drafts::get,
        api::drafts::put,
        api::application::submit,
        api::application::status,
        api::application::choose_verification,
        api::application::bind_settlement_account,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Applicant endpoints take `Authorization: Bearer <token>`.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /api/v1/openapi.json`: generated and serialised once, on the first request.
pub async fn document() -> impl axum::response::IntoResponse {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let json = JSON.get_or_init(|| ApiDoc::openapi().to_json().unwrap_or_default());
    ([(axum::http::header::CONTENT_TYPE, "application/json")], json.as_str())
}
