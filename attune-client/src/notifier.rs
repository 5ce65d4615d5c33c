//! A client of Attune's notifier WebSocket (`GET /ws`; a real deployment serves it on its own port, by
//! default `ws://<host>:8081/ws`).
//!
//! Connect with the client's token ([`AttuneClient::notifier`]) or any token ([`Notifier::connect`]),
//! subscribe with [`Filter`]s, then read the connection as a [`Stream`] of [`ServerMessage`]s (or only the
//! [`Notification`]s with [`Notifier::into_notifications`]). Frames are processed by the server in order and
//! never acknowledged; [`Notifier::subscribe_checked`] uses an invalid filter as a barrier to learn which
//! subscriptions were refused. The connection does not reconnect by itself.
//!
//! ```no_run
//! use futures::StreamExt;
//! use attune_client::notifier::Filter;
//! # async fn run(client: attune_client::AttuneClient) -> attune_client::Result<()> {
//! let mut notifier = client.notifier("ws://127.0.0.1:8081/ws").await?;
//! notifier.subscribe(&Filter::EntityType("execution".into())).await?;
//! let mut notes = notifier.into_notifications();
//! while let Some(note) = notes.next().await {
//!     let note = note?;
//!     if let Some(change) = note.execution() {
//!         println!("execution {} is now {:?}", note.entity_id, change.status);
//!     }
//! }
//! # Ok(()) }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::{SinkExt, Stream, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::models::{ExecutionStatus, InquiryStatus};
use crate::{AttuneClient, Error, Result};

/// A subscription filter (the real server knows exactly these forms).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// `all` (needs read access to events, enforcements, executions and rules).
    All,
    /// `entity_type:<t>` (`execution`, `inquiry`, `event`, `enforcement`, ...).
    EntityType(String),
    /// `entity:<t>:<id>`.
    Entity {
        /// Entity type.
        entity_type: String,
        /// Entity id.
        id: i64,
    },
    /// `notification_type:<n>` (`execution_status_changed`, ...).
    NotificationType(String),
    /// `user:<id>` (only one's own id).
    User(i64),
    /// Any other text, sent verbatim.
    Raw(String),
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::All => f.write_str("all"),
            Filter::EntityType(t) => write!(f, "entity_type:{t}"),
            Filter::Entity { entity_type, id } => write!(f, "entity:{entity_type}:{id}"),
            Filter::NotificationType(n) => write!(f, "notification_type:{n}"),
            Filter::User(id) => write!(f, "user:{id}"),
            Filter::Raw(s) => f.write_str(s),
        }
    }
}

/// How the token is presented on the upgrade request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotifierAuth {
    /// `Authorization: Bearer <jwt>` (and subprotocol `attune.v1`).
    #[default]
    Bearer,
    /// Subprotocols `attune.v1, attune.jwt.<jwt>` (what browsers do).
    Subprotocol,
}

/// Connection options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifierOptions {
    /// How the token is sent.
    pub auth: NotifierAuth,
    /// Limit for the TCP/TLS connect, the upgrade and the welcome frame.
    pub connect_timeout: Duration,
}

impl Default for NotifierOptions {
    fn default() -> Self {
        Self {
            auth: NotifierAuth::Bearer,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// One notification envelope.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Notification {
    /// `execution_created`, `execution_status_changed`, `inquiry_responded`, ...
    pub notification_type: String,
    /// `execution`, `inquiry`, `event`, `enforcement`, `rule_lifecycle`, ...
    pub entity_type: String,
    /// Id of the entity.
    pub entity_id: i64,
    /// Reserved by the server (always `null` today).
    #[serde(default)]
    pub user_id: Option<i64>,
    /// Type-specific payload.
    #[serde(default)]
    pub payload: Value,
    /// When the server published it.
    #[serde(default)]
    pub timestamp: Option<DateTime<Utc>>,
}

/// Payload of `execution_created` / `execution_status_changed` / `workflow_execution_status_changed`. Every
/// field is optional: servers send a compact form for large payloads.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ExecutionChange {
    /// Execution id.
    pub id: Option<i64>,
    /// New status.
    pub status: Option<ExecutionStatus>,
    /// Previous status (`None` on creation).
    pub old_status: Option<ExecutionStatus>,
    /// Action id.
    pub action_id: Option<i64>,
    /// Action ref.
    pub action_ref: Option<String>,
    /// Enforcement id.
    pub enforcement: Option<i64>,
    /// Parent (workflow) execution id.
    pub parent: Option<i64>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Trigger ref.
    pub trigger_ref: Option<String>,
    /// Workflow task metadata (as sent).
    pub workflow_task: Option<Value>,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// Update time.
    pub updated: Option<DateTime<Utc>>,
    /// Start time.
    pub started_at: Option<DateTime<Utc>>,
}

impl ExecutionChange {
    /// `workflow_task.task_name`, when present.
    pub fn task_name(&self) -> Option<&str> {
        self.workflow_task.as_ref()?.get("task_name")?.as_str()
    }
}

/// Payload of `inquiry_created` / `inquiry_responded` / `inquiry_timeout`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct InquiryChange {
    /// Inquiry id.
    pub id: Option<i64>,
    /// Execution the inquiry belongs to.
    pub execution: Option<i64>,
    /// Execution that created it.
    pub created_by_execution: Option<i64>,
    /// New status.
    pub status: Option<InquiryStatus>,
    /// Deadline (on creation).
    pub timeout_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// Update time (on response / timeout).
    pub updated: Option<DateTime<Utc>>,
}

