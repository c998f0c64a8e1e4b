//! A platform's session ends (two hours after it began). Before it does, the host hears
//! `onboarding:session-expiring`; it passes a new start token in the same attribute as the
//! first (`embed.js`, or in a frame the app's listener, tells the app so), and the app takes it
//! for a new session of the same account without leaving the page: nothing typed is lost, and
//! the applicant sees nothing of it.

use leptos::prelude::*;
use onboarding_domain::api::SessionGrant;
use onboarding_domain::events::{SESSION_EXPIRING_NOTICE_MS, TOKEN_PASSED};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::api::{self, Abort};
use crate::embed::Instance;
use crate::session::{Session, forget_host_start_token, host_start_token};
use crate::state::stored::{load, save};

/// When the platform's session ends (ms since the epoch), while the session is one.
const EXPIRES_KEY: &str = "onboarding.session.expires";

/// The session a platform started: its end is kept, the host told before it comes, and the
/// host's element watched for the next start token.
pub fn hosted(instance: Instance, session: Session, grant: &SessionGrant) {
    save(EXPIRES_KEY, Some(&grant.expires_at.to_string()));
    instance.at_root(|| {
        provide_context(Watching);
        warn_before(instance, grant.expires_at);
        observe(instance, session);
    });
}

/// The app is watching its host for a new start token (once per app).
#[derive(Clone, Copy)]
struct Watching;

/// After a reload during a platform's session: the same, from what was kept. Called by the pages
/// that need a session rather than at the app's start, so that none of this module comes with
/// the first load (it measured 0.8 kB there).
pub fn resume(instance: Instance, session: Session) {
    let end = load(EXPIRES_KEY).and_then(|e| e.parse::<i64>().ok());
    instance.at_root(|| {
        if let (Some(end), Some(_), None) = (end, session.token(), use_context::<Watching>()) {
            provide_context(Watching);
            warn_before(instance, end);
            observe(instance, session);
        }
    });
}

/// Listens for the host's next start token (`TOKEN_PASSED`, at the app's root).
fn observe(instance: Instance, session: Session) {
    let Some(root) = instance.with(|c| c.root.clone()) else {
        return;
    };
    let on_token = Closure::<dyn Fn()>::new(move || renew(instance, session)).into_js_value();
    let _ = root.add_event_listener_with_callback(TOKEN_PASSED, on_token.unchecked_ref());
    let (root, on_token) = (SendWrapper::new(root), SendWrapper::new(on_token));
    on_cleanup(move || {
        let _ = root.remove_event_listener_with_callback(TOKEN_PASSED, on_token.unchecked_ref());
    });
}

/// Tells the host, `SESSION_EXPIRING_NOTICE_MS` before `end`, that the session is ending.
fn warn_before(instance: Instance, end: i64) {
    let wait = (end - SESSION_EXPIRING_NOTICE_MS - js_sys::Date::now() as i64).max(0) as u64;
    let expiring = move || crate::embed::events::emit_session_expiring(instance);
    if let Ok(timer) = set_timeout_with_handle(expiring, std::time::Duration::from_millis(wait)) {
        on_cleanup(move || timer.clear());
    }
}

/// The host passed a start token while a platform's session is on: it becomes the session.
fn renew(instance: Instance, session: Session) {
    let hosting = load(EXPIRES_KEY).is_some() && session.0.try_get_untracked().flatten().is_some();
    let Some(start) = host_start_token(instance).filter(|_| hosting) else {
        return;
    };
    forget_host_start_token(instance);
    let abort = instance.at_root(Abort::new);
    leptos::task::spawn_local(async move {
        if let Ok(grant) = api::take_host_session(&abort, &start).await {
            session.set(&grant.token);
            save(EXPIRES_KEY, Some(&grant.expires_at.to_string()));
            instance.at_root(|| warn_before(instance, grant.expires_at));
        }
    });
}

/// A session that is not a platform's (signed in with WeChat) has no end to tell of.
pub fn not_hosted() {
    save(EXPIRES_KEY, None);
}
