//! The API's one error type. Every failure becomes `{code, message, fields}` here, in one place,
//! in the language of the request (`Accept-Language`, kept in a task-local by [`locale_layer`]).

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use onboarding_domain::api::ErrorBody;
use onboarding_domain::{Explain, FieldError, Locale};

tokio::task_local! {
    static LOCALE: Locale;
}

/// Runs the request with its negotiated language available to error responses.
pub async fn locale_layer(request: Request, next: Next) -> Response {
    let locale = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(|v| Locale::negotiate(v.split(',')))
        .unwrap_or_default();
    LOCALE.scope(locale, next.run(request)).await
}

/// The request's language (English outside a request).
pub fn locale() -> Locale {
    LOCALE.try_with(|l| *l).unwrap_or_default()
}

/// A message in each language (English, Simplified, Traditional); the response picks one.
#[derive(Clone, Copy, Debug)]
pub struct Text(pub &'static str, pub &'static str, pub &'static str);

#[derive(Debug)]
pub enum ApiError {
    /// No valid session: sign in again.
    Unauthorized,
    /// Signed in, but this needs something first (registration).
    Forbidden(&'static str, Text),
    /// Not there, or not yours (the two are deliberately indistinguishable).
    NotFound,
    /// The request is malformed in a way a field error cannot say.
    BadRequest(&'static str, Text),
    /// The rules refuse these fields.
    Invalid(Vec<FieldError>),
    /// One invalid non-form input, explained by a domain error (its code and its messages).
    Rejected {
        status: StatusCode,
        code: std::borrow::Cow<'static, str>,
        en: String,
        hans: String,
        hant: String,
    },
    Conflict(&'static str, Text),
    PreconditionRequired,
    PreconditionFailed,
    /// A body over its endpoint's limit.
    TooLarge,
    /// A body of a type the endpoint does not take.
    UnsupportedMediaType,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The stored draft or application will not open: it is kept as it is, and nothing is
    /// written over it. The reason goes to the log.
    Unopenable(String),
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// Something failed on our side; the details go to the log, never to the client.
    Internal(String),
}

impl ApiError {
    /// A step asked of an application that is not at it (the state machine refused, or the
    /// application moved on first).
    pub fn wrong_state() -> ApiError {
        ApiError::Conflict(
            "wrong_state",
            Text(
                "The application is not at this step",
                "申请当前不在此步骤",
                "申請目前不在此步驟",
            ),
        )
    }

    /// Refuses one input with the rule's own code and message.
    pub fn rejected(status: StatusCode, rule: &impl Explain) -> ApiError {
        ApiError::Rejected {
            status,
            code: rule.code().into(),
            en: rule.message(Locale::En),
            hans: rule.message(Locale::ZhCn),
            hant: rule.message(Locale::ZhHant),
        }
    }

    fn parts(&self, l: Locale) -> (StatusCode, String, String) {
        let pick = |t: &Text| l.pick(t.0, t.1, t.2).to_string();
        match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized".into(),
                pick(&Text(
                    "Sign in again to continue",
                    "请重新登录后继续",
                    "請重新登入後繼續",
                )),
            ),
            ApiError::Forbidden(code, text) => (StatusCode::FORBIDDEN, (*code).into(), pick(text)),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found".into(),
                pick(&Text("Not found", "未找到", "未找到")),
            ),
            ApiError::BadRequest(code, text) => (StatusCode::BAD_REQUEST, (*code).into(), pick(text)),
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid".into(),
                pick(&Text(
                    "Some answers need correcting",
                    "部分信息需要修改",
                    "部分資料需要修改",
                )),
            ),
            ApiError::Rejected {
                status,
                code,
                en,
                hans,
                hant,
            } => (*status, code.to_string(), l.pick(en, hans, hant).clone()),
            ApiError::Conflict(code, text) => (StatusCode::CONFLICT, (*code).into(), pick(text)),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if_match_required".into(),
                pick(&Text(
                    "Send If-Match with the version you are changing",
                    "请在 If-Match 中提供要修改的版本",
                    "請在 If-Match 中提供要修改的版本",
                )),
            ),
            ApiError::PreconditionFailed => (
                StatusCode::PRECONDITION_FAILED,
                "stale".into(),
                pick(&Text(
                    "This was changed somewhere else; reload to see the latest version",
                    "内容已在别处修改，请刷新查看最新版本",
                    "內容已在別處修改，請重新整理查看最新版本",
                )),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large".into(),
                pick(&Text(
                    "The request is larger than this endpoint takes",
                    "请求内容超出此接口的大小限制",
                    "請求內容超出此介面的大小限制",
                )),
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type".into(),
                pick(&Text(
                    "Send the body as application/json",
                    "请以 application/json 格式发送请求内容",
                    "請以 application/json 格式傳送請求內容",
                )),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed".into(),
                pick(&Text(
                    "This address does not take that method",
                    "此地址不支持该请求方法",
                    "此地址不支援該請求方法",
                )),
            ),
            ApiError::Unopenable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "draft_unreadable".into(),
                pick(&Text(
                    "Your saved answers cannot be opened right now. They are kept as they were; try again later or contact support",
                    "您保存的信息暂时无法打开，信息已原样保留，请稍后再试或联系客服",
                    "您儲存的資料暫時無法開啟，資料已原樣保留，請稍後再試或聯絡客服",
                )),
            ),
            ApiError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited".into(),
                pick(&Text(
                    "Too many attempts; wait a moment and try again",
                    "操作过于频繁，请稍后再试",
                    "操作過於頻繁，請稍後再試",
                )),
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal".into(),
                pick(&Text(
                    "Something went wrong on our side; try again",
                    "服务暂时出错，请重试",
                    "服務暫時出錯，請重試",
                )),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let l = locale();
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        if let ApiError::Unopenable(why) = &self {
            tracing::error!(%why, "a stored draft does not open; it is kept");
        }
        let (status, code, message) = self.parts(l);
        let fields = match &self {
            ApiError::Invalid(errors) => errors.iter().map(|e| e.report(l)).collect(),
            _ => Vec::new(),
        };
        let mut response = (status, Json(ErrorBody { code, message, fields })).into_response();
        match self {
            ApiError::TooManyRequests { retry_after_secs } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            ApiError::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl From<crate::sealed_draft::Unopenable> for ApiError {
    fn from(e: crate::sealed_draft::Unopenable) -> ApiError {
        ApiError::Unopenable(e.to_string())
    }
}

/// A move the state machine refuses is a request for a step the application is not at: 409.
impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> ApiError {
        match e {
            crate::store::StoreError::Db(e) => e.into(),
            crate::store::StoreError::Interrupted(why) => ApiError::Internal(why),
            crate::store::StoreError::Illegal(why) => {
                tracing::debug!(%why, "transition refused");
                ApiError::wrong_state()
            }
        }
    }
}

/// A JSON body that did not parse is the client's mistake: 400 with the parser's reason, never 500.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> ApiError {
        // Only the kind of fault: serde's message quotes the offending value, which can be an
        // identity or bank number sent as a JSON number.
        let kind = match &e {
            axum::extract::rejection::JsonRejection::JsonDataError(_) => "data",
            axum::extract::rejection::JsonRejection::JsonSyntaxError(_) => "syntax",
            axum::extract::rejection::JsonRejection::MissingJsonContentType(_) => "content type",
            _ => "body",
        };
        tracing::debug!(kind, "bad JSON body");
        ApiError::BadRequest(
            "bad_json",
            Text(
                "The request body is not the JSON this endpoint expects",
                "请求内容不是此接口要求的 JSON 格式",
                "請求內容不是此介面要求的 JSON 格式",
            ),
        )
    }
}
