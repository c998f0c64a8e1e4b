//! The only code that talks HTTP. Views call these functions; they never build URLs or parse JSON.
//!
//! Every request carries the signal of an [`Abort`] that its view created, so a request dies with
//! the view that made it (navigating away cancels it).

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use onboarding_domain::api::{
    AccountView, BindSettlementAccount, ChooseVerification, DraftView, ErrorBody, Health, Me, NameAvailability,
    RegisterRequest, Remittance, SessionGrant, StatusView, Submitted, TicketCreated, TicketStatus, VerificationMethod,
};
use onboarding_domain::events::ErrorCode;
use onboarding_domain::{ApplicationDraft, SettlementAccountDraft};
use send_wrapper::SendWrapper;

use crate::embed::Instance;
use serde::de::DeserializeOwned;

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer: offline, or the server is down.
    Network,
    /// The server refused, in its one error shape.
    Refused { status: u16, body: ErrorBody },
    /// An answer we could not read (a bug on one side).
    Unreadable,
    /// The applicant (or the view going away) cancelled it.
    Cancelled,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Cancels a view's requests when the view is cleaned up. It also carries the app's
/// [`Instance`], whose API base and language every request needs, to code after an `await`.
#[derive(Clone)]
pub struct Abort(SendWrapper<Option<web_sys::AbortController>>, Instance);

impl Abort {
    /// Creates the controller and registers its abort with the current reactive owner.
    pub fn new() -> Abort {
        let abort = Abort(
            SendWrapper::new(web_sys::AbortController::new().ok()),
            crate::embed::use_instance(),
        );
        let on_exit = abort.clone();
        on_cleanup(move || {
            if let Some(controller) = on_exit.0.as_ref() {
                controller.abort();
            }
        });
        abort
    }

    /// A controller for one request that its owner cancels itself (say, a long poll when the tab
    /// is hidden); it is not tied to a view.
    pub fn detached(&self) -> Abort {
        Abort(SendWrapper::new(web_sys::AbortController::new().ok()), self.1)
    }

    /// The app this belongs to.
    pub fn instance(&self) -> Instance {
        self.1
    }

    fn url(&self, path: &str) -> String {
        url(self.1, path)
    }

    /// With the app's language, for the server's messages.
    fn language(&self, request: RequestBuilder) -> RequestBuilder {
        request.header("Accept-Language", locale_tag(self.1))
    }

    /// Cancels the requests that carry this.
    pub fn abort(&self) {
        if let Some(controller) = self.0.as_ref() {
            controller.abort();
        }
    }

    /// The signal, for listeners that should stop with the view.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }

    /// Whether the view that owns this has gone: loops stop then.
    pub fn is_aborted(&self) -> bool {
        self.0.as_ref().is_some_and(|c| c.signal().aborted())
    }

    fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        let signal = self.0.as_ref().map(|c| c.signal());
        request.abort_signal(signal.as_ref())
    }
}

impl Default for Abort {
    fn default() -> Self {
        Abort::new()
    }
}

/// The URL of an API path, at the app's API base.
fn url(instance: Instance, path: &str) -> String {
    format!("{}/api/v1{path}", instance.api_base())
}

fn locale_tag(instance: Instance) -> &'static str {
    instance.locale_now().tag()
}

async fn read<T: DeserializeOwned>(abort: &Abort, response: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    serde_json::from_str(&accepted(abort, response).await?).map_err(|_| ApiError::Unreadable)
}

/// The body of a successful answer; a refusal with the server's error, or a network failure.
/// Not generic, so that each answer's type adds only its parsing (not another copy of this, with
/// the error's, to every page module: 1 kB or so).
async fn accepted(abort: &Abort, response: Result<Response, gloo_net::Error>) -> Result<String, ApiError> {
    let response = response.map_err(|_| failed(abort))?;
    if response.ok() {
        response.text().await.map_err(|_| ApiError::Unreadable)
    } else {
        Err(refused(abort, response).await)
    }
}

/// The server's refusal, in its one error shape. The host is told when it is the server's own
/// failure or the session's end (`onboarding:error`); the applicant's answers refused are the
/// page's to show.
async fn refused(abort: &Abort, response: Response) -> ApiError {
    let status = response.status();
    tell_host_of(abort.instance(), status);
    match response.json().await {
        Ok(body) => ApiError::Refused { status, body },
        Err(_) => ApiError::Unreadable,
    }
}

/// Tells the host of an answer with `status` when it is the server's failure or the session's end.
fn tell_host_of(instance: Instance, status: u16) {
    match status {
        401 => tell_host(instance, ErrorCode::SessionEnded),
        500.. => tell_host(instance, ErrorCode::Server),
        _ => {}
    }
}

fn tell_host(instance: Instance, code: ErrorCode) {
    crate::embed::events::emit(instance, &code.event());
}

fn authorised(request: RequestBuilder, token: &str) -> RequestBuilder {
    request.header("Authorization", &format!("Bearer {token}"))
}

pub async fn create_ticket(abort: &Abort) -> Result<TicketCreated, ApiError> {
    read(abort, abort.apply(Request::post(&abort.url("/tickets"))).send().await).await
}

