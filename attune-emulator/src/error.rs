//! The error type shared by the state (service) layer and the HTTP layer.

use http::StatusCode;

/// An API error: an HTTP status, a machine-readable code and a message.
///
/// Rendered by the HTTP layer as the flat body `{"error": message, "code": code}`
/// (or the nested auth body for [`ApiError::auth`] errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: StatusCode,
    /// Error code string (`NOT_FOUND`, `CONFLICT`, ...).
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
    /// Whether to render the nested authentication-extractor body.
    pub nested_auth: bool,
    /// Whether to render the message as a `text/plain` body (body-deserialization errors).
    pub plain: bool,
}

/// Result alias for service functions.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// Generic constructor.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            nested_auth: false,
            plain: false,
        }
    }
    /// 422 `text/plain` `Failed to deserialize the JSON body into the target type: <detail>`
    /// (axum's `Json` rejection text, which the real server sends for a missing or
    /// mistyped body field).
    pub fn body_deserialize(detail: impl std::fmt::Display) -> Self {
        Self {
            plain: true,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
                format!("Failed to deserialize the JSON body into the target type: {detail}"),
            )
        }
    }
    /// 400 `BAD_REQUEST`.
    pub fn bad_request(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", m)
    }
    /// 401 `UNAUTHORIZED` (flat body).
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", m)
    }
    /// 401 rendered as the auth extractor's nested body `{"error":{"code":401,"message":..}}`.
    pub fn auth(m: impl Into<String>) -> Self {
        Self {
            nested_auth: true,
            ..Self::unauthorized(m)
        }
    }
    /// 403 `FORBIDDEN`.
    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", m)
    }
    /// 404 `NOT_FOUND`.
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", m)
    }
    /// 409 `CONFLICT`.
    pub fn conflict(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "CONFLICT", m)
    }
    /// 422 `VALIDATION_ERROR`.
    pub fn validation(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR", m)
    }
    /// 422 `UNPROCESSABLE_ENTITY`.
    pub fn unprocessable(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "UNPROCESSABLE_ENTITY", m)
    }
    /// 500 `INTERNAL_SERVER_ERROR`.
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            m,
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}
