//! Applications and their idempotency keys. Every change of state goes through [`transition`]
//! (or [`move_settlement`]), which asks the domain's state machine first, and writes the change's
//! events to the webhooks' outbox in the same transaction.

use onboarding_domain::{ApplicationState, SettlementState};
use sqlx::{Row, SqliteConnection, SqliteExecutor, SqlitePool};

use onboarding_domain::Submission;
use onboarding_domain::events::HostEvent;

use super::jobs::{self, JobKind};
use super::outbox;
use super::{StoreError, unreadable};

#[derive(Clone, Debug)]
pub struct Application {
    pub id: String,
    pub account_id: String,
    pub state: ApplicationState,
    /// 1 and up; a stored value below does not read.
    pub version: i64,
    pub sealed: Vec<u8>,
    pub reasons: Option<String>,
    pub verification_method: Option<String>,
    /// Fen; a stored value outside `u32` does not read (sqlx checks the conversion).
    pub pay_amount: Option<u32>,
    pub remark: Option<String>,
    pub deadline: Option<i64>,
    pub sub_mchid: Option<String>,
    pub settlement_state: SettlementState,
    pub settlement_reason: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
    /// The submission round: 1, and one more for each resubmission. Jobs belong to one round.
    pub round: i64,
    /// The last exchange with WeChat Pay about it failed (what failed is the operator's).
    pub failing: bool,
}

/// The state stored under `name`; an unknown name is an error, never a guess.
pub fn state_from(name: &str) -> sqlx::Result<ApplicationState> {
    ApplicationState::from_wechat_name(name).ok_or_else(|| unreadable("application state", name))
}

pub fn settlement_name(s: SettlementState) -> &'static str {
    match s {
        SettlementState::Unbound => "UNBOUND",
        SettlementState::Verifying => "VERIFYING",
        SettlementState::VerifySuccess => "VERIFY_SUCCESS",
        SettlementState::VerifyFail => "VERIFY_FAIL",
    }
}

fn settlement_from(name: &str) -> sqlx::Result<SettlementState> {
    SettlementState::ALL
        .into_iter()
        .find(|s| settlement_name(*s) == name)
        .ok_or_else(|| unreadable("settlement state", name))
}

const COLUMNS: &str = "id, account_id, state, version, sealed, reasons, verification_method, pay_amount, remark, \
    deadline, sub_mchid, settlement_state, settlement_reason, submitted_at, updated_at, round, \
    wechat_error IS NOT NULL";

/// A version or round as stored: 1 and up, or the row is unreadable.
pub fn positive(n: i64, what: &str) -> sqlx::Result<i64> {
    if n >= 1 {
        Ok(n)
    } else {
        Err(unreadable(what, &n.to_string()))
    }
}

