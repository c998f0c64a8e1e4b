//! The operator page at `/operator`: plain server-rendered HTML (no script), protected by the
//! operator token (`--operator-token`, or the one a sandbox prints at start-up). It lists the
//! applications with what WeChat Pay last said of each, and asks WeChat Pay again or revokes; in
//! a sandbox its local WeChat Pay's reviewers also approve, reject with a reason per field, or
//! let a verification deadline pass.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router, middleware};
use onboarding_domain::{ApplicationState, Field};

use crate::AppState;
use onboarding_wechatpay::fake::{Decision, DecisionError};

use crate::pipeline;
use crate::rate_limit::{self, Limit};
use crate::store::applications;

const COOKIE: &str = "onboarding_operator";
/// No script, no style, no framing: the page is forms and a table.
const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The operator pages' look: every control at least 44 px tall (WCAG 2.2's target size asks for
/// 24; the operator page is used on phones too), links that act as buttons drawn as buttons.
const STYLE: &str = "body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;max-width:60rem}\
button,.action{display:inline-flex;align-items:center;min-height:44px;min-width:44px;padding:0 1rem;margin:.25rem .5rem .25rem 0;\
font:inherit;border:2px solid #0b0c0c;border-radius:4px;background:#f3f2f1;color:#0b0c0c;text-decoration:none;cursor:pointer}\
form{display:inline}input,select{min-height:44px;font:inherit;margin:.25rem 0;max-width:100%}\
.table{overflow-x:auto}table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #b1b4b6}\
td{overflow-wrap:anywhere}td:last-child{min-width:14rem}\
fieldset{margin:0 0 1rem;min-width:0}label{display:block}select{width:100%}:focus-visible{outline:3px solid #fd0;outline-offset:0}";

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

pub fn router(state: &AppState) -> Router<AppState> {
    // Guessing the token is the one way in: a handful of tries a minute per address.
    let guesses = middleware::from_fn_with_state(Limit::scaled(&state.config, 5, 5), rate_limit::limit);
    Router::new()
        .route("/operator", get(page).merge(post(sign_in).layer(guesses)))
        .route("/operator/style.css", get(style))
        .route("/operator/applications/{id}", get(reject_page))
        .route("/operator/applications/{id}/approve", post(approve))
        .route("/operator/applications/{id}/reject", post(reject))
        .route("/operator/applications/{id}/expire", post(expire))
        .route("/operator/applications/{id}/query", post(query_now))
        .route("/operator/applications/{id}/revoke", post(revoke))
}

pub(crate) fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&#39;".into(),
            c => c.to_string(),
        })
        .collect()
}

fn signed_in(state: &AppState, headers: &HeaderMap) -> bool {
    crate::util::cookies(headers).any(|(name, value)| name == COOKIE && state.is_operator(value))
}

fn document(title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/operator/style.css\"></head>\
         <body><main><h1>{title}</h1>{body}</main></body></html>"
    );
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn sign_in_form(problem: Option<&str>) -> Response {
    let error = problem.map_or(String::new(), |p| {
        format!("<p id=\"token-error\" role=\"alert\">{p}</p>")
    });
    let described = if problem.is_some() {
        " aria-describedby=\"token-error\" aria-invalid=\"true\""
    } else {
        ""
    };
    document(
        "Sandbox operator",
        &format!(
            "{error}<form method=\"post\" action=\"/operator\"><label for=\"token\">Operator token (printed when the server starts)</label> \
             <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required{described}> \
             <button type=\"submit\">Sign in</button></form>"
        ),
    )
}

