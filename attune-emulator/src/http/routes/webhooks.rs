//! Webhook management (`/api/v1/triggers/{ref}/webhooks/*`) and the receiver
//! `POST /api/v1/webhooks/{webhook_key}` (no auth).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use http::HeaderMap;
use serde_json::{json, Map, Value};

use super::triggers::visible_trigger_id;
use super::S;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Auth;
use crate::http::response::{ok, ok_msg};
use crate::state::events::{self, NewEvent};
use crate::state::{now, triggers};

/// Webhook routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/triggers/{ref}/webhooks/enable", post(enable))
        .route("/triggers/{ref}/webhooks/disable", post(disable))
        .route("/triggers/{ref}/webhooks/regenerate", post(regenerate))
        .route("/webhooks/{key}", post(receive))
}

#[derive(Clone, Copy)]
enum Op {
    Enable,
    Disable,
    Regenerate,
}

fn manage(st: &S, p: &Principal, r: &str, op: Op) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_trigger_id(&store, p, r)?;
    p.require("triggers", "update")?;
    let Some(t) = store.triggers.get_mut(id) else {
        return Err(ApiError::not_found(format!("Trigger '{r}' not found")));
    };
    let msg = match op {
        Op::Enable => {
            t.webhook_enabled = true;
            if t.webhook_key.is_none() {
                t.webhook_key = Some(triggers::new_webhook_key());
            }
            "Webhooks enabled successfully"
        }
        Op::Disable => {
            t.webhook_enabled = false;
            // The real server clears the key: the old key then gets 404 "Invalid webhook key".
            t.webhook_key = None;
            "Webhooks disabled successfully"
        }
        Op::Regenerate => {
            if !t.webhook_enabled {
                return Err(ApiError::bad_request(
                    "Webhooks are not enabled for this trigger",
                ));
            }
            t.webhook_key = Some(triggers::new_webhook_key());
            "Webhook key regenerated successfully"
        }
    };
    t.updated = now();
    Ok(ok_msg(t.response(), msg))
}

async fn enable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    manage(&st, &p, &r, Op::Enable)
}

async fn disable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    manage(&st, &p, &r, Op::Disable)
}

async fn regenerate(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
) -> ApiResult<Response> {
    manage(&st, &p, &r, Op::Regenerate)
}

fn header_str(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn receive(
    State(st): State<S>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let parsed: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON payload: {e}")))?;
    let Some(obj) = parsed.as_object() else {
        return Err(ApiError::bad_request(
            "Invalid JSON payload: invalid type: expected struct WebhookReceiverRequest",
        ));
    };
    let Some(payload) = obj.get("payload").cloned() else {
        return Err(ApiError::bad_request(
            "Invalid JSON payload: missing field `payload`",
        ));
    };
    st.hooks().admit().await;
    let received_at = now();
    let (event_id, trigger_ref) = {
        let mut store = st.store.lock();
        let t = triggers::find_by_webhook_key(&store, &key)
            .ok_or_else(|| ApiError::not_found("Invalid webhook key"))?;
        if !t.enabled {
            return Err(ApiError::bad_request(format!(
                "Trigger '{}' is disabled",
                t.r#ref
            )));
        }
        if !t.webhook_enabled {
            return Err(ApiError::bad_request(
                "Webhooks are not enabled for this trigger",
            ));
        }
        let mut config = Map::new();
        config.insert("source".into(), json!("webhook"));
        config.insert("webhook_key".into(), json!(key));
        config.insert("received_at".into(), json!(received_at));
        if let Some(h) = obj.get("headers").filter(|v| !v.is_null()) {
            config.insert("headers".into(), h.clone());
        }
        let ip = obj
            .get("source_ip")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                header_str(&headers, "x-forwarded-for")
                    .map(|s| s.split(',').next().unwrap_or("").trim().to_string())
            })
            .or_else(|| header_str(&headers, "x-real-ip"));
        if let Some(ip) = ip {
            config.insert("source_ip".into(), json!(ip));
        }
        let ua = obj
            .get("user_agent")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| header_str(&headers, "user-agent"));
        if let Some(ua) = ua {
            config.insert("user_agent".into(), json!(ua));
        }
        let (tid, tref) = (t.id, t.r#ref.clone());
        let id = events::create(
            &mut store,
            NewEvent {
                trigger: Some(tid),
                trigger_ref: tref.clone(),
                config: Value::Object(config),
                payload,
                source_ref: Some("webhook".into()),
                ..Default::default()
            },
        );
        (id, tref)
    };
    st.hooks().event_created(event_id);
    Ok(ok(json!({
        "event_id": event_id, "trigger_ref": trigger_ref, "received_at": received_at,
        "message": "Webhook received successfully",
    })))
}
