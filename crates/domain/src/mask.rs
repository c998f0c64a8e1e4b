//! Masked forms of personal data, for logs, summaries and API responses that are not the owner's own draft.

/// A value that has a safe-to-show form. `Debug` of every personal-data newtype uses it, so a stray
/// `{:?}` in a log line cannot leak an ID or account number.
pub trait Mask {
    fn masked(&self) -> String;
}

/// Keeps `head` leading and `tail` trailing characters and stars the rest. A value too short for
/// that keeps only its last quarter, so a mask never shows a whole value.
pub fn mask_middle(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let (head, tail) = if head + tail >= n {
        (0, (n / 4).min(tail))
    } else {
        (head, tail)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_middle() {
        assert_eq!(mask_middle("11010519491231002X", 3, 4), "110***********002X");
        assert_eq!(mask_middle("6222020200112233445", 0, 4), "***************3445");
    }

    #[test]
    fn short_values_keep_only_a_quarter() {
        assert_eq!(mask_middle("1234", 3, 4), "***4");
        assert_eq!(mask_middle("", 3, 4), "");
    }
}
