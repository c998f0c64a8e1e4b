//! The id the server gives an uploaded image; forms refer to images by it.

use std::str::FromStr;

use crate::{Explain, Locale, Mask};

/// 1–64 characters of `[A-Za-z0-9_-]`: safe in paths and JSON, never a file name from the user.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ImageId(String);
identifier!(ImageId);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageIdError {
    Missing,
    /// Not an id of an image this applicant uploaded: malformed, never uploaded, or another
    /// account's (the server's check at submission).
    Format,
}
explained_error!(ImageIdError);

impl FromStr for ImageId {
    type Err = ImageIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(ImageIdError::Missing);
        }
        let ok = s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(ImageId(s.to_string()))
        } else {
            Err(ImageIdError::Format)
        }
    }
}

impl Mask for ImageId {
    fn masked(&self) -> String {
        self.0.clone()
    }
}

impl Explain for ImageIdError {
    fn code(&self) -> &'static str {
        match self {
            ImageIdError::Missing => "image_required",
            ImageIdError::Format => "image_unknown",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            ImageIdError::Missing => l.pick("Upload a photo of this", "请上传此照片", "請上傳此照片"),
            ImageIdError::Format => l.pick("Upload this photo again", "请重新上传此照片", "請重新上傳此照片"),
        }
        .into()
    }
}
