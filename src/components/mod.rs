//! Reusable pieces: they render and wire, the rules stay in the domain crate.

pub mod checklist;
pub mod copy_value;
pub mod countdown;
pub mod error_summary;
pub mod exit;
pub mod header;
pub mod identity;
pub mod photo_upload;
pub mod qr;
pub mod radios;
pub mod step_form;
pub mod stepper;
pub mod text_field;
pub mod thumbnail;
pub mod timeline;
pub mod validity;
pub mod when;
