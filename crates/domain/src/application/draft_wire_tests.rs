//! The draft reader (`draft_wire`) against the writer (serde's derive): whatever is written comes
//! back, and JSON from elsewhere is read as the derive with `#[serde(default)]` read it.

use proptest::prelude::*;
use serde_json::json;

use super::draft::*;
use crate::{AdministratorType, Bank, BankAccountType, Residency};

fn text() -> impl Strategy<Value = String> {
    // Any text, including quotes, escapes and characters outside the BMP.
    any::<String>()
}

fn maybe<T: Clone + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Option<T>> {
    prop::option::of(prop::sample::select(all))
}

fn validity() -> impl Strategy<Value = ValidityDraft> {
    (text(), text(), any::<bool>()).prop_map(|(begin, end, long_term)| ValidityDraft { begin, end, long_term })
}

fn identity() -> impl Strategy<Value = IdentityDraft> {
    (
        maybe(&Residency::ALL),
        text(),
        text(),
        text(),
        text(),
        validity(),
        text(),
    )
        .prop_map(
            |(residency, name, id_number, id_front_image, id_back_image, validity, address)| IdentityDraft {
                residency,
                name,
                id_number: Sensitive(id_number),
                id_front_image,
                id_back_image,
                validity,
                address,
            },
        )
}

fn draft() -> impl Strategy<Value = ApplicationDraft> {
    let subject = (text(), text(), any::<bool>(), text(), text()).prop_map(|(a, b, c, d, e)| SubjectDraft {
        licence_image: a,
        licence_number: b,
        licence_number_confirmed: c,
        merchant_name: d,
        legal_person_name: e,
    });
    let store = (text(), text(), text(), text()).prop_map(|(name, url, qr_code_image, short_name)| StoreDraft {
        name,
        url,
        qr_code_image,
        short_name,
    });
    let legal_person = (
        identity(),
        prop::option::of(any::<bool>()),
        prop::collection::vec(identity(), 0..4),
    )
        .prop_map(|(identity, is_beneficial_owner, beneficial_owners)| LegalPersonDraft {
            identity,
            is_beneficial_owner,
            beneficial_owners,
        });
    let administrator = (maybe(&AdministratorType::ALL), identity(), text(), text(), text()).prop_map(
        |(administrator_type, identity, letter, mobile, email)| SuperAdministratorDraft {
            administrator_type,
            identity,
            authorisation_letter_image: letter,
            mobile: Sensitive(mobile),
            email,
        },
    );
    let account = (
        maybe(&BankAccountType::ALL),
        maybe(&Bank::ALL),
        text(),
        text(),
        text(),
        text(),
    )
        .prop_map(
            |(account_type, bank, city_code, branch_name, account_name, number)| SettlementAccountDraft {
                account_type,
                bank,
                city_code,
                branch_name,
                account_name,
                account_number: Sensitive(number),
            },
        );
    (subject, store, legal_person, administrator, account).prop_map(
        |(subject, store, legal_person, super_administrator, settlement_account)| ApplicationDraft {
            subject,
            store,
            legal_person,
            super_administrator,
            settlement_account,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_draft_comes_back_from_json(d in draft()) {
        let json = serde_json::to_string(&d).unwrap();
        prop_assert_eq!(serde_json::from_str::<ApplicationDraft>(&json).unwrap(), d);
    }
}

#[test]
fn missing_keys_keep_defaults_and_unknown_keys_are_skipped() {
    let d: ApplicationDraft = serde_json::from_value(json!({
        "legal_person": {
            "id_number": "1",
            "from_a_newer_version": {"nested": [1, 2.5, null, {"x": true}]},
            "beneficial_owners": [{"name": "A", "validity": {"long_term": true}}, {}]
        },
        "super_administrator": {"type": null, "mobile": "138"},
        "settlement_account": {"account_type": "74", "bank": null},
        "unknown_section": "ignored"
    }))
    .unwrap();
    let mut expected = ApplicationDraft::default();
    expected.legal_person.identity.id_number = Sensitive("1".into());
    let mut owner = IdentityDraft {
        name: "A".into(),
        ..IdentityDraft::default()
    };
    owner.validity.long_term = true;
    expected.legal_person.beneficial_owners = vec![owner, IdentityDraft::default()];
    expected.super_administrator.mobile = Sensitive("138".into());
    expected.settlement_account.account_type = Some(BankAccountType::Business);
    assert_eq!(d, expected);
    assert_eq!(
        serde_json::from_str::<ApplicationDraft>("{}").unwrap(),
        ApplicationDraft::default()
    );
}

#[test]
fn values_of_the_wrong_type_are_refused() {
    for bad in [
        json!({"subject": {"merchant_name": 5}}),
        json!({"subject": {"licence_number_confirmed": "yes"}}),
        json!({"legal_person": {"residency": "atlantis"}}),
        json!({"legal_person": {"beneficial_owners": {"name": "A"}}}),
        json!({"legal_person": {"validity": []}}),
        json!({"store": "a shop"}),
        json!([]),
    ] {
        assert!(
            serde_json::from_value::<ApplicationDraft>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}
