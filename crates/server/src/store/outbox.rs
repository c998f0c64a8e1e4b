//! The webhooks' outbox: events written with the change that makes them, then sent to the host's
//! backend by `webhooks.rs`. Claimed with a lease as jobs are (`jobs.rs`), so two senders never
//! send one event at once, and a sender that died leaves it to the next once its lease runs out.

use std::time::Duration;

use onboarding_domain::events::{EVENT_VERSION, HostEvent, WebhookDelivery};
use sqlx::SqliteExecutor;

use crate::util::after;

/// How long an event is retried before it is given up (and logged).
pub const RETRY_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(60 * 60);

/// Most events one claim takes.
const CLAIM_BATCH: i64 = 16;

/// An event claimed for sending; `attempt` is the claim's fencing token.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: String,
    pub body: String,
    pub created_at: i64,
    pub attempt: i64,
}

/// Writes `events` of `account_id`, due now, inside the caller's transaction.
pub async fn add(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    events: Vec<HostEvent>,
    now: i64,
) -> sqlx::Result<()> {
    for event in events {
        let id = format!("evt_{}", crate::util::random_hex(16));
        let kind = event.name();
        let delivery = WebhookDelivery {
            id: id.clone(),
            created_at: now,
            version: EVENT_VERSION,
            account_id: account_id.into(),
            event,
        };
        let body = serde_json::to_string(&delivery).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO webhook_outbox (id, account_id, type, body, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(account_id)
        .bind(kind)
        .bind(&body)
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Claims the events due at `now` that nobody holds, oldest first, each until `now + lease`.
pub async fn claim_due(db: impl SqliteExecutor<'_>, now: i64, lease: Duration) -> sqlx::Result<Vec<Outgoing>> {
    // `rowid` is the order of writing: the events of one change share their `created_at`.
    let mut rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "UPDATE webhook_outbox SET lease_until = ?, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM webhook_outbox WHERE delivered_at IS NULL AND given_up_at IS NULL AND due_at <= ? \
             AND (lease_until IS NULL OR lease_until <= ?) ORDER BY rowid LIMIT ?) \
         RETURNING id, body, created_at, attempts, rowid",
    )
    .bind(after(now, lease))
    .bind(now)
    .bind(now)
    .bind(CLAIM_BATCH)
    .fetch_all(db)
    .await?;
    // RETURNING gives no order: send in the order the events were written.
    rows.sort_by_key(|row| row.4);
    Ok(rows
        .into_iter()
        .map(|(id, body, created_at, attempt, _)| Outgoing {
            id,
            body,
            created_at,
            attempt,
        })
        .collect())
}

/// The receiver took `event`. False when the claim is no longer this one.
pub async fn delivered(db: impl SqliteExecutor<'_>, event: &Outgoing, now: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE webhook_outbox SET delivered_at = ?, lease_until = NULL, last_error = NULL \
         WHERE id = ? AND attempts = ? AND delivered_at IS NULL",
    )
    .bind(now)
    .bind(&event.id)
    .bind(event.attempt)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A failed attempt: tried again after a backoff that starts at `first` and doubles, or given up
/// once [`RETRY_FOR`] has passed since the event. Returns whether it was given up.
pub async fn failed(
    db: impl SqliteExecutor<'_>,
    event: &Outgoing,
    error: &str,
    first: Duration,
    now: i64,
) -> sqlx::Result<bool> {
    let next = after(now, backoff(event.attempt, first));
    let give_up = next > after(event.created_at, RETRY_FOR);
    sqlx::query(
        "UPDATE webhook_outbox SET lease_until = NULL, due_at = ?, last_error = ?, \
         given_up_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ? AND attempts = ? AND delivered_at IS NULL",
    )
    .bind(next)
    .bind(error)
    .bind(give_up)
    .bind(now)
    .bind(&event.id)
    .bind(event.attempt)
    .execute(db)
    .await?;
    Ok(give_up)
}

/// When the next event could be claimed, if any is waiting.
pub async fn next_at(db: impl SqliteExecutor<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT MIN(MAX(due_at, COALESCE(lease_until, 0))) FROM webhook_outbox \
         WHERE delivered_at IS NULL AND given_up_at IS NULL",
    )
    .fetch_one(db)
    .await
}

/// Forgets events sent or given up before `before`, and, when no receiver is configured, events
/// nobody will send (they are kept for [`RETRY_FOR`], should one be configured in the meantime).
pub async fn prune(db: impl SqliteExecutor<'_>, before: i64) -> sqlx::Result<u64> {
    let result = sqlx::query("DELETE FROM webhook_outbox WHERE COALESCE(delivered_at, given_up_at, created_at) < ?")
        .bind(before)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}

/// `first` after the first failure, doubling, at most an hour. With the default ten seconds
/// (`--webhook-first-retry`): nine attempts in the first hour and a half, then one an hour,
/// about thirty in the day.
pub fn backoff(attempt: i64, first: Duration) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    first.saturating_mul(1u32 << doublings).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_event_is_retried_given_up_after_a_day_and_forgotten_a_day_later() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open(dir.path()).await.unwrap();
        let (lease, first) = (Duration::from_secs(60), Duration::from_secs(10));
        let day = i64::try_from(RETRY_FOR.as_millis()).unwrap();
        let submitted = HostEvent::Submitted {
            application_id: "app".into(),
        };
        add(&mut db.acquire().await.unwrap(), "acc", vec![submitted], 0)
            .await
            .unwrap();

        let claimed = claim_due(&db, 0, lease).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert!(
            claim_due(&db, 1, lease).await.unwrap().is_empty(),
            "held while it is sent"
        );
        assert!(!failed(&db, &claimed[0], "HTTP 500", first, 1_000).await.unwrap());
        assert!(
            claim_due(&db, 5_000, lease).await.unwrap().is_empty(),
            "waits out its backoff"
        );
        assert_eq!(next_at(&db).await.unwrap(), Some(11_000));

        // A sender whose lease ran out cannot record its attempt over the next one's.
        let again = claim_due(&db, 11_000, lease).await.unwrap();
        assert_eq!(again[0].id, claimed[0].id);
        assert!(!delivered(&db, &claimed[0], 11_500).await.unwrap());

        // A day after the event, failing again gives it up: never sent again.
        assert!(failed(&db, &again[0], "HTTP 500", first, day).await.unwrap());
        assert!(claim_due(&db, 2 * day, lease).await.unwrap().is_empty());
        assert_eq!(next_at(&db).await.unwrap(), None);
        assert_eq!(prune(&db, day).await.unwrap(), 0, "kept a while for the operator");
        assert_eq!(prune(&db, day + 1).await.unwrap(), 1);
    }

    #[test]
    fn backoff_doubles_from_the_first_retry_up_to_an_hour() {
        let ten = Duration::from_secs(10);
        assert_eq!(backoff(1, ten), ten);
        assert_eq!(backoff(2, ten), Duration::from_secs(20));
        assert_eq!(backoff(9, ten), Duration::from_secs(2560));
        assert_eq!(backoff(10, ten), MAX_BACKOFF);
        assert_eq!(backoff(i64::MAX, ten), MAX_BACKOFF);
        assert_eq!(backoff(0, ten), ten);
        assert_eq!(backoff(3, Duration::from_millis(50)), Duration::from_millis(200));
        // A day of retries is about thirty attempts.
        let (mut waited, mut attempts) = (Duration::ZERO, 0);
        while waited < RETRY_FOR {
            attempts += 1;
            waited += backoff(attempts, ten);
        }
        assert!((20..40).contains(&attempts), "{attempts}");
    }
}
