//! The requirements catalogue: which answers and which photos an applicant must give.
//!
//! One function, [`requirements`], answers it for a [`Situation`]. The guide's checklist, the
//! wizard's fields and the validation of a draft are all driven by it, so they cannot disagree.

use crate::{AdministratorType, BankAccountType, EntityType, Field, IdDocumentType, ImageFace, Locale, Residency};

/// Everything that changes what must be provided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Situation {
    pub entity_type: EntityType,
    /// The legal person's (or operator's) residency.
    pub residency: Residency,
    pub account_type: BankAccountType,
    pub administrator_type: AdministratorType,
    /// The agent's residency; only used when the administrator is an agent.
    pub agent_residency: Residency,
    /// Enterprise only: whether the legal person is the ultimate beneficial owner.
    pub legal_person_is_beneficial_owner: bool,
}

impl Situation {
    /// The most common case for an entity and residency: the first account type it allows, the
    /// legal person as super administrator, and the legal person as beneficial owner.
    pub fn new(entity_type: EntityType, residency: Residency) -> Situation {
        Situation {
            entity_type,
            residency,
            account_type: entity_type
                .allowed_account_types()
                .first()
                .copied()
                .unwrap_or(BankAccountType::Business),
            administrator_type: AdministratorType::LegalPerson,
            agent_residency: Residency::Mainland,
            legal_person_is_beneficial_owner: true,
        }
    }

    /// The super administrator's residency: the legal person's, or the agent's. WeChat Pay
    /// takes only a mainland mobile number for them, whatever it is (see [`MobileNumber`]).
    ///
    /// [`MobileNumber`]: crate::MobileNumber
    pub fn administrator_residency(&self) -> Residency {
        match self.administrator_type {
            AdministratorType::LegalPerson => self.residency,
            AdministratorType::Agent => self.agent_residency,
        }
    }
}

/// The document a photo is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Document {
    BusinessLicence,
    Identity(IdDocumentType),
    AuthorisationLetter,
    StoreQrCode,
}

/// How a field must be answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    Required,
    /// At least one of the listed fields (the store's URL or its mini-program QR code).
    OneOf(&'static [Field]),
}

/// A photo to upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImageRequirement {
    pub field: Field,
    pub document: Document,
    pub face: ImageFace,
}

impl ImageRequirement {
    /// "Resident identity card: portrait face", "营业执照".
    pub fn label(&self, l: Locale) -> String {
        match self.document {
            Document::Identity(doc) => format!("{}{}{}", doc.label(l), l.pick(": ", "：", "："), self.face.label(l)),
            _ => self.face.label(l).to_string(),
        }
    }
}

/// What one situation requires.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements {
    /// Every answer to give, in form order, images included.
    pub fields: Vec<(Field, Presence)>,
    /// The photos among them, with their document and face.
    pub images: Vec<ImageRequirement>,
}

impl Requirements {
    pub fn contains(&self, field: Field) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }

    fn need(&mut self, field: Field) {
        self.fields.push((field, Presence::Required));
    }

    fn photo(&mut self, field: Field, document: Document, face: ImageFace, presence: Presence) {
        self.fields.push((field, presence));
        self.images.push(ImageRequirement { field, document, face });
    }

    /// A document's photos: its first face to `front`, its second (if any) to `back`.
    fn document_photos(&mut self, doc: IdDocumentType, front: Field, back: Field) {
        for (face, field) in doc.faces().iter().zip([front, back]) {
            self.photo(field, Document::Identity(doc), *face, Presence::Required);
        }
    }
}

const STORE_LINK: &[Field] = &[Field::StoreUrl, Field::StoreQrCode];

/// Which fields and photos the situation requires. A personal account requires nothing: it is
/// usable as soon as it is registered.
pub fn requirements(s: Situation) -> Requirements {
    use Field as F;
    let mut r = Requirements::default();
    if !s.entity_type.needs_authentication() {
        return r;
    }
    let enterprise = s.entity_type == EntityType::Enterprise;

    // Step 1: the subject, its business licence, and the store.
    r.photo(
        F::LicenceImage,
        Document::BusinessLicence,
        ImageFace::Licence,
        Presence::Required,
    );
    for f in [
        F::LicenceNumber,
        F::MerchantName,
        F::LicenceLegalPersonName,
        F::StoreName,
    ] {
        r.need(f);
    }
    r.fields.push((F::StoreUrl, Presence::OneOf(STORE_LINK)));
    r.photo(
        F::StoreQrCode,
        Document::StoreQrCode,
        ImageFace::StoreQrCode,
        Presence::OneOf(STORE_LINK),
    );
    r.need(F::StoreShortName);

    // Step 2: the legal person's identity; the residency decides the document and its photos.
    r.need(F::LegalPersonResidency);
    r.document_photos(s.residency.document(), F::LegalPersonIdFront, F::LegalPersonIdBack);
    for f in [
        F::LegalPersonName,
        F::LegalPersonIdNumber,
        F::LegalPersonValidityBegin,
        F::LegalPersonValidityEnd,
    ] {
        r.need(f);
    }
    if enterprise {
        r.need(F::LegalPersonAddress);
        r.need(F::LegalPersonIsBeneficialOwner);
        if !s.legal_person_is_beneficial_owner {
            r.need(F::BeneficialOwners);
        }
    }

    // Step 3: the super administrator. An agent also proves identity and authority.
    r.need(F::AdministratorType);
    r.need(F::AdministratorName);
    r.need(F::AdministratorIdNumber);
    if s.administrator_type == AdministratorType::Agent {
        r.need(F::AdministratorResidency);
        r.document_photos(
            s.agent_residency.document(),
            F::AdministratorIdFront,
            F::AdministratorIdBack,
        );
        r.need(F::AdministratorValidityBegin);
        r.need(F::AdministratorValidityEnd);
        r.photo(
            F::AdministratorAuthorisationLetter,
            Document::AuthorisationLetter,
            ImageFace::AuthorisationLetter,
            Presence::Required,
        );
    }
    r.need(F::AdministratorMobile);
    r.need(F::AdministratorEmail);

    // Step 4: the settlement account.
    for f in [
        F::AccountType,
        F::AccountBank,
        F::AccountCityCode,
        F::AccountBranchName,
        F::AccountName,
        F::AccountNumber,
    ] {
        r.need(f);
    }
    r
}

