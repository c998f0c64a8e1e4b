//! Applications, their idempotency keys and the pipeline's timers.

use onboarding_domain::{ApplicationState, SettlementState};
use sqlx::{Row, SqlitePool};

#[derive(Clone, Debug)]
pub struct Application {
    pub id: String,
    pub account_id: String,
    pub state: ApplicationState,
    pub version: i64,
    pub sealed: Vec<u8>,
    pub reasons: Option<String>,
    pub verification_method: Option<String>,
    pub pay_amount: Option<i64>,
    pub remark: Option<String>,
    pub deadline: Option<i64>,
    pub legal_token: Option<String>,
    pub sign_token: Option<String>,
    pub sub_mchid: Option<String>,
    pub settlement_state: SettlementState,
    pub settlement_reason: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
}

pub fn state_from(name: &str) -> ApplicationState {
    ApplicationState::ALL
        .into_iter()
        .find(|s| s.wechat_name() == name)
        .unwrap_or(ApplicationState::Canceled)
}

pub fn settlement_name(s: SettlementState) -> &'static str {
    match s {
        SettlementState::Unbound => "UNBOUND",
        SettlementState::Verifying => "VERIFYING",
        SettlementState::VerifySuccess => "VERIFY_SUCCESS",
        SettlementState::VerifyFail => "VERIFY_FAIL",
    }
}

fn settlement_from(name: &str) -> SettlementState {
    SettlementState::ALL
        .into_iter()
        .find(|s| settlement_name(*s) == name)
        .unwrap_or(SettlementState::Unbound)
}

const COLUMNS: &str = "id, account_id, state, version, sealed, reasons, verification_method, pay_amount, remark, \
    deadline, legal_token, sign_token, sub_mchid, settlement_state, settlement_reason, submitted_at, updated_at";

fn from_row(r: sqlx::sqlite::SqliteRow) -> Application {
    Application {
        id: r.get(0),
        account_id: r.get(1),
        state: state_from(r.get::<String, _>(2).as_str()),
        version: r.get(3),
        sealed: r.get(4),
        reasons: r.get(5),
        verification_method: r.get(6),
        pay_amount: r.get(7),
        remark: r.get(8),
        deadline: r.get(9),
        legal_token: r.get(10),
        sign_token: r.get(11),
        sub_mchid: r.get(12),
        settlement_state: settlement_from(r.get::<String, _>(13).as_str()),
        settlement_reason: r.get(14),
        submitted_at: r.get(15),
        updated_at: r.get(16),
    }
}

pub async fn by_account(db: &SqlitePool, account_id: &str) -> sqlx::Result<Option<Application>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE account_id = ?"))
        .bind(account_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(from_row))
}

/// Only the version (the status ETag): the long poll's cheap check, with no blob read.
pub async fn version_by_account(db: &SqlitePool, account_id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT version FROM applications WHERE account_id = ?")
        .bind(account_id)
        .fetch_optional(db)
        .await
}

pub async fn by_id(db: &SqlitePool, id: &str) -> sqlx::Result<Option<Application>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(from_row))
}

/// The application a sandbox phone page refers to by its QR token.
pub async fn by_token(db: &SqlitePool, column: &str, token: &str) -> sqlx::Result<Option<Application>> {
    debug_assert!(matches!(column, "legal_token" | "sign_token"));
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE {column} = ?"))
        .bind(token)
        .fetch_optional(db)
        .await?;
    Ok(row.map(from_row))
}

/// Fields a transition may set; `None` leaves a column as it is.
#[derive(Default)]
pub struct Patch<'a> {
    pub reasons: Option<&'a str>,
    pub verification_method: Option<&'a str>,
    pub pay_amount: Option<i64>,
    pub remark: Option<&'a str>,
    pub deadline: Option<i64>,
    pub legal_token: Option<&'a str>,
    pub sign_token: Option<&'a str>,
    pub sub_mchid: Option<&'a str>,
}

/// Moves the application from `from` to `to` (the same state for a patch only) if it is still in
/// `from`; false when another change came first.
pub async fn advance(
    db: &SqlitePool,
    id: &str,
    from: ApplicationState,
    to: ApplicationState,
    patch: Patch<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE applications SET state = ?, version = version + 1, updated_at = ?, \
         reasons = COALESCE(?, reasons), verification_method = COALESCE(?, verification_method), \
         pay_amount = COALESCE(?, pay_amount), remark = COALESCE(?, remark), deadline = COALESCE(?, deadline), \
         legal_token = COALESCE(?, legal_token), sign_token = COALESCE(?, sign_token), sub_mchid = COALESCE(?, sub_mchid) \
         WHERE id = ? AND state = ?",
    )
    .bind(to.wechat_name())
    .bind(now)
    .bind(patch.reasons)
    .bind(patch.verification_method)
    .bind(patch.pay_amount)
    .bind(patch.remark)
    .bind(patch.deadline)
    .bind(patch.legal_token)
    .bind(patch.sign_token)
    .bind(patch.sub_mchid)
    .bind(id)
    .bind(from.wechat_name())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn add_timer(db: &SqlitePool, application_id: &str, kind: &str, due_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO timers (application_id, kind, due_at) VALUES (?, ?, ?)")
        .bind(application_id)
        .bind(kind)
        .bind(due_at)
        .execute(db)
        .await
        .map(|_| ())
}

