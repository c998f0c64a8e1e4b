//! The application after validation: every answer parsed into its type.

use crate::application::access::Person;
use crate::{
    AdministratorType, Bank, BankAccountNumber, BankAccountType, CityCode, CreditCodeAsShown, Date, Email, EntityType,
    Field, FieldPath, IdNumber, IdentityField, ImageId, MerchantName, MerchantShortName, MobileNumber, PersonName,
    RegistrationNumber, Residency, StoreUrl, UnifiedSocialCreditCode,
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

impl Identity {
    /// The document's photos with the answers they were given at, front then back.
    fn photos(&self, person: Person) -> impl Iterator<Item = (FieldPath, &ImageId)> {
        [IdentityField::IdFront, IdentityField::IdBack]
            .into_iter()
            .zip(&self.images)
            .map(move |(face, id)| (person.path(face), id))
    }
}

impl Application {
    /// Every photo the application submits, with the answer it was given at: the server checks
    /// each is an upload of the applicant's own, and puts a refusal at that answer.
    pub fn images(&self) -> Vec<(FieldPath, &ImageId)> {
        let mut images = vec![(FieldPath::Field(Field::LicenceImage), &self.subject.licence_image)];
        if let StoreLink::QrCode(id) | StoreLink::Both(_, id) = &self.store.link {
            images.push((FieldPath::Field(Field::StoreQrCode), id));
        }
        images.extend(self.legal_person.identity.photos(Person::LegalPerson));
        if let Some(BeneficialOwnership::Owners(owners)) = &self.legal_person.beneficial_ownership {
            for (i, owner) in owners.iter().enumerate() {
                let i = u8::try_from(i).unwrap_or(u8::MAX);
                images.extend(owner.photos(Person::Owner(i)));
            }
        }
        if let Administrator::Agent {
            identity,
            authorisation_letter,
        } = &self.super_administrator.kind
        {
            images.extend(identity.photos(Person::Agent));
            images.push((
                FieldPath::Field(Field::AdministratorAuthorisationLetter),
                authorisation_letter,
            ));
        }
        images
    }
}
