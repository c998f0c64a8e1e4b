//! After `FINISH`: the settlement account is confirmed or changed, verified, and then
//! commissions can be withdrawn. A change uses the wizard's own account questions and rules.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::StatusView;
use onboarding_domain::{ApplicationDraft, Date, EntityType, Field, NextAction, Step};

use super::outcome::heading;
use crate::api::{self, Abort, ApiError};
use crate::components::error_summary::ErrorSummary;
use crate::components::when::when_else;
use crate::i18n::{field_label, t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::pages::apply::account::AccountFields;
use crate::state::{Tracker, Wizard};

#[component]
pub fn Settlement(view: StatusView, tracker: Tracker, token: String) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let action = view.next_action;
    // A failed account is changed at once; otherwise on request.
    let editing = RwSignal::new(action == NextAction::FixSettlementAccount);
    let account = view.settlement.clone();
    let label = move |f: Field| field_label(f.into(), locale.get());
    let bank = account.bank;
    let confirm_token = token.clone();
    let change_label = move || match action {
        NextAction::WithdrawCommissions => t_string!(i18n, status.change_account),
        _ => t_string!(i18n, status.other_account),
    };
    view! {
        {heading(action)}
        {view.settlement.failure_reason.clone().map(|reason| view! {
            <p class="error-banner" id="settlement-failure">{reason}</p>
        })}
        {view.sub_mchid.clone().filter(|_| action == NextAction::WithdrawCommissions).map(|id| view! {
            <dl class="summary-list">
                <div class="summary-row">
                    <dt>{t!(i18n, status.merchant_number)}</dt>
                    <dd id="merchant-number">{id}</dd>
                </div>
            </dl>
            <p id="done-next">{t!(i18n, status.done_next)}</p>
        })}
        <dl class="summary-list" id="settlement-account">
            <div class="summary-row"><dt>{move || label(Field::AccountBank)}</dt><dd>{move || bank.map(|b| b.label(locale.get()))}</dd></div>
            <div class="summary-row"><dt>{move || label(Field::AccountName)}</dt><dd>{account.account_name.clone()}</dd></div>
            <div class="summary-row">
                <dt>{move || label(Field::AccountNumber)}</dt>
                <dd id="settlement-number">{account.account_number.clone()}</dd>
            </div>
        </dl>
        {when_else(
            move || editing.get(),
            move || {
                view! { <ChangeAccount token=token.clone() tracker on_cancel=Callback::new(move |_| editing.set(false))/> }
                    .into_any()
            },
            move || {
                if action == NextAction::WaitForAccountVerification {
                    return ().into_any();
                }
                view! {
                    <div class="actions">
                        {(action == NextAction::BindSettlementAccount).then(|| view! { <ConfirmAccount token=confirm_token.clone() tracker/> })}
                        <button type="button" class="button secondary" id="other-account" on:click=move |_| editing.set(true)>
                            {change_label}
                        </button>
                    </div>
                }
                .into_any()
            },
        )}
    }
}

/// Confirms the account from the application as it is.
#[component]
fn ConfirmAccount(token: String, tracker: Tracker) -> impl IntoView {
    let i18n = use_i18n();
    let abort = Abort::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let press = move |_| {
        let (abort, token) = (abort.clone(), token.clone());
        busy.set(true);
        spawn_local(async move {
            let answer = api::bind_settlement_account(&abort, &token, None).await;
            busy.set(false);
            failure.set(match answer {
                Ok(()) | Err(ApiError::Cancelled) => None,
                // The server says why (the daily limit, a state that moved on).
                Err(ApiError::Refused { body, .. }) => Some(body.message),
                Err(_) => Some(td_string!(ui(abort.instance().locale_now()), status.action_failed).into()),
            });
            tracker.refresh();
        });
    };
    view! {
        {move || failure.get().map(|f| view! { <p class="error-banner" role="alert">{f}</p> })}
        <button type="button" class="button" id="confirm-account" on:click=press disabled=move || busy.get()>
            {move || t_string!(i18n, status.confirm_account)}
        </button>
    }
}

/// A different account: the applicant's draft in a wizard of its own, so the questions, locks
/// and errors are exactly the wizard's, and the domain checks it before the server does.
#[component]
fn ChangeAccount(token: String, tracker: Tracker, on_cancel: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let abort = Abort::new();
    let loaded = RwSignal::new(None::<Result<(EntityType, ApplicationDraft), ()>>);
    {
        let (abort, token) = (abort.clone(), token.clone());
        spawn_local(async move {
            let me = api::me(&abort, &token).await;
            let draft = api::get_draft(&abort, &token).await;
            let outcome = match (me, draft) {
                (Ok(me), Ok(view)) => match me.account {
                    Some(account) => Ok((account.entity_type, view.draft)),
                    None => Err(()),
                },
                _ => Err(()),
            };
            if !abort.is_aborted() {
                loaded.set(Some(outcome));
            }
        });
    }
    move || match loaded.get() {
        None => {
            view! { <p class="loading" role="status">{td_string!(ui(locale.get()), wizard.loading)}</p> }.into_any()
        }
        Some(Err(())) => {
            view! { <p class="error-banner" role="alert">{td_string!(ui(locale.get()), status.action_failed)}</p> }
                .into_any()
        }
        Some(Ok((entity, draft))) => {
            view! { <AccountForm token=token.clone() tracker entity draft on_cancel/> }.into_any()
        }
    }
}

#[component]
fn AccountForm(
    token: String,
    tracker: Tracker,
    entity: EntityType,
    draft: ApplicationDraft,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let form = Wizard::new(entity, draft);
    provide_context(form);
    let abort = Abort::new();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let errors = Signal::derive(move || form.step_errors(Step::SettlementAccount, locale.get()));
    // GOV.UK: the title says "Error: " while the form shows errors.
    use_title(
        |l| td_string!(ui(l), wizard.status_title),
        Signal::derive(move || !errors.get().is_empty()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let draft = form.draft.get_untracked();
        if draft
            .validate_settlement_account(&draft.settlement_account, entity, Date::today_in_china())
            .is_err()
        {
            form.attempted.set(vec![Step::SettlementAccount]);
            form.attempts.update(|n| *n += 1);
            return;
        }
        busy.set(true);
        let (abort, token) = (abort.clone(), token.clone());
        spawn_local(async move {
            let account = draft.settlement_account.clone();
            let answer = api::bind_settlement_account(&abort, &token, Some(account)).await;
            busy.set(false);
            match answer {
                // The server's copy of the draft follows the account it now uses.
                Ok(()) => tracker.refresh(),
                Err(ApiError::Refused { status: 422, body }) => {
                    form.server_errors.set(body.fields);
                    form.attempts.update(|n| *n += 1);
                }
                Err(ApiError::Refused { body, .. }) => failure.set(Some(body.message)),
                Err(ApiError::Cancelled) => {}
                Err(_) => failure.set(Some(
                    td_string!(ui(abort.instance().locale_now()), status.action_failed).to_string(),
                )),
            }
        });
    };
    view! {
        <form on:submit=submit novalidate id="change-account">
            <ErrorSummary errors attempts=form.attempts/>
            {move || failure.get().map(|f| view! { <p class="error-banner" role="alert" id="change-failure">{f}</p> })}
            <p class="hint">{t!(i18n, status.change_limit)}</p>
            <AccountFields/>
            <div class="actions">
                <button type="submit" class="button" id="use-account" disabled=move || busy.get()>{t!(i18n, status.use_account)}</button>
                <button type="button" class="link-button" on:click=move |_| on_cancel.run(())>{t!(i18n, status.cancel)}</button>
            </div>
        </form>
    }
}
