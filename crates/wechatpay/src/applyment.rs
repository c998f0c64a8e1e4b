//! The applyment request (`wechatpay.md` §6): the domain's validated [`Application`] as the JSON
//! of `POST /v3/ecommerce/applyments/`, with its photos as the `media_id`s they were uploaded as
//! and every sensitive answer (§6.1 🔒) encrypted to WeChat Pay's key.
//!
//! Only answers the form collects are sent; WeChat's optional blocks (qualifications, settlement
//! rules, finance institutions) are left out and take their defaults. The names each answer is
//! sent under are the domain's (`onboarding_domain::wechat_param`), so that a rejection naming
//! one finds its way back to the field; a test holds the two together.

use std::fmt;

use onboarding_domain::{
    AdministratorType, Application, Bank, BankAccountType, BeneficialOwnership, EntityType, Field, FieldPath,
    IdDocumentType, Identity, IdentityField, ImageId, Person, StoreLink, ValidityEnd,
};
use serde::Serialize;

use crate::cipher::{CipherError, encrypt_sensitive};
use crate::keys::PublicKey;

/// Why an application cannot be put into a request yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// Personal accounts never apply: they are usable at once.
    NotSubmittable(EntityType),
    /// A photo with no `media_id` yet: it must be uploaded first.
    NotUploaded(FieldPath),
    /// An answer does not encrypt (too long for RSA-OAEP); says which, never what.
    Unencryptable(FieldPath, CipherError),
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingError::NotSubmittable(entity) => write!(f, "a {} account does not apply", entity.key()),
            MappingError::NotUploaded(path) => write!(f, "the photo at {path} has not been uploaded"),
            MappingError::Unencryptable(path, why) => write!(f, "the answer at {path} {why}"),
        }
    }
}

impl std::error::Error for MappingError {}

/// The request body. Field names and nesting are WeChat Pay's; `None` and empty lists are left
/// out, as WeChat wants conditional fields absent rather than empty.
#[derive(Clone, Debug, Serialize)]
pub struct ApplymentRequest {
    pub out_request_no: String,
    pub organization_type: &'static str,
    pub business_license_info: BusinessLicenseInfo,
    pub id_doc_type: IdDocumentType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_card_info: Option<IdCardInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_doc_info: Option<IdDocInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ubo_info_list: Vec<UboInfo>,
    pub account_info: AccountInfo,
    pub contact_info: ContactInfo,
    pub sales_scene_info: SalesSceneInfo,
    pub merchant_shortname: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct BusinessLicenseInfo {
    pub business_license_copy: String,
    pub business_license_number: String,
    pub merchant_name: String,
    pub legal_person: String,
}

/// The legal person's mainland resident ID card.
#[derive(Clone, Debug, Serialize)]
pub struct IdCardInfo {
    pub id_card_copy: String,
    pub id_card_national: String,
    pub id_card_name: String,
    pub id_card_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_card_address: Option<String>,
    pub id_card_valid_time_begin: String,
    pub id_card_valid_time: String,
}

/// Any other document of the legal person: a permit, a passport, a residence permit.
#[derive(Clone, Debug, Serialize)]
pub struct IdDocInfo {
    pub id_doc_copy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_doc_copy_back: Option<String>,
    pub id_doc_name: String,
    pub id_doc_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_doc_address: Option<String>,
    pub doc_period_begin: String,
    pub doc_period_end: String,
}

/// One ultimate beneficial owner (`ubo_id_doc_period_*`, §12 item 2).
#[derive(Clone, Debug, Serialize)]
pub struct UboInfo {
    pub ubo_id_doc_type: IdDocumentType,
    pub ubo_id_doc_copy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ubo_id_doc_copy_back: Option<String>,
    pub ubo_id_doc_name: String,
    pub ubo_id_doc_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ubo_id_doc_address: Option<String>,
    pub ubo_id_doc_period_begin: String,
    pub ubo_id_doc_period_end: String,
}

/// The settlement account: `74` business, `75` private (§12 item 3).
#[derive(Clone, Debug, Serialize)]
pub struct AccountInfo {
    pub bank_account_type: BankAccountType,
    pub account_bank: Bank,
    pub account_name: String,
    pub bank_address_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    pub account_number: String,
}

/// The super administrator: `65` the legal person, `66` an agent with their own document.
#[derive(Clone, Debug, Serialize)]
pub struct ContactInfo {
    pub contact_type: AdministratorType,
    pub contact_name: String,
    pub contact_id_doc_type: IdDocumentType,
    pub contact_id_card_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id_doc_copy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id_doc_copy_back: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id_doc_period_begin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id_doc_period_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_authorization_letter: Option<String>,
    pub mobile_phone: String,
    pub contact_email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SalesSceneInfo {
    pub store_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_qr_code: Option<String>,
}

/// What a request is built from besides the application.
pub struct Applyment<'a, M: Fn(&ImageId) -> Option<String>> {
    /// The platform's stable id of the application: a retry with it never makes a second one.
    pub out_request_no: &'a str,
    /// The `media_id` each photo was uploaded as.
    pub media_id: M,
    /// WeChat Pay's key, named by the request's `Wechatpay-Serial`.
    pub wechat_pay_key: &'a PublicKey,
}

impl<M: Fn(&ImageId) -> Option<String>> Applyment<'_, M> {
    /// The request for `app`.
    pub fn request(&self, app: &Application) -> Result<ApplymentRequest, MappingError> {
        let organization_type = app
            .entity_type
            .organization_type()
            .ok_or(MappingError::NotSubmittable(app.entity_type))?;
        let subject = &app.subject;
        let legal = &app.legal_person.identity;
        let (owner, ubo_info_list) = match &app.legal_person.beneficial_ownership {
            None => (None, Vec::new()),
            Some(BeneficialOwnership::LegalPersonIsOwner) => (Some(true), Vec::new()),
            Some(BeneficialOwnership::Owners(owners)) => {
                let owners = owners.iter().enumerate().map(|(i, o)| {
                    let person = Person::Owner(u8::try_from(i).unwrap_or(u8::MAX));
                    self.beneficial_owner(o, person)
                });
                (Some(false), owners.collect::<Result<_, _>>()?)
            }
        };
        let (id_card_info, id_doc_info) = if legal.number.document() == IdDocumentType::MainlandIdCard {
            (Some(self.id_card(legal)?), None)
        } else {
            (None, Some(self.id_doc(legal)?))
        };
        Ok(ApplymentRequest {
            out_request_no: self.out_request_no.to_string(),
            organization_type,
            business_license_info: BusinessLicenseInfo {
                business_license_copy: self.media(&subject.licence_image, Field::LicenceImage.into())?,
                business_license_number: subject.licence_number.as_str().to_string(),
                merchant_name: subject.merchant_name.to_string(),
                legal_person: subject.legal_person_name.to_string(),
            },
            id_doc_type: legal.number.document(),
            id_card_info,
            id_doc_info,
            owner,
            ubo_info_list,
            account_info: self.account(app)?,
            contact_info: self.contact(app)?,
            sales_scene_info: self.store(app)?,
            merchant_shortname: app.store.short_name.to_string(),
        })
    }

