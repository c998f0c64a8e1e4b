//! Storage: every SQL statement of the server lives below this module, so another database
//! (PostgreSQL) can be added behind the same functions without touching the handlers.

pub mod accounts;
pub mod applications;
pub mod drafts;
pub mod images;
pub mod sessions;
pub mod tickets;

pub use accounts::Account;
