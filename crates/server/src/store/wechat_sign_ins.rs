//! Sign-ins with WeChat under way (see migration 0012): started, called back, then taken.

use sqlx::SqlitePool;

/// A started sign-in, found by its `state`.
pub struct Started {
    pub browser_hash: String,
    pub ticket_id: Option<String>,
    pub return_to: String,
}

/// A sign-in to start: `challenge` is the SHA-256 of a host page's verifier, when it began there.
pub struct Starting<'a> {
    pub state_hash: &'a str,
    pub browser_hash: &'a str,
    pub ticket_id: Option<&'a str>,
    pub return_to: &'a str,
    pub challenge: Option<&'a str>,
}

pub async fn start(db: &SqlitePool, starting: &Starting<'_>, now: i64, expires_at: i64) -> sqlx::Result<()> {
    // Started sign-ins nobody finished are forgotten as new ones begin.
    sqlx::query("DELETE FROM wechat_sign_ins WHERE expires_at <= ?")
        .bind(now)
        .execute(db)
        .await?;
    sqlx::query(
        "INSERT INTO wechat_sign_ins (state_hash, browser_hash, ticket_id, return_to, challenge, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(starting.state_hash)
    .bind(starting.browser_hash)
    .bind(starting.ticket_id)
    .bind(starting.return_to)
    .bind(starting.challenge)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// The live sign-in a callback's `state` names, not yet called back. A state is good for one
/// callback: the row is marked as it is read, so a replayed callback finds nothing.
pub async fn called_back(db: &SqlitePool, state_hash: &str, now: i64) -> sqlx::Result<Option<Started>> {
    let row: Option<(String, Option<String>, String)> = sqlx::query_as(
        "UPDATE wechat_sign_ins SET identity_id = '' \
         WHERE state_hash = ? AND expires_at > ? AND identity_id IS NULL \
         RETURNING browser_hash, ticket_id, return_to",
    )
    .bind(state_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(browser_hash, ticket_id, return_to)| Started {
        browser_hash,
        ticket_id,
        return_to,
    }))
}

/// WeChat said who it is: the browser may now take a session for `identity_id`.
pub async fn signed_in(db: &SqlitePool, state_hash: &str, identity_id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE wechat_sign_ins SET identity_id = ? WHERE state_hash = ?")
        .bind(identity_id)
        .bind(state_hash)
        .execute(db)
        .await
        .map(|_| ())
}

/// Ends a sign-in that came to nothing.
pub async fn forget(db: &SqlitePool, state_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM wechat_sign_ins WHERE state_hash = ?")
        .bind(state_hash)
        .execute(db)
        .await
        .map(|_| ())
}

/// Which browser takes a sign-in: by its cookie's nonce, or by a host page's verifier (both as
/// SHA-256).
pub enum Taker<'a> {
    Browser(&'a str),
    Challenge(&'a str),
}

/// The identity this browser signed in as, taken once: the row goes as it is read.
pub async fn take(db: &SqlitePool, taker: Taker<'_>, now: i64) -> sqlx::Result<Option<String>> {
    let (column, hash) = match taker {
        Taker::Browser(hash) => ("browser_hash", hash),
        Taker::Challenge(hash) => ("challenge", hash),
    };
    sqlx::query_scalar(&format!(
        "DELETE FROM wechat_sign_ins WHERE state_hash = (\
             SELECT state_hash FROM wechat_sign_ins \
             WHERE {column} = ? AND expires_at > ? AND identity_id IS NOT NULL AND identity_id != '' \
             ORDER BY created_at DESC LIMIT 1) \
         RETURNING identity_id"
    ))
    .bind(hash)
    .bind(now)
    .fetch_optional(db)
    .await
}
