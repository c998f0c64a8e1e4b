//! What the app keeps in the browser's localStorage, by key: the session, the language, the
//! guide's answers, a draft's unsent edits. Storage may be missing or full (a private window):
//! then nothing is kept, and nothing fails.

use leptos::prelude::*;

pub fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The value at `key`; none when it is empty.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten().filter(|v| !v.is_empty())
}

/// Keeps `value` at `key`, or removes it.
pub fn save(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}
