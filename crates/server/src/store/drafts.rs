use sqlx::SqlitePool;

pub struct SealedDraft {
    pub version: i64,
    pub sealed: Vec<u8>,
    pub updated_at: i64,
    pub edited_at: i64,
}

pub async fn get(db: &SqlitePool, account_id: &str) -> sqlx::Result<Option<SealedDraft>> {
    let row: Option<(i64, Vec<u8>, i64, Option<i64>)> =
        sqlx::query_as("SELECT version, sealed, updated_at, edited_at FROM drafts WHERE account_id = ?")
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    row.map(|(version, sealed, updated_at, edited_at)| {
        Ok(SealedDraft {
            version: super::applications::positive(version, "draft version")?,
            sealed,
            updated_at,
            edited_at: edited_at.unwrap_or(updated_at),
        })
    })
    .transpose()
}

/// Writes version `expected + 1` only if the stored version is still `expected` (0: none yet),
/// with the photos it names ([`super::images::named`]) and when its last answer was typed.
/// Returns false on a stale write.
pub async fn put(
    db: &SqlitePool,
    account_id: &str,
    expected: i64,
    sealed: &[u8],
    image_ids: &str,
    now: i64,
    edited_at: i64,
) -> sqlx::Result<bool> {
    let result = if expected == 0 {
        sqlx::query(
            "INSERT OR IGNORE INTO drafts (account_id, version, sealed, image_ids, updated_at, edited_at) \
             VALUES (?, 1, ?, ?, ?, ?)",
        )
        .bind(account_id)
        .bind(sealed)
        .bind(image_ids)
        .bind(now)
        .bind(edited_at)
        .execute(db)
        .await?
    } else {
        sqlx::query(
            "UPDATE drafts SET version = version + 1, sealed = ?, image_ids = ?, updated_at = ?, edited_at = ? \
             WHERE account_id = ? AND version = ?",
        )
        .bind(sealed)
        .bind(image_ids)
        .bind(now)
        .bind(edited_at)
        .bind(account_id)
        .bind(expected)
        .execute(db)
        .await?
    };
    Ok(result.rows_affected() == 1)
}
