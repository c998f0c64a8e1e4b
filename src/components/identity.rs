//! One person's identity document: where they live (which decides the document), its photos,
//! name, number, validity and, when asked, the address. Used for the legal person, an agent and
//! each beneficial owner.

use leptos::prelude::*;
use onboarding_domain::{Document, Field, IdentityField, ImageRequirement, Person, Residency, tidy_number};

use crate::components::photo_upload::PhotoUpload;
use crate::components::radios::Radios;
use crate::components::text_field::{Input, TextField};
use crate::components::validity::Validity;
use crate::components::when::when;
use crate::i18n::{field_label, use_locale};
use crate::state::use_wizard;

const ID_NUMBER: Input = Input {
    kind: "text",
    inputmode: "text",
    autocomplete: "off",
    tidy: Some(tidy_number),
};

const NAME: Input = Input {
    kind: "text",
    inputmode: "text",
    autocomplete: "off",
    tidy: None,
};

#[component]
pub fn IdentityFields(person: Person, with_address: Signal<bool>) -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    // A memo, not a derived signal: the photos below are drawn again only when the residency
    // changes. Drawn again at every keystroke elsewhere, they would cancel an upload under way.
    let residency = Memo::new(move |_| wizard.draft.with(|d| d.person(person).and_then(|p| p.residency)));
    let selected: Signal<Option<Residency>> = residency.into();
    let doc = move || residency.get().map(Residency::document);
    let residency_path = person.path(IdentityField::Residency);
    let choose = Callback::new(move |r: Residency| {
        wizard.edit(Some(residency_path), |d| {
            if let Some(p) = d.person_mut(person) {
                p.residency = Some(r);
            }
        })
    });
    let id = residency_path.dom_id();
    let error = Signal::derive(move || wizard.error_at(residency_path, locale.get()));
    let photos = move || {
        let doc = doc()?;
        let faces = doc.faces().iter().zip([IdentityField::IdFront, IdentityField::IdBack]);
        Some(
            faces
                .map(|(face, f)| {
                    let path = person.path(f);
                    // The catalogue's own label ("Resident identity card: portrait face").
                    let requirement = ImageRequirement {
                        field: Field::BeneficialOwners,
                        document: Document::Identity(doc),
                        face: *face,
                    };
                    let label = Signal::derive(move || requirement.label(locale.get()));
                    view! { <PhotoUpload path=path label=label/> }
                })
                .collect_view(),
        )
    };
    let number_hint = Signal::derive(move || {
        doc()
            .map(|d| d.number_hint(locale.get()).to_string())
            .unwrap_or_default()
    });
    let keyboard = Signal::derive(move || doc().map_or("text", |d| d.number_keyboard()));
    view! {
        <Radios
            id=id
            name=residency_path.to_string()
            legend=Signal::derive(move || field_label(residency_path, locale.get()))
            options=&Residency::ALL
            key=Residency::key
            label=Signal::derive(move || Residency::ALL.iter().map(|r| r.label(locale.get())).collect())
            selected=selected
            on_change=choose
            error=error
        />
        {when(move || residency.get().is_some(), move || view! {
            {photos}
            <TextField path=person.path(IdentityField::Name) input=NAME/>
            <TextField
                path=person.path(IdentityField::IdNumber)
                input=ID_NUMBER
                hint=number_hint
                inputmode=keyboard
            />
            <Validity person=person/>
            {when(move || with_address.get(), move || view! {
                <TextField path=person.path(IdentityField::Address) input=Input { autocomplete: "street-address", ..NAME }/>
            }.into_any())}
        }.into_any())}
    }
}
