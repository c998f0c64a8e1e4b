//! The next actions that need no form: waiting, signing, a rejection to fix, frozen, canceled.

use leptos::prelude::*;
use onboarding_domain::api::StatusView;
use onboarding_domain::{Locale, NextAction};

use crate::components::qr::Qr;
use crate::i18n::{StatusTexts, field_label, status_texts};

/// The heading and the explanation of each next action: what to do now, and how long a wait
/// usually is.
pub fn headline(action: NextAction, t: &'static StatusTexts) -> (&'static str, &'static str) {
    match action {
        NextAction::WaitForCheck => (t.check_title, t.check_text),
        NextAction::VerifyAccount => (t.verify_title, t.verify_text),
        NextAction::WaitForReview => (t.review_title, t.review_text),
        NextAction::SignAgreement => (t.sign_title, t.sign_text),
        NextAction::BindSettlementAccount => (t.bind_title, t.bind_text),
        NextAction::WaitForAccountVerification => (t.account_verifying_title, t.account_verifying),
        NextAction::FixSettlementAccount => (t.account_failed_title, t.account_failed),
        NextAction::WithdrawCommissions => (t.done_title, t.done_text),
        NextAction::FixRejectedFields => (t.rejected_title, t.rejected_text),
        NextAction::ContactSupport => (t.frozen_title, t.frozen_text),
        NextAction::StartAgain => (t.canceled_title, t.canceled_text),
    }
}

/// The heading every next-action part starts with.
pub fn heading(action: NextAction, t: &'static StatusTexts) -> impl IntoView {
    let (title, text) = headline(action, t);
    view! {
        <h2 id="next-step-title" tabindex="-1">{title}</h2>
        <p id="next-step-text">{text}</p>
    }
}

pub fn outcome(view: &StatusView, locale: Locale) -> AnyView {
    let t = status_texts(locale);
    let head = heading(view.next_action, t);
    let body = match view.next_action {
        NextAction::SignAgreement => view
            .sign_url
            .clone()
            .map(|url| qr_link(url, t.sign_qr_label, t))
            .into_any(),
        NextAction::FixRejectedFields => rejected(view, locale).into_any(),
        NextAction::StartAgain => view! {
            <p><a href="/apply/check" class="button" id="start-again">{t.start_again}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! { {head} {body} }.into_any()
}

/// A QR code of one of the app's phone pages, and the same link for this device (the person who
/// must act may be the one holding it).
pub fn qr_link(url: String, label: &'static str, t: &'static StatusTexts) -> impl IntoView {
    view! {
        <Qr data=url.clone() label=label/>
        <p><a id="phone-link" href=url target="_blank" rel="noopener">{t.open_link}</a></p>
    }
}

/// Each reason next to the answer it concerns, and "Fix", which opens the first step with one.
fn rejected(view: &StatusView, locale: Locale) -> impl IntoView {
    let t = status_texts(locale);
    let fix = view
        .first_step_to_fix()
        .map_or("/apply".to_string(), |s| format!("/apply/{}", s.key()));
    let reasons = view
        .rejection_reasons
        .iter()
        .map(|r| {
            let field = r.path.map_or(t.other_field, |p| field_label(p, locale));
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
        <p><a href=fix class="button" id="fix">{t.fix}</a></p>
    }
}
