//! Stable field paths. The form uses them as element ids and the API as error keys; WeChat Pay's
//! `param_name`s map to them in [`crate::wechat_param`].

use std::fmt;
use std::str::FromStr;

/// One answer of the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    LicenceImage,
    LicenceNumber,
    MerchantName,
    LicenceLegalPersonName,
    LegalPersonResidency,
    LegalPersonIdFront,
    LegalPersonIdBack,
    LegalPersonName,
    LegalPersonIdNumber,
    LegalPersonValidityBegin,
    LegalPersonValidityEnd,
    LegalPersonAddress,
    LegalPersonIsBeneficialOwner,
    BeneficialOwners,
    AdministratorType,
    AdministratorName,
    AdministratorResidency,
    AdministratorIdNumber,
    AdministratorIdFront,
    AdministratorIdBack,
    AdministratorValidityBegin,
    AdministratorValidityEnd,
    AdministratorAuthorisationLetter,
    AdministratorMobile,
    AdministratorEmail,
    AccountType,
    AccountBank,
    AccountCityCode,
    AccountBranchName,
    AccountName,
    AccountNumber,
    StoreName,
    StoreUrl,
    StoreQrCode,
    StoreShortName,
}

/// (field, path). Written once; everything else looks it up.
const TABLE: [(Field, &str); 35] = [
    (Field::LicenceImage, "subject.licence_image"),
    (Field::LicenceNumber, "subject.licence_number"),
    (Field::MerchantName, "subject.merchant_name"),
    (Field::LicenceLegalPersonName, "subject.legal_person_name"),
    (Field::LegalPersonResidency, "legal_person.residency"),
    (Field::LegalPersonIdFront, "legal_person.id_front_image"),
    (Field::LegalPersonIdBack, "legal_person.id_back_image"),
    (Field::LegalPersonName, "legal_person.name"),
    (Field::LegalPersonIdNumber, "legal_person.id_number"),
    (Field::LegalPersonValidityBegin, "legal_person.validity_begin"),
    (Field::LegalPersonValidityEnd, "legal_person.validity_end"),
    (Field::LegalPersonAddress, "legal_person.address"),
    (Field::LegalPersonIsBeneficialOwner, "legal_person.is_beneficial_owner"),
    (Field::BeneficialOwners, "legal_person.beneficial_owners"),
    (Field::AdministratorType, "super_administrator.type"),
    (Field::AdministratorName, "super_administrator.name"),
    (Field::AdministratorResidency, "super_administrator.residency"),
    (Field::AdministratorIdNumber, "super_administrator.id_number"),
    (Field::AdministratorIdFront, "super_administrator.id_front_image"),
    (Field::AdministratorIdBack, "super_administrator.id_back_image"),
    (Field::AdministratorValidityBegin, "super_administrator.validity_begin"),
    (Field::AdministratorValidityEnd, "super_administrator.validity_end"),
    (
        Field::AdministratorAuthorisationLetter,
        "super_administrator.authorisation_letter_image",
    ),
    (Field::AdministratorMobile, "super_administrator.mobile"),
    (Field::AdministratorEmail, "super_administrator.email"),
    (Field::AccountType, "settlement_account.account_type"),
    (Field::AccountBank, "settlement_account.bank"),
    (Field::AccountCityCode, "settlement_account.city_code"),
    (Field::AccountBranchName, "settlement_account.branch_name"),
    (Field::AccountName, "settlement_account.account_name"),
    (Field::AccountNumber, "settlement_account.account_number"),
    (Field::StoreName, "store.name"),
    (Field::StoreUrl, "store.url"),
    (Field::StoreQrCode, "store.qr_code_image"),
    (Field::StoreShortName, "store.short_name"),
];

impl Field {
    pub fn all() -> impl Iterator<Item = Field> {
        TABLE.iter().map(|(f, _)| *f)
    }

    /// The stable path, e.g. `legal_person.id_number`.
    pub fn path(self) -> &'static str {
        TABLE
            .iter()
            .find(|(f, _)| *f == self)
            .expect("every field is in the table")
            .1
    }

    /// The wizard step (1–5) whose page holds this field.
    pub fn step(self) -> Step {
        let path = self.path();
        if path.starts_with("subject.") || path.starts_with("store.") {
            Step::Subject
        } else if path.starts_with("legal_person.") {
            Step::LegalPerson
        } else if path.starts_with("super_administrator.") {
            Step::SuperAdministrator
        } else {
            Step::SettlementAccount
        }
    }
}

