//! The header: skip link, product name and the language switch.

use leptos::prelude::*;
use onboarding_domain::Locale;
use wasm_bindgen::JsCast;

use crate::i18n::{t, t_string, use_i18n, use_locale};

/// One line on a 320 px phone (issue 15, item 9): the alliance's name gives way below 30rem, and
/// the language switch is one control, a disclosure named by the language shown. Opened, it
/// offers the other languages, each named in itself (a reader who cannot read the current
/// language still finds theirs) and marked with its `lang` for screen readers.
#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let instance = crate::embed::use_instance();
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
                                i18n.set_locale(l);
                                close_switch(instance);
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
            <span class="site-name">
                <span class="site-alliance">{t!(i18n, site_alliance)}" · "</span>
                {t!(i18n, site_name)}
            </span>
            <nav class="languages" aria-label=move || t_string!(i18n, language_label)>
                <details>
                    <summary id=SWITCH>{move || locale.get().endonym()}</summary>
                    <ul>{choices}</ul>
                </details>
            </nav>
        </header>
    }
}

/// The language switch's `id`.
const SWITCH: &str = "language";

/// The pressed button goes with the language it offered, so the focus would fall back to the
/// page's start. Instead the switch closes (a click on its summary, as a reader would do) and
/// takes the focus, now naming the language chosen. After the next frame, once the switch has
/// been redrawn. (Node refs to the switch cost 1.4 kB of the first load.)
fn close_switch(instance: crate::embed::Instance) {
    request_animation_frame(move || {
        let switch = instance.by_id(SWITCH);
        if let Some(switch) = switch.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
            switch.click();
            let _ = switch.focus();
        }
    });
}
