//! A document's validity period: from, until, or "long-term" (长期) instead of an end date.

use leptos::prelude::*;
use onboarding_domain::{IdentityField, Person};

use crate::components::text_field::{Input, TextField};
use crate::components::when::when;
use crate::i18n::{td_string, ui, use_locale};
use crate::state::use_wizard;

const DATE: Input = Input {
    kind: "date",
    inputmode: "numeric",
    autocomplete: "off",
    tidy: None,
};

#[component]
pub fn Validity(person: Person) -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let end = person.path(IdentityField::ValidityEnd);
    let checkbox_id = format!("{}-long-term", end.dom_id());
    let long_term = move || {
        wizard
            .draft
            .with(|d| d.person(person).is_some_and(|p| p.validity.long_term))
    };
    let toggle = move |ev| {
        let checked = event_target_checked(&ev);
        wizard.edit(Some(end), |d| {
            if let Some(p) = d.person_mut(person) {
                p.validity.long_term = checked;
            }
        });
    };
    view! {
        <TextField path=person.path(IdentityField::ValidityBegin) input=DATE/>
        <div class="checkbox">
            <input type="checkbox" id=checkbox_id.clone() prop:checked=long_term on:change=toggle/>
            <label for=checkbox_id>{move || td_string!(ui(locale.get()), wizard.long_term)}</label>
        </div>
        // Hidden while "long-term" is ticked; its date stays in the draft for unticking.
        {when(move || !long_term(), move || view! {
            <TextField path=end input=DATE/>
        }.into_any())}
    }
}
