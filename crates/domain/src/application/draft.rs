//! The application as the form edits it: every answer as typed, possibly incomplete.
//!
//! The draft is what autosave stores and what the server returns to its owner. It keeps answers to
//! fields the situation currently hides (switching back restores them); validation ignores them.

use std::fmt;

use serde::{Deserialize, Serialize};
// The derive's `nested` calls `validate` on the field by method syntax.
#[cfg(feature = "validate")]
use validator::Validate;

use crate::{AdministratorType, Bank, BankAccountType, EntityType, Residency, Situation};

/// Text that is personal data (ID and account numbers). Serialised as is for its owner; its
/// `Debug` never shows it, so logging a draft cannot leak it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Sensitive(pub String);

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("\"***\"")
        }
    }
}

impl Sensitive {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A document validity period as typed: begin, end, or "long-term" (长期) instead of an end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ValidityDraft {
    pub begin: String,
    pub end: String,
    pub long_term: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SubjectDraft {
    pub licence_image: String,
    pub licence_number: String,
    /// The applicant confirmed that the licence really shows a credit code whose check character
    /// fails (pilot-year licences). Recorded; it never loosens the parser.
    pub licence_number_confirmed: bool,
    pub merchant_name: String,
    pub legal_person_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StoreDraft {
    pub name: String,
    pub url: String,
    pub qr_code_image: String,
    pub short_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IdentityDraft {
    pub residency: Option<Residency>,
    pub name: String,
    pub id_number: Sensitive,
    pub id_front_image: String,
    pub id_back_image: String,
    pub validity: ValidityDraft,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct LegalPersonDraft {
    /// Beside the other fields on the wire: written flattened, read by `draft_wire`.
    #[serde(flatten)]
    pub identity: IdentityDraft,
    pub is_beneficial_owner: Option<bool>,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "crate::checks::beneficial_owners"))
    )]
    pub beneficial_owners: Vec<IdentityDraft>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SuperAdministratorDraft {
    #[serde(rename = "type")]
    pub administrator_type: Option<AdministratorType>,
    /// The agent's identity (type 66). For type 65 the legal person's identity is used.
    /// Beside the other fields on the wire, as for the legal person.
    #[serde(flatten)]
    pub identity: IdentityDraft,
    pub authorisation_letter_image: String,
    pub mobile: Sensitive,
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SettlementAccountDraft {
    pub account_type: Option<BankAccountType>,
    pub bank: Option<Bank>,
    pub city_code: String,
    pub branch_name: String,
    pub account_name: String,
    pub account_number: Sensitive,
}

/// The whole application as typed so far. Like every draft struct it derives only `Serialize`:
/// `draft_wire` reads them, into their defaults, for a smaller bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct ApplicationDraft {
    pub subject: SubjectDraft,
    pub store: StoreDraft,
    #[cfg_attr(feature = "validate", validate(nested))]
    pub legal_person: LegalPersonDraft,
    pub super_administrator: SuperAdministratorDraft,
    pub settlement_account: SettlementAccountDraft,
}

impl ApplicationDraft {
    /// The situation the answers so far describe for an account of `entity` type, with the
    /// catalogue's defaults for choices not made yet.
    pub fn situation(&self, entity: EntityType) -> Situation {
        let mut s = Situation::new(
            entity,
            self.legal_person.identity.residency.unwrap_or(Residency::Mainland),
        );
        if let Some(t) = self.settlement_account.account_type {
            s.account_type = t;
        }
        if let Some(t) = self.super_administrator.administrator_type {
            s.administrator_type = t;
        }
        if let Some(r) = self.super_administrator.identity.residency {
            s.agent_residency = r;
        }
        s.legal_person_is_beneficial_owner = self.legal_person.is_beneficial_owner.unwrap_or(true);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_numbers() {
        let mut d = ApplicationDraft::default();
        d.legal_person.identity.id_number = Sensitive("11010519491231002X".into());
        assert!(!format!("{d:?}").contains("11010519491231002X"));
    }

    #[test]
    fn json_is_flat_per_section_and_tolerates_missing_keys() {
        let d: ApplicationDraft = serde_json::from_str(r#"{"legal_person":{"id_number":"1"}}"#).unwrap();
        assert_eq!(d.legal_person.identity.id_number.as_str(), "1");
        let back = serde_json::to_value(&d).unwrap();
        assert_eq!(back["legal_person"]["id_number"], "1");
        assert_eq!(back["super_administrator"]["type"], serde_json::Value::Null);
    }

    fn identity(tag: &str) -> IdentityDraft {
        IdentityDraft {
            residency: Some(Residency::HongKong),
            name: format!("{tag} name"),
            id_number: Sensitive(format!("{tag} number")),
            id_front_image: format!("{tag} front"),
            id_back_image: format!("{tag} back"),
            validity: ValidityDraft {
                begin: format!("{tag} begin"),
                end: format!("{tag} end"),
                long_term: true,
            },
            address: format!("{tag} address"),
        }
    }

    /// Every field of the two identity sections, set to a value of its own, comes back from JSON:
    /// the flat twins they are read through (`draft_wire`) use the names they are written with.
    #[test]
    fn identity_sections_round_trip_through_json() {
        let d = ApplicationDraft {
            legal_person: LegalPersonDraft {
                identity: identity("legal person"),
                is_beneficial_owner: Some(false),
                beneficial_owners: vec![identity("owner 1"), identity("owner 2")],
            },
            super_administrator: SuperAdministratorDraft {
                administrator_type: Some(AdministratorType::Agent),
                identity: identity("agent"),
                authorisation_letter_image: "letter".into(),
                mobile: Sensitive("mobile".into()),
                email: "email".into(),
            },
            ..ApplicationDraft::default()
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<ApplicationDraft>(&json).unwrap(), d);
        let flat = serde_json::to_value(&d).unwrap();
        assert_eq!(flat["legal_person"]["id_number"], "legal person number");
        assert_eq!(flat["super_administrator"]["type"], "66");
    }
}