/// Takes the due timers (marking them done) and says when the next one is due.
pub async fn take_due(db: &SqlitePool, now: i64) -> sqlx::Result<(Vec<(String, String)>, Option<i64>)> {
    let due: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, application_id, kind FROM timers WHERE done = 0 AND due_at <= ? ORDER BY due_at")
            .bind(now)
            .fetch_all(db)
            .await?;
    for (id, _, _) in &due {
        sqlx::query("UPDATE timers SET done = 1 WHERE id = ?")
            .bind(id)
            .execute(db)
            .await?;
    }
    let next: Option<i64> = sqlx::query_scalar("SELECT MIN(due_at) FROM timers WHERE done = 0")
        .fetch_one(db)
        .await?;
    Ok((due.into_iter().map(|(_, a, k)| (a, k)).collect(), next))
}

pub enum SubmitOutcome {
    /// A new (or resubmitted) application, now `CHECKING`.
    Accepted(String),
    /// The same Idempotency-Key was seen before: the same answer again.
    Replayed(String, ApplicationState),
    /// An application is already under way.
    InProgress,
}

/// Submits under one write lock (`BEGIN IMMEDIATE`), so concurrent submits with one key create
/// exactly one application. A `REJECTED` application is resubmitted in place (same id, as WeChat
/// Pay resubmits with the same request number); a `CANCELED` one starts again from scratch.
pub async fn submit(
    db: &SqlitePool,
    account_id: &str,
    key: &str,
    sealed: &[u8],
    check_due: i64,
    now: i64,
) -> sqlx::Result<SubmitOutcome> {
    let mut conn = db.acquire().await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let outcome = async {
        let seen: Option<String> =
            sqlx::query_scalar("SELECT application_id FROM idempotency_keys WHERE account_id = ? AND key = ?")
                .bind(account_id)
                .bind(key)
                .fetch_optional(&mut *conn)
                .await?;
        let current: Option<(String, String)> =
            sqlx::query_as("SELECT id, state FROM applications WHERE account_id = ?")
                .bind(account_id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(id) = seen {
            let state = current.map_or(ApplicationState::Checking, |(_, s)| state_from(&s));
            return Ok(SubmitOutcome::Replayed(id, state));
        }
        let id = match current {
            None => {
                let id = crate::util::random_hex(16);
                sqlx::query(
                    "INSERT INTO applications (id, account_id, state, version, sealed, submitted_at, updated_at) \
                     VALUES (?, ?, 'CHECKING', 1, ?, ?, ?)",
                )
                .bind(&id)
                .bind(account_id)
                .bind(sealed)
                .bind(now)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                id
            }
            Some((id, state)) => {
                let state = state_from(&state);
                if !matches!(state, ApplicationState::Rejected | ApplicationState::Canceled) {
                    return Ok(SubmitOutcome::InProgress);
                }
                // Everything from the previous round is cleared; the settlement state restarts too.
                sqlx::query(
                    "UPDATE applications SET state = 'CHECKING', version = version + 1, sealed = ?, reasons = NULL, \
                     verification_method = NULL, pay_amount = NULL, remark = NULL, deadline = NULL, legal_token = NULL, \
                     sign_token = NULL, sub_mchid = NULL, settlement_state = 'UNBOUND', settlement_reason = NULL, \
                     submitted_at = ?, updated_at = ? WHERE id = ?",
                )
                .bind(sealed)
                .bind(now)
                .bind(now)
                .bind(&id)
                .execute(&mut *conn)
                .await?;
                id
            }
        };
        sqlx::query("INSERT INTO idempotency_keys (account_id, key, application_id, created_at) VALUES (?, ?, ?, ?)")
            .bind(account_id)
            .bind(key)
            .bind(&id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        sqlx::query("INSERT INTO timers (application_id, kind, due_at) VALUES (?, 'check', ?)")
            .bind(&id)
            .bind(check_due)
            .execute(&mut *conn)
            .await?;
        Ok(SubmitOutcome::Accepted(id))
    }
    .await;
    let end = if outcome.is_ok() { "COMMIT" } else { "ROLLBACK" };
    sqlx::query(end).execute(&mut *conn).await?;
    outcome
}

/// The application awaiting a remittance with this memo.
pub async fn awaiting_remittance(db: &SqlitePool, remark: &str) -> sqlx::Result<Option<Application>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE remark = ? AND state = 'ACCOUNT_NEED_VERIFY'"
    ))
    .bind(remark)
    .fetch_optional(db)
    .await?;
    Ok(row.map(from_row))
}

/// Settlement-account bindings since `since` (the start of today in China).
pub async fn settlement_changes_since(db: &SqlitePool, application_id: &str, since: i64) -> sqlx::Result<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settlement_changes WHERE application_id = ? AND at >= ?")
        .bind(application_id)
        .bind(since)
        .fetch_one(db)
        .await?;
    Ok(n as u32)
}

pub async fn record_settlement_change(db: &SqlitePool, application_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settlement_changes (application_id, at) VALUES (?, ?)")
        .bind(application_id)
        .bind(at)
        .execute(db)
        .await
        .map(|_| ())
}

/// Moves a finished application's settlement account from `from` to `to`, with the failure
/// reason (cleared on anything but a failure) and, for a changed account, the re-sealed application.
pub async fn move_settlement(
    db: &SqlitePool,
    id: &str,
    from: SettlementState,
    to: SettlementState,
    reason: Option<&str>,
    sealed: Option<&[u8]>,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE applications SET settlement_state = ?, settlement_reason = ?, sealed = COALESCE(?, sealed), \
         version = version + 1, updated_at = ? WHERE id = ? AND state = 'FINISH' AND settlement_state = ?",
    )
    .bind(settlement_name(to))
    .bind(reason)
    .bind(sealed)
    .bind(now)
    .bind(id)
    .bind(settlement_name(from))
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
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
    Ok(rows
        .into_iter()
        .map(|r| {
            let name: String = r.get(17);
            (from_row(r), name)
        })
        .collect())
}
