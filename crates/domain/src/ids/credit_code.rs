//! Unified social credit code (统一社会信用代码), GB 32100-2015.
//!
//! 18 characters from a 31-character alphabet (no I, O, S, V, Z): registration authority, entity
//! category, 6-digit administrative division, 9-character organisation code, check character.
//!
//! Real licences from the pilot years carry codes whose check character fails. The parser stays
//! strict; [`CreditCodeAsShown`] is the separate, explicitly confirmed path for those licences.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, text::compact};

pub(crate) const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code whose check character is right.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnifiedSocialCreditCode(String);
identifier!(UnifiedSocialCreditCode);

/// A well-formed code whose check character fails, kept only because the applicant confirmed that
/// their licence really shows it. It is never produced by [`UnifiedSocialCreditCode`]'s parser.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CreditCodeAsShown(String);
identifier!(CreditCodeAsShown);

/// The rule a credit code broke, in the order they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditCodeError {
    Empty,
    Length {
        found: usize,
    },
    /// A character outside the alphabet (1-based position); I, O, S, V and Z are never used.
    Character {
        position: usize,
        found: char,
    },
    /// Characters 3–8 are the administrative division code and must be digits.
    DivisionNotDigits,
    /// The format is right but the check character is not: "please double-check". The only error a
    /// licence can override by confirming (see [`CreditCodeAsShown`]).
    CheckCharacter,
}
explained_error!(CreditCodeError);

/// The check character for the first 17 characters. Callers guarantee alphabet characters.
pub(crate) fn check_character(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| ALPHABET.iter().position(|a| a == c).expect("alphabet") as u32 * w)
        .sum();
    ALPHABET[((31 - sum % 31) % 31) as usize]
}

/// Everything but the check character: the format. Returns the normalised code.
fn parse_format(input: &str) -> Result<String, CreditCodeError> {
    let value = compact(input, true).to_ascii_uppercase();
    let chars: Vec<char> = value.chars().collect();
    match chars.len() {
        0 => return Err(CreditCodeError::Empty),
        18 => {}
        found => return Err(CreditCodeError::Length { found }),
    }
    if let Some((i, &found)) = chars
        .iter()
        .enumerate()
        .find(|(_, c)| !c.is_ascii() || !ALPHABET.contains(&(**c as u8)))
    {
        return Err(CreditCodeError::Character { position: i + 1, found });
    }
    if !chars[2..8].iter().all(char::is_ascii_digit) {
        return Err(CreditCodeError::DivisionNotDigits);
    }
    Ok(value)
}

impl UnifiedSocialCreditCode {
    /// Category code `92`: an individual business (个体工商户).
    pub fn is_individual_business(&self) -> bool {
        self.0.starts_with("92")
    }
}

impl FromStr for UnifiedSocialCreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = parse_format(s)?;
        if check_character(&value.as_bytes()[..17]) != value.as_bytes()[17] {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(UnifiedSocialCreditCode(value))
    }
}

impl CreditCodeAsShown {
    pub fn is_individual_business(&self) -> bool {
        self.0.starts_with("92")
    }
}

impl FromStr for CreditCodeAsShown {
    type Err = CreditCodeError;
    /// Checks the format only. [`crate::LicenceNumber`] takes this path only after the strict parse
    /// failed on the check character alone and the applicant confirmed the code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_format(s).map(CreditCodeAsShown)
    }
}

// A licence number is printed on a public business licence: not personal data.
impl Mask for UnifiedSocialCreditCode {
    fn masked(&self) -> String {
        self.0.clone()
    }
}
impl Mask for CreditCodeAsShown {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for CreditCodeError {
    fn code(&self) -> &'static str {
        match self {
            CreditCodeError::Empty => "required",
            CreditCodeError::Length { .. } => "length",
            CreditCodeError::Character { .. } => "character",
            CreditCodeError::DivisionNotDigits => "division_not_digits",
            CreditCodeError::CheckCharacter => "check_character_unconfirmed",
        }
    }

    fn message(&self, l: Locale) -> String {
        match *self {
            CreditCodeError::Empty => l.pick("Enter the unified social credit code", "请填写统一社会信用代码", "請填寫統一社會信用代碼").into(),
            CreditCodeError::Length { found } => match l {
                Locale::En => format!(
                    "A unified social credit code has 18 characters and an old registration number 15 digits; you entered {found}"
                ),
                Locale::ZhCn => format!("统一社会信用代码为 18 位，旧版注册号为 15 位数字，您填写了 {found} 位"),
                Locale::ZhHant => format!("統一社會信用代碼為 18 位，舊版註冊號為 15 位數字，您填寫了 {found} 位"),
            },
            CreditCodeError::Character { position, found } => match l {
                Locale::En => format!(
                    "Character {position} (\u{201c}{found}\u{201d}) cannot appear in a credit code; the letters I, O, S, V and Z are never used"
                ),
                Locale::ZhCn => format!("第 {position} 位“{found}”不会出现在统一社会信用代码中（不使用 I、O、S、V、Z）"),
                Locale::ZhHant => format!("第 {position} 位「{found}」不會出現在統一社會信用代碼中（不使用 I、O、S、V、Z）"),
            },
            CreditCodeError::DivisionNotDigits => l
                .pick(
                    "Characters 3 to 8 are the area code and must be digits",
                    "第 3 至 8 位为行政区划码，应为数字", "第 3 至 8 位為行政區劃碼，應為數字",
                )
                .into(),
            CreditCodeError::CheckCharacter => l
                .pick(
                    "The last character doesn't match the rest of the code; check each character, or confirm that your licence really shows this code",
                    "最后一位校验码与前面的代码不符，请逐位核对；如营业执照上确实如此，请勾选确认", "最後一位校驗碼與前面的代碼不符，請逐位核對；如營業執照上確實如此，請勾選確認",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_examples_parse() {
        // python-stdnum `stdnum/cn/uscc.py` doctest.
        assert!("91110000600037341L".parse::<UnifiedSocialCreditCode>().is_ok());
        // GB 32100-2015's example, as quoted in 0x376h/ChineseNoReco `doTestReco.java`.
        let code: UnifiedSocialCreditCode = "91350100m000100y43".parse().unwrap();
        assert_eq!(code.as_str(), "91350100M000100Y43");
        assert!(!code.is_individual_business());
    }

    #[test]
    fn each_rule_has_its_error() {
        let p = |s: &str| s.parse::<UnifiedSocialCreditCode>();
        assert_eq!(p(""), Err(CreditCodeError::Empty));
        assert_eq!(p("9111000060003734"), Err(CreditCodeError::Length { found: 16 }));
        assert_eq!(
            p("9111000060003734IL"),
            Err(CreditCodeError::Character {
                position: 17,
                found: 'I'
            })
        );
        assert_eq!(p("91A10000600037341L"), Err(CreditCodeError::DivisionNotDigits));
        // python-stdnum doctest: a wrong check character.
        assert_eq!(p("91110000600037341M"), Err(CreditCodeError::CheckCharacter));
    }

    #[test]
    fn as_shown_skips_only_the_check_character() {
        assert!("91110000600037341M".parse::<CreditCodeAsShown>().is_ok());
        // A format error is never confirmable.
        assert_eq!(
            "9111000060003734IL".parse::<CreditCodeAsShown>().map(|_| ()),
            Err(CreditCodeError::Character {
                position: 17,
                found: 'I'
            })
        );
    }
}
