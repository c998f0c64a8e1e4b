//! What the tracking page computes from the status: the time left before the verification
//! deadline, and the remittance amount in yuan.

/// How long is left before a deadline, as the countdown shows it: whole days and hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeLeft {
    pub days: u32,
    pub hours: u32,
}

const HOUR_MS: i64 = 3_600_000;

impl TimeLeft {
    /// The time left from `now` to `deadline` (Unix milliseconds), or `None` once it has passed.
    /// A part of an hour counts as an hour, so the countdown never says 0 hours before the end.
    ///
    /// ```
    /// use onboarding_domain::tracking::TimeLeft;
    /// let hour = 3_600_000;
    /// assert_eq!(TimeLeft::until(50 * hour, hour / 2), Some(TimeLeft { days: 2, hours: 2 }));
    /// assert_eq!(TimeLeft::until(hour, hour), None);
    /// ```
    pub fn until(deadline: i64, now: i64) -> Option<TimeLeft> {
        let left = deadline.checked_sub(now)?;
        if left <= 0 {
            return None;
        }
        let hours = (left + HOUR_MS - 1) / HOUR_MS;
        Some(TimeLeft {
            days: u32::try_from(hours / 24).unwrap_or(u32::MAX),
            hours: (hours % 24) as u32,
        })
    }
}

/// An amount in fen (1/100 yuan) written in yuan with two decimals, as a bank's transfer form
/// wants it: `12` fen is `0.12`.
///
/// ```
/// assert_eq!(onboarding_domain::tracking::yuan(12), "0.12");
/// assert_eq!(onboarding_domain::tracking::yuan(100_005), "1000.05");
/// ```
pub fn yuan(fen: u32) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Reads an amount in yuan as the applicant types it (`0.12`, `0.1`, `1`, `¥0.12`) into fen;
/// `None` for anything that is not an amount with at most two decimals.
///
/// ```
/// use onboarding_domain::tracking::fen;
/// assert_eq!(fen("0.12"), Some(12));
/// assert_eq!(fen("¥ 1.5"), Some(150));
/// assert_eq!(fen("0.123"), None);
/// ```
pub fn fen(typed: &str) -> Option<u32> {
    let text = typed.trim().trim_start_matches(['¥', '￥']).trim();
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && part.is_empty() || !digits(whole) || !digits(part) || part.len() > 2 {
        return None;
    }
    let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let part: u32 = format!("{part:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOUR: i64 = HOUR_MS;

    #[test]
    fn the_thirty_day_window_counts_down() {
        let start = 1_700_000_000_000;
        let deadline = start + 30 * 24 * HOUR;
        assert_eq!(TimeLeft::until(deadline, start), Some(TimeLeft { days: 30, hours: 0 }));
        assert_eq!(
            TimeLeft::until(deadline, start + 1),
            Some(TimeLeft { days: 30, hours: 0 })
        );
        assert_eq!(
            TimeLeft::until(deadline, start + HOUR + 1),
            Some(TimeLeft { days: 29, hours: 23 })
        );
        assert_eq!(
            TimeLeft::until(deadline, deadline - 1),
            Some(TimeLeft { days: 0, hours: 1 })
        );
        assert_eq!(TimeLeft::until(deadline, deadline), None);
        assert_eq!(TimeLeft::until(deadline, deadline + HOUR), None);
        assert_eq!(TimeLeft::until(i64::MIN, i64::MAX), None);
    }

    proptest! {
        #[test]
        fn yuan_and_fen_are_inverse(amount in 0u32..10_000_000) {
            prop_assert_eq!(fen(&yuan(amount)), Some(amount));
        }

        #[test]
        fn time_left_never_overstates(now in 0i64..1 << 45, left in 1i64..60 * 24 * HOUR) {
            let t = TimeLeft::until(now + left, now).unwrap();
            let shown = (i64::from(t.days) * 24 + i64::from(t.hours)) * HOUR;
            prop_assert!(shown >= left && shown - left < HOUR);
        }
    }

    #[test]
    fn amounts_that_are_not_amounts() {
        for typed in ["", ".", "abc", "1.2.3", "-1", "0.123", "1,00"] {
            assert_eq!(fen(typed), None, "{typed}");
        }
        assert_eq!(fen(".5"), Some(50));
        assert_eq!(fen("￥0.01"), Some(1));
    }
}
