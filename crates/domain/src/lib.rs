//! The rules of promoter onboarding for the WeChat Mini Program alliance.
//!
//! This crate is the single source of truth: the browser app and the server both call it, and
//! nothing else re-implements a rule. It has no web or server dependencies and builds for both
//! `wasm32-unknown-unknown` and the host.
//!
//! ```
//! use onboarding_domain::{Explain, Locale, ResidentIdNumber, ResidentIdError};
//!
//! let id: ResidentIdNumber = "11010519491231002x".parse().unwrap();
//! assert_eq!(id.to_string(), "11010519491231002X");
//!
//! let err = "110105194912310021".parse::<ResidentIdNumber>().unwrap_err();
//! assert_eq!(err, ResidentIdError::CheckCharacter);
//! assert_eq!(err.code(), "check_character");
//! assert_eq!(err.message(Locale::ZhCn), "最后一位与前面的号码不符，请逐位核对");
//! ```

#[macro_use]
mod macros;

pub mod api;
pub mod application;
pub mod catalogue;
#[cfg(feature = "validate")]
pub mod checks;
mod clock;
pub mod date;
pub mod enums;
pub mod events;
pub mod field;
pub mod ids;
pub mod image;
#[cfg(feature = "decode")]
mod image_decode;
pub mod locale;
pub mod mask;
pub mod progress;
pub mod registration;
pub mod state;
pub mod text;
pub mod theme;
pub mod tracking;
pub mod wechat_param;

pub use application::access::Person;
pub use application::draft::{
    ApplicationDraft, IdentityDraft, LegalPersonDraft, Sensitive, SettlementAccountDraft, StoreDraft, SubjectDraft,
    SuperAdministratorDraft, ValidityDraft,
};
pub use application::merge::Newer;
pub use application::model::*;
pub use application::problem::{FieldError, FieldReport, Problem};
pub use application::summary::{Numbers, summary_answer};
pub use application::validate::MAX_BENEFICIAL_OWNERS;
pub use catalogue::{Document, ImageRequirement, Presence, Requirements, Situation, all_situations, requirements};
pub use date::{Date, DateError};
pub use enums::{AdministratorType, Bank, BankAccountType, EntityType, IdDocumentType, ImageFace, Residency};
pub use field::{Field, FieldPath, IdentityField, Step};
pub use ids::bank_account::{BankAccountNumber, BankAccountNumberError, CityCode, CityCodeError, group_digits};
pub use ids::contact::{Email, EmailError, MobileNumber, MobileNumberError};
pub use ids::credit_code::{CreditCodeAsShown, CreditCodeError, UnifiedSocialCreditCode};
pub use ids::document_number::{IdNumber, IdNumberError};
pub use ids::image_id::{ImageId, ImageIdError};
pub use ids::names::{AccountName, AccountNameTaken, MerchantName, NameError, PersonName};
pub use ids::permits::{HkMacaoPermitNumber, PassportNumber, PermitNumberError, PermitRegion, TaiwanPermitNumber};
pub use ids::registration_number::{RegistrationNumber, RegistrationNumberError};
pub use ids::resident_id::{ResidentIdError, ResidentIdNumber};
pub use ids::store::{MerchantShortName, ShortNameError, StoreUrl, StoreUrlError};
pub use image::{
    ImageError, ImageHeader, ImageType, MAX_IMAGE_BYTES, MIN_IMAGE_SIDE, Reencoding, TARGET_LONG_SIDE, check_image,
    reencoding_plan,
};
pub use locale::{Explain, Locale};
pub use mask::Mask;
pub use progress::{Progress, Stage, StageStatus};
pub use registration::{RegistrationDraft, RegistrationField, RegistrationProblem};
pub use state::{ApplicationState, IllegalTransition, NextAction, SettlementState, Submission, next_action};
pub use text::{TextError, parse_text, tidy_number};

#[cfg(test)]
mod proptests;
