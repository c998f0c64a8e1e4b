//! WeChat Pay's names for the answers: where the applyment request (`wechatpay.md` §6) carries
//! each one, and so which answer a rejection's `audit_detail` `param_name` is about. They live
//! here, beside the fields they name, and only the server reads them (the browser's code does
//! not carry these tables).
//!
//! A `param_name` is accepted dotted (`id_card_info.id_card_copy`, as the request nests it) and
//! bare (`id_card_copy`, as WeChat's own samples write it), and a beneficial owner's with or
//! without its index in `ubo_info_list` (from 0, as in the request's array).

use crate::{Field, FieldPath, IdentityField};

/// Each answer's dotted name in the request: the legal person's document in its ID-card form
/// (`id_card_info`). Written once.
const PARAMS: [(Field, &str); 35] = [
    (Field::LicenceImage, "business_license_info.business_license_copy"),
    (Field::LicenceNumber, "business_license_info.business_license_number"),
    (Field::MerchantName, "business_license_info.merchant_name"),
    (Field::LicenceLegalPersonName, "business_license_info.legal_person"),
    (Field::LegalPersonResidency, "id_doc_type"),
    (Field::LegalPersonIdFront, "id_card_info.id_card_copy"),
    (Field::LegalPersonIdBack, "id_card_info.id_card_national"),
    (Field::LegalPersonName, "id_card_info.id_card_name"),
    (Field::LegalPersonIdNumber, "id_card_info.id_card_number"),
    (Field::LegalPersonValidityBegin, "id_card_info.id_card_valid_time_begin"),
    (Field::LegalPersonValidityEnd, "id_card_info.id_card_valid_time"),
    (Field::LegalPersonAddress, "id_card_info.id_card_address"),
    (Field::LegalPersonIsBeneficialOwner, "owner"),
    (Field::BeneficialOwners, "ubo_info_list"),
    (Field::AdministratorType, "contact_info.contact_type"),
    (Field::AdministratorName, "contact_info.contact_name"),
    (Field::AdministratorResidency, "contact_info.contact_id_doc_type"),
    (Field::AdministratorIdNumber, "contact_info.contact_id_card_number"),
    (Field::AdministratorIdFront, "contact_info.contact_id_doc_copy"),
    (Field::AdministratorIdBack, "contact_info.contact_id_doc_copy_back"),
    (
        Field::AdministratorValidityBegin,
        "contact_info.contact_id_doc_period_begin",
    ),
    (
        Field::AdministratorValidityEnd,
        "contact_info.contact_id_doc_period_end",
    ),
    (
        Field::AdministratorAuthorisationLetter,
        "contact_info.business_authorization_letter",
    ),
    (Field::AdministratorMobile, "contact_info.mobile_phone"),
    (Field::AdministratorEmail, "contact_info.contact_email"),
    (Field::AccountType, "account_info.bank_account_type"),
    (Field::AccountBank, "account_info.account_bank"),
    (Field::AccountCityCode, "account_info.bank_address_code"),
    (Field::AccountBranchName, "account_info.bank_name"),
    (Field::AccountName, "account_info.account_name"),
    (Field::AccountNumber, "account_info.account_number"),
    (Field::StoreName, "sales_scene_info.store_name"),
    (Field::StoreUrl, "sales_scene_info.store_url"),
    (Field::StoreQrCode, "sales_scene_info.store_qr_code"),
    (Field::StoreShortName, "merchant_shortname"),
];

/// The legal person's answers under `id_doc_info`, where the mapping sends any document but a
/// mainland ID card (§6.1).
const DOCUMENT_ALIASES: [(&str, Field); 7] = [
    ("id_doc_info.id_doc_copy", Field::LegalPersonIdFront),
    ("id_doc_info.id_doc_copy_back", Field::LegalPersonIdBack),
    ("id_doc_info.id_doc_name", Field::LegalPersonName),
    ("id_doc_info.id_doc_number", Field::LegalPersonIdNumber),
    ("id_doc_info.doc_period_begin", Field::LegalPersonValidityBegin),
    ("id_doc_info.doc_period_end", Field::LegalPersonValidityEnd),
    ("id_doc_info.id_doc_address", Field::LegalPersonAddress),
];

