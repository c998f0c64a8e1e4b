//! The next actions that need no form: waiting, signing, a rejection to fix, frozen, canceled.

use leptos::prelude::*;
use onboarding_domain::api::{Sending, StatusView};
use onboarding_domain::{Locale, NextAction};

use crate::components::qr::Qr;
use crate::i18n::{field_label, t, t_string, td_string, ui, use_i18n, use_locale};

/// The heading and the explanation of each next action: what to do now, and how long a wait
/// usually is.
pub fn headline(action: NextAction, l: Locale) -> (&'static str, &'static str) {
    let l = ui(l);
    match action {
        NextAction::WaitForCheck => (td_string!(l, status.check_title), td_string!(l, status.check_text)),
        NextAction::VerifyAccount => (td_string!(l, status.verify_title), td_string!(l, status.verify_text)),
        NextAction::WaitForReview => (td_string!(l, status.review_title), td_string!(l, status.review_text)),
        NextAction::SignAgreement => (td_string!(l, status.sign_title), td_string!(l, status.sign_text)),
        NextAction::BindSettlementAccount => (td_string!(l, status.bind_title), td_string!(l, status.bind_text)),
        NextAction::WaitForAccountVerification => (
            td_string!(l, status.account_verifying_title),
            td_string!(l, status.account_verifying),
        ),
        NextAction::FixSettlementAccount => (
            td_string!(l, status.account_failed_title),
            td_string!(l, status.account_failed),
        ),
        NextAction::WithdrawCommissions => (td_string!(l, status.done_title), td_string!(l, status.done_text)),
        NextAction::FixRejectedFields => (
            td_string!(l, status.rejected_title),
            td_string!(l, status.rejected_text),
        ),
        NextAction::ContactSupport => (td_string!(l, status.frozen_title), td_string!(l, status.frozen_text)),
        NextAction::StartAgain => (
            td_string!(l, status.canceled_title),
            td_string!(l, status.canceled_text),
        ),
    }
}

/// The heading every next-action part starts with; it follows the language by itself.
pub fn heading(action: NextAction) -> impl IntoView {
    let locale = use_locale();
    let words = move || headline(action, locale.get());
    view! {
        <h2 id="next-step-title" tabindex="-1">{move || words().0}</h2>
        <p id="next-step-text">{move || words().1}</p>
    }
}

/// Built once per status: each text follows the language in place, so a change of language
/// neither redraws the part nor fetches its QR code again.
pub fn outcome(view: &StatusView) -> AnyView {
    let i18n = use_i18n();
    let body = match view.next_action {
        NextAction::SignAgreement => view
            .sign_url
            .clone()
            .map(|url| qr_link(url, |l| td_string!(ui(l), status.sign_qr_label)))
            .into_any(),
        NextAction::FixRejectedFields => rejected(view).into_any(),
        NextAction::WaitForCheck => view.sending.map(sending).into_any(),
        NextAction::StartAgain => view! {
            <p><a href=crate::router::href("/apply/check") class="button" id="start-again">{t!(i18n, status.start_again)}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! { {heading(view.next_action)} {body} }.into_any()
}

/// Until WeChat Pay has taken the application: on its way, or (a try failed) retried by the
/// server, with nothing for the applicant to do.
fn sending(sending: Sending) -> impl IntoView {
    let i18n = use_i18n();
    match sending {
        Sending::InProgress => view! { <p id="sending">{t!(i18n, status.sending)}</p> }.into_any(),
        Sending::Retrying => view! { <p id="sending" class="banner">{t!(i18n, status.retrying)}</p> }.into_any(),
    }
}

/// What the page's live region says of a status: its heading, or that sending is retried.
pub fn announcement(view: &StatusView, l: Locale) -> &'static str {
    match view.sending {
        Some(Sending::Retrying) => td_string!(ui(l), status.retrying),
        _ => headline(view.next_action, l).0,
    }
}

/// A QR code of one of the app's phone pages, and the same link for this device (the person who
/// must act may be the one holding it). `label` picks the code's accessible name.
pub fn qr_link(url: String, label: fn(Locale) -> &'static str) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    view! {
        <Qr data=url.clone() label=Signal::derive(move || label(locale.get()))/>
        <p><a id="phone-link" href=url target="_blank" rel="noopener">{t!(i18n, status.open_link)}</a></p>
    }
}

/// Each reason next to the answer it concerns, and "Fix", which opens the first step with one.
fn rejected(view: &StatusView) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let fix = crate::router::href(
        &view
            .first_step_to_fix()
            .map_or("/apply".to_string(), |s| format!("/apply/{}", s.key())),
    );
    let reasons = view
        .rejection_reasons
        .iter()
        .map(|r| {
            let path = r.path;
            let field = move || path.map_or(t_string!(i18n, status.other_field), |p| field_label(p, locale.get()));
            view! {
                <div class="summary-row">
                    <dt>{field}</dt>
                    <dd class="reason">{r.reason.clone()}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="summary-list" id="rejection-reasons">{reasons}</dl>
        <p><a href=fix class="button" id="fix">{t!(i18n, status.fix)}</a></p>
    }
}
