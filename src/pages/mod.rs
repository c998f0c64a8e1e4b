//! One file per route.

pub mod apply;
pub mod chunks;
pub mod guide;
pub mod not_found;
pub mod phone_bank;
pub mod phone_confirm;
pub mod phone_sign_in;
pub mod ready;
pub mod register;
pub mod sign_in;
pub mod status;
