//! Frame mode: the app on its own origin, in an iframe that a host's
//! `<promoter-onboarding mode="frame">` made. The frame's URL names the host's origin
//! (`?onboarding-frame=https://partner.example`); the server's CSP (`frame-ancestors`, from
//! `--allow-origin`) lets only those origins frame the app, the app posts to that origin alone,
//! and it reads only messages from that origin. The protocol's names are
//! the domain's (`events::frame`).

use leptos::prelude::window;
use onboarding_domain::events::TOKEN_PASSED;
use onboarding_domain::events::frame::{EVENT, HEIGHT, HELLO, HOST_PARAM, INIT, LANG_PARAM, NAVIGATE, SESSION, SOURCE};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::Instance;

/// The host's origin and language when the app runs in a host's frame.
pub fn host() -> Option<(String, Option<String>)> {
    let window = web_sys::window()?;
    // Framed: the parent is another window.
    let parent = window.parent().ok()??;
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let params = web_sys::UrlSearchParams::new_with_str(&window.location().search().ok()?).ok()?;
    Some((params.get(HOST_PARAM)?, params.get(LANG_PARAM)))
}

/// Posts `{source, type, ...fields}` to the host (`fields`: JSON members, or "").
fn post(host: &str, kind: &str, fields: &str) {
    let separator = if fields.is_empty() { "" } else { "," };
    let json = format!("{{\"source\":\"{SOURCE}\",\"type\":\"{kind}\"{separator}{fields}}}");
    if let (Some(parent), Ok(message)) = (window().parent().ok().flatten(), js_sys::JSON::parse(&json)) {
        let _ = parent.post_message(&message, host);
    }
}

/// Asks the host's page to go to `url` (the way to WeChat's sign-in, on the app's origin).
pub fn navigate(host: &str, url: &str) {
    if let Some(url) = js_sys::JSON::stringify(&url.into()).ok().and_then(|u| u.as_string()) {
        post(host, NAVIGATE, &format!("\"url\":{url}"));
    }
}

/// Hands an event to the host's element, which dispatches it.
pub fn post_event(host: &str, name: &str, detail: &str) {
    post(
        host,
        EVENT,
        &format!("\"name\":\"onboarding:{name}\",\"detail\":{detail}"),
    );
}

/// Starts the handshake, answers the host's messages, and reports the content's height.
pub fn start(instance: Instance, host: String) {
    let listener = {
        let host = host.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            // Only the host's origin is believed: another origin's frame on the host's page, or
            // any other window, is not. (A window of the host's own origin is the host.)
            if event.origin() != host {
                return;
            }
            let data = event.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
            let text = |name: &str| field(name).and_then(|v| v.as_string());
            if text("source").as_deref() != Some(SOURCE) {
                return;
            }
            let kind = text("type");
            if kind.as_deref() == Some(INIT)
                && let Some(page) = text("page")
            {
                crate::state::wechat_trip::keep_host_page(page);
            }
            if kind.as_deref() == Some(INIT)
                && let Some(theme) = field("theme").filter(|t| t.is_object())
            {
                let properties: Vec<(String, String)> = js_sys::Object::entries(theme.unchecked_ref())
                    .iter()
                    .filter_map(|pair| {
                        let pair: js_sys::Array = pair.dyn_into().ok()?;
                        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                    })
                    .collect();
                super::theme::set(instance, &properties);
                super::theme::check(instance);
            }
            if matches!(kind.as_deref(), Some(INIT | SESSION))
                && let Some(token) = text("session_token").filter(|t| !t.is_empty())
            {
                // Where `embed.js` would put it inline, and the app told as it would be there.
                instance.with(|c| {
                    let _ = c.host.set_attribute(&[c.prefix, "session-token"].concat(), &token);
                    let passed = web_sys::CustomEventInit::new();
                    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(TOKEN_PASSED, &passed) {
                        let _ = c.root.dispatch_event(&event);
                    }
                });
            }
        })
        .into_js_value()
    };
    let _ = window().add_event_listener_with_callback("message", listener.unchecked_ref());

    // The height of the app, whenever it changes: the host sizes the frame to it, so that it is
    // never cut off nor taller than its content.
    let root = instance.with(|c| c.root.clone());
    if let Some(root) = root {
        let measured = root.clone();
        let host_for_height = host.clone();
        let on_resize = Closure::<dyn Fn()>::new(move || {
            post(
                &host_for_height,
                HEIGHT,
                &format!("\"height\":{}", measured.offset_height()),
            );
        })
        .into_js_value();
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.unchecked_ref()) {
            observer.observe(&root);
        }
    }
    post(&host, HELLO, "");
}
