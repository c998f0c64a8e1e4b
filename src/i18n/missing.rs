//! What to say when an answer is missing, naming the answer: "Enter the account number",
//! "请填写银行账号". The domain's messages for a missing answer ("Enter this answer") cannot
//! name it, and an error summary full of them says nothing (GOV.UK: say what is missing).

use onboarding_domain::{Field, FieldPath, IdentityField, Locale};

use super::{field_label, td_string, ui};

/// How the answer is given, which decides the verb.
#[derive(Clone, Copy)]
enum Kind {
    Type,
    Upload,
    Choose,
}

/// The message for a missing answer at `path`, when `code` is the domain's code for one
/// (`required`, `image_required`, `choose`); `None` for every other problem.
pub fn missing(path: FieldPath, code: &str, l: Locale) -> Option<String> {
    let kind = match code {
        "required" => Kind::Type,
        "image_required" => Kind::Upload,
        "choose" => Kind::Choose,
        _ => return None,
    };
    let message = match l {
        Locale::En => english(path).to_string(),
        // Chinese reads well as verb + the label itself; a question label loses its "？".
        Locale::ZhCn => {
            let verb = match kind {
                Kind::Type => "请填写",
                Kind::Upload => "请上传",
                Kind::Choose => "请选择",
            };
            format!("{verb}{}", field_label(path, l).trim_end_matches('？'))
        }
    };
    // Several owners on one page: say whose answer it is.
    Some(match path {
        FieldPath::Owner(i, _) => {
            let colon = l.pick(": ", "：");
            format!("{} {}{colon}{message}", td_string!(ui(l), wizard.owner), i + 1)
        }
        FieldPath::Field(_) => message,
    })
}

fn english(path: FieldPath) -> &'static str {
    let identity = |f: IdentityField| match f {
        IdentityField::Residency => "Choose where this person lives",
        IdentityField::Name => "Enter the name as on the document",
        IdentityField::IdNumber => "Enter the document number",
        IdentityField::IdFront => "Upload a photo of the document's first side",
        IdentityField::IdBack => "Upload a photo of the document's second side",
        IdentityField::ValidityBegin => "Enter the date the document is valid from",
        IdentityField::ValidityEnd => "Enter the date the document is valid until, or choose long-term",
        IdentityField::Address => "Enter the address as on the document",
    };
    let field = match path {
        FieldPath::Owner(_, IdentityField::Residency) => return "Choose where this owner lives",
        FieldPath::Owner(_, f) => return identity(f),
        FieldPath::Field(f) => f,
    };
    match field {
        Field::LicenceImage => "Upload a photo of the business licence",
        Field::LicenceNumber => "Enter the unified social credit code",
        Field::MerchantName => "Enter the business name",
        Field::LicenceLegalPersonName => "Enter the legal person's name as on the licence",
        Field::LegalPersonResidency => "Choose where the legal person lives",
        Field::LegalPersonName => identity(IdentityField::Name),
        Field::LegalPersonIdNumber => identity(IdentityField::IdNumber),
        Field::LegalPersonIdFront | Field::AdministratorIdFront => identity(IdentityField::IdFront),
        Field::LegalPersonIdBack | Field::AdministratorIdBack => identity(IdentityField::IdBack),
        Field::LegalPersonValidityBegin | Field::AdministratorValidityBegin => identity(IdentityField::ValidityBegin),
        Field::LegalPersonValidityEnd | Field::AdministratorValidityEnd => identity(IdentityField::ValidityEnd),
        Field::LegalPersonAddress => identity(IdentityField::Address),
        Field::LegalPersonIsBeneficialOwner => "Choose whether the legal person is the ultimate beneficial owner",
        Field::BeneficialOwners => "Add the beneficial owners",
        Field::AdministratorType => "Choose who the super administrator is",
        Field::AdministratorName => "Enter the super administrator's name",
        Field::AdministratorResidency => "Choose where the agent lives",
        Field::AdministratorIdNumber => "Enter the super administrator's ID number",
        Field::AdministratorAuthorisationLetter => "Upload the letter of authorisation",
        Field::AdministratorMobile => "Enter the mobile number",
        Field::AdministratorEmail => "Enter the email address",
        Field::AccountType => "Choose which account commissions are paid into",
        Field::AccountBank => "Choose the bank",
        Field::AccountCityCode => "Enter the city code of the branch",
        Field::AccountBranchName => "Enter the full branch name",
        Field::AccountName => "Enter the account name",
        Field::AccountNumber => "Enter the account number",
        Field::StoreName => "Enter the store name",
        Field::StoreUrl => "Enter the store web address",
        Field::StoreQrCode => "Upload the Mini Program QR code",
        Field::StoreShortName => "Enter the short name shown to buyers",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_answer_is_named_in_both_languages() {
        let number = FieldPath::Field(Field::AccountNumber);
        assert_eq!(
            missing(number, "required", Locale::En).unwrap(),
            "Enter the account number"
        );
        assert_eq!(missing(number, "required", Locale::ZhCn).unwrap(), "请填写银行账号");
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
    }

    #[test]
    fn other_problems_keep_the_domains_message() {
        assert_eq!(
            missing(FieldPath::Field(Field::AccountNumber), "length", Locale::En),
            None
        );
    }
}
