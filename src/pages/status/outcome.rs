//! The next actions that need no form: waiting, signing, a rejection to fix, frozen, canceled.

use leptos::prelude::*;
use onboarding_domain::NextAction;
use onboarding_domain::api::StatusView;

use crate::components::qr::Qr;
use crate::i18n::{StatusTexts, field_label, status_texts, use_locale};

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

/// The heading every next-action part starts with; it follows the language by itself.
pub fn heading(action: NextAction) -> impl IntoView {
    let locale = use_locale();
    let words = move || headline(action, status_texts(locale.get()));
    view! {
        <h2 id="next-step-title" tabindex="-1">{move || words().0}</h2>
        <p id="next-step-text">{move || words().1}</p>
    }
}

/// Built once per status: each text follows the language in place, so a change of language
/// neither redraws the part nor fetches its QR code again.
pub fn outcome(view: &StatusView) -> AnyView {
    let locale = use_locale();
    let t = move || status_texts(locale.get());
    let body = match view.next_action {
        NextAction::SignAgreement => view
            .sign_url
            .clone()
            .map(|url| qr_link(url, |t| t.sign_qr_label))
            .into_any(),
        NextAction::FixRejectedFields => rejected(view).into_any(),
        NextAction::StartAgain => view! {
            <p><a href="/apply/check" class="button" id="start-again">{move || t().start_again}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! { {heading(view.next_action)} {body} }.into_any()
}

/// A QR code of one of the app's phone pages, and the same link for this device (the person who
/// must act may be the one holding it). `label` picks the code's accessible name.
pub fn qr_link(url: String, label: fn(&'static StatusTexts) -> &'static str) -> impl IntoView {
    let locale = use_locale();
    let t = move || status_texts(locale.get());
    view! {
        <Qr data=url.clone() label=Signal::derive(move || label(t()))/>
        <p><a id="phone-link" href=url target="_blank" rel="noopener">{move || t().open_link}</a></p>
    }
}

/// Each reason next to the answer it concerns, and "Fix", which opens the first step with one.
fn rejected(view: &StatusView) -> impl IntoView {
    let locale = use_locale();
    let t = move || status_texts(locale.get());
    let fix = view
        .first_step_to_fix()
        .map_or("/apply".to_string(), |s| format!("/apply/{}", s.key()));
    let reasons = view
        .rejection_reasons
        .iter()
        .map(|r| {
            let path = r.path;
            let field = move || path.map_or(t().other_field, |p| field_label(p, locale.get()));
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
        <p><a href=fix class="button" id="fix">{move || t().fix}</a></p>
    }
}
