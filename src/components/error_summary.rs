//! The GOV.UK error summary: a list at the top of the page, focused when it appears, linking to
//! each field with a problem.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{td_string, ui, use_locale};

/// A target is an element id on this page, or a path to another page ending in `#id`.
fn href(target: &str) -> String {
    if target.starts_with('/') {
        crate::router::href(target)
    } else {
        format!("#{target}")
    }
}

/// `errors` are (target, message) pairs, in page order. `attempts` counts submits: each one
/// that leaves errors moves focus to the summary. Errors that change while the applicant types
/// never take the focus away from the field.
#[component]
pub fn ErrorSummary(
    #[prop(into)] errors: Signal<Vec<(String, String)>>,
    #[prop(into)] attempts: Signal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let here = crate::router::use_here();
    let instance = crate::embed::use_instance();
    let node = NodeRef::<Div>::new();
    Effect::new(move |before: Option<u32>| {
        let now = attempts.get();
        // A new attempt takes the focus. On arrival, an earlier attempt's summary takes it only
        // when the URL names no answer: a link to an answer (from another page's summary or a
        // "Change" link) has already focused it.
        let arrived = before.is_none();
        if now > 0 && (!arrived || !here.names_a_part()) && before != Some(now) {
            // After this frame's render, when the summary exists.
            request_animation_frame(move || {
                if !errors.get_untracked().is_empty()
                    && let Some(el) = node.get_untracked()
                {
                    let _ = el.focus();
                }
            });
        }
        now
    });
    // A link shows its answer with the question above it, not at the very top of the screen.
    let show = move |ev: leptos::ev::MouseEvent| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[href^='#']").ok().flatten());
        if let Some(href) = link.and_then(|l| l.get_attribute("href"))
            && crate::router::show_answer(instance, &href[1..])
        {
            ev.prevent_default();
        }
    };
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" node_ref=node tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{td_string!(ui(locale.get()), error_summary_title)}</h2>
                    <ul on:click=show>
                        {list
                            .into_iter()
                            .map(|(target, message)| view! { <li><a href=href(&target)>{message}</a></li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
