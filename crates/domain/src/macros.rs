//! The impls every identifier newtype shares, written once.

/// `Serialize` as the normalised string (`Display`), `Deserialize` back through the parser (`FromStr`),
/// so a value that did not pass the rules cannot enter through JSON either.
macro_rules! serde_via_str {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A newtype over its normalised `String`: `as_str`, `Display` (normalised), a masked `Debug`, serde.
macro_rules! identifier {
    ($ty:ident) => {
        impl $ty {
            /// The normalised form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($ty), $crate::Mask::masked(self))
            }
        }
        serde_via_str!($ty);
    };
}

/// An error enum that explains itself: `Display` is its English message, and it is an `Error`.
macro_rules! explained_error {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::Explain::message(self, $crate::Locale::En))
            }
        }
        impl std::error::Error for $ty {}
    };
}
