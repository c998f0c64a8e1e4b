//! Names: of people (as on their identity document), of merchants (as on the licence), and the
//! account name a promoter chooses at registration.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, mask::mask_middle, text};

/// A person's name as printed on their document, 2–30 characters. A Chinese name: Chinese
/// characters, and the middle dot `·` between parts (阿卜杜拉·买买提). A Latin-script name
/// (passports, permits): Latin letters with or without diacritics (José, Nguyễn), spaces, hyphens
/// and apostrophes `'` `’` (Jean-Luc O'Brien). Look-alike dots typed by input methods become `·`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);
identifier!(PersonName);

/// A merchant name as on the business licence: 2–110 characters; brackets allowed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MerchantName(String);
identifier!(MerchantName);

/// The public name a promoter chooses at registration: 2–20 letters (any script) or digits, `_` or
/// `-`, starting with a letter. Unique regardless of case (see [`AccountName::key`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountName(String);
identifier!(AccountName);

/// The rule a name broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// A character this kind of name cannot contain.
    Character {
        found: char,
    },
    /// A `·`, hyphen or space at the start or end, or two in a row; an apostrophe away from any
    /// letter.
    Separator,
    /// Brackets that do not pair up.
    Brackets,
    /// An account name must start with a letter.
    Start,
}
explained_error!(NameError);

const DOT: char = '·';

/// Middle-dot look-alikes produced by common input methods and fonts.
fn fold_dot(c: char) -> char {
    match c {
        '\u{2022}' | '\u{30FB}' | '\u{FF65}' | '\u{2027}' | '\u{318D}' | '\u{02D1}' | '\u{2219}' => DOT,
        _ => c,
    }
}

fn length(value: &str, min: usize, max: usize) -> Result<(), NameError> {
    match text::char_count(value) {
        0 => Err(NameError::Empty),
        n if n < min => Err(NameError::TooShort { min }),
        n if n > max => Err(NameError::TooLong { max }),
        _ => Ok(()),
    }
}

impl PersonName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 30;
}

/// The modifier-letter apostrophe some keyboards type for `’`.
fn fold_apostrophe(c: char) -> char {
    if c == '\u{02BC}' { '’' } else { c }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// A letter of a name, or an accent typed after one.
fn is_name_letter(c: char) -> bool {
    text::is_cjk(c) || text::is_latin_letter(c) || text::is_combining_mark(c)
}

/// Separators stand between two letters; an apostrophe touches a letter on one side at least, and
/// nothing but a letter, a space or the name's end on the other (O'Neil, 't Hooft).
fn separators_ok(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    chars.iter().enumerate().all(|(i, &c)| {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let letter = |c: Option<char>| c.is_some_and(is_name_letter);
        if c == ' ' || c == DOT || c == '-' {
            letter(before) && letter(after)
        } else if is_apostrophe(c) {
            let open = |c: Option<char>| c.is_none_or(|c| c == ' ' || is_name_letter(c));
            (letter(before) || letter(after)) && open(before) && open(after)
        } else {
            // An accent needs a Latin letter (or another accent) before it.
            !text::is_combining_mark(c)
                || before.is_some_and(|b| text::is_latin_letter(b) || text::is_combining_mark(b))
        }
    })
}

impl FromStr for PersonName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = text::collapse_spaces(
            &s.chars()
                .map(text::to_half_width)
                .map(fold_dot)
                .map(fold_apostrophe)
                .collect::<String>(),
        );
        length(&value, Self::MIN, Self::MAX)?;
        // Hyphens and apostrophes belong to Latin-script names; a Chinese name has none.
        let chinese = value.chars().any(text::is_cjk);
        let allowed =
            |c: char| is_name_letter(c) || c == ' ' || c == DOT || (!chinese && (c == '-' || is_apostrophe(c)));
        if let Some(found) = value.chars().find(|&c| !allowed(c)) {
            return Err(NameError::Character { found });
        }
        if !separators_ok(&value) {
            return Err(NameError::Separator);
        }
        Ok(PersonName(value))
    }
}

impl Mask for PersonName {
    /// Names are personal data too: the family name (first character) and the rest starred.
    fn masked(&self) -> String {
        mask_middle(&self.0, 1, 0)
    }
}

impl MerchantName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 110;

    /// Whether the name ends in 公司 ("company"), which an individual business's name may not.
    pub fn ends_with_company(&self) -> bool {
        self.0.trim_end_matches([')', '）']).ends_with("公司")
    }
}

fn merchant_char_ok(c: char) -> bool {
    c.is_alphanumeric() || text::is_cjk(c) || " ()（）·-&.,'、".contains(c)
}

