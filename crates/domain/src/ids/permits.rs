//! Travel permit and passport numbers of legal persons who are not mainland residents.
//!
//! - Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证):
//!   `H` or `M` + 8 digits, + a 2-digit renewal count on newer cards.
//! - Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证): 8 digits (+ 2).
//!   Cards before 2013 had a letter + 7 digits; all of them have expired.
//! - Passports: no official format; WeChat Pay accepts 7–11 letters, digits and hyphens.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, mask::mask_middle, text::compact};

/// Which side of the border a Hong Kong/Macao permit belongs to, from its first letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermitRegion {
    HongKong,
    Macao,
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HkMacaoPermitNumber(String);
identifier!(HkMacaoPermitNumber);

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TaiwanPermitNumber(String);
identifier!(TaiwanPermitNumber);

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PassportNumber(String);
identifier!(PassportNumber);

/// The rule a permit or passport number broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermitNumberError {
    Empty,
    /// Hong Kong/Macao: the first character is not H or M.
    Prefix,
    /// Wrong number of characters for this document.
    Length {
        found: usize,
    },
    /// A character that is not allowed at its place (1-based).
    Character {
        position: usize,
    },
    /// Taiwan: a pre-2013 letter + 7 digits number. Those cards have all expired.
    LegacyTaiwanPermit,
    /// Passport: begins or ends with a hyphen.
    EdgeHyphen,
}
explained_error!(PermitNumberError);

fn digits_from(chars: &[char], offset: usize) -> Result<(), PermitNumberError> {
    match chars.iter().position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(PermitNumberError::Character {
            position: offset + i + 1,
        }),
        None => Ok(()),
    }
}

impl HkMacaoPermitNumber {
    pub fn region(&self) -> PermitRegion {
        if self.0.starts_with('H') {
            PermitRegion::HongKong
        } else {
            PermitRegion::Macao
        }
    }
}

impl FromStr for HkMacaoPermitNumber {
    type Err = PermitNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, false).to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        match chars.first() {
            None => return Err(PermitNumberError::Empty),
            Some('H' | 'M') => {}
            Some(_) => return Err(PermitNumberError::Prefix),
        }
        if !matches!(chars.len(), 9 | 11) {
            return Err(PermitNumberError::Length { found: chars.len() });
        }
        digits_from(&chars[1..], 1)?;
        Ok(HkMacaoPermitNumber(value))
    }
}

impl FromStr for TaiwanPermitNumber {
    type Err = PermitNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, false).to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        if chars.is_empty() {
            return Err(PermitNumberError::Empty);
        }
        if chars.len() == 8 && chars[0].is_ascii_alphabetic() && digits_from(&chars[1..], 1).is_ok() {
            return Err(PermitNumberError::LegacyTaiwanPermit);
        }
        if !matches!(chars.len(), 8 | 10) {
            return Err(PermitNumberError::Length { found: chars.len() });
        }
        digits_from(&chars, 0)?;
        Ok(TaiwanPermitNumber(value))
    }
}

impl FromStr for PassportNumber {
    type Err = PermitNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = compact(s, false).to_ascii_uppercase();
        let chars: Vec<char> = value.chars().collect();
        if chars.is_empty() {
            return Err(PermitNumberError::Empty);
        }
        if !(7..=11).contains(&chars.len()) {
            return Err(PermitNumberError::Length { found: chars.len() });
        }
        if let Some(i) = chars.iter().position(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
            return Err(PermitNumberError::Character { position: i + 1 });
        }
        if value.starts_with('-') || value.ends_with('-') {
            return Err(PermitNumberError::EdgeHyphen);
        }
        Ok(PassportNumber(value))
    }
}

impl Mask for HkMacaoPermitNumber {
    fn masked(&self) -> String {
        mask_middle(&self.0, 1, 3)
    }
}
impl Mask for TaiwanPermitNumber {
    fn masked(&self) -> String {
        mask_middle(&self.0, 0, 3)
    }
}
impl Mask for PassportNumber {
    fn masked(&self) -> String {
        mask_middle(&self.0, 1, 3)
    }
}

