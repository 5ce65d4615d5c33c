//! Rendering of [`ApiError`] into the server's error bodies.

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.plain {
            return (
                self.status,
                [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                self.message,
            )
                .into_response();
        }
        let body = if self.nested_auth {
            json!({"error": {"code": self.status.as_u16(), "message": self.message}})
        } else {
            json!({"error": self.message, "code": self.code})
        };
        (self.status, Json(body)).into_response()
    }
}
