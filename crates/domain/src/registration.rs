//! Registration's rules: who is joining, agreement to the Entry Notice, and the account name.

use crate::{AccountName, EntityType, Explain, Locale, NameError, Problem};

/// The registration form's answers as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistrationDraft<'a> {
    pub entity_type: Option<EntityType>,
    pub notice_accepted: bool,
    pub account_name: &'a str,
}

/// The registration form's questions, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegistrationField {
    EntityType,
    EntryNotice,
    AccountName,
}

/// What is wrong with one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationProblem {
    NoEntityType,
    /// The applicant must read and agree to the Mini Program Alliance Entry Notice.
    NoticeNotAccepted,
    Name(NameError),
}
explained_error!(RegistrationProblem);

impl RegistrationDraft<'_> {
    /// Every problem, or what registration needs: the entity type and a valid account name.
    pub fn validate(&self) -> Result<(EntityType, AccountName), Vec<(RegistrationField, RegistrationProblem)>> {
        let mut problems = Vec::new();
        if self.entity_type.is_none() {
            problems.push((RegistrationField::EntityType, RegistrationProblem::NoEntityType));
        }
        if !self.notice_accepted {
            problems.push((RegistrationField::EntryNotice, RegistrationProblem::NoticeNotAccepted));
        }
        let name = self.account_name.parse::<AccountName>();
        if let Err(e) = name {
            problems.push((RegistrationField::AccountName, RegistrationProblem::Name(e)));
        }
        match (self.entity_type, name) {
            (Some(entity), Ok(name)) if problems.is_empty() => Ok((entity, name)),
            _ => Err(problems),
        }
    }
}

impl Explain for RegistrationProblem {
    fn code(&self) -> &'static str {
        match self {
            RegistrationProblem::NoEntityType => Problem::Choose.code(),
            RegistrationProblem::NoticeNotAccepted => "entry_notice_not_accepted",
            RegistrationProblem::Name(e) => e.code(),
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            RegistrationProblem::NoEntityType => l
                .pick("Choose who is becoming a promoter", "请选择入驻身份", "請選擇入駐身份")
                .into(),
            RegistrationProblem::NoticeNotAccepted => l
                .pick(
                    "Read and agree to the Entry Notice to register",
                    "请阅读并同意入驻须知后注册",
                    "請閱讀並同意入駐須知後註冊",
                )
                .into(),
            RegistrationProblem::Name(e) => e.message(l),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_is_needed() {
        let empty = RegistrationDraft {
            entity_type: None,
            notice_accepted: false,
            account_name: "",
        };
        let fields: Vec<_> = empty.validate().unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                RegistrationField::EntityType,
                RegistrationField::EntryNotice,
                RegistrationField::AccountName
            ]
        );
        let ok = RegistrationDraft {
            entity_type: Some(EntityType::Personal),
            notice_accepted: true,
            account_name: "Li_Lei",
        };
        assert_eq!(
            ok.validate().map(|(e, n)| (e, n.to_string())),
            Ok((EntityType::Personal, "Li_Lei".into()))
        );
        let bad = RegistrationDraft {
            account_name: "9lives",
            ..ok
        };
        assert_eq!(
            bad.validate().unwrap_err(),
            [(
                RegistrationField::AccountName,
                RegistrationProblem::Name(NameError::Start)
            )]
        );
    }
}
