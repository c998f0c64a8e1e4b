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
/// The most pixels a photo may have. Decoding one costs memory by its pixels, not its bytes, so
/// this bounds what a 2 MB file can make the server allocate. No document photo needs more: the
/// browser scales a larger one down (to 2560 pixels on the long side at most) before uploading.
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// The formats WeChat Pay accepts, decided by content, never by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// No bytes at all.
    Empty,
    /// Not a PNG or JPEG, whatever its name says.
    WrongType,
    /// Larger than [`MAX_IMAGE_BYTES`] even after compression.
    TooLarge,
    /// Too few pixels to read the document.
    TooSmall,
    /// More pixels on a side than any camera makes: damaged, or built to exhaust memory.
    TooManyPixels,
    /// The file is damaged: a header that does not parse, or a file cut short.
    Unreadable,
}

/// A decoded image header: the type from the magic bytes and the pixel size from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageHeader {
    pub image_type: ImageType,
    pub width: u32,
    pub height: u32,
}

impl ImageHeader {
    /// Reads the type and dimensions from the file's bytes and checks every photo rule: size,
    /// type, completeness (a PNG ends with IEND, a JPEG with EOI) and dimensions on both sides.
    pub fn read(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
        if bytes.is_empty() {
            return Err(ImageError::Empty);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(ImageError::TooLarge);
        }
        let image_type = ImageType::sniff(bytes).ok_or(ImageError::WrongType)?;
        let (width, height) = match image_type {
            ImageType::Png => png_size(bytes),
            ImageType::Jpeg => jpeg_size(bytes),
        }
        .ok_or(ImageError::Unreadable)?;
        check_image(bytes.len(), width, height)?;
        Ok(ImageHeader {
            image_type,
            width,
            height,
        })
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// PNG: the first chunk must be IHDR (13 bytes) and the last IEND.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.get(12..16)? != b"IHDR" || be32(b, 8)? != 13 {
        return None;
    }
    let complete = b.len() >= 12 && &b[b.len() - 8..b.len() - 4] == b"IEND";
    complete.then_some((be32(b, 16)?, be32(b, 20)?))
}

/// JPEG: walks the segments to the first start-of-frame marker; the file must end with EOI.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let end = b.len() - b.iter().rev().take_while(|&&x| x == 0).count();
    if end < 4 || b[end - 2..end] != [0xFF, 0xD9] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= end {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        match marker {
            0xFF => i += 1,
            0xD0..=0xD7 | 0x01 => i += 2,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(b, i + 7)?, be16(b, i + 5)?));
            }
            0xD9 | 0xDA => return None,
            _ => i += 2 + be16(b, i + 2)? as usize,
        }
    }
    None
}
explained_error!(ImageError);

/// One attempt at re-encoding a photo that is too large: the long side in pixels and the JPEG
/// quality (0–1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reencoding {
    pub width: u32,
    pub height: u32,
    pub quality: f64,
}

/// How the browser shrinks a photo of `width` × `height` until it fits [`MAX_IMAGE_BYTES`]: the
/// attempts in order, largest first. A photo that already fits and has no more pixels than the
/// rules allow ([`MAX_IMAGE_SIDE`], [`MAX_IMAGE_PIXELS`]) is sent as it is (empty plan). Attempts keep a long side of at least
/// [`TARGET_LONG_SIDE`] where the source allows, so that the text stays readable; only the last
/// one goes below it. An image too small to read gets no plan: its error stands.
pub fn reencoding_plan(len: usize, width: u32, height: u32) -> Vec<Reencoding> {
    let long = width.max(height);
    if width.min(height) < MIN_IMAGE_SIDE || (len <= MAX_IMAGE_BYTES && !too_many_pixels(width, height)) {
        return Vec::new();
    }
    const ATTEMPTS: [(u32, f64); 5] = [
        (2560, 0.85),
        (2048, 0.82),
        (TARGET_LONG_SIDE, 0.8),
        (TARGET_LONG_SIDE, 0.65),
        (1280, 0.6),
    ];
    let mut plan: Vec<Reencoding> = Vec::new();
    for (side, quality) in ATTEMPTS {
        let target = side.min(long);
        let scale = f64::from(target) / f64::from(long);
        let step = Reencoding {
            width: ((f64::from(width) * scale).round() as u32).max(1),
            height: ((f64::from(height) * scale).round() as u32).max(1),
            quality,
        };
        // Never shrink a side below what the rules require, and never repeat an attempt.
        if step.width.min(step.height) >= MIN_IMAGE_SIDE && !plan.contains(&step) {
            plan.push(step);
        }
    }
    plan
}