async fn sign_in(State(state): State<AppState>, Form(form): Form<HashMap<String, String>>) -> Response {
    let token = form.get("token").map(String::as_str).unwrap_or("");
    if !state.is_operator(token) {
        let mut response = sign_in_form(Some("That is not the operator token; copy it from the server's output"));
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return response;
    }
    // Over https the cookie must never travel in clear; plain http is loopback's sandbox.
    let secure = if state.config.is_https() { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/operator{secure}");
    let mut response = Redirect::to("/operator").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !signed_in(&state, &headers) {
        return sign_in_form(None);
    }
    let rows = match applications::all_with_names(&state.db).await {
        Ok(rows) => rows,
        Err(e) => return crate::ApiError::from(e).into_response(),
    };
    let mut body = String::from(
        "<div class=\"table\" role=\"region\" aria-label=\"Applications\" tabindex=\"0\"><table><caption>Applications, newest first</caption><thead><tr><th scope=\"col\">Account</th>\
         <th scope=\"col\">State</th><th scope=\"col\">Submitted (UTC)</th><th scope=\"col\">WeChat Pay</th>\
         <th scope=\"col\">Decision</th></tr></thead><tbody>",
    );
    for (app, name) in &rows {
        let id = escape(&app.id);
        let wechat_pay = match wechat_pay_column(&state, app).await {
            Ok(text) => text,
            Err(e) => return crate::ApiError::from(e).into_response(),
        };
        let mut decision = String::new();
        // The reviewers' decisions are the local WeChat Pay's; a real one makes its own.
        let local = state.local_wechatpay.is_some();
        if local && app.state == ApplicationState::Auditing {
            decision.push_str(&format!(
                "<form method=\"post\" action=\"/operator/applications/{id}/approve\"><button type=\"submit\">Approve</button></form>"
            ));
        }
        if local && app.state == ApplicationState::AccountNeedVerify {
            decision.push_str(&format!(
                "<form method=\"post\" action=\"/operator/applications/{id}/expire\"><button type=\"submit\">Let the verification deadline pass</button></form>"
            ));
        }
        // The reasons form has its own page: a list of many applications stays small.
        if local
            && matches!(
                app.state,
                ApplicationState::Checking | ApplicationState::AccountNeedVerify | ApplicationState::Auditing
            )
        {
            decision.push_str(&format!(
                "<a href=\"/operator/applications/{id}\" id=\"reject-{id}\" class=\"action\">Reject with reasons…</a>"
            ));
        }
        let submitted = onboarding_domain::Date::from_days_since_epoch(app.submitted_at.div_euclid(86_400_000))
            .map_or(String::new(), |d| d.to_string());
        if !app.state.is_final() {
            decision.push_str(&format!(
                "<form method=\"post\" action=\"/operator/applications/{id}/query\"><button type=\"submit\">Query now</button></form>\
                 <form method=\"post\" action=\"/operator/applications/{id}/revoke\"><button type=\"submit\">Revoke</button></form>"
            ));
        }
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{submitted}</td><td>{wechat_pay}</td><td>{decision}</td></tr>",
            escape(name),
            app.state.wechat_name()
        ));
    }
    if rows.is_empty() {
        body.push_str("<tr><td colspan=\"5\">No applications yet.</td></tr>");
    }
    body.push_str("</tbody></table></div>");
    document(title(&state), &body)
}

/// The page's name: the operator of a sandbox, or of a real deployment.
fn title(state: &AppState) -> &'static str {
    if state.config.sandbox_on() {
        "Sandbox operator"
    } else {
        "Operator"
    }
}

/// What WeChat Pay last said of the application, or why it could not be asked: its applyment
/// id, its state and when, the reasons it gave, and the last failure.
async fn wechat_pay_column(
    state: &AppState,
    app: &applications::Application,
) -> Result<String, crate::store::StoreError> {
    let mut text = String::new();
    match crate::store::applyments::of(&state.db, &app.id).await? {
        Some(a) if a.round == app.round => {
            text.push_str(&format!("applyment {}", a.applyment_id));
            if let (Some(s), Some(at)) = (a.answer_state, a.answered_at) {
                text.push_str(&format!(": {} at {}", s.wechat_name(), utc(at)));
            }
        }
        _ if !app.state.is_final() && app.state != ApplicationState::Rejected => text.push_str("sending"),
        _ => {}
    }
    if let Some(reasons) = &app.reasons {
        text.push_str(&format!("<br>reasons: {}", escape(reasons)));
    }
    if let Some((error, at)) = crate::store::applyments::failure(&state.db, &app.id).await? {
        text.push_str(&format!("<br>last failure, {}: {}", utc(at), escape(&error)));
    }
    Ok(text)
}

/// Unix ms as `2026-12-02 18:15:52 UTC`.
fn utc(ms: i64) -> String {
    let secs = ms.div_euclid(1_000);
    let date = onboarding_domain::Date::from_days_since_epoch(secs.div_euclid(86_400))
        .map_or(String::new(), |d| d.to_string());
    let t = secs.rem_euclid(86_400);
    format!("{date} {:02}:{:02}:{:02} UTC", t / 3600, t / 60 % 60, t % 60)
}

/// The operator asks WeChat Pay about the application now.
async fn query_now(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !signed_in(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, sign_in_form(None)).into_response();
    }
    match pipeline::follow_soon(&state, &id, std::time::Duration::ZERO).await {
        Ok(()) => Redirect::to("/operator").into_response(),
        Err(e) => crate::ApiError::from(e).into_response(),
    }
}