/// The steps of the authentication wizard, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Subject,
    LegalPerson,
    SuperAdministrator,
    SettlementAccount,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::Subject,
        Step::LegalPerson,
        Step::SuperAdministrator,
        Step::SettlementAccount,
    ];

    /// The step's stable name, used in the wizard's URLs.
    pub fn key(self) -> &'static str {
        match self {
            Step::Subject => "subject",
            Step::LegalPerson => "legal-person",
            Step::SuperAdministrator => "super-administrator",
            Step::SettlementAccount => "settlement-account",
        }
    }

    pub fn from_key(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.into_iter().skip_while(|s| *s != self).nth(1)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// Where an error belongs: a field of the application, or a field of the n-th beneficial owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldPath {
    Field(Field),
    /// `legal_person.beneficial_owners[i].<owner field>`
    Owner(u8, IdentityField),
}

/// The answers that make up one identity (a legal person, an agent, a beneficial owner).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentityField {
    Residency,
    Name,
    IdNumber,
    IdFront,
    IdBack,
    ValidityBegin,
    ValidityEnd,
    Address,
}

impl IdentityField {
    pub const EVERY: [IdentityField; 8] = [
        IdentityField::Residency,
        IdentityField::Name,
        IdentityField::IdNumber,
        IdentityField::IdFront,
        IdentityField::IdBack,
        IdentityField::ValidityBegin,
        IdentityField::ValidityEnd,
        IdentityField::Address,
    ];

    pub(crate) const ALL: [(IdentityField, &'static str); 8] = [
        (IdentityField::Residency, "residency"),
        (IdentityField::Name, "name"),
        (IdentityField::IdNumber, "id_number"),
        (IdentityField::IdFront, "id_front_image"),
        (IdentityField::IdBack, "id_back_image"),
        (IdentityField::ValidityBegin, "validity_begin"),
        (IdentityField::ValidityEnd, "validity_end"),
        (IdentityField::Address, "address"),
    ];

    pub fn key(self) -> &'static str {
        IdentityField::ALL.iter().find(|(f, _)| *f == self).expect("listed").1
    }
}

impl From<Field> for FieldPath {
    fn from(f: Field) -> FieldPath {
        FieldPath::Field(f)
    }
}

impl FieldPath {
    /// The wizard step whose page holds this answer (owners are on the legal person's).
    pub fn step(self) -> Step {
        match self {
            FieldPath::Field(f) => f.step(),
            FieldPath::Owner(..) => Step::LegalPerson,
        }
    }

    /// The answer's element id in the form: the path with `.`, `[` and `]` as `-`.
    pub fn dom_id(self) -> String {
        self.to_string().replace(['.', '[', ']'], "-")
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Field(field) => f.write_str(field.path()),
            FieldPath::Owner(i, field) => {
                write!(f, "legal_person.beneficial_owners[{i}].{}", field.key())
            }
        }
    }
}

/// The text is not a known field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownFieldPath;

impl fmt::Display for UnknownFieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown field path")
    }
}

impl FromStr for FieldPath {
    type Err = UnknownFieldPath;
    fn from_str(s: &str) -> Result<FieldPath, UnknownFieldPath> {
        if let Some(rest) = s.strip_prefix("legal_person.beneficial_owners[") {
            let (index, key) = rest.split_once("].").ok_or(UnknownFieldPath)?;
            let index: u8 = index.parse().map_err(|_| UnknownFieldPath)?;
            let field = IdentityField::ALL
                .iter()
                .find(|(_, k)| *k == key)
                .ok_or(UnknownFieldPath)?
                .0;
            return Ok(FieldPath::Owner(index, field));
        }
        TABLE
            .iter()
            .find(|(_, p)| *p == s)
            .map(|(f, _)| FieldPath::Field(*f))
            .ok_or(UnknownFieldPath)
    }
}

serde_via_str!(FieldPath);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_round_trip() {
        let mut paths: Vec<_> = Field::all().map(Field::path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), TABLE.len());
        for field in Field::all() {
            assert_eq!(field.path().parse(), Ok(FieldPath::Field(field)));
        }
    }

    #[test]
    fn owner_paths_round_trip() {
        let p = FieldPath::Owner(2, IdentityField::IdNumber);
        assert_eq!(p.to_string(), "legal_person.beneficial_owners[2].id_number");
        assert_eq!(p.to_string().parse(), Ok(p));
        assert_eq!(
            "legal_person.beneficial_owners[x].name".parse::<FieldPath>(),
            Err(UnknownFieldPath)
        );
    }
}
