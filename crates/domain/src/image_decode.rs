//! The server's last check of a photo: every pixel decodes. A header and an end marker are
//! enough for [`ImageHeader::read`]; a file with nothing between them (or damaged data) passes
//! that, and WeChat Pay would refuse it after the applicant had long moved on.
//!
//! Memory stays bounded by the pixel rules, not by the file: a PNG is decoded one row at a time,
//! a JPEG into one byte a pixel.

use std::io::Cursor;

use crate::image::{ImageError, ImageHeader, ImageType, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};

/// What the PNG decoder may allocate beyond the file, with room to spare for the largest photo
/// the rules allow.
const DECODE_LIMIT_BYTES: usize = (MAX_IMAGE_PIXELS as usize) * 8;

impl ImageHeader {
    /// [`ImageHeader::read`], then decodes every pixel: a photo is accepted only if it decodes,
    /// to the size its header says.
    pub fn decode(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
        let header = ImageHeader::read(bytes)?;
        let size = match header.image_type {
            ImageType::Png => png_pixels(bytes),
            ImageType::Jpeg => jpeg_pixels(bytes),
        };
        match size {
            Some(size) if size == (header.width, header.height) => Ok(header),
            _ => Err(ImageError::Unreadable),
        }
    }
}

fn png_pixels(bytes: &[u8]) -> Option<(u32, u32)> {
    let limits = png::Limits {
        bytes: DECODE_LIMIT_BYTES,
    };
    let mut reader = png::Decoder::new_with_limits(Cursor::new(bytes), limits)
        .read_info()
        .ok()?;
    let size = reader.info().size();
    let mut rows = 0u32;
    while reader.next_row().ok()?.is_some() {
        rows += 1;
    }
    // Interlaced images come row by row for each pass; all that matters is that they all came.
    reader.finish().ok()?;
    (rows >= size.1).then_some(size)
}

