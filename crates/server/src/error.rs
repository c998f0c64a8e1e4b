//! The API's one error type: every failure becomes `{code, message, fields}` here, in one place.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::ErrorBody;

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    /// Something failed on our side; the details go to the log, not to the client.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "There is no such API endpoint",
            ),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side; try again",
                )
            }
        };
        let body = ErrorBody {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
        };
        (status, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}
