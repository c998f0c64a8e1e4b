//! Storage: every SQL statement of the server lives below this module, so another database
//! (PostgreSQL) can be added behind the same functions without touching the handlers.

pub mod accounts;
pub mod applications;
pub mod applyments;
pub mod drafts;
pub mod images;
pub mod jobs;
pub mod outbox;
pub mod platform_users;
pub mod sandbox;
pub mod sessions;
pub mod tickets;
pub mod wechat_sign_ins;

use std::fmt;

use onboarding_domain::{ApplicationState, IllegalTransition, SettlementState};

pub use accounts::Account;

/// Why a store function refused or failed.
#[derive(Debug)]
pub enum StoreError {
    Db(sqlx::Error),
    /// The domain's state machine does not allow this move: the caller asked for something the
    /// application's state does not permit.
    Illegal(String),
    /// The task running a write panicked.
    Interrupted(String),
}

/// Runs a write transaction to its end on a task of its own. A request's future is dropped when
/// its client goes away, and a transaction dropped inside `BEGIN` (before sqlx hands it over, so
/// before it can roll back on drop) leaves its pooled connection holding the write lock: every
/// later write then waits out the busy timeout and fails. Measured by
/// `a_submit_dropped_at_any_point_leaves_no_transaction_open`.
pub async fn to_the_end<T, E>(work: impl Future<Output = Result<T, E>> + Send + 'static) -> Result<T, E>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
{
    tokio::spawn(work)
        .await
        .map_err(|e| E::from(StoreError::Interrupted(e.to_string())))?
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Db(e) => write!(f, "{e}"),
            StoreError::Illegal(why) => write!(f, "{why}"),
            StoreError::Interrupted(why) => write!(f, "write interrupted: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        StoreError::Db(e)
    }
}

impl From<IllegalTransition<ApplicationState>> for StoreError {
    fn from(e: IllegalTransition<ApplicationState>) -> StoreError {
        StoreError::Illegal(e.to_string())
    }
}

impl From<IllegalTransition<SettlementState>> for StoreError {
    fn from(e: IllegalTransition<SettlementState>) -> StoreError {
        StoreError::Illegal(e.to_string())
    }
}

/// A value in the database that this build cannot read (an unknown state or type): an error
/// that stops whatever read it, never a default.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable value in the database: {}", self.0)
    }
}

impl std::error::Error for Unreadable {}

/// `sqlx`'s decode error for a value this build does not know.
pub fn unreadable(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(Unreadable(format!("{what} {value:?}"))))
}
