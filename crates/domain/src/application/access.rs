//! Reaching into a draft by field path, and the answers the rules fill in for the applicant.
//!
//! The form binds each input to a [`FieldPath`]; these accessors are the one place that knows
//! which part of the draft a path names, so the form, the error keys and validation agree.

use crate::application::draft::{ApplicationDraft, IdentityDraft, Sensitive};
use crate::catalogue::{Document, ImageRequirement, requirements};
use crate::{AdministratorType, BankAccountType, EntityType, Field, FieldPath, IdentityField};

/// Whose identity a group of answers describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Person {
    LegalPerson,
    /// The super administrator when an agent (type 66).
    Agent,
    /// The n-th ultimate beneficial owner (enterprise only).
    Owner(u8),
}

impl Person {
    /// The path of one of this person's answers.
    pub fn path(self, f: IdentityField) -> FieldPath {
        match self {
            Person::LegalPerson => FieldPath::Field(legal_person_field(f)),
            Person::Agent => FieldPath::Field(administrator_field(f)),
            Person::Owner(i) => FieldPath::Owner(i, f),
        }
    }
}

pub(crate) fn legal_person_field(f: IdentityField) -> Field {
    match f {
        IdentityField::Residency => Field::LegalPersonResidency,
        IdentityField::Name => Field::LegalPersonName,
        IdentityField::IdNumber => Field::LegalPersonIdNumber,
        IdentityField::IdFront => Field::LegalPersonIdFront,
        IdentityField::IdBack => Field::LegalPersonIdBack,
        IdentityField::ValidityBegin => Field::LegalPersonValidityBegin,
        IdentityField::ValidityEnd => Field::LegalPersonValidityEnd,
        IdentityField::Address => Field::LegalPersonAddress,
    }
}

/// The agent's answers. An agent gives no address, so `Address` never occurs here.
pub(crate) fn administrator_field(f: IdentityField) -> Field {
    match f {
        IdentityField::Residency => Field::AdministratorResidency,
        IdentityField::Name => Field::AdministratorName,
        IdentityField::IdNumber => Field::AdministratorIdNumber,
        IdentityField::IdFront => Field::AdministratorIdFront,
        IdentityField::IdBack => Field::AdministratorIdBack,
        IdentityField::ValidityBegin => Field::AdministratorValidityBegin,
        IdentityField::ValidityEnd | IdentityField::Address => Field::AdministratorValidityEnd,
    }
}

/// Which person and which of their answers a field is, for the fields that belong to one.
fn identity_of(field: Field) -> Option<(Person, IdentityField)> {
    IdentityField::EVERY.into_iter().find_map(|f| {
        if legal_person_field(f) == field {
            Some((Person::LegalPerson, f))
        } else if f != IdentityField::Address && administrator_field(f) == field {
            Some((Person::Agent, f))
        } else {
            None
        }
    })
}

impl IdentityDraft {
    fn text(&self, f: IdentityField) -> Option<&str> {
        Some(match f {
            IdentityField::Residency => return None,
            IdentityField::Name => &self.name,
            IdentityField::IdNumber => self.id_number.as_str(),
            IdentityField::IdFront => &self.id_front_image,
            IdentityField::IdBack => &self.id_back_image,
            IdentityField::ValidityBegin => &self.validity.begin,
            IdentityField::ValidityEnd => &self.validity.end,
            IdentityField::Address => &self.address,
        })
    }

    fn text_mut(&mut self, f: IdentityField) -> Option<&mut String> {
        Some(match f {
            IdentityField::Residency => return None,
            IdentityField::Name => &mut self.name,
            IdentityField::IdNumber => &mut self.id_number.0,
            IdentityField::IdFront => &mut self.id_front_image,
            IdentityField::IdBack => &mut self.id_back_image,
            IdentityField::ValidityBegin => &mut self.validity.begin,
            IdentityField::ValidityEnd => &mut self.validity.end,
            IdentityField::Address => &mut self.address,
        })
    }
}

