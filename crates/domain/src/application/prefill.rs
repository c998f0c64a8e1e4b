//! A platform's answers (issue 16): a host that already knows its user passes answers when it
//! starts the user's session, and may lock some of them. A locked answer is the platform's: the
//! form shows it read-only, the server refuses a draft that changes it, and the domain's rules
//! still check it like any other.
//!
//! Only typed answers are given this way (names, numbers, addresses, contact details): a photo is
//! the applicant's own upload, and a choice is the applicant's to make.

use super::draft::ApplicationDraft;
use crate::field::{Field, FieldPath};
use crate::{Explain, Locale};

impl ApplicationDraft {
    /// Whether a platform may give (and lock) the answer at `path`: a typed answer of the form's
    /// own fields, not a photo.
    pub fn platform_may_give(path: FieldPath) -> bool {
        match path {
            FieldPath::Field(field) => {
                field != Field::BeneficialOwners
                    && !field.path().ends_with("_image")
                    && ApplicationDraft::default().text(path).is_some()
            }
            FieldPath::Owner(..) => false,
        }
    }

    /// Takes the platform's answers: an answer still empty takes the platform's, and a locked one
    /// is the platform's whatever it was. Whether anything changed.
    pub fn take_platform_answers(&mut self, platform: &ApplicationDraft, locked: &[FieldPath]) -> bool {
        let mut changed = false;
        for path in Field::all()
            .map(FieldPath::Field)
            .filter(|p| Self::platform_may_give(*p))
        {
            let given = platform.text(path).unwrap_or_default().trim();
            let Some(answer) = self.text_mut(path) else { continue };
            let take = !given.is_empty() && (answer.trim().is_empty() || locked.contains(&path));
            if take && answer != given {
                *answer = given.to_string();
                changed = true;
            }
        }
        changed
    }

    /// The locked answers this draft has changed from the platform's. (A lock on an answer the
    /// platform left empty locks nothing.)
    /// The answers `locked` holds that the platform gave: what the applicant sees read-only.
    pub fn locked_answers(platform: &ApplicationDraft, locked: &[FieldPath]) -> Vec<FieldPath> {
        locked
            .iter()
            .copied()
            .filter(|path| !platform.text(*path).unwrap_or_default().trim().is_empty())
            .collect()
    }

    pub fn changed_locked(&self, platform: &ApplicationDraft, locked: &[FieldPath]) -> Vec<FieldPath> {
        locked
            .iter()
            .copied()
            .filter(|path| {
                let given = platform.text(*path).unwrap_or_default().trim();
                !given.is_empty() && self.text(*path).unwrap_or_default().trim() != given
            })
            .collect()
    }
}

/// A platform's id for its user that cannot be one: 1 to 128 visible ASCII characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExternalIdError;

impl ExternalIdError {
    pub const MAX_LEN: usize = 128;

    pub fn check(id: &str) -> Result<(), ExternalIdError> {
        let visible = id.bytes().all(|b| b.is_ascii_graphic());
        if id.is_empty() || id.len() > Self::MAX_LEN || !visible {
            Err(ExternalIdError)
        } else {
            Ok(())
        }
    }
}

impl Explain for ExternalIdError {
    fn code(&self) -> &'static str {
        "external_id"
    }
    fn message(&self, l: Locale) -> String {
        // The limit from its one constant, not written into the texts.
        let max = Self::MAX_LEN;
        match l {
            Locale::En => format!("The user's id is 1 to {max} visible ASCII characters"),
            Locale::ZhCn => format!("用户标识须为 1 至 {max} 个可见 ASCII 字符"),
            Locale::ZhHant => format!("用戶標識須為 1 至 {max} 個可見 ASCII 字元"),
        }
    }
}

/// An answer a platform may not give or lock: a photo, a choice, a beneficial owner's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotGivable;

impl Explain for NotGivable {
    fn code(&self) -> &'static str {
        "not_givable"
    }
    fn message(&self, l: Locale) -> String {
        l.pick(
            "Only typed answers can be given or locked: not photos, choices or beneficial owners",
            "只能预填或锁定文字答案，不能预填照片、选项或最终受益人",
            "只能預填或鎖定文字答案，不能預填照片、選項或最終受益人",
        )
        .into()
    }
}

