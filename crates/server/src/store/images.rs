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
        .bind(bytes as i64)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// The image, if it belongs to `account_id`; anyone else's is "not found".
pub async fn owned(db: &SqlitePool, id: &str, account_id: &str) -> sqlx::Result<Option<ImageRow>> {
    let mime: Option<String> = sqlx::query_scalar("SELECT image_type FROM images WHERE id = ? AND account_id = ?")
        .bind(id)
        .bind(account_id)
        .fetch_optional(db)
        .await?;
    Ok(mime.map(|m| ImageRow {
        image_type: if m == "image/png" {
            ImageType::Png
        } else {
            ImageType::Jpeg
        },
    }))
}
