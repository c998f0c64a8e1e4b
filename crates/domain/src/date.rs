//! Calendar dates as the documents print them (`YYYY-MM-DD`), and "today" in China.
//!
//! A tiny civil-date type instead of `chrono`: the rules need parsing, ordering and today's date,
//! and nothing else, and every byte counts in the browser bundle.

use std::fmt;
use std::str::FromStr;

/// A valid Gregorian date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a `YYYY-MM-DD` string is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Format,
    /// Well-formed, but no such day (2023-02-29).
    NoSuchDay,
}

impl Date {
    /// The date, if it exists in the Gregorian calendar (years 1000–9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid =
            (1000..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses eight ASCII digits `YYYYMMDD` (the birth date inside a resident ID number).
    pub fn from_compact(digits: &str) -> Option<Date> {
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Date::new(
            digits[0..4].parse().ok()?,
            digits[4..6].parse().ok()?,
            digits[6..8].parse().ok()?,
        )
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`] (Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, month as u8, day as u8)
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Today in China Standard Time (UTC+8, no daylight saving): the calendar the documents use.
    pub fn today_in_china() -> Date {
        let days = (crate::clock::now_unix_millis() + CST_OFFSET_MS).div_euclid(DAY_MS);
        Date::from_days_since_epoch(days).expect("the clock is within years 1000-9999")
    }

    /// Unix milliseconds at which this day begins in China (limits "per day" count from here).
    pub fn start_in_china_ms(self) -> i64 {
        self.days_since_epoch() * DAY_MS - CST_OFFSET_MS
    }
}

const DAY_MS: i64 = 86_400_000;
/// China Standard Time is UTC+8 all year.
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.trim().as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(DateError::Format);
        }
        let s = s.trim();
        Date::from_compact(&[&s[0..4], &s[5..7], &s[8..10]].concat()).ok_or(DateError::NoSuchDay)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

serde_via_str!(Date);
explained_error!(DateError);

impl crate::Explain for DateError {
    fn code(&self) -> &'static str {
        match self {
            DateError::Format => "date_format",
            DateError::NoSuchDay => "no_such_day",
        }
    }
    fn message(&self, l: crate::Locale) -> String {
        match self {
            DateError::Format => l.pick(
                "Enter the date as shown on the document, like 2020-05-31",
                "请按证件填写日期，如 2020-05-31",
                "請按證件填寫日期，如 2020-05-31",
            ),
            DateError::NoSuchDay => l.pick(
                "This date does not exist; check the day and month",
                "该日期不存在，请检查年月日",
                "該日期不存在，請檢查年月日",
            ),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!("2023-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("1900-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2000-02-29".parse::<Date>().map(|d| d.day()), Ok(29));
        assert_eq!("2024-2-29".parse::<Date>(), Err(DateError::Format));
        assert_eq!("2024/02/29".parse::<Date>(), Err(DateError::Format));
        assert_eq!("２０２４-02-29".parse::<Date>(), Err(DateError::Format));
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        for days in (-300_000..300_000).step_by(997) {
            let d = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(d.days_since_epoch(), days);
        }
    }

    #[test]
    fn a_china_day_starts_at_16_00_utc_the_day_before() {
        // 1970-01-02 00:00 in Beijing is 1970-01-01 16:00 UTC.
        assert_eq!(Date::new(1970, 1, 2).unwrap().start_in_china_ms(), 16 * 3_600_000);
    }

    #[test]
    fn today_is_plausible() {
        assert!(Date::today_in_china() > Date::new(2026, 1, 1).unwrap());
    }
}
