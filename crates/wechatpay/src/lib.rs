//! WeChat Pay API v3, as `../shared/wechatpay.md` describes it: the signed requests a platform
//! sends, the signed answers it trusts, and the encryption of sensitive fields.
//!
//! This crate knows the protocol only: no web framework, no database. The server drives it, and
//! the sandbox's local WeChat Pay speaks the same protocol back.

pub mod answer;
pub mod applyment;
pub mod authorization;
pub mod certificates;
pub mod cipher;
pub mod client;
pub mod fake;
pub mod keys;
pub mod media;
pub mod pace;
pub mod query;
pub mod request;
pub mod settlement;
pub mod sign;
pub mod verify;

pub use answer::{Failure, judge};
pub use applyment::{Applyment, ApplymentRequest, MappingError};
pub use authorization::{Authorization, AuthorizationError};
pub use client::{Client, SendError};
pub use keys::{KeyError, PrivateKey, PublicKey, generate};
pub use pace::{Pace, Paces};
pub use query::{AccountValidation, ApplymentStatus, QueryError};
pub use request::Prepared;
pub use sign::{Signer, message, nonce};
pub use verify::{SignedHeaders, Verifier, VerifyError, answer_headers};
