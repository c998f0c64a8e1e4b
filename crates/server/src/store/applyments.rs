//! What WeChat Pay was sent and last said, beside each application (`applyments`), and the
//! `media_id` each photo was uploaded as (`media`).

use onboarding_domain::ApplicationState;
use sqlx::{SqliteConnection, SqliteExecutor};

/// The applyment of an application's round, as WeChat Pay last described it.
#[derive(Clone, Debug, Default)]
pub struct Applyment {
    pub round: i64,
    pub applyment_id: u64,
    pub answer_state: Option<ApplicationState>,
    pub answered_at: Option<i64>,
    pub legal_url: Option<String>,
    pub sign_url: Option<String>,
    /// Where the verification remittance goes: account name, number, bank, city.
    pub destination: Option<[String; 4]>,
}

type Row = (
    i64,
    i64,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn of(db: impl SqliteExecutor<'_>, application_id: &str) -> sqlx::Result<Option<Applyment>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT round, applyment_id, answer_state, answered_at, legal_url, sign_url, destination \
         FROM applyments WHERE application_id = ?",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    row.map(|(round, id, state, answered_at, legal_url, sign_url, destination)| {
        Ok(Applyment {
            round,
            applyment_id: u64::try_from(id).map_err(|_| super::unreadable("applyment id", &id.to_string()))?,
            answer_state: state.as_deref().map(super::applications::state_from).transpose()?,
            answered_at,
            legal_url,
            sign_url,
            destination: destination.and_then(|d| serde_json::from_str(&d).ok()),
        })
    })
    .transpose()
}

/// Round `round` was sent and WeChat Pay calls it `applyment_id`; what an earlier round was told
/// goes.
pub async fn sent(
    conn: &mut SqliteConnection,
    application_id: &str,
    round: i64,
    applyment_id: u64,
    now: i64,
) -> sqlx::Result<()> {
    let id = i64::try_from(applyment_id).map_err(|_| super::unreadable("applyment id", &applyment_id.to_string()))?;
    sqlx::query(
        "INSERT INTO applyments (application_id, round, applyment_id, sent_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (application_id) DO UPDATE SET round = excluded.round, applyment_id = excluded.applyment_id, \
         sent_at = excluded.sent_at, answer_state = NULL, answered_at = NULL, legal_url = NULL, sign_url = NULL, \
         destination = NULL",
    )
    .bind(application_id)
    .bind(round)
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    // The applicant's view changes: it is no longer "sending".
    sqlx::query("UPDATE applications SET version = version + 1 WHERE id = ?")
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    failure_cleared(conn, application_id).await
}

/// A verified answer to a query: its state and what it carried (absent fields are kept).
pub async fn answered(
    conn: &mut SqliteConnection,
    application_id: &str,
    state: ApplicationState,
    legal_url: Option<&str>,
    sign_url: Option<&str>,
    destination: Option<&[String; 4]>,
    now: i64,
) -> sqlx::Result<()> {
    let destination = destination.map(|d| serde_json::to_string(d).expect("strings serialise"));
    sqlx::query(
        "UPDATE applyments SET answer_state = ?, answered_at = ?, legal_url = COALESCE(?, legal_url), \
         sign_url = COALESCE(?, sign_url), destination = COALESCE(?, destination) WHERE application_id = ?",
    )
    .bind(state.wechat_name())
    .bind(now)
    .bind(legal_url)
    .bind(sign_url)
    .bind(destination)
    .bind(application_id)
    .execute(&mut *conn)
    .await?;
    failure_cleared(conn, application_id).await
}

async fn failure_cleared(conn: &mut SqliteConnection, application_id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET wechat_error = NULL, wechat_error_at = NULL WHERE id = ?")
        .bind(application_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Why the last exchange with WeChat Pay failed, for the operator. Never holds personal data:
/// the failures say status, code, field name and Request-ID.
///
/// The first failure while the round is not yet sent is also the applicant's news (sending is
/// now retrying): the version moves, and the account whose view changed is returned.
pub async fn failed(
    conn: &mut SqliteConnection,
    application_id: &str,
    error: &str,
    now: i64,
) -> sqlx::Result<Option<String>> {
    let changed: Option<String> = sqlx::query_scalar(
        "UPDATE applications SET version = version + 1 WHERE id = ? AND wechat_error IS NULL \
         AND NOT EXISTS (SELECT 1 FROM applyments p WHERE p.application_id = applications.id \
         AND p.round = applications.round) RETURNING account_id",
    )
    .bind(application_id)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query("UPDATE applications SET wechat_error = ?, wechat_error_at = ? WHERE id = ?")
        .bind(error)
        .bind(now)
        .bind(application_id)
        .execute(conn)
        .await?;
    Ok(changed)
}

/// The last failure and its time.
pub async fn failure(db: impl SqliteExecutor<'_>, application_id: &str) -> sqlx::Result<Option<(String, i64)>> {
    let row: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT wechat_error, wechat_error_at FROM applications WHERE id = ?")
            .bind(application_id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(e, at)| Some((e?, at?))))
}

/// The `media_id` a photo was uploaded to `merchant` as.
pub async fn media_id(db: impl SqliteExecutor<'_>, merchant: &str, image_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT media_id FROM media WHERE merchant = ? AND image_id = ?")
        .bind(merchant)
        .bind(image_id)
        .fetch_optional(db)
        .await
}

pub async fn uploaded(
    db: impl SqliteExecutor<'_>,
    merchant: &str,
    image_id: &str,
    media_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO media (merchant, image_id, media_id, uploaded_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (merchant, image_id) DO UPDATE SET media_id = excluded.media_id, uploaded_at = excluded.uploaded_at",
    )
    .bind(merchant)
    .bind(image_id)
    .bind(media_id)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// The applicant bound the settlement account: `changed`, or confirmed as it was. A change asked
/// for before is forgotten.
pub async fn settlement_asked(conn: &mut SqliteConnection, application_id: &str, changed: bool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE applyments SET settlement_changed = ?, settlement_application_no = NULL WHERE application_id = ?",
    )
    .bind(changed)
    .bind(application_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// WeChat Pay took the change as `application_no`.
pub async fn settlement_applied(
    db: impl SqliteExecutor<'_>,
    application_id: &str,
    application_no: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE applyments SET settlement_application_no = ? WHERE application_id = ?")
        .bind(application_no)
        .bind(application_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Whether the bound account was a change, and the change's `application_no` once sent.
pub async fn settlement_of(
    db: impl SqliteExecutor<'_>,
    application_id: &str,
) -> sqlx::Result<Option<(bool, Option<String>)>> {
    let row: Option<(Option<bool>, Option<String>)> =
        sqlx::query_as("SELECT settlement_changed, settlement_application_no FROM applyments WHERE application_id = ?")
            .bind(application_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(changed, no)| (changed.unwrap_or(false), no)))
}
