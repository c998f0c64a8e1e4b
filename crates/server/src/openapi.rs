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
        crate::wechat::flow::session,
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
        api::embed_sessions::create,
        api::embed_sessions::take,
    ),
    modifiers(&BearerAuth, &Refusals)
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
        // A platform's backend presents its key (`--platform-key-file`) the same way.
        components.add_security_scheme(
            "platform",
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

/// The refusals every operation of a kind can answer, added to each so that the document lists
/// every status the server sends (schemathesis checks it): a JSON body can be malformed (400),
/// too large (413), of another type (415) or of the wrong shape (422); a bearer token can be
/// missing or stale (401). And the limits that live in code, written into the schema from there.
struct Refusals;

impl Modify for Refusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::HttpMethod;

        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete]
                .into_iter()
                .flatten()
            {
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                if json_body {
                    refusal(op, 400, "Malformed request");
                    refusal(op, 413, "The body is larger than this endpoint takes");
                    refusal(op, 415, "The body is not application/json");
                    refusal(op, 422, "Field errors, or a body of the wrong shape");
                }
                if op.security.is_some() {
                    refusal(op, 401, "No valid session");
                }
            }
        }
        let key = crate::extract::IdempotencyKey::LENGTH;
        let (min, max) = (*key.start(), *key.end());
        // Visible ASCII only, as the extractor takes it.
        let pattern = format!("^[!-~]{{{min},{max}}}$");
        bounds(
            openapi,
            "/api/v1/application",
            HttpMethod::Post,
            "Idempotency-Key",
            (min, max),
            Some(pattern),
        );
        let name = (onboarding_domain::AccountName::MIN, onboarding_domain::AccountName::MAX);
        bounds(
            openapi,
            "/api/v1/account-names/{name}",
            HttpMethod::Get,
            "name",
            name,
            None,
        );
    }
}

/// Adds `status` with the error body, unless the handler's own annotation already says it.
fn refusal(op: &mut utoipa::openapi::path::Operation, status: u16, description: &str) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};

    op.responses.responses.entry(status.to_string()).or_insert_with(|| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
            .into()
    });
}

/// Sets the length bounds (and pattern) of one operation's string parameter.
fn bounds(
    openapi: &mut utoipa::openapi::OpenApi,
    path: &str,
    method: utoipa::openapi::path::HttpMethod,
    parameter: &str,
    (min, max): (usize, usize),
    pattern: Option<String>,
) {
    use utoipa::openapi::path::HttpMethod;
    use utoipa::openapi::{RefOr, Schema};

    let Some(item) = openapi.paths.paths.get_mut(path) else {
        return;
    };
    let op = match method {
        HttpMethod::Get => &mut item.get,
        HttpMethod::Post => &mut item.post,
        _ => return,
    };
    let parameters = op.as_mut().and_then(|op| op.parameters.as_mut());
    for p in parameters.into_iter().flatten().filter(|p| p.name == parameter) {
        if let Some(RefOr::T(Schema::Object(schema))) = &mut p.schema {
            schema.min_length = Some(min);
            schema.max_length = Some(max);
            schema.pattern.clone_from(&pattern);
        }
    }
}
