//! The domain's rules as `validator` custom functions, for the server's request bodies (the
//! `validate` feature; the browser calls the rules directly and never pays for `validator`).
//!
//! Each refusal carries the rule's own code, and its message in every language as parameters
//! (`en`, `zh-CN`, `zh-Hant`), so that the server answers in the request's language without a
//! second copy of any text.

use std::borrow::Cow;

use validator::ValidationError;

use crate::{AccountName, Explain, IdentityDraft, Locale, MAX_BENEFICIAL_OWNERS, Problem};

/// A refusal by a domain rule, with its messages.
pub fn refusal(rule: &impl Explain) -> ValidationError {
    let mut error = ValidationError::new(rule.code());
    for locale in Locale::ALL {
        error.add_param(Cow::Borrowed(locale.tag()), &rule.message(locale));
    }
    error
}

/// An account name the domain's parser accepts.
pub fn account_name(name: &str) -> Result<(), ValidationError> {
    name.parse::<AccountName>().map(|_| ()).map_err(|e| refusal(&e))
}

/// No more beneficial owners than an application may have: a draft may be incomplete, but not
/// longer than any application can be.
pub fn beneficial_owners(owners: &[IdentityDraft]) -> Result<(), ValidationError> {
    if owners.len() > MAX_BENEFICIAL_OWNERS {
        Err(refusal(&Problem::TooManyBeneficialOwners {
            max: MAX_BENEFICIAL_OWNERS,
        }))
    } else {
        Ok(())
    }
}

/// A platform's id for its user (`POST /embed-sessions`).
pub fn external_id(id: &str) -> Result<(), ValidationError> {
    crate::application::prefill::ExternalIdError::check(id).map_err(|e| refusal(&e))
}

/// Paths of answers a platform may give and lock.
pub fn platform_paths(paths: &[crate::FieldPath]) -> Result<(), ValidationError> {
    if paths.iter().all(|p| crate::ApplicationDraft::platform_may_give(*p)) {
        Ok(())
    } else {
        Err(refusal(&crate::application::prefill::NotGivable))
    }
}

/// Text with something in it besides spaces.
pub fn not_blank(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(refusal(&Blank))
    } else {
        Ok(())
    }
}

struct Blank;

impl Explain for Blank {
    fn code(&self) -> &'static str {
        "blank"
    }
    fn message(&self, l: Locale) -> String {
        l.pick("Write something here", "此处不能为空", "此處不能為空").into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_carry_the_rules_code_and_every_language() {
        let error = account_name("2024li").unwrap_err();
        assert_eq!(error.code, "start");
        for locale in Locale::ALL {
            assert!(error.params[locale.tag()].as_str().is_some_and(|m| !m.is_empty()));
        }
        assert!(account_name("li_lei").is_ok());
        assert!(not_blank("  ").is_err());
    }
}
