//! Server-sent events: an incremental parser ([`SseParser`]) and reconnecting streams
//! ([`SseStream`]) used by `GET /api/v1/executions/stream` and
//! `GET /api/v1/executions/{id}/logs/{stream}/stream`.
//!
//! Streams pull one network chunk at a time (no read-ahead beyond what the parser holds, and a
//! partial event larger than [`SseOptions::max_event_bytes`] is an error), reconnect after a
//! dropped connection with `Last-Event-ID` (waiting the server's `retry:` value), and close the
//! connection when dropped.

use std::collections::VecDeque;
use std::time::Duration;

use futures::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::Req;
use crate::error::{Error, Result};
use crate::AttuneClient;

/// One dispatched server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// `event:` name (`message` when absent).
    pub event: String,
    /// `data:` lines joined with `\n`.
    pub data: String,
    /// Last `id:` seen (it persists across events, as in the SSE spec).
    pub id: Option<String>,
    /// `retry:` in milliseconds, when this event carried one.
    pub retry: Option<u64>,
}

impl SseEvent {
    /// Decode `data` as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let mut de = serde_json::Deserializer::from_str(&self.data);
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| Error::decode("sse event", e, self.data.as_bytes()))
    }
}

/// Incremental SSE parser (WHATWG event-stream rules: `\n`, `\r\n` or `\r` line ends, `:`
/// comments, `data`/`event`/`id`/`retry` fields, dispatch on a blank line).
#[derive(Debug)]
pub struct SseParser {
    buf: Vec<u8>,
    data: String,
    has_data: bool,
    event: String,
    last_id: Option<String>,
    retry: Option<u64>,
    max_event_bytes: usize,
    pending_cr: bool,
}

impl SseParser {
    /// A parser refusing partial events larger than `max_event_bytes`.
    pub fn new(max_event_bytes: usize) -> Self {
        SseParser {
            buf: Vec::new(),
            data: String::new(),
            has_data: false,
            event: String::new(),
            last_id: None,
            retry: None,
            max_event_bytes,
            pending_cr: false,
        }
    }

    /// Last event id seen (for `Last-Event-ID` on reconnect).
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// Feed bytes; complete events are appended to `out`.
    pub fn push(&mut self, mut chunk: &[u8], out: &mut VecDeque<SseEvent>) -> Result<()> {
        if self.pending_cr {
            self.pending_cr = false;
            if chunk.first() == Some(&b'\n') {
                chunk = &chunk[1..];
            }
        }
        let mut start = 0;
        let mut i = 0;
        // Lines wholly inside `chunk` are processed in place when nothing is buffered.
        while i < chunk.len() {
            let b = chunk[i];
            if b == b'\n' || b == b'\r' {
                if self.buf.is_empty() {
                    self.line(&chunk[start..i], out);
                } else {
                    self.buf.extend_from_slice(&chunk[start..i]);
                    let line = std::mem::take(&mut self.buf);
                    self.line(&line, out);
                    self.buf = line;
                    self.buf.clear();
                }
                if b == b'\r' {
                    if i + 1 < chunk.len() {
                        if chunk[i + 1] == b'\n' {
                            i += 1;
                        }
                    } else {
                        self.pending_cr = true;
                    }
                }
                start = i + 1;
            }
            i += 1;
        }
        self.buf.extend_from_slice(&chunk[start..]);
        if self.buf.len() + self.data.len() > self.max_event_bytes {
            return Err(Error::Decode {
                context: "sse".into(),
                path: String::new(),
                message: format!("event larger than {} bytes", self.max_event_bytes),
                body_snippet: String::new(),
            });
        }
        Ok(())
    }

