//! The sandbox's local WeChat Pay's ledger: one sealed row.

use sqlx::SqliteExecutor;

pub async fn ledger(db: impl SqliteExecutor<'_>) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT sealed FROM sandbox_wechatpay WHERE id = 1")
        .fetch_optional(db)
        .await
}

pub async fn keep_ledger(db: impl SqliteExecutor<'_>, sealed: &[u8]) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sandbox_wechatpay (id, sealed) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed")
        .bind(sealed)
        .execute(db)
        .await
        .map(|_| ())
}
