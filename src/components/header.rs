//! The header: skip link, product name and the language switch.

use leptos::prelude::*;
use onboarding_domain::Locale;

use crate::i18n::{texts, use_locale};

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let t = move || texts(locale.get());
    let other = move || match locale.get() {
        Locale::En => Locale::ZhCn,
        Locale::ZhCn => Locale::En,
    };
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        <header class="site-header">
            <span class="site-name">{move || t().site_name}</span>
            <button
                id="language"
                type="button"
                class="link-button"
                lang=move || other().tag()
                aria-label=move || t().switch_language_label
                on:click=move |_| locale.set(other())
            >
                {move || t().switch_language}
            </button>
        </header>
    }
}
