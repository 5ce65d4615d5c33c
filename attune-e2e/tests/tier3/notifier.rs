//! A small client of Attune's notifier WebSocket (platform-semantics §14) for T3.14–T3.16: connect with a
//! Bearer header or the `attune.jwt.<jwt>` subprotocol, send frames, and wait (with a deadline) for frames
//! matching a predicate.
#![allow(dead_code)]

use std::time::Duration;

use attune_testkit::{ApiGeneration, Result, TestEnv, TestkitError};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Deadline of a single expected frame (Attune's tests wait up to 10 s).
pub const FRAME: Duration = Duration::from_secs(10);
/// Deadline of the invalid-filter barrier (Attune's tests: 3 s).
pub const BARRIER: Duration = Duration::from_secs(3);

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How to authenticate the upgrade.
#[derive(Debug, Clone, Copy)]
pub enum WsAuth<'a> {
    /// No credentials.
    None,
    /// `Authorization: Bearer <jwt>` plus subprotocol `attune.v1`.
    Bearer(&'a str),
    /// Subprotocols `attune.v1, attune.jwt.<jwt>` (browser style).
    Subprotocol(&'a str),
}

/// An open notifier connection.
pub struct Notifier {
    ws: Ws,
    /// The first frame (`{"type":"welcome",…}`).
    pub welcome: Value,
    /// The subprotocol the server selected.
    pub protocol: Option<String>,
    /// Every frame received so far (after the welcome).
    pub seen: Vec<Value>,
}

/// The HTTP status of a refused upgrade, or the connection when it succeeded.
pub async fn try_connect(
    url: &str,
    auth: WsAuth<'_>,
) -> Result<std::result::Result<Notifier, u16>> {
    let mut req = url
        .into_client_request()
        .map_err(|e| TestkitError::Other(format!("bad notifier URL {url}: {e}")))?;
    let headers = req.headers_mut();
    let header = |v: String| {
        HeaderValue::from_str(&v).map_err(|e| TestkitError::Other(format!("bad header: {e}")))
    };
    match auth {
        WsAuth::None => {}
        WsAuth::Bearer(t) => {
            headers.insert("authorization", header(format!("Bearer {t}"))?);
            headers.insert("sec-websocket-protocol", header("attune.v1".into())?);
        }
        WsAuth::Subprotocol(t) => {
            headers.insert(
                "sec-websocket-protocol",
                header(format!("attune.v1, attune.jwt.{t}"))?,
            );
        }
    }
    let connected = tokio::time::timeout(FRAME, tokio_tungstenite::connect_async(req))
        .await
        .map_err(|_| TestkitError::Other(format!("connecting to {url} timed out")))?;
    let (ws, resp) = match connected {
        Ok(ok) => ok,
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            return Ok(Err(resp.status().as_u16()))
        }
        Err(e) => {
            return Err(TestkitError::Other(format!(
                "notifier upgrade at {url} failed: {e}"
            )))
        }
    };
    let protocol = resp
        .headers()
        .get("sec-websocket-protocol")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut n = Notifier {
        ws,
        welcome: Value::Null,
        protocol,
        seen: Vec::new(),
    };
    n.welcome = n.next_frame(FRAME).await?;
    Ok(Ok(n))
}

/// Connects with a Bearer header (and subprotocol `attune.v1`) and reads the welcome frame.
pub async fn connect(env: &TestEnv, token: &str) -> Result<Notifier> {
    let url = env.notifier_url();
    try_connect(&url, WsAuth::Bearer(token))
        .await?
        .map_err(|status| {
            TestkitError::Other(format!("notifier upgrade at {url} refused: HTTP {status}"))
        })
}

/// The access token of a logged-in client.
pub async fn token_of(client: &attune_client::AttuneClient) -> Result<String> {
    client
        .access_token()
        .await
        .ok_or_else(|| TestkitError::Other("the client holds no access token".into()))
}

impl Notifier {
    /// Sends a JSON frame.
    pub async fn send(&mut self, frame: Value) -> Result<()> {
        self.ws
            .send(Message::text(frame.to_string()))
            .await
            .map_err(|e| TestkitError::Other(format!("sending {frame}: {e}")))
    }

    /// `{"type":"subscribe","filter":…}` (there is no acknowledgement).
    pub async fn subscribe(&mut self, filter: &str) -> Result<()> {
        self.send(json!({"type": "subscribe", "filter": filter}))
            .await
    }

    /// Subscribes to an invalid filter and waits for its error frame: frames are processed in order, so
    /// every earlier subscription is active afterwards (Attune's T3.15 barrier).
    pub async fn barrier(&mut self) -> Result<Value> {
        self.subscribe("invalid-filter").await?;
        self.wait_for("the invalid-filter error frame", BARRIER, |f| {
            f["type"] == "error"
        })
        .await
    }

    /// The next JSON text frame within `within`.
    pub async fn next_frame(&mut self, within: Duration) -> Result<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .map_err(|_| TestkitError::Other(format!("no frame within {within:?}")))?;
            match msg {
                Some(Ok(Message::Text(t))) => {
                    return serde_json::from_str(t.as_str())
                        .map_err(|e| TestkitError::Other(format!("frame is not JSON ({e}): {t}")))
                }
                Some(Ok(Message::Close(c))) => {
                    return Err(TestkitError::Other(format!("notifier closed: {c:?}")))
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(TestkitError::Other(format!("notifier error: {e}"))),
                None => return Err(TestkitError::Other("notifier stream ended".into())),
            }
        }
    }

    /// Waits up to `within` for a frame matching `pred` (frames before it are kept in `seen`).
    pub async fn wait_for(
        &mut self,
        what: &str,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Result<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let frame = self.next_frame(left).await.map_err(|e| {
                TestkitError::Other(format!(
                    "waiting for {what}: {e}; frames seen: {}",
                    Value::Array(self.seen.clone())
                ))
            })?;
            self.seen.push(frame.clone());
            if pred(&frame) {
                return Ok(frame);
            }
        }
    }

    /// Waits for a notification of `notification_type` about `entity_type` `entity_id`.
    pub async fn wait_notification(
        &mut self,
        notification_type: &str,
        entity_type: &str,
        entity_id: i64,
        within: Duration,
    ) -> Result<Value> {
        self.wait_for(
            &format!("{notification_type} of {entity_type} {entity_id}"),
            within,
            |f| {
                f["type"] == "notification"
                    && f["notification_type"] == notification_type
                    && f["entity_type"] == entity_type
                    && f["entity_id"] == entity_id
            },
        )
        .await
    }
}

/// The text of a refused subscription: June 2026 refuses only another user's `user:<id>` and says so;
/// attune-sdk 0.5.4 checks every filter against the grants and says "requested filter".
pub fn unauthorized_message(generation: ApiGeneration) -> &'static str {
    match generation {
        ApiGeneration::June2026 => "Unauthorized to subscribe to user filter for another identity",
        _ => "Unauthorized to subscribe to requested filter",
    }
}

/// Whether a frame is the "Unauthorized to subscribe" error of `generation`.
pub fn is_unauthorized(frame: &Value, generation: ApiGeneration) -> bool {
    frame["type"] == "error" && frame["message"] == unauthorized_message(generation)
}

/// The keys of an `execution_status_changed` payload on both generations.
pub const EXECUTION_PAYLOAD_KEYS: [&str; 15] = [
    "action_id",
    "action_ref",
    "created",
    "enforcement",
    "entity_id",
    "entity_type",
    "id",
    "old_status",
    "parent",
    "rule_ref",
    "started_at",
    "status",
    "trigger_ref",
    "updated",
    "workflow_task",
];