/// Payload of `event_created` (never the event's data, only `has_payload`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct EventCreated {
    /// Event id.
    pub id: Option<i64>,
    /// Trigger id.
    pub trigger: Option<i64>,
    /// Trigger ref.
    pub trigger_ref: Option<String>,
    /// Source (sensor) id.
    pub source: Option<i64>,
    /// Rule id (rule-bound events).
    pub rule: Option<i64>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Whether the event carries a payload.
    pub has_payload: Option<bool>,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
}

/// Payload of `enforcement_created` / `enforcement_status_changed`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct EnforcementChange {
    /// Enforcement id.
    pub id: Option<i64>,
    /// Rule id.
    pub rule: Option<i64>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Trigger ref.
    pub trigger_ref: Option<String>,
    /// Event id.
    pub event: Option<i64>,
    /// Status (as sent).
    pub status: Option<String>,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
}

fn payload_as<T: serde::de::DeserializeOwned>(payload: &Value) -> Option<T> {
    T::deserialize(payload).ok()
}

impl Notification {
    /// The execution payload, for `entity_type == "execution"`.
    pub fn execution(&self) -> Option<ExecutionChange> {
        (self.entity_type == "execution")
            .then(|| payload_as(&self.payload))
            .flatten()
    }

    /// The inquiry payload, for `entity_type == "inquiry"`.
    pub fn inquiry(&self) -> Option<InquiryChange> {
        (self.entity_type == "inquiry")
            .then(|| payload_as(&self.payload))
            .flatten()
    }

    /// The event payload, for `entity_type == "event"`.
    pub fn event(&self) -> Option<EventCreated> {
        (self.entity_type == "event")
            .then(|| payload_as(&self.payload))
            .flatten()
    }

    /// The enforcement payload, for `entity_type == "enforcement"`.
    pub fn enforcement(&self) -> Option<EnforcementChange> {
        (self.entity_type == "enforcement")
            .then(|| payload_as(&self.payload))
            .flatten()
    }

    /// Whether it is about `entity_type` `id`.
    pub fn is_about(&self, entity_type: &str, id: i64) -> bool {
        self.entity_type == entity_type && self.entity_id == id
    }
}

/// One frame from the server.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerMessage {
    /// The first frame: `{"type":"welcome","client_id":...,"message":...}`.
    Welcome {
        /// `client_<n>`.
        client_id: String,
        /// Greeting text.
        message: String,
    },
    /// A notification.
    Notification(Notification),
    /// A refused frame (bad JSON, unknown type, bad or denied filter); the connection stays open.
    Error {
        /// The server's text.
        message: String,
    },
    /// A frame of another type, as received.
    Other(Value),
}

/// Decodes one text frame. Never panics; a frame that is not JSON, or a notification without its envelope
/// fields, is an [`Error::Decode`].
pub fn decode_frame(text: &str) -> Result<ServerMessage> {
    let decode_error = |path: &str, message: String| Error::Decode {
        context: "notifier frame".into(),
        path: path.into(),
        message,
        body_snippet: text.chars().take(512).collect(),
    };
    let value: Value = serde_json::from_str(text).map_err(|e| decode_error(".", e.to_string()))?;
    let text_of = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or_default();
    Ok(match text_of("type") {
        "welcome" => ServerMessage::Welcome {
            client_id: text_of("client_id").to_string(),
            message: text_of("message").to_string(),
        },
        "error" => ServerMessage::Error {
            message: text_of("message").to_string(),
        },
        "notification" => ServerMessage::Notification(
            Notification::deserialize(&value).map_err(|e| decode_error(".", e.to_string()))?,
        ),
        _ => ServerMessage::Other(value),
    })
}

