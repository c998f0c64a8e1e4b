//! Step 3: the super administrator: the legal person, or an agent with their own document and a
//! letter of authorisation.

use leptos::prelude::*;
use onboarding_domain::{AdministratorType, Field, FieldPath, MobileNumber, Person, Residency, Step, tidy_number};

use crate::components::identity::IdentityFields;
use crate::components::photo_upload::PhotoUpload;
use crate::components::radios::Radios;
use crate::components::step_form::StepForm;
use crate::components::text_field::{Input, TextField};
use crate::components::when::when;
use crate::i18n::{t_string, use_i18n, use_locale};
use crate::pages::apply::subject::image_label;
use crate::state::use_wizard;

fn key(t: AdministratorType) -> &'static str {
    t.code()
}

#[component]
pub fn AdministratorStep() -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let i18n = use_i18n();
    let type_path: FieldPath = Field::AdministratorType.into();
    let kind = Signal::derive(move || wizard.draft.with(|d| d.super_administrator.administrator_type));
    let choose = Callback::new(move |k: AdministratorType| {
        wizard.edit(Some(type_path), |d| d.super_administrator.administrator_type = Some(k))
    });
    let required = move |f: Field| wizard.requirements.with(|r| r.contains(f));
    let never = Signal::derive(|| false);
    let mobile = Input {
        kind: "tel",
        inputmode: "tel",
        autocomplete: "tel-national",
        tidy: None,
    };
    // Someone who lives outside the mainland is told first why their own number will not do.
    let outside_mainland = Memo::new(move |_| {
        let entity = wizard.entity.get();
        wizard.draft.with(|d| d.situation(entity).administrator_residency()) != Residency::Mainland
    });
    let mobile_hint = Signal::derive(move || {
        let digits = MobileNumber::DIGITS;
        if outside_mainland.get() {
            t_string!(i18n, wizard.mobile_hint_outside_mainland, digits).to_string()
        } else {
            t_string!(i18n, wizard.mobile_hint, digits).to_string()
        }
    });
    let email = Input {
        kind: "email",
        inputmode: "email",
        autocomplete: "email",
        tidy: None,
    };
    view! {
        <StepForm step=Step::SuperAdministrator>
            <Radios
                id=type_path.dom_id()
                name="administrator_type"
                legend=Signal::derive(move || t_string!(i18n, wizard.administrator_type))
                hint=Signal::derive(move || t_string!(i18n, wizard.administrator_type_hint))
                options=&AdministratorType::ALL
                key=key
                label=Signal::derive(move || AdministratorType::ALL.iter().map(|a| a.label(locale.get())).collect())
                selected=kind
                on_change=choose
                error=Signal::derive(move || wizard.error_at(type_path, locale.get()))
            />
            {when(move || kind.get() == Some(AdministratorType::LegalPerson), move || view! {
                <TextField path=Field::AdministratorName.into()/>
                <TextField path=Field::AdministratorIdNumber.into() input=Input { tidy: Some(tidy_number), ..Input::TEXT }/>
            }.into_any())}
            {when(move || required(Field::AdministratorResidency), move || view! {
                <IdentityFields person=Person::Agent with_address=never/>
                <PhotoUpload
                    path=Field::AdministratorAuthorisationLetter.into()
                    label=image_label(wizard, Field::AdministratorAuthorisationLetter)
                    hint=Signal::derive(move || t_string!(i18n, wizard.authorisation_letter_hint).to_string())
                />
            }.into_any())}
            <TextField path=Field::AdministratorMobile.into() input=mobile hint=mobile_hint/>
            <TextField path=Field::AdministratorEmail.into() input=email/>
        </StepForm>
    }
}
