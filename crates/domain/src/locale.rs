//! The three languages of the product and the trait through which every rule explains itself.
//!
//! Messages live next to their rules, in this crate, so the browser and the server say exactly the
//! same thing about the same mistake.

use std::fmt;
use std::str::FromStr;

/// A language the product speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    /// Simplified Chinese, as written on the mainland.
    ZhCn,
    /// Traditional Chinese, for applicants from Hong Kong, Macao and Taiwan.
    ZhHant,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::ZhCn, Locale::ZhHant];

    /// The BCP 47 tag, as used in `<html lang>` and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::ZhHant => "zh-Hant",
        }
    }

    /// The best locale for a language tag: Chinese in the Traditional script, or of Hong Kong,
    /// Macao or Taiwan → Traditional; any other Chinese tag → Simplified; English → English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let mut subtags = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        match subtags.next()?.as_str() {
            "zh" => {
                // The script decides when it is given (zh-Hans-HK is Simplified); else the region.
                let rest: Vec<String> = subtags.collect();
                let traditional = match rest.iter().find(|s| s.len() == 4) {
                    Some(script) => script == "hant",
                    None => rest.iter().any(|s| matches!(s.as_str(), "tw" | "hk" | "mo")),
                };
                Some(if traditional { Locale::ZhHant } else { Locale::ZhCn })
            }
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's name in itself, as a language switch shows it: the same in every language.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
            Locale::ZhHant => "繁體中文",
        }
    }

    /// The first supported language of a preference list (`navigator.languages`, `Accept-Language`).
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Locale {
        preferences
            .into_iter()
            .find_map(|tag| Locale::from_tag(tag.split(';').next().unwrap_or(tag)))
            .unwrap_or_default()
    }

    /// Picks the text for this locale. Used by every message so the languages are written side
    /// by side.
    pub fn pick<T>(self, en: T, hans: T, hant: T) -> T {
        match self {
            Locale::En => en,
            Locale::ZhCn => hans,
            Locale::ZhHant => hant,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// The tag is not one of the product's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownLocale;

impl fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unsupported language; use en, zh-CN or zh-Hant")
    }
}

impl FromStr for Locale {
    type Err = UnknownLocale;
    fn from_str(s: &str) -> Result<Locale, UnknownLocale> {
        Locale::from_tag(s).ok_or(UnknownLocale)
    }
}

serde_via_str!(Locale);

/// A rule's verdict in words: a stable machine code and a plain message in each language.
pub trait Explain {
    /// Stable snake_case code, the same in the API's `fields[].code` and in tests.
    fn code(&self) -> &'static str;
    /// One plain sentence saying what is wrong and how to fix it.
    fn message(&self, locale: Locale) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_like_browsers_send() {
        assert_eq!(Locale::negotiate(["fr-FR", "zh-Hans-CN", "en"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["en-GB;q=0.9"]), Locale::En);
        assert_eq!(Locale::negotiate(["de"]), Locale::En);
        assert_eq!("zh_CN".parse(), Ok(Locale::ZhCn));
        assert_eq!(Locale::negotiate(["zh-TW", "en"]), Locale::ZhHant);
        assert_eq!(Locale::negotiate(["zh-HK"]), Locale::ZhHant);
        assert_eq!(Locale::negotiate(["zh-Hant-CN"]), Locale::ZhHant);
        assert_eq!(Locale::negotiate(["zh-Hans-HK"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["zh"]), Locale::ZhCn);
        assert_eq!("zh-Hant".parse(), Ok(Locale::ZhHant));
    }
}
