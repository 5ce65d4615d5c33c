//! `GET /ws`: the notifier WebSocket (the real notifier is a separate service on
//! port 8081; the emulator serves it on its main port).
//!
//! Auth: `Authorization: Bearer <jwt>` or subprotocols `["attune.v1",
//! "attune.jwt.<jwt>"]` (the server selects `attune.v1`); anything else ⇒ 401.
//! Client frames `subscribe` / `unsubscribe` / `ping` are processed in order,
//! without acknowledgements; problems are reported as `{"type":"error"}` frames.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::HeaderMap;
use serde_json::{json, Value};
use tokio::sync::broadcast::error::RecvError;

use super::S;
use crate::auth::jwt::{TokenError, TokenType};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::notify::Notification;
use crate::state::{identities, Store};

/// Notifier routes.
pub fn router() -> Router<S> {
    Router::new().route("/ws", get(upgrade))
}

async fn upgrade(
    State(st): State<S>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let p = match authenticate(&st, &headers) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match ws {
        Ok(ws) => ws
            .protocols(["attune.v1"])
            .on_upgrade(move |socket| run(socket, st, p)),
        Err(rej) => rej.into_response(),
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    if let Some(h) = headers.get(http::header::AUTHORIZATION) {
        return h
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
    }
    headers
        .get_all(http::header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| p.trim().strip_prefix("attune.jwt.").map(str::to_string))
}

fn authenticate(st: &S, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = bearer_token(headers)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::auth("Missing authentication token"))?;
    let claims = st.jwt.verify(&token).map_err(|e| match e {
        TokenError::Expired => ApiError::auth("Authentication token expired"),
        TokenError::Invalid => ApiError::auth("Invalid authentication token"),
    })?;
    if matches!(claims.token_type, TokenType::Refresh | TokenType::Worker) {
        return Err(ApiError::auth("Invalid authentication token"));
    }
    let id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::auth("Invalid authentication token"))?;
    let store = st.store.lock();
    identities::principal_for(&store, id, claims.token_type, claims.metadata.as_ref())
}

/// A subscription filter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    All,
    EntityType(String),
    Entity(String, i64),
    NotificationType(String),
    TriggerRef(String),
    User(i64),
}

fn parse_filter(s: &str) -> Result<Filter, String> {
    let bad = || format!("Invalid filter format: {s}");
    if s == "all" {
        return Ok(Filter::All);
    }
    let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
    if rest.is_empty() {
        return Err(bad());
    }
    match kind {
        "entity_type" => Ok(Filter::EntityType(rest.into())),
        "entity" => {
            let (t, id) = rest.split_once(':').ok_or_else(bad)?;
            let id = id.parse().map_err(|_| format!("Invalid entity ID: {id}"))?;
            Ok(Filter::Entity(t.into(), id))
        }
        "notification_type" => Ok(Filter::NotificationType(rest.into())),
        "trigger_ref" => Ok(Filter::TriggerRef(rest.into())),
        "user" => rest
            .parse()
            .map(Filter::User)
            .map_err(|_| format!("Invalid user ID: {rest}")),
        _ => Err(format!("Unknown filter type: {kind}")),
    }
}

fn entity_type_resource(t: &str) -> Option<&'static str> {
    match t {
        "event" => Some("events"),
        "enforcement" => Some("enforcements"),
        "execution" => Some("executions"),
        "rule_lifecycle" => Some("rules"),
        _ => None,
    }
}

fn notification_type_resource(n: &str) -> Option<&'static str> {
    if n == "rule_lifecycle_changed" {
        Some("rules")
    } else if n.contains("event") {
        Some("events")
    } else if n.contains("enforcement") {
        Some("enforcements")
    } else if n.contains("execution") {
        Some("executions")
    } else {
        None
    }
}

fn may_subscribe(p: &Principal, f: &Filter) -> bool {
    if p.token_type == TokenType::Sensor {
        return matches!(f, Filter::TriggerRef(_));
    }
    let read = |r: Option<&str>| r.is_none_or(|r| p.can(r, "read"));
    match f {
        Filter::All => ["events", "enforcements", "executions", "rules"]
            .iter()
            .all(|r| p.can_global(r, "read")),
        Filter::EntityType(t) | Filter::Entity(t, _) => read(entity_type_resource(t)),
        Filter::NotificationType(n) => read(notification_type_resource(n)),
        Filter::TriggerRef(_) => true,
        Filter::User(id) => *id == p.identity_id,
    }
}