impl FromStr for MerchantName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = text::collapse_spaces(&s.replace('\u{3000}', " "));
        length(&value, Self::MIN, Self::MAX)?;
        if let Some(found) = value.chars().find(|&c| !merchant_char_ok(c)) {
            return Err(NameError::Character { found });
        }
        let mut depth: i32 = 0;
        for c in value.chars() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return Err(NameError::Brackets);
            }
        }
        if depth != 0 {
            return Err(NameError::Brackets);
        }
        Ok(MerchantName(value))
    }
}

impl Mask for MerchantName {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl AccountName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 20;

    /// The uniqueness key: account names differ only if they differ ignoring case and look
    /// different. Names that differ only by look-alike letters (a Cyrillic "о" for a Latin "o",
    /// "rn" for "m") have one key: the Unicode confusable skeleton (UTS #39) of the lower-cased
    /// name. Only the server compares keys, so the browser's bundle has no confusables table.
    pub fn key(&self) -> String {
        unicode_security::skeleton(&self.0.to_lowercase()).collect()
    }
}

impl FromStr for AccountName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value: String = s.trim().chars().map(text::to_half_width).collect();
        length(&value, Self::MIN, Self::MAX)?;
        if let Some(found) = value.chars().find(|&c| !(c.is_alphanumeric() || c == '_' || c == '-')) {
            return Err(NameError::Character { found });
        }
        if !value.chars().next().is_some_and(char::is_alphabetic) {
            return Err(NameError::Start);
        }
        Ok(AccountName(value))
    }
}

