//! Getting a document photo ready to upload, in the browser: the file's own bytes decide its type,
//! and a phone photo too large for the 2 MB rule is scaled down and re-encoded by the domain's
//! plan ([`reencoding_plan`]), so the applicant never has to resize anything by hand.

use onboarding_domain::{ImageError, ImageHeader, ImageType, reencoding_plan};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlCanvasElement, ImageBitmap};

/// A photo that passed every rule, ready to send.
pub struct Ready {
    pub blob: Blob,
    pub header: ImageHeader,
    /// Whether it had to be scaled down or re-encoded to fit.
    pub reencoded: bool,
}

async fn bytes_of(blob: &Blob) -> Result<Vec<u8>, ImageError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| ImageError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Checks the chosen file and, when it is too large, shrinks it. The error says why it cannot be
/// used: wrong type, too small to read, unreadable, or too large even after compression.
pub async fn prepare(file: &Blob) -> Result<Ready, ImageError> {
    let bytes = bytes_of(file).await?;
    if ImageType::sniff(&bytes).is_none() {
        return Err(if bytes.is_empty() {
            ImageError::Empty
        } else {
            ImageError::WrongType
        });
    }
    match ImageHeader::read(&bytes) {
        Ok(header) => {
            return Ok(Ready {
                blob: file.clone(),
                header,
                reencoded: false,
            });
        }
        Err(ImageError::TooLarge | ImageError::TooManyPixels) => {}
        Err(other) => return Err(other),
    }
    let bitmap = decode(file).await?;
    let plan = reencoding_plan(bytes.len(), bitmap.width(), bitmap.height());
    if plan.is_empty() {
        // The plan refuses only images whose short side is below the minimum.
        return Err(ImageError::TooSmall);
    }
    for step in plan {
        let blob = encode(&bitmap, step.width, step.height, step.quality).await?;
        if let Ok(header) = ImageHeader::read(&bytes_of(&blob).await?) {
            bitmap.close();
            return Ok(Ready {
                blob,
                header,
                reencoded: true,
            });
        }
    }
    bitmap.close();
    Err(ImageError::TooLarge)
}

async fn decode(file: &Blob) -> Result<ImageBitmap, ImageError> {
    let promise = window()
        .create_image_bitmap_with_blob(file)
        .map_err(|_| ImageError::Unreadable)?;
    let bitmap = JsFuture::from(promise).await.map_err(|_| ImageError::Unreadable)?;
    bitmap.dyn_into().map_err(|_| ImageError::Unreadable)
}

async fn encode(bitmap: &ImageBitmap, width: u32, height: u32, quality: f64) -> Result<Blob, ImageError> {
    let canvas: HtmlCanvasElement = window()
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or(ImageError::Unreadable)?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(ImageError::Unreadable)?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(width), f64::from(height))
        .map_err(|_| ImageError::Unreadable)?;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
    });
    let blob = JsFuture::from(promise).await.map_err(|_| ImageError::Unreadable)?;
    blob.dyn_into().map_err(|_| ImageError::Unreadable)
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

/// An object URL showing `blob`, for a thumbnail; revoke it when the thumbnail goes.
pub fn object_url(blob: &Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// A blob from bytes fetched from the server (a resumed upload's thumbnail).
pub fn blob_from(bytes: &[u8]) -> Option<Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).ok()
}
