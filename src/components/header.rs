//! The header: skip link, product name and the language switch.

use leptos::prelude::*;
use onboarding_domain::Locale;

use crate::i18n::{t, t_string, ui, use_i18n, use_locale};

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let other = move || match locale.get() {
        Locale::En => Locale::ZhCn,
        Locale::ZhCn => Locale::En,
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <span class="site-name">{t!(i18n, site_name)}</span>
            <button
                id="language"
                type="button"
                class="link-button"
                lang=move || other().tag()
                aria-label=move || t_string!(i18n, switch_language_label)
                on:click=move |_| i18n.set_locale(ui(other()))
            >
                {move || t_string!(i18n, switch_language)}
            </button>
        </header>
    }
}
