//! `/apply/:step`: the authentication wizard, one URL per step, then `/apply/check`.
//!
//! The page loads the applicant's draft (once per session), shows the stepper and the step named
//! in the URL. `/apply` opens the first step that is not complete yet.

pub mod account;
pub mod administrator;
pub mod check;
pub mod legal_person;
pub mod subject;

use leptos::prelude::*;
use onboarding_domain::Step;
use onboarding_domain::events::{CHECK_PAGE, HostEvent};

use crate::components::stepper::Stepper;
use crate::embed::events::emit;
use crate::i18n::{t_string, td_string, ui, use_i18n, use_locale};
use crate::session::use_session;
use crate::state::{Load, use_wizard};

#[component]
pub fn Apply() -> impl IntoView {
    crate::session::sign_in_when_needed();
    let wizard = use_wizard();
    let session = use_session();
    let locale = use_locale();
    let i18n = use_i18n();
    Effect::new(move |_| {
        session.0.track();
        wizard.ensure_loaded(session);
    });
    let here = crate::router::use_here();
    let key = Memo::new(move |_| here.path.with(|p| p.strip_prefix("/apply/").map(str::to_string)));
    let step = Signal::derive(move || key.get().as_deref().and_then(Step::from_key));
    // The host hears of each page of the wizard shown (not of a redirect to one).
    let instance = crate::embed::use_instance();
    Effect::new(move |_| {
        let shown = (wizard.load.get() == Load::Ready).then(|| (key.get(), step.get()));
        match shown {
            Some((_, Some(step))) => emit(instance, &HostEvent::step(Some(step))),
            Some((Some(key), None)) if key == CHECK_PAGE => emit(instance, &HostEvent::step(None)),
            _ => {}
        }
    });
    let retry = move |_| {
        wizard.load.set(Load::Loading);
        wizard.reload(session);
    };

    move || {
        match wizard.load.get() {
        Load::Loading => view! { <p class="loading" role="status">{t_string!(i18n, wizard.loading)}</p> }.into_any(),
        Load::SignedOut => view! {
            <h1>{td_string!(ui(locale.get()), sign_in_title)}</h1>
            <p id="sign-in-first">{t_string!(i18n, wizard.sign_in_to_apply)}</p>
            <p><a href=crate::router::href("/sign-in") class="button">{td_string!(ui(locale.get()), sign_in_link)}</a></p>
        }
        .into_any(),
        Load::NotRegistered => view! {
            <h1>{t_string!(i18n, wizard.apply_title)}</h1>
            <p>{t_string!(i18n, wizard.not_registered)}</p>
            <p><a href=crate::router::href("/register") class="button">{t_string!(i18n, wizard.register_link)}</a></p>
        }
        .into_any(),
        Load::NotNeeded => view! {
            <h1>{t_string!(i18n, wizard.apply_title)}</h1>
            <p class="panel">{t_string!(i18n, wizard.not_needed)}</p>
        }
        .into_any(),
        Load::Submitted => view! {
            <h1>{t_string!(i18n, wizard.apply_title)}</h1>
            <p class="panel">{t_string!(i18n, wizard.already_submitted)}</p>
            <p><a href=crate::router::href("/status") class="button">{t_string!(i18n, wizard.see_status)}</a></p>
        }
        .into_any(),
        Load::Failed => view! {
            <h1>{t_string!(i18n, wizard.apply_title)}</h1>
            <p class="error-banner" role="alert">{t_string!(i18n, wizard.load_failed)}</p>
            <p><button type="button" class="button" on:click=retry>{t_string!(i18n, wizard.try_again)}</button></p>
        }
        .into_any(),
        Load::Ready => view! {
            <Stepper current=step/>
            {move || match (key.get().as_deref(), step.get()) {
                (_, Some(Step::Subject)) => view! { <subject::SubjectStep/> }.into_any(),
                (_, Some(Step::LegalPerson)) => view! { <legal_person::LegalPersonStep/> }.into_any(),
                (_, Some(Step::SuperAdministrator)) => view! { <administrator::AdministratorStep/> }.into_any(),
                (_, Some(Step::SettlementAccount)) => view! { <account::AccountStep/> }.into_any(),
                (Some(CHECK_PAGE), None) => view! { <check::Check/> }.into_any(),
                _ => {
                    let first = untrack(|| wizard.first_incomplete_step()).map_or("check", Step::key);
                    here.replace(&format!("/apply/{first}"));
                    ().into_any()
                }
            }}
        }
        .into_any(),
    }
    }
}