impl ApplicationDraft {
    /// The photo an image answer asks for, whose label names it as the form does ("Passport:
    /// photo page"): a person's document follows their residency. `None` for an answer that is
    /// not a photo, or a person whose residency is not chosen yet.
    pub fn photo(&self, path: FieldPath, entity: EntityType) -> Option<ImageRequirement> {
        match path {
            FieldPath::Owner(i, f @ (IdentityField::IdFront | IdentityField::IdBack)) => {
                let document = self.person(Person::Owner(i))?.residency?.document();
                let face = *document.faces().get(usize::from(f == IdentityField::IdBack))?;
                Some(ImageRequirement {
                    field: Field::BeneficialOwners,
                    document: Document::Identity(document),
                    face,
                })
            }
            FieldPath::Owner(..) => None,
            FieldPath::Field(field) => requirements(self.situation(entity))
                .images
                .into_iter()
                .find(|i| i.field == field),
        }
    }

    /// A person's identity answers; `None` for an owner not added.
    pub fn person(&self, p: Person) -> Option<&IdentityDraft> {
        match p {
            Person::LegalPerson => Some(&self.legal_person.identity),
            Person::Agent => Some(&self.super_administrator.identity),
            Person::Owner(i) => self.legal_person.beneficial_owners.get(usize::from(i)),
        }
    }

    pub fn person_mut(&mut self, p: Person) -> Option<&mut IdentityDraft> {
        match p {
            Person::LegalPerson => Some(&mut self.legal_person.identity),
            Person::Agent => Some(&mut self.super_administrator.identity),
            Person::Owner(i) => self.legal_person.beneficial_owners.get_mut(usize::from(i)),
        }
    }

    /// The typed text of a text, date or image answer; `None` for choices.
    pub fn text(&self, path: FieldPath) -> Option<&str> {
        match path {
            FieldPath::Owner(i, f) => self.person(Person::Owner(i))?.text(f),
            FieldPath::Field(field) => {
                if let Some((p, f)) = identity_of(field) {
                    return self.person(p)?.text(f);
                }
                Some(match field {
                    Field::LicenceImage => &self.subject.licence_image,
                    Field::LicenceNumber => &self.subject.licence_number,
                    Field::MerchantName => &self.subject.merchant_name,
                    Field::LicenceLegalPersonName => &self.subject.legal_person_name,
                    Field::AdministratorAuthorisationLetter => &self.super_administrator.authorisation_letter_image,
                    Field::AdministratorMobile => self.super_administrator.mobile.as_str(),
                    Field::AdministratorEmail => &self.super_administrator.email,
                    Field::AccountCityCode => &self.settlement_account.city_code,
                    Field::AccountBranchName => &self.settlement_account.branch_name,
                    Field::AccountName => &self.settlement_account.account_name,
                    Field::AccountNumber => self.settlement_account.account_number.as_str(),
                    Field::StoreName => &self.store.name,
                    Field::StoreUrl => &self.store.url,
                    Field::StoreQrCode => &self.store.qr_code_image,
                    Field::StoreShortName => &self.store.short_name,
                    _ => return None,
                })
            }
        }
    }

    pub fn text_mut(&mut self, path: FieldPath) -> Option<&mut String> {
        match path {
            FieldPath::Owner(i, f) => self.person_mut(Person::Owner(i))?.text_mut(f),
            FieldPath::Field(field) => {
                if let Some((p, f)) = identity_of(field) {
                    return self.person_mut(p)?.text_mut(f);
                }
                Some(match field {
                    Field::LicenceImage => &mut self.subject.licence_image,
                    Field::LicenceNumber => &mut self.subject.licence_number,
                    Field::MerchantName => &mut self.subject.merchant_name,
                    Field::LicenceLegalPersonName => &mut self.subject.legal_person_name,
                    Field::AdministratorAuthorisationLetter => &mut self.super_administrator.authorisation_letter_image,
                    Field::AdministratorMobile => &mut self.super_administrator.mobile.0,
                    Field::AdministratorEmail => &mut self.super_administrator.email,
                    Field::AccountCityCode => &mut self.settlement_account.city_code,
                    Field::AccountBranchName => &mut self.settlement_account.branch_name,
                    Field::AccountName => &mut self.settlement_account.account_name,
                    Field::AccountNumber => &mut self.settlement_account.account_number.0,
                    Field::StoreName => &mut self.store.name,
                    Field::StoreUrl => &mut self.store.url,
                    Field::StoreQrCode => &mut self.store.qr_code_image,
                    Field::StoreShortName => &mut self.store.short_name,
                    _ => return None,
                })
            }
        }
    }

