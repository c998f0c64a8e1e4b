//! Uploaded photos, and the removal of those nobody names: a photo is kept while the account's
//! draft, its application or one it canceled names it (their `image_ids`), and removed once it
//! is a day old and none does.

use onboarding_domain::{ApplicationDraft, ImageHeader, ImageType};
use sqlx::SqlitePool;

pub struct ImageRow {
    pub image_type: ImageType,
}

pub async fn insert(
    db: &SqlitePool,
    id: &str,
    account_id: &str,
    sha256: &str,
    header: &ImageHeader,
    bytes: usize,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO images (id, account_id, sha256, image_type, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id)
        .bind(account_id)
        .bind(sha256)
        .bind(header.image_type.mime())
        .bind(header.width)
        .bind(header.height)
        .bind(i64::try_from(bytes).unwrap_or(i64::MAX))
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// How many images the account uploaded since `since` (Unix ms).
pub async fn uploaded_since(db: &SqlitePool, account_id: &str, since: i64) -> sqlx::Result<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM images WHERE account_id = ? AND created_at >= ?")
        .bind(account_id)
        .bind(since)
        .fetch_one(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The image, if it belongs to `account_id`; anyone else's is "not found".
pub async fn owned(db: &SqlitePool, id: &str, account_id: &str) -> sqlx::Result<Option<ImageRow>> {
    let mime: Option<String> =
        sqlx::query_scalar("SELECT image_type FROM images WHERE id = ? AND account_id = ? AND removed_at IS NULL")
            .bind(id)
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    mime.map(|m| {
        let image_type = [ImageType::Png, ImageType::Jpeg]
            .into_iter()
            .find(|t| t.mime() == m)
            .ok_or_else(|| super::unreadable("image type", &m))?;
        Ok(ImageRow { image_type })
    })
    .transpose()
}

/// How a draft's photos are written beside it: space-separated ids.
pub fn named(draft: &ApplicationDraft) -> String {
    draft.photos().join(" ")
}

/// Written instead of the ids when a sealed row cannot be opened: every photo of the account is
/// kept, as for a row not yet read (NULL).
pub const UNKNOWN: &str = "*";

/// Whether a row of `table` (the image being `images.id`) names the photo or may name it.
fn names(table: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM {table} t WHERE t.account_id = images.account_id AND (t.image_ids IS NULL \
         OR t.image_ids = '{UNKNOWN}' OR instr(' ' || t.image_ids || ' ', ' ' || images.id || ' ') > 0))"
    )
}

fn named_anywhere() -> String {
    ["drafts", "applications", "canceled_applications"]
        .map(names)
        .join(" OR ")
}

/// Up to `limit` photos uploaded before `cutoff` that nothing names, or whose removal began.
pub async fn unnamed_before(db: &SqlitePool, cutoff: i64, limit: u32) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(&format!(
        "SELECT id FROM images WHERE removed_at IS NOT NULL OR (created_at < ? AND NOT ({})) LIMIT ?",
        named_anywhere()
    ))
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Begins removing the photo, if nothing names it now (checked in the same statement, so a
/// draft saved meanwhile that names it keeps it). From here on no one can read or submit it.
pub async fn begin_removal(db: &SqlitePool, id: &str, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(&format!(
        "UPDATE images SET removed_at = COALESCE(removed_at, ?) WHERE id = ? AND (removed_at IS NOT NULL OR NOT ({}))",
        named_anywhere()
    ))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The last step, once its file is gone.
pub async fn forget(db: &SqlitePool, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM images WHERE id = ? AND removed_at IS NOT NULL")
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Where a row's photos are not known yet: the tables and their key.
pub const UNREAD: [(&str, &str); 3] = [
    ("drafts", "account_id"),
    ("applications", "id"),
    ("canceled_applications", "id"),
];

/// Up to `limit` rows of `table` whose photos are not known yet: (key, account, sealed).
pub async fn unread(
    db: &SqlitePool,
    (table, key): (&str, &str),
    limit: u32,
) -> sqlx::Result<Vec<(String, String, Vec<u8>)>> {
    sqlx::query_as(&format!(
        "SELECT {key}, account_id, sealed FROM {table} WHERE image_ids IS NULL LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Records the photos a row names, unless it was written since it was read (it then has its own).
pub async fn learned(db: &SqlitePool, (table, key): (&str, &str), id: &str, image_ids: &str) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "UPDATE {table} SET image_ids = ? WHERE {key} = ? AND image_ids IS NULL"
    ))
    .bind(image_ids)
    .bind(id)
    .execute(db)
    .await
    .map(|_| ())
}
