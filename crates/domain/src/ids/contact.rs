//! The super administrator's mobile number and email address.

use std::str::FromStr;

use crate::{Explain, Locale, Mask, mask::mask_middle, text::compact};

/// A mainland mobile number: 11 digits, `1` then 3–9 (WeChat Pay's `mobile_phone` takes only these).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);
identifier!(MobileNumber);

impl MobileNumber {
    /// The digits of a mainland mobile number.
    pub const DIGITS: usize = 11;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobileNumberError {
    Empty,
    /// A number with another country's code (`+852 9123 4567`): WeChat Pay takes none.
    NotMainland,
    NotDigits,
    Length {
        found: usize,
    },
    /// 11 digits, but not a mobile range (landlines and 10/11/12 prefixes).
    NotMobile,
}
explained_error!(MobileNumberError);

impl FromStr for MobileNumber {
    type Err = MobileNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let typed = compact(s, true);
        // People paste international forms; the country code is not part of the number.
        let value = ["+86", "0086"]
            .iter()
            .find_map(|p| typed.strip_prefix(p))
            .unwrap_or(&typed);
        if value.is_empty() {
            return Err(MobileNumberError::Empty);
        }
        if value.starts_with('+') || value.starts_with("00") {
            return Err(MobileNumberError::NotMainland);
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MobileNumberError::NotDigits);
        }
        if value.len() != Self::DIGITS {
            return Err(MobileNumberError::Length { found: value.len() });
        }
        if !matches!(value.as_bytes()[..2], [b'1', b'3'..=b'9']) {
            return Err(MobileNumberError::NotMobile);
        }
        Ok(MobileNumber(value.to_string()))
    }
}

impl Mask for MobileNumber {
    fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

impl Explain for MobileNumberError {
    fn code(&self) -> &'static str {
        match self {
            MobileNumberError::Empty => "required",
            MobileNumberError::NotMainland => "not_mainland",
            MobileNumberError::NotDigits => "not_digits",
            MobileNumberError::Length { .. } => "length",
            MobileNumberError::NotMobile => "not_mobile",
        }
    }
    fn message(&self, l: Locale) -> String {
        let digits = MobileNumber::DIGITS;
        // Every refusal says what the field takes: WeChat Pay's `mobile_phone` is a mainland
        // number, whatever the applicant's residency.
        let wanted = match l {
            Locale::En => format!("Enter an {digits}-digit mainland China mobile number"),
            Locale::ZhCn => format!("请填写 {digits} 位中国大陆手机号码"),
            Locale::ZhHant => format!("請填寫 {digits} 位中國大陸手機號碼"),
        };
        match *self {
            MobileNumberError::Empty => wanted,
            MobileNumberError::NotMainland => match l {
                Locale::En => format!("{wanted}: WeChat Pay takes no other"),
                Locale::ZhCn => format!("{wanted}，微信支付不接受其他号码"),
                Locale::ZhHant => format!("{wanted}，微信支付不接受其他號碼"),
            },
            MobileNumberError::NotDigits => match l {
                Locale::En => format!("{wanted}, in digits only"),
                Locale::ZhCn => format!("{wanted}，只含数字"),
                Locale::ZhHant => format!("{wanted}，只含數字"),
            },
            MobileNumberError::Length { found } => match l {
                Locale::En => format!("{wanted}; you entered {found} digits"),
                Locale::ZhCn => format!("{wanted}，您填写了 {found} 位"),
                Locale::ZhHant => format!("{wanted}，您填寫了 {found} 位"),
            },
            MobileNumberError::NotMobile => match l {
                Locale::En => format!("{wanted}, like 138 0013 8000"),
                Locale::ZhCn => format!("{wanted}，如 138 0013 8000"),
                Locale::ZhHant => format!("{wanted}，如 138 0013 8000"),
            },
        }
    }
}

/// An email address: a dot-atom local part and a domain with at least two labels.
/// The domain is stored in lowercase; the local part as typed, since servers may treat case as significant.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);
identifier!(Email);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    /// No `@`, or more than one.
    At,
    LocalPart,
    Domain,
    TooLong,
}
explained_error!(EmailError);

const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";

fn dot_atom_ok(part: &str, allowed: impl Fn(char) -> bool) -> bool {
    !part.is_empty()
        && part
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(&allowed))
}

impl FromStr for Email {
    type Err = EmailError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value: String = s.trim().chars().map(crate::text::to_half_width).collect();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = match value.split_once('@') {
            Some((l, d)) if !d.contains('@') => (l, d.to_ascii_lowercase()),
            _ => return Err(EmailError::At),
        };
        if local.len() > 64 || !dot_atom_ok(local, |c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c)) {
            return Err(EmailError::LocalPart);
        }
        let labels_ok = domain.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        let tld = domain.rsplit('.').next().unwrap_or("");
        let tld_ok = tld.len() >= 2 && (tld.chars().all(|c| c.is_ascii_alphabetic()) || tld.starts_with("xn--"));
        if !domain.contains('.') || !labels_ok || !tld_ok {
            return Err(EmailError::Domain);
        }
        if local.len() + 1 + domain.len() > 254 {
            return Err(EmailError::TooLong);
        }
        Ok(Email(format!("{local}@{domain}")))
    }
}

