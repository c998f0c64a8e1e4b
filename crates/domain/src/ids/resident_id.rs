//! Resident identity card number (居民身份证号码), GB 11643-1999.
//!
//! 6-digit address code, 8-digit birth date `YYYYMMDD`, 3-digit sequence, and a check character
//! by ISO 7064 MOD 11-2. Residence permits for Hong Kong, Macao and Taiwan residents and foreigners
//! use the same format (see [`crate::IdNumber`]).

use std::str::FromStr;

use crate::{Date, Explain, Locale, Mask, mask::mask_middle, text::compact};

/// A valid 18-character resident ID number, with an uppercase `X` check character.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentIdNumber(String);
identifier!(ResidentIdNumber);

/// The rule a resident ID number broke, in the order they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResidentIdError {
    Empty,
    /// Not 18 characters (spaces aside).
    Length {
        found: usize,
    },
    /// One of the first 17 characters is not a digit (1-based position).
    NotDigit {
        position: usize,
    },
    /// The last character is neither a digit nor X.
    BadCheckCharacter,
    /// Characters 7–14 are not a calendar date.
    BirthDate,
    /// The birth date is after today.
    BirthDateInFuture,
    /// The check character does not match the other 17 digits: a digit was mistyped.
    CheckCharacter,
}
explained_error!(ResidentIdError);

/// The ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character for 17 digits. Callers guarantee ASCII digits.
pub(crate) fn check_character(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize] as char
}

impl ResidentIdNumber {
    /// Parses against a given "today" (the birth date may not be later); [`FromStr`] uses today in China.
    pub fn parse_on(input: &str, today: Date) -> Result<Self, ResidentIdError> {
        let value = compact(input, false).to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        match chars.len() {
            0 => return Err(ResidentIdError::Empty),
            18 => {}
            found => return Err(ResidentIdError::Length { found }),
        }
        if let Some(i) = chars[..17].iter().position(|c| !c.is_ascii_digit()) {
            return Err(ResidentIdError::NotDigit { position: i + 1 });
        }
        if !(chars[17].is_ascii_digit() || chars[17] == 'X') {
            return Err(ResidentIdError::BadCheckCharacter);
        }
        // From here on the value is 18 ASCII characters.
        let bytes = value.as_bytes();
        let born = Date::from_compact(&value[6..14]).ok_or(ResidentIdError::BirthDate)?;
        if born.year() < 1800 {
            return Err(ResidentIdError::BirthDate);
        }
        if born > today {
            return Err(ResidentIdError::BirthDateInFuture);
        }
        if check_character(&bytes[..17]) != bytes[17] as char {
            return Err(ResidentIdError::CheckCharacter);
        }
        Ok(ResidentIdNumber(value))
    }

    /// The holder's birth date.
    pub fn birth_date(&self) -> Date {
        Date::from_compact(&self.0[6..14]).expect("checked when parsed")
    }

    /// The 6-digit address code (810000, 820000 and 830000 mark residence permits).
    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }
}

impl FromStr for ResidentIdNumber {
    type Err = ResidentIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResidentIdNumber::parse_on(s, Date::today_in_china())
    }
}

impl Mask for ResidentIdNumber {
    /// First 3 and last 4: neither the birth date nor the full address code shows.
    fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

impl Explain for ResidentIdError {
    fn code(&self) -> &'static str {
        match self {
            ResidentIdError::Empty => "required",
            ResidentIdError::Length { .. } => "length",
            ResidentIdError::NotDigit { .. } => "not_digit",
            ResidentIdError::BadCheckCharacter => "bad_check_character",
            ResidentIdError::BirthDate => "birth_date",
            ResidentIdError::BirthDateInFuture => "birth_date_in_future",
            ResidentIdError::CheckCharacter => "check_character",
        }
    }

