//! Step 5: check your answers, the declaration, and submit.
//!
//! Every answer the situation asks for, by step, photos as thumbnails, each with a "Change" link
//! (identity, mobile and bank numbers in full and grouped, as the applicant must check every
//! digit, with a button to hide them; see `summary_answer`), that comes back here. Submitting first saves the draft, then sends one
//! `Idempotency-Key` per visit, so a double click or a retry cannot make two applications. A 422
//! puts the server's errors back at their fields and opens the first step with one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::events::HostEvent;
use onboarding_domain::{
    ApplicationDraft, Bank, EntityType, Field, FieldPath, IdentityField, Locale, Numbers, Step, summary_answer,
};

use crate::api::{self, Abort, ApiError};
use crate::components::error_summary::ErrorSummary;
use crate::components::thumbnail::Thumbnail;
use crate::i18n::{field_label, step_name, t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::use_session;
use crate::state::use_wizard;

/// How a summary row shows an answer.
enum Shown {
    Text(String),
    /// As typed, or a number shown or hidden as the applicant chose.
    Typed(String),
    Image(String),
}

fn answer(d: &ApplicationDraft, path: FieldPath, entity: EntityType, l: Locale) -> Shown {
    let choice = |s: Option<&'static str>| Shown::Text(s.unwrap_or(td_string!(ui(l), wizard.not_answered)).to_string());
    let residency = |p: Option<onboarding_domain::Residency>| choice(p.map(|r| r.label(l)));
    match path {
        FieldPath::Field(Field::LegalPersonResidency) => residency(d.legal_person.identity.residency),
        FieldPath::Field(Field::AdministratorResidency) => residency(d.super_administrator.identity.residency),
        FieldPath::Owner(i, IdentityField::Residency) => residency(
            d.legal_person
                .beneficial_owners
                .get(usize::from(i))
                .and_then(|o| o.residency),
        ),
        FieldPath::Field(Field::LegalPersonIsBeneficialOwner) => choice(d.legal_person.is_beneficial_owner.map(|b| {
            if b {
                td_string!(ui(l), wizard.yes)
            } else {
                td_string!(ui(l), wizard.no)
            }
        })),
        FieldPath::Field(Field::AdministratorType) => {
            choice(d.super_administrator.administrator_type.map(|a| a.label(l)))
        }
        FieldPath::Field(Field::AccountType) => choice(d.settlement_account.account_type.map(|a| a.label(l))),
        FieldPath::Field(Field::AccountBank) => choice(d.settlement_account.bank.map(|b: Bank| b.label(l))),
        FieldPath::Field(Field::LegalPersonValidityEnd) if d.legal_person.identity.validity.long_term => {
            Shown::Text(td_string!(ui(l), wizard.long_term).to_string())
        }
        FieldPath::Field(Field::AdministratorValidityEnd) if d.super_administrator.identity.validity.long_term => {
            Shown::Text(td_string!(ui(l), wizard.long_term).to_string())
        }
        FieldPath::Owner(i, IdentityField::ValidityEnd)
            if d.legal_person
                .beneficial_owners
                .get(usize::from(i))
                .is_some_and(|o| o.validity.long_term) =>
        {
            Shown::Text(td_string!(ui(l), wizard.long_term).to_string())
        }
        _ => {
            let typed = d.text(path).unwrap_or_default();
            let image = matches!(
                path,
                FieldPath::Owner(_, IdentityField::IdFront | IdentityField::IdBack)
            ) || d.requirements_image(path, entity);
            match (typed.trim().is_empty(), image) {
                (true, _) => Shown::Text(td_string!(ui(l), wizard.not_answered).to_string()),
                (false, true) => Shown::Image(typed.to_string()),
                (false, false) => Shown::Typed(typed.to_string()),
            }
        }
    }
}

trait ImageAnswer {
    fn requirements_image(&self, path: FieldPath, entity: EntityType) -> bool;
}

impl ImageAnswer for ApplicationDraft {
    /// Whether the catalogue says this answer is a photo.
    fn requirements_image(&self, path: FieldPath, entity: EntityType) -> bool {
        let FieldPath::Field(field) = path else { return false };
        onboarding_domain::requirements(self.situation(entity))
            .images
            .iter()
            .any(|i| i.field == field)
    }
}

/// The rows of one step: the catalogue's answers for it, owners' answers after the legal person's.
fn rows(d: &ApplicationDraft, step: Step, entity: EntityType) -> Vec<FieldPath> {
    let required = onboarding_domain::requirements(d.situation(entity));
    let mut paths: Vec<FieldPath> = required
        .fields
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| f.step() == step && *f != Field::BeneficialOwners)
        .map(FieldPath::from)
        .collect();
    if step == Step::LegalPerson && required.contains(Field::BeneficialOwners) {
        for (i, owner) in d.legal_person.beneficial_owners.iter().enumerate() {
            let faces = owner.residency.map_or(1, |r| r.document().faces().len());
            for f in IdentityField::EVERY {
                if f != IdentityField::IdBack || faces > 1 {
                    paths.push(FieldPath::Owner(i as u8, f));
                }
            }
        }
    }
    paths
}

