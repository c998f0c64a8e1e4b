//! Users a platform signs in itself, and the start tokens it hands its page (migration 0014).

use sqlx::SqlitePool;

/// What a platform gave for one of its users.
pub struct PlatformUser {
    pub entity_type: Option<String>,
    /// The platform's answers, sealed.
    pub answers: Option<Vec<u8>>,
    /// Paths of the answers it locks, as JSON.
    pub locked: String,
}

/// Records what the platform gives for `external_id`, whose identity is `identity_id`.
pub async fn put(
    db: &SqlitePool,
    external_id: &str,
    identity_id: &str,
    user: &PlatformUser,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO platform_users (external_id, identity_id, entity_type, answers, locked, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (external_id) DO UPDATE SET entity_type = excluded.entity_type, \
         answers = excluded.answers, locked = excluded.locked, updated_at = excluded.updated_at",
    )
    .bind(external_id)
    .bind(identity_id)
    .bind(&user.entity_type)
    .bind(&user.answers)
    .bind(&user.locked)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// The entity type the platform gave for `identity_id`, if it gave one.
pub async fn entity_type_of(db: &SqlitePool, identity_id: &str) -> sqlx::Result<Option<String>> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT entity_type FROM platform_users WHERE identity_id = ?")
        .bind(identity_id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|(entity,)| entity))
}

/// What the platform gave for the owner of `account_id`, with the owner's identity, if a platform
/// signed them in.
pub async fn by_account(db: &SqlitePool, account_id: &str) -> sqlx::Result<Option<(String, PlatformUser)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        identity_id: String,
        entity_type: Option<String>,
        answers: Option<Vec<u8>>,
        locked: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT p.identity_id, p.entity_type, p.answers, p.locked FROM platform_users p \
         JOIN accounts a ON a.identity_id = p.identity_id WHERE a.id = ?",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        (
            r.identity_id,
            PlatformUser {
                entity_type: r.entity_type,
                answers: r.answers,
                locked: r.locked,
            },
        )
    }))
}

pub async fn add_start(db: &SqlitePool, token_hash: &str, identity_id: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO platform_starts (token_hash, identity_id, expires_at) VALUES (?, ?, ?)")
        .bind(token_hash)
        .bind(identity_id)
        .bind(expires_at)
        .execute(db)
        .await
        .map(|_| ())
}

/// Takes a start token once: its identity, unless it was taken before or has expired. One
/// statement, so two pages racing with one token start one session.
pub async fn take_start(db: &SqlitePool, token_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE platform_starts SET taken_at = ? WHERE token_hash = ? AND taken_at IS NULL AND expires_at > ? \
         RETURNING identity_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Forgets start tokens that can no longer be taken.
pub async fn prune_starts(db: &SqlitePool, now: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM platform_starts WHERE expires_at <= ? OR taken_at IS NOT NULL")
        .bind(now)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