impl Explain for PermitNumberError {
    fn code(&self) -> &'static str {
        match self {
            PermitNumberError::Empty => "required",
            PermitNumberError::Prefix => "prefix",
            PermitNumberError::Length { .. } => "length",
            PermitNumberError::Character { .. } => "character",
            PermitNumberError::LegacyTaiwanPermit => "legacy_taiwan_permit",
            PermitNumberError::EdgeHyphen => "edge_hyphen",
        }
    }

    fn message(&self, l: Locale) -> String {
        match *self {
            PermitNumberError::Empty => l.pick("Enter the document number", "请填写证件号码", "請填寫證件號碼").into(),
            PermitNumberError::Prefix => l
                .pick(
                    "A Hong Kong or Macao permit number starts with H or M",
                    "港澳居民来往内地通行证号码以 H 或 M 开头", "港澳居民來往內地通行證號碼以 H 或 M 開頭",
                )
                .into(),
            PermitNumberError::Length { found } => match l {
                Locale::En => format!("This number has {found} characters; check it against the document"),
                Locale::ZhCn => format!("号码为 {found} 位，与该证件的位数不符，请对照证件核对"),
                Locale::ZhHant => format!("號碼為 {found} 位，與該證件的位數不符，請對照證件核對"),
            },
            PermitNumberError::Character { position } => match l {
                Locale::En => format!("Character {position} is not allowed here; check it against the document"),
                Locale::ZhCn => format!("第 {position} 位字符不符合该证件号码格式，请对照证件核对"),
                Locale::ZhHant => format!("第 {position} 位字元不符合該證件號碼格式，請對照證件核對"),
            },
            PermitNumberError::LegacyTaiwanPermit => l
                .pick(
                    "This is the number of an old-style permit, which has expired; enter the number of your current 8-digit permit",
                    "这是旧版台胞证号码，旧版证件均已过期，请填写现行 8 位数字的证件号码", "這是舊版台胞證號碼，舊版證件均已過期，請填寫現行 8 位數字的證件號碼",
                )
                .into(),
            PermitNumberError::EdgeHyphen => l
                .pick(
                    "A passport number cannot start or end with a hyphen",
                    "护照号码不能以连字符开头或结尾", "護照號碼不能以連字元開頭或結尾",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hong_kong_and_macao_permits() {
        // Formats from WeChat Pay's applyment docs (domain.md §4).
        let hk: HkMacaoPermitNumber = "h 1234 5678".parse().unwrap();
        assert_eq!((hk.as_str(), hk.region()), ("H12345678", PermitRegion::HongKong));
        let mo: HkMacaoPermitNumber = "M1234567801".parse().unwrap();
        assert_eq!(mo.region(), PermitRegion::Macao);
        assert_eq!(
            "K12345678".parse::<HkMacaoPermitNumber>(),
            Err(PermitNumberError::Prefix)
        );
        assert_eq!(
            "H123456789".parse::<HkMacaoPermitNumber>(),
            Err(PermitNumberError::Length { found: 10 })
        );
        assert_eq!(
            "H1234X678".parse::<HkMacaoPermitNumber>(),
            Err(PermitNumberError::Character { position: 6 })
        );
    }

    #[test]
    fn taiwan_permits() {
        assert!("12345678".parse::<TaiwanPermitNumber>().is_ok());
        assert!("1234567801".parse::<TaiwanPermitNumber>().is_ok());
        assert_eq!(
            "A1234567".parse::<TaiwanPermitNumber>(),
            Err(PermitNumberError::LegacyTaiwanPermit)
        );
        assert_eq!(
            "123456789".parse::<TaiwanPermitNumber>(),
            Err(PermitNumberError::Length { found: 9 })
        );
    }

    #[test]
    fn passports() {
        assert_eq!("e1234567".parse::<PassportNumber>().unwrap().as_str(), "E1234567");
        assert_eq!("AB-123456".parse::<PassportNumber>().unwrap().masked(), "A*****456");
        assert_eq!(
            "123456".parse::<PassportNumber>(),
            Err(PermitNumberError::Length { found: 6 })
        );
        assert_eq!("-1234567".parse::<PassportNumber>(), Err(PermitNumberError::EdgeHyphen));
        assert_eq!(
            "1234_567".parse::<PassportNumber>(),
            Err(PermitNumberError::Character { position: 5 })
        );
    }
}