    fn message(&self, l: Locale) -> String {
        match *self {
            ResidentIdError::Empty => l.pick("Enter the ID number", "请填写证件号码", "請填寫證件號碼").into(),
            ResidentIdError::Length { found } => match l {
                Locale::En => format!("An ID number has 18 characters; you entered {found}"),
                Locale::ZhCn => format!("身份证号码应为 18 位，您填写了 {found} 位"),
                Locale::ZhHant => format!("身份證號碼應為 18 位，您填寫了 {found} 位"),
            },
            ResidentIdError::NotDigit { position } => match l {
                Locale::En => format!("Character {position} must be a digit; only the last character can be X"),
                Locale::ZhCn => format!("第 {position} 位应为数字，只有最后一位可以是 X"),
                Locale::ZhHant => format!("第 {position} 位應為數字，只有最後一位可以是 X"),
            },
            ResidentIdError::BadCheckCharacter => l
                .pick(
                    "The last character must be a digit or X",
                    "最后一位应为数字或 X",
                    "最後一位應為數字或 X",
                )
                .into(),
            ResidentIdError::BirthDate => l
                .pick(
                    "Characters 7 to 14 must be the date of birth; check them",
                    "第 7 至 14 位应为出生日期，请检查",
                    "第 7 至 14 位應為出生日期，請檢查",
                )
                .into(),
            ResidentIdError::BirthDateInFuture => l
                .pick(
                    "The date of birth in this number is in the future; check characters 7 to 14",
                    "号码中的出生日期晚于今天，请检查第 7 至 14 位",
                    "號碼中的出生日期晚於今天，請檢查第 7 至 14 位",
                )
                .into(),
            ResidentIdError::CheckCharacter => l
                .pick(
                    "The last character doesn't match the rest of the ID number; check each digit",
                    "最后一位与前面的号码不符，请逐位核对",
                    "最後一位與前面的號碼不符，請逐位核對",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    #[test]
    fn each_language_says_it_in_its_own_script() {
        let error = ResidentIdError::Length { found: 17 };
        assert_eq!(
            error.message(Locale::En),
            "An ID number has 18 characters; you entered 17"
        );
        assert_eq!(error.message(Locale::ZhCn), "身份证号码应为 18 位，您填写了 17 位");
        assert_eq!(error.message(Locale::ZhHant), "身份證號碼應為 18 位，您填寫了 17 位");
    }

    #[test]
    fn standard_examples_parse() {
        // GB 11643-1999, the standard's own worked examples.
        for id in ["11010519491231002X", "440524188001010014"] {
            assert_eq!(ResidentIdNumber::parse_on(id, today()).unwrap().as_str(), id);
        }
        // python-stdnum `stdnum/cn/ric.py` doctest.
        assert!(ResidentIdNumber::parse_on("360426199101010071", today()).is_ok());
    }

    #[test]
    fn normalises_as_typed() {
        let id = ResidentIdNumber::parse_on(" 110105 19491231 002x ", today()).unwrap();
        assert_eq!(id.to_string(), "11010519491231002X");
        assert_eq!(id.birth_date(), Date::new(1949, 12, 31).unwrap());
        assert_eq!(id.address_code(), "110105");
    }

    #[test]
    fn each_rule_has_its_error() {
        let p = |s| ResidentIdNumber::parse_on(s, today());
        assert_eq!(p(""), Err(ResidentIdError::Empty));
        assert_eq!(p("1101051949123100"), Err(ResidentIdError::Length { found: 16 }));
        assert_eq!(p("11010519A91231002X"), Err(ResidentIdError::NotDigit { position: 9 }));
        assert_eq!(p("11010519491231002Y"), Err(ResidentIdError::BadCheckCharacter));
        assert_eq!(p("110105194913310020"), Err(ResidentIdError::BirthDate));
        assert_eq!(p("110105217001010010"), Err(ResidentIdError::BirthDateInFuture));
        // python-stdnum doctest: a wrong check digit.
        assert_eq!(p("360426199101010072"), Err(ResidentIdError::CheckCharacter));
    }

    #[test]
    fn masks_and_debug_hide_the_number() {
        let id = ResidentIdNumber::parse_on("11010519491231002X", today()).unwrap();
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(format!("{id:?}"), "ResidentIdNumber(110***********002X)");
    }

    #[test]
    fn serde_goes_through_the_parser() {
        let id: ResidentIdNumber = serde_json::from_str("\"11010519491231002x\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"11010519491231002X\"");
        assert!(serde_json::from_str::<ResidentIdNumber>("\"11010519491231002\"").is_err());
    }
}
