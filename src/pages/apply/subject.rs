//! Step 1: the business, its licence and its store.

use leptos::prelude::*;
use onboarding_domain::{CreditCodeError, Field, UnifiedSocialCreditCode, tidy_number};

use crate::components::photo_upload::PhotoUpload;
use crate::components::step_form::StepForm;
use crate::components::text_field::{Input, TextField};
use crate::components::when::when;
use crate::i18n::{t, td_string, text, ui, use_i18n, use_locale};
use crate::state::{Wizard, use_wizard};

/// A photo's label, as the catalogue gives it for the current situation.
pub fn image_label(wizard: Wizard, field: Field) -> Signal<String> {
    let locale = use_locale();
    Signal::derive(move || {
        wizard.requirements.with(|r| {
            r.images
                .iter()
                .find(|i| i.field == field)
                .map(|i| i.label(locale.get()))
                .unwrap_or_default()
        })
    })
}

#[component]
pub fn SubjectStep() -> impl IntoView {
    let wizard = use_wizard();
    let i18n = use_i18n();
    // The confirmation appears only for a code whose format is right but whose check character
    // fails (pilot-year licences), and stays while it is ticked.
    let soft_failure = move || {
        wizard.draft.with(|d| {
            d.subject.licence_number_confirmed
                || d.subject.licence_number.parse::<UnifiedSocialCreditCode>() == Err(CreditCodeError::CheckCharacter)
        })
    };
    let confirmed = move || wizard.draft.with(|d| d.subject.licence_number_confirmed);
    let confirm = move |ev| {
        let checked = event_target_checked(&ev);
        wizard.edit(Some(Field::LicenceNumber.into()), |d| {
            d.subject.licence_number_confirmed = checked
        });
    };
    let store_url = Input {
        kind: "url",
        inputmode: "url",
        autocomplete: "url",
        tidy: None,
    };
    view! {
        <StepForm step=onboarding_domain::Step::Subject>
            <PhotoUpload path=Field::LicenceImage.into() label=image_label(wizard, Field::LicenceImage)/>
            <TextField
                path=Field::LicenceNumber.into()
                hint=text(|l| td_string!(ui(l), wizard.licence_number_hint))
                input=Input { tidy: Some(tidy_number), ..Input::TEXT }
            />
            {when(soft_failure, move || view! {
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="subject-licence_number-confirmed"
                        prop:checked=confirmed
                        on:change=confirm
                        aria-describedby="subject-licence_number-confirmed-hint"
                    />
                    <label for="subject-licence_number-confirmed">{t!(i18n, wizard.licence_confirm)}</label>
                    <p id="subject-licence_number-confirmed-hint" class="hint">{t!(i18n, wizard.licence_confirm_hint)}</p>
                </div>
            }.into_any())}
            <TextField path=Field::MerchantName.into() hint=text(|l| td_string!(ui(l), wizard.merchant_name_hint))/>
            <TextField path=Field::LicenceLegalPersonName.into()/>
            <h2>{t!(i18n, wizard.store_heading)}</h2>
            <TextField path=Field::StoreName.into()/>
            <TextField path=Field::StoreUrl.into() hint=text(|l| td_string!(ui(l), wizard.store_url_hint)) input=store_url/>
            <PhotoUpload path=Field::StoreQrCode.into() label=image_label(wizard, Field::StoreQrCode)/>
            <TextField path=Field::StoreShortName.into() hint=text(|l| td_string!(ui(l), wizard.short_name_hint))/>
        </StepForm>
    }
}
