//! Extractors that refuse in the API's one error shape, in the style of axum's validator
//! example: a handler names what it needs (`ValidJson<T>`, `ValidQuery<T>`, `ValidPath<T>`,
//! `UploadBody`) and a bad request never reaches it, nor gets axum's plain-text answers.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::ApiError;
use crate::error::Text;

/// A JSON body: 413 over the body limit, 415 without a JSON content type, 400 when it does not
/// parse into `T` (the reason's kind goes to the log, never the value).
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ValidJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ValidJson(value)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::TooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType),
            Err(e) => Err(e.into()),
        }
    }
}

/// A query string: 400 in the error shape when it does not parse into `T` (`?wait=-1`).
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ValidQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ValidQuery(value))
            .map_err(|_| {
                ApiError::BadRequest(
                    "bad_query",
                    Text(
                        "The query string is not what this endpoint expects",
                        "查询参数不是此接口要求的格式",
                        "查詢參數不是此介面要求的格式",
                    ),
                )
            })
    }
}

/// Path parameters: a segment that is not valid UTF-8 (or not of `T`) names nothing here, so
/// it is "not found", in the error shape.
pub struct ValidPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ValidPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ValidPath(value))
            .map_err(|_| ApiError::NotFound)
    }
}

/// An upload's raw bytes: over the body limit is 413 in the error shape.
pub struct UploadBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for UploadBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state)
            .await
            .map(UploadBody)
            .map_err(|e: BytesRejection| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    ApiError::BadRequest(
                        "bad_body",
                        Text(
                            "The request body could not be read",
                            "无法读取请求内容",
                            "無法讀取請求內容",
                        ),
                    )
                }
            })
    }
}