/// An open notifier connection; a [`Stream`] of [`ServerMessage`]s.
pub struct Notifier {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    client_id: Option<String>,
    protocol: Option<String>,
    buffered: VecDeque<ServerMessage>,
    ended: bool,
}

impl fmt::Debug for Notifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notifier")
            .field("client_id", &self.client_id)
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

fn transport(message: String, connect: bool, e: tokio_tungstenite::tungstenite::Error) -> Error {
    Error::Transport {
        message,
        connect,
        source: Some(Box::new(e)),
    }
}

impl Notifier {
    /// Connects to `url` (`ws://` or `wss://`) with `token` and reads the welcome frame.
    ///
    /// A refused upgrade is an [`Error::Api`] with the HTTP status (401 for a missing, invalid or expired
    /// token); an unreachable server an [`Error::Transport`]; a bad URL an [`Error::Config`].
    pub async fn connect(url: &str, token: &str, options: &NotifierOptions) -> Result<Notifier> {
        let mut request = url
            .into_client_request()
            .map_err(|e| Error::Config(format!("bad notifier URL {url:?}: {e}")))?;
        let header = |v: String| {
            HeaderValue::from_str(&v)
                .map_err(|_| Error::Config("the token is not a valid header value".into()))
        };
        let headers = request.headers_mut();
        match options.auth {
            NotifierAuth::Bearer => {
                headers.insert("authorization", header(format!("Bearer {token}"))?);
                headers.insert("sec-websocket-protocol", header("attune.v1".into())?);
            }
            NotifierAuth::Subprotocol => {
                headers.insert(
                    "sec-websocket-protocol",
                    header(format!("attune.v1, attune.jwt.{token}"))?,
                );
            }
        }
        let limit = options.connect_timeout;
        let connected = tokio::time::timeout(limit, tokio_tungstenite::connect_async(request))
            .await
            .map_err(|_| Error::Timeout {
                kind: crate::TimeoutKind::Connect,
                after: limit,
            })?;
        let (ws, response) = match connected {
            Ok(ok) => ok,
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
                let body = resp.body().clone().unwrap_or_default();
                return Err(Error::from_response(resp.status().as_u16(), &body, None));
            }
            Err(e) => {
                return Err(transport(
                    format!("notifier upgrade at {url} failed: {e}"),
                    true,
                    e,
                ))
            }
        };
        let protocol = response
            .headers()
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut notifier = Notifier {
            ws,
            client_id: None,
            protocol,
            buffered: VecDeque::new(),
            ended: false,
        };
        let first = tokio::time::timeout(limit, notifier.next())
            .await
            .map_err(|_| Error::Timeout {
                kind: crate::TimeoutKind::Connect,
                after: limit,
            })?;
        match first {
            Some(Ok(ServerMessage::Welcome { client_id, .. })) => {
                notifier.client_id = Some(client_id)
            }
            Some(Ok(other)) => notifier.buffered.push_back(other),
            Some(Err(e)) => return Err(e),
            None => {
                return Err(Error::Transport {
                    message: format!("the notifier at {url} closed before its welcome frame"),
                    connect: true,
                    source: None,
                })
            }
        }
        Ok(notifier)
    }

    /// The `client_id` of the welcome frame.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The subprotocol the server selected (`attune.v1`).
    pub fn protocol(&self) -> Option<&str> {
        self.protocol.as_deref()
    }

    async fn send(&mut self, frame: Value) -> Result<()> {
        self.ws
            .send(Message::text(frame.to_string()))
            .await
            .map_err(|e| transport(format!("sending a notifier frame: {e}"), false, e))
    }

    /// Sends `{"type":"subscribe","filter":...}` (the server does not acknowledge it).
    pub async fn subscribe(&mut self, filter: &Filter) -> Result<()> {
        self.send(json!({"type": "subscribe", "filter": filter.to_string()}))
            .await
    }

    /// Sends `{"type":"unsubscribe","filter":...}`.
    pub async fn unsubscribe(&mut self, filter: &Filter) -> Result<()> {
        self.send(json!({"type": "unsubscribe", "filter": filter.to_string()}))
            .await
    }

    /// Sends `{"type":"ping"}` (the server does not answer it).
    pub async fn ping(&mut self) -> Result<()> {
        self.send(json!({"type": "ping"})).await
    }

    /// Subscribes to each filter and learns, within `within`, which ones the server refused: after each
    /// filter it sends an invalid one as a barrier (frames are processed in order, so an error frame before
    /// a barrier's own error belongs to that filter). Returns each filter with the server's refusal, if any.
    /// Notifications that arrive meanwhile stay queued for the stream.
    pub async fn subscribe_checked(
        &mut self,
        filters: &[Filter],
        within: Duration,
    ) -> Result<Vec<(Filter, Option<String>)>> {
        let barrier = |k: usize| format!("attune-rs-barrier-{k}");
        for (k, filter) in filters.iter().enumerate() {
            self.subscribe(filter).await?;
            self.subscribe(&Filter::Raw(barrier(k))).await?;
        }
        let deadline = tokio::time::Instant::now() + within;
        let mut outcome: Vec<(Filter, Option<String>)> =
            filters.iter().map(|f| (f.clone(), None)).collect();
        let mut held = VecDeque::new();
        let mut k = 0;
        while k < filters.len() {
            let next = tokio::time::timeout_at(deadline, self.next_frame())
                .await
                .map_err(|_| Error::Timeout {
                    kind: crate::TimeoutKind::Total,
                    after: within,
                })?;
            match next {
                Some(Ok(ServerMessage::Error { message })) => {
                    if message.contains(&format!("'{}'", barrier(k))) {
                        k += 1;
                    } else if let Some(slot) = outcome.get_mut(k) {
                        slot.1 = Some(message);
                    }
                }
                Some(Ok(other)) => held.push_back(other),
                Some(Err(e)) => return Err(e),
                None => {
                    return Err(Error::Transport {
                        message: "the notifier closed while subscribing".into(),
                        connect: false,
                        source: None,
                    })
                }
            }
        }
        held.append(&mut self.buffered);
        self.buffered = held;
        Ok(outcome)
    }

    async fn next_frame(&mut self) -> Option<Result<ServerMessage>> {
        futures::future::poll_fn(|cx| self.poll_socket(cx)).await
    }

    fn poll_socket(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<ServerMessage>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        loop {
            let msg = match self.ws.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    self.ended = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(transport(
                        format!("notifier connection failed: {e}"),
                        false,
                        e,
                    ))));
                }
                Poll::Ready(Some(Ok(msg))) => msg,
            };
            match msg {
                Message::Text(t) => return Poll::Ready(Some(decode_frame(t.as_str()))),
                Message::Close(frame) => {
                    self.ended = true;
                    let expired = frame.as_ref().is_some_and(|f| u16::from(f.code) == 4401);
                    if expired {
                        return Poll::Ready(Some(Err(Error::Auth {
                            message: "the notifier closed the connection: token expired".into(),
                            source: None,
                        })));
                    }
                    return Poll::Ready(None);
                }
                _ => continue,
            }
        }
    }

    /// Sends a close frame and ends the connection.
    pub async fn close(mut self) -> Result<()> {
        self.ws
            .close(None)
            .await
            .map_err(|e| transport(format!("closing the notifier connection: {e}"), false, e))
    }

    /// Only the notifications (error and other frames are logged at `debug` and skipped).
    pub fn into_notifications(self) -> impl Stream<Item = Result<Notification>> + Send + Unpin {
        self.filter_map(|m| {
            futures::future::ready(match m {
                Ok(ServerMessage::Notification(n)) => Some(Ok(n)),
                Ok(other) => {
                    tracing::debug!(frame = ?other, "notifier frame skipped");
                    None
                }
                Err(e) => Some(Err(e)),
            })
        })
    }
}

