//! What is wrong with one answer, keyed by its field path.

use serde::Serialize;

use crate::{
    BankAccountNumberError, CityCodeError, CreditCodeError, DateError, EmailError, Explain, FieldPath, IdNumberError,
    ImageIdError, Locale, MobileNumberError, NameError, RegistrationNumberError, ShortNameError, StoreUrlError,
    TextError,
};

/// Every way an answer can be wrong: a parser's error, or a rule across answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A choice (radio, select) was not made.
    Choose,
    Text(TextError),
    Name(NameError),
    IdNumber(IdNumberError),
    CreditCode(CreditCodeError),
    Registration(RegistrationNumberError),
    Mobile(MobileNumberError),
    Email(EmailError),
    BankAccount(BankAccountNumberError),
    CityCode(CityCodeError),
    Date(DateError),
    Image(ImageIdError),
    StoreUrl(StoreUrlError),
    ShortName(ShortNameError),
    /// Neither the store's address nor its QR code.
    StoreLinkMissing,
    /// An individual business's name ends in 公司.
    CompanySuffix,
    /// An individual business's credit code does not start with 92.
    NotIndividualBusinessCode,
    /// An enterprise gave an individual business's code (92…).
    IndividualBusinessCode,
    /// The entity may not use this account type (an enterprise and a private account).
    AccountTypeNotAllowed,
    /// A business account must be in the merchant's name.
    BusinessAccountHolder {
        merchant_name: String,
    },
    /// A private account must be in the operator's name.
    PrivateAccountHolder {
        operator_name: String,
    },
    /// A legal-person administrator (65) whose name or number differs from the legal person's.
    AdministratorIsNotLegalPerson,
    /// The validity period ends before it begins.
    ValidityOrder,
    /// The validity period begins in the future.
    ValidityNotStarted,
    /// The document has expired.
    Expired,
    /// Enterprise, not the beneficial owner, and no beneficial owners given.
    NoBeneficialOwners,
    /// More than four beneficial owners.
    TooManyBeneficialOwners {
        max: usize,
    },
}

macro_rules! problem_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for Problem {
            fn from(e: $ty) -> Problem {
                Problem::$variant(e)
            }
        })*
    };
}
problem_from!(
    Text(TextError),
    Name(NameError),
    IdNumber(IdNumberError),
    CreditCode(CreditCodeError),
    Registration(RegistrationNumberError),
    Mobile(MobileNumberError),
    Email(EmailError),
    BankAccount(BankAccountNumberError),
    CityCode(CityCodeError),
    Date(DateError),
    Image(ImageIdError),
    StoreUrl(StoreUrlError),
    ShortName(ShortNameError),
);

