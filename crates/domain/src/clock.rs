//! The wall clock, the one thing the rules need from the platform.

/// Milliseconds since the Unix epoch.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn now_unix_millis() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Milliseconds since the Unix epoch. `SystemTime::now()` panics on wasm32-unknown-unknown.
#[cfg(target_arch = "wasm32")]
pub(crate) fn now_unix_millis() -> i64 {
    js_sys::Date::now() as i64
}
