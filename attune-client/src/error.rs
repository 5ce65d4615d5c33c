//! The SDK's single error type.

use std::time::Duration;

/// Convenience alias used by every fallible SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which deadline expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the TCP/TLS connection took longer than the connect timeout.
    Connect,
    /// A single attempt (request + response body) exceeded the per-attempt timeout.
    Attempt,
    /// The whole operation, including retries and back-off sleeps, exceeded the total deadline.
    Total,
}

impl std::fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Total => "total",
        })
    }
}

/// Every error the SDK can return.
///
/// Match on it, or use the helpers ([`Error::status`], [`Error::is_not_found`], ...).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    #[error("Attune API error {status}{}: {message}", code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Api {
        /// HTTP status code.
        status: u16,
        /// Attune's error code (`"NOT_FOUND"`, `"VALIDATION_ERROR"`, or the numeric code of the
        /// auth layer's nested error body rendered as a string), when the body carried one.
        code: Option<String>,
        /// Human-readable message (from the body when it could be decoded, else the body text or
        /// the status reason).
        message: String,
        /// Raw response body (lossy UTF-8, truncated to 64 KiB).
        body: String,
        /// Parsed `Retry-After` header (seconds form), if present.
        retry_after: Option<Duration>,
    },
    /// The request could not be sent or the response could not be read.
    #[error("transport error: {message}")]
    Transport {
        /// Description of the failure.
        message: String,
        /// `true` when the failure happened while connecting (nothing reached the server).
        connect: bool,
        /// Underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A deadline expired.
    #[error("{kind} timeout after {after:?}")]
    Timeout {
        /// Which deadline expired.
        kind: TimeoutKind,
        /// The configured duration of that deadline.
        after: Duration,
    },
    /// A 2xx response body could not be decoded into the expected model.
    #[error(
        "failed to decode response of {context} at `{path}`: {message} (body: {body_snippet})"
    )]
    Decode {
        /// Operation that was being decoded.
        context: String,
        /// JSON path where decoding failed (`.` for the root).
        path: String,
        /// Decoder message.
        message: String,
        /// First bytes of the body (lossy UTF-8, at most 512 bytes).
        body_snippet: String,
    },
    /// Authentication failed in the SDK itself (no credentials to log in with, login refused, ...).
    #[error("authentication error: {message}")]
    Auth {
        /// Description.
        message: String,
        /// The API error that caused it, if any.
        #[source]
        source: Option<Box<Error>>,
    },
    /// Invalid client configuration (bad base URL, missing environment variable, ...).
    #[error("configuration error: {0}")]
    Config(String),
    /// A request could not be serialized.
    #[error("failed to encode request: {0}")]
    Encode(String),
    /// The server's API generation has no such operation or request form (see
    /// [`AttuneClient::server_profile`](crate::AttuneClient::server_profile)); nothing was sent.
    #[error("{operation} is not supported by this server: {reason}")]
    Unsupported {
        /// The operation (`"inquiries.create"`, ...).
        operation: &'static str,
        /// Why, naming the server generation.
        reason: String,
    },
}

const MAX_BODY: usize = 64 * 1024;
const SNIPPET: usize = 512;

pub(crate) fn lossy_truncated(bytes: &[u8], max: usize) -> String {
    let slice = if bytes.len() > max {
        &bytes[..max]
    } else {
        bytes
    };
    String::from_utf8_lossy(slice).into_owned()
}

impl Error {
    /// HTTP status for [`Error::Api`], `None` otherwise.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Auth {
                source: Some(inner),
                ..
            } => inner.status(),
            _ => None,
        }
    }

    /// Attune's error code (e.g. `"NOT_FOUND"`), when the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Raw response body of an [`Error::Api`].
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// `Retry-After` hint of an [`Error::Api`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }
    /// 401 Unauthorized.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }
    /// 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }
    /// 409 Conflict.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }
    /// 422 Unprocessable Entity (validation failure).
    pub fn is_validation(&self) -> bool {
        self.status() == Some(422)
    }
    /// 400 Bad Request.
    pub fn is_bad_request(&self) -> bool {
        self.status() == Some(400)
    }
    /// 429 Too Many Requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }
    /// 5xx status.
    pub fn is_server_error(&self) -> bool {
        matches!(self.status(), Some(s) if (500..600).contains(&s))
    }
    /// Any deadline expired.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
    /// Transport (network) failure.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// Build an [`Error::Api`] from a status code and raw body. Never panics.
    pub fn from_response(status: u16, body: &[u8], retry_after: Option<Duration>) -> Error {
        let text = lossy_truncated(body, MAX_BODY);
        let (code, message) = parse_error_body(body);
        let message = message
            .filter(|m| !m.trim().is_empty())
            .or_else(|| {
                let t = text.trim();
                if t.is_empty() {
                    None
                } else {
                    Some(lossy_truncated(t.as_bytes(), SNIPPET))
                }
            })
            .unwrap_or_else(|| {
                http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("unknown status")
                    .to_string()
            });
        Error::Api {
            status,
            code,
            message,
            body: text,
            retry_after,
        }
    }

    pub(crate) fn decode(
        context: &str,
        err: serde_path_to_error::Error<serde_json::Error>,
        body: &[u8],
    ) -> Error {
        let path = err.path().to_string();
        Error::Decode {
            context: context.to_string(),
            path,
            message: err.into_inner().to_string(),
            body_snippet: lossy_truncated(body, SNIPPET),
        }
    }

    pub(crate) fn transport(err: reqwest::Error) -> Error {
        let connect = err.is_connect();
        Error::Transport {
            message: format_reqwest(&err),
            connect,
            source: Some(Box::new(err)),
        }
    }
}

fn format_reqwest(err: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut msg = err.to_string();
    let mut src = err.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Decode Attune's error bodies: flat `{"error": "..", "code": ".."}`, nested auth
/// `{"error": {"code": 401, "message": ".."}}`, `{"message": ".."}`; anything else yields `(None, None)`.
fn parse_error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let Some(obj) = value.as_object() else {
        return (None, value.as_str().map(str::to_string));
    };
    let code_of = |v: Option<&serde_json::Value>| -> Option<String> {
        match v? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    match obj.get("error") {
        Some(serde_json::Value::String(msg)) => (code_of(obj.get("code")), Some(msg.clone())),
        Some(serde_json::Value::Object(inner)) => {
            let message = inner
                .get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string);
            (
                code_of(inner.get("code")).or_else(|| code_of(obj.get("code"))),
                message,
            )
        }
        _ => (
            code_of(obj.get("code")),
            obj.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string),
        ),
    }
}