    /// Whether the rules decide this answer, so the form shows it filled in and locked: the
    /// account holder's name, and a legal-person administrator's name and number.
    pub fn is_locked(&self, field: Field) -> bool {
        self.locked_from(field).is_some()
    }

    /// The answers the rules may lock: those [`ApplicationDraft::locked_from`] can name a source for.
    const LOCKABLE: [Field; 3] = [
        Field::AccountName,
        Field::AdministratorName,
        Field::AdministratorIdNumber,
    ];

    /// The answer a locked answer is copied from (see [`ApplicationDraft::apply_locks`]): where
    /// the applicant goes to change it.
    pub fn locked_from(&self, field: Field) -> Option<Field> {
        match field {
            Field::AccountName => match self.settlement_account.account_type? {
                BankAccountType::Business => Some(Field::MerchantName),
                BankAccountType::Private => Some(Field::LegalPersonName),
            },
            Field::AdministratorName | Field::AdministratorIdNumber
                if self.super_administrator.administrator_type == Some(AdministratorType::LegalPerson) =>
            {
                Some(if field == Field::AdministratorName {
                    Field::LegalPersonName
                } else {
                    Field::LegalPersonIdNumber
                })
            }
            _ => None,
        }
    }

    /// Fills in what the rules decide (see [`ApplicationDraft::is_locked`]), and the account type
    /// when the entity allows only one. Returns whether anything changed. Answers the applicant
    /// typed into a field that is not locked are never touched.
    pub fn apply_locks(&mut self, entity: EntityType) -> bool {
        let before = self.clone();
        if let [only] = entity.allowed_account_types() {
            self.settlement_account.account_type = Some(*only);
        }
        // Each locked answer takes the value of the one it is copied from.
        for field in Self::LOCKABLE {
            if let Some(source) = self.locked_from(field) {
                let value = self.text(source.into()).unwrap_or_default().trim().to_string();
                if let Some(slot) = self.text_mut(field.into()) {
                    *slot = value;
                }
            }
        }
        *self != before
    }
}

impl ApplicationDraft {
    /// Every [`Sensitive`] answer (identity, mobile and bank numbers), for code that must treat
    /// them differently: they never go to browser storage in clear.
    fn sensitive_mut(&mut self) -> Vec<&mut Sensitive> {
        let ApplicationDraft {
            legal_person,
            super_administrator,
            settlement_account,
            ..
        } = self;
        let mut all = vec![
            &mut legal_person.identity.id_number,
            &mut super_administrator.identity.id_number,
            &mut super_administrator.mobile,
            &mut settlement_account.account_number,
        ];
        all.extend(legal_person.beneficial_owners.iter_mut().map(|o| &mut o.id_number));
        all
    }

    /// The draft with every sensitive answer blanked: what may be kept in browser storage.
    pub fn without_sensitive(&self) -> ApplicationDraft {
        let mut copy = self.clone();
        for s in copy.sensitive_mut() {
            s.0.clear();
        }
        copy
    }