/// Polls the ticket this page created: only its claim secret gets the session.
pub async fn poll_ticket(abort: &Abort, ticket: &TicketCreated) -> Result<TicketStatus, ApiError> {
    let request = Request::get(&abort.url(&format!("/tickets/{}", ticket.id)))
        .header(onboarding_domain::api::TICKET_CLAIM_HEADER, &ticket.claim);
    read(abort, abort.apply(request).send().await).await
}

/// Takes a platform's start token (a host page's `data-session-token`) once, for a session.
pub async fn take_host_session(abort: &Abort, start: &str) -> Result<SessionGrant, ApiError> {
    read(
        abort,
        authorised(abort.apply(Request::post(&abort.url("/embed-sessions/session"))), start)
            .send()
            .await,
    )
    .await
}

/// The session of this browser, back from signing in with WeChat: the server knows the browser
/// by the cookie it set on the way there, and gives the session once.
pub async fn take_wechat_session(abort: &Abort, verifier: Option<&str>) -> Result<SessionGrant, ApiError> {
    let request = abort.apply(Request::post(&abort.url("/sign-in/session")));
    // From a host's page, whose requests carry none of the server's cookies: the verifier.
    let sent = match verifier {
        Some(verifier) => {
            request
                .json(&onboarding_domain::api::TakeSignIn {
                    verifier: verifier.into(),
                })
                .map_err(|_| ApiError::Unreadable)?
                .send()
                .await
        }
        None => request.send().await,
    };
    read(abort, sent).await
}

/// The server's way to WeChat's sign-in, coming back to `return_to` (an app path, or a host's
/// page with the `challenge` of `state::wechat_trip`); with `ticket`, signing in confirms that
/// QR code for the screen that shows it. A full page navigation, since WeChat sends the browser
/// back.
pub fn wechat_sign_in_url(
    instance: Instance,
    ticket: Option<&str>,
    return_to: &str,
    challenge: Option<&str>,
) -> String {
    let mut query = String::new();
    if let Some(challenge) = challenge {
        query.push_str("challenge=");
        query.push_str(challenge);
        query.push('&');
    }
    if let Some(ticket) = ticket {
        query.push_str("ticket=");
        query.push_str(&String::from(js_sys::encode_uri_component(ticket)));
        query.push('&');
    }
    query.push_str("return=");
    query.push_str(&String::from(js_sys::encode_uri_component(return_to)));
    format!("{}/auth/wechat?{query}", instance.api_base())
}

pub async fn name_available(abort: &Abort, name: &str) -> Result<bool, ApiError> {
    let encoded: String = js_sys::encode_uri_component(name).into();
    let answer: NameAvailability = read(
        abort,
        abort
            .language(abort.apply(Request::get(&abort.url(&format!("/account-names/{encoded}")))))
            .send()
            .await,
    )
    .await?;
    Ok(answer.available)
}

pub async fn register(abort: &Abort, token: &str, request: &RegisterRequest) -> Result<AccountView, ApiError> {
    let builder = abort.language(authorised(
        abort.apply(Request::post(&abort.url("/registration"))),
        token,
    ));
    read(
        abort,
        builder.json(request).map_err(|_| ApiError::Unreadable)?.send().await,
    )
    .await
}

pub async fn me(abort: &Abort, token: &str) -> Result<Me, ApiError> {
    read(
        abort,
        abort
            .language(authorised(abort.apply(Request::get(&abort.url("/me"))), token))
            .send()
            .await,
    )
    .await
}

/// The owner's draft (an empty one at version 0 before the first save).
pub async fn get_draft(abort: &Abort, token: &str) -> Result<DraftView, ApiError> {
    read(
        abort,
        abort
            .language(authorised(abort.apply(Request::get(&abort.url("/draft"))), token))
            .send()
            .await,
    )
    .await
}

/// Saves the draft over `version`, its last answer typed `edited_ago` ms before; 412 means
/// someone else saved first.
pub async fn put_draft(
    abort: &Abort,
    token: &str,
    version: u64,
    edited_ago: u32,
    draft: &ApplicationDraft,
) -> Result<DraftView, ApiError> {
    let request = authorised(abort.apply(Request::put(&abort.url("/draft"))), token)
        .header("If-Match", &format!("\"v{version}\""))
        .header(onboarding_domain::api::EDITED_AGO_HEADER, &format!("{edited_ago}"));
    read(
        abort,
        abort
            .language(request)
            .json(draft)
            .map_err(|_| ApiError::Unreadable)?
            .send()
            .await,
    )
    .await
}

/// Submits the saved draft. The same `key` for a retry, so that it cannot make two applications.
pub async fn submit(abort: &Abort, token: &str, key: &str) -> Result<Submitted, ApiError> {
    let request =
        authorised(abort.apply(Request::post(&abort.url("/application"))), token).header("Idempotency-Key", key);
    read(abort, abort.language(request).send().await).await
}

/// An answer with no body (204, 202), or the server's refusal.
async fn done(abort: &Abort, response: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = response.map_err(|_| failed(abort))?;
    if response.ok() {
        return Ok(());
    }
    Err(refused(abort, response).await)
}

