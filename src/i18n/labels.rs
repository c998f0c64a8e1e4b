//! The question each answer of the application is asked with, for forms and summaries.

use onboarding_domain::{Field, FieldPath, IdentityField, Locale, Step};

use super::wizard_texts;

/// A step's name.
pub fn step_name(step: Option<Step>, l: Locale) -> &'static str {
    let t = wizard_texts(l);
    match step {
        Some(Step::Subject) => t.step_subject,
        Some(Step::LegalPerson) => t.step_legal_person,
        Some(Step::SuperAdministrator) => t.step_administrator,
        Some(Step::SettlementAccount) => t.step_account,
        None => t.step_check,
    }
}

/// The label of an answer. Forms label photos by the catalogue instead (document and face).
pub fn field_label(path: FieldPath, l: Locale) -> &'static str {
    let t = wizard_texts(l);
    let identity = |f: IdentityField| match f {
        IdentityField::Residency => t.residency,
        IdentityField::Name => t.person_name,
        IdentityField::IdNumber => t.id_number,
        IdentityField::IdFront => t.id_front,
        IdentityField::IdBack => t.id_back,
        IdentityField::ValidityBegin => t.validity_begin,
        IdentityField::ValidityEnd => t.validity_end,
        IdentityField::Address => t.address,
    };
    let field = match path {
        FieldPath::Owner(_, IdentityField::Residency) => return t.owner_residency,
        FieldPath::Owner(_, f) => return identity(f),
        FieldPath::Field(f) => f,
    };
    match field {
        Field::LicenceImage => t.licence_image,
        Field::LicenceNumber => t.licence_number,
        Field::MerchantName => t.merchant_name,
        Field::LicenceLegalPersonName => t.licence_legal_person,
        Field::LegalPersonResidency => t.residency,
        Field::LegalPersonName => t.person_name,
        Field::LegalPersonIdNumber => t.id_number,
        Field::LegalPersonIdFront | Field::AdministratorIdFront => t.id_front,
        Field::LegalPersonIdBack | Field::AdministratorIdBack => t.id_back,
        Field::LegalPersonValidityBegin | Field::AdministratorValidityBegin => t.validity_begin,
        Field::LegalPersonValidityEnd | Field::AdministratorValidityEnd => t.validity_end,
        Field::LegalPersonAddress => t.address,
        Field::LegalPersonIsBeneficialOwner => t.is_owner,
        Field::BeneficialOwners => t.owners,
        Field::AdministratorType => t.administrator_type,
        Field::AdministratorName => t.administrator_name,
        Field::AdministratorResidency => t.agent_residency,
        Field::AdministratorIdNumber => t.administrator_id,
        Field::AdministratorAuthorisationLetter => t.authorisation_letter,
        Field::AdministratorMobile => t.mobile,
        Field::AdministratorEmail => t.email,
        Field::AccountType => t.account_type,
        Field::AccountBank => t.bank,
        Field::AccountCityCode => t.city_code,
        Field::AccountBranchName => t.branch_name,
        Field::AccountName => t.account_name,
        Field::AccountNumber => t.account_number,
        Field::StoreName => t.store_name,
        Field::StoreUrl => t.store_url,
        Field::StoreQrCode => t.store_qr,
        Field::StoreShortName => t.short_name,
    }
}