    /// Puts back the sensitive answers of `saved` (the last version the server has) into a draft
    /// restored from browser storage. A beneficial owner's number comes back only to the owner of
    /// the same name at the same place: owners added, removed or reordered offline must give
    /// their numbers again rather than receive someone else's.
    pub fn restore_sensitive(&mut self, saved: &ApplicationDraft) {
        let fill = |to: &mut Sensitive, from: &Sensitive| {
            if to.0.is_empty() {
                *to = from.clone();
            }
        };
        fill(
            &mut self.legal_person.identity.id_number,
            &saved.legal_person.identity.id_number,
        );
        fill(
            &mut self.super_administrator.identity.id_number,
            &saved.super_administrator.identity.id_number,
        );
        fill(&mut self.super_administrator.mobile, &saved.super_administrator.mobile);
        fill(
            &mut self.settlement_account.account_number,
            &saved.settlement_account.account_number,
        );
        let owners = self.legal_person.beneficial_owners.iter_mut();
        for (to, from) in owners.zip(&saved.legal_person.beneficial_owners) {
            if crate::text::name_key(&to.name) == crate::text::name_key(&from.name) {
                fill(&mut to.id_number, &from.id_number);
            }
        }
    }
}

impl ApplicationDraft {
    /// Every photo the draft names, in hidden answers too (switching back shows them again): the
    /// uploads that must be kept for it.
    pub fn photos(&self) -> Vec<&str> {
        let people = [&self.legal_person.identity, &self.super_administrator.identity]
            .into_iter()
            .chain(&self.legal_person.beneficial_owners);
        [
            &self.subject.licence_image,
            &self.store.qr_code_image,
            &self.super_administrator.authorisation_letter_image,
        ]
        .into_iter()
        .chain(people.flat_map(|p| [&p.id_front_image, &p.id_back_image]))
        .map(String::as_str)
        .filter(|id| !id.is_empty())
        .collect()
    }

