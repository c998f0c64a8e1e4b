//! Normalising what people actually type before a parser looks at it.
//!
//! Chinese input methods often produce full-width characters (`１２３`, `Ｘ`) and people group long
//! numbers with spaces or hyphens. Those are typing habits, not mistakes, so the parsers accept them
//! and store the plain form.

/// Maps full-width ASCII (U+FF01..=U+FF5E) and the ideographic space to their ASCII forms.
pub(crate) fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A number as typed → its compact form: half-width, no spaces, and optionally no hyphens.
pub(crate) fn compact(input: &str, strip_hyphens: bool) -> String {
    input
        .chars()
        .map(to_half_width)
        .filter(|c| !(c.is_whitespace() || (strip_hyphens && *c == '-')))
        .collect()
}

/// An identity or licence number as the form shows it while it is typed: half-width, no spaces,
/// upper case. The parsers accept the untidy form too; this only helps the applicant compare
/// what they typed with the document.
pub fn tidy_number(input: &str) -> String {
    // ASCII only: document numbers are ASCII once half-width, and the full Unicode case tables
    // would cost the browser bundle kilobytes for nothing.
    compact(input, false).to_ascii_uppercase()
}

/// Free text (names, addresses): trimmed, runs of whitespace collapsed to one space.
pub(crate) fn collapse_spaces(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in input.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Chinese characters: the CJK unified ideographs and their extensions and compatibility blocks.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{3134F}')
}

/// Latin letters, with or without diacritics: ASCII, Latin-1, Latin Extended-A and -B (José,
/// Müller, Dvořák), Latin Extended Additional (Nguyễn), and Latin Extended-C, -D and -E.
pub(crate) fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c,
            '\u{00C0}'..='\u{024F}'
            | '\u{1E00}'..='\u{1EFF}'
            | '\u{2C60}'..='\u{2C7F}'
            | '\u{A720}'..='\u{A7FF}'
            | '\u{AB30}'..='\u{AB6F}')
            && c != '\u{00D7}'
            && c != '\u{00F7}'
}

/// Combining diacritical marks: a letter typed as its base letter then its accent (`e` + `\u{0301}`).
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Counts characters as people do (Unicode scalar values), not bytes.
pub(crate) fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// The form in which two names are compared: spacing, bracket width, dot and apostrophe look-alikes
/// ignored, since a bank's account name and a licence print the same name with different
/// punctuation.
pub(crate) fn name_key(s: &str) -> String {
    collapse_spaces(s)
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '\u{2022}' | '\u{30FB}' | '\u{FF65}' => '·',
            '\u{2019}' | '\u{02BC}' => '\'',
            c => to_half_width(c).to_ascii_lowercase(),
        })
        .filter(|c| *c != ' ')
        .collect()
}

/// The common checked free-text field: trimmed and collapsed, then `min..=max` characters.
pub fn parse_text(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let text = collapse_spaces(&input.chars().map(to_half_width_space).collect::<String>());
    let count = char_count(&text);
    if count == 0 {
        Err(TextError::Empty)
    } else if count < min {
        Err(TextError::TooShort { min })
    } else if count > max {
        Err(TextError::TooLong { max })
    } else if text.chars().any(char::is_control) {
        Err(TextError::ControlCharacter)
    } else {
        Ok(text)
    }
}

// Only the ideographic space is folded in free text: full-width letters in a Chinese address are content.
fn to_half_width_space(c: char) -> char {
    if c == '\u{3000}' { ' ' } else { c }
}

/// Why free text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooShort { min: usize },
    TooLong { max: usize },
    ControlCharacter,
}
explained_error!(TextError);

impl crate::Explain for TextError {
    fn code(&self) -> &'static str {
        match self {
            TextError::Empty => "required",
            TextError::TooShort { .. } => "too_short",
            TextError::TooLong { .. } => "too_long",
            TextError::ControlCharacter => "control_character",
        }
    }
    fn message(&self, l: crate::Locale) -> String {
        use crate::Locale;
        match *self {
            TextError::Empty => l.pick("Enter this answer", "请填写此项", "請填寫此項").into(),
            TextError::TooShort { min } => match l {
                Locale::En => format!("Enter at least {min} characters"),
                Locale::ZhCn => format!("至少填写 {min} 个字符"),
                Locale::ZhHant => format!("至少填寫 {min} 個字元"),
            },
            TextError::TooLong { max } => match l {
                Locale::En => format!("Enter at most {max} characters"),
                Locale::ZhCn => format!("最多填写 {max} 个字符"),
                Locale::ZhHant => format!("最多填寫 {max} 個字元"),
            },
            TextError::ControlCharacter => l
                .pick(
                    "Remove the invisible characters",
                    "请删除不可见字符",
                    "請刪除不可見字元",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_numbers_are_upper_case_without_spaces() {
        assert_eq!(tidy_number("1101 0519 4912 3100 2x"), "11010519491231002X");
        assert_eq!(tidy_number("ｈ１２３４５６７８"), "H12345678");
    }

    #[test]
    fn compact_folds_full_width_and_spaces() {
        assert_eq!(compact("１１０ １０５-１９４９", true), "1101051949");
        assert_eq!(compact("a-b c", false), "a-bc");
    }

    #[test]
    fn collapse_trims_and_joins() {
        assert_eq!(collapse_spaces("  Li   Lei \t"), "Li Lei");
    }

    #[test]
    fn text_lengths_count_characters() {
        assert_eq!(parse_text("北京市", 2, 3), Ok("北京市".to_string()));
        assert_eq!(parse_text("北京市海", 2, 3), Err(TextError::TooLong { max: 3 }));
        assert_eq!(parse_text("   ", 2, 3), Err(TextError::Empty));
        assert_eq!(parse_text("a\u{7}b", 1, 9), Err(TextError::ControlCharacter));
    }
}
