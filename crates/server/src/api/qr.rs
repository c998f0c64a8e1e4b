//! QR codes of the app's phone pages, as SVG. Rendering them here keeps the `qrcode` crate (and
//! about 10 KB brotli) out of the browser bundle; the app inlines the SVG it gets.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::Text;
use crate::{ApiError, AppState};

/// Longer than any phone-page URL the server hands out.
const MAX_DATA: usize = 512;

#[derive(Deserialize)]
pub struct QrQuery {
    data: String,
}

/// `GET /api/v1/qr?data=URL`: only for this app's own phone pages, so that it is not a QR service
/// for anything else.
#[utoipa::path(get, path = "/api/v1/qr", tag = "sign-in", params(("data" = String, Query, description = "A URL of this app's phone pages (`{origin}/m/...`)")), responses((status = 200, content_type = "image/svg+xml", body = String), (status = 400, description = "Not one of this app's phone pages", body = onboarding_domain::api::ErrorBody)))]
pub async fn svg(
    State(state): State<AppState>,
    query: Result<Query<QrQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let refused = || {
        ApiError::BadRequest(
            "qr_data_refused",
            Text(
                "A QR code is made only for this app's phone pages",
                "仅可为本应用的手机页面生成二维码",
                "僅可為本應用的手機頁面生成二維碼",
            ),
        )
    };
    let Query(QrQuery { data }) = query.map_err(|_| refused())?;
    let own_page = format!("{}/m/", state.config.public_origin());
    if data.len() > MAX_DATA || !data.starts_with(&own_page) {
        return Err(refused());
    }
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|_| refused())?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    let mut response = svg.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    // The same URL always gives the same picture.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400"),
    );
    Ok(response)
}
