//! Property tests: generated valid numbers parse and round-trip; every single-character change of a
//! checksummed number is caught; no input makes a parser panic.

use proptest::prelude::*;

use crate::ids::credit_code::{ALPHABET, check_character as uscc_check};
use crate::ids::registration_number::mod_11_10_check_digit;
use crate::ids::resident_id::check_character as ric_check;
use crate::*;

fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

/// A valid resident ID: any address code, a real birth date up to today, any sequence.
fn resident_id() -> impl Strategy<Value = String> {
    (
        100_000u32..=999_999,
        0i64..=today().days_since_epoch() + 25_567,
        0u32..=999,
    )
        .prop_map(|(area, day, seq)| {
            let born = Date::from_days_since_epoch(day - 25_567).unwrap(); // from 1900-01-01
            let first17 = format!(
                "{area:06}{:04}{:02}{:02}{seq:03}",
                born.year(),
                born.month(),
                born.day()
            );
            format!("{first17}{}", ric_check(first17.as_bytes()))
        })
}

/// A valid unified social credit code: alphabet characters with digits at positions 3–8.
fn credit_code() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0usize..31, 2),
        0u32..1_000_000,
        prop::collection::vec(0usize..31, 9),
    )
        .prop_map(|(head, division, org)| {
            let mut s: String = head.iter().map(|&i| ALPHABET[i] as char).collect();
            s.push_str(&format!("{division:06}"));
            s.extend(org.iter().map(|&i| ALPHABET[i] as char));
            let check = uscc_check(s.as_bytes()) as char;
            s.push(check);
            s
        })
}

fn registration_number() -> impl Strategy<Value = String> {
    "[0-9]{14}".prop_map(|s| {
        let check = mod_11_10_check_digit(s.as_bytes()) as char;
        format!("{s}{check}")
    })
}

/// Replaces the character at `index` with a different one from `alphabet`.
fn mutate(valid: &str, index: usize, replacement: usize, alphabet: &[u8]) -> Option<String> {
    let mut bytes = valid.as_bytes().to_vec();
    let new = alphabet[replacement % alphabet.len()];
    if bytes[index] == new {
        return None;
    }
    bytes[index] = new;
    String::from_utf8(bytes).ok()
}

