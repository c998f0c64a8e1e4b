//! Photo uploads with progress and cancel. `fetch` cannot report upload progress, so this one
//! request uses `XMLHttpRequest`.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;

use onboarding_domain::api::UploadedImage;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::ApiError;

/// A running upload; [`UploadRequest::cancel`] stops it and its outcome becomes `Cancelled`.
pub struct UploadRequest {
    xhr: XmlHttpRequest,
    cancelled: Rc<Cell<bool>>,
}

impl UploadRequest {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        let _ = self.xhr.abort();
    }
}

/// How an upload ends. Boxed, so that it borrows nothing from the call that started it.
pub type Outcome = Pin<Box<dyn Future<Output = Result<UploadedImage, ApiError>>>>;

/// Starts sending `body` to `POST /api/v1/uploads`. `on_progress` hears the percentage sent. The
/// returned future ends with the stored image or the reason it was not stored.
pub fn upload_image(
    instance: crate::embed::Instance,
    token: &str,
    body: &Blob,
    on_progress: impl Fn(u8) + 'static,
) -> Result<(UploadRequest, Outcome), ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("POST", &super::url(instance, "/uploads"))
        .map_err(|_| ApiError::Network)?;
    let headers = [
        ("Authorization", format!("Bearer {token}")),
        ("Accept-Language", super::locale_tag(instance).to_string()),
        ("Content-Type", "application/octet-stream".to_string()),
    ];
    for (name, value) in headers {
        xhr.set_request_header(name, &value).map_err(|_| ApiError::Network)?;
    }
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            on_progress((e.loaded() / e.total() * 100.0).min(100.0) as u8);
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // `loadend` follows success, failure and abort alike.
    let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(Some(body)).map_err(|_| ApiError::Network)?;
    let cancelled = Rc::new(Cell::new(false));
    let request = UploadRequest {
        xhr: xhr.clone(),
        cancelled: cancelled.clone(),
    };
    let outcome = Box::pin(async move {
        let _ = JsFuture::from(finished).await;
        drop(progress);
        let status = xhr.status().unwrap_or(0);
        if cancelled.get() {
            return Err(ApiError::Cancelled);
        }
        if status == 0 {
            super::tell_host(instance, onboarding_domain::events::ErrorCode::Network);
            return Err(ApiError::Network);
        }
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            serde_json::from_str(&text).map_err(|_| ApiError::Unreadable)
        } else {
            super::tell_host_of(instance, status);
            let body = serde_json::from_str(&text).map_err(|_| ApiError::Unreadable)?;
            Err(ApiError::Refused { status, body })
        }
    });
    Ok((request, outcome))
}
