use onboarding_domain::api::TicketState;
use sqlx::SqlitePool;

pub struct Ticket {
    pub state: TicketState,
    /// The SHA-256 of the creator's claim secret; `None` for tickets from before there was one.
    pub claim_hash: Option<String>,
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

fn parse_state(s: &str) -> sqlx::Result<TicketState> {
    match s {
        "pending" => Ok(TicketState::Pending),
        "scanned" => Ok(TicketState::Scanned),
        "confirmed" => Ok(TicketState::Confirmed),
        "expired" => Ok(TicketState::Expired),
        other => Err(super::unreadable("ticket state", other)),
    }
}

pub async fn insert(db: &SqlitePool, id: &str, claim_hash: &str, expires_at: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO tickets (id, state, claim_hash, expires_at, created_at) VALUES (?, 'pending', ?, ?, ?)")
        .bind(id)
        .bind(claim_hash)
        .bind(expires_at)
        .bind(now)
        .execute(db)
        .await
        .map(|_| ())
}

/// state, claim_hash, identity_id, claimed, expires_at
type TicketRow = (String, Option<String>, Option<String>, i64, i64);

pub async fn get(db: &SqlitePool, id: &str) -> sqlx::Result<Option<Ticket>> {
    let row: Option<TicketRow> =
        sqlx::query_as("SELECT state, claim_hash, identity_id, claimed, expires_at FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(|(state, claim_hash, identity_id, claimed, expires_at)| {
        Ok(Ticket {
            state: parse_state(&state)?,
            claim_hash,
            identity_id,
            claimed: claimed != 0,
            expires_at,
        })
    })
    .transpose()
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

/// Marks a confirmed ticket's session as handed out to the holder of its claim secret; true only
/// for the first such caller.
pub async fn claim(db: &SqlitePool, id: &str, claim_hash: &str) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE tickets SET claimed = 1 WHERE id = ? AND claim_hash = ? AND state = 'confirmed' AND claimed = 0",
    )
    .bind(id)
    .bind(claim_hash)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}
