//! A value the applicant must type elsewhere exactly (an amount, an account number, a memo),
//! shown as a summary row with a "Copy" button. Where the clipboard is not available (an
//! insecure origin, an old browser) the value is selected instead, for copying by hand.

use leptos::html::Code;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::i18n::{t_string, use_i18n};

/// What the last press did.
#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

#[component]
pub fn CopyValue(
    /// The element id of the value (tests and labels find it by this).
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<Code>::new();
    let copied = RwSignal::new(Copied::Not);
    let text = value.clone();
    let copy = move |_| {
        let text = text.clone();
        spawn_local(async move {
            let done = write_to_clipboard(&text).await;
            if !done && let Some(el) = node.get_untracked() {
                select(&el);
            }
            copied.set(if done { Copied::Yes } else { Copied::Failed });
        });
    };
    view! {
        <div class="summary-row">
            <dt>{move || label.get()}</dt>
            <dd><code id=id node_ref=node>{value}</code></dd>
            <dd class="change">
                <button type="button" class="link-button" on:click=copy>
                    {move || t_string!(i18n, status.copy)}<span class="visually-hidden">" "{move || label.get()}</span>
                </button>
                <span class="copied" role="status">
                    {move || match copied.get() {
                        Copied::Not => "",
                        Copied::Yes => t_string!(i18n, status.copied),
                        Copied::Failed => t_string!(i18n, status.copy_failed),
                    }}
                </span>
            </dd>
        </div>
    }
}

/// `navigator.clipboard.writeText(text)`, read through `Reflect` because the clipboard is
/// missing outside secure origins; false when it is missing or refuses.
async fn write_to_clipboard(text: &str) -> bool {
    let navigator = window().navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    let promise: js_sys::Promise = promise.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Selects the value's text so that the applicant can copy it by hand.
fn select(el: &web_sys::HtmlElement) {
    if let Ok(Some(selection)) = window().get_selection() {
        let _ = selection.select_all_children(el);
    }
}
