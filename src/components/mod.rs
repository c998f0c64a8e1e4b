//! Reusable pieces: they render and wire, the rules stay in the domain crate.

pub mod checklist;
pub mod header;
pub mod radios;