    /// What is submitted: the draft without the answers its situation does not ask for (a hidden
    /// field keeps its value in the draft, but it is not sent on).
    pub fn only_required(&self, entity: EntityType) -> ApplicationDraft {
        let required = crate::requirements(self.situation(entity));
        let mut d = self.clone();
        for field in Field::all().filter(|f| !required.contains(*f)) {
            match field {
                Field::LegalPersonResidency => d.legal_person.identity.residency = None,
                Field::AdministratorResidency => d.super_administrator.identity.residency = None,
                Field::LegalPersonIsBeneficialOwner => d.legal_person.is_beneficial_owner = None,
                Field::BeneficialOwners => d.legal_person.beneficial_owners.clear(),
                Field::AdministratorValidityEnd => d.super_administrator.identity.validity.long_term = false,
                Field::LegalPersonValidityEnd => d.legal_person.identity.validity.long_term = false,
                _ => {}
            }
            // A legal-person administrator's name and number are required but copied, not typed.
            if let Some(text) = d.text_mut(field.into()) {
                text.clear();
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_named_by_its_persons_document() {
        let mut d = ApplicationDraft::default();
        d.legal_person.identity.residency = Some(crate::Residency::OtherCountry);
        let front = FieldPath::Field(Field::LegalPersonIdFront);
        let label = d
            .photo(front, EntityType::Enterprise)
            .map(|p| p.label(crate::Locale::En));
        assert_eq!(label.as_deref(), Some("Passport: photo page"));
        assert!(
            d.photo(FieldPath::Field(Field::LegalPersonIdBack), EntityType::Enterprise)
                .is_none()
        );
        assert!(
            d.photo(FieldPath::Field(Field::LegalPersonName), EntityType::Enterprise)
                .is_none()
        );
        d.legal_person.beneficial_owners.push(IdentityDraft {
            residency: Some(crate::Residency::HongKong),
            ..IdentityDraft::default()
        });
        let back = d.photo(FieldPath::Owner(0, IdentityField::IdBack), EntityType::Enterprise);
        assert!(
            back.is_some_and(|p| p.label(crate::Locale::En).ends_with("back")),
            "{back:?}"
        );
        assert!(
            d.photo(FieldPath::Owner(1, IdentityField::IdFront), EntityType::Enterprise)
                .is_none()
        );
    }

    /// Every photo answer, whichever person it belongs to, is among the draft's photos.
    #[test]
    fn photos_names_every_photo_answer() {
        let mut d = ApplicationDraft::default();
        d.legal_person.beneficial_owners = vec![IdentityDraft::default(), IdentityDraft::default()];
        let mut paths: Vec<FieldPath> = Field::all().map(FieldPath::from).collect();
        for i in 0..2 {
            paths.extend(IdentityField::EVERY.map(|f| FieldPath::Owner(i, f)));
        }
        let photo_paths: Vec<FieldPath> = paths
            .into_iter()
            .filter(|p| p.to_string().ends_with("_image"))
            .collect();
        assert_eq!(photo_paths.len(), 3 + 2 * 2 + 2 * 2);
        for (i, path) in photo_paths.iter().enumerate() {
            *d.text_mut(*path).unwrap() = format!("photo{i}");
        }
        let mut named = d.photos();
        named.sort_unstable();
        let mut expected: Vec<String> = (0..photo_paths.len()).map(|i| format!("photo{i}")).collect();
        expected.sort_unstable();
        assert_eq!(named, expected);
        assert!(ApplicationDraft::default().photos().is_empty());
    }

    #[test]
    fn every_text_field_reads_back_what_was_written() {
        let mut d = ApplicationDraft::default();
        d.legal_person.beneficial_owners.push(IdentityDraft::default());
        let owner_paths = IdentityField::EVERY.into_iter().map(|f| FieldPath::Owner(0, f));
        for (n, path) in Field::all().map(FieldPath::Field).chain(owner_paths).enumerate() {
            if let Some(slot) = d.text_mut(path) {
                *slot = format!("answer {n}");
                assert_eq!(d.text(path), Some(format!("answer {n}").as_str()), "{path}");
            } else {
                assert_eq!(d.text(path), None, "{path}");
            }
        }
        // Distinct paths reach distinct answers: nothing written was overwritten by another.
        assert_eq!(d.text(Field::LegalPersonName.into()), Some("answer 7"));
        assert_eq!(d.legal_person.identity.id_number, Sensitive("answer 8".into()));
    }

    #[test]
    fn stored_copies_hold_no_numbers_and_get_them_back_from_the_server() {
        let mut d = crate::application::validate_tests::enterprise_draft();
        d.legal_person.beneficial_owners.push(IdentityDraft {
            id_number: Sensitive("11010519491231002X".into()),
            ..IdentityDraft::default()
        });
        let stored = serde_json::to_string(&d.without_sensitive()).unwrap();
        let numbers = [
            d.legal_person.identity.id_number.as_str(),
            d.super_administrator.mobile.as_str(),
            d.settlement_account.account_number.as_str(),
            "11010519491231002X",
        ];
        for n in numbers {
            assert!(!n.is_empty() && !stored.contains(n), "{n} leaked");
        }
        let mut restored: ApplicationDraft = serde_json::from_str(&stored).unwrap();
        restored.restore_sensitive(&d);
        assert_eq!(restored, d);

        // An owner removed offline: the next one does not inherit the removed one's number.
        let mut second = IdentityDraft {
            name: "李四".into(),
            id_number: Sensitive("440524188001010014".into()),
            ..IdentityDraft::default()
        };
        d.legal_person.beneficial_owners.insert(0, second.clone());
        second.id_number = Sensitive::default();
        let mut offline = d.without_sensitive();
        offline.legal_person.beneficial_owners = vec![IdentityDraft::default(), second];
        offline.restore_sensitive(&d);
        assert_eq!(
            offline.legal_person.beneficial_owners[1].id_number,
            Sensitive::default()
        );
    }

    #[test]
    fn hidden_answers_are_kept_in_the_draft_but_not_submitted() {
        let mut d = crate::application::validate_tests::enterprise_draft();
        let today = crate::application::validate_tests::today();
        d.super_administrator.identity.residency = Some(crate::Residency::HongKong);
        d.super_administrator.authorisation_letter_image = "0123456789abcdef0123456789abcdef".into();
        d.legal_person.beneficial_owners.push(IdentityDraft::default());
        let sent = d.only_required(EntityType::Enterprise);
        assert_eq!(sent.super_administrator.identity.residency, None);
        assert_eq!(sent.super_administrator.authorisation_letter_image, "");
        assert!(sent.legal_person.beneficial_owners.is_empty());
        assert_eq!(
            sent.validate(EntityType::Enterprise, today),
            d.validate(EntityType::Enterprise, today),
            "what is dropped was never checked"
        );
        assert_eq!(sent.only_required(EntityType::Enterprise), sent);
    }

    #[test]
    fn an_owner_not_added_has_no_answers() {
        let mut d = ApplicationDraft::default();
        assert_eq!(d.text(FieldPath::Owner(0, IdentityField::Name)), None);
        assert!(d.text_mut(FieldPath::Owner(0, IdentityField::Name)).is_none());
    }

    #[test]
    fn locks_fill_in_the_holder_and_the_legal_person_administrator() {
        let mut d = ApplicationDraft::default();
        d.subject.merchant_name = "深圳市腾讯计算机系统有限公司 ".into();
        d.legal_person.identity.name = "张三".into();
        d.legal_person.identity.id_number = Sensitive("11010519491231002X".into());
        d.super_administrator.administrator_type = Some(AdministratorType::LegalPerson);
        assert!(d.apply_locks(EntityType::Enterprise));
        assert_eq!(d.settlement_account.account_type, Some(BankAccountType::Business));
        assert_eq!(d.settlement_account.account_name, "深圳市腾讯计算机系统有限公司");
        assert_eq!(d.super_administrator.identity.name, "张三");
        assert!(d.is_locked(Field::AccountName) && d.is_locked(Field::AdministratorIdNumber));
        assert_eq!(d.locked_from(Field::AccountName), Some(Field::MerchantName));
        assert_eq!(d.locked_from(Field::AdministratorName), Some(Field::LegalPersonName));
        assert_eq!(
            d.locked_from(Field::AdministratorIdNumber),
            Some(Field::LegalPersonIdNumber)
        );
        assert_eq!(d.locked_from(Field::AccountNumber), None);
        // Every answer that can be locked is one apply_locks fills in.
        for field in Field::all() {
            assert_eq!(
                d.locked_from(field).is_some(),
                ApplicationDraft::LOCKABLE.contains(&field),
                "{field:?}"
            );
        }
        assert!(!d.apply_locks(EntityType::Enterprise), "a second pass changes nothing");

        // An individual business chooses; a private account belongs to the operator.
        let mut d = ApplicationDraft::default();
        d.legal_person.identity.name = "李四".into();
        d.settlement_account.account_name = "typed".into();
        assert!(
            !d.apply_locks(EntityType::IndividualBusiness),
            "nothing chosen, nothing decided"
        );
        d.settlement_account.account_type = Some(BankAccountType::Private);
        d.super_administrator.administrator_type = Some(AdministratorType::Agent);
        d.super_administrator.identity.name = "王五".into();
        d.apply_locks(EntityType::IndividualBusiness);
        assert_eq!(d.settlement_account.account_name, "李四");
        assert_eq!(
            d.super_administrator.identity.name, "王五",
            "an agent's name is their own"
        );
        assert!(!d.is_locked(Field::AdministratorName));
        assert_eq!(d.locked_from(Field::AccountName), Some(Field::LegalPersonName));
    }

    #[test]
    fn filled_in_drafts_pass_the_cross_field_rules() {
        // What the locks fill in is what validation demands: no holder or administrator errors.
        let mut d = crate::application::validate_tests::enterprise_draft();
        d.settlement_account.account_name = "someone else".into();
        d.super_administrator.identity.name = "someone else".into();
        d.apply_locks(EntityType::Enterprise);
        let today = crate::application::validate_tests::today();
        assert_eq!(d.validate(EntityType::Enterprise, today).err(), None);
    }
}
