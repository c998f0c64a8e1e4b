//! `/register`: entity type, the Entry Notice, the account name, then "Register".
//! GOV.UK behaviour: validate on submit (then as the answers change), keep what was typed, an
//! error summary that takes focus, errors at each field, and "Error: " in the title.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::{ENTRY_NOTICE_VERSION, RegisterRequest};
use onboarding_domain::{AccountName, AccountNameTaken, EntityType, Explain, RegistrationDraft, RegistrationField};

use crate::api::{self, Abort, ApiError};
use crate::components::error_summary::ErrorSummary;
use crate::components::radios::Radios;
use crate::components::when::when_else;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::use_session;

#[component]
pub fn Register() -> impl IntoView {
    crate::session::sign_in_when_needed();
    let locale = use_locale();
    let i18n = use_i18n();
    let session = use_session();
    let here = crate::router::use_here();
    let abort = Abort::new();

    // As chosen on the guide, if it was: still the applicant's to change.
    let entity = RwSignal::new(crate::state::carried::entity_type());
    let agreed = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    // Each submit, and each refusal from the server, sends focus to the error summary.
    let attempts = RwSignal::new(0u32);
    // Errors the server found (a taken name), shown until the name changes.
    let server_name_error = RwSignal::new(None::<String>);
    let available = RwSignal::new(None::<bool>);
    // A refusal that concerns no single field.
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // The rules come from the domain crate, in the current language, once a submit was tried.
    let problems = Memo::new(move |_| {
        let typed = name.get();
        let draft = RegistrationDraft {
            entity_type: entity.get(),
            notice_accepted: agreed.get(),
            account_name: &typed,
        };
        draft.validate().err().unwrap_or_default()
    });
    let problem_at = move |field: RegistrationField| {
        Signal::derive(move || {
            if !attempted.get() {
                return None;
            }
            problems
                .get()
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, p)| p.message(locale.get()))
        })
    };
    let entity_error = problem_at(RegistrationField::EntityType);
    let notice_error = problem_at(RegistrationField::EntryNotice);
    let name_rule_error = problem_at(RegistrationField::AccountName);
    let name_error = Signal::derive(move || server_name_error.get().or_else(|| name_rule_error.get()));
    let errors = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(e) = entity_error.get() {
            list.push(("entity-type-enterprise".to_string(), e));
        }
        if let Some(e) = notice_error.get() {
            list.push(("notice-agree".to_string(), e));
        }
        if let Some(e) = name_error.get() {
            list.push(("account-name".to_string(), e));
        }
        if let Some(e) = form_error.get() {
            list.push(("register".to_string(), e));
        }
        list
    });
    use_title(
        |l| td_string!(ui(l), register_title),
        Signal::derive(move || !errors.get().is_empty()),
    );

    // Availability is the server's to say; ask when the typed name is valid and the field is left.
    let check_availability = {
        let abort = abort.clone();
        move |_| {
            let typed = name.get_untracked();
            let Ok(valid) = typed.parse::<AccountName>() else {
                return;
            };
            let abort = abort.clone();
            spawn_local(async move {
                match api::name_available(&abort, valid.as_str()).await {
                    Ok(true) => available.set(Some(true)),
                    Ok(false) => {
                        available.set(Some(false));
                        server_name_error.set(Some(AccountNameTaken.message(locale.get_untracked())));
                    }
                    Err(_) => available.set(None),
                }
            });
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        form_error.set(None);
        if busy.get_untracked() {
            return;
        }
        let typed = name.get_untracked();
        let draft = RegistrationDraft {
            entity_type: entity.get_untracked(),
            notice_accepted: agreed.get_untracked(),
            account_name: &typed,
        };
        let (Ok((entity_type, account_name)), None) = (draft.validate(), server_name_error.get_untracked()) else {
            attempts.update(|n| *n += 1);
            return;
        };
        let Some(token) = session.token() else { return };
        let request = RegisterRequest {
            entity_type,
            account_name: account_name.to_string(),
            entry_notice_version: ENTRY_NOTICE_VERSION.to_string(),
        };
        let abort = abort.clone();
        busy.set(true);
        spawn_local(async move {
            match api::register(&abort, &token, &request).await {
                // The page goes away: nothing of it may be touched after this.
                Ok(_) => {
                    crate::state::carried::registered();
                    return here.navigate("/ready");
                }
                // The name's own problems belong at the name; anything else (an expired session,
                // a changed notice) is about the whole form.
                Err(ApiError::Refused { status, body }) if status == 422 || body.code == "account_name_taken" => {
                    server_name_error.set(Some(body.message))
                }
                Err(ApiError::Refused { body, .. }) => form_error.set(Some(body.message)),
                Err(_) => form_error.set(Some(td_string!(ui(locale.get_untracked()), network_error).to_string())),
            }
            attempts.update(|n| *n += 1);
            busy.set(false);
        });
    };

    let signed_in = move || session.0.get().is_some();
    view! {
        <ErrorSummary errors=errors attempts=attempts/>
        <h1>{t!(i18n, register_title)}</h1>
        {when_else(
            signed_in,
            move || view! {
                <form novalidate on:submit=submit.clone()>
                    <Radios
                        id="entity-type"
                        name="entity_type"
                        legend=Signal::derive(move || t_string!(i18n, entity_question))
                        options=&EntityType::ALL
                        key=EntityType::key
                        label=Signal::derive(move || EntityType::ALL.iter().map(|e| e.label(locale.get())).collect())
                        selected=entity
                        on_change=Callback::new(move |e| entity.set(Some(e)))
                        error=entity_error
                    />
                    <section class="notice" aria-labelledby="notice-heading">
                        <h2 id="notice-heading">{t!(i18n, notice_heading)}</h2>
                        <details>
                            <summary>{t!(i18n, notice_open)}</summary>
                            <p>{t!(i18n, notice_text)}</p>
                        </details>
                        <div class="checkbox" class:has-error=move || notice_error.get().is_some()>
                            {move || notice_error.get().map(|e| view! { <p id="notice-agree-error" class="field-error">{e}</p> })}
                            <input
                                type="checkbox"
                                id="notice-agree"
                                name="notice_agree"
                                prop:checked=move || agreed.get()
                                on:change=move |ev| agreed.set(event_target_checked(&ev))
                                aria-describedby=move || notice_error.get().map(|_| "notice-agree-error")
                                aria-invalid=move || notice_error.get().is_some().then_some("true")
                            />
                            <label for="notice-agree">{t!(i18n, notice_agree)}</label>
                        </div>
                    </section>
                    <div class="field" class:has-error=move || name_error.get().is_some()>
                        <label for="account-name">{t!(i18n, account_name_label)}</label>
                        <p id="account-name-hint" class="hint">{t!(i18n, account_name_hint)}</p>
                        {move || name_error.get().map(|e| view! { <p id="account-name-error" class="field-error">{e}</p> })}
                        <input
                            id="account-name"
                            name="account_name"
                            type="text"
                            autocomplete="username"
                            autocapitalize="none"
                            spellcheck="false"
                            inputmode="text"
                            prop:value=move || name.get()
                            on:input=move |ev| {
                                name.set(event_target_value(&ev));
                                server_name_error.set(None);
                                available.set(None);
                            }
                            on:change=check_availability.clone()
                            aria-describedby=move || {
                                if name_error.get().is_some() { "account-name-hint account-name-error" } else { "account-name-hint" }
                            }
                            aria-invalid=move || name_error.get().is_some().then_some("true")
                        />
                        // Always present, so news of availability neither shifts the page nor goes unannounced.
                        <p id="account-name-status" class="field-ok" role="status">
                            {move || (available.get() == Some(true) && name_error.get().is_none()).then(|| t_string!(i18n, name_available))}
                        </p>
                    </div>
                    <button type="submit" id="register" class="button" disabled=move || busy.get()>
                        {move || t_string!(i18n, register_button)}
                    </button>
                </form>
            }.into_any(),
            move || view! {
                <p>{t_string!(i18n, sign_in_first)}</p>
                <p><a href=crate::router::href("/sign-in") class="button">{t_string!(i18n, sign_in_link)}</a></p>
            }.into_any(),
        )}
    }
}