/// A draft that changes an answer the platform locked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedAnswers(pub Vec<FieldPath>);

impl Explain for LockedAnswers {
    fn code(&self) -> &'static str {
        "locked_by_platform"
    }
    fn message(&self, l: Locale) -> String {
        let paths = self.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ");
        match l {
            Locale::En => format!("These answers come from the platform and cannot be changed here: {paths}"),
            Locale::ZhCn => format!("以下答案由平台提供，不能在此修改：{paths}"),
            Locale::ZhHant => format!("以下答案由平台提供，不能在此修改：{paths}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform() -> ApplicationDraft {
        let mut d = ApplicationDraft::default();
        d.subject.merchant_name = "北京测试科技有限公司".into();
        d.subject.licence_number = "91350100M000100Y43".into();
        d.super_administrator.email = "ops@example.com".into();
        d
    }

    #[test]
    fn typed_answers_may_be_given_but_not_photos_or_choices() {
        assert!(ApplicationDraft::platform_may_give(Field::MerchantName.into()));
        assert!(ApplicationDraft::platform_may_give(Field::LegalPersonIdNumber.into()));
        assert!(ApplicationDraft::platform_may_give(Field::AdministratorMobile.into()));
        assert!(!ApplicationDraft::platform_may_give(Field::LicenceImage.into()));
        assert!(!ApplicationDraft::platform_may_give(Field::StoreQrCode.into()));
        assert!(!ApplicationDraft::platform_may_give(Field::LegalPersonResidency.into()));
        assert!(!ApplicationDraft::platform_may_give(Field::BeneficialOwners.into()));
        assert!(!ApplicationDraft::platform_may_give(FieldPath::Owner(
            0,
            crate::IdentityField::Name
        )));
    }

    #[test]
    fn empty_answers_take_the_platforms_and_locked_ones_are_the_platforms() {
        let locked = [FieldPath::Field(Field::MerchantName)];
        let mut d = ApplicationDraft::default();
        d.subject.merchant_name = "Typed before".into();
        d.super_administrator.email = "me@example.com".into();
        assert!(d.take_platform_answers(&platform(), &locked));
        assert_eq!(
            d.subject.merchant_name, "北京测试科技有限公司",
            "locked: the platform's"
        );
        assert_eq!(d.subject.licence_number, "91350100M000100Y43", "empty: the platform's");
        assert_eq!(
            d.super_administrator.email, "me@example.com",
            "typed and not locked: kept"
        );
        assert!(!d.take_platform_answers(&platform(), &locked), "nothing more to take");
    }

    #[test]
    fn a_draft_that_changes_a_locked_answer_is_found_out() {
        let locked = [
            FieldPath::Field(Field::MerchantName),
            FieldPath::Field(Field::LicenceNumber),
        ];
        let mut d = ApplicationDraft::default();
        d.take_platform_answers(&platform(), &locked);
        assert!(d.changed_locked(&platform(), &locked).is_empty());
        d.subject.licence_number = " 91350100M000100Y43 ".into();
        assert!(
            d.changed_locked(&platform(), &locked).is_empty(),
            "spaces around are no change"
        );
        d.subject.merchant_name = "Another name".into();
        d.super_administrator.email = "changed@example.com".into();
        assert_eq!(
            d.changed_locked(&platform(), &locked),
            [FieldPath::Field(Field::MerchantName)]
        );
        let empty = [FieldPath::Field(Field::StoreName)];
        assert!(
            d.changed_locked(&platform(), &empty).is_empty(),
            "a lock on nothing given locks nothing"
        );
    }

    #[test]
    fn a_platforms_user_id_is_visible_ascii() {
        assert!(ExternalIdError::check("user-42@partner.example").is_ok());
        assert!(ExternalIdError::check(&"x".repeat(ExternalIdError::MAX_LEN)).is_ok());
        assert!(
            ExternalIdError
                .message(Locale::En)
                .contains(&ExternalIdError::MAX_LEN.to_string())
        );
        for wrong in ["", " lead", "two words", "用户", &"x".repeat(129)] {
            assert_eq!(ExternalIdError::check(wrong), Err(ExternalIdError), "{wrong:?}");
        }
        let message = LockedAnswers(vec![Field::MerchantName.into()]).message(Locale::En);
        assert!(message.ends_with("subject.merchant_name"), "{message}");
    }
}
