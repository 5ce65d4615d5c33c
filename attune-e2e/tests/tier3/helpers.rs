//! Helpers of the Tier 3 scenarios: HTTP status checks, counting, a tiny mock HTTP server, timer schedules;
//! plus the shared workflow and inquiry helpers of `tests/support`.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use attune_client::models::{
    EventSummary, ExecutionSummary, ListEventsParams, ListExecutionsParams,
};
use attune_testkit::waiters::{all_events, all_executions};
use attune_testkit::{Probe, Result, Scope, TestkitError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A short hold: long enough for a stray fire or execution to show up on a fast target.
pub const SETTLE: Duration = Duration::from_millis(1500);
/// Poll interval of `hold_for` checks.
pub const HOLD_POLL: Duration = Duration::from_millis(150);

/// The HTTP status of an SDK error, if it was an API answer.
pub fn status_of(err: &attune_client::Error) -> Option<u16> {
    err.status()
}

/// Asserts that `result` failed with HTTP `status`; returns the error for further checks.
pub fn expect_status<T: std::fmt::Debug>(
    result: std::result::Result<T, attune_client::Error>,
    status: u16,
    what: &str,
) -> Result<attune_client::Error> {
    match result {
        Ok(value) => Err(TestkitError::Other(format!(
            "{what}: expected HTTP {status}, but it succeeded: {value:?}"
        ))),
        Err(err) if err.status() == Some(status) => Ok(err),
        Err(err) => Err(TestkitError::Other(format!(
            "{what}: expected HTTP {status}, got: {err}"
        ))),
    }
}

/// Asserts that `result` failed with one of `statuses`.
pub fn expect_status_in<T: std::fmt::Debug>(
    result: std::result::Result<T, attune_client::Error>,
    statuses: &[u16],
    what: &str,
) -> Result<attune_client::Error> {
    match result {
        Ok(value) => Err(TestkitError::Other(format!(
            "{what}: expected HTTP {statuses:?}, but it succeeded: {value:?}"
        ))),
        Err(err) if err.status().is_some_and(|s| statuses.contains(&s)) => Ok(err),
        Err(err) => Err(TestkitError::Other(format!(
            "{what}: expected HTTP {statuses:?}, got: {err}"
        ))),
    }
}

/// Every event matching `params`.
pub async fn events(scope: &Scope, params: &ListEventsParams) -> Result<Vec<EventSummary>> {
    Ok(all_events(scope.client(), params).await?)
}

/// Every execution matching `params`.
pub async fn executions(
    scope: &Scope,
    params: &ListExecutionsParams,
) -> Result<Vec<ExecutionSummary>> {
    Ok(all_executions(scope.client(), params).await?)
}

/// A `hold_for` probe result: holds while `actual <= limit`.
pub fn at_most(what: &str, actual: usize, limit: usize) -> Probe<()> {
    if actual <= limit {
        Probe::Pending(format!("{what}: {actual} (limit {limit})"))
    } else {
        Probe::Fail(format!("{what}: {actual}, more than the allowed {limit}"))
    }
}

/// One request seen by the [`MockHttp`] server.
#[derive(Debug, Clone, Default)]
pub struct SeenRequest {
    /// `GET`, `POST` ...
    pub method: String,
    /// Path with query string.
    pub target: String,
    /// Header lines, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Raw body.
    pub body: String,
}

impl SeenRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A canned answer of the mock server.
#[derive(Debug, Clone)]
pub struct Canned {
    /// Status line tail, e.g. `200 OK`.
    pub status: &'static str,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Body.
    pub body: String,
}

/// A tiny HTTP/1.1 server on `127.0.0.1:<random port>` that answers every request with one canned response
/// and records what it received. It lives as long as the test's runtime.
///
/// Against a live Attune whose worker runs on another host, set `ATTUNE_E2E_CALLBACK_HOST` to a name or
/// address of this machine that the worker can reach: the server then listens on all interfaces and
/// advertises that host.
pub struct MockHttp {
    /// `http://127.0.0.1:<port>` (or the `ATTUNE_E2E_CALLBACK_HOST` form).
    pub base: String,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

impl MockHttp {
    /// Starts the server.
    pub async fn start(answer: Canned) -> Result<MockHttp> {
        let callback_host = std::env::var("ATTUNE_E2E_CALLBACK_HOST")
            .ok()
            .filter(|h| !h.trim().is_empty());
        let bind_to = if callback_host.is_some() {
            "0.0.0.0:0"
        } else {
            "127.0.0.1:0"
        };
        let listener = TcpListener::bind(bind_to)
            .await
            .map_err(|e| TestkitError::Other(format!("binding the mock HTTP server: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| TestkitError::Other(e.to_string()))?;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = log.clone();
                let answer = answer.clone();
                tokio::spawn(async move {
                    if let Some(req) = serve(stream, &answer).await {
                        if let Ok(mut guard) = log.lock() {
                            guard.push(req);
                        }
                    }
                });
            }
        });
        let base = match callback_host {
            Some(host) => format!("http://{}:{}", host.trim(), addr.port()),
            None => format!("http://{addr}"),
        };
        Ok(MockHttp { base, seen })
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.seen.lock().map(|g| g.clone()).unwrap_or_default()
    }
}

async fn serve(mut stream: tokio::net::TcpStream, answer: &Canned) -> Option<SeenRequest> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_string();
    let mut parts = request_line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    if headers
        .iter()
        .any(|(n, v)| n == "expect" && v.eq_ignore_ascii_case("100-continue"))
    {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .ok()?;
    }
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body =
        String::from_utf8_lossy(&buf[head_end..buf.len().min(head_end + length)]).to_string();
    let response = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nX-Mock: e2e\r\nConnection: close\r\n\r\n{}",
        answer.status,
        answer.content_type,
        answer.body.len(),
        answer.body
    );
    stream.write_all(response.as_bytes()).await.ok()?;
    stream.shutdown().await.ok();
    Some(SeenRequest {
        method,
        target,
        headers,
        body,
    })
}

/// How late each fire of an interval timer is against its fixed schedule (`start + k·interval`, k from 1),
/// in seconds, and the median of those offsets (the job's start-up phase). A fixed-rate timer may fire one
/// tick late under load and then catch up, so checking offsets, not gaps, is what "no drift" means.
pub fn schedule_offsets(
    start: chrono::DateTime<chrono::Utc>,
    fires: &[chrono::DateTime<chrono::Utc>],
    interval: f64,
) -> (Vec<f64>, f64) {
    let offsets: Vec<f64> = fires
        .iter()
        .enumerate()
        .map(|(k, t)| crate::support::secs_between(start, *t) - (k as f64 + 1.0) * interval)
        .collect();
    let mut sorted = offsets.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    (offsets, median)
}

pub use crate::support::inquiry::*;
pub use crate::support::workflow::*;