fn too_many_pixels(width: u32, height: u32) -> bool {
    width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
}

/// Checks a photo's size in bytes and its pixel dimensions.
pub fn check_image(len: usize, width: u32, height: u32) -> Result<(), ImageError> {
    if len > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    if width == 0 || height == 0 {
        return Err(ImageError::Unreadable);
    }
    if too_many_pixels(width, height) {
        return Err(ImageError::TooManyPixels);
    }
    if width.min(height) < MIN_IMAGE_SIDE {
        return Err(ImageError::TooSmall);
    }
    Ok(())
}

impl Explain for ImageError {
    fn code(&self) -> &'static str {
        match self {
            ImageError::Empty => "image_empty",
            ImageError::WrongType => "image_wrong_type",
            ImageError::TooLarge => "image_too_large",
            ImageError::TooSmall => "image_too_small",
            ImageError::TooManyPixels => "image_too_many_pixels",
            ImageError::Unreadable => "image_unreadable",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            ImageError::Empty => l.pick("The selected file is empty", "所选文件为空", "所選檔案為空"),
            ImageError::TooManyPixels => l.pick(
                "The photo is larger than any camera makes; choose the original photo",
                "照片尺寸异常，请选择原始照片",
                "照片尺寸異常，請選擇原始照片",
            ),
            ImageError::WrongType => l.pick(
                "The selected file must be a PNG or JPG photo",
                "所选文件须为 PNG 或 JPG 格式的照片",
                "所選檔案須為 PNG 或 JPG 格式的照片",
            ),
            ImageError::TooLarge => l.pick(
                "The selected photo must be smaller than 2 MB",
                "所选照片须小于 2 MB",
                "所選照片須小於 2 MB",
            ),
            ImageError::TooSmall => l.pick(
                "The photo is too small to read; take it closer, at least 400 pixels on the short side",
                "照片太小无法辨认，请靠近拍摄，短边至少 400 像素",
                "照片太小無法辨認，請靠近拍攝，短邊至少 400 像素",
            ),
            ImageError::Unreadable => l.pick(
                "The selected file is damaged; choose another photo",
                "所选文件已损坏，请换一张照片",
                "所選檔案已損壞，請換一張照片",
            ),
        }
        .into()
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    #[test]
    fn a_photo_with_more_pixels_than_the_rules_allow_is_scaled_down_even_when_it_fits() {
        // Within the side limit, over the pixel limit, and small in bytes.
        assert_eq!(check_image(1_000_000, 6000, 5000), Err(ImageError::TooManyPixels));
        let plan = reencoding_plan(1_000_000, 6000, 5000);
        assert!(!plan.is_empty());
        assert!(plan.iter().all(|s| check_image(1_000_000, s.width, s.height).is_ok()));
        assert_eq!(check_image(1_000_000, 5000, 5000), Ok(()));
    }

    #[test]
    fn photos_that_fit_are_sent_as_they_are() {
        assert!(reencoding_plan(1_000_000, 3000, 4000).is_empty());
        assert!(
            reencoding_plan(3_000_000, 300, 4000).is_empty(),
            "too small to read: no plan"
        );
    }

    #[test]
    fn large_phone_photos_shrink_in_steps_keeping_1600_pixels_first() {
        let plan = reencoding_plan(6_000_000, 3000, 4000);
        assert_eq!(plan.first().map(|s| (s.width, s.height)), Some((1920, 2560)));
        let below: Vec<_> = plan
            .iter()
            .filter(|s| s.width.max(s.height) < TARGET_LONG_SIDE)
            .collect();
        assert_eq!(below.len(), 1, "only the last attempt goes below 1600 px");
        assert_eq!(plan.last().map(|s| s.height), Some(1280));
        assert!(
            plan.windows(2)
                .all(|w| w[0].width * w[0].height >= w[1].width * w[1].height)
        );
    }

