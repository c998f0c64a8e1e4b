//! How the two sections that carry a person's identity are read from JSON.
//!
//! On the wire the identity's fields sit beside the section's own (`legal_person.id_number`,
//! `super_administrator.mobile`), so that JSON paths are the field paths. `#[serde(flatten)]`
//! writes that shape cheaply but reads it at a price: it buffers every key in serde's `Content`
//! and instantiates each nested `Deserialize` once more for it. These flat twins are read instead
//! (`#[serde(from = ...)]`), which saved the browser bundle 3.3 kB brotli. (Writing through them
//! too cost 0.2 kB more, so writing keeps `flatten`.) The struct literals in the `From` impls
//! stop compiling if a field is added on one side only.

use serde::Deserialize;

use super::draft::{IdentityDraft, LegalPersonDraft, Sensitive, SuperAdministratorDraft, ValidityDraft};
use crate::{AdministratorType, Residency};

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct LegalPersonWire {
    residency: Option<Residency>,
    name: String,
    id_number: Sensitive,
    id_front_image: String,
    id_back_image: String,
    validity: ValidityDraft,
    address: String,
    is_beneficial_owner: Option<bool>,
    beneficial_owners: Vec<IdentityDraft>,
}

impl From<LegalPersonWire> for LegalPersonDraft {
    fn from(w: LegalPersonWire) -> Self {
        LegalPersonDraft {
            identity: IdentityDraft {
                residency: w.residency,
                name: w.name,
                id_number: w.id_number,
                id_front_image: w.id_front_image,
                id_back_image: w.id_back_image,
                validity: w.validity,
                address: w.address,
            },
            is_beneficial_owner: w.is_beneficial_owner,
            beneficial_owners: w.beneficial_owners,
        }
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct SuperAdministratorWire {
    #[serde(rename = "type")]
    administrator_type: Option<AdministratorType>,
    residency: Option<Residency>,
    name: String,
    id_number: Sensitive,
    id_front_image: String,
    id_back_image: String,
    validity: ValidityDraft,
    address: String,
    authorisation_letter_image: String,
    mobile: Sensitive,
    email: String,
}

impl From<SuperAdministratorWire> for SuperAdministratorDraft {
    fn from(w: SuperAdministratorWire) -> Self {
        SuperAdministratorDraft {
            administrator_type: w.administrator_type,
            identity: IdentityDraft {
                residency: w.residency,
                name: w.name,
                id_number: w.id_number,
                id_front_image: w.id_front_image,
                id_back_image: w.id_back_image,
                validity: w.validity,
                address: w.address,
            },
            authorisation_letter_image: w.authorisation_letter_image,
            mobile: w.mobile,
            email: w.email,
        }
    }
}