fn matches(f: &Filter, n: &Notification) -> bool {
    match f {
        Filter::All => true,
        Filter::EntityType(t) => n.entity_type == *t,
        Filter::Entity(t, id) => n.entity_type == *t && n.entity_id == *id,
        Filter::NotificationType(t) => n.notification_type == *t,
        Filter::TriggerRef(r) => {
            n.notification_type == "rule_lifecycle_changed" && n.trigger_ref.as_ref() == Some(r)
        }
        // notifications carry no user id
        Filter::User(_) => false,
    }
}

fn visible(store: &Store, p: &Principal, n: &Notification) -> bool {
    let id = n.entity_id;
    match n.entity_type.as_str() {
        "execution" => store
            .executions
            .get(id)
            .is_some_and(|e| e.visible_to(store, p)),
        "inquiry" => store
            .inquiries
            .get(id)
            .is_some_and(|i| i.visible_to(store, p)),
        "event" => store.events.get(id).is_some_and(|e| e.visible_to(store, p)),
        "enforcement" => store
            .enforcements
            .get(id)
            .is_some_and(|e| e.visible_to(store, p)),
        "rule_lifecycle" => {
            p.token_type == TokenType::Sensor
                || match store.rules.get(id) {
                    Some(r) => r.visible_to(store, p),
                    None => {
                        n.owner_identity == Some(p.identity_id) || p.can_global("rules", "read")
                    }
                }
        }
        _ => false,
    }
}

fn error_frame(message: impl Into<String>) -> Message {
    Message::Text(
        json!({"type": "error", "message": message.into()})
            .to_string()
            .into(),
    )
}

/// Handles one client frame; returns an error frame to send, if any.
fn handle_frame(text: &str, p: &Principal, filters: &mut Vec<Filter>) -> Option<Message> {
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Some(error_frame(format!("Invalid message format: {e}"))),
    };
    let kind = v.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "ping" => None,
        "subscribe" | "unsubscribe" => {
            let Some(raw) = v.get("filter").and_then(Value::as_str) else {
                return Some(error_frame(
                    "Invalid message format: missing field `filter`",
                ));
            };
            let f = match parse_filter(raw) {
                Ok(f) => f,
                Err(e) => return Some(error_frame(format!("Invalid filter '{raw}': {e}"))),
            };
            if kind == "unsubscribe" {
                filters.retain(|x| *x != f);
                return None;
            }
            if !may_subscribe(p, &f) {
                return Some(error_frame("Unauthorized to subscribe to requested filter"));
            }
            if !filters.contains(&f) {
                filters.push(f);
            }
            None
        }
        other => Some(error_frame(format!("Unknown message type: {other}"))),
    }
}

async fn run(mut socket: WebSocket, st: S, p: Principal) {
    let (mut rx, client_id) = {
        let store = st.store.lock();
        (store.notify.subscribe(), store.notify.next_client_id())
    };
    let welcome = json!({
        "type": "welcome", "client_id": client_id, "message": "Connected to Attune Notifier",
    });
    if socket
        .send(Message::Text(welcome.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let mut filters: Vec<Filter> = Vec::new();
    loop {
        tokio::select! {
            msg = socket.recv() => {
                let reply = match msg {
                    Some(Ok(Message::Text(t))) => handle_frame(t.as_str(), &p, &mut filters),
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => None,
                };
                if let Some(reply) = reply {
                    if socket.send(reply).await.is_err() {
                        break;
                    }
                }
            }
            n = rx.recv() => {
                let n = match n {
                    Ok(n) => n,
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => break,
                };
                if !filters.iter().any(|f| matches(f, &n)) {
                    continue;
                }
                let ok = {
                    let store = st.store.lock();
                    visible(&store, &p, &n)
                };
                if ok && socket.send(Message::Text(n.envelope().to_string().into())).await.is_err() {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        assert_eq!(parse_filter("all"), Ok(Filter::All));
        assert_eq!(
            parse_filter("entity:execution:7"),
            Ok(Filter::Entity("execution".into(), 7))
        );
        assert_eq!(parse_filter("user:3"), Ok(Filter::User(3)));
        assert_eq!(
            parse_filter("bad"),
            Err("Invalid filter format: bad".to_string())
        );
        assert!(parse_filter("entity_type:").is_err());
    }
}
