//! Document photos. The content decides the type (magic bytes), the header is decoded and its
//! dimensions checked, and the bytes are stored sealed, readable only by their owner.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::UploadedImage;
use onboarding_domain::{ImageHeader, ImageId, MAX_IMAGE_BYTES};

use crate::auth::Applicant;
use crate::extract::{UploadBody, ValidPath};
use crate::util::{now_ms, random_hex, sha256_hex};
use crate::{ApiError, AppState, store};

/// The body limit sits a little above the rule so that an oversize photo gets the domain's
/// specific "smaller than 2 MB" answer instead of a bare 413.
pub const BODY_LIMIT: usize = MAX_IMAGE_BYTES + 64 * 1024;

/// Enough for every photo of an application several times over, retakes and replacements
/// included; far below what would fill a disk.
const MAX_UPLOADS_PER_DAY: u32 = 100;
const DAY_MS: i64 = 24 * 3600 * 1000;

pub fn context(account_id: &str, image_id: &str) -> String {
    format!("image:{account_id}:{image_id}")
}

/// The body of an upload: the photo's bytes as they are, described as binary (not as the array
/// of integers utoipa would make of a `Vec<u8>`).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PhotoBytes(#[allow(dead_code)] Vec<u8>);

/// `POST /api/v1/uploads` with the raw image as the body (any Content-Type; the bytes decide).
#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads", security(("bearer" = [])), request_body(content = PhotoBytes, content_type = "application/octet-stream", description = "The PNG or JPEG bytes"), responses((status = 201, body = onboarding_domain::api::UploadedImage), (status = 413, body = onboarding_domain::api::ErrorBody), (status = 415, body = onboarding_domain::api::ErrorBody), (status = 422, description = "Field errors", body = onboarding_domain::api::ErrorBody), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody), (status = 429, description = "Rate limited; see Retry-After", body = onboarding_domain::api::ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    applicant: Applicant,
    UploadBody(body): UploadBody,
) -> Result<(StatusCode, Json<UploadedImage>), ApiError> {
    let account_id = &applicant.account.id;
    let since = now_ms().saturating_sub(DAY_MS);
    if store::images::uploaded_since(&state.db, account_id, since).await? >= MAX_UPLOADS_PER_DAY {
        return Err(ApiError::TooManyRequests { retry_after_secs: 3600 });
    }
    let id = random_hex(16);
    // Decoding every pixel, sealing and hashing 2 MB is CPU work: off the async threads.
    let (header, sealed, sha256) = tokio::task::spawn_blocking({
        let (sealer, body, context) = (state.sealer.clone(), body.clone(), context(account_id, &id));
        move || {
            let header = ImageHeader::decode(&body)?;
            Ok::<_, onboarding_domain::ImageError>((header, sealer.seal(&body, &context), sha256_hex(&body)))
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| {
        let status = match e {
            onboarding_domain::ImageError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            onboarding_domain::ImageError::WrongType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::rejected(status, &e)
    })?;
    let dir = state.config.data_dir.join("images");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    tokio::fs::write(dir.join(&id), sealed)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    store::images::insert(&state.db, &id, account_id, &sha256, &header, body.len(), now_ms()).await?;
    let id: ImageId = id
        .parse()
        .map_err(|_| ApiError::Internal("generated image id".into()))?;
    Ok((
        StatusCode::CREATED,
        Json(UploadedImage {
            id,
            sha256,
            image_type: header.image_type,
            width: header.width,
            height: header.height,
            bytes: body.len(),
        }),
    ))
}

/// `GET /api/v1/uploads/{id}`: the owner's image, with a fixed type and `nosniff`.
#[utoipa::path(get, path = "/api/v1/uploads/{id}", tag = "uploads", security(("bearer" = [])), params(("id" = String, Path)), responses((status = 200, content_type = "image/*", description = "The image"), (status = 401, description = "No valid session", body = onboarding_domain::api::ErrorBody), (status = 404, description = "Not found, or not yours", body = onboarding_domain::api::ErrorBody), (status = 403, description = "Not registered", body = onboarding_domain::api::ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    applicant: Applicant,
    ValidPath(id): ValidPath<String>,
) -> Result<Response, ApiError> {
    let id: ImageId = id.parse().map_err(|_| ApiError::NotFound)?;
    let account_id = &applicant.account.id;
    let row = store::images::owned(&state.db, id.as_str(), account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let sealed = tokio::fs::read(state.config.data_dir.join("images").join(id.as_str()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let bytes = tokio::task::spawn_blocking({
        let (sealer, context) = (state.sealer.clone(), context(account_id, id.as_str()));
        move || sealer.open(&sealed, &context)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(ApiError::Internal)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(row.image_type.mime()));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // An identity document must not outlive the session in the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    Ok(response)
}
