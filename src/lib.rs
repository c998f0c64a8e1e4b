//! The applicant app. Rules come from `onboarding_domain`; this crate renders and wires.
//!
//! Folders follow the flow: `i18n` (words) → `pages` (one file per route) → `components`.

pub mod components;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;

/// The root: provides the language, keeps `<html lang>` and the title in step, shows the page.
#[component]
pub fn App() -> impl IntoView {
    let locale = i18n::provide_locale();
    Effect::new(move |_| i18n::apply_to_document(locale.get()));
    view! {
        <components::header::Header/>
        <main id="main" class="page">
            <pages::guide::Guide/>
        </main>
    }
}
