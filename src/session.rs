//! Who is signed in: the session token (kept in localStorage so a reload or a new tab stays
//! signed in; it is a credential, never personal data) and, on a sandbox phone, its WeChat user.

use leptos::prelude::*;

const TOKEN_KEY: &str = "onboarding.session";
const WECHAT_USER_KEY: &str = "onboarding.wechat_user";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten().filter(|v| !v.is_empty())
}

fn save(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

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
    expect_context::<Session>()
}

/// Sandbox: the simulated WeChat user of this phone, so it signs in as the same person each time.
pub fn wechat_user() -> Option<String> {
    load(WECHAT_USER_KEY)
}

pub fn remember_wechat_user(user: &str) {
    save(WECHAT_USER_KEY, Some(user));
}
