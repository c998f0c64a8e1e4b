use onboarding_domain::{AccountName, EntityType};
use sqlx::SqlitePool;

use crate::util::{now_ms, random_hex};

#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub entity_type: EntityType,
    pub created_at: i64,
}

type Row = (String, String, String, i64);

/// An entity type this build does not know is an error: never a personal account by default.
fn from_row((id, name, entity, created_at): Row) -> sqlx::Result<Account> {
    let entity_type = EntityType::from_key(&entity).ok_or_else(|| super::unreadable("entity type", &entity))?;
    Ok(Account {
        id,
        name,
        entity_type,
        created_at,
    })
}

/// The identity of a WeChat user, created on first sign-in.
pub async fn identity_for(db: &SqlitePool, wechat_user: &str) -> sqlx::Result<String> {
    sqlx::query("INSERT OR IGNORE INTO identities (id, wechat_user, created_at) VALUES (?, ?, ?)")
        .bind(random_hex(16))
        .bind(wechat_user)
        .bind(now_ms())
        .execute(db)
        .await?;
    sqlx::query_scalar("SELECT id FROM identities WHERE wechat_user = ?")
        .bind(wechat_user)
        .fetch_one(db)
        .await
}

pub async fn by_identity(db: &SqlitePool, identity_id: &str) -> sqlx::Result<Option<Account>> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, name, entity_type, created_at FROM accounts WHERE identity_id = ?")
            .bind(identity_id)
            .fetch_optional(db)
            .await?;
    row.map(from_row).transpose()
}

pub async fn name_taken(db: &SqlitePool, name: &AccountName) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE name_key = ?")
        .bind(name.key())
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

pub enum Created {
    Account(Account),
    NameTaken,
    AlreadyRegistered,
}

/// Creates the account; the unique indexes decide races between two registrations.
pub async fn create(
    db: &SqlitePool,
    identity_id: &str,
    name: &AccountName,
    entity_type: EntityType,
    notice_version: &str,
) -> sqlx::Result<Created> {
    if by_identity(db, identity_id).await?.is_some() {
        return Ok(Created::AlreadyRegistered);
    }
    let account = Account {
        id: random_hex(16),
        name: name.to_string(),
        entity_type,
        created_at: now_ms(),
    };
    let result = sqlx::query(
        "INSERT INTO accounts (id, identity_id, name, name_key, entity_type, notice_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&account.id)
    .bind(identity_id)
    .bind(&account.name)
    .bind(name.key())
    .bind(entity_type.key())
    .bind(notice_version)
    .bind(account.created_at)
    .execute(db)
    .await;
    match result {
        Ok(_) => Ok(Created::Account(account)),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            if by_identity(db, identity_id).await?.is_some() {
                Ok(Created::AlreadyRegistered)
            } else {
                Ok(Created::NameTaken)
            }
        }
        Err(e) => Err(e),
    }
}

pub async fn by_id(db: impl sqlx::SqliteExecutor<'_>, id: &str) -> sqlx::Result<Option<Account>> {
    let row: Option<Row> = sqlx::query_as("SELECT id, name, entity_type, created_at FROM accounts WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(from_row).transpose()
}

/// An account row as a LEFT JOIN returns it: all columns absent when there is no account.
type MaybeRow = (Option<String>, Option<String>, Option<String>, Option<i64>);

/// The account behind a live session, in one query: every applicant request starts here.
/// `Some(None)` is a live session of a user who has not registered yet.
pub async fn by_session(db: &SqlitePool, token_hash: &str, now: i64) -> sqlx::Result<Option<Option<Account>>> {
    let row: Option<MaybeRow> = sqlx::query_as(
        "SELECT accounts.id, accounts.name, accounts.entity_type, accounts.created_at FROM sessions \
         LEFT JOIN accounts ON accounts.identity_id = sessions.identity_id \
         WHERE sessions.token_hash = ? AND sessions.revoked = 0 AND sessions.expires_at > ?",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    row.map(|(id, name, entity, created_at)| match (id, name, entity, created_at) {
        (Some(id), Some(name), Some(entity), Some(created_at)) => from_row((id, name, entity, created_at)).map(Some),
        _ => Ok(None),
    })
    .transpose()
}
