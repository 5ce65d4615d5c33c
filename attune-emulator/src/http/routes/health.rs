//! `/health`, `/health/detailed`, `/health/ready`, `/health/live` (no auth, no envelope).

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::S;

/// Health routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/health/detailed", get(detailed))
        .route("/health/ready", get(|| async { http::StatusCode::OK }))
        .route("/health/live", get(|| async { http::StatusCode::OK }))
}

async fn detailed(State(st): State<S>) -> impl IntoResponse {
    Json(json!({"status": "ok", "version": st.config.version, "database": "connected"}))
}