    #[test]
    fn a_small_but_heavy_image_keeps_its_size() {
        let plan = reencoding_plan(3_000_000, 1200, 900);
        assert!(plan.iter().all(|s| s.width <= 1200 && s.height >= MIN_IMAGE_SIDE));
        assert_eq!(plan.first().map(|s| (s.width, s.height)), Some((1200, 900)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type() {
        assert_eq!(ImageType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(ImageType::Png));
        assert_eq!(ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageType::Jpeg));
        assert_eq!(ImageType::sniff(b"GIF89a"), None);
        assert_eq!(ImageType::sniff(b"<svg"), None);
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_image(MAX_IMAGE_BYTES, 1600, 1200), Ok(()));
        assert_eq!(check_image(MAX_IMAGE_BYTES + 1, 1600, 1200), Err(ImageError::TooLarge));
        assert_eq!(check_image(1000, 399, 1200), Err(ImageError::TooSmall));
        assert_eq!(check_image(1000, 0, 1200), Err(ImageError::Unreadable));
        assert_eq!(check_image(1000, 20_000, 1200), Err(ImageError::TooManyPixels));
    }

    /// A minimal PNG: signature, IHDR, IEND (the chunk CRCs are not checked).
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b.extend(0u32.to_be_bytes());
        b.extend(b"IEND");
        b.extend([0xAE, 0x42, 0x60, 0x82]);
        b
    }

    /// A minimal baseline JPEG: SOI, APP0, SOF0 with the size, EOI.
    pub(crate) fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
        b.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        b.extend(height.to_be_bytes());
        b.extend(width.to_be_bytes());
        b.extend([0x01, 0x01, 0x11, 0x00]);
        b.extend([0xFF, 0xD9]);
        b
    }

    #[test]
    fn headers_give_type_and_size() {
        assert_eq!(
            ImageHeader::read(&png(1600, 1200)),
            Ok(ImageHeader {
                image_type: ImageType::Png,
                width: 1600,
                height: 1200
            })
        );
        assert_eq!(
            ImageHeader::read(&jpeg(1200, 1600)),
            Ok(ImageHeader {
                image_type: ImageType::Jpeg,
                width: 1200,
                height: 1600
            })
        );
    }

    #[test]
    fn each_bad_file_has_its_error() {
        assert_eq!(ImageHeader::read(b""), Err(ImageError::Empty));
        assert_eq!(
            ImageHeader::read(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(ImageError::WrongType)
        );
        let mut zip = b"\x89PNG\r\n\x1a\nPK\x03\x04".to_vec();
        zip.extend([0; 64]);
        assert_eq!(ImageHeader::read(&zip), Err(ImageError::Unreadable));
        let truncated = &jpeg(1200, 1600)[..12];
        assert_eq!(ImageHeader::read(truncated), Err(ImageError::Unreadable));
        assert_eq!(
            ImageHeader::read(&png(100_000, 100_000)),
            Err(ImageError::TooManyPixels)
        );
        assert_eq!(ImageHeader::read(&png(300, 200)), Err(ImageError::TooSmall));
        let mut big = jpeg(1600, 1200);
        big.splice(2..2, std::iter::repeat_n(0u8, MAX_IMAGE_BYTES));
        assert_eq!(ImageHeader::read(&big), Err(ImageError::TooLarge));
    }

    proptest::proptest! {
        #[test]
        fn no_bytes_make_the_header_reader_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64), png_prefix in proptest::bool::ANY) {
            let mut input = if png_prefix { b"\x89PNG\r\n\x1a\n".to_vec() } else { vec![0xFF, 0xD8, 0xFF] };
            input.extend(bytes);
            let _ = ImageHeader::read(&input);
        }
    }
}