/// The operator withdraws the applyment at WeChat Pay; the application follows when asked.
async fn revoke(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !signed_in(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, sign_in_form(None)).into_response();
    }
    let Some(gateway) = &state.gateway else {
        return (
            StatusCode::CONFLICT,
            document("Not configured", "<p>No WeChat Pay is configured.</p>"),
        )
            .into_response();
    };
    if let Err(e) = gateway.client().revoke(&id).await {
        let body = format!(
            "<p>WeChat Pay did not revoke it: {}</p><p><a href=\"/operator\">Back</a></p>",
            escape(&e.to_string())
        );
        return (StatusCode::BAD_GATEWAY, document("Not revoked", &body)).into_response();
    }
    match pipeline::follow_soon(&state, &id, std::time::Duration::ZERO).await {
        Ok(()) => Redirect::to("/operator").into_response(),
        Err(e) => crate::ApiError::from(e).into_response(),
    }
}

/// Rejecting one application: up to three fields (WeChat Pay's `param_name`s), each with its
/// reason, as WeChat Pay's reviewers send them back.
async fn reject_page(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !signed_in(&state, &headers) {
        return (StatusCode::UNAUTHORIZED, sign_in_form(None)).into_response();
    }
    let app = match applications::by_id(&state.db, &id).await {
        Ok(Some(app))
            if matches!(
                app.state,
                ApplicationState::Checking | ApplicationState::AccountNeedVerify | ApplicationState::Auditing
            ) =>
        {
            app
        }
        Ok(_) => {
            let body = "<p>This application cannot be rejected now.</p><p><a href=\"/operator\">Back</a></p>";
            return (StatusCode::CONFLICT, document("Not at this step", body)).into_response();
        }
        Err(e) => return crate::ApiError::from(e).into_response(),
    };
    let id = escape(&app.id);
    let options: String = Field::all()
        .map(|f| format!("<option value=\"{0}\">{1} ({0})</option>", f.wechat_param(), f.path()))
        .collect();
    let mut form = format!(
        "<p>Application {id}, now {}.</p><form method=\"post\" action=\"/operator/applications/{id}/reject\">",
        app.state.wechat_name()
    );
    for i in 0..3 {
        form.push_str(&format!(
            "<fieldset><legend>Field {n}</legend><label for=\"field-{i}\">Field</label> \
             <select id=\"field-{i}\" name=\"field_{i}\"><option value=\"\">(none)</option>{options}</select> \
             <label for=\"reason-{i}\">Reason</label> <input id=\"reason-{i}\" name=\"reason_{i}\"></fieldset>",
            n = i + 1
        ));
    }
    form.push_str("<button type=\"submit\">Reject</button></form><p><a href=\"/operator\">Back</a></p>");
    document("Reject an application", &form)
}

/// A decision of WeChat Pay's reviewers, made on the sandbox's local WeChat Pay; the application
/// follows once the pipeline has asked (at once).
async fn decide(state: &AppState, headers: &HeaderMap, id: &str, decision: Decision) -> Response {
    if !signed_in(state, headers) {
        return (StatusCode::UNAUTHORIZED, sign_in_form(None)).into_response();
    }
    let back = "<p><a href=\"/operator\">Back</a></p>";
    let Some(local) = &state.local_wechatpay else {
        let body = format!("<p>This sandbox sends applications to a real WeChat Pay, which decides.</p>{back}");
        return (StatusCode::CONFLICT, document("Not here", &body)).into_response();
    };
    let why = match local.decide(id, decision).await {
        Ok(()) => {
            if let Err(e) = pipeline::follow_soon(state, id, std::time::Duration::ZERO).await {
                return crate::ApiError::from(e).into_response();
            }
            return Redirect::to("/operator").into_response();
        }
        Err(DecisionError::NotFound) => {
            return (StatusCode::NOT_FOUND, document("Not found", back)).into_response();
        }
        Err(DecisionError::NoReasons) => "Choose at least one field and give its reason.",
        Err(DecisionError::WrongState(_)) => "The application is not at a step where this decision applies.",
    };
    (
        StatusCode::CONFLICT,
        document("Not done", &format!("<p>{why}</p>{back}")),
    )
        .into_response()
}

async fn approve(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    decide(&state, &headers, &id, Decision::Approve).await
}

async fn expire(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    decide(&state, &headers, &id, Decision::Expire).await
}

async fn reject(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let reasons: Vec<(String, String)> = (0..3)
        .filter_map(|i| {
            let field = form.get(&format!("field_{i}"))?.trim();
            let reason = form.get(&format!("reason_{i}"))?.trim();
            (!field.is_empty() && !reason.is_empty()).then(|| (field.to_string(), reason.to_string()))
        })
        .collect();
    decide(&state, &headers, &id, Decision::Reject(reasons)).await
}