/// Every situation there is, for exhaustive tests and for precomputing the guide.
pub fn all_situations() -> impl Iterator<Item = Situation> {
    EntityType::ALL.into_iter().flat_map(|entity_type| {
        Residency::ALL.into_iter().flat_map(move |residency| {
            BankAccountType::ALL.into_iter().flat_map(move |account_type| {
                AdministratorType::ALL.into_iter().flat_map(move |administrator_type| {
                    Residency::ALL.into_iter().flat_map(move |agent_residency| {
                        [true, false]
                            .into_iter()
                            .map(move |legal_person_is_beneficial_owner| Situation {
                                entity_type,
                                residency,
                                account_type,
                                administrator_type,
                                agent_residency,
                                legal_person_is_beneficial_owner,
                            })
                    })
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces(r: &Requirements, front: Field, back: Field) -> Vec<ImageFace> {
        r.images
            .iter()
            .filter(|i| i.field == front || i.field == back)
            .map(|i| i.face)
            .collect()
    }

    #[test]
    fn every_combination() {
        let mut count = 0;
        for s in all_situations() {
            count += 1;
            let r = requirements(s);
            if s.entity_type == EntityType::Personal {
                assert_eq!(r, Requirements::default(), "{s:?}");
                continue;
            }
            // Residency decides the legal person's document and its faces.
            let expected: &[ImageFace] = match s.residency {
                Residency::Mainland => &[ImageFace::Portrait, ImageFace::NationalEmblem],
                Residency::HongKong | Residency::Macao | Residency::Taiwan => &[ImageFace::Front, ImageFace::Back],
                Residency::OtherCountry => &[ImageFace::PhotoPage],
            };
            assert_eq!(
                faces(&r, Field::LegalPersonIdFront, Field::LegalPersonIdBack),
                expected,
                "{s:?}"
            );
            assert_eq!(
                r.contains(Field::LegalPersonIdBack),
                s.residency != Residency::OtherCountry
            );
            // The licence is always one photo.
            assert_eq!(r.images.iter().filter(|i| i.face == ImageFace::Licence).count(), 1);
            // Enterprise-only questions.
            let enterprise = s.entity_type == EntityType::Enterprise;
            assert_eq!(r.contains(Field::LegalPersonAddress), enterprise, "{s:?}");
            assert_eq!(r.contains(Field::LegalPersonIsBeneficialOwner), enterprise, "{s:?}");
            assert_eq!(
                r.contains(Field::BeneficialOwners),
                enterprise && !s.legal_person_is_beneficial_owner
            );
            // An agent needs a document, its photos and a letter; the legal person needs none of it.
            let agent = s.administrator_type == AdministratorType::Agent;
            for f in [
                Field::AdministratorResidency,
                Field::AdministratorIdFront,
                Field::AdministratorAuthorisationLetter,
            ] {
                assert_eq!(r.contains(f), agent, "{f:?} {s:?}");
            }
            if agent {
                let expected: Vec<_> = s.agent_residency.document().faces().to_vec();
                assert_eq!(
                    faces(&r, Field::AdministratorIdFront, Field::AdministratorIdBack),
                    expected
                );
            }
            // Always: contact and account details.
            for f in [
                Field::AdministratorMobile,
                Field::AdministratorEmail,
                Field::AccountNumber,
                Field::AccountName,
            ] {
                assert!(r.contains(f), "{f:?} {s:?}");
            }
            // Every photo is also a field, and no field is listed twice.
            for i in &r.images {
                assert!(r.contains(i.field));
            }
            let mut fields: Vec<_> = r.fields.iter().map(|(f, _)| *f).collect();
            fields.sort();
            fields.dedup();
            assert_eq!(fields.len(), r.fields.len(), "{s:?}");
        }
        assert_eq!(count, 3 * 5 * 2 * 2 * 5 * 2);
    }

    #[test]
    fn labels_name_document_and_face() {
        let r = requirements(Situation::new(EntityType::Enterprise, Residency::Mainland));
        let labels: Vec<_> = r.images.iter().map(|i| i.label(Locale::En)).collect();
        assert!(labels.contains(&"Resident identity card: portrait face".to_string()));
        let zh: Vec<_> = r.images.iter().map(|i| i.label(Locale::ZhCn)).collect();
        assert!(zh.contains(&"居民身份证：国徽面".to_string()));
    }
}
