//! Any other path.

use leptos::prelude::*;

use crate::i18n::{texts, use_locale, use_title};

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = use_locale();
    let t = move || texts(locale.get());
    use_title(|t| t.not_found_title, Signal::derive(|| false));
    view! {
        <h1>{move || t().not_found_title}</h1>
        <p>{move || t().not_found_text}</p>
        <p><a class="way-on" href="/">{move || t().back_to_guide}</a></p>
    }
}
