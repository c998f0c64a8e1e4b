//! Extractors that refuse in the API's one error shape, in the style of axum's validator
//! example: a handler names what it needs (`ValidJson<T>`, `ValidQuery<T>`, `ValidPath<T>`,
//! `UploadBody`) and a bad request never reaches it, nor gets axum's plain-text answers.
//!
//! A body or query that parses is then checked by `validator` (`T: Validate`): its lengths,
//! ranges and required answers, with the domain's rules as the custom functions
//! (`onboarding_domain::checks`), so that no rule has a second copy here.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::ApiError;
use crate::error::Text;
use onboarding_domain::api::{EDITED_AGO_HEADER, EDITED_AGO_MAX_MS};

/// A JSON body: 413 over the body limit, 415 without a JSON content type, 400 when it does not
/// parse into `T` (the reason's kind goes to the log, never the value), 422 with the rule's code
/// and message when it parses but is not of the right shape.
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate, S: Send + Sync> FromRequest<S> for ValidJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => match value.validate() {
                Ok(()) => Ok(ValidJson(value)),
                Err(errors) => Err(shape_error(&errors)),
            },
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::TooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType),
            Err(e) => Err(e.into()),
        }
    }
}

/// A query string: 400 in the error shape when it does not parse into `T` (`?wait=-1`) or is
/// out of its bounds (`?wait=26`).
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate, S: Send + Sync> FromRequestParts<S> for ValidQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .ok()
            .filter(|Query(value)| value.validate().is_ok())
            .map(|Query(value)| ValidQuery(value))
            .ok_or(ApiError::BadRequest(
                "bad_query",
                Text(
                    "The query string is not what this endpoint expects",
                    "查询参数不是此接口要求的格式",
                    "查詢參數不是此介面要求的格式",
                ),
            ))
    }
}

/// The first of a body's shape errors (by path, so the answer does not depend on hash order),
/// in the one error shape. A domain rule's refusal brings its code and its messages
/// (`onboarding_domain::checks::refusal`); `validator`'s own (a range) names the field.
fn shape_error(errors: &ValidationErrors) -> ApiError {
    let mut all = Vec::new();
    flatten(errors, String::new(), &mut all);
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let Some((path, error)) = all.into_iter().next() else {
        return ApiError::Internal("a refused body without errors".into());
    };
    let message = |tag: &str| error.params.get(tag).and_then(|m| m.as_str()).map(str::to_string);
    let (en, hans, hant) = match (message("en"), message("zh-CN"), message("zh-Hant")) {
        (Some(en), Some(hans), Some(hant)) => (en, hans, hant),
        _ => (
            format!("{path} is out of its allowed range"),
            format!("{path} 超出允许的范围"),
            format!("{path} 超出允許的範圍"),
        ),
    };
    ApiError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: match error.code.as_ref() {
            "range" | "length" => "out_of_range".into(),
            _ => error.code.clone(),
        },
        en,
        hans,
        hant,
    }
}

fn flatten<'a>(errors: &'a ValidationErrors, prefix: String, out: &mut Vec<(String, &'a ValidationError)>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| (path.clone(), e))),
            ValidationErrorsKind::Struct(inner) => flatten(inner, path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten(inner, format!("{path}[{i}]"), out);
                }
            }
        }
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

/// [`EDITED_AGO_HEADER`]: how long before a draft save its last answer was typed, in ms, at most
/// [`EDITED_AGO_MAX_MS`]. Without it, the save is taken as typed when sent (a client that saves
/// on every change).
pub struct EditedAgo(pub u32);

impl<S: Send + Sync> FromRequestParts<S> for EditedAgo {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(EDITED_AGO_HEADER) else {
            return Ok(EditedAgo(0));
        };
        value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|ms| *ms <= EDITED_AGO_MAX_MS)
            .map(EditedAgo)
            .ok_or_else(|| ApiError::Rejected {
                status: StatusCode::BAD_REQUEST,
                code: "edited_ago_invalid".into(),
                en: format!(
                    "{EDITED_AGO_HEADER} must be a whole number of milliseconds, at most {}",
                    EDITED_AGO_MAX_MS
                ),
                hans: format!(
                    "{EDITED_AGO_HEADER} 须为不超过 {} 的毫秒数（非负整数）",
                    EDITED_AGO_MAX_MS
                ),
                hant: format!(
                    "{EDITED_AGO_HEADER} 須為不超過 {} 的毫秒數（非負整數）",
                    EDITED_AGO_MAX_MS
                ),
            })
    }
}

/// `Idempotency-Key`: 8 to 128 visible ASCII characters, so a retried submission is recognised.
pub struct IdempotencyKey(pub String);

impl IdempotencyKey {
    /// Its length in characters; the OpenAPI document and the refusal's message say it from here.
    pub const LENGTH: std::ops::RangeInclusive<usize> = 8..=128;
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| IdempotencyKey::LENGTH.contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .map(|k| IdempotencyKey(k.to_string()))
            .ok_or_else(|| {
                let (min, max) = (IdempotencyKey::LENGTH.start(), IdempotencyKey::LENGTH.end());
                ApiError::Rejected {
                    status: StatusCode::BAD_REQUEST,
                    code: "idempotency_key_required".into(),
                    en: format!("Send an Idempotency-Key header of {min} to {max} characters"),
                    hans: format!("请提供 {min} 至 {max} 个字符的 Idempotency-Key 请求头"),
                    hant: format!("請提供 {min} 至 {max} 個字元的 Idempotency-Key 請求頭"),
                }
            })
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
