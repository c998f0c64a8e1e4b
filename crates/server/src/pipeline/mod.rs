//! The pipeline: jobs that move applications along, persisted so that a restart loses none of
//! them (see `store/jobs.rs`). Each application goes to WeChat Pay and is followed there
//! (`wechatpay.rs`); what changes is written in one transaction with the job's being done and the
//! next job.

mod settlement;
mod wechatpay;

pub use wechatpay::WATCHED_INTERVAL;

use std::fmt;
use std::time::Duration;

use onboarding_domain::ApplicationDraft;
use sqlx::{Sqlite, Transaction};
use tokio::task::JoinSet;

use crate::AppState;
use crate::store::applications::Application;
use crate::store::jobs::{self, Job, JobKind};
use crate::store::{StoreError, unreadable};
use crate::util::now_ms;

/// Why a job did not get done this time; it is tried again after a backoff.
#[derive(Debug)]
pub enum JobError {
    Store(StoreError),
    /// WeChat Pay could not be reached, was busy, or answered what cannot be trusted.
    WechatPay(onboarding_wechatpay::SendError),
    /// The application cannot be put into a request (a photo that will not upload, say).
    Mapping(String),
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Store(e) => e.fmt(f),
            JobError::WechatPay(e) => e.fmt(f),
            JobError::Mapping(why) => f.write_str(why),
        }
    }
}

impl From<StoreError> for JobError {
    fn from(e: StoreError) -> JobError {
        JobError::Store(e)
    }
}

impl From<sqlx::Error> for JobError {
    fn from(e: sqlx::Error) -> JobError {
        JobError::Store(e.into())
    }
}

impl From<onboarding_wechatpay::SendError> for JobError {
    fn from(e: onboarding_wechatpay::SendError) -> JobError {
        JobError::WechatPay(e)
    }
}

/// Runs forever: claims the due jobs, performs each, sleeps until the next one or a wake-up.
pub async fn run(state: AppState) {
    supervise(state, |state, job| async move { perform(&state, &job).await }).await;
}

/// The loop of [`run`], with the work a claimed job gets as a parameter (tests pass work that
/// panics). Each job runs in its own task, so a panic ends that task only.
async fn supervise<F, W>(state: AppState, work: F)
where
    F: Fn(AppState, Job) -> W,
    W: std::future::Future<Output = Result<Option<String>, JobError>> + Send + 'static,
{
    // The jobs in flight live in this set: when the loop ends (the process stops), so do they.
    let mut running = JoinSet::new();
    loop {
        match jobs::claim_due(&state.db, now_ms(), state.config.job_lease).await {
            Ok(claimed) => {
                for job in claimed {
                    let performed = work(state.clone(), job.clone());
                    let holding = hold(state.clone(), job.clone());
                    running.spawn(async move {
                        // In one task: a panic or the process's end stops the renewals with the work.
                        let outcome = tokio::select! {
                            outcome = performed => outcome,
                            never = holding => match never {},
                        };
                        (job, outcome)
                    });
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot claim jobs"),
        }
        // A job waits on WeChat Pay for up to its timeout: the others are not held up by it.
        while let Some(done) = running.try_join_next() {
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
        tokio::select! {
            Some(done) = running.join_next(), if !running.is_empty() => settle(&state, done).await,
            _ = tokio::time::timeout(sleep, state.wake.notified()) => {}
        }
    }
}

/// Renews a running job's lease every third of it. Work may outlast one lease (its turn under
/// WeChat Pay's rate limits, a slow answer): without this, the loop would claim the job again
/// while it runs, and the second worker's calls would queue behind the first's. A worker that
/// dies stops renewing, and its job is free a lease later. Once the claim is lost (taken over
/// after a stall, or already finished) it stops renewing and leaves the work to end by itself:
/// finishing is fenced by the attempt.
async fn hold(state: AppState, job: Job) -> std::convert::Infallible {
    let lease = state.config.job_lease;
    loop {
        tokio::time::sleep(lease / 3).await;
        match jobs::hold(&state.db, &job, crate::util::after(now_ms(), lease)).await {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => tracing::error!(job = job.id, error = %e, "cannot renew a job's lease"),
        }
    }
    std::future::pending().await
}

/// After a job's task: announce its change, or log its failure (a panic included: the task
/// caught it) and free the job for a retry after its backoff. A WeChat Pay failure is also kept
/// on the application, for the operator.
async fn settle(state: &AppState, done: Result<(Job, Result<Option<String>, JobError>), tokio::task::JoinError>) {
    let (job, error) = match done {
        Ok((_, Ok(moved))) => {
            if let Some(account_id) = moved {
                state.changed(&account_id);
            }
            return;
        }
        Ok((job, Err(e))) => (job, e),
        Err(e) => {
            // A panic: the task is gone with its job, whose lease frees it in time.
            tracing::error!(error = %e, "pipeline job panicked");
            return;
        }
    };
    let text = error.to_string();
    tracing::error!(job = job.id, kind = %job.kind, application_id = %job.application_id, attempt = job.attempt, error = %text, "pipeline job failed; it will be retried");
    let now = now_ms();
    if matches!(error, JobError::WechatPay(_) | JobError::Mapping(_)) {
        match recorded(state, &job.application_id, &text, now).await {
            Ok(Some(account_id)) => state.changed(&account_id),
            Ok(None) => {}
            Err(e) => tracing::error!(job = job.id, error = %e, "cannot record the WeChat Pay failure"),
        }
    }
    if let Err(e) = jobs::retry_later(&state.db, &job, &text, now).await {
        tracing::error!(job = job.id, error = %e, "cannot reschedule job");
    }
}

/// Keeps a WeChat Pay failure in one transaction; the account whose view it changed, if any.
async fn recorded(state: &AppState, application_id: &str, text: &str, now: i64) -> Result<Option<String>, StoreError> {
    let mut tx = begin(state).await?;
    let changed = crate::store::applyments::failed(&mut tx, application_id, text, now).await?;
    tx.commit().await?;
    Ok(changed)
}

/// Performs one claimed job. The account whose application changed, if one did.
pub async fn perform(state: &AppState, job: &Job) -> Result<Option<String>, JobError> {
    let kind = JobKind::from_name(&job.kind).ok_or_else(|| StoreError::Db(unreadable("job kind", &job.kind)))?;
    match kind {
        JobKind::WechatPay => wechatpay::perform(state, job).await,
        JobKind::SettlementVerify => settlement::perform(state, job).await,
    }
}

/// The submitted application, opened. One that will not open (a changed key, a damaged row) is
/// an error, never an application that passes.
fn opened(state: &AppState, app: &Application) -> Result<ApplicationDraft, StoreError> {
    let context = crate::api::application::sealed_context(&app.account_id);
    crate::sealed_draft::open(&state.sealer, &app.sealed, &context)
        .map_err(|e| StoreError::Db(unreadable("sealed application", &e.to_string())))
}

/// A write transaction. `BEGIN IMMEDIATE` takes the write lock first, so its reads cannot go
/// stale before its writes; dropped unfinished, it rolls back.
async fn begin(state: &AppState) -> Result<Transaction<'static, Sqlite>, StoreError> {
    Ok(state.db.begin_with("BEGIN IMMEDIATE").await?)
}

/// Asks WeChat Pay about the application soon (within `within`): someone is looking at it, or a
/// decision was made that WeChat Pay will show.
pub async fn follow_soon(state: &AppState, application_id: &str, within: Duration) -> Result<(), StoreError> {
    jobs::soon(&state.db, application_id, crate::util::after(now_ms(), within)).await?;
    state.wake.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests;