/// A beneficial owner's answers in each entry of `ubo_info_list` (§6.1: `ubo_id_doc_period_*`,
/// not the `ubo_period_*` of some copies of the documentation, §12).
const OWNER_PARAMS: [(IdentityField, &str); 8] = [
    (IdentityField::Residency, "ubo_id_doc_type"),
    (IdentityField::IdFront, "ubo_id_doc_copy"),
    (IdentityField::IdBack, "ubo_id_doc_copy_back"),
    (IdentityField::Name, "ubo_id_doc_name"),
    (IdentityField::IdNumber, "ubo_id_doc_number"),
    (IdentityField::Address, "ubo_id_doc_address"),
    (IdentityField::ValidityBegin, "ubo_id_doc_period_begin"),
    (IdentityField::ValidityEnd, "ubo_id_doc_period_end"),
];

const OWNERS: &str = "ubo_info_list";

impl Field {
    /// The answer's dotted name in the request. The legal person's document is named in its
    /// ID-card form (`id_card_info`); the other documents' names (`id_doc_info`) map back too.
    pub fn wechat_param(self) -> &'static str {
        PARAMS
            .iter()
            .find(|(f, _)| *f == self)
            .expect("every field has a name")
            .1
    }
}

impl IdentityField {
    /// The name of a beneficial owner's answer in its `ubo_info_list` entry.
    pub fn wechat_owner_param(self) -> &'static str {
        OWNER_PARAMS
            .iter()
            .find(|(f, _)| *f == self)
            .expect("every owner answer has a name")
            .1
    }
}

impl FieldPath {
    /// The name a request carries this answer under; a beneficial owner's answer as
    /// `ubo_info_list[i].ubo_id_doc_number`.
    pub fn wechat_param(self) -> String {
        match self {
            FieldPath::Field(f) => f.wechat_param().to_string(),
            FieldPath::Owner(i, f) => format!("{OWNERS}[{i}].{}", f.wechat_owner_param()),
        }
    }

    /// The answer a rejection's `param_name` is about, or `None` for a name no answer of the form
    /// is sent under (the rejection is then about the application as a whole).
    ///
    /// `owners` is how many beneficial owners the application names: an owner's answer named
    /// without an index is that owner's when there is one, and the owners' list's otherwise; so
    /// is an index past the list.
    pub fn from_wechat_param(param: &str, owners: usize) -> Option<FieldPath> {
        let param = param.trim();
        if let Some(rest) = param.strip_prefix(OWNERS) {
            // `[1]` as in the request, or `.1` as a JSON pointer's segments read dotted.
            let numbered = rest
                .strip_prefix('.')
                .and_then(|r| r.split_once('.').or(Some((r, ""))))
                .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let (index, rest) = match (rest.strip_prefix('['), numbered) {
                (Some(rest), _) => {
                    let (index, rest) = rest.split_once(']')?;
                    (Some(index.parse::<u8>().ok()?), rest)
                }
                (None, Some((index, name))) => {
                    let index = Some(index.parse::<u8>().ok()?);
                    if name.is_empty() {
                        return Some(Field::BeneficialOwners.into());
                    }
                    return owner(name, index, owners);
                }
                (None, None) => (None, rest),
            };
            if rest.is_empty() {
                return Some(Field::BeneficialOwners.into());
            }
            return owner(rest.strip_prefix('.')?, index, owners);
        }
        let names = PARAMS.iter().map(|(f, n)| (*n, *f)).chain(DOCUMENT_ALIASES);
        if param.contains('.') {
            return names.clone().find(|(n, _)| *n == param).map(|(_, f)| f.into());
        }
        names
            .clone()
            .find(|(n, _)| bare(n) == param)
            .map(|(_, f)| f.into())
            .or_else(|| owner(param, None, owners))
    }
}

