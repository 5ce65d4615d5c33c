//! Success envelopes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// 200 `{"data": data}`.
pub fn ok(data: Value) -> Response {
    Json(json!({ "data": data })).into_response()
}

/// 200 `{"data": data, "message": msg}`.
pub fn ok_msg(data: Value, msg: &str) -> Response {
    Json(json!({ "data": data, "message": msg })).into_response()
}

/// 201 `{"data": data, "message": msg}`.
pub fn created(data: Value, msg: &str) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({ "data": data, "message": msg })),
    )
        .into_response()
}

/// 201 `{"data": data}`.
pub fn created_bare_msg(data: Value) -> Response {
    (StatusCode::CREATED, Json(json!({ "data": data }))).into_response()
}

/// 200 `{"success": true, "message": msg}`.
pub fn deleted(msg: impl Into<String>) -> Response {
    Json(json!({ "success": true, "message": msg.into() })).into_response()
}

/// 200 `{"data": {"success": true, "message": msg}}` (the real server's
/// `ApiResponse<SuccessResponse>`, used by identity/permission deletes and freeze/unfreeze).
pub fn ok_success(msg: impl Into<String>) -> Response {
    Json(json!({ "data": { "success": true, "message": msg.into() } })).into_response()
}

/// 200 with a raw JSON body (lists, bare arrays).
pub fn raw(v: Value) -> Response {
    Json(v).into_response()
}