fn round_trips<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>)
where
    T: std::fmt::Display + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value = parse(text).unwrap();
    let shown = value.to_string();
    assert_eq!(parse(&shown).unwrap(), value);
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn valid_resident_ids_round_trip(id in resident_id(), lower in any::<bool>()) {
        let typed = if lower { id.to_lowercase() } else { id.clone() };
        let parsed = ResidentIdNumber::parse_on(&typed, today()).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
        // serde goes through `FromStr`, which uses the real today: every generated date is past.
        round_trips::<ResidentIdNumber>(&id, |s| s.parse().map_err(|e: ResidentIdError| e.to_string()));
    }

    #[test]
    fn any_single_change_of_a_resident_id_is_caught(id in resident_id(), index in 0usize..18, r in 0usize..11) {
        if let Some(changed) = mutate(&id, index, r, b"0123456789X") {
            prop_assert!(ResidentIdNumber::parse_on(&changed, today()).is_err(), "{} accepted", changed);
        }
    }

    #[test]
    fn valid_credit_codes_round_trip(code in credit_code()) {
        round_trips::<UnifiedSocialCreditCode>(&code, |s| s.parse().map_err(|e: CreditCodeError| e.to_string()));
        round_trips::<UnifiedSocialCreditCode>(&code.to_lowercase(), |s| s.parse().map_err(|e: CreditCodeError| e.to_string()));
    }

    #[test]
    fn any_single_change_of_a_credit_code_is_caught(code in credit_code(), index in 0usize..18, r in 0usize..31) {
        if let Some(changed) = mutate(&code, index, r, ALPHABET) {
            prop_assert!(changed.parse::<UnifiedSocialCreditCode>().is_err(), "{} accepted", changed);
        }
    }

    #[test]
    fn valid_registration_numbers_round_trip(n in registration_number()) {
        round_trips::<RegistrationNumber>(&n, |s| s.parse().map_err(|e: RegistrationNumberError| e.to_string()));
    }

    #[test]
    fn any_single_change_of_a_registration_number_is_caught(n in registration_number(), index in 0usize..15, r in 0usize..10) {
        if let Some(changed) = mutate(&n, index, r, b"0123456789") {
            prop_assert!(changed.parse::<RegistrationNumber>().is_err(), "{} accepted", changed);
        }
    }

    #[test]
    fn other_identifiers_round_trip(
        hk in "[HM][0-9]{8}([0-9]{2})?",
        tw in "[0-9]{8}([0-9]{2})?",
        passport in "[A-Z0-9][A-Z0-9-]{5,9}[A-Z0-9]",
        mobile in "1[3-9][0-9]{9}",
        account in "[0-9]{8,30}",
        email in "[a-z0-9]{1,10}(\\.[a-z0-9_+-]{1,8})?@[a-z0-9]{1,10}\\.(com|cn|org)",
    ) {
        round_trips::<HkMacaoPermitNumber>(&hk, |s| s.parse().map_err(|e: PermitNumberError| e.to_string()));
        round_trips::<TaiwanPermitNumber>(&tw, |s| s.parse().map_err(|e: PermitNumberError| e.to_string()));
        round_trips::<PassportNumber>(&passport, |s| s.parse().map_err(|e: PermitNumberError| e.to_string()));
        round_trips::<MobileNumber>(&mobile, |s| s.parse().map_err(|e: MobileNumberError| e.to_string()));
        round_trips::<BankAccountNumber>(&account, |s| s.parse().map_err(|e: BankAccountNumberError| e.to_string()));
        round_trips::<Email>(&email, |s| s.parse().map_err(|e: EmailError| e.to_string()));
    }

    #[test]
    fn grouped_account_numbers_parse_back(account in "[0-9]{8,30}") {
        let grouped = group_digits(&account);
        let parsed: BankAccountNumber = grouped.parse().unwrap();
        prop_assert_eq!(parsed.as_str(), account.as_str());
    }

    #[test]
    fn valid_names_round_trip(name in "[\u{4e00}-\u{9fa5}]{2,4}(·[\u{4e00}-\u{9fa5}]{2,4})?") {
        round_trips::<PersonName>(&name, |s| s.parse().map_err(|e: NameError| e.to_string()));
        round_trips::<MerchantName>(&name, |s| s.parse().map_err(|e: NameError| e.to_string()));
        let account = name.replace('·', "_");
        round_trips::<AccountName>(&account, |s| s.parse().map_err(|e: NameError| e.to_string()));
    }

    #[test]
    fn no_input_makes_a_parser_panic(s in any::<String>()) {
        let _ = ResidentIdNumber::parse_on(&s, today());
        let _ = s.parse::<UnifiedSocialCreditCode>();
        let _ = s.parse::<CreditCodeAsShown>();
        let _ = s.parse::<RegistrationNumber>();
        let _ = s.parse::<HkMacaoPermitNumber>();
        let _ = s.parse::<TaiwanPermitNumber>();
        let _ = s.parse::<PassportNumber>();
        let _ = s.parse::<MobileNumber>();
        let _ = s.parse::<Email>();
        let _ = s.parse::<BankAccountNumber>();
        let _ = s.parse::<CityCode>();
        let _ = s.parse::<PersonName>();
        let _ = s.parse::<MerchantName>();
        let _ = s.parse::<AccountName>();
        let _ = s.parse::<StoreUrl>();
        let _ = s.parse::<MerchantShortName>();
        let _ = s.parse::<ImageId>();
        let _ = s.parse::<Date>();
        let _ = s.parse::<FieldPath>();
        let _ = parse_text(&s, 1, 10);
        for doc in IdDocumentType::ALL {
            let _ = IdNumber::parse(doc, &s, today());
        }
    }

    #[test]
    fn no_ascii_noise_makes_a_parser_panic(s in "[ -~\u{3000}\u{ff01}-\u{ff5e}]{0,40}") {
        let _ = ResidentIdNumber::parse_on(&s, today());
        let _ = s.parse::<UnifiedSocialCreditCode>();
        let _ = s.parse::<Email>();
        let _ = s.parse::<StoreUrl>();
        let _ = s.parse::<Date>();
        let _ = s.parse::<FieldPath>();
    }
}