    fn media(&self, image: &ImageId, at: FieldPath) -> Result<String, MappingError> {
        (self.media_id)(image).ok_or(MappingError::NotUploaded(at))
    }

    fn encrypt(&self, text: &str, at: FieldPath) -> Result<String, MappingError> {
        encrypt_sensitive(self.wechat_pay_key, text).map_err(|e| MappingError::Unencryptable(at, e))
    }

    /// The document's front and, when it has one, its back.
    fn faces(&self, identity: &Identity, person: Person) -> Result<(String, Option<String>), MappingError> {
        let at = |face| person.path(face);
        let front = identity
            .images
            .first()
            .ok_or(MappingError::NotUploaded(at(IdentityField::IdFront)))?;
        let back = identity.images.get(1);
        Ok((
            self.media(front, at(IdentityField::IdFront))?,
            back.map(|b| self.media(b, at(IdentityField::IdBack))).transpose()?,
        ))
    }

    fn address(&self, identity: &Identity, person: Person) -> Result<Option<String>, MappingError> {
        let at = person.path(IdentityField::Address);
        identity.address.as_deref().map(|a| self.encrypt(a, at)).transpose()
    }

    fn id_card(&self, legal: &Identity) -> Result<IdCardInfo, MappingError> {
        let person = Person::LegalPerson;
        let (front, back) = self.faces(legal, person)?;
        Ok(IdCardInfo {
            id_card_copy: front,
            id_card_national: back.ok_or(MappingError::NotUploaded(person.path(IdentityField::IdBack)))?,
            id_card_name: self.encrypt(legal.name.as_str(), person.path(IdentityField::Name))?,
            id_card_number: self.encrypt(legal.number.as_str(), person.path(IdentityField::IdNumber))?,
            id_card_address: self.address(legal, person)?,
            id_card_valid_time_begin: legal.validity.begin.to_string(),
            id_card_valid_time: end(legal.validity.end),
        })
    }

