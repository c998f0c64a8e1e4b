//! Extractors that refuse in the API's one error shape, in the style of axum's validator
//! example: a handler names what it needs (`ValidJson<T>`, `ValidQuery<T>`, `ValidPath<T>`,
//! `UploadBody`) and a bad request never reaches it, nor gets axum's plain-text answers.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
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

/// `If-Match` as RFC 9110 §13.1.1 reads it: `*` (any current version) or a list of entity tags.
/// Without it, 428. A tag this server did not make matches nothing. Weak tags are taken like
/// strong ones, against the RFC's strong comparison, because a proxy that compresses the answer
/// (nginx's gzip does) weakens the tag the browser then sends back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfMatch {
    Any,
    Versions(Vec<i64>),
}

impl IfMatch {
    /// Parses a header value written as `"v7"`, `W/"v7"`, `"v6", "v7"` or `*`.
    pub fn parse(value: &str) -> IfMatch {
        if value.trim() == "*" {
            return IfMatch::Any;
        }
        IfMatch::Versions(
            value
                .split(',')
                .filter_map(|tag| {
                    let tag = tag.trim();
                    let tag = tag.strip_prefix("W/").unwrap_or(tag);
                    tag.strip_prefix("\"v")?.strip_suffix('"')?.parse().ok()
                })
                .collect(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        Ok(value.to_str().map_or(IfMatch::Versions(Vec::new()), IfMatch::parse))
    }
}

/// `Idempotency-Key`: 8 to 128 visible ASCII characters, so a retried submission is recognised.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| (8..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .map(|k| IdempotencyKey(k.to_string()))
            .ok_or(ApiError::BadRequest(
                "idempotency_key_required",
                Text(
                    "Send an Idempotency-Key header of 8 to 128 characters",
                    "请提供 8 至 128 个字符的 Idempotency-Key 请求头",
                    "請提供 8 至 128 個字元的 Idempotency-Key 請求頭",
                ),
            ))
    }
}

#[cfg(test)]
mod tests {
    use super::IfMatch;

    #[test]
    fn if_match_reads_star_lists_and_weak_tags() {
        assert_eq!(IfMatch::parse("*"), IfMatch::Any);
        assert_eq!(IfMatch::parse(" * "), IfMatch::Any);
        assert_eq!(IfMatch::parse("\"v7\""), IfMatch::Versions(vec![7]));
        assert_eq!(IfMatch::parse("W/\"v7\""), IfMatch::Versions(vec![7]));
        assert_eq!(IfMatch::parse("\"v6\", W/\"v7\""), IfMatch::Versions(vec![6, 7]));
        assert_eq!(IfMatch::parse("\"a7\", v8, \"x\""), IfMatch::Versions(vec![]));
    }
}
