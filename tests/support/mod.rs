//! What the component tests share: a fresh root to mount into, and lookups inside it. The body
//! itself belongs to the test runner, which reads the results from it, so it is never cleared.
#![allow(dead_code)] // each test binary uses its own part of this

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A new `#test-root` (the previous one removed) styled as the app's root, with the language the
/// app will start in saved as the applicant's choice.
pub fn fresh_root(lang: &str) -> web_sys::HtmlElement {
    let document = document();
    if let Some(old) = document.get_element_by_id("test-root") {
        old.remove();
    }
    let root = document.create_element("div").unwrap();
    root.set_id("test-root");
    root.set_class_name(onboarding_app::embed::ROOT_CLASS);
    document.body().unwrap().append_child(&root).unwrap();
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item("onboarding.locale", lang).unwrap();
    root.unchecked_into()
}

/// The configuration of an app in `root`, as a host page's `data-onboarding` element gives it,
/// with the page's title the app's to write (as on its own page).
pub fn config(root: web_sys::HtmlElement) -> onboarding_app::embed::Config {
    let mut config = onboarding_app::embed::Config::of(root.clone(), root, "data-", "");
    config.manage_title = true;
    config
}

/// Mounts `part` in a fresh root with what the app provides around every page: its instance, the
/// language, the session and the router.
pub fn mount(lang: &str, part: impl FnOnce() -> AnyView + 'static) {
    let root = fresh_root(lang);
    leptos::mount::mount_to(root.clone(), move || {
        let instance = onboarding_app::embed::Instance::provide(config(root));
        onboarding_app::i18n::provide_locale(instance);
        onboarding_app::session::Session::provide();
        onboarding_app::router::provide(instance);
        part()
    })
    .forget();
}

pub fn find(selector: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(&format!("#test-root {selector}"))
        .unwrap()
        .and_then(|e| e.dyn_into().ok())
}

pub fn exists(selector: &str) -> bool {
    find(selector).is_some()
}

pub fn click(selector: &str) {
    find(selector)
        .unwrap_or_else(|| panic!("{selector} is on the page"))
        .click();
}

pub fn text(selector: &str) -> String {
    find(selector).map(|e| e.inner_text()).unwrap_or_default()
}

/// Lets effects and tasks run, and the browser render.
pub async fn settle() {
    leptos::task::tick().await;
    onboarding_app::api::sleep(20).await;
}