    fn id_doc(&self, legal: &Identity) -> Result<IdDocInfo, MappingError> {
        let person = Person::LegalPerson;
        let (front, back) = self.faces(legal, person)?;
        Ok(IdDocInfo {
            id_doc_copy: front,
            id_doc_copy_back: back,
            id_doc_name: self.encrypt(legal.name.as_str(), person.path(IdentityField::Name))?,
            id_doc_number: self.encrypt(legal.number.as_str(), person.path(IdentityField::IdNumber))?,
            id_doc_address: self.address(legal, person)?,
            doc_period_begin: legal.validity.begin.to_string(),
            doc_period_end: end(legal.validity.end),
        })
    }

    fn beneficial_owner(&self, owner: &Identity, person: Person) -> Result<UboInfo, MappingError> {
        let (front, back) = self.faces(owner, person)?;
        Ok(UboInfo {
            ubo_id_doc_type: owner.number.document(),
            ubo_id_doc_copy: front,
            ubo_id_doc_copy_back: back,
            ubo_id_doc_name: self.encrypt(owner.name.as_str(), person.path(IdentityField::Name))?,
            ubo_id_doc_number: self.encrypt(owner.number.as_str(), person.path(IdentityField::IdNumber))?,
            ubo_id_doc_address: self.address(owner, person)?,
            ubo_id_doc_period_begin: owner.validity.begin.to_string(),
            ubo_id_doc_period_end: end(owner.validity.end),
        })
    }

    fn account(&self, app: &Application) -> Result<AccountInfo, MappingError> {
        let account = &app.settlement_account;
        let branch = account.branch_name.trim();
        Ok(AccountInfo {
            bank_account_type: account.account_type,
            account_bank: account.bank,
            account_name: self.encrypt(&account.account_name, Field::AccountName.into())?,
            bank_address_code: account.city_code.to_string(),
            bank_name: (!branch.is_empty()).then(|| branch.to_string()),
            account_number: self.encrypt(account.account_number.as_str(), Field::AccountNumber.into())?,
        })
    }

    fn contact(&self, app: &Application) -> Result<ContactInfo, MappingError> {
        let admin = &app.super_administrator;
        let mut contact = ContactInfo {
            contact_type: admin.administrator_type(),
            contact_name: self.encrypt(admin.name.as_str(), Field::AdministratorName.into())?,
            contact_id_doc_type: admin.id_number.document(),
            contact_id_card_number: self.encrypt(admin.id_number.as_str(), Field::AdministratorIdNumber.into())?,
            contact_id_doc_copy: None,
            contact_id_doc_copy_back: None,
            contact_id_doc_period_begin: None,
            contact_id_doc_period_end: None,
            business_authorization_letter: None,
            mobile_phone: self.encrypt(admin.mobile.as_str(), Field::AdministratorMobile.into())?,
            contact_email: self.encrypt(admin.email.as_str(), Field::AdministratorEmail.into())?,
        };
        if let onboarding_domain::Administrator::Agent {
            identity,
            authorisation_letter,
        } = &admin.kind
        {
            let (front, back) = self.faces(identity, Person::Agent)?;
            contact.contact_id_doc_copy = Some(front);
            contact.contact_id_doc_copy_back = back;
            contact.contact_id_doc_period_begin = Some(identity.validity.begin.to_string());
            contact.contact_id_doc_period_end = Some(end(identity.validity.end));
            let letter = Field::AdministratorAuthorisationLetter.into();
            contact.business_authorization_letter = Some(self.media(authorisation_letter, letter)?);
        }
        Ok(contact)
    }

    fn store(&self, app: &Application) -> Result<SalesSceneInfo, MappingError> {
        let store = &app.store;
        let (url, qr) = match &store.link {
            StoreLink::Url(url) => (Some(url), None),
            StoreLink::QrCode(qr) => (None, Some(qr)),
            StoreLink::Both(url, qr) => (Some(url), Some(qr)),
        };
        Ok(SalesSceneInfo {
            store_name: store.name.clone(),
            store_url: url.map(ToString::to_string),
            store_qr_code: qr.map(|q| self.media(q, Field::StoreQrCode.into())).transpose()?,
        })
    }
}

/// A validity's end as WeChat writes it: the date, or 长期 for a document that does not expire.
fn end(end: ValidityEnd) -> String {
    match end {
        ValidityEnd::On(date) => date.to_string(),
        ValidityEnd::LongTerm => "长期".to_string(),
    }
}

#[cfg(test)]
#[path = "applyment_tests.rs"]
pub(crate) mod tests;
