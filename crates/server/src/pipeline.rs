//! The review pipeline: jobs that move applications along, persisted so that a restart loses
//! none of them, each performed in one transaction with its transition and the next job (see
//! `store/jobs.rs`). In sandbox mode it also stands in for WeChat Pay's decisions.

use std::time::Duration;

use onboarding_domain::{
    ApplicationDraft, ApplicationState, Date, Explain, Locale, NextAction, SettlementState, next_action,
};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use tokio::task::JoinSet;

use crate::AppState;
use crate::store::applications::{self, Application, Patch};
use crate::store::jobs::{self, Job, JobKind};
use crate::store::{self, StoreError, unreadable};
use crate::util::{after, now_ms, random_hex};

/// Where the sandbox asks applicants to send the verification remittance (WeChat Pay's own
/// collection account in production).
pub const DESTINATION_NAME: &str = "财付通支付科技有限公司";
pub const DESTINATION_NUMBER: &str = "7551 2345 6789 0001";
pub const DESTINATION_BANK: &str = "招商银行深圳分行营业部";
pub const DESTINATION_CITY: &str = "深圳市";

/// Runs forever: claims the due jobs, performs each, sleeps until the next one or a wake-up.
pub async fn run(state: AppState) {
    supervise(state, |state, job| async move { perform(&state, &job).await }).await;
}

