//! Embedding in a host page. The host names the element to mount into and configures the app
//! with `data-` attributes on it:
//!
//! ```html
//! <div data-onboarding data-api-base="https://partners.example.com" data-lang="zh-CN"
//!      data-base-path="/partners/join"></div>
//! ```
//!
//! With `data-base-path`, the app's pages live under that path of the host's site
//! (`/partners/join/apply/…`), and the host serves its page for every path below it.
//!
//! Without such an element the app mounts into the body. Whatever the element holds (the static
//! loading shell of `index.html`) is replaced when the app starts.

use onboarding_domain::Locale;
use wasm_bindgen::JsCast;

macro_rules! root_class {
    () => {
        "onboarding-app"
    };
}
pub(crate) use root_class;
macro_rules! standalone_class {
    () => {
        "onboarding-standalone"
    };
}

/// The class every style of the app is scoped under.
pub const ROOT_CLASS: &str = root_class!();

/// The class `index.html` puts on its body: the page is the app's own, not a host's.
pub const STANDALONE_CLASS: &str = standalone_class!();

/// What the host page asked for.
pub struct Embedding {
    pub root: web_sys::HtmlElement,
    /// Where the API lives: the same origin when empty.
    pub api_base: String,
    pub locale: Option<Locale>,
}

thread_local! {
    static API_BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    static HOST_LOCALE: std::cell::Cell<Option<Locale>> = const { std::cell::Cell::new(None) };
    static BASE_PATH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Reads the host's element and attributes, and makes them the app's configuration.
pub fn configure() -> Option<Embedding> {
    let document = web_sys::window()?.document()?;
    let named = document
        .query_selector("[data-onboarding]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let root = match named {
        Some(root) => root,
        None => {
            let root: web_sys::HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
            document.body()?.append_child(&root).ok()?;
            root
        }
    };
    root.class_list().add_1(ROOT_CLASS).ok()?;
    let api_base = root
        .get_attribute("data-api-base")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let locale = root.get_attribute("data-lang").and_then(|tag| Locale::from_tag(&tag));
    let base_path = base_path_of(&root.get_attribute("data-base-path").unwrap_or_default());
    BASE_PATH.with(|b| *b.borrow_mut() = base_path);
    API_BASE.with(|b| *b.borrow_mut() = api_base.clone());
    HOST_LOCALE.with(|l| l.set(locale));
    // The static shell goes: the app renders its own loading states from here on.
    root.set_inner_html("");
    Some(Embedding { root, api_base, locale })
}

/// The API's base URL ("" for the page's own origin).
pub fn api_base() -> String {
    API_BASE.with(|b| b.borrow().clone())
}

/// Where the app's pages start in the host's URLs: "" when they start at the origin's root,
/// else a path such as "/partners/join" (the host's `data-base-path`).
pub fn with_base_path<T>(f: impl FnOnce(&str) -> T) -> T {
    BASE_PATH.with(|b| f(&b.borrow()))
}

/// `data-base-path` as written by a host ("partners/join/", "/partners/join") in the one form
/// the router uses: a leading "/", no trailing "/", and "" for the root.
pub fn base_path_of(attribute: &str) -> String {
    // By segments, with the `split('/')` the router already has: `trim_matches` and `format!`
    // cost a kilobyte of the first load.
    let mut path = String::new();
    for segment in attribute.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(segment);
    }
    path
}

/// The language the host page asked for, if any.
pub fn host_locale() -> Option<Locale> {
    HOST_LOCALE.with(|l| l.get())
}

/// Tags the app's root with the language its text is in. `<html lang>` changes too when the page
/// is the app's own; a host page's `<html lang>` describes the host's text, and a screen reader
/// would read the host's English in a Chinese voice if the app changed it.
pub fn show_language(tag: &str) {
    // Selectors rather than `classList`: the app already imports `querySelector`, and every
    // new browser call costs bytes of glue on the first load.
    let document = leptos::prelude::document();
    if let Ok(Some(root)) = document.query_selector(concat!(".", root_class!())) {
        let _ = root.set_attribute("lang", tag);
    }
    let standalone = document.query_selector(concat!("body.", standalone_class!()));
    if let (Ok(Some(_)), Some(html)) = (standalone, document.document_element()) {
        let _ = html.set_attribute("lang", tag);
    }
}

#[cfg(test)]
mod tests {
    use super::base_path_of;

    #[test]
    fn a_base_path_is_read_in_one_form() {
        assert_eq!(base_path_of(""), "");
        assert_eq!(base_path_of("/"), "");
        assert_eq!(base_path_of("/partners/join/"), "/partners/join");
        assert_eq!(base_path_of("partners/join"), "/partners/join");
        assert_eq!(base_path_of("/partners//join"), "/partners/join");
    }
}
