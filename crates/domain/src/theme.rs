//! Theming an embedded form: the CSS custom properties a host may set on its
//! `<promoter-onboarding>` element, and the rule its colours must meet. A theme whose text or
//! primary colour is hard to read on its background (under WCAG's 4.5:1 for text), or whose
//! buttons' white text is hard to read on the primary colour, is refused as a whole: the form
//! keeps its own colours, and the host is told which pair failed.

/// The theme's properties, as hosts write them (README, "Theming").
pub mod property {
    pub const PRIMARY: &str = "--onboarding-primary";
    pub const TEXT: &str = "--onboarding-text";
    pub const BACKGROUND: &str = "--onboarding-background";
    pub const ERROR: &str = "--onboarding-error";
    pub const BORDER: &str = "--onboarding-border";
    pub const FOCUS: &str = "--onboarding-focus";
    pub const RADIUS: &str = "--onboarding-radius";
    pub const FONT_FAMILY: &str = "--onboarding-font-family";
    pub const FONT_SIZE: &str = "--onboarding-font-size";
    pub const SPACING: &str = "--onboarding-spacing";
}

/// Every property of a theme; the first six are colours.
pub const PROPERTIES: [&str; 10] = [
    property::PRIMARY,
    property::TEXT,
    property::BACKGROUND,
    property::ERROR,
    property::BORDER,
    property::FOCUS,
    property::RADIUS,
    property::FONT_FAMILY,
    property::FONT_SIZE,
    property::SPACING,
];

/// The colour properties.
pub const COLOURS: &[&str] = PROPERTIES.split_at(6).0;

/// WCAG 2's minimum contrast for text (success criterion 1.4.3, level AA), in hundredths.
pub const MIN_CONTRAST_HUNDREDTHS: u32 = 450;

/// The same, as a ratio.
pub const MIN_CONTRAST: f64 = MIN_CONTRAST_HUNDREDTHS as f64 / 100.0;

/// Each sRGB channel value's linear light (WCAG 2's formula, `((c + 0.055) / 1.055)^2.4` above
/// 0.04045), ×65535. A table rather than `powf`, and contrasts said in hundredths rather than
/// formatted floats: both measured kilobytes of the browser's first load. A test holds the table
/// to the formula.
const LINEAR: [u16; 256] = [
    0, 20, 40, 60, 80, 99, 119, 139, 159, 179, 199, 219, 241, 264, 288, 313, 340, 367, 396, 427, 458, 491, 526, 562,
    599, 637, 677, 718, 761, 805, 851, 898, 947, 997, 1048, 1101, 1156, 1212, 1270, 1330, 1391, 1453, 1517, 1583, 1651,
    1720, 1790, 1863, 1937, 2013, 2090, 2170, 2250, 2333, 2418, 2504, 2592, 2681, 2773, 2866, 2961, 3058, 3157, 3258,
    3360, 3464, 3570, 3678, 3788, 3900, 4014, 4129, 4247, 4366, 4488, 4611, 4736, 4864, 4993, 5124, 5257, 5392, 5530,
    5669, 5810, 5953, 6099, 6246, 6395, 6547, 6700, 6856, 7014, 7174, 7335, 7500, 7666, 7834, 8004, 8177, 8352, 8528,
    8708, 8889, 9072, 9258, 9445, 9635, 9828, 10022, 10219, 10417, 10619, 10822, 11028, 11235, 11446, 11658, 11873,
    12090, 12309, 12530, 12754, 12980, 13209, 13440, 13673, 13909, 14146, 14387, 14629, 14874, 15122, 15371, 15623,
    15878, 16135, 16394, 16656, 16920, 17187, 17456, 17727, 18001, 18277, 18556, 18837, 19121, 19407, 19696, 19987,
    20281, 20577, 20876, 21177, 21481, 21787, 22096, 22407, 22721, 23038, 23357, 23678, 24002, 24329, 24658, 24990,
    25325, 25662, 26001, 26344, 26688, 27036, 27386, 27739, 28094, 28452, 28813, 29176, 29542, 29911, 30282, 30656,
    31033, 31412, 31794, 32179, 32567, 32957, 33350, 33745, 34143, 34544, 34948, 35355, 35764, 36176, 36591, 37008,
    37429, 37852, 38278, 38706, 39138, 39572, 40009, 40449, 40891, 41337, 41785, 42236, 42690, 43147, 43606, 44069,
    44534, 45002, 45473, 45947, 46423, 46903, 47385, 47871, 48359, 48850, 49344, 49841, 50341, 50844, 51349, 51858,
    52369, 52884, 53401, 53921, 54445, 54971, 55500, 56032, 56567, 57105, 57646, 58190, 58737, 59287, 59840, 60396,
    60955, 61517, 62082, 62650, 63221, 63795, 64372, 64952, 65535,
];

/// An opaque colour, as a browser computes one: `rgb(26, 26, 26)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The form's button text.
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// A computed colour, `rgb(r, g, b)` (browsers write every opaque colour so); `None` for
    /// anything else, a translucent `rgba(…)` included, since its contrast depends on what lies
    /// below it.
    pub fn from_computed(value: &str) -> Option<Rgb> {
        let inner = value.trim().strip_prefix("rgb(")?.strip_suffix(')')?;
        let mut channels = inner.split(',').map(|s| s.trim().parse::<u8>().ok());
        let rgb = Rgb(channels.next()??, channels.next()??, channels.next()??);
        channels.next().is_none().then_some(rgb)
    }

    /// Relative luminance (WCAG 2).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| f64::from(LINEAR[usize::from(c)]) / 65535.0;
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A theme's colours as the browser computed them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThemeColours {
    pub text: Rgb,
    pub primary: Rgb,
    pub background: Rgb,
}

