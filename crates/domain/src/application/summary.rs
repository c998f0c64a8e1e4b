//! How a summary shows an answer. Identity, mobile and bank numbers are personal data: masked
//! the way the parsed numbers mask themselves wherever they are shown, except on the owner's own
//! check page, where the applicant must be able to read every digit they typed (issue 15,
//! item 5). There they are in full, in groups the eye can follow, until the applicant hides them.

use crate::field::{Field, FieldPath, IdentityField};
use crate::mask::mask_middle;

/// Whether the owner's check page shows their numbers in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbers {
    /// In full, grouped for reading.
    Shown,
    /// Masked, as everywhere else.
    Hidden,
}

/// An answer as a summary shows it: a number in full and grouped, or masked (`numbers`);
/// everything else as typed.
pub fn summary_answer(path: FieldPath, typed: &str, numbers: Numbers) -> String {
    let tidy = crate::tidy_number(typed);
    // What is kept of the number when masked (head, tail), and its groups when shown: each size
    // in turn, the last one repeating.
    let (number, head, tail, groups): (String, usize, usize, &[usize]) = match path {
        FieldPath::Field(Field::AccountNumber) => (tidy.chars().filter(char::is_ascii_digit).collect(), 0, 4, &[4]),
        // 138 0013 8000, as Chinese mobile numbers are written.
        FieldPath::Field(Field::AdministratorMobile) => (tidy, 3, 4, &[3, 4]),
        FieldPath::Field(Field::LegalPersonIdNumber | Field::AdministratorIdNumber)
        | FieldPath::Owner(_, IdentityField::IdNumber) => {
            // An identity card's number by its parts: region, date of birth, the rest
            // (110105 19491231 002X); permits and passports are short enough to read whole.
            let n = tidy.chars().count();
            let groups: &[usize] = if n == 18 { &[6, 8] } else { &[] };
            if n >= 15 {
                (tidy, 3, 4, groups)
            } else {
                (tidy, 1, 3, groups)
            }
        }
        _ => return typed.trim().to_string(),
    };
    match numbers {
        Numbers::Hidden => mask_middle(&number, head, tail),
        Numbers::Shown => grouped(&number, groups),
    }
}

/// `value` with a space after each group of `sizes` (the last size repeating); whole when
/// `sizes` is empty.
fn grouped(value: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 3);
    let mut sizes = sizes.iter().copied();
    let mut size = sizes.next().unwrap_or(usize::MAX);
    let mut count = 0;
    for c in value.chars() {
        if count == size {
            out.push(' ');
            count = 0;
            size = sizes.next().unwrap_or(size);
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn summaries_mask_numbers() {
        let hidden = |path: FieldPath, typed| summary_answer(path, typed, Numbers::Hidden);
        let id = FieldPath::Field(Field::LegalPersonIdNumber);
        assert_eq!(hidden(id, "110105 19491231002x"), "110***********002X");
        assert_eq!(
            hidden(FieldPath::Owner(1, IdentityField::IdNumber), "H12345678"),
            "H*****678"
        );
        assert_eq!(
            hidden(Field::AccountNumber.into(), "6222 0202 0011 2233 445"),
            "***************3445"
        );
        assert_eq!(hidden(Field::AdministratorMobile.into(), "13800138000"), "138****8000");
        assert_eq!(hidden(Field::MerchantName.into(), " 腾讯 "), "腾讯");
    }

    #[test]
    fn the_owners_check_page_shows_numbers_whole_in_groups() {
        let shown = |path: FieldPath, typed| summary_answer(path, typed, Numbers::Shown);
        let id = FieldPath::Field(Field::LegalPersonIdNumber);
        assert_eq!(shown(id, "11010519491231002x"), "110105 19491231 002X");
        assert_eq!(
            shown(FieldPath::Owner(0, IdentityField::IdNumber), "110105491231002"),
            "110105491231002"
        );
        assert_eq!(
            shown(FieldPath::Owner(1, IdentityField::IdNumber), "h12345678"),
            "H12345678"
        );
        assert_eq!(
            shown(Field::AccountNumber.into(), "6222020200112233445"),
            "6222 0202 0011 2233 445"
        );
        assert_eq!(shown(Field::AccountNumber.into(), "6222-0202 0011"), "6222 0202 0011");
        assert_eq!(
            shown(Field::AdministratorMobile.into(), "138 0013 8000"),
            "138 0013 8000"
        );
        assert_eq!(shown(Field::MerchantName.into(), " 腾讯 "), "腾讯");
    }

    proptest! {
        /// Shown, a number keeps every character typed (tidied) in order, with single spaces
        /// between groups; hidden, it keeps its length and never shows it whole.
        #[test]
        fn grouping_adds_only_spaces_and_masking_hides(digits in "[0-9]{8,19}") {
            let path = FieldPath::Field(Field::AccountNumber);
            let shown = summary_answer(path, &digits, Numbers::Shown);
            prop_assert_eq!(shown.replace(' ', ""), digits.clone());
            prop_assert!(!shown.contains("  ") && !shown.starts_with(' ') && !shown.ends_with(' '));
            prop_assert!(shown.split(' ').all(|g| g.len() <= 4));
            let hidden = summary_answer(path, &digits, Numbers::Hidden);
            prop_assert_eq!(hidden.chars().count(), digits.len());
            prop_assert_ne!(hidden, digits);
        }
    }
}
