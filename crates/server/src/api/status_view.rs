//! What the applicant is shown of their application: its state, what to do next, and what
//! WeChat Pay's answers carried (where to remit, the QR links), with identity and bank numbers
//! masked.

use onboarding_domain::api::{
    AccountValidation, RejectionReason, Sending, SettlementView, StatusView, VerificationMethod,
};
use onboarding_domain::{ApplicationDraft, Date, FieldPath, Mask, NextAction, next_action};

use crate::store::applications::Application;
use crate::store::applyments::Applyment;

/// The masked form the domain gives a number; a number that no longer parses (it passed when
/// submitted, but rules can tighten) still shows only its last four characters.
fn masked_or_tail<T: Mask, E>(parsed: Result<T, E>, typed: &str) -> String {
    parsed
        .map(|n| n.masked())
        .unwrap_or_else(|_| onboarding_domain::mask::mask_middle(typed.trim(), 0, 4))
}

pub fn view(app: &Application, applyment: Option<&Applyment>, draft: &ApplicationDraft) -> StatusView {
    let method = app
        .verification_method
        .as_deref()
        .and_then(|m| VerificationMethod::ALL.into_iter().find(|v| v.key() == m));
    // What the view shows follows the domain's next action, not states compared here.
    let next = next_action(app.state, app.settlement_state);
    let waiting = next == NextAction::VerifyAccount;
    // Where to remit is what WeChat Pay said: its own account, named in its answer.
    let destination = applyment.and_then(|a| a.destination.clone());
    let account_validation = (waiting && app.pay_amount.is_some())
        .then_some(destination)
        .flatten()
        .map(|[name, number, bank, city]| AccountValidation {
            pay_amount_fen: app.pay_amount.unwrap_or_default(),
            destination_account_name: name,
            destination_account_number: number,
            destination_bank: bank,
            destination_city: city,
            remark: app.remark.clone().unwrap_or_default(),
            deadline: app.deadline.unwrap_or_default(),
        });
    let owners = draft.legal_person.beneficial_owners.len();
    let reasons: Vec<RejectionReason> = app
        .reasons
        .as_deref()
        .and_then(|r| serde_json::from_str::<Vec<(String, String)>>(r).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|(param_name, reason)| RejectionReason {
            // Reasons stored before owners had WeChat names carry the form's own path.
            path: FieldPath::from_wechat_param(&param_name, owners).or_else(|| param_name.parse().ok()),
            param_name,
            // No reason: WeChat Pay refused the answer as sent, in words meant for the platform.
            reason: if reason.is_empty() {
                RejectionReason::not_accepted(crate::error::locale()).to_string()
            } else {
                reason
            },
        })
        .collect();
    let account = &draft.settlement_account;
    let typed_account = account.account_number.as_str();
    let account_number = masked_or_tail(
        typed_account.parse::<onboarding_domain::BankAccountNumber>(),
        typed_account,
    );
    let identity = &draft.legal_person.identity;
    let residency = identity.residency.unwrap_or(onboarding_domain::Residency::Mainland);
    let id_number = masked_or_tail(
        onboarding_domain::IdNumber::parse(
            residency.document(),
            identity.id_number.as_str(),
            Date::today_in_china(),
        ),
        identity.id_number.as_str(),
    );
    StatusView {
        application_id: app.id.clone(),
        state: app.state,
        next_action: next,
        version: app.version.unsigned_abs(),
        submitted_at: app.submitted_at,
        updated_at: app.updated_at,
        deadline: waiting.then_some(app.deadline).flatten(),
        rejection_reasons: if next == NextAction::FixRejectedFields {
            reasons
        } else {
            Vec::new()
        },
        verification_method: method,
        account_validation,
        legal_validation_url: (waiting && method == Some(VerificationMethod::LegalPersonScan))
            .then(|| applyment.and_then(|a| a.legal_url.clone()))
            .flatten(),
        sign_url: (next == NextAction::SignAgreement)
            .then(|| applyment.and_then(|a| a.sign_url.clone()))
            .flatten(),
        sub_mchid: app.sub_mchid.clone(),
        // Until WeChat Pay has taken this round: no applyment of it is recorded yet.
        sending: (next == NextAction::WaitForCheck && applyment.is_none()).then_some(if app.failing {
            Sending::Retrying
        } else {
            Sending::InProgress
        }),
        legal_person_id_number: id_number,
        settlement: SettlementView {
            state: app.settlement_state,
            account_number,
            bank: account.bank,
            account_name: account.account_name.clone(),
            failure_reason: app.settlement_reason.clone(),
        },
    }
}
