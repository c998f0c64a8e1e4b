//! The review pipeline: timed steps that move applications along, persisted as timers so that a
//! restart loses none of them. In sandbox mode it also stands in for WeChat Pay's decisions.

use std::time::Duration;

use onboarding_domain::{ApplicationDraft, ApplicationState, Date, Explain, Locale, SettlementState};

use crate::AppState;
use crate::store::applications::{self, Patch};
use crate::util::{now_ms, random_hex};

/// Where the sandbox asks applicants to send the verification remittance (WeChat Pay's own
/// collection account in production).
pub const DESTINATION_NAME: &str = "财付通支付科技有限公司";
pub const DESTINATION_NUMBER: &str = "7551 2345 6789 0001";
pub const DESTINATION_BANK: &str = "招商银行深圳分行营业部";
pub const DESTINATION_CITY: &str = "深圳市";

/// Runs forever: takes due timers, performs them, sleeps until the next one or a wake-up.
pub async fn run(state: AppState) {
    loop {
        let next = match applications::take_due(&state.db, now_ms()).await {
            Ok((due, next)) => {
                for (application_id, kind) in due {
                    if let Err(e) = perform(&state, &application_id, &kind).await {
                        tracing::error!(%application_id, %kind, error = %e, "pipeline step failed");
                    }
                }
                next
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read timers");
                Some(now_ms() + 1_000)
            }
        };
        let sleep = next.map_or(Duration::from_secs(60), |at| {
            Duration::from_millis((at - now_ms()).clamp(0, 60_000) as u64)
        });
        let _ = tokio::time::timeout(sleep, state.wake.notified()).await;
    }
}

async fn perform(state: &AppState, id: &str, kind: &str) -> Result<(), sqlx::Error> {
    let Some(app) = applications::by_id(&state.db, id).await? else {
        return Ok(());
    };
    let now = now_ms();
    let moved = match (kind, app.state) {
        ("check", ApplicationState::Checking) => preliminary_check(state, &app, now).await?,
        ("verify_deadline", ApplicationState::AccountNeedVerify) if app.deadline.is_some_and(|d| d <= now) => {
            applications::advance(
                &state.db,
                id,
                app.state,
                ApplicationState::Canceled,
                Patch::default(),
                now,
            )
            .await?
        }
        // Without an operator decision, review approves by itself after --review-delay.
        ("review", ApplicationState::Auditing) => return approve(state, &app).await.map(|_| ()),
        ("settlement_verify", ApplicationState::Finish) if app.settlement_state == SettlementState::Verifying => {
            verify_settlement(state, &app, now).await?
        }
        // The application moved on by other means (a decision, a resubmission): nothing to do.
        _ => false,
    };
    if moved {
        state.changed();
    }
    Ok(())
}

/// The preliminary check: the domain rules again (a document may have expired since the
/// draft was saved), then the account verification is set up with its 30-day deadline.
async fn preliminary_check(state: &AppState, app: &applications::Application, now: i64) -> Result<bool, sqlx::Error> {
    let context = crate::api::application::sealed_context(&app.account_id);
    let draft: Option<ApplicationDraft> = state
        .sealer
        .open(&app.sealed, &context)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok());
    let account = crate::store::accounts::by_id(&state.db, &app.account_id).await?;
    let verdict = match (draft, account) {
        (Some(d), Some(a)) => d.validate(a.entity_type, Date::today_in_china()).map(|_| ()),
        _ => Ok(()),
    };
    match verdict {
        Err(errors) => {
            let reasons: Vec<(String, String)> = errors
                .iter()
                .map(|e| {
                    let param = match e.path {
                        onboarding_domain::FieldPath::Field(f) => f.wechat_param().to_string(),
                        other => other.to_string(),
                    };
                    // WeChat Pay writes its rejection reasons in Simplified Chinese, whatever the
                    // applicant reads; the simulated review does the same.
                    (param, e.problem.message(Locale::ZhCn))
                })
                .collect();
            let reasons = serde_json::to_string(&reasons).unwrap_or_default();
            let patch = Patch {
                reasons: Some(&reasons),
                ..Patch::default()
            };
            applications::advance(&state.db, &app.id, app.state, ApplicationState::Rejected, patch, now).await
        }
        Ok(()) => {
            let deadline = now + state.config.verify_window.as_millis() as i64;
            let amount = 1 + (u32::from_str_radix(&random_hex(2), 16).unwrap_or(0) % 99);
            let remark = random_hex(3).to_uppercase();
            let legal_token = random_hex(16);
            let patch = Patch {
                pay_amount: Some(i64::from(amount)),
                remark: Some(&remark),
                deadline: Some(deadline),
                legal_token: Some(&legal_token),
                ..Patch::default()
            };
            let moved = applications::advance(
                &state.db,
                &app.id,
                app.state,
                ApplicationState::AccountNeedVerify,
                patch,
                now,
            )
            .await?;
            if moved {
                applications::add_timer(&state.db, &app.id, "verify_deadline", deadline).await?;
            }
            Ok(moved)
        }
    }
}

