//! Reusable pieces: they render and wire, the rules stay in the domain crate.

pub mod checklist;
pub mod error_summary;
pub mod header;
pub mod qr;
pub mod radios;
