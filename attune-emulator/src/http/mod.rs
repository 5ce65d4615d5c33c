//! HTTP layer: the axum router, extractors, envelopes and one route module per resource.
//! Handlers stay thin: they authenticate, lock the store, call the state
//! functions and render the response; engine hooks are called after unlocking.

pub mod error;
pub mod extract;
pub mod pagination;
pub mod placement;
pub mod response;
pub mod routes;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::Router;

use crate::state::AppState;

/// Builds the full router for a state.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .merge(routes::health::router())
        .merge(routes::notifier::router())
        .nest("/auth", routes::auth::router())
        .nest("/api/v1", routes::api_router())
        .merge(routes::not_emulated::router())
        .layer(DefaultBodyLimit::max(limit))
        // last line of defence: a panicking handler becomes a JSON 500, never a dropped connection
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                crate::error::ApiError::internal("Internal server error").into_response()
            },
        ))
        .with_state(state)
}
