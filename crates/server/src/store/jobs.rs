//! The pipeline's jobs: work due at a time, for one submission round of one application.
//!
//! A job runs exactly once in effect:
//! - it is *claimed* with a lease, by one atomic statement, so two workers never hold it at once;
//! - it is *finished* inside the transaction that performs it (the transition and the next job),
//!   and only by the holder of the current claim: each claim counts an attempt, and finishing
//!   names the attempt, so a worker whose lease ran out and was taken over cannot finish it too;
//! - a worker holds its claim while it works (the pipeline renews the lease), so work that
//!   outlasts one lease, waiting for its turn under WeChat Pay's rate limits say, is not done twice;
//! - a job whose worker died (the process was killed) is free again when its lease runs out;
//! - a job that failed is retried later, with a backoff that doubles per attempt (and jitter).

use std::time::Duration;

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::util::after;

/// What a job does. Stored by name; a name this build does not know is an error, never skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Sends the round to WeChat Pay if it was not yet, then asks where it stands and follows it
    /// (`pipeline/wechatpay.rs`); each run adds the next, one per round at a time.
    WechatPay,
    /// The bank's check of a bound or changed settlement account.
    SettlementVerify,
}

impl JobKind {
    pub const ALL: [JobKind; 2] = [JobKind::WechatPay, JobKind::SettlementVerify];

    pub fn name(self) -> &'static str {
        match self {
            JobKind::WechatPay => "wechatpay",
            JobKind::SettlementVerify => "settlement_verify",
        }
    }

    pub fn from_name(name: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A claimed job. `attempt` is the claim's fencing token.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub application_id: String,
    pub round: i64,
    /// The stored name; [`JobKind::from_name`] reads it.
    pub kind: String,
    pub attempt: i64,
}

/// Most jobs one claim takes; the rest wait for the next turn of the loop.
const CLAIM_BATCH: i64 = 32;

/// The longest wait between retries of a failing job.
const MAX_BACKOFF: Duration = Duration::from_secs(10 * 60);

/// Adds a job for `round` of the application, due at `due_at` (Unix ms).
pub async fn add(
    db: impl SqliteExecutor<'_>,
    application_id: &str,
    round: i64,
    kind: JobKind,
    due_at: i64,
) -> sqlx::Result<()> {
    // OR IGNORE: a round has one WeChat Pay job at a time (a unique index); one already waiting
    // is the one that runs.
    sqlx::query("INSERT OR IGNORE INTO jobs (application_id, round, kind, due_at) VALUES (?, ?, ?, ?)")
        .bind(application_id)
        .bind(round)
        .bind(kind.name())
        .bind(due_at)
        .execute(db)
        .await
        .map(|_| ())
}

/// Claims the jobs due at `now` that nobody holds, each until `now + lease`, in one statement.
pub async fn claim_due(db: impl SqliteExecutor<'_>, now: i64, lease: Duration) -> sqlx::Result<Vec<Job>> {
    let until = after(now, lease);
    let rows: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "UPDATE jobs SET lease_until = ?, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= ? \
             AND (lease_until IS NULL OR lease_until <= ?) ORDER BY due_at LIMIT ?) \
         RETURNING id, application_id, round, kind, attempts",
    )
    .bind(until)
    .bind(now)
    .bind(now)
    .bind(CLAIM_BATCH)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, application_id, round, kind, attempt)| Job {
            id,
            application_id,
            round,
            kind,
            attempt,
        })
        .collect())
}

/// Marks `job` done, inside the transaction that performed it. False when the claim is no longer
/// this one (its lease ran out and another worker took it): the caller must roll back.
pub async fn finish(conn: &mut SqliteConnection, job: &Job, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE jobs SET done_at = ?, lease_until = NULL WHERE id = ? AND attempts = ? AND done_at IS NULL",
    )
    .bind(now)
    .bind(job.id)
    .bind(job.attempt)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Extends the lease of `job`, still being worked on, to `until`. False when the claim is no
/// longer this one (done, or taken over after the lease ran out).
pub async fn hold(db: impl SqliteExecutor<'_>, job: &Job, until: i64) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE jobs SET lease_until = ? WHERE id = ? AND attempts = ? AND done_at IS NULL")
        .bind(until)
        .bind(job.id)
        .bind(job.attempt)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// A failed attempt: the job is free again after a backoff, with the error kept for the operator.
pub async fn retry_later(db: impl SqliteExecutor<'_>, job: &Job, error: &str, now: i64) -> sqlx::Result<()> {
    let due = after(now, backoff_with_jitter(job.attempt));
    sqlx::query(
        "UPDATE jobs SET lease_until = NULL, due_at = ?, last_error = ? WHERE id = ? AND attempts = ? AND done_at IS NULL",
    )
    .bind(due)
    .bind(error)
    .bind(job.id)
    .bind(job.attempt)
    .execute(db)
    .await
    .map(|_| ())
}

/// Brings the round's WeChat Pay job forward to `by` if it is due later: someone is looking at
/// the application (a long poll), or something happened that WeChat Pay will show.
pub async fn soon(db: impl SqliteExecutor<'_>, application_id: &str, by: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE jobs SET due_at = ? WHERE application_id = ? AND kind = 'wechatpay' AND done_at IS NULL AND due_at > ?",
    )
    .bind(by)
    .bind(application_id)
    .bind(by)
    .execute(db)
    .await
    .map(|_| ())
}

/// When the next job could be claimed: the earliest due time, or lease end, of those not done.
pub async fn next_at(db: impl SqliteExecutor<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MIN(MAX(due_at, COALESCE(lease_until, 0))) FROM jobs WHERE done_at IS NULL")
        .fetch_one(db)
        .await
}

/// One second after the first failure, doubling, at most [`MAX_BACKOFF`].
pub fn backoff(attempt: i64) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    Duration::from_secs(1u64 << doublings).min(MAX_BACKOFF)
}

/// [`backoff`] with up to a fifth added at random, so that jobs that failed together (WeChat Pay
/// was down, or said 429) do not all come back in the same instant.
pub fn backoff_with_jitter(attempt: i64) -> Duration {
    let base = backoff(attempt);
    let fifth = u64::try_from(base.as_millis() / 5).unwrap_or(0);
    let random = u64::from_str_radix(&crate::util::random_hex(4), 16).unwrap_or(0);
    base + Duration::from_millis(if fifth == 0 { 0 } else { random % (fifth + 1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_ten_minutes() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(2), Duration::from_secs(2));
        assert_eq!(backoff(5), Duration::from_secs(16));
        assert_eq!(backoff(11), MAX_BACKOFF);
        assert_eq!(backoff(i64::MAX), MAX_BACKOFF);
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(-3), Duration::from_secs(1));
    }

    #[test]
    fn jitter_adds_at_most_a_fifth() {
        for attempt in [1, 3, 8, 30] {
            for _ in 0..50 {
                let waited = backoff_with_jitter(attempt);
                assert!(waited >= backoff(attempt) && waited <= backoff(attempt) * 6 / 5);
            }
        }
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(JobKind::from_name("approve_everything"), None);
        assert_eq!(JobKind::from_name("review"), None, "the stand-in's jobs are gone");
    }
}
