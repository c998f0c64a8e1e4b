//! One file per route.

pub mod guide;