impl Stream for Notifier {
    type Item = Result<ServerMessage>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(m) = this.buffered.pop_front() {
            return Poll::Ready(Some(Ok(m)));
        }
        this.poll_socket(cx)
    }
}

impl AttuneClient {
    /// Connects to the notifier at `url` with this client's access token (logging in or refreshing first
    /// when needed), `Authorization: Bearer` style.
    pub async fn notifier(&self, url: &str) -> Result<Notifier> {
        let token = self.ensure_token().await?.ok_or_else(|| Error::Auth {
            message: "the client has no token for the notifier".into(),
            source: None,
        })?;
        let options = NotifierOptions {
            connect_timeout: self.timeouts().0.max(Duration::from_secs(1)),
            ..NotifierOptions::default()
        };
        Notifier::connect(url, &token, &options).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn filters_render_as_the_server_expects() {
        assert_eq!(Filter::All.to_string(), "all");
        assert_eq!(
            Filter::EntityType("execution".into()).to_string(),
            "entity_type:execution"
        );
        let f = Filter::Entity {
            entity_type: "inquiry".into(),
            id: 7,
        };
        assert_eq!(f.to_string(), "entity:inquiry:7");
        assert_eq!(
            Filter::NotificationType("execution_status_changed".into()).to_string(),
            "notification_type:execution_status_changed"
        );
        assert_eq!(Filter::User(3).to_string(), "user:3");
    }

    #[test]
    fn decodes_a_real_server_execution_status_change() {
        // Payload keys measured on a real server (live-server notes G14).
        let frame = r#"{"type":"notification","notification_type":"execution_status_changed",
            "entity_type":"execution","entity_id":42,"user_id":null,"timestamp":"2026-06-01T10:00:00.5Z",
            "payload":{"action_id":3,"action_ref":"p.a","created":"2026-06-01T10:00:00Z","enforcement":null,
            "entity_id":42,"entity_type":"execution","id":42,"old_status":"running","parent":40,
            "rule_ref":null,"started_at":"2026-06-01T10:00:00.1Z","status":"completed","trigger_ref":null,
            "updated":"2026-06-01T10:00:00.4Z","workflow_task":{"task_name":"step1","workflow_execution":40}}}"#;
        let ServerMessage::Notification(n) = decode_frame(frame).unwrap() else {
            panic!("not a notification")
        };
        assert!(n.is_about("execution", 42));
        let c = n.execution().unwrap();
        assert_eq!(c.status, Some(ExecutionStatus::Completed));
        assert_eq!(c.old_status, Some(ExecutionStatus::Running));
        assert_eq!(c.parent, Some(40));
        assert_eq!(c.action_ref.as_deref(), Some("p.a"));
        assert_eq!(c.task_name(), Some("step1"));
        assert!(c.updated.is_some() && n.timestamp.is_some());
        assert!(n.inquiry().is_none(), "typed by entity_type");
    }

