//! The application after validation: every answer parsed into its type.

use crate::{
    AdministratorType, Bank, BankAccountNumber, BankAccountType, CityCode, CreditCodeAsShown, Date, Email, EntityType,
    IdNumber, ImageId, MerchantName, MerchantShortName, MobileNumber, PersonName, RegistrationNumber, Residency,
    StoreUrl, UnifiedSocialCreditCode,
};

/// The number on the business licence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LicenceNumber {
    Unified(UnifiedSocialCreditCode),
    /// A legacy 15-digit registration number.
    Registration(RegistrationNumber),
    /// A credit code whose check character fails, confirmed by the applicant as printed.
    ConfirmedAsShown(CreditCodeAsShown),
}

impl LicenceNumber {
    pub fn as_str(&self) -> &str {
        match self {
            LicenceNumber::Unified(c) => c.as_str(),
            LicenceNumber::Registration(n) => n.as_str(),
            LicenceNumber::ConfirmedAsShown(c) => c.as_str(),
        }
    }
}

/// When a document stops being valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidityEnd {
    On(Date),
    /// 长期: the document does not expire.
    LongTerm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    pub begin: Date,
    pub end: ValidityEnd,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub licence_image: ImageId,
    pub licence_number: LicenceNumber,
    pub merchant_name: MerchantName,
    pub legal_person_name: PersonName,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLink {
    Url(StoreUrl),
    QrCode(ImageId),
    Both(StoreUrl, ImageId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    pub name: String,
    pub link: StoreLink,
    pub short_name: MerchantShortName,
}

/// A person proven by an identity document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub residency: Residency,
    pub name: PersonName,
    pub number: IdNumber,
    /// One image per face of the document, in the catalogue's order.
    pub images: Vec<ImageId>,
    pub validity: Validity,
    /// The address on the document (enterprises and beneficial owners).
    pub address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalPerson {
    pub identity: Identity,
    /// Enterprise only: `None` for individual businesses.
    pub beneficial_ownership: Option<BeneficialOwnership>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeneficialOwnership {
    LegalPersonIsOwner,
    Owners(Vec<Identity>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Administrator {
    /// Type 65: the legal person; name and number are the legal person's.
    LegalPerson,
    /// Type 66: an agent with their own document and a letter of authorisation.
    Agent {
        identity: Identity,
        authorisation_letter: ImageId,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuperAdministrator {
    pub kind: Administrator,
    pub name: PersonName,
    pub id_number: IdNumber,
    pub mobile: MobileNumber,
    pub email: Email,
}

impl SuperAdministrator {
    pub fn administrator_type(&self) -> AdministratorType {
        match self.kind {
            Administrator::LegalPerson => AdministratorType::LegalPerson,
            Administrator::Agent { .. } => AdministratorType::Agent,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettlementAccount {
    pub account_type: BankAccountType,
    pub bank: Bank,
    pub city_code: CityCode,
    pub branch_name: String,
    /// The holder's name: the merchant's for a business account, the operator's for a private one.
    pub account_name: String,
    pub account_number: BankAccountNumber,
}

/// A complete, valid application, ready to submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub entity_type: EntityType,
    pub subject: Subject,
    pub store: Store,
    pub legal_person: LegalPerson,
    pub super_administrator: SuperAdministrator,
    pub settlement_account: SettlementAccount,
}