impl Mask for Email {
    /// `z***@example.com`: enough to recognise one's own address, not to harvest it.
    fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').expect("parsed");
        let first = local.chars().next().expect("non-empty local part");
        format!("{first}***@{domain}")
    }
}

impl Explain for EmailError {
    fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "required",
            EmailError::At => "at_sign",
            EmailError::LocalPart => "local_part",
            EmailError::Domain => "domain",
            EmailError::TooLong => "too_long",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            EmailError::Empty => l.pick("Enter an email address", "请填写电子邮箱", "請填寫電子郵件地址"),
            EmailError::At => l.pick(
                "Enter an email address in the correct format, like name@example.com",
                "请按正确格式填写电子邮箱，如 name@example.com",
                "請按正確格式填寫電子郵件地址，如 name@example.com",
            ),
            EmailError::LocalPart => l.pick(
                "The part before the @ can only use letters, numbers and . _ - + characters",
                "@ 前的部分只能包含字母、数字和 . _ - + 等字符",
                "@ 前的部分只能包含字母、數字和 . _ - + 等字元",
            ),
            EmailError::Domain => l.pick(
                "The part after the @ must be a domain, like example.com",
                "@ 后的部分应为域名，如 example.com",
                "@ 後的部分應為域名，如 example.com",
            ),
            EmailError::TooLong => l.pick(
                "An email address can be at most 254 characters",
                "电子邮箱最多 254 个字符",
                "電子郵件地址最多 254 個字元",
            ),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers() {
        // The example number China Mobile prints in its own guides.
        assert_eq!("138 0013 8000".parse::<MobileNumber>().unwrap().as_str(), "13800138000");
        assert_eq!(
            "+86 138-0013-8000".parse::<MobileNumber>().unwrap().masked(),
            "138****8000"
        );
        assert_eq!(
            "1380013800".parse::<MobileNumber>(),
            Err(MobileNumberError::Length { found: 10 })
        );
        assert_eq!("12800138000".parse::<MobileNumber>(), Err(MobileNumberError::NotMobile));
        assert_eq!(
            "010 6552 9988".parse::<MobileNumber>(),
            Err(MobileNumberError::NotMobile)
        );
        assert_eq!("138OO138000".parse::<MobileNumber>(), Err(MobileNumberError::NotDigits));
        // A Hong Kong operator's number (issue 15, item 2): refused for what it is, and the
        // message says what the field takes.
        for other in ["+852 9123 4567", "00852 9123 4567", "+1 415 555 0100"] {
            assert_eq!(
                other.parse::<MobileNumber>(),
                Err(MobileNumberError::NotMainland),
                "{other}"
            );
        }
        assert_eq!(
            MobileNumberError::NotMainland.message(Locale::En),
            "Enter an 11-digit mainland China mobile number: WeChat Pay takes no other"
        );
        for error in [
            MobileNumberError::NotMainland,
            MobileNumberError::NotDigits,
            MobileNumberError::Length { found: 8 },
            MobileNumberError::NotMobile,
        ] {
            for l in Locale::ALL {
                assert!(error.message(l).contains("11"), "{error:?} in {l:?}");
            }
        }
    }

    #[test]
    fn email_addresses() {
        // RFC 5321/5322 dot-atom examples.
        let e: Email = " Zhang.San+promo@Example.COM ".parse().unwrap();
        assert_eq!(e.as_str(), "Zhang.San+promo@example.com");
        assert_eq!(e.masked(), "Z***@example.com");
        assert_eq!("zhangsan＠qq.com".parse::<Email>().unwrap().as_str(), "zhangsan@qq.com");
        assert_eq!("zhangsan".parse::<Email>(), Err(EmailError::At));
        assert_eq!("a@b@c.com".parse::<Email>(), Err(EmailError::At));
        assert_eq!("zhang..san@qq.com".parse::<Email>(), Err(EmailError::LocalPart));
        assert_eq!("zhang san@qq.com".parse::<Email>(), Err(EmailError::LocalPart));
        assert_eq!("zhangsan@qq".parse::<Email>(), Err(EmailError::Domain));
        assert_eq!("zhangsan@-qq.com".parse::<Email>(), Err(EmailError::Domain));
        assert_eq!("zhangsan@qq.c".parse::<Email>(), Err(EmailError::Domain));
    }
}
