//! SSE endpoints of the executions group (see [`crate::sse`]).

use futures::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::Executions;
use crate::client::seg;
use crate::sse::{self, SseEvent, SseOptions};
use crate::Result;

/// An execution change notification from `GET /api/v1/executions/stream`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ExecutionNotification {
    /// Entity type (`execution`).
    #[serde(default)]
    pub entity_type: Option<String>,
    /// Execution id.
    #[serde(default)]
    pub entity_id: Option<i64>,
    /// Notification type (e.g. `execution_status_changed`).
    #[serde(default)]
    pub notification_type: Option<String>,
    /// Payload (usually the execution or its changed fields).
    #[serde(default)]
    pub payload: Value,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One event of an execution log stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEvent {
    /// The log does not exist yet.
    Waiting,
    /// Initial catch-up content; `offset` is the event id (byte offset) when present.
    Content {
        /// Byte offset after this content.
        offset: Option<u64>,
        /// Text.
        text: String,
    },
    /// Appended text.
    Append {
        /// Byte offset after this text.
        offset: Option<u64>,
        /// Text.
        text: String,
    },
    /// The execution finished; the stream ends after this.
    Done,
    /// An event name this SDK does not know.
    Other(SseEvent),
}

impl LogEvent {
    fn from_sse(ev: SseEvent) -> LogEvent {
        let offset = ev.id.as_deref().and_then(|i| i.parse().ok());
        match ev.event.as_str() {
            "waiting" => LogEvent::Waiting,
            "content" => LogEvent::Content {
                offset,
                text: ev.data,
            },
            "append" => LogEvent::Append {
                offset,
                text: ev.data,
            },
            "done" => LogEvent::Done,
            _ => LogEvent::Other(ev),
        }
    }
}

impl Executions<'_> {
    /// `GET /api/v1/executions/stream` (execution_id): raw SSE events, reconnecting with
    /// `Last-Event-ID`.
    pub fn stream_events(&self, execution_id: Option<i64>, opts: SseOptions) -> sse::SseStream {
        let query = execution_id
            .map(|id| vec![("execution_id".to_string(), id.to_string())])
            .unwrap_or_default();
        sse::open(
            self.client.clone(),
            "executions.stream",
            "/api/v1/executions/stream".to_string(),
            query,
            opts,
            None,
            None,
        )
    }

    /// `GET /api/v1/executions/stream` (execution_id): typed change notifications.
    pub fn stream_updates(
        &self,
        execution_id: Option<i64>,
        opts: SseOptions,
    ) -> impl Stream<Item = Result<ExecutionNotification>> + Send + 'static {
        self.stream_events(execution_id, opts)
            .map(|r| r.and_then(|ev| ev.json::<ExecutionNotification>()))
    }

    /// `GET /api/v1/executions/{id}/logs/{stream}/stream` (offset; `Last-Event-ID` on
    /// reconnect): `stream` is `stdout` or `stderr`. Ends after [`LogEvent::Done`].
    pub fn stream_log(
        &self,
        id: i64,
        stream: &str,
        offset: Option<u64>,
        opts: SseOptions,
    ) -> impl Stream<Item = Result<LogEvent>> + Send + 'static {
        let query = offset
            .map(|o| vec![("offset".to_string(), o.to_string())])
            .unwrap_or_default();
        sse::open(
            self.client.clone(),
            "executions.stream_log",
            format!("/api/v1/executions/{id}/logs/{}/stream", seg(stream)),
            query,
            opts,
            None,
            Some("done"),
        )
        .map(|r| r.map(LogEvent::from_sse))
    }
}
