//! Identifier newtypes. Parse, don't validate: a value of one of these types has passed every rule.

pub mod bank_account;
pub mod contact;
pub mod credit_code;
pub mod document_number;
pub mod image_id;
pub mod names;
pub mod permits;
pub mod registration_number;
pub mod resident_id;
pub mod store;