#[component]
pub fn Check() -> impl IntoView {
    let wizard = use_wizard();
    let session = use_session();
    let here = crate::router::use_here();
    let locale = use_locale();
    let i18n = use_i18n();
    let abort = Abort::new();
    let agreed = wizard.declared;
    let attempted = wizard.check_attempted;
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::router::focus_on_arrival(heading);
    let busy = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    // One key per visit: a double click or a retry of the same submission sends the same key.
    let key = StoredValue::new(idempotency_key());
    let numbers = RwSignal::new(Numbers::Shown);

    let errors = Signal::derive(move || {
        let l = locale.get();
        let mut list = Vec::new();
        if attempted.get() {
            // Each problem, linked to its answer on its step (which returns here).
            for step in Step::ALL {
                for (target, message) in wizard.step_errors(step, l) {
                    let href = if target.starts_with('/') {
                        target
                    } else {
                        format!("/apply/{}?return=check#{target}", step.key())
                    };
                    list.push((href, message));
                }
            }
            if list.is_empty()
                && let Some(first) = wizard.first_incomplete_step()
            {
                list.push((
                    format!("change-{}", first.key()),
                    t_string!(i18n, wizard.incomplete).to_string(),
                ));
            }
            if !agreed.get() {
                list.push((
                    "declaration".to_string(),
                    td_string!(ui(l), wizard.declaration_missing).to_string(),
                ));
            }
        }
        if let Some(e) = form_error.get() {
            list.push(("submit".to_string(), e));
        }
        list
    });
    use_title(
        move |l| td_string!(ui(l), wizard.check_title),
        Signal::derive(move || !errors.get().is_empty()),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        form_error.set(None);
        if busy.get_untracked() {
            return;
        }
        if !agreed.get_untracked() || wizard.first_incomplete_step().is_some() {
            // Every step now shows its problems: in the summary, at their rows, in the stepper.
            wizard.attempted.set(Step::ALL.to_vec());
            wizard.attempts.update(|n| *n += 1);
            return;
        }
        let Some(token) = session.token() else { return };
        let abort = abort.clone();
        busy.set(true);
        spawn_local(async move {
            let network = || td_string!(ui(locale.get_untracked()), network_error).to_string();
            if wizard.flush_once().await.is_err() {
                form_error.set(Some(network()));
            } else {
                match api::submit(&abort, &token, &key.get_value()).await {
                    Ok(submitted) => {
                        wizard.submitted();
                        let event = HostEvent::Submitted {
                            application_id: submitted.application_id,
                        };
                        crate::embed::events::emit(abort.instance(), &event);
                        return here.navigate("/status");
                    }
                    // Already submitted (by this same click, or another tab): the status has it.
                    Err(ApiError::Refused { status: 409, .. }) => {
                        wizard.submitted();
                        return here.navigate("/status");
                    }
                    Err(ApiError::Refused { status: 422, body }) => {
                        let first = body.fields.iter().map(|f| f.path.step()).min();
                        wizard.server_errors.set(body.fields);
                        wizard.attempted.set(Step::ALL.to_vec());
                        wizard.attempts.update(|n| *n += 1);
                        if let Some(step) = first {
                            return here.navigate(&format!("/apply/{}", step.key()));
                        }
                        form_error.set(Some(body.message));
                    }
                    Err(ApiError::Refused { body, .. }) => form_error.set(Some(body.message)),
                    Err(_) => form_error.set(Some(network())),
                }
            }
            wizard.attempts.update(|n| *n += 1);
            busy.set(false);
        });
    };

    let sections = move || {
        let l = locale.get();
        let entity = wizard.entity.get();
        wizard.draft.with(|d| {
            Step::ALL
                .into_iter()
                .map(|step| {
                    let list = rows(d, step, entity)
                        .into_iter()
                        .map(|path| {
                            let label = match path {
                                FieldPath::Owner(i, f) => {
                                    format!(
                                        "{} {} · {}",
                                        t_string!(i18n, wizard.owner),
                                        i + 1,
                                        field_label(FieldPath::Owner(i, f), l)
                                    )
                                }
                                _ => image_or_field_label(d, path, entity, l),
                            };
                            // A locked answer is changed where it is copied from.
                            let target = match path {
                                FieldPath::Field(f) => d.locked_from(f).map_or(path, FieldPath::Field),
                                FieldPath::Owner(..) => path,
                            };
                            let href = crate::router::href(&format!(
                                "/apply/{}?return=check#{}",
                                target.step().key(),
                                target.dom_id()
                            ));
                            let value = match answer(d, path, entity, l) {
                                Shown::Text(text) => view! { <dd>{text}</dd> }.into_any(),
                                Shown::Typed(typed) => {
                                    view! { <dd>{move || summary_answer(path, &typed, numbers.get())}</dd> }.into_any()
                                }
                                Shown::Image(id) => {
                                    let alt = label.clone();
                                    view! { <dd><Thumbnail image=id label=alt/></dd> }.into_any()
                                }
                            };
                            let hidden = label.clone();
                            let error = wizard.error_at(path, l);
                            let wrong = error.is_some();
                            view! {
                                <div class="summary-row" class:has-error=wrong>
                                    <dt>{label}</dt>
                                    {value}
                                    {error.map(|e| view! { <dd class="field-error">{e}</dd> })}
                                    <dd class="change">
                                        <a href=href>
                                            {t_string!(i18n, wizard.change)}
                                            <span class="visually-hidden">{format!(" {hidden}")}</span>
                                        </a>
                                    </dd>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <h2 id=format!("change-{}", step.key()) tabindex="-1">{step_name(Some(step), l)}</h2>
                        <dl class="summary-list">{list}</dl>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <ErrorSummary errors=errors attempts=wizard.attempts/>
        <h1 node_ref=heading tabindex="-1">{t!(i18n, wizard.check_title)}</h1>
        <p>
            {t!(i18n, wizard.check_numbers)}" "
            <button
                type="button"
                id="hide-numbers"
                class="link-button"
                on:click=move |_| numbers.update(|n| *n = if *n == Numbers::Shown { Numbers::Hidden } else { Numbers::Shown })
            >
                {move || match numbers.get() {
                    Numbers::Shown => t_string!(i18n, wizard.hide_numbers),
                    Numbers::Hidden => t_string!(i18n, wizard.show_numbers),
                }}
            </button>
        </p>
        {sections}
        <form novalidate on:submit=submit>
            <h2>{t!(i18n, wizard.declaration_heading)}</h2>
            <p>{t!(i18n, wizard.declaration_text)}</p>
            <div class="checkbox" class:has-error=move || attempted.get() && !agreed.get()>
                <input
                    type="checkbox"
                    id="declaration"
                    prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                    aria-invalid=move || (attempted.get() && !agreed.get()).then_some("true")
                />
                <label for="declaration">{t!(i18n, wizard.declaration_agree)}</label>
            </div>
            <button type="submit" id="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { t_string!(i18n, wizard.submitting) } else { t_string!(i18n, wizard.submit) }}
            </button>
        </form>
    }
}

/// Photos are labelled by the catalogue (document and face); other answers by their question.
fn image_or_field_label(d: &ApplicationDraft, path: FieldPath, entity: EntityType, l: Locale) -> String {
    if let FieldPath::Field(field) = path
        && let Some(image) = onboarding_domain::requirements(d.situation(entity))
            .images
            .into_iter()
            .find(|i| i.field == field)
    {
        return image.label(l);
    }
    field_label(path, l).to_string()
}

/// A random key for `Idempotency-Key` (the browser's UUID generator; every supported browser has
/// it, and without one the server refuses the submit with a clear message).
fn idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}