/// The account was verified (remittance received or legal person scanned): review starts.
pub async fn verified(state: &AppState, app: &applications::Application) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let moved = applications::advance(
        &state.db,
        &app.id,
        app.state,
        ApplicationState::Auditing,
        Patch::default(),
        now,
    )
    .await?;
    if moved {
        let due = now + state.config.review_delay.as_millis() as i64;
        applications::add_timer(&state.db, &app.id, "review", due).await?;
        state.changed();
    }
    Ok(moved)
}

/// Sandbox rule for the bank's check of a settlement account: an account number ending in `0000`
/// fails, like a card test number, so the failure path can be lived through; any other succeeds.
pub const SANDBOX_FAILING_ACCOUNT_SUFFIX: &str = "0000";

async fn verify_settlement(state: &AppState, app: &applications::Application, now: i64) -> Result<bool, sqlx::Error> {
    let context = crate::api::application::sealed_context(&app.account_id);
    let draft: Option<ApplicationDraft> = state
        .sealer
        .open(&app.sealed, &context)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok());
    let number: String = draft
        .map(|d| {
            d.settlement_account
                .account_number
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        })
        .unwrap_or_default();
    let (to, reason) = if number.ends_with(SANDBOX_FAILING_ACCOUNT_SUFFIX) {
        (
            SettlementState::VerifyFail,
            Some("账户名称与开户银行记录不一致，请核对后重新提交"),
        )
    } else {
        (SettlementState::VerifySuccess, None)
    };
    applications::move_settlement(&state.db, &app.id, SettlementState::Verifying, to, reason, None, now).await
}

/// Moves the application and, if it moved, tells long polls and the pipeline.
async fn advance_and_announce(
    state: &AppState,
    app: &applications::Application,
    to: ApplicationState,
    patch: Patch<'_>,
) -> Result<bool, sqlx::Error> {
    let moved = applications::advance(&state.db, &app.id, app.state, to, patch, now_ms()).await?;
    if moved {
        state.changed();
    }
    Ok(moved)
}

/// What the operator decides about one application, from the operator page or the sandbox API.
pub enum Decision {
    Approve,
    /// WeChat Pay's `audit_detail`: `(param_name, reason)` pairs.
    Reject(Vec<(String, String)>),
    /// Sandbox: the verification deadline passes now.
    Expire,
}

/// Carries out `decision`; false when the application is not at a step where it applies.
pub async fn decide(
    state: &AppState,
    app: &applications::Application,
    decision: &Decision,
) -> Result<bool, sqlx::Error> {
    match decision {
        Decision::Approve => approve(state, app).await,
        Decision::Reject(reasons) => reject(state, app, reasons).await,
        Decision::Expire => expire_deadline(state, app).await,
    }
}

/// The operator (or review) approves: the agreement can be signed.
pub async fn approve(state: &AppState, app: &applications::Application) -> Result<bool, sqlx::Error> {
    if app.state != ApplicationState::Auditing {
        return Ok(false);
    }
    let token = random_hex(16);
    advance_and_announce(
        state,
        app,
        ApplicationState::NeedSign,
        Patch {
            sign_token: Some(&token),
            ..Patch::default()
        },
    )
    .await
}

/// Sandbox: the verification deadline passes now, as if the 30 days had gone by unused. The
/// application is canceled exactly as the deadline timer would cancel it.
pub async fn expire_deadline(state: &AppState, app: &applications::Application) -> Result<bool, sqlx::Error> {
    if app.state != ApplicationState::AccountNeedVerify {
        return Ok(false);
    }
    let patch = Patch {
        deadline: Some(now_ms()),
        ..Patch::default()
    };
    advance_and_announce(state, app, ApplicationState::Canceled, patch).await
}

/// The operator rejects with WeChat Pay's `audit_detail`: `(param_name, reason)` pairs.
pub async fn reject(
    state: &AppState,
    app: &applications::Application,
    reasons: &[(String, String)],
) -> Result<bool, sqlx::Error> {
    if !app.state.can_move_to(ApplicationState::Rejected) || reasons.is_empty() {
        return Ok(false);
    }
    let reasons = serde_json::to_string(reasons).unwrap_or_default();
    advance_and_announce(
        state,
        app,
        ApplicationState::Rejected,
        Patch {
            reasons: Some(&reasons),
            ..Patch::default()
        },
    )
    .await
}
