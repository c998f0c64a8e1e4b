//! Any other path.

use leptos::prelude::*;

use crate::i18n::{t, td_string, ui, use_i18n, use_title};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_title(|l| td_string!(ui(l), not_found_title), Signal::derive(|| false));
    view! {
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><a class="way-on" href=crate::router::href("/")>{t!(i18n, back_to_guide)}</a></p>
    }
}
