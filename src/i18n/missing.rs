//! What to say when an answer is missing, naming the answer: "Enter the account number",
//! "请填写银行账号". The domain's messages for a missing answer ("Enter this answer") cannot
//! name it, and an error summary full of them says nothing (GOV.UK: say what is missing).

use onboarding_domain::{Field, FieldPath, IdentityField, Locale};

use super::{Language, td_string, ui};

/// The message for a missing answer at `path`, when `code` is the domain's code for one
/// (`required`, `image_required`, `choose`); `None` for every other problem.
///
/// Each language says it its own way (`locales/*.json`, `missing.*`): English names the action
/// ("Enter the account number"), Chinese a verb and the label ("请填写银行账号").
pub fn missing(path: FieldPath, code: &str, l: Locale) -> Option<String> {
    if !matches!(code, "required" | "image_required" | "choose") {
        return None;
    }
    let l = ui(l);
    let message = message(path, l);
    // Several owners on one page: say whose answer it is.
    Some(match path {
        FieldPath::Owner(i, _) => td_string!(l, missing.of_owner, n = i + 1, message).to_string(),
        FieldPath::Field(_) => message.to_string(),
    })
}

fn message(path: FieldPath, l: Language) -> &'static str {
    let identity = |f: IdentityField| match f {
        IdentityField::Residency => td_string!(l, missing.person_residency),
        IdentityField::Name => td_string!(l, missing.name),
        IdentityField::IdNumber => td_string!(l, missing.id_number),
        IdentityField::IdFront => td_string!(l, missing.id_front),
        IdentityField::IdBack => td_string!(l, missing.id_back),
        IdentityField::ValidityBegin => td_string!(l, missing.validity_begin),
        IdentityField::ValidityEnd => td_string!(l, missing.validity_end),
        IdentityField::Address => td_string!(l, missing.address),
    };
    let field = match path {
        FieldPath::Owner(_, IdentityField::Residency) => return td_string!(l, missing.owner_residency),
        FieldPath::Owner(_, f) => return identity(f),
        FieldPath::Field(f) => f,
    };
    match field {
        Field::LicenceImage => td_string!(l, missing.licence_image),
        Field::LicenceNumber => td_string!(l, missing.licence_number),
        Field::MerchantName => td_string!(l, missing.merchant_name),
        Field::LicenceLegalPersonName => td_string!(l, missing.licence_legal_person),
        Field::LegalPersonResidency => td_string!(l, missing.legal_person_residency),
        Field::LegalPersonName => identity(IdentityField::Name),
        Field::LegalPersonIdNumber => identity(IdentityField::IdNumber),
        Field::LegalPersonIdFront | Field::AdministratorIdFront => identity(IdentityField::IdFront),
        Field::LegalPersonIdBack | Field::AdministratorIdBack => identity(IdentityField::IdBack),
        Field::LegalPersonValidityBegin | Field::AdministratorValidityBegin => identity(IdentityField::ValidityBegin),
        Field::LegalPersonValidityEnd | Field::AdministratorValidityEnd => identity(IdentityField::ValidityEnd),
        Field::LegalPersonAddress => identity(IdentityField::Address),
        Field::LegalPersonIsBeneficialOwner => td_string!(l, missing.is_owner),
        Field::BeneficialOwners => td_string!(l, missing.owners),
        Field::AdministratorType => td_string!(l, missing.administrator_type),
        Field::AdministratorName => td_string!(l, missing.administrator_name),
        Field::AdministratorResidency => td_string!(l, missing.agent_residency),
        Field::AdministratorIdNumber => td_string!(l, missing.administrator_id),
        Field::AdministratorAuthorisationLetter => td_string!(l, missing.authorisation_letter),
        Field::AdministratorMobile => td_string!(l, missing.mobile),
        Field::AdministratorEmail => td_string!(l, missing.email),
        Field::AccountType => td_string!(l, missing.account_type),
        Field::AccountBank => td_string!(l, missing.bank),
        Field::AccountCityCode => td_string!(l, missing.city_code),
        Field::AccountBranchName => td_string!(l, missing.branch_name),
        Field::AccountName => td_string!(l, missing.account_name),
        Field::AccountNumber => td_string!(l, missing.account_number),
        Field::StoreName => td_string!(l, missing.store_name),
        Field::StoreUrl => td_string!(l, missing.store_url),
        Field::StoreQrCode => td_string!(l, missing.store_qr),
        Field::StoreShortName => td_string!(l, missing.short_name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_answer_is_named_in_each_language() {
        let number = FieldPath::Field(Field::AccountNumber);
        assert_eq!(
            missing(number, "required", Locale::En).unwrap(),
            "Enter the account number"
        );
        assert_eq!(missing(number, "required", Locale::ZhCn).unwrap(), "请填写银行账号");
        assert_eq!(missing(number, "required", Locale::ZhHant).unwrap(), "請填寫銀行帳號");
        let residency = FieldPath::Field(Field::LegalPersonResidency);
        assert_eq!(
            missing(residency, "choose", Locale::ZhCn).unwrap(),
            "请选择法定代表人是哪里的居民"
        );
        let licence = FieldPath::Field(Field::LicenceImage);
        assert_eq!(
            missing(licence, "image_required", Locale::ZhCn).unwrap(),
            "请上传营业执照照片"
        );
        let owner = FieldPath::Owner(1, IdentityField::Name);
        assert_eq!(
            missing(owner, "required", Locale::En).unwrap(),
            "Beneficial owner 2: Enter the name as on the document"
        );
        assert_eq!(
            missing(owner, "required", Locale::ZhCn).unwrap(),
            "最终受益人 2：请填写证件上的姓名"
        );
    }

    #[test]
    fn other_problems_keep_the_domains_message() {
        assert_eq!(
            missing(FieldPath::Field(Field::AccountNumber), "length", Locale::En),
            None
        );
    }
}
