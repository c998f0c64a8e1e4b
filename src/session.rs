//! Who is signed in: the session token (kept in localStorage so a reload or a new tab stays
//! signed in; it is a credential, never personal data), and signing in with WeChat.

use leptos::prelude::*;
use onboarding_domain::api::{SIGN_IN_OUTCOME_PARAM, SignInOutcome};

const TOKEN_KEY: &str = "onboarding.session";

use crate::state::stored::{load, save};

/// The session token as a signal, provided to the whole app.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<String>>);

impl Session {
    pub fn provide() -> Session {
        let session = Session(RwSignal::new(load(TOKEN_KEY)));
        provide_context(session);
        session
    }

    pub fn set(&self, token: &str) {
        save(TOKEN_KEY, Some(token));
        self.0.set(Some(token.to_string()));
    }

    pub fn token(&self) -> Option<String> {
        self.0.get_untracked()
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().expect("Session::provide ran")
}

/// Whether the app is open in WeChat's in-app browser (its user agent names MicroMessenger),
/// where WeChat signs its user in without a QR code.
pub fn in_wechat() -> bool {
    window()
        .navigator()
        .user_agent()
        .is_ok_and(|agent| agent.contains("MicroMessenger"))
}

/// How the trip to WeChat ended, when the URL says (the server adds it on the way back).
pub fn wechat_outcome(here: crate::router::Here) -> Option<SignInOutcome> {
    here.query_value(SIGN_IN_OUTCOME_PARAM)
        .and_then(|key| SignInOutcome::from_key(&key))
}

/// What went wrong on the way to WeChat and back.
pub fn wechat_failure(outcome: SignInOutcome, i18n: crate::i18n::I18n) -> &'static str {
    use crate::i18n::t_string;
    match outcome {
        SignInOutcome::Refused => t_string!(i18n, wechat_refused),
        SignInOutcome::Failed => t_string!(i18n, wechat_failed),
        SignInOutcome::Expired | SignInOutcome::SignedIn => t_string!(i18n, wechat_expired),
    }
}

/// A page that needs a session goes through the sign-in page first, and comes back, when a
/// sign-in needs no one to scan: inside WeChat, WeChat signs its user in; on a host page that
/// passed a start token (`session-token`), the platform has, and its user is the one there
/// now, whoever this browser was signed in as. A platform's session, kept from before a reload,
/// is watched for renewal again. (Called by those pages, not the app's shell: the shell is in
/// every first load, and this measured 0.9 kB there.)
pub fn sign_in_when_needed() {
    let here = crate::router::use_here();
    let instance = crate::embed::use_instance();
    crate::state::renewal::resume(instance, use_session());
    if host_start_token(instance).is_some() || (use_session().token().is_none() && in_wechat()) {
        let from = format!("{}{}", here.path.get_untracked(), here.query.get_untracked());
        here.replace(&format!(
            "/sign-in?next={}",
            String::from(js_sys::encode_uri_component(&from))
        ));
    }
}

/// The host's attribute in which it passes a platform's start token (after its prefix:
/// `data-session-token` on a plain element, `session-token` on `<promoter-onboarding>`).
pub(crate) const HOST_TOKEN: &str = "session-token";

/// The start token the host passed, until it is taken.
pub fn host_start_token(instance: crate::embed::Instance) -> Option<String> {
    instance.host_attribute(HOST_TOKEN).filter(|t| !t.is_empty())
}

/// Taken (or refused): the token starts nothing more, so it is dropped from the page.
pub fn forget_host_start_token(instance: crate::embed::Instance) {
    instance.remove_host_attribute(HOST_TOKEN);
}