/// A name's last segment: `id_card_copy` of `id_card_info.id_card_copy`.
fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn owner(name: &str, index: Option<u8>, owners: usize) -> Option<FieldPath> {
    let field = OWNER_PARAMS.iter().find(|(_, n)| *n == name)?.0;
    let index = match index {
        Some(i) if usize::from(i) < owners => i,
        None if owners == 1 => 0,
        _ => return Some(Field::BeneficialOwners.into()),
    };
    Some(FieldPath::Owner(index, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_name() -> Vec<&'static str> {
        let mut names: Vec<_> = PARAMS.iter().map(|(_, n)| *n).collect();
        names.extend(DOCUMENT_ALIASES.iter().map(|(n, _)| *n));
        names.extend(OWNER_PARAMS.iter().map(|(_, n)| *n));
        names
    }

    #[test]
    fn every_field_has_one_name_and_bare_names_are_unambiguous() {
        assert!(
            Field::all().eq(PARAMS.iter().map(|(f, _)| *f)),
            "in the order of the fields"
        );
        let mut bare_names: Vec<_> = every_name().into_iter().map(bare).collect();
        let count = bare_names.len();
        bare_names.sort_unstable();
        bare_names.dedup();
        assert_eq!(bare_names.len(), count, "a bare name would point at two answers");
    }

    #[test]
    fn dotted_and_bare_names_map_back_to_their_answer() {
        for field in Field::all() {
            let name = field.wechat_param();
            assert_eq!(FieldPath::from_wechat_param(name, 0), Some(field.into()), "{name}");
            assert_eq!(
                FieldPath::from_wechat_param(bare(name), 0),
                Some(field.into()),
                "{name}"
            );
        }
        for (name, field) in DOCUMENT_ALIASES {
            assert_eq!(FieldPath::from_wechat_param(name, 0), Some(field.into()));
            assert_eq!(FieldPath::from_wechat_param(bare(name), 0), Some(field.into()));
        }
        // WeChat's own sample.
        assert_eq!(
            FieldPath::from_wechat_param("id_card_copy", 0),
            Some(Field::LegalPersonIdFront.into())
        );
        assert_eq!(
            FieldPath::from_wechat_param(" account_info.account_number ", 0),
            Some(Field::AccountNumber.into())
        );
    }

    #[test]
    fn an_owner_is_found_by_its_index_or_by_being_the_only_one() {
        for f in IdentityField::EVERY {
            let path = FieldPath::Owner(2, f);
            assert_eq!(FieldPath::from_wechat_param(&path.wechat_param(), 3), Some(path));
            let bare = f.wechat_owner_param();
            assert_eq!(FieldPath::from_wechat_param(bare, 1), Some(FieldPath::Owner(0, f)));
            let undotted = format!("ubo_info_list.{bare}");
            assert_eq!(FieldPath::from_wechat_param(&undotted, 1), Some(FieldPath::Owner(0, f)));
            // Two owners and no index, or an index past the list: the list as a whole.
            let list = Some(FieldPath::Field(Field::BeneficialOwners));
            assert_eq!(FieldPath::from_wechat_param(bare, 2), list);
            assert_eq!(FieldPath::from_wechat_param(&path.wechat_param(), 2), list);
        }
        assert_eq!(
            FieldPath::Owner(0, IdentityField::ValidityEnd).wechat_param(),
            "ubo_info_list[0].ubo_id_doc_period_end"
        );
        assert_eq!(
            FieldPath::from_wechat_param("ubo_info_list", 2),
            Some(Field::BeneficialOwners.into())
        );
        // A PARAM_ERROR's JSON pointer (`/ubo_info_list/1/ubo_id_doc_name`), read dotted.
        assert_eq!(
            FieldPath::from_wechat_param("ubo_info_list.1.ubo_id_doc_name", 2),
            Some(FieldPath::Owner(1, IdentityField::Name))
        );
        assert_eq!(
            FieldPath::from_wechat_param("ubo_info_list.1", 2),
            Some(Field::BeneficialOwners.into())
        );
    }

    #[test]
    fn names_of_no_answer_are_none() {
        for name in [
            "",
            "no_such_param",
            "organization_type",
            "out_request_no",
            "id_card_info.no_such_param",
            "id_card_info.id_doc_copy",
            "ubo_info_list[x].ubo_id_doc_name",
            "ubo_info_list[0.ubo_id_doc_name",
            "ubo_info_list[0]ubo_id_doc_name",
            "ubo_info_list[0].id_card_copy",
            "ubo_info_listing",
        ] {
            assert_eq!(FieldPath::from_wechat_param(name, 1), None, "{name}");
        }
    }
}