    fn line(&mut self, line: &[u8], out: &mut VecDeque<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                out.push_back(SseEvent {
                    event: if self.event.is_empty() {
                        "message".to_string()
                    } else {
                        std::mem::take(&mut self.event)
                    },
                    data: std::mem::take(&mut self.data),
                    id: self.last_id.clone(),
                    retry: self.retry.take(),
                });
            } else {
                self.event.clear();
            }
            self.has_data = false;
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|&c| c == b':') {
            Some(p) => {
                let v = &line[p + 1..];
                (&line[..p], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match name {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            b"event" => self.event = value.into_owned(),
            b"id" if !value.contains('\0') => self.last_id = Some(value.into_owned()),
            b"retry" => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }
}

/// Stream options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseOptions {
    /// Largest partial event held in memory (default 1 MiB).
    pub max_event_bytes: usize,
    /// Consecutive failed (re)connections before the stream ends with the error (default 5).
    pub max_reconnects: u32,
    /// Reconnect delay until the server sends `retry:` (default 1 s).
    pub reconnect_delay: Duration,
    /// Reconnect after the server closes the stream normally (default true).
    pub reconnect_on_eof: bool,
}

impl Default for SseOptions {
    fn default() -> Self {
        SseOptions {
            max_event_bytes: 1 << 20,
            max_reconnects: 5,
            reconnect_delay: Duration::from_secs(1),
            reconnect_on_eof: true,
        }
    }
}

/// A reconnecting stream of [`SseEvent`]s (see the module docs). `'static`, `Send`; dropping it
/// closes the connection.
pub type SseStream = std::pin::Pin<Box<dyn Stream<Item = Result<SseEvent>> + Send + 'static>>;

struct State {
    client: AttuneClient,
    op: &'static str,
    path: String,
    query: Vec<(String, String)>,
    opts: SseOptions,
    parser: SseParser,
    resp: Option<reqwest::Response>,
    pending: VecDeque<SseEvent>,
    failures: u32,
    delay: Duration,
    connected_once: bool,
    done: bool,
    stop_event: Option<&'static str>,
}

/// Open a reconnecting SSE stream on `path`.
pub(crate) fn open(
    client: AttuneClient,
    op: &'static str,
    path: String,
    query: Vec<(String, String)>,
    opts: SseOptions,
    last_event_id: Option<String>,
    stop_event: Option<&'static str>,
) -> SseStream {
    let mut parser = SseParser::new(opts.max_event_bytes);
    parser.last_id = last_event_id;
    let st = State {
        client,
        op,
        path,
        query,
        delay: opts.reconnect_delay,
        opts,
        parser,
        resp: None,
        pending: VecDeque::new(),
        failures: 0,
        connected_once: false,
        done: false,
        stop_event,
    };
    Box::pin(futures::stream::unfold(st, |mut st| async move {
        loop {
            if let Some(ev) = st.pending.pop_front() {
                if let Some(r) = ev.retry {
                    st.delay = Duration::from_millis(r);
                }
                if st.stop_event == Some(ev.event.as_str()) {
                    st.done = true;
                    st.pending.clear();
                    st.resp = None;
                }
                return Some((Ok(ev), st));
            }
            if st.done {
                return None;
            }
            let Some(resp) = st.resp.as_mut() else {
                if st.connected_once {
                    tokio::time::sleep(st.delay).await;
                }
                let mut req = Req::new(st.op, Method::GET, st.path.clone());
                req.query = st.query.clone();
                let headers: Vec<(&str, String)> = match st.parser.last_event_id() {
                    Some(id) => vec![("last-event-id", id.to_string())],
                    None => Vec::new(),
                };
                match st
                    .client
                    .send_streaming(req, "text/event-stream", &headers, None)
                    .await
                {
                    Ok(r) => {
                        st.resp = Some(r);
                        st.connected_once = true;
                    }
                    Err(e) => {
                        st.failures += 1;
                        let fatal = matches!(&e, Error::Api { status, .. } if *status < 500 && *status != 429);
                        if fatal || st.failures > st.opts.max_reconnects || !st.connected_once {
                            st.done = true;
                            return Some((Err(e), st));
                        }
                    }
                }
                continue;
            };
            match resp.chunk().await {
                Ok(Some(bytes)) => {
                    st.failures = 0;
                    let mut out = std::mem::take(&mut st.pending);
                    let r = st.parser.push(&bytes, &mut out);
                    st.pending = out;
                    if let Err(e) = r {
                        st.done = true;
                        st.resp = None;
                        return Some((Err(e), st));
                    }
                }
                Ok(None) => {
                    st.resp = None;
                    st.parser.buf.clear();
                    st.parser.data.clear();
                    st.parser.has_data = false;
                    if !st.opts.reconnect_on_eof {
                        st.done = true;
                    }
                }
                Err(e) => {
                    st.resp = None;
                    st.failures += 1;
                    if st.failures > st.opts.max_reconnects {
                        st.done = true;
                        return Some((Err(Error::transport(e)), st));
                    }
                }
            }
        }
    }))
}
