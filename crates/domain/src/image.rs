//! Rules for document photos: which formats, how large, how small. The browser applies them
//! before uploading and the server again on receipt.

use serde::{Deserialize, Serialize};

use crate::{Explain, Locale};

/// WeChat Pay's media upload limit (one page says 5 MB; 2 MB is the safe one).
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Below this on the short side, text on a document photo cannot be read.
pub const MIN_IMAGE_SIDE: u32 = 400;
/// Phones' photos are scaled down to at most this long side before upload.
pub const TARGET_LONG_SIDE: u32 = 1600;
/// Larger than any phone camera: a header claiming more is malformed or hostile.
pub const MAX_IMAGE_SIDE: u32 = 12_000;

/// The formats WeChat Pay accepts, decided by content, never by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageType {
    Png,
    Jpeg,
}

impl ImageType {
    /// Recognises PNG and JPEG by their magic bytes.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
        }
    }
}

/// Why a photo cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// Not a PNG or JPEG, whatever its name says.
    WrongType,
    /// Larger than [`MAX_IMAGE_BYTES`] even after compression.
    TooLarge,
    /// Too few pixels to read the document.
    TooSmall,
    /// The file is damaged or its header is implausible.
    Unreadable,
}
explained_error!(ImageError);

/// Checks a photo's size in bytes and its pixel dimensions.
pub fn check_image(len: usize, width: u32, height: u32) -> Result<(), ImageError> {
    if len > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    if width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(ImageError::Unreadable);
    }
    if width.min(height) < MIN_IMAGE_SIDE {
        return Err(ImageError::TooSmall);
    }
    Ok(())
}

impl Explain for ImageError {
    fn code(&self) -> &'static str {
        match self {
            ImageError::WrongType => "image_wrong_type",
            ImageError::TooLarge => "image_too_large",
            ImageError::TooSmall => "image_too_small",
            ImageError::Unreadable => "image_unreadable",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            ImageError::WrongType => l.pick("The selected file must be a PNG or JPG photo", "所选文件须为 PNG 或 JPG 格式的照片"),
            ImageError::TooLarge => l.pick(
                "The selected photo must be smaller than 2 MB",
                "所选照片须小于 2 MB",
            ),
            ImageError::TooSmall => l.pick(
                "The photo is too small to read; take it closer, at least 400 pixels on the short side",
                "照片太小无法辨认，请靠近拍摄，短边至少 400 像素",
            ),
            ImageError::Unreadable => l.pick("The selected file is damaged; choose another photo", "所选文件已损坏，请换一张照片"),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type() {
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(ImageType::sniff(b"GIF89a"), None);
        assert_eq!(ImageType::sniff(b"<svg"), None);
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_image(MAX_IMAGE_BYTES, 1600, 1200), Ok(()));
        assert_eq!(
            check_image(MAX_IMAGE_BYTES + 1, 1600, 1200),
            Err(ImageError::TooLarge)
        );
        assert_eq!(check_image(1000, 399, 1200), Err(ImageError::TooSmall));
        assert_eq!(check_image(1000, 0, 1200), Err(ImageError::Unreadable));
        assert_eq!(check_image(1000, 20_000, 1200), Err(ImageError::Unreadable));
    }
}