impl Explain for Problem {
    fn code(&self) -> &'static str {
        match self {
            Problem::Choose => "choose",
            Problem::Text(e) => e.code(),
            Problem::Name(e) => e.code(),
            Problem::IdNumber(e) => e.code(),
            Problem::CreditCode(e) => e.code(),
            Problem::Registration(e) => e.code(),
            Problem::Mobile(e) => e.code(),
            Problem::Email(e) => e.code(),
            Problem::BankAccount(e) => e.code(),
            Problem::CityCode(e) => e.code(),
            Problem::Date(e) => e.code(),
            Problem::Image(e) => e.code(),
            Problem::StoreUrl(e) => e.code(),
            Problem::ShortName(e) => e.code(),
            Problem::StoreLinkMissing => "store_link_missing",
            Problem::CompanySuffix => "company_suffix",
            Problem::NotIndividualBusinessCode => "not_individual_business_code",
            Problem::IndividualBusinessCode => "individual_business_code",
            Problem::AccountTypeNotAllowed => "account_type_not_allowed",
            Problem::BusinessAccountHolder { .. } => "business_account_holder",
            Problem::PrivateAccountHolder { .. } => "private_account_holder",
            Problem::AdministratorIsNotLegalPerson => "administrator_is_not_legal_person",
            Problem::ValidityOrder => "validity_order",
            Problem::ValidityNotStarted => "validity_not_started",
            Problem::Expired => "expired",
            Problem::NoBeneficialOwners => "no_beneficial_owners",
            Problem::TooManyBeneficialOwners { .. } => "too_many_beneficial_owners",
        }
    }

    fn message(&self, l: Locale) -> String {
        match self {
            Problem::Choose => l.pick("Choose one of the options", "请选择一项", "請選擇一項").into(),
            Problem::Text(e) => e.message(l),
            Problem::Name(e) => e.message(l),
            Problem::IdNumber(e) => e.message(l),
            Problem::CreditCode(e) => e.message(l),
            Problem::Registration(e) => e.message(l),
            Problem::Mobile(e) => e.message(l),
            Problem::Email(e) => e.message(l),
            Problem::BankAccount(e) => e.message(l),
            Problem::CityCode(e) => e.message(l),
            Problem::Date(e) => e.message(l),
            Problem::Image(e) => e.message(l),
            Problem::StoreUrl(e) => e.message(l),
            Problem::ShortName(e) => e.message(l),
            Problem::StoreLinkMissing => l
                .pick(
                    "Enter the store's web address or upload its Mini Program QR code",
                    "请填写店铺链接或上传小程序码", "請填寫店鋪連結或上傳小程式碼",
                )
                .into(),
            Problem::CompanySuffix => l
                .pick(
                    "An individual business's name cannot end in 公司 (company); enter the name on the licence",
                    "个体工商户名称不能以“公司”结尾，请按营业执照填写", "個體工商戶名稱不能以「公司」結尾，請按營業執照填寫",
                )
                .into(),
            Problem::NotIndividualBusinessCode => l
                .pick(
                    "An individual business's credit code starts with 92; check the code, or register as an enterprise",
                    "个体工商户的统一社会信用代码以 92 开头，请核对，或改为企业类型", "個體工商戶的統一社會信用代碼以 92 開頭，請核對，或改為企業類型",
                )
                .into(),
            Problem::IndividualBusinessCode => l
                .pick(
                    "Codes starting with 92 belong to individual businesses; check the code, or register as an individual business",
                    "以 92 开头的代码属于个体工商户，请核对，或改为个体工商户类型", "以 92 開頭的代碼屬於個體工商戶，請核對，或改為個體工商戶類型",
                )
                .into(),
            Problem::AccountTypeNotAllowed => l
                .pick("An enterprise can only settle to a business account", "企业只能使用对公银行账户结算", "企業只能使用對公銀行帳戶結算")
                .into(),
            Problem::BusinessAccountHolder { merchant_name } => match l {
                Locale::En => format!("A business account must be in the company's name: {merchant_name}"),
                Locale::ZhCn => format!("对公账户的户名须为商户名称：{merchant_name}"),
                Locale::ZhHant => format!("對公帳戶的戶名須為商戶名稱：{merchant_name}"),
            },
            Problem::PrivateAccountHolder { operator_name } => match l {
                Locale::En => format!("A personal account must be in the operator's name: {operator_name}"),
                Locale::ZhCn => format!("个人银行卡的户名须为经营者姓名：{operator_name}"),
                Locale::ZhHant => format!("個人銀行卡的戶名須為經營者姓名：{operator_name}"),
            },
            Problem::AdministratorIsNotLegalPerson => l
                .pick(
                    "The legal person is the super administrator, so the name and ID number must be the legal person's",
                    "超级管理员为法定代表人本人，姓名和证件号码须与法定代表人一致", "超級管理員為法定代表人本人，姓名和證件號碼須與法定代表人一致",
                )
                .into(),
            Problem::ValidityOrder => l
                .pick(
                    "The end date must be after the start date",
                    "有效期结束日期须晚于开始日期", "有效期結束日期須晚於開始日期",
                )
                .into(),
            Problem::ValidityNotStarted => l
                .pick("The start date cannot be in the future", "有效期开始日期不能晚于今天", "有效期開始日期不能晚於今天")
                .into(),
            Problem::Expired => l
                .pick(
                    "This document has expired; use a valid one",
                    "该证件已过期，请使用有效证件", "該證件已過期，請使用有效證件",
                )
                .into(),
            Problem::NoBeneficialOwners => l
                .pick(
                    "Add the beneficial owners, since the legal person is not one",
                    "法定代表人不是最终受益人，请添加最终受益人", "法定代表人不是最終受益人，請新增最終受益人",
                )
                .into(),
            Problem::TooManyBeneficialOwners { max } => match l {
                Locale::En => format!("Add at most {max} beneficial owners"),
                Locale::ZhCn => format!("最多添加 {max} 名最终受益人"),
                Locale::ZhHant => format!("最多新增 {max} 名最終受益人"),
            },
        }
    }
}

/// A problem at a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: FieldPath,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(path: impl Into<FieldPath>, problem: impl Into<Problem>) -> FieldError {
        FieldError {
            path: path.into(),
            problem: problem.into(),
        }
    }

    /// The API's `{path, code, message}` in one language.
    pub fn report(&self, locale: Locale) -> FieldReport {
        FieldReport {
            path: self.path,
            code: self.problem.code().to_string(),
            message: self.problem.message(locale),
        }
    }
}

/// A field error as the API and the form show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldReport {
    /// The field path, e.g. `legal_person.id_number`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: FieldPath,
    pub code: String,
    pub message: String,
}
