//! Operations of the real Attune API that the emulator does not emulate.
//!
//! Each answers **501** `{"error":"<METHOD> <path template> is not emulated ...","code":"NOT_EMULATED"}`
//! so a client can tell "not emulated" from "not found" (unknown paths stay an
//! empty-body 404 and a wrong method on a known path a 405, as on the real server).
//! This file is the single list of them (also in docs/emulator.md): implementing
//! an operation means adding its route elsewhere and deleting its line here.
//!
//! The agent-binary routes are here too: the emulator has no agent distribution,
//! so they answer 503 like a real server on which it is not configured.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use serde_json::json;

use super::S;

/// `(method, path as routed here, path template of the real API)`.
///
/// The routed path uses the emulator's parameter names where a prefix is shared
/// with an emulated route (the router requires one name per segment).
pub const NOT_EMULATED: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/audit-events", "/api/v1/audit-events"),
    (
        "GET",
        "/api/v1/audit-events/by-request/{request_id}",
        "/api/v1/audit-events/by-request/{request_id}",
    ),
    (
        "GET",
        "/api/v1/audit-events/{id}",
        "/api/v1/audit-events/{id}",
    ),
    (
        "GET",
        "/api/v1/executions/{id}/logs/{stream}/stream",
        "/api/v1/executions/{id}/logs/{stream}/stream",
    ),
    (
        "GET",
        "/api/v1/executions/{id}/workflow-cache-iterations",
        "/api/v1/executions/{id}/workflow-cache-iterations",
    ),
    (
        "GET",
        "/api/v1/identities/{id}/integration-tokens",
        "/api/v1/identities/{id}/integration-tokens",
    ),
    (
        "POST",
        "/api/v1/identities/{id}/integration-tokens",
        "/api/v1/identities/{id}/integration-tokens",
    ),
    (
        "DELETE",
        "/api/v1/identities/{id}/integration-tokens/{token_id}",
        "/api/v1/identities/{id}/integration-tokens/{token_id}",
    ),
    (
        "POST",
        "/api/v1/identities/{id}/integration-tokens/{token_id}/revoke",
        "/api/v1/identities/{id}/integration-tokens/{token_id}/revoke",
    ),
    ("POST", "/api/v1/packs/install", "/api/v1/packs/install"),
    (
        "GET",
        "/api/v1/packs/install/{id}",
        "/api/v1/packs/install/{id}",
    ),
    (
        "GET",
        "/api/v1/packs/{pack_ref}/queues",
        "/api/v1/packs/{pack_ref}/queues",
    ),
    (
        "POST",
        "/api/v1/packs/{pack_ref}/test",
        "/api/v1/packs/{ref}/test",
    ),
    (
        "GET",
        "/api/v1/packs/{pack_ref}/tests",
        "/api/v1/packs/{ref}/tests",
    ),
    (
        "GET",
        "/api/v1/packs/{pack_ref}/tests/latest",
        "/api/v1/packs/{ref}/tests/latest",
    ),
    (
        "POST",
        "/api/v1/packs/{pack_ref}/workflow-files",
        "/api/v1/packs/{pack_ref}/workflow-files",
    ),
    (
        "POST",
        "/api/v1/packs/{pack_ref}/workflows/sync",
        "/api/v1/packs/{ref}/workflows/sync",
    ),
    (
        "POST",
        "/api/v1/packs/{pack_ref}/workflows/validate",
        "/api/v1/packs/{ref}/workflows/validate",
    ),
    ("GET", "/api/v1/queues", "/api/v1/queues"),
    ("POST", "/api/v1/queues", "/api/v1/queues"),
    ("GET", "/api/v1/queues/{ref}", "/api/v1/queues/{ref}"),
    ("PUT", "/api/v1/queues/{ref}", "/api/v1/queues/{ref}"),
    ("DELETE", "/api/v1/queues/{ref}", "/api/v1/queues/{ref}"),
    (
        "GET",
        "/api/v1/queues/{ref}/items",
        "/api/v1/queues/{ref}/items",
    ),
    (
        "POST",
        "/api/v1/queues/{ref}/items",
        "/api/v1/queues/{ref}/items",
    ),
    (
        "PUT",
        "/api/v1/queues/{ref}/items/{item_id}",
        "/api/v1/queues/{ref}/items/{item_id}",
    ),
    (
        "DELETE",
        "/api/v1/queues/{ref}/items/{item_id}",
        "/api/v1/queues/{ref}/items/{item_id}",
    ),
    (
        "GET",
        "/api/v1/retention-config",
        "/api/v1/retention-config",
    ),
    (
        "PUT",
        "/api/v1/retention-config",
        "/api/v1/retention-config",
    ),
    (
        "GET",
        "/api/v1/sensors/{ref}/logs",
        "/api/v1/sensors/{sensor_ref}/logs",
    ),
    ("GET", "/api/v1/workers", "/api/v1/workers"),
    ("GET", "/api/v1/workers/{id}", "/api/v1/workers/{id}"),
    (
        "POST",
        "/api/v1/workers/{id}/cordon",
        "/api/v1/workers/{id}/cordon",
    ),
    (
        "POST",
        "/api/v1/workers/{id}/uncordon",
        "/api/v1/workers/{id}/uncordon",
    ),
    ("GET", "/auth/callback", "/auth/callback"),
    (
        "POST",
        "/auth/internal/sensor-token",
        "/auth/internal/sensor-token",
    ),
    ("POST", "/auth/ldap/login", "/auth/ldap/login"),
    ("GET", "/auth/oidc/login", "/auth/oidc/login"),
    ("POST", "/auth/token-login", "/auth/token-login"),
];

/// The 501 answer for one operation.
pub fn not_emulated(method: &str, template: &str) -> Response {
    (
        StatusCode::NOT_IMPLEMENTED,
        Json(json!({
            "error": format!(
                "{method} {template} is not emulated by attune-emulator \
                 (see docs/emulator.md, section \"Not emulated\")"
            ),
            "code": "NOT_EMULATED",
        })),
    )
        .into_response()
}

fn filter(method: &str) -> MethodFilter {
    match method {
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "DELETE" => MethodFilter::DELETE,
        "PATCH" => MethodFilter::PATCH,
        _ => MethodFilter::GET,
    }
}

/// Routes of every not-emulated operation (full paths, merged at the root),
/// plus the agent-binary routes (503).
pub fn router() -> Router<S> {
    let mut by_path: Vec<(&str, axum::routing::MethodRouter<S>)> = Vec::new();
    for &(method, path, template) in NOT_EMULATED {
        let handler = move || async move { not_emulated(method, template) };
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, mr)) => {
                let taken = std::mem::take(mr);
                *mr = taken.on(filter(method), handler);
            }
            None => by_path.push((path, on(filter(method), handler))),
        }
    }
    let mut r = Router::new();
    for (path, mr) in by_path {
        r = r.route(path, mr);
    }
    r.route("/api/v1/agent/info", axum::routing::get(agent_unconfigured))
        .route(
            "/api/v1/agent/binary",
            axum::routing::get(agent_unconfigured),
        )
}

/// `/api/v1/agent/{info,binary}`: the emulator distributes no agent binaries.
async fn agent_unconfigured() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({
            "error": "Agent binary distribution not configured",
            "code": "SERVICE_UNAVAILABLE",
        })),
    )
        .into_response()
}
