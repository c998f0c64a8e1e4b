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

/// The rule `name_key` was written by; the keys are rewritten when it changes.
const NAME_KEY_RULE: &str = "uts39-skeleton";

/// Rewrites every account's `name_key` by the domain's current rule ([`AccountName::key`]), once
/// after the rule changed (lower case only, before look-alike letters counted). Two accounts
/// that the new rule finds alike both stay: the older keeps the key, so no third can take it,
/// and the newer's key is made unique with its id. Returns how many such pairs there were.
pub async fn rekey_names(db: &SqlitePool) -> sqlx::Result<usize> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let rule: Option<String> = sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'name_key_rule'")
        .fetch_optional(&mut *tx)
        .await?;
    if rule.as_deref() == Some(NAME_KEY_RULE) {
        return Ok(0);
    }
    // Out of the way first, so that no old key blocks a new one.
    sqlx::query("UPDATE accounts SET name_key = '#' || id")
        .execute(&mut *tx)
        .await?;
    let accounts: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM accounts ORDER BY created_at, id")
        .fetch_all(&mut *tx)
        .await?;
    let mut alike = 0;
    for (id, name) in accounts {
        // Stored names were valid when they were registered; one that no longer parses keeps
        // its lower-cased self.
        let key = name
            .parse::<AccountName>()
            .map_or_else(|_| name.to_lowercase(), |n| n.key());
        let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE name_key = ?)")
            .bind(&key)
            .fetch_one(&mut *tx)
            .await?;
        if taken {
            alike += 1;
            tracing::warn!(account_id = %id, "an account name looks like an older one's; both are kept");
        }
        sqlx::query("UPDATE accounts SET name_key = ? WHERE id = ?")
            .bind(if taken { format!("{key}#{id}") } else { key })
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT OR REPLACE INTO server_meta (key, value) VALUES ('name_key_rule', ?)")
        .bind(NAME_KEY_RULE)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(alike)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accounts registered when keys were only lower case are re-keyed once; two that look alike
    /// both keep their names, and a third look-alike cannot register.
    #[tokio::test]
    async fn old_keys_are_rewritten_once_by_the_look_alike_rule() {
        let data = tempfile::tempdir().unwrap();
        let db = crate::db::open(data.path()).await.unwrap();
        for (i, (name, old_key)) in [
            ("Promoter", "promoter"),
            ("pr\u{43e}moter", "pr\u{43e}moter"),
            ("xiaowang", "xiaowang"),
        ]
        .into_iter()
        .enumerate()
        {
            let identity = identity_for(&db, &format!("{i:032}")).await.unwrap();
            sqlx::query("INSERT INTO accounts (id, identity_id, name, name_key, entity_type, notice_version, created_at) VALUES (?, ?, ?, ?, 'enterprise', '2024-06', ?)")
                .bind(format!("account{i}"))
                .bind(identity)
                .bind(name)
                .bind(old_key)
                .bind(i64::try_from(i).unwrap())
                .execute(&db)
                .await
                .unwrap();
        }
        sqlx::query("DELETE FROM server_meta WHERE key = 'name_key_rule'")
            .execute(&db)
            .await
            .unwrap();

        assert_eq!(rekey_names(&db).await.unwrap(), 1);
        assert_eq!(rekey_names(&db).await.unwrap(), 0, "once");
        let keys: Vec<(String, String)> = sqlx::query_as("SELECT id, name_key FROM accounts ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
        let key = |name: &str| name.parse::<AccountName>().unwrap().key();
        assert_eq!(keys[0], ("account0".into(), key("promoter")));
        assert_eq!(keys[1], ("account1".into(), format!("{}#account1", key("promoter"))));
        assert_eq!(keys[2], ("account2".into(), key("xiaowang")));

        let look_alike: AccountName = "PR\u{39f}MOTER".parse().unwrap();
        assert!(name_taken(&db, &look_alike).await.unwrap());
        let identity = identity_for(&db, &"9".repeat(32)).await.unwrap();
        let created = create(&db, &identity, &look_alike, EntityType::Enterprise, "2024-06")
            .await
            .unwrap();
        assert!(matches!(created, Created::NameTaken));
    }
}
