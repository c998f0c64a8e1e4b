//! Step 2: the legal person's identity and, for an enterprise, its beneficial owners.

use leptos::prelude::*;
use onboarding_domain::{Field, FieldPath, IdentityDraft, MAX_BENEFICIAL_OWNERS, Person, Step};

use crate::components::identity::IdentityFields;
use crate::components::radios::Radios;
use crate::components::step_form::StepForm;
use crate::components::when::when;
use crate::i18n::{field_label, t, t_string, use_i18n, use_locale};
use crate::state::use_wizard;

fn yes_no(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}

#[component]
pub fn LegalPersonStep() -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let i18n = use_i18n();
    let required = move |f: Field| Signal::derive(move || wizard.requirements.with(|r| r.contains(f)));
    let is_owner_path: FieldPath = Field::LegalPersonIsBeneficialOwner.into();
    let is_owner = Signal::derive(move || wizard.draft.with(|d| d.legal_person.is_beneficial_owner));
    let choose_owner = Callback::new(move |answer: bool| {
        wizard.edit(Some(is_owner_path), |d| {
            d.legal_person.is_beneficial_owner = Some(answer)
        })
    });
    view! {
        <StepForm step=Step::LegalPerson>
            <IdentityFields person=Person::LegalPerson with_address=required(Field::LegalPersonAddress)/>
            {when(move || required(Field::LegalPersonIsBeneficialOwner).get(), move || view! {
                <Radios
                    id=is_owner_path.dom_id()
                    name="is_beneficial_owner"
                    legend=Signal::derive(move || t_string!(i18n, wizard.is_owner))
                    hint=Signal::derive(move || t_string!(i18n, wizard.is_owner_hint))
                    options=&[true, false]
                    key=yes_no
                    label=Signal::derive(move || vec![t_string!(i18n, wizard.yes), t_string!(i18n, wizard.no)])
                    selected=is_owner
                    on_change=choose_owner
                    error=Signal::derive(move || wizard.error_at(is_owner_path, locale.get()))
                />
            }.into_any())}
            {when(move || required(Field::BeneficialOwners).get(), move || view! {
                <BeneficialOwners/>
            }.into_any())}
        </StepForm>
    }
}

/// One to four owners, each with their own document.
#[component]
fn BeneficialOwners() -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let i18n = use_i18n();
    let path: FieldPath = Field::BeneficialOwners.into();
    let count = Memo::new(move |_| wizard.draft.with(|d| d.legal_person.beneficial_owners.len()));
    let error = move || wizard.error_at(path, locale.get());
    // One slot per possible owner. A slot is drawn when it fills, and drawn again when an owner
    // before it is removed, since it then holds someone else; adding an owner leaves the others
    // alone (a photo still uploading there goes on). A keyed <For> would do the same for 2 kB
    // more of bundle.
    let redraws: Vec<RwSignal<u32>> = (0..MAX_BENEFICIAL_OWNERS).map(|_| RwSignal::new(0)).collect();
    let redraw_from = StoredValue::new(redraws.clone());
    let add = move |_| {
        wizard.edit(Some(path), |d| {
            d.legal_person.beneficial_owners.push(IdentityDraft::default())
        })
    };
    let always = Signal::derive(|| true);
    let instance = crate::embed::use_instance();
    let remove = move |i: usize| {
        wizard.edit(Some(path), |d| {
            if i < d.legal_person.beneficial_owners.len() {
                d.legal_person.beneficial_owners.remove(i);
            }
        });
        redraw_from.with_value(|slots| slots.iter().skip(i).for_each(|s| s.update(|n| *n += 1)));
        // The button pressed is gone: focus goes to the list, not to the top of the page.
        request_animation_frame(move || {
            crate::router::show_answer(instance, &path.dom_id());
        });
        // The server's findings about later owners move up with them; the removed one's go.
        wizard.server_errors.update(|errors| {
            errors.retain(|e| !matches!(e.path, FieldPath::Owner(n, _) if usize::from(n) == i));
            for e in errors.iter_mut() {
                if let FieldPath::Owner(n, f) = e.path
                    && usize::from(n) > i
                {
                    e.path = FieldPath::Owner(n - 1, f);
                }
            }
        });
    };
    view! {
        <section class="owners" id=path.dom_id() tabindex="-1" aria-labelledby="owners-heading">
            <h2 id="owners-heading">{move || field_label(path, locale.get())}</h2>
            {move || error().map(|e| view! { <p class="field-error" id="owners-error">{e}</p> })}
            {redraws
                .into_iter()
                .enumerate()
                .map(|(i, redraw)| {
                    let shown = Memo::new(move |_| count.get() > i);
                    move || {
                        redraw.track();
                        shown.get().then(|| view! {
                            <fieldset class="owner">
                                <legend>{move || format!("{} {}", t_string!(i18n, wizard.owner), i + 1)}</legend>
                                <IdentityFields person=Person::Owner(i as u8) with_address=always/>
                                <button type="button" class="link-button" on:click=move |_| remove(i)>
                                    {move || t_string!(i18n, wizard.remove_owner)}
                                    // Heard out of its fieldset, the button still says whose it is.
                                    <span class="visually-hidden">{move || format!(" ({} {})", t_string!(i18n, wizard.owner), i + 1)}</span>
                                </button>
                            </fieldset>
                        })
                    }
                })
                .collect_view()}
            {when(move || { count.get() < MAX_BENEFICIAL_OWNERS }, move || view! {
                <button type="button" id="add-owner" class="button secondary" on:click=add>{t!(i18n, wizard.add_owner)}</button>
            }.into_any())}
        </section>
    }
}
