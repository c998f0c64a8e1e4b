//! Stable field paths. The form uses them as element ids, the API as error keys, and WeChat Pay's
//! `param_name` values in rejections map back to them.

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

/// (field, path, WeChat Pay `param_name`). Written once; everything else looks it up.
const TABLE: [(Field, &str, &str); 35] = [
    (
        Field::LicenceImage,
        "subject.licence_image",
        "business_license_info.business_license_copy",
    ),
    (
        Field::LicenceNumber,
        "subject.licence_number",
        "business_license_info.business_license_number",
    ),
    (
        Field::MerchantName,
        "subject.merchant_name",
        "business_license_info.merchant_name",
    ),
    (
        Field::LicenceLegalPersonName,
        "subject.legal_person_name",
        "business_license_info.legal_person",
    ),
    (Field::LegalPersonResidency, "legal_person.residency", "id_doc_type"),
    (
        Field::LegalPersonIdFront,
        "legal_person.id_front_image",
        "id_card_info.id_card_copy",
    ),
    (
        Field::LegalPersonIdBack,
        "legal_person.id_back_image",
        "id_card_info.id_card_national",
    ),
    (Field::LegalPersonName, "legal_person.name", "id_card_info.id_card_name"),
    (
        Field::LegalPersonIdNumber,
        "legal_person.id_number",
        "id_card_info.id_card_number",
    ),
    (
        Field::LegalPersonValidityBegin,
        "legal_person.validity_begin",
        "id_card_info.id_card_valid_time_begin",
    ),
    (
        Field::LegalPersonValidityEnd,
        "legal_person.validity_end",
        "id_card_info.id_card_valid_time",
    ),
    (
        Field::LegalPersonAddress,
        "legal_person.address",
        "id_card_info.id_card_address",
    ),
    (
        Field::LegalPersonIsBeneficialOwner,
        "legal_person.is_beneficial_owner",
        "owner",
    ),
    (
        Field::BeneficialOwners,
        "legal_person.beneficial_owners",
        "ubo_info_list",
    ),
    (
        Field::AdministratorType,
        "super_administrator.type",
        "contact_info.contact_type",
    ),
    (
        Field::AdministratorName,
        "super_administrator.name",
        "contact_info.contact_name",
    ),
    (
        Field::AdministratorResidency,
        "super_administrator.residency",
        "contact_info.contact_id_doc_type",
    ),
    (
        Field::AdministratorIdNumber,
        "super_administrator.id_number",
        "contact_info.contact_id_card_number",
    ),
    (
        Field::AdministratorIdFront,
        "super_administrator.id_front_image",
        "contact_info.contact_id_doc_copy",
    ),
    (
        Field::AdministratorIdBack,
        "super_administrator.id_back_image",
        "contact_info.contact_id_doc_copy_back",
    ),
    (
        Field::AdministratorValidityBegin,
        "super_administrator.validity_begin",
        "contact_info.contact_id_doc_period_begin",
    ),
    (
        Field::AdministratorValidityEnd,
        "super_administrator.validity_end",
        "contact_info.contact_id_doc_period_end",
    ),
    (
        Field::AdministratorAuthorisationLetter,
        "super_administrator.authorisation_letter_image",
        "contact_info.business_authorization_letter",
    ),
    (
        Field::AdministratorMobile,
        "super_administrator.mobile",
        "contact_info.mobile_phone",
    ),
    (
        Field::AdministratorEmail,
        "super_administrator.email",
        "contact_info.contact_email",
    ),
    (
        Field::AccountType,
        "settlement_account.account_type",
        "account_info.bank_account_type",
    ),
    (
        Field::AccountBank,
        "settlement_account.bank",
        "account_info.account_bank",
    ),
    (
        Field::AccountCityCode,
        "settlement_account.city_code",
        "account_info.bank_address_code",
    ),
    (
        Field::AccountBranchName,
        "settlement_account.branch_name",
        "account_info.bank_name",
    ),
    (
        Field::AccountName,
        "settlement_account.account_name",
        "account_info.account_name",
    ),
    (
        Field::AccountNumber,
        "settlement_account.account_number",
        "account_info.account_number",
    ),
    (Field::StoreName, "store.name", "sales_scene_info.store_name"),
    (Field::StoreUrl, "store.url", "sales_scene_info.store_url"),
    (
        Field::StoreQrCode,
        "store.qr_code_image",
        "sales_scene_info.store_qr_code",
    ),
    (Field::StoreShortName, "store.short_name", "merchant_shortname"),
];

/// The `id_doc_info` names WeChat uses for non-ID-card documents, mapped to the same form fields.
const WECHAT_ALIASES: [(&str, Field); 7] = [
    ("id_doc_info.id_doc_copy", Field::LegalPersonIdFront),
    ("id_doc_info.id_doc_copy_back", Field::LegalPersonIdBack),
    ("id_doc_info.id_doc_name", Field::LegalPersonName),
    ("id_doc_info.id_doc_number", Field::LegalPersonIdNumber),
    ("id_doc_info.doc_period_begin", Field::LegalPersonValidityBegin),
    ("id_doc_info.doc_period_end", Field::LegalPersonValidityEnd),
    ("id_doc_info.id_doc_address", Field::LegalPersonAddress),
];

impl Field {
    pub fn all() -> impl Iterator<Item = Field> {
        TABLE.iter().map(|(f, _, _)| *f)
    }

    fn row(self) -> &'static (Field, &'static str, &'static str) {
        TABLE
            .iter()
            .find(|(f, _, _)| *f == self)
            .expect("every field is in the table")
    }

    /// The stable path, e.g. `legal_person.id_number`.
    pub fn path(self) -> &'static str {
        self.row().1
    }

    /// WeChat Pay's `param_name` for this field (the ID-card form for identity fields).
    pub fn wechat_param(self) -> &'static str {
        self.row().2
    }

    /// Maps a rejection's `param_name` back to the form field it concerns.
    pub fn from_wechat_param(param: &str) -> Option<Field> {
        TABLE
            .iter()
            .find(|(_, _, w)| *w == param)
            .map(|(f, _, _)| *f)
            .or_else(|| WECHAT_ALIASES.iter().find(|(w, _)| *w == param).map(|(_, f)| *f))
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

    const ALL: [(IdentityField, &'static str); 8] = [
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
            .find(|(_, p, _)| *p == s)
            .map(|(f, _, _)| FieldPath::Field(*f))
            .ok_or(UnknownFieldPath)
    }
}

serde_via_str!(FieldPath);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_params_are_unique_and_round_trip() {
        let mut paths: Vec<_> = Field::all().map(Field::path).collect();
        let mut params: Vec<_> = Field::all().map(Field::wechat_param).collect();
        paths.sort_unstable();
        paths.dedup();
        params.sort_unstable();
        params.dedup();
        assert_eq!(paths.len(), TABLE.len());
        assert_eq!(params.len(), TABLE.len());
        for field in Field::all() {
            assert_eq!(field.path().parse(), Ok(FieldPath::Field(field)));
            assert_eq!(Field::from_wechat_param(field.wechat_param()), Some(field));
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

    #[test]
    fn wechat_document_aliases_map_to_the_same_fields() {
        assert_eq!(
            Field::from_wechat_param("id_doc_info.id_doc_number"),
            Some(Field::LegalPersonIdNumber)
        );
        assert_eq!(Field::from_wechat_param("no_such_param"), None);
    }
}