/// Why a theme was refused: the pair that is hard to read, and its contrast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unreadable {
    /// `"--onboarding-text on --onboarding-background"`, and so on.
    pub pair: &'static str,
    pub contrast: f64,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "promoter-onboarding: theme refused, the default kept: {} has a contrast of {}:1, under {}:1",
            self.pair,
            hundredths((self.contrast * 100.0) as u32),
            hundredths(MIN_CONTRAST_HUNDREDTHS)
        )
    }
}

/// Why a theme whose colours are not all opaque is refused: its contrast depends on the page
/// below it.
pub const NOT_OPAQUE: &str =
    "promoter-onboarding: theme refused, the default kept: its text, primary and background colours must be opaque";

/// `n` hundredths as a decimal ("4.12", "4.5"), truncated, without float formatting.
fn hundredths(n: u32) -> String {
    let (whole, part) = (n / 100, n % 100);
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// Whether every pair the form shows is readable.
pub fn check(colours: ThemeColours) -> Result<(), Unreadable> {
    let pairs = [
        (
            "--onboarding-text on --onboarding-background",
            colours.text,
            colours.background,
        ),
        (
            "--onboarding-primary on --onboarding-background",
            colours.primary,
            colours.background,
        ),
        (
            "the buttons' white text on --onboarding-primary",
            Rgb::WHITE,
            colours.primary,
        ),
    ];
    for (pair, a, b) in pairs {
        let ratio = contrast(a, b);
        if ratio < MIN_CONTRAST {
            return Err(Unreadable { pair, contrast: ratio });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BLACK: Rgb = Rgb(0, 0, 0);

    #[test]
    fn computed_colours_are_read_and_translucent_ones_are_not() {
        assert_eq!(Rgb::from_computed("rgb(26, 26, 26)"), Some(Rgb(26, 26, 26)));
        assert_eq!(Rgb::from_computed(" rgb(0, 112, 60) "), Some(Rgb(0, 112, 60)));
        assert_eq!(Rgb::from_computed("rgba(0, 0, 0, 0.5)"), None);
        assert_eq!(Rgb::from_computed("rgb(256, 0, 0)"), None);
        assert_eq!(Rgb::from_computed("#ffffff"), None);
        assert_eq!(Rgb::from_computed("color(srgb 1 1 1)"), None);
    }

    #[test]
    fn the_table_is_the_formula() {
        for c in 0..=255u8 {
            let x = f64::from(c) / 255.0;
            let exact = if x <= 0.04045 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            };
            assert!(
                (f64::from(LINEAR[usize::from(c)]) / 65535.0 - exact).abs() < 1e-5,
                "{c}"
            );
        }
        assert_eq!(hundredths(450), "4.5");
        assert_eq!(hundredths(412), "4.12");
        assert_eq!(hundredths(2100), "21");
        assert_eq!(hundredths(105), "1.05");
    }

    #[test]
    fn known_contrasts() {
        assert!((contrast(BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        // The form's own colours: text #1a1a1a and buttons #00703c on white.
        assert!(contrast(Rgb(0x1a, 0x1a, 0x1a), Rgb::WHITE) > 17.0);
        let green = contrast(Rgb(0x00, 0x70, 0x3c), Rgb::WHITE);
        assert!((green - 6.21).abs() < 0.01, "{green}");
        // #767676 on white is the well-known lightest grey that passes (4.54:1); #777 fails.
        assert!(contrast(Rgb(0x76, 0x76, 0x76), Rgb::WHITE) >= MIN_CONTRAST);
        assert!(contrast(Rgb(0x77, 0x77, 0x77), Rgb::WHITE) < MIN_CONTRAST);
    }

    #[test]
    fn a_theme_is_refused_naming_the_pair_that_fails() {
        let good = ThemeColours {
            text: Rgb(0x1a, 0x1a, 0x1a),
            primary: Rgb(0x00, 0x70, 0x3c),
            background: Rgb::WHITE,
        };
        assert_eq!(check(good), Ok(()));
        let pale_text = ThemeColours {
            text: Rgb(0xaa, 0xaa, 0xaa),
            ..good
        };
        assert_eq!(
            check(pale_text).unwrap_err().pair,
            "--onboarding-text on --onboarding-background"
        );
        let pale_primary = ThemeColours {
            primary: Rgb(0x99, 0xcc, 0x99),
            ..good
        };
        assert_eq!(
            check(pale_primary).unwrap_err().pair,
            "--onboarding-primary on --onboarding-background"
        );
        // A dark page with a bright primary: readable on the page, not under white button text.
        let dark = ThemeColours {
            text: Rgb::WHITE,
            primary: Rgb(0xff, 0xdd, 0x00),
            background: BLACK,
        };
        assert_eq!(
            check(dark).unwrap_err().pair,
            "the buttons' white text on --onboarding-primary"
        );
        assert!(check(dark).unwrap_err().to_string().contains("under 4.5:1"));
    }

    proptest! {
        #[test]
        fn contrast_is_symmetric_and_between_1_and_21(a: (u8, u8, u8), b: (u8, u8, u8)) {
            let (a, b) = (Rgb(a.0, a.1, a.2), Rgb(b.0, b.1, b.2));
            let ratio = contrast(a, b);
            prop_assert!((ratio - contrast(b, a)).abs() < 1e-9);
            prop_assert!((1.0..=21.0 + 1e-9).contains(&ratio));
            prop_assert!((contrast(a, a) - 1.0).abs() < 1e-9);
        }
    }
}
