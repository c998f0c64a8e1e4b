//! The store a promoter sells through (`sales_scene_info`) and the merchant's short name.

use std::str::FromStr;

use crate::{Explain, Locale, Mask};

/// An `http`/`https` address of the store. Checked by hand, not by the `url` crate, which would add
/// about 230 KB (with `idna`) to the browser bundle for a rule this small.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StoreUrl(String);
identifier!(StoreUrl);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreUrlError {
    Empty,
    Scheme,
    Host,
    TooLong,
}
explained_error!(StoreUrlError);

impl FromStr for StoreUrl {
    type Err = StoreUrlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = s.trim();
        if value.is_empty() {
            return Err(StoreUrlError::Empty);
        }
        if value.len() > 1024 {
            return Err(StoreUrlError::TooLong);
        }
        let lower = value.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or(StoreUrlError::Scheme)?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        });
        let host_ok = host.contains('.')
            && host
                .split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
        if !host_ok || value.chars().any(char::is_whitespace) {
            return Err(StoreUrlError::Host);
        }
        Ok(StoreUrl(value.to_string()))
    }
}

impl Mask for StoreUrl {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for StoreUrlError {
    fn code(&self) -> &'static str {
        match self {
            StoreUrlError::Empty => "required",
            StoreUrlError::Scheme => "scheme",
            StoreUrlError::Host => "host",
            StoreUrlError::TooLong => "too_long",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            StoreUrlError::Empty => l.pick("Enter the store's web address", "请填写店铺链接", "請填寫店鋪連結"),
            StoreUrlError::Scheme => l.pick(
                "Enter the full address, starting with https://",
                "请填写以 https:// 开头的完整链接",
                "請填寫以 https:// 開頭的完整連結",
            ),
            StoreUrlError::Host => l.pick(
                "Enter a web address like https://shop.example.com, without spaces",
                "请填写形如 https://shop.example.com 的链接，不含空格",
                "請填寫形如 https://shop.example.com 的連結，不含空格",
            ),
            StoreUrlError::TooLong => l.pick(
                "A web address can be at most 1024 characters",
                "链接最多 1024 个字符",
                "連結最多 1024 個字元",
            ),
        }
        .into()
    }
}

/// The merchant's short name shown to buyers: at most 64 bytes of UTF-8 (21 Chinese characters).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MerchantShortName(String);
identifier!(MerchantShortName);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortNameError {
    Empty,
    TooLong { max_bytes: usize },
}
explained_error!(ShortNameError);

impl MerchantShortName {
    pub const MAX_BYTES: usize = 64;
}

impl FromStr for MerchantShortName {
    type Err = ShortNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = crate::text::collapse_spaces(s);
        if value.is_empty() {
            return Err(ShortNameError::Empty);
        }
        if value.len() > Self::MAX_BYTES {
            return Err(ShortNameError::TooLong {
                max_bytes: Self::MAX_BYTES,
            });
        }
        Ok(MerchantShortName(value))
    }
}

impl Mask for MerchantShortName {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for ShortNameError {
    fn code(&self) -> &'static str {
        match self {
            ShortNameError::Empty => "required",
            ShortNameError::TooLong { .. } => "too_long",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            ShortNameError::Empty => l.pick("Enter a short name", "请填写商户简称", "請填寫商戶簡稱").into(),
            ShortNameError::TooLong { .. } => l
                .pick(
                    "The short name is too long: at most 21 Chinese characters or 64 letters",
                    "商户简称过长：最多 21 个汉字或 64 个字母",
                    "商戶簡稱過長：最多 21 個漢字或 64 個字母",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_urls() {
        assert!("https://shop.example.com/p?id=1".parse::<StoreUrl>().is_ok());
        assert!("http://商店.中国:8080/".parse::<StoreUrl>().is_ok());
        assert_eq!("shop.example.com".parse::<StoreUrl>(), Err(StoreUrlError::Scheme));
        assert_eq!("https://localhost".parse::<StoreUrl>(), Err(StoreUrlError::Host));
        assert_eq!("https://a b.com".parse::<StoreUrl>(), Err(StoreUrlError::Host));
    }

    #[test]
    fn short_names_count_bytes() {
        assert!(
            "一二三四五六七八九十一二三四五六七八九十一"
                .parse::<MerchantShortName>()
                .is_ok()
        );
        assert_eq!(
            "一二三四五六七八九十一二三四五六七八九十一二".parse::<MerchantShortName>(),
            Err(ShortNameError::TooLong { max_bytes: 64 })
        );
    }
}
