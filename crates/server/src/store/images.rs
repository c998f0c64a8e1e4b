use onboarding_domain::{ImageHeader, ImageType};
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
    let mime: Option<String> = sqlx::query_scalar("SELECT image_type FROM images WHERE id = ? AND account_id = ?")
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