fn from_row(r: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Application> {
    Ok(Application {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        state: state_from(r.try_get::<&str, _>(2)?)?,
        version: positive(r.try_get(3)?, "application version")?,
        sealed: r.try_get(4)?,
        reasons: r.try_get(5)?,
        verification_method: r.try_get(6)?,
        pay_amount: r.try_get(7)?,
        remark: r.try_get(8)?,
        deadline: r.try_get(9)?,
        sub_mchid: r.try_get(10)?,
        settlement_state: settlement_from(r.try_get::<&str, _>(11)?)?,
        settlement_reason: r.try_get(12)?,
        submitted_at: r.try_get(13)?,
        updated_at: r.try_get(14)?,
        round: positive(r.try_get(15)?, "application round")?,
        failing: r.try_get(16)?,
    })
}

pub async fn by_account(db: impl SqliteExecutor<'_>, account_id: &str) -> sqlx::Result<Option<Application>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE account_id = ?"))
        .bind(account_id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Only the version (the status ETag) and the id: the long poll's cheap check, with no blob read.
pub async fn version_by_account(db: &SqlitePool, account_id: &str) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT version, id FROM applications WHERE account_id = ?")
        .bind(account_id)
        .fetch_optional(db)
        .await
}

pub async fn by_id(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<Application>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Fields a transition may set; `None` leaves a column as it is.
#[derive(Default)]
pub struct Patch<'a> {
    pub reasons: Option<&'a str>,
    pub verification_method: Option<&'a str>,
    /// Fen; a stored value outside `u32` does not read (sqlx checks the conversion).
    pub pay_amount: Option<u32>,
    pub remark: Option<&'a str>,
    pub deadline: Option<i64>,
    pub sub_mchid: Option<&'a str>,
}

/// The one way an application changes state: the domain's state machine must allow `app.state`
/// to `to`, or nothing is written and the move is refused. The row changes only if it is still
/// as `app` read it (same state, same round); false when another change came first.
pub async fn transition(
    conn: &mut SqliteConnection,
    app: &Application,
    to: ApplicationState,
    patch: Patch<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let to = app.state.move_to(to)?;
    Ok(write(conn, app, to, patch, now).await?)
}

/// Sets fields of the application without changing its state (the applicant's choice of how to
/// verify), under the same compare-and-set as [`transition`].
pub async fn amend(conn: &mut SqliteConnection, app: &Application, patch: Patch<'_>, now: i64) -> sqlx::Result<bool> {
    write(conn, app, app.state, patch, now).await
}

async fn write(
    conn: &mut SqliteConnection,
    app: &Application,
    to: ApplicationState,
    patch: Patch<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE applications SET state = ?, version = version + 1, updated_at = ?, \
         reasons = COALESCE(?, reasons), verification_method = COALESCE(?, verification_method), \
         pay_amount = COALESCE(?, pay_amount), remark = COALESCE(?, remark), deadline = COALESCE(?, deadline), \
         sub_mchid = COALESCE(?, sub_mchid) \
         WHERE id = ? AND state = ? AND round = ?",
    )
    .bind(to.wechat_name())
    .bind(now)
    .bind(patch.reasons)
    .bind(patch.verification_method)
    .bind(patch.pay_amount)
    .bind(patch.remark)
    .bind(patch.deadline)
    .bind(patch.sub_mchid)
    .bind(&app.id)
    .bind(app.state.wechat_name())
    .bind(app.round)
    .execute(&mut *conn)
    .await?;
    let moved = result.rows_affected() == 1;
    if moved {
        let change = HostEvent::of_change(
            &app.id,
            Some((app.state, app.settlement_state)),
            (to, app.settlement_state),
        );
        outbox::add(conn, &app.account_id, change, now).await?;
    }
    Ok(moved)
}

pub enum SubmitOutcome {
    /// A new (or resubmitted) application, now `CHECKING`.
    Accepted(String),
    /// The same Idempotency-Key was seen before: the same answer again.
    Replayed(String, ApplicationState),
    /// An application is already under way.
    InProgress,
}

/// Submits in one write transaction (`BEGIN IMMEDIATE`, rolled back if the request is dropped
/// half-way), so concurrent submits with one key create exactly one application. What the
/// submission does is the domain's [`Submission`]: a rejected application is resubmitted in
/// place (same id, as WeChat Pay resubmits with the same request number) as its next round; a
/// canceled one is final, so the applicant starts a new application with a new id.
pub async fn submit(
    db: &SqlitePool,
    account_id: &str,
    key: &str,
    sealed: &[u8],
    image_ids: &str,
    send_at: i64,
    now: i64,
) -> Result<SubmitOutcome, StoreError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let seen: Option<String> =
        sqlx::query_scalar("SELECT application_id FROM idempotency_keys WHERE account_id = ? AND key = ?")
            .bind(account_id)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
    let current = by_account(&mut *tx, account_id).await?;
    if let Some(id) = seen {
        let state = current.map_or(ApplicationState::Checking, |a| a.state);
        return Ok(SubmitOutcome::Replayed(id, state));
    }
    let before = current.as_ref().map(|a| (a.state, a.settlement_state));
    let (id, round) = match Submission::of(current.as_ref().map(|a| a.state)) {
        Submission::Refused => return Ok(SubmitOutcome::InProgress),
        Submission::New => {
            if let Some(old) = &current {
                set_aside(&mut tx, old, now).await?;
            }
            let id = crate::util::random_hex(16);
            sqlx::query(
                "INSERT INTO applications (id, account_id, state, version, sealed, image_ids, round, submitted_at, \
                 updated_at) VALUES (?, ?, 'CHECKING', 1, ?, ?, 1, ?, ?)",
            )
            .bind(&id)
            .bind(account_id)
            .bind(sealed)
            .bind(image_ids)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            (id, 1)
        }
        Submission::Resubmit => {
            let app = current.expect("a resubmission has an application");
            app.state.move_to(ApplicationState::Checking)?;
            // Everything from the previous round is cleared; the settlement state restarts too.
            let result = sqlx::query(
                "UPDATE applications SET state = 'CHECKING', version = version + 1, round = round + 1, sealed = ?, \
                 image_ids = ?, reasons = NULL, verification_method = NULL, pay_amount = NULL, remark = NULL, deadline = NULL, \
                 legal_token = NULL, sign_token = NULL, sub_mchid = NULL, settlement_state = 'UNBOUND', \
                 settlement_reason = NULL, submitted_at = ?, updated_at = ? WHERE id = ? AND state = ? AND round = ?",
            )
            .bind(sealed)
            .bind(image_ids)
            .bind(now)
            .bind(now)
            .bind(&app.id)
            .bind(app.state.wechat_name())
            .bind(app.round)
            .execute(&mut *tx)
            .await?;
            if result.rows_affected() != 1 {
                return Ok(SubmitOutcome::InProgress);
            }
            (app.id, app.round + 1)
        }
    };
    sqlx::query("INSERT INTO idempotency_keys (account_id, key, application_id, created_at) VALUES (?, ?, ?, ?)")
        .bind(account_id)
        .bind(key)
        .bind(&id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    jobs::add(&mut *tx, &id, round, JobKind::WechatPay, send_at).await?;
    // A new application after a canceled one starts its own story.
    let before = before.filter(|_| round > 1);
    let mut events = vec![HostEvent::Submitted {
        application_id: id.clone(),
    }];
    events.extend(HostEvent::of_change(
        &id,
        before,
        (ApplicationState::Checking, SettlementState::Unbound),
    ));
    outbox::add(&mut tx, account_id, events, now).await?;
    tx.commit().await?;
    Ok(SubmitOutcome::Accepted(id))
}

/// A canceled application makes room for the account's next one: its record is kept in
/// `canceled_applications` (sealed as it was), and its finished jobs go with it.
async fn set_aside(conn: &mut SqliteConnection, old: &Application, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO canceled_applications (id, account_id, sealed, image_ids, reasons, round, submitted_at, \
         canceled_at) SELECT id, account_id, sealed, image_ids, reasons, round, submitted_at, ? FROM applications \
         WHERE id = ?",
    )
    .bind(now)
    .bind(&old.id)
    .execute(&mut *conn)
    .await?;
    for table in ["jobs", "settlement_changes", "applyments"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE application_id = ?"))
            .bind(&old.id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM applications WHERE id = ?")
        .bind(&old.id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Settlement-account bindings since `since` (the start of today in China).
pub async fn settlement_changes_since(
    db: impl SqliteExecutor<'_>,
    application_id: &str,
    since: i64,
) -> sqlx::Result<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settlement_changes WHERE application_id = ? AND at >= ?")
        .bind(application_id)
        .bind(since)
        .fetch_one(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub async fn record_settlement_change(db: impl SqliteExecutor<'_>, application_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settlement_changes (application_id, at) VALUES (?, ?)")
        .bind(application_id)
        .bind(at)
        .execute(db)
        .await
        .map(|_| ())
}

/// Moves the settlement account of `app` to `to`, if the domain allows it for the application's
/// state and the account's, with the failure reason (cleared on anything but a failure) and, for
/// a changed account, the re-sealed application. False when another change came first.
pub async fn move_settlement(
    conn: &mut SqliteConnection,
    app: &Application,
    to: SettlementState,
    reason: Option<&str>,
    sealed: Option<&[u8]>,
    now: i64,
) -> Result<bool, StoreError> {
    let to = app.settlement_state.move_to_in(app.state, to)?;
    let result = sqlx::query(
        "UPDATE applications SET settlement_state = ?, settlement_reason = ?, sealed = COALESCE(?, sealed), \
         version = version + 1, updated_at = ? WHERE id = ? AND state = ? AND round = ? AND settlement_state = ?",
    )
    .bind(settlement_name(to))
    .bind(reason)
    .bind(sealed)
    .bind(now)
    .bind(&app.id)
    .bind(app.state.wechat_name())
    .bind(app.round)
    .bind(settlement_name(app.settlement_state))
    .execute(&mut *conn)
    .await?;
    let moved = result.rows_affected() == 1;
    if moved {
        let change = HostEvent::of_change(&app.id, Some((app.state, app.settlement_state)), (app.state, to));
        outbox::add(conn, &app.account_id, change, now).await?;
    }
    Ok(moved)
}

/// Every application with its account name, newest first (the sandbox operator's list).
pub async fn all_with_names(db: &SqlitePool) -> sqlx::Result<Vec<(Application, String)>> {
    let rows = sqlx::query(&format!(
        "SELECT {}, accounts.name FROM applications JOIN accounts ON accounts.id = applications.account_id \
         ORDER BY applications.submitted_at DESC",
        COLUMNS
            .split(", ")
            .map(|c| format!("applications.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .fetch_all(db)
    .await?;
    // The name comes after the application's columns.
    let name = COLUMNS.split(", ").count();
    rows.iter().map(|r| Ok((from_row(r)?, r.try_get(name)?))).collect()
}

#[cfg(test)]
#[path = "applications_tests.rs"]
mod tests;
