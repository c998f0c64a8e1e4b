use sqlx::SqlitePool;

pub async fn insert(db: &SqlitePool, token_hash: &str, identity_id: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, identity_id, expires_at) VALUES (?, ?, ?)")
        .bind(token_hash)
        .bind(identity_id)
        .bind(expires_at)
        .execute(db)
        .await
        .map(|_| ())
}

/// The identity of a live session: not expired, not revoked.
pub async fn identity(db: &SqlitePool, token_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT identity_id FROM sessions WHERE token_hash = ? AND revoked = 0 AND expires_at > ?")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(db)
        .await
}

pub async fn revoke(db: &SqlitePool, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await
        .map(|_| ())
}
