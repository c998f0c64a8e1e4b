//! The question each answer of the application is asked with, for forms and summaries.

use super::{td_string, ui};
use onboarding_domain::{Field, FieldPath, IdentityField, Locale, Step};

/// A step's name.
pub fn step_name(step: Option<Step>, l: Locale) -> &'static str {
    match step {
        Some(Step::Subject) => td_string!(ui(l), wizard.step_subject),
        Some(Step::LegalPerson) => td_string!(ui(l), wizard.step_legal_person),
        Some(Step::SuperAdministrator) => td_string!(ui(l), wizard.step_administrator),
        Some(Step::SettlementAccount) => td_string!(ui(l), wizard.step_account),
        None => td_string!(ui(l), wizard.step_check),
    }
}

/// The label of an answer. Forms label photos by the catalogue instead (document and face).
pub fn field_label(path: FieldPath, l: Locale) -> &'static str {
    let identity = |f: IdentityField| match f {
        IdentityField::Residency => td_string!(ui(l), wizard.residency),
        IdentityField::Name => td_string!(ui(l), wizard.person_name),
        IdentityField::IdNumber => td_string!(ui(l), wizard.id_number),
        IdentityField::IdFront => td_string!(ui(l), wizard.id_front),
        IdentityField::IdBack => td_string!(ui(l), wizard.id_back),
        IdentityField::ValidityBegin => td_string!(ui(l), wizard.validity_begin),
        IdentityField::ValidityEnd => td_string!(ui(l), wizard.validity_end),
        IdentityField::Address => td_string!(ui(l), wizard.address),
    };
    let field = match path {
        FieldPath::Owner(_, IdentityField::Residency) => return td_string!(ui(l), wizard.owner_residency),
        FieldPath::Owner(_, f) => return identity(f),
        FieldPath::Field(f) => f,
    };
    match field {
        Field::LicenceImage => td_string!(ui(l), wizard.licence_image),
        Field::LicenceNumber => td_string!(ui(l), wizard.licence_number),
        Field::MerchantName => td_string!(ui(l), wizard.merchant_name),
        Field::LicenceLegalPersonName => td_string!(ui(l), wizard.licence_legal_person),
        Field::LegalPersonResidency => td_string!(ui(l), wizard.residency),
        Field::LegalPersonName => td_string!(ui(l), wizard.person_name),
        Field::LegalPersonIdNumber => td_string!(ui(l), wizard.id_number),
        Field::LegalPersonIdFront | Field::AdministratorIdFront => td_string!(ui(l), wizard.id_front),
        Field::LegalPersonIdBack | Field::AdministratorIdBack => td_string!(ui(l), wizard.id_back),
        Field::LegalPersonValidityBegin | Field::AdministratorValidityBegin => td_string!(ui(l), wizard.validity_begin),
        Field::LegalPersonValidityEnd | Field::AdministratorValidityEnd => td_string!(ui(l), wizard.validity_end),
        Field::LegalPersonAddress => td_string!(ui(l), wizard.address),
        Field::LegalPersonIsBeneficialOwner => td_string!(ui(l), wizard.is_owner),
        Field::BeneficialOwners => td_string!(ui(l), wizard.owners),
        Field::AdministratorType => td_string!(ui(l), wizard.administrator_type),
        Field::AdministratorName => td_string!(ui(l), wizard.administrator_name),
        Field::AdministratorResidency => td_string!(ui(l), wizard.agent_residency),
        Field::AdministratorIdNumber => td_string!(ui(l), wizard.administrator_id),
        Field::AdministratorAuthorisationLetter => td_string!(ui(l), wizard.authorisation_letter),
        Field::AdministratorMobile => td_string!(ui(l), wizard.mobile),
        Field::AdministratorEmail => td_string!(ui(l), wizard.email),
        Field::AccountType => td_string!(ui(l), wizard.account_type),
        Field::AccountBank => td_string!(ui(l), wizard.bank),
        Field::AccountCityCode => td_string!(ui(l), wizard.city_code),
        Field::AccountBranchName => td_string!(ui(l), wizard.branch_name),
        Field::AccountName => td_string!(ui(l), wizard.account_name),
        Field::AccountNumber => td_string!(ui(l), wizard.account_number),
        Field::StoreName => td_string!(ui(l), wizard.store_name),
        Field::StoreUrl => td_string!(ui(l), wizard.store_url),
        Field::StoreQrCode => td_string!(ui(l), wizard.store_qr),
        Field::StoreShortName => td_string!(ui(l), wizard.short_name),
    }
}
