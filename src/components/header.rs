//! The header: skip link, product name and the language switch.

use leptos::prelude::*;
use onboarding_domain::Locale;
use wasm_bindgen::JsCast;

use crate::i18n::{t, t_string, use_i18n, use_locale};

/// The language switch offers the other languages, each named in itself (a reader who cannot
/// read the current language still finds theirs) and marked with its `lang` for screen readers.
#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let choices = move || {
        Locale::ALL
            .into_iter()
            .filter(|l| *l != locale.get())
            .map(|l| {
                view! {
                    <li>
                        <button
                            id=format!("language-{}", l.tag())
                            type="button"
                            class="link-button"
                            lang=l.tag()
                            on:click=move |_| {
                                let left = locale.get_untracked();
                                i18n.set_locale(l);
                                keep_focus_on(left);
                            }
                        >
                            {l.endonym()}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <span class="site-name">{t!(i18n, site_name)}</span>
            <nav class="languages" aria-label=move || t_string!(i18n, language_label)>
                <ul>{choices}</ul>
            </nav>
        </header>
    }
}

/// The pressed button goes with the language it offered, so the focus would fall back to the
/// page's start; it moves instead to the button of the language just left (pressing it again
/// undoes the switch). After the next frame, when the switch has been redrawn.
fn keep_focus_on(left: Locale) {
    request_animation_frame(move || {
        let button = document().get_element_by_id(&format!("language-{}", left.tag()));
        if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = button.focus();
        }
    });
}