/// The loop of [`run`], with the work a claimed job gets as a parameter (tests pass work that
/// panics). Each job runs in its own task, so a panic ends that task only.
async fn supervise<F, W>(state: AppState, work: F)
where
    F: Fn(AppState, Job) -> W,
    W: std::future::Future<Output = Result<Option<String>, StoreError>> + Send + 'static,
{
    // The jobs in flight live in this set: when the loop ends (the process stops), so do they.
    let mut running = JoinSet::new();
    loop {
        match jobs::claim_due(&state.db, now_ms(), state.config.job_lease).await {
            Ok(claimed) => {
                for job in claimed {
                    let performed = work(state.clone(), job.clone());
                    running.spawn(async move { (job, performed.await) });
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot claim jobs"),
        }
        while let Some(done) = running.join_next().await {
            settle(&state, done).await;
        }
        let next = match jobs::next_at(&state.db).await {
            Ok(next) => next,
            Err(e) => {
                tracing::error!(error = %e, "cannot read jobs");
                Some(now_ms() + 1_000)
            }
        };
        let sleep = next.map_or(Duration::from_secs(60), |at| {
            Duration::from_millis(u64::try_from(at.saturating_sub(now_ms()).clamp(0, 60_000)).unwrap_or(60_000))
        });
        let _ = tokio::time::timeout(sleep, state.wake.notified()).await;
    }
}

/// After a job's task: announce its change, or log its failure (a panic included: the task
/// caught it) and free the job for a retry after its backoff.
async fn settle(state: &AppState, done: Result<(Job, Result<Option<String>, StoreError>), tokio::task::JoinError>) {
    let (job, error) = match done {
        Ok((_, Ok(moved))) => {
            if let Some(account_id) = moved {
                state.changed(&account_id);
            }
            return;
        }
        Ok((job, Err(e))) => (job, e.to_string()),
        Err(e) => {
            // A panic: the task is gone with its job, whose lease frees it in time.
            tracing::error!(error = %e, "pipeline job panicked");
            return;
        }
    };
    tracing::error!(job = job.id, kind = %job.kind, application_id = %job.application_id, attempt = job.attempt, %error, "pipeline job failed; it will be retried");
    if let Err(e) = jobs::retry_later(&state.db, &job, &error, now_ms()).await {
        tracing::error!(job = job.id, error = %e, "cannot reschedule job");
    }
}

/// Performs one claimed job in one transaction: its step (the transition and the next job) and
/// its being done commit together, or not at all. The account whose application changed, if one
/// did.
pub async fn perform(state: &AppState, job: &Job) -> Result<Option<String>, StoreError> {
    let kind = JobKind::from_name(&job.kind).ok_or_else(|| StoreError::Db(unreadable("job kind", &job.kind)))?;
    let now = now_ms();
    let mut tx = begin(state).await?;
    let app = applications::by_id(&mut *tx, &job.application_id).await?;
    let moved = match app {
        // A job acts only in the round it belongs to and in the state it waits in; otherwise the
        // application moved on by other means (a decision, a resubmission) and it has nothing to do.
        Some(app) if app.round == job.round && app.state == waits_in(kind) => {
            step(state, &mut tx, kind, &app, now).await?.then_some(app.account_id)
        }
        _ => None,
    };
    if !jobs::finish(&mut tx, job, now).await? {
        // The lease ran out and another worker claimed the job: that attempt is the one that counts.
        tx.rollback().await?;
        return Ok(None);
    }
    tx.commit().await?;
    Ok(moved)
}

/// The state each kind of job waits in.
fn waits_in(kind: JobKind) -> ApplicationState {
    match kind {
        JobKind::Check => ApplicationState::Checking,
        JobKind::VerifyDeadline => ApplicationState::AccountNeedVerify,
        JobKind::Review => ApplicationState::Auditing,
        JobKind::SettlementVerify => ApplicationState::Finish,
    }
}

async fn step(
    state: &AppState,
    tx: &mut SqliteConnection,
    kind: JobKind,
    app: &Application,
    now: i64,
) -> Result<bool, StoreError> {
    match kind {
        JobKind::Check => preliminary_check(state, tx, app, now).await,
        // The deadline may have been moved since the job was added; only a passed one cancels.
        JobKind::VerifyDeadline if app.deadline.is_some_and(|d| d <= now) => {
            applications::transition(tx, app, ApplicationState::Canceled, Patch::default(), now).await
        }
        JobKind::VerifyDeadline => Ok(false),
        // Without an operator decision, review approves by itself after --review-delay.
        JobKind::Review => approve_in(tx, app, now).await,
        JobKind::SettlementVerify if app.settlement_state == SettlementState::Verifying => {
            verify_settlement(state, tx, app, now).await
        }
        JobKind::SettlementVerify => Ok(false),
    }
}

/// The submitted application, opened. One that will not open (a changed key, a damaged row) is
/// an error, never an application that passes.
fn opened(state: &AppState, app: &Application) -> Result<ApplicationDraft, StoreError> {
    let context = crate::api::application::sealed_context(&app.account_id);
    crate::sealed_draft::open(&state.sealer, &app.sealed, &context)
        .map_err(|e| StoreError::Db(unreadable("sealed application", &e.to_string())))
}

/// The preliminary check: the domain rules again (a document may have expired since the
/// draft was saved), then the account verification is set up with its 30-day deadline.
async fn preliminary_check(
    state: &AppState,
    tx: &mut SqliteConnection,
    app: &Application,
    now: i64,
) -> Result<bool, StoreError> {
    let draft = opened(state, app)?;
    let account = crate::store::accounts::by_id(&mut *tx, &app.account_id)
        .await?
        .ok_or_else(|| StoreError::Db(unreadable("application's account", &app.account_id)))?;
    match draft.validate(account.entity_type, Date::today_in_china()) {
        Err(errors) => {
            let reasons: Vec<(String, String)> = errors
                .iter()
                // WeChat Pay writes its rejection reasons in Simplified Chinese, whatever the
                // applicant reads; the simulated review does the same.
                .map(|e| (e.path.wechat_param(), e.problem.message(Locale::ZhCn)))
                .collect();
            let reasons = serde_json::to_string(&reasons).unwrap_or_default();
            let patch = Patch {
                reasons: Some(&reasons),
                ..Patch::default()
            };
            applications::transition(tx, app, ApplicationState::Rejected, patch, now).await
        }
        Ok(_) => {
            let deadline = after(now, state.config.verify_window);
            let amount = 1 + (u32::from_str_radix(&random_hex(2), 16).unwrap_or(0) % 99);
            // 40 bits: the memo alone finds the application when the transfer arrives.
            let remark = random_hex(5).to_uppercase();
            let legal_token = random_hex(16);
            let patch = Patch {
                pay_amount: Some(amount),
                remark: Some(&remark),
                deadline: Some(deadline),
                legal_token: Some(&legal_token),
                ..Patch::default()
            };
            let moved = applications::transition(tx, app, ApplicationState::AccountNeedVerify, patch, now).await?;
            if moved {
                jobs::add(&mut *tx, &app.id, app.round, JobKind::VerifyDeadline, deadline).await?;
            }
            Ok(moved)
        }
    }
}

/// A write transaction for a step that people take (a remittance, a decision). `BEGIN IMMEDIATE`
/// takes the write lock first, so its reads cannot go stale before its writes; dropped
/// unfinished (the request went away), it rolls back.
async fn begin(state: &AppState) -> Result<Transaction<'static, Sqlite>, StoreError> {
    Ok(state.db.begin_with("BEGIN IMMEDIATE").await?)
}

/// Commits and, if the application changed, tells its long polls and the pipeline.
async fn commit(
    state: &AppState,
    tx: Transaction<'static, Sqlite>,
    app: &Application,
    moved: bool,
) -> Result<bool, StoreError> {
    tx.commit().await?;
    if moved {
        state.changed(&app.account_id);
    }
    Ok(moved)
}

/// The account was verified (remittance received or legal person scanned): review starts, with
/// its job, in one transaction.
pub async fn verified(state: &AppState, app: &Application) -> Result<bool, StoreError> {
    let review_delay = state.config.review_delay;
    let (state, app) = (state.clone(), app.clone());
    store::to_the_end(async move {
        let now = now_ms();
        let mut tx = begin(&state).await?;
        let moved = applications::transition(&mut tx, &app, ApplicationState::Auditing, Patch::default(), now).await?;
        if moved {
            jobs::add(&mut *tx, &app.id, app.round, JobKind::Review, after(now, review_delay)).await?;
        }
        commit(&state, tx, &app, moved).await
    })
    .await
}

/// Sandbox rule for the bank's check of a settlement account: an account number ending in `0000`
/// fails, like a card test number, so the failure path can be lived through; any other succeeds.
pub const SANDBOX_FAILING_ACCOUNT_SUFFIX: &str = "0000";

async fn verify_settlement(
    state: &AppState,
    tx: &mut SqliteConnection,
    app: &Application,
    now: i64,
) -> Result<bool, StoreError> {
    let draft = opened(state, app)?;
    let number: String = draft
        .settlement_account
        .account_number
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (to, reason) = if number.ends_with(SANDBOX_FAILING_ACCOUNT_SUFFIX) {
        (
            SettlementState::VerifyFail,
            Some("账户名称与开户银行记录不一致，请核对后重新提交"),
        )
    } else {
        (SettlementState::VerifySuccess, None)
    };
    applications::move_settlement(tx, app, to, reason, None, now).await
}

/// What the operator decides about one application, from the operator page or the sandbox API.
#[derive(Clone)]
pub enum Decision {
    Approve,
    /// WeChat Pay's `audit_detail`: `(param_name, reason)` pairs.
    Reject(Vec<(String, String)>),
    /// Sandbox: the verification deadline passes now.
    Expire,
}

/// Carries out `decision`; false when another change came first. A decision the application's
/// state does not allow is refused by the state machine ([`StoreError::Illegal`]).
pub async fn decide(state: &AppState, app: &Application, decision: &Decision) -> Result<bool, StoreError> {
    let (state, app, decision) = (state.clone(), app.clone(), decision.clone());
    store::to_the_end(async move {
        let now = now_ms();
        let mut tx = begin(&state).await?;
        let moved = match &decision {
            Decision::Approve => approve_in(&mut tx, &app, now).await?,
            Decision::Reject(reasons) => reject_in(&mut tx, &app, reasons, now).await?,
            Decision::Expire => expire_in(&mut tx, &app, now).await?,
        };
        commit(&state, tx, &app, moved).await
    })
    .await
}

/// The operator (or review) approves: the agreement can be signed.
async fn approve_in(tx: &mut SqliteConnection, app: &Application, now: i64) -> Result<bool, StoreError> {
    let token = random_hex(16);
    let patch = Patch {
        sign_token: Some(&token),
        ..Patch::default()
    };
    applications::transition(tx, app, ApplicationState::NeedSign, patch, now).await
}

/// Sandbox: the verification deadline passes now, as if the 30 days had gone by unused. The
/// application is canceled exactly as the deadline job would cancel it; only an application
/// asked to verify has a deadline.
async fn expire_in(tx: &mut SqliteConnection, app: &Application, now: i64) -> Result<bool, StoreError> {
    if next_action(app.state, app.settlement_state) != NextAction::VerifyAccount {
        return Err(StoreError::Illegal(format!(
            "no verification deadline in {:?}",
            app.state
        )));
    }
    let patch = Patch {
        deadline: Some(now),
        ..Patch::default()
    };
    applications::transition(tx, app, ApplicationState::Canceled, patch, now).await
}

/// The operator rejects with WeChat Pay's `audit_detail`: `(param_name, reason)` pairs.
async fn reject_in(
    tx: &mut SqliteConnection,
    app: &Application,
    reasons: &[(String, String)],
    now: i64,
) -> Result<bool, StoreError> {
    if reasons.is_empty() {
        return Err(StoreError::Illegal("a rejection names its reasons".into()));
    }
    let reasons = serde_json::to_string(reasons).unwrap_or_default();
    let patch = Patch {
        reasons: Some(&reasons),
        ..Patch::default()
    };
    applications::transition(tx, app, ApplicationState::Rejected, patch, now).await
}

/// Sandbox: the super administrator signs the agreement, and the merchant gets its `sub_mchid`.
pub async fn signed(state: &AppState, app: &Application, sub_mchid: &str) -> Result<bool, StoreError> {
    let (state, app, sub_mchid) = (state.clone(), app.clone(), sub_mchid.to_string());
    store::to_the_end(async move {
        let patch = Patch {
            sub_mchid: Some(&sub_mchid),
            ..Patch::default()
        };
        let mut tx = begin(&state).await?;
        let moved = applications::transition(&mut tx, &app, ApplicationState::Finish, patch, now_ms()).await?;
        commit(&state, tx, &app, moved).await
    })
    .await
}

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