/// Strict mode, in grey levels only (the pixels are thrown away). What it finds is a JPEG that no
/// viewer can show: no scan, no Huffman or quantisation tables, a frame that does not parse. Damage
/// inside the compressed data itself shows as grey blocks in every decoder, this one included;
/// a file cut short is already refused by [`ImageHeader::read`], which wants the end marker.
fn jpeg_pixels(bytes: &[u8]) -> Option<(u32, u32)> {
    let side = MAX_IMAGE_SIDE as usize;
    let options = zune_jpeg::zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(side)
        .set_max_height(side)
        .jpeg_set_out_colorspace(zune_jpeg::zune_core::colorspace::ColorSpace::Luma);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    decoder.decode().ok()?;
    let (width, height) = decoder.dimensions()?;
    Some((u32::try_from(width).ok()?, u32::try_from(height).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, rows: Option<u32>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        let data = vec![200u8; (width * height * 3) as usize];
        writer.write_image_data(&data).unwrap();
        drop(writer);
        if let Some(rows) = rows {
            // Re-encode with fewer rows of data than the header promises.
            let short = png(width, rows, None);
            let idat = |b: &[u8]| {
                let at = b.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
                let len = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
                b[at..at + 12 + len].to_vec()
            };
            let (ours, theirs) = (idat(&out), idat(&short));
            let at = out.windows(ours.len()).position(|w| w == ours.as_slice()).unwrap();
            out.splice(at..at + ours.len(), theirs);
        }
        out
    }

    fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut out = Vec::new();
        let pixels = vec![180u8; usize::from(width) * usize::from(height) * 3];
        jpeg_encoder::Encoder::new(&mut out, 80)
            .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    #[test]
    fn complete_photos_decode() {
        let header = ImageHeader::decode(&png(800, 600, None)).unwrap();
        assert_eq!(
            (header.image_type, header.width, header.height),
            (ImageType::Png, 800, 600)
        );
        let header = ImageHeader::decode(&jpeg(800, 600)).unwrap();
        assert_eq!(
            (header.image_type, header.width, header.height),
            (ImageType::Jpeg, 800, 600)
        );
    }

    #[test]
    fn a_header_with_no_pixels_does_not() {
        // What `ImageHeader::read` alone accepts: the signature, IHDR and IEND.
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(800u32.to_be_bytes());
        b.extend(600u32.to_be_bytes());
        b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b.extend(0u32.to_be_bytes());
        b.extend(b"IEND");
        b.extend([0xAE, 0x42, 0x60, 0x82]);
        assert!(ImageHeader::read(&b).is_ok());
        assert_eq!(ImageHeader::decode(&b), Err(ImageError::Unreadable));

        let mut j = vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08,
        ];
        j.extend(600u16.to_be_bytes());
        j.extend(800u16.to_be_bytes());
        j.extend([0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]);
        assert!(ImageHeader::read(&j).is_ok());
        assert_eq!(ImageHeader::decode(&j), Err(ImageError::Unreadable));
    }

    #[test]
    fn a_png_with_missing_rows_or_damaged_data_does_not() {
        assert_eq!(
            ImageHeader::decode(&png(800, 600, Some(300))),
            Err(ImageError::Unreadable)
        );

        let mut damaged = png(800, 600, None);
        let at = damaged.windows(4).position(|w| w == b"IDAT").unwrap() + 20;
        damaged[at] ^= 0xFF;
        assert_eq!(ImageHeader::decode(&damaged), Err(ImageError::Unreadable));
    }

    /// The JPEG segment starting with `marker`.
    fn segment(b: &[u8], marker: u8) -> std::ops::Range<usize> {
        let at = b.windows(2).position(|w| w == [0xFF, marker]).unwrap();
        let len = usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
        at..at + 2 + len
    }

    #[test]
    fn a_jpeg_without_its_tables_or_its_scan_does_not() {
        let whole = jpeg(800, 600);
        assert!(ImageHeader::decode(&whole).is_ok());
        for (marker, what) in [(0xC4, "Huffman tables"), (0xDB, "quantisation tables")] {
            let mut b = whole.clone();
            b.drain(segment(&b, marker));
            assert!(ImageHeader::read(&b).is_ok(), "{what}");
            assert_eq!(ImageHeader::decode(&b), Err(ImageError::Unreadable), "{what}");
        }
        let mut no_scan = whole.clone();
        let scan = segment(&no_scan, 0xDA);
        no_scan.drain(scan.start..whole.len() - 2);
        assert!(ImageHeader::read(&no_scan).is_ok());
        assert_eq!(ImageHeader::decode(&no_scan), Err(ImageError::Unreadable));
    }

    #[test]
    fn more_pixels_than_the_rules_allow_are_refused_before_decoding() {
        // 6000 × 5000 is within the side limit but over the pixel limit.
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(6000u32.to_be_bytes());
        b.extend(5000u32.to_be_bytes());
        b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b.extend(0u32.to_be_bytes());
        b.extend(b"IEND");
        b.extend([0xAE, 0x42, 0x60, 0x82]);
        assert_eq!(ImageHeader::decode(&b), Err(ImageError::TooManyPixels));
    }

    proptest::proptest! {
        /// Whatever follows a PNG or JPEG signature, decoding answers and never panics.
        #[test]
        fn no_bytes_make_the_decoders_panic(jpeg in proptest::bool::ANY, tail in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let mut b = if jpeg { vec![0xFF, 0xD8, 0xFF] } else { b"\x89PNG\r\n\x1a\n".to_vec() };
            b.extend(tail);
            let _ = ImageHeader::decode(&b);
        }

        /// A real photo with any one byte changed still answers (decoded or refused), never panics.
        #[test]
        fn no_single_change_makes_the_decoders_panic(at in 0usize..1_000_000, value in proptest::num::u8::ANY, jpeg_photo in proptest::bool::ANY) {
            let mut b = if jpeg_photo { jpeg(400, 400) } else { png(400, 400, None) };
            let at = at % b.len();
            b[at] = value;
            let _ = ImageHeader::decode(&b);
        }
    }
}
