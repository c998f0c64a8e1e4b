//! Signing in with WeChat from a host's page (inline, on another origin than the app's server).
//! The trip to WeChat leaves the host's page and comes back to it, where the app's requests carry
//! none of its server's cookies. So the app keeps a random verifier, starts the trip with its
//! SHA-256, and takes the session with the verifier (RFC 7636's S256); nothing secret is ever in
//! a URL. On the app's own page the server's cookie does all this.

use leptos::prelude::*;
use onboarding_domain::api::{SIGN_IN_OUTCOME_PARAM, SignInOutcome};
use wasm_bindgen::JsCast;

use crate::api;
use crate::embed::Instance;
use crate::router::Here;
use crate::state::stored::{load, save};

/// The verifier of the trip under way.
const VERIFIER_KEY: &str = "onboarding.wechat.verifier";
/// The app path the trip left from, on a host's page that keeps the app's pages to itself.
const FROM_KEY: &str = "onboarding.wechat.from";

thread_local! {
    /// In a host's frame, the host page's address (from the handshake).
    static HOST_PAGE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// In a host's frame: the address of the host's page, where a trip to WeChat comes back to.
pub fn keep_host_page(page: String) {
    HOST_PAGE.with(|p| *p.borrow_mut() = Some(page));
}

/// The way to WeChat's sign-in, coming back to `back_here` (an app path).
pub async fn way(instance: Instance, here: Here, back_here: &str) -> String {
    let framed = HOST_PAGE.with(|p| p.borrow().clone());
    if !instance.hosted() || (framed.is_none() && instance.with(|c| c.frame_host.is_some()) == Some(true)) {
        return api::wechat_sign_in_url(instance, None, back_here, None);
    }
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    // Back to the app's page in the host's address, or to the host's page as it is (the app's
    // page kept aside for the return: in a frame, `embed.js` opens the sign-in page).
    let page = match framed {
        Some(page) => {
            save(FROM_KEY, Some(back_here));
            without_outcome(&page)
        }
        None if instance.with(|c| c.in_url).unwrap_or(false) => format!("{origin}{}", here.href(back_here)),
        None => {
            save(FROM_KEY, Some(back_here));
            without_outcome(&location.href().unwrap_or_default())
        }
    };
    let verifier = random_hex();
    save(VERIFIER_KEY, Some(&verifier));
    let challenge = sha256_hex(&verifier).await;
    api::wechat_sign_in_url(instance, None, &page, challenge.as_deref())
}

/// Sets off on `way`: in a host's frame, the host's page goes (WeChat's page is never framed).
pub fn go(instance: Instance, way: &str) {
    match instance.with(|c| c.frame_host.clone()).flatten() {
        // The host's page resolves nothing against the app's origin: the whole URL.
        Some(host) => match way.starts_with('/') {
            true => {
                let origin = window().location().origin().unwrap_or_default();
                crate::embed::frame::navigate(&host, &format!("{origin}{way}"))
            }
            false => crate::embed::frame::navigate(&host, way),
        },
        None => {
            let _ = window().location().assign(way);
        }
    }
}

/// The verifier of the trip that came back, taken once (`None` on the app's own page).
pub fn take_verifier() -> Option<String> {
    let verifier = load(VERIFIER_KEY);
    save(VERIFIER_KEY, None);
    verifier
}

/// Whether the app starts on a host's page that keeps the app's pages to itself, back from a
/// trip to WeChat it started (the host's address says how it went): the sign-in page then reads
/// [`returned`]. All the app's first load has of this.
pub fn came_back() -> bool {
    // The browser reads the query: `str::contains` would bring its substring search to the
    // first load (4.3 kB).
    load(FROM_KEY).is_some()
        && window()
            .location()
            .search()
            .is_ok_and(|s| web_sys::UrlSearchParams::new_with_str(&s).is_ok_and(|p| p.has(SIGN_IN_OUTCOME_PARAM)))
}

/// Back from WeChat on such a page: how it went, and the app path the trip was to lead to (the
/// sign-in page's `next`). The host's address goes back to what it was.
pub fn returned() -> Option<(SignInOutcome, Option<String>)> {
    let from = load(FROM_KEY)?;
    save(FROM_KEY, None);
    let href = window().location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    let outcome = url.search_params().get(SIGN_IN_OUTCOME_PARAM)?;
    url.search_params().delete(SIGN_IN_OUTCOME_PARAM);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
    let next = from
        .split_once('?')
        .and_then(|(_, query)| web_sys::UrlSearchParams::new_with_str(query).ok())
        .and_then(|params| params.get("next"));
    Some((SignInOutcome::from_key(&outcome)?, next))
}

fn without_outcome(href: &str) -> String {
    match web_sys::Url::new(href) {
        Ok(url) => {
            url.search_params().delete(SIGN_IN_OUTCOME_PARAM);
            url.href()
        }
        Err(_) => href.to_string(),
    }
}

/// 32 random bytes, in hex.
fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char])
        .collect()
}

/// The SHA-256 of `text`, in hex, by the browser's SubtleCrypto (which needs a secure context:
/// https, or localhost).
async fn sha256_hex(text: &str) -> Option<String> {
    let subtle = window().crypto().ok()?.subtle();
    let digest = subtle.digest_with_str_and_u8_array("SHA-256", text.as_bytes()).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(digest).await.ok()?;
    let bytes = js_sys::Uint8Array::new(buffer.unchecked_ref()).to_vec();
    Some(hex(&bytes))
}
