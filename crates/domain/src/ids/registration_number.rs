//! The 15-digit business registration number (工商注册号) of licences issued before the unified
//! social credit code, GS 15-2006: 14 digits and a check digit by ISO 7064 MOD 11,10.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, text::compact};

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RegistrationNumber(String);
identifier!(RegistrationNumber);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationNumberError {
    Empty,
    Length { found: usize },
    NotDigit { position: usize },
    CheckDigit,
}
explained_error!(RegistrationNumberError);

/// ISO 7064 MOD 11,10 over all digits, check digit included: a valid number ends with remainder 1.
pub(crate) fn mod_11_10_is_valid(digits: &[u8]) -> bool {
    let mut product = 10;
    let mut sum = 0;
    for d in digits {
        sum = (product + u32::from(d - b'0')) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    sum == 1
}

/// The check digit that makes `digits` + it valid.
#[cfg(test)]
pub(crate) fn mod_11_10_check_digit(digits: &[u8]) -> u8 {
    let mut product = 10;
    for d in digits {
        let mut sum = (product + u32::from(d - b'0')) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    b'0' + ((11 - product) % 10) as u8
}

impl FromStr for RegistrationNumber {
    type Err = RegistrationNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, true);
        let chars: Vec<char> = value.chars().collect();
        match chars.len() {
            0 => return Err(RegistrationNumberError::Empty),
            15 => {}
            found => return Err(RegistrationNumberError::Length { found }),
        }
        if let Some(i) = chars.iter().position(|c| !c.is_ascii_digit()) {
            return Err(RegistrationNumberError::NotDigit { position: i + 1 });
        }
        if !mod_11_10_is_valid(value.as_bytes()) {
            return Err(RegistrationNumberError::CheckDigit);
        }
        Ok(RegistrationNumber(value))
    }
}

// Printed on a public business licence: not personal data.
impl Mask for RegistrationNumber {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for RegistrationNumberError {
    fn code(&self) -> &'static str {
        match self {
            RegistrationNumberError::Empty => "required",
            RegistrationNumberError::Length { .. } => "length",
            RegistrationNumberError::NotDigit { .. } => "not_digit",
            RegistrationNumberError::CheckDigit => "check_digit",
        }
    }

    fn message(&self, l: Locale) -> String {
        match *self {
            RegistrationNumberError::Empty => l
                .pick("Enter the registration number", "请填写注册号", "請填寫註冊號")
                .into(),
            RegistrationNumberError::Length { found } => match l {
                Locale::En => format!("A registration number has 15 digits; you entered {found}"),
                Locale::ZhCn => format!("注册号应为 15 位数字，您填写了 {found} 位"),
                Locale::ZhHant => format!("註冊號應為 15 位數字，您填寫了 {found} 位"),
            },
            RegistrationNumberError::NotDigit { position } => match l {
                Locale::En => format!("A registration number has only digits; character {position} is not one"),
                Locale::ZhCn => format!("注册号只含数字，第 {position} 位不是数字"),
                Locale::ZhHant => format!("註冊號只含數字，第 {position} 位不是數字"),
            },
            RegistrationNumberError::CheckDigit => l
                .pick(
                    "The last digit doesn't match the rest of the registration number; check each digit",
                    "注册号最后一位与前面的数字不符，请逐位核对",
                    "註冊號最後一位與前面的數字不符，請逐位核對",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_example_parses() {
        // GS 15-2006's example, as quoted in 0x376h/ChineseNoReco `doTestReco.java`.
        assert_eq!(
            "110108000000016".parse::<RegistrationNumber>().unwrap().as_str(),
            "110108000000016"
        );
        assert_eq!(mod_11_10_check_digit(b"11010800000001"), b'6');
    }

    #[test]
    fn each_rule_has_its_error() {
        let p = |s: &str| s.parse::<RegistrationNumber>();
        assert_eq!(p(" "), Err(RegistrationNumberError::Empty));
        assert_eq!(p("11010800000001"), Err(RegistrationNumberError::Length { found: 14 }));
        assert_eq!(
            p("1101080000000A6"),
            Err(RegistrationNumberError::NotDigit { position: 14 })
        );
        assert_eq!(p("110108000000017"), Err(RegistrationNumberError::CheckDigit));
        assert!(p("110108-000000-016").is_ok());
    }
}