impl Mask for AccountName {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for NameError {
    fn code(&self) -> &'static str {
        match self {
            NameError::Empty => "required",
            NameError::TooShort { .. } => "too_short",
            NameError::TooLong { .. } => "too_long",
            NameError::Character { .. } => "character",
            NameError::Separator => "separator",
            NameError::Brackets => "brackets",
            NameError::Start => "start",
        }
    }
    fn message(&self, l: Locale) -> String {
        match *self {
            NameError::Empty => l.pick("Enter the name", "请填写名称", "請填寫名稱").into(),
            NameError::TooShort { min } => match l {
                Locale::En => format!("Enter at least {min} characters"),
                Locale::ZhCn => format!("至少填写 {min} 个字符"),
                Locale::ZhHant => format!("至少填寫 {min} 個字元"),
            },
            NameError::TooLong { max } => match l {
                Locale::En => format!("Enter at most {max} characters"),
                Locale::ZhCn => format!("最多填写 {max} 个字符"),
                Locale::ZhHant => format!("最多填寫 {max} 個字元"),
            },
            NameError::Character { found } => match l {
                Locale::En => format!("\u{201c}{found}\u{201d} cannot be used here"),
                Locale::ZhCn => format!("此处不能使用“{found}”"),
                Locale::ZhHant => format!("此處不能使用「{found}」"),
            },
            NameError::Separator => l
                .pick(
                    "A ·, hyphen, apostrophe or space can only stand between two parts of the name",
                    "“·”、连字符、撇号或空格只能位于名字的两部分之间",
                    "「·」、連字號、撇號或空格只能位於名字的兩部分之間",
                )
                .into(),
            NameError::Brackets => l
                .pick(
                    "Each opening bracket needs a closing one",
                    "括号需成对出现",
                    "括號需成對出現",
                )
                .into(),
            NameError::Start => l
                .pick("Start with a letter", "请以字母或汉字开头", "請以字母或漢字開頭")
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        // domain.md §4's example of a name with a middle dot.
        assert_eq!(
            "阿卜杜拉·买买提".parse::<PersonName>().unwrap().as_str(),
            "阿卜杜拉·买买提"
        );
        assert_eq!(
            "阿卜杜拉•买买提".parse::<PersonName>().unwrap().as_str(),
            "阿卜杜拉·买买提"
        );
        assert_eq!(
            "  José   García ".parse::<PersonName>().unwrap().as_str(),
            "José García"
        );
        assert_eq!("李".parse::<PersonName>(), Err(NameError::TooShort { min: 2 }));
        assert_eq!("李4".parse::<PersonName>(), Err(NameError::Character { found: '4' }));
        assert_eq!("·李雷".parse::<PersonName>(), Err(NameError::Separator));
        assert_eq!("李··雷".parse::<PersonName>(), Err(NameError::Separator));
        assert_eq!("张三".parse::<PersonName>().unwrap().masked(), "张*");
    }

    /// Latin-script names as printed on passports and permits (issue 15, item 1).
    #[test]
    fn latin_names_as_printed() {
        for name in [
            "Jean-Luc O'Brien",
            "Anne-Marie",
            "O'Neil",
            "O’Neil",
            "Nguyễn Văn A",
            "Dvořák",
            "Łukasz Żółć",
            "'t Hooft",
            "Mary-Kate D'Arcy-Smith",
        ] {
            assert_eq!(
                name.parse::<PersonName>().map(|n| n.as_str().to_string()),
                Ok(name.to_string())
            );
        }
        // An accent typed after its letter is part of the letter.
        assert!("Nguye\u{0302}\u{0303}n Van A".parse::<PersonName>().is_ok());
        // The modifier-letter apostrophe some keyboards type reads as ’.
        assert_eq!("O\u{02BC}Neil".parse::<PersonName>().unwrap().as_str(), "O’Neil");
        for name in [
            "-Anne",
            "Anne-",
            "Anne--Marie",
            "Anne -Marie",
            "Anne- Marie",
            "O''Neil",
            "' Neil",
            "Anne-'Marie",
        ] {
            assert_eq!(name.parse::<PersonName>(), Err(NameError::Separator), "{name}");
        }
        assert_eq!("\u{0301}Anne".parse::<PersonName>(), Err(NameError::Separator));
        // Chinese names keep their rule: no hyphens or apostrophes.
        assert_eq!("张-三".parse::<PersonName>(), Err(NameError::Character { found: '-' }));
        assert_eq!("张'三".parse::<PersonName>(), Err(NameError::Character { found: '\'' }));
        assert_eq!(
            "Anne_Marie".parse::<PersonName>(),
            Err(NameError::Character { found: '_' })
        );
        // The same name with either apostrophe is the same name when names are compared.
        assert_eq!(text::name_key("O'Neil"), text::name_key("O’Neil"));
    }

    #[test]
    fn merchant_names() {
        let name: MerchantName = "深圳市腾讯计算机系统有限公司".parse().unwrap();
        assert!(name.ends_with_company());
        assert!(
            "腾讯科技（深圳）有限公司"
                .parse::<MerchantName>()
                .unwrap()
                .ends_with_company()
        );
        assert!(!"个体户张三".parse::<MerchantName>().unwrap().ends_with_company());
        assert!(
            "北京某某商贸有限公司（分公司）"
                .parse::<MerchantName>()
                .unwrap()
                .ends_with_company()
        );
        assert_eq!("某某（深圳有限公司".parse::<MerchantName>(), Err(NameError::Brackets));
        assert_eq!("某某)(公司".parse::<MerchantName>(), Err(NameError::Brackets));
        assert_eq!(
            "某某公司😀".parse::<MerchantName>(),
            Err(NameError::Character { found: '😀' })
        );
    }

    #[test]
    fn account_names() {
        let a: AccountName = "Li_Lei-2024".parse().unwrap();
        let b: AccountName = "li_lei-2024".parse().unwrap();
        assert_eq!(a.key(), b.key());
        // Look-alikes: a Cyrillic о and а, a Greek Ο, "rn" for "m", a full-width letter.
        for (one, other) in [
            ("promoter", "pr\u{43e}moter"),
            ("paypal", "p\u{430}yp\u{430}l"),
            ("Oscar", "\u{39f}scar"),
            ("modern", "rnodern"),
            ("shop", "ｓhop"),
        ] {
            let (one, other): (AccountName, AccountName) = (one.parse().unwrap(), other.parse().unwrap());
            assert_eq!(one.key(), other.key(), "{one} / {other}");
        }
        for (one, other) in [("promoter", "promotor"), ("小王", "小玉"), ("li_lei", "li-lei")] {
            let (one, other): (AccountName, AccountName) = (one.parse().unwrap(), other.parse().unwrap());
            assert_ne!(one.key(), other.key(), "{one} / {other}");
        }
        assert!("推客小王".parse::<AccountName>().is_ok());
        assert_eq!("2024li".parse::<AccountName>(), Err(NameError::Start));
        assert_eq!(
            "li lei".parse::<AccountName>(),
            Err(NameError::Character { found: ' ' })
        );
    }
}

/// Another account already has this name (names are unique regardless of case and look-alike
/// letters). Not a parse
/// error: only the server knows, but the browser and the server say it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountNameTaken;
explained_error!(AccountNameTaken);

impl Explain for AccountNameTaken {
    fn code(&self) -> &'static str {
        "account_name_taken"
    }
    fn message(&self, l: Locale) -> String {
        l.pick(
            "This account name is taken; choose another",
            "该账号名称已被使用，请换一个",
            "該帳號名稱已被使用，請換一個",
        )
        .into()
    }
}
