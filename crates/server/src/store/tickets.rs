use onboarding_domain::api::TicketState;
use sqlx::SqlitePool;

pub struct Ticket {
    pub state: TicketState,
    pub identity_id: Option<String>,
    pub claimed: bool,
    pub expires_at: i64,
}

fn state_name(s: TicketState) -> &'static str {
    match s {
        TicketState::Pending => "pending",
        TicketState::Scanned => "scanned",
        TicketState::Confirmed => "confirmed",
        TicketState::Expired => "expired",
    }
}

fn parse_state(s: &str) -> TicketState {
    match s {
        "scanned" => TicketState::Scanned,
        "confirmed" => TicketState::Confirmed,
        "expired" => TicketState::Expired,
        _ => TicketState::Pending,
    }
}

pub async fn insert(db: &SqlitePool, id: &str, expires_at: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO tickets (id, state, expires_at, created_at) VALUES (?, 'pending', ?, ?)")
        .bind(id)
        .bind(expires_at)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn get(db: &SqlitePool, id: &str) -> sqlx::Result<Option<Ticket>> {
    let row: Option<(String, Option<String>, i64, i64)> =
        sqlx::query_as("SELECT state, identity_id, claimed, expires_at FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(state, identity_id, claimed, expires_at)| Ticket {
        state: parse_state(&state),
        identity_id,
        claimed: claimed != 0,
        expires_at,
    }))
}

/// Moves a live ticket from one of `from` to `to`; false when it was not in such a state.
pub async fn advance(
    db: &SqlitePool,
    id: &str,
    from: &[TicketState],
    to: TicketState,
    identity_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let mut changed = false;
    for state in from {
        let result = sqlx::query(
            "UPDATE tickets SET state = ?, identity_id = COALESCE(?, identity_id) WHERE id = ? AND state = ? AND expires_at > ?",
        )
        .bind(state_name(to))
        .bind(identity_id)
        .bind(id)
        .bind(state_name(*state))
        .bind(now)
        .execute(db)
        .await?;
        changed |= result.rows_affected() > 0;
    }
    Ok(changed)
}

/// Marks a confirmed ticket's session as handed out; true only for the first caller.
pub async fn claim(db: &SqlitePool, id: &str) -> sqlx::Result<bool> {
    let result = sqlx::query("UPDATE tickets SET claimed = 1 WHERE id = ? AND state = 'confirmed' AND claimed = 0")
        .bind(id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}
