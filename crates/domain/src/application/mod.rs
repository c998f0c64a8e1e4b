//! The application: the draft the form edits, the typed application it parses into, and the
//! errors keyed by field path.

pub mod access;
pub mod draft;
mod draft_wire;
#[cfg(test)]
mod draft_wire_tests;
pub mod merge;
pub mod model;
pub mod prefill;
pub mod problem;
pub mod summary;
pub mod validate;

#[cfg(test)]
pub(crate) mod validate_tests;