/// A request that got no answer: cancelled by its owner, or the network (the host told).
fn failed(abort: &Abort) -> ApiError {
    if abort.is_aborted() {
        ApiError::Cancelled
    } else {
        tell_host(abort.instance(), ErrorCode::Network);
        ApiError::Network
    }
}

/// Whether the sandbox (the simulated WeChat side and bank) is on.
pub async fn health(abort: &Abort) -> Result<Health, ApiError> {
    read(abort, abort.apply(Request::get(&abort.url("/health"))).send().await).await
}

/// The status once it differs from `etag`: the server holds the request up to `wait` seconds
/// for a change, and `None` means nothing changed. The new `ETag` comes with the view.
pub async fn status_since(
    abort: &Abort,
    token: &str,
    etag: Option<&str>,
    wait: u32,
) -> Result<Option<(StatusView, Option<String>)>, ApiError> {
    let mut request = authorised(
        abort.apply(Request::get(&abort.url(&format!("/application/status?wait={wait}")))),
        token,
    );
    if let Some(tag) = etag {
        request = request.header("If-None-Match", tag);
    }
    let response = abort.language(request).send().await.map_err(|_| failed(abort))?;
    if response.status() == 304 {
        return Ok(None);
    }
    let tag = response.headers().get("etag");
    // Cancelled while the body was arriving is still cancelled, not an unreadable answer.
    let view = read(abort, Ok(response))
        .await
        .map_err(|e| if abort.is_aborted() { ApiError::Cancelled } else { e })?;
    Ok(Some((view, tag)))
}

/// Chooses how the settlement account is verified.
pub async fn choose_verification(abort: &Abort, token: &str, method: VerificationMethod) -> Result<(), ApiError> {
    let request = abort.language(authorised(
        abort.apply(Request::post(&abort.url("/application/verification"))),
        token,
    ));
    let body = ChooseVerification { method };
    done(
        abort,
        request.json(&body).map_err(|_| ApiError::Unreadable)?.send().await,
    )
    .await
}

/// After `FINISH`: confirms the application's settlement account (`None`) or changes it.
pub async fn bind_settlement_account(
    abort: &Abort,
    token: &str,
    account: Option<SettlementAccountDraft>,
) -> Result<(), ApiError> {
    let request = abort.language(authorised(
        abort.apply(Request::post(&abort.url("/application/settlement-account"))),
        token,
    ));
    let body = BindSettlementAccount { account };
    done(
        abort,
        request.json(&body).map_err(|_| ApiError::Unreadable)?.send().await,
    )
    .await
}

/// Sandbox: the bank delivers a transfer with this amount and memo.
pub async fn sandbox_remit(abort: &Abort, remittance: &Remittance) -> Result<(), ApiError> {
    let request = abort.language(abort.apply(Request::post(&abort.url("/sandbox/remittances"))));
    done(
        abort,
        request.json(remittance).map_err(|_| ApiError::Unreadable)?.send().await,
    )
    .await
}

/// Sandbox: the person on a phone page does what WeChat would ask (`kind` is `legal-scans` or
/// `signatures`).
pub async fn sandbox_confirm(abort: &Abort, kind: &str, token: &str) -> Result<(), ApiError> {
    let request = abort.language(abort.apply(Request::post(&abort.url(&format!("/sandbox/{kind}/{token}")))));
    done(abort, request.send().await).await
}

/// The application's status; 404 before the first submission.
pub async fn status(abort: &Abort, token: &str) -> Result<StatusView, ApiError> {
    read(
        abort,
        abort
            .language(authorised(
                abort.apply(Request::get(&abort.url("/application/status"))),
                token,
            ))
            .send()
            .await,
    )
    .await
}

/// The SVG of a QR code of one of the app's phone pages, drawn by the server.
pub async fn qr_svg(abort: &Abort, data: &str) -> Result<String, ApiError> {
    let encoded: String = js_sys::encode_uri_component(data).into();
    let response = abort
        .apply(Request::get(&abort.url(&format!("/qr?data={encoded}"))))
        .send()
        .await
        .map_err(|_| failed(abort))?;
    // It is inlined: only the server's SVG may be, never another page a proxy put in its place.
    let svg = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.starts_with("image/svg+xml"));
    if !response.ok() || !svg {
        return Err(ApiError::Unreadable);
    }
    response.text().await.map_err(|_| ApiError::Network)
}

/// An uploaded image's bytes, for its thumbnail (the URL needs the session, so no `<img src>`).
pub async fn image_bytes(abort: &Abort, token: &str, id: &str) -> Result<Vec<u8>, ApiError> {
    let response = authorised(abort.apply(Request::get(&abort.url(&format!("/uploads/{id}")))), token)
        .send()
        .await
        .map_err(|_| failed(abort))?;
    if !response.ok() {
        return Err(ApiError::Unreadable);
    }
    response.binary().await.map_err(|_| ApiError::Network)
}

mod upload;
pub use upload::{UploadRequest, upload_image};

/// Waits `ms` milliseconds (for polling) without blocking the page.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
