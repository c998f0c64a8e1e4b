//! A text answer of the application: label, hint, error, input, bound to the draft by its path.
//!
//! ```ignore
//! view! {
//!     <TextField
//!         path=Field::AdministratorMobile.into()
//!         input=Input { kind: "tel", inputmode: "tel", autocomplete: "tel-national", ..Input::TEXT }
//!     />
//! }
//! ```

use leptos::prelude::*;
use onboarding_domain::{Field, FieldPath};

use crate::i18n::{field_label, td_string, ui, use_locale};
use crate::state::use_wizard;

/// How the input behaves: its type, phone keyboard, autofill, and how typing is tidied.
#[derive(Clone, Copy)]
pub struct Input {
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    /// Applied to what is typed before it is kept (upper-casing an ID, grouping digits).
    pub tidy: Option<fn(&str) -> String>,
}

impl Input {
    pub const TEXT: Input = Input {
        kind: "text",
        inputmode: "text",
        autocomplete: "off",
        tidy: None,
    };
}

impl Default for Input {
    fn default() -> Input {
        Input::TEXT
    }
}

#[component]
pub fn TextField(
    path: FieldPath,
    /// Defaults to the answer's own label.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] input: Input,
    /// A dynamic keyboard (the ID number's depends on the document).
    #[prop(optional, into)]
    inputmode: Option<Signal<&'static str>>,
) -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let id = path.dom_id();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let label = label.unwrap_or_else(|| Signal::derive(move || field_label(path, locale.get()).to_string()));
    let error = Signal::derive(move || wizard.error_at(path, locale.get()));
    let by_platform = Signal::derive(move || wizard.platform_locked.with(|l| l.contains(&path)));
    let locked = Signal::derive(move || {
        by_platform.get()
            || match path {
                FieldPath::Field(f) => wizard.draft.with(|d| d.is_locked(f)),
                FieldPath::Owner(..) => false,
            }
    });
    let locked_hint = move || match path {
        _ if by_platform.get() => td_string!(ui(locale.get()), wizard.locked_by_platform),
        FieldPath::Field(Field::AccountName) => td_string!(ui(locale.get()), wizard.account_name_locked),
        _ => td_string!(ui(locale.get()), wizard.locked_from_legal_person),
    };
    let value = move || wizard.draft.with(|d| d.text(path).unwrap_or_default().to_string());
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() || locked.get() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let element: web_sys::HtmlInputElement = event_target(&ev);
        let typed = element.value();
        let kept = input.tidy.map_or(typed.clone(), |tidy| tidy(&typed));
        if kept != typed {
            keep_caret(&element, &typed, &kept);
        }
        wizard.edit(Some(path), |d| {
            if let Some(slot) = d.text_mut(path) {
                *slot = kept;
            }
        });
    };
    let inputmode = inputmode.unwrap_or_else(|| Signal::derive(move || input.inputmode));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {move || {
                let text = if locked.get() { Some(locked_hint().to_string()) } else { hint.map(|h| h.get()) };
                text.map(|t| view! { <p id=hint_id.clone() class="hint">{t}</p> })
            }}
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
            <input
                id=id.clone()
                name=id
                type=input.kind
                inputmode=move || inputmode.get()
                autocomplete=input.autocomplete
                spellcheck="false"
                readonly=move || locked.get()
                class:locked=move || locked.get()
                prop:value=value
                on:input=on_input
                aria-describedby=described
                aria-invalid=move || error.get().is_some().then_some("true")
            />
        </div>
    }
}

/// Shows the tidied text with the caret after the same characters it followed (tidying only adds
/// or removes spaces and changes case), instead of jumping to the end.
fn keep_caret(element: &web_sys::HtmlInputElement, typed: &str, kept: &str) {
    let caret = element.selection_start().ok().flatten().unwrap_or(0) as usize;
    let counted = |c: &char| !c.is_whitespace();
    let before = typed.chars().take(caret).filter(counted).count();
    let position = if before == 0 {
        0
    } else {
        kept.chars()
            .enumerate()
            .filter(|(_, c)| counted(c))
            .nth(before - 1)
            .map_or(kept.chars().count(), |(i, _)| i + 1)
    };
    element.set_value(kept);
    let _ = element.set_selection_range(position as u32, position as u32);
}
