//! Account verification: the countdown to the 30-day deadline, the choice of method, and then
//! either the remittance to make (each value with a copy button) or the legal person's QR code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::Locale;
use onboarding_domain::api::{AccountValidation, StatusView, VerificationMethod};
use onboarding_domain::tracking::yuan;

use super::outcome::{heading, qr_link};
use crate::api::{self, Abort, ApiError};
use crate::components::copy_value::CopyValue;
use crate::components::countdown::Countdown;
use crate::components::error_summary::ErrorSummary;
use crate::components::radios::Radios;
use crate::components::when::{when, when_else};
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::state::Tracker;

const METHOD_ID: &str = "verification-method";

#[component]
pub fn Verification(view: StatusView, tracker: Tracker, token: String) -> impl IntoView {
    let i18n = use_i18n();
    // The applicant may switch methods while the deadline runs.
    let choosing = RwSignal::new(view.verification_method.is_none());
    let chosen = view.verification_method;
    let validation = view.account_validation.clone();
    let scan_url = view.legal_validation_url.clone();
    view! {
        {heading(view.next_action)}
        {view.deadline.map(|deadline| view! { <Countdown deadline/> })}
        {when_else(
            move || choosing.get(),
            move || {
                view! { <ChooseMethod token=token.clone() tracker current=chosen/> }.into_any()
            },
            move || {
                view! {
                    {details(chosen, validation.clone(), scan_url.clone())}
                    <p>
                        <button type="button" class="button secondary" id="other-method" on:click=move |_| choosing.set(true)>
                            {move || t_string!(i18n, status.other_method)}
                        </button>
                    </p>
                }
                .into_any()
            },
        )}
    }
}

/// What the chosen method asks for.
fn details(
    chosen: Option<VerificationMethod>,
    validation: Option<AccountValidation>,
    scan_url: Option<String>,
) -> AnyView {
    let i18n = use_i18n();
    match (chosen, validation, scan_url) {
        (Some(VerificationMethod::Remittance), Some(validation), _) => remittance(validation).into_any(),
        (Some(VerificationMethod::LegalPersonScan), _, Some(url)) => view! {
            <p>{t!(i18n, status.scan_intro)}</p>
            <p>{t!(i18n, status.scan_what)}</p>
            {qr_link(url, |l| td_string!(ui(l), status.scan_qr_label))}
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// Where to transfer what, each value copyable: a typo here means the transfer does not count.
fn remittance(v: AccountValidation) -> impl IntoView {
    let i18n = use_i18n();
    let sandbox = RwSignal::new(false);
    let abort = Abort::new();
    spawn_local(async move {
        if let Ok(health) = api::health(&abort).await {
            sandbox.set(health.sandbox);
        }
    });
    view! {
        <p>{t!(i18n, status.remittance_intro)}</p>
        <dl class="summary-list" id="remittance">
            <CopyValue id="pay-amount" label=Signal::derive(move || t_string!(i18n, status.amount)) value=yuan(v.pay_amount_fen)/>
            <CopyValue id="destination-name" label=Signal::derive(move || t_string!(i18n, status.to_name)) value=v.destination_account_name/>
            <CopyValue id="destination-number" label=Signal::derive(move || t_string!(i18n, status.to_number)) value=v.destination_account_number/>
            <CopyValue id="destination-bank" label=Signal::derive(move || t_string!(i18n, status.to_bank)) value=v.destination_bank/>
            <CopyValue id="destination-city" label=Signal::derive(move || t_string!(i18n, status.to_city)) value=v.destination_city/>
            <CopyValue id="remark" label=Signal::derive(move || t_string!(i18n, status.remark)) value=v.remark/>
        </dl>
        {when(move || sandbox.get(), move || view! {
            // The sandbox bank is a phone page of the app's server, wherever the app is embedded.
            <p><a id="sandbox-bank" href=format!("{}/m/bank", crate::embed::use_instance().api_base()) target="_blank" rel="noopener">{t_string!(i18n, status.sandbox_bank)}</a></p>
        }.into_any())}
    }
}

/// The choice of method, validated on "Continue" like every form here.
#[component]
fn ChooseMethod(token: String, tracker: Tracker, current: Option<VerificationMethod>) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let abort = Abort::new();
    let selected = RwSignal::new(current);
    let attempts = RwSignal::new(0u32);
    // Which text, not the text: an error already shown follows a change of language.
    let error = RwSignal::new(None::<fn(Locale) -> &'static str>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(method) = selected.get_untracked() else {
            error.set(Some(|l| td_string!(ui(l), status.method_required)));
            attempts.update(|n| *n += 1);
            return;
        };
        error.set(None);
        busy.set(true);
        let (abort, token) = (abort.clone(), token.clone());
        spawn_local(async move {
            let answer = api::choose_verification(&abort, &token, method).await;
            busy.set(false);
            match answer {
                Ok(()) => tracker.refresh(),
                Err(ApiError::Cancelled) => {}
                Err(ApiError::Refused { status: 409, .. }) => {
                    error.set(Some(|l| td_string!(ui(l), status.state_changed)));
                    tracker.refresh();
                }
                Err(_) => {
                    error.set(Some(|l| td_string!(ui(l), status.action_failed)));
                    attempts.update(|n| *n += 1);
                }
            }
        });
    };
    let errors = Signal::derive(move || {
        error
            .get()
            .map(|e| {
                vec![(
                    format!("{METHOD_ID}-{}", VerificationMethod::Remittance.key()),
                    e(locale.get()).to_string(),
                )]
            })
            .unwrap_or_default()
    });
    use_title(
        |l| td_string!(ui(l), wizard.status_title),
        Signal::derive(move || error.get().is_some()),
    );
    view! {
        <form on:submit=submit novalidate>
            <ErrorSummary errors attempts/>
            <Radios
                id=METHOD_ID
                name="verification_method"
                legend=Signal::derive(move || t_string!(i18n, status.method_legend))
                options=&VerificationMethod::ALL
                key=VerificationMethod::key
                label=Signal::derive(move || vec![t_string!(i18n, status.method_remittance), t_string!(i18n, status.method_scan)])
                option_hints=Signal::derive(move || vec![t_string!(i18n, status.method_remittance_hint), t_string!(i18n, status.method_scan_hint)])
                selected=selected
                on_change=Callback::new(move |m| {
                    selected.set(Some(m));
                    if attempts.get_untracked() > 0 {
                        error.set(None);
                    }
                })
                error=Signal::derive(move || error.get().map(|e| e(locale.get()).to_string()))
            />
            <div class="actions">
                <button type="submit" class="button" id="choose-method" disabled=move || busy.get()>
                    {move || t_string!(i18n, status.choose_method)}
                </button>
            </div>
        </form>
    }
}
