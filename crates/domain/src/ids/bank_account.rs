//! Settlement bank account numbers and the city code of the opening branch.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, text::compact};

/// A bank account number: digits only, 8–30 of them. Typed spaces and hyphens are dropped.
///
/// There is deliberately no Luhn check in the parser: business (对公) accounts are not card numbers
/// and many fail it. [`BankAccountNumber::passes_luhn`] exists for a warning on private cards only.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BankAccountNumber(String);
identifier!(BankAccountNumber);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BankAccountNumberError {
    Empty,
    NotDigit { position: usize },
    TooShort { min: usize },
    TooLong { max: usize },
}
explained_error!(BankAccountNumberError);

impl BankAccountNumber {
    pub const MIN_DIGITS: usize = 8;
    /// WeChat Pay's length table: "other banks" up to 30 digits.
    pub const MAX_DIGITS: usize = 30;

    /// Whether the number passes the Luhn check that bank *cards* carry.
    pub fn passes_luhn(&self) -> bool {
        let sum: u32 = self
            .0
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
                } else {
                    d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }

    /// Groups of four, as printed on cards and as the form shows it.
    pub fn grouped(&self) -> String {
        group_digits(&self.0)
    }
}

/// Groups of four, for showing a number as it is typed; anything not a digit is dropped.
pub fn group_digits(typed: &str) -> String {
    // Full-width digits (typed with a Chinese input method) count as digits too.
    let digits: Vec<char> = typed
        .chars()
        .map(crate::text::to_half_width)
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

impl FromStr for BankAccountNumber {
    type Err = BankAccountNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, true);
        if value.is_empty() {
            return Err(BankAccountNumberError::Empty);
        }
        if let Some(i) = value.chars().position(|c| !c.is_ascii_digit()) {
            return Err(BankAccountNumberError::NotDigit { position: i + 1 });
        }
        if value.len() < Self::MIN_DIGITS {
            return Err(BankAccountNumberError::TooShort { min: Self::MIN_DIGITS });
        }
        if value.len() > Self::MAX_DIGITS {
            return Err(BankAccountNumberError::TooLong { max: Self::MAX_DIGITS });
        }
        Ok(BankAccountNumber(value))
    }
}

impl Mask for BankAccountNumber {
    /// Only the last four digits, as banks print them.
    fn masked(&self) -> String {
        format!("****{}", &self.0[self.0.len() - 4..])
    }
}

impl Explain for BankAccountNumberError {
    fn code(&self) -> &'static str {
        match self {
            BankAccountNumberError::Empty => "required",
            BankAccountNumberError::NotDigit { .. } => "not_digit",
            BankAccountNumberError::TooShort { .. } => "too_short",
            BankAccountNumberError::TooLong { .. } => "too_long",
        }
    }
    fn message(&self, l: Locale) -> String {
        match *self {
            BankAccountNumberError::Empty => l
                .pick("Enter the account number", "请填写银行账号", "請填寫銀行帳號")
                .into(),
            BankAccountNumberError::NotDigit { position } => match l {
                Locale::En => {
                    format!("An account number has only digits; character {position} is not one")
                }
                Locale::ZhCn => format!("银行账号只含数字，第 {position} 位不是数字"),
                Locale::ZhHant => format!("銀行帳號只含數字，第 {position} 位不是數字"),
            },
            BankAccountNumberError::TooShort { min } => match l {
                Locale::En => format!("An account number has at least {min} digits"),
                Locale::ZhCn => format!("银行账号至少 {min} 位"),
                Locale::ZhHant => format!("銀行帳號至少 {min} 位"),
            },
            BankAccountNumberError::TooLong { max } => match l {
                Locale::En => format!("An account number has at most {max} digits"),
                Locale::ZhCn => format!("银行账号最多 {max} 位"),
                Locale::ZhHant => format!("銀行帳號最多 {max} 位"),
            },
        }
    }
}

/// The administrative division code of the branch's city (`bank_address_code`), e.g. 110000.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CityCode(String);
identifier!(CityCode);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CityCodeError {
    Empty,
    Format,
    /// The first two digits are no province, region or municipality.
    Province,
}
explained_error!(CityCodeError);

/// GB/T 2260 first-level codes, plus 71 (Taiwan), 81 (Hong Kong) and 82 (Macao).
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];

impl FromStr for CityCode {
    type Err = CityCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, false);
        if value.is_empty() {
            return Err(CityCodeError::Empty);
        }
        if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CityCodeError::Format);
        }
        let province: u8 = value[..2].parse().expect("two digits");
        if !PROVINCES.contains(&province) {
            return Err(CityCodeError::Province);
        }
        Ok(CityCode(value))
    }
}

impl Mask for CityCode {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for CityCodeError {
    fn code(&self) -> &'static str {
        match self {
            CityCodeError::Empty => "required",
            CityCodeError::Format => "format",
            CityCodeError::Province => "province",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            CityCodeError::Empty => l.pick(
                "Choose the city of the branch",
                "请选择开户银行所在城市",
                "請選擇開戶銀行所在城市",
            ),
            CityCodeError::Format => l.pick(
                "A city code has 6 digits, like 110000",
                "城市编码为 6 位数字，如 110000",
                "城市編碼為 6 位數字，如 110000",
            ),
            CityCodeError::Province => l.pick(
                "The first two digits are not a province code; choose the city from the list",
                "前两位不是有效的省级编码，请从列表中选择城市",
                "前兩位不是有效的省級編碼，請從列表中選擇城市",
            ),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_keeps_full_width_digits() {
        assert_eq!(group_digits("６２２２０２0202 1"), "6222 0202 021");
    }

    #[test]
    fn account_numbers_as_typed() {
        let n: BankAccountNumber = "6222 0202-0011 2233 445".parse().unwrap();
        assert_eq!(n.as_str(), "6222020200112233445");
        assert_eq!(n.masked(), "****3445");
        assert_eq!(n.grouped(), "6222 0202 0011 2233 445");
        assert_eq!(format!("{n:?}"), "BankAccountNumber(****3445)");
        assert_eq!(
            "1234567".parse::<BankAccountNumber>(),
            Err(BankAccountNumberError::TooShort { min: 8 })
        );
        assert_eq!(
            "1".repeat(31).parse::<BankAccountNumber>(),
            Err(BankAccountNumberError::TooLong { max: 30 })
        );
        assert_eq!(
            "1234 56a8".parse::<BankAccountNumber>(),
            Err(BankAccountNumberError::NotDigit { position: 7 })
        );
    }

    #[test]
    fn luhn_is_only_informative() {
        // The worked example of the Luhn algorithm on Wikipedia ("Luhn algorithm"): 7992739871, check digit 3.
        assert!("79927398713".parse::<BankAccountNumber>().unwrap().passes_luhn());
        // A failing number still parses: business accounts are not card numbers.
        assert!(!"79927398710".parse::<BankAccountNumber>().unwrap().passes_luhn());
    }

    #[test]
    fn city_codes() {
        assert!("110000".parse::<CityCode>().is_ok());
        assert!("440300".parse::<CityCode>().is_ok());
        assert_eq!("11000".parse::<CityCode>(), Err(CityCodeError::Format));
        assert_eq!("990000".parse::<CityCode>(), Err(CityCodeError::Province));
    }
}