    #[test]
    fn decodes_compact_and_unknown_statuses_leniently() {
        let frame = r#"{"type":"notification","notification_type":"execution_status_changed",
            "entity_type":"execution","entity_id":1,"payload":{"status":"paused","auth_mode":"deferred"}}"#;
        let ServerMessage::Notification(n) = decode_frame(frame).unwrap() else {
            panic!()
        };
        let c = n.execution().unwrap();
        assert_eq!(c.status, Some(ExecutionStatus::Unknown("paused".into())));
        assert_eq!(c.parent, None);
    }

    #[test]
    fn decodes_inquiry_event_enforcement_welcome_and_error_frames() {
        let inq = r#"{"type":"notification","notification_type":"inquiry_timeout","entity_type":"inquiry",
            "entity_id":5,"payload":{"id":5,"execution":9,"status":"timeout","updated":"2026-06-01T10:00:02Z",
            "created":"2026-06-01T10:00:00Z","created_by_execution":9}}"#;
        let ServerMessage::Notification(n) = decode_frame(inq).unwrap() else {
            panic!()
        };
        let i = n.inquiry().unwrap();
        assert_eq!(i.status, Some(InquiryStatus::Timeout));
        assert_eq!(i.created_by_execution, Some(9));
        let ev = r#"{"type":"notification","notification_type":"event_created","entity_type":"event",
            "entity_id":8,"payload":{"id":8,"trigger_ref":"p.t","rule_ref":null,"has_payload":true}}"#;
        let ServerMessage::Notification(n) = decode_frame(ev).unwrap() else {
            panic!()
        };
        assert_eq!(n.event().unwrap().trigger_ref.as_deref(), Some("p.t"));
        let enf = r#"{"type":"notification","notification_type":"enforcement_created",
            "entity_type":"enforcement","entity_id":4,"payload":{"rule":2,"rule_ref":"p.r","event":8}}"#;
        let ServerMessage::Notification(n) = decode_frame(enf).unwrap() else {
            panic!()
        };
        assert_eq!(n.enforcement().unwrap().event, Some(8));
        assert_eq!(
            decode_frame(
                r#"{"type":"welcome","client_id":"client_3","message":"Connected to Attune Notifier"}"#
            )
            .unwrap(),
            ServerMessage::Welcome {
                client_id: "client_3".into(),
                message: "Connected to Attune Notifier".into()
            }
        );
        assert_eq!(
            decode_frame(
                r#"{"type":"error","message":"Invalid filter 'x': Invalid filter format: x"}"#
            )
            .unwrap(),
            ServerMessage::Error {
                message: "Invalid filter 'x': Invalid filter format: x".into()
            }
        );
        assert!(matches!(
            decode_frame(r#"{"type":"pong"}"#).unwrap(),
            ServerMessage::Other(_)
        ));
    }

    #[test]
    fn bad_frames_are_typed_errors() {
        assert!(matches!(
            decode_frame("not json"),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            decode_frame(r#"{"type":"notification","entity_type":"execution"}"#),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            decode_frame(
                r#"{"type":"notification","notification_type":"x","entity_type":"e","entity_id":"NaN"}"#
            ),
            Err(Error::Decode { .. })
        ));
    }
}
