//! `/m/bank`: the sandbox's stand-in for the applicant's bank. A transfer with the exact amount
//! and memo from the status page verifies the account, as WeChat Pay's remittance check would.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::Locale;
use onboarding_domain::api::Remittance;
use onboarding_domain::tracking::fen;

use crate::api::{self, Abort, ApiError};
use crate::components::error_summary::ErrorSummary;
use crate::components::when::when_else;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};

type Text = fn(Locale) -> &'static str;

#[component]
pub fn PhoneBank() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let abort = Abort::new();
    let amount = RwSignal::new(String::new());
    let remark = RwSignal::new(String::new());
    // Which text, not the text: errors already shown follow a change of language.
    let amount_error = RwSignal::new(None::<Text>);
    let remark_error = RwSignal::new(None::<Text>);
    let refused = RwSignal::new(None::<String>);
    let attempts = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let errors = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(e) = amount_error.get() {
            list.push(("bank-amount".to_string(), e(locale.get()).to_string()));
        }
        if let Some(e) = remark_error.get() {
            list.push(("bank-remark".to_string(), e(locale.get()).to_string()));
        }
        list
    });
    use_title(
        |l| td_string!(ui(l), status.bank_title),
        Signal::derive(move || !errors.get().is_empty()),
    );
    let submit = Callback::new(move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = fen(&amount.get_untracked());
        let memo = remark.get_untracked().trim().to_string();
        amount_error.set(
            parsed
                .is_none()
                .then_some(|l| td_string!(ui(l), status.bank_amount_invalid)),
        );
        remark_error.set(
            memo.is_empty()
                .then_some(|l| td_string!(ui(l), status.bank_remark_missing)),
        );
        refused.set(None);
        let Some(amount_fen) = parsed.filter(|_| !memo.is_empty()) else {
            attempts.update(|n| *n += 1);
            return;
        };
        busy.set(true);
        let abort = abort.clone();
        spawn_local(async move {
            let remittance = Remittance {
                amount_fen,
                remark: memo,
            };
            match api::sandbox_remit(&abort, &remittance).await {
                Ok(()) => done.set(true),
                Err(ApiError::Refused { body, .. }) => refused.set(Some(body.message)),
                Err(_) => refused.set(Some(
                    td_string!(ui(abort.instance().locale_now()), network_error).into(),
                )),
            }
            busy.set(false);
        });
    });
    let field = move |id: &'static str,
                      label: fn(Locale) -> &'static str,
                      hint: bool,
                      value: RwSignal<String>,
                      error: RwSignal<Option<Text>>,
                      inputmode: &'static str| {
        let described = move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("{id}-hint"));
            }
            if error.get().is_some() {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        };
        view! {
            <div class="field" class:has-error=move || error.get().is_some()>
                <label for=id>{move || label(locale.get())}</label>
                {hint.then(|| view! { <p class="hint" id=format!("{id}-hint")>{t!(i18n, status.bank_amount_hint)}</p> })}
                {move || error.get().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e(locale.get())}</p> })}
                <input
                    id=id
                    type="text"
                    inputmode=inputmode
                    autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    aria-describedby=described
                    aria-invalid=move || error.get().is_some().then_some("true")
                />
            </div>
        }
    };
    view! {
        <h1>{t!(i18n, status.bank_title)}</h1>
        {when_else(
            move || done.get(),
            move || {
                view! { <p class="panel" id="phone-done" role="status">{t_string!(i18n, status.bank_sent)}</p> }.into_any()
            },
            move || {
                view! {
                    <p>{t_string!(i18n, status.bank_intro)}</p>
                    <form on:submit=move |ev| submit.run(ev) novalidate>
                        <ErrorSummary errors attempts/>
                        {move || refused.get().map(|r| view! { <p class="error-banner" role="alert" id="bank-refused">{r}</p> })}
                        {field("bank-amount", |l| td_string!(ui(l), status.bank_amount), true, amount, amount_error, "decimal")}
                        {field("bank-remark", |l| td_string!(ui(l), status.bank_remark), false, remark, remark_error, "text")}
                        <button type="submit" class="button" id="transfer" disabled=move || busy.get()>{t_string!(i18n, status.bank_send)}</button>
                    </form>
                }
                .into_any()
            },
        )}
    }
}
