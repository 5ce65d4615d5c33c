//! Helpers used only by Tier 3: HTTP status checks, counting, a tiny mock HTTP server, workflow children and
//! inquiries inside workflows.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use attune_client::models::{
    EventSummary, Execution, ExecutionSummary, ListEventsParams, ListExecutionsParams,
};
use attune_testkit::waiters::{all_events, all_executions, wait_for_execution_terminal};
use attune_testkit::{Context, Probe, Result, Scope, TestkitError};
use chrono::{DateTime, Utc};
use serde_json::Value;
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

// ---------------------------------------------------------------------------------------------------------------
// Workflows (T3.7 / T3.9): children of a workflow execution, task names, outputs, timing. Copied from the Tier 2
// helpers (tiers do not import each other); platform-semantics §8.

/// Limit for a whole workflow run (generous for a busy live server; the emulator needs a fraction).
pub const WORKFLOW: Duration = Duration::from_secs(30);

/// The children of execution `parent` as full records, oldest (lowest id) first.
pub async fn children(scope: &Scope, parent: i64) -> Result<Vec<Execution>> {
    let params = ListExecutionsParams {
        parent: Some(parent),
        ..Default::default()
    };
    let mut out = Vec::new();
    for summary in all_executions(scope.client(), &params)
        .await
        .with_context(|| format!("listing the children of execution {parent}"))?
    {
        out.push(
            scope
                .client()
                .executions()
                .get(summary.id)
                .await
                .with_context(|| format!("reading execution {}", summary.id))?,
        );
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// The task name recorded in a child's `workflow_task` metadata.
pub fn task_name(exec: &Execution) -> Option<&str> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.task_name.as_deref())
}

/// The children that ran task `name`, oldest first.
pub fn of_task<'a>(kids: &'a [Execution], name: &str) -> Vec<&'a Execution> {
    kids.iter().filter(|e| task_name(e) == Some(name)).collect()
}

/// A value of a workflow's result produced by its `output_map`. Attune documents both layouts
/// (`result.data.<name>` and `result.<name>`, platform-semantics §8 / §16.2); tests accept either.
pub fn output<'a>(result: &'a Value, name: &str) -> Option<&'a Value> {
    result
        .get("data")
        .and_then(|d| d.get(name))
        .or_else(|| result.get(name))
}

/// `result.stdout` of an execution, without the trailing newline.
pub fn stdout_line(exec: &Execution) -> String {
    exec.stdout().unwrap_or_default().trim_end().to_string()
}

/// When a finished child ended: `workflow_task.completed_at`, else its last update.
pub fn ended_at(exec: &Execution) -> DateTime<Utc> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.completed_at)
        .unwrap_or(exec.updated)
}

/// When a child started running: `workflow_task.started_at`, else `started_at`, else its creation.
pub fn started_at(exec: &Execution) -> DateTime<Utc> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.started_at)
        .or(exec.started_at)
        .unwrap_or(exec.created)
}

/// Every descendant of `root` (children, grandchildren, ...), full records.
pub async fn descendants(scope: &Scope, root: i64) -> Result<Vec<Execution>> {
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(id) = frontier.pop() {
        for kid in children(scope, id).await? {
            frontier.push(kid.id);
            out.push(kid);
        }
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// Runs `action_ref` and waits for any terminal status; the status is asserted by the caller.
pub async fn run_to_end(scope: &Scope, action_ref: &str, params: Value) -> Result<Execution> {
    let exec = scope.execute(action_ref, params).await?;
    Ok(wait_for_execution_terminal(scope.client(), exec.id, WORKFLOW).await?)
}

/// One line per execution (for assertion messages).
pub fn brief(execs: &[Execution]) -> String {
    execs
        .iter()
        .map(|e| {
            format!(
                "#{} {} task={:?} parent={:?} {}",
                e.id,
                e.status,
                task_name(e),
                e.parent,
                e.result
            )
        })
        .collect::<Vec<_>>()
        .join("\n  ")
}

// ---------------------------------------------------------------------------------------------------------------
// Inquiries inside workflows (T3.9; platform-semantics §8 "Human approval", §9; Attune's `tests/helpers/inquiries.py`).

/// Limit for an inquiry to appear / time out (Attune's own tests allow 20–30 s).
pub const INQUIRY: Duration = Duration::from_secs(30);

/// `{"approved": {"type": "boolean", "required": true}}`, the default schema of Attune's tests.
pub fn approval_schema() -> Value {
    serde_json::json!({"approved": {"type": "boolean", "required": true}})
}

/// An inline shell action (runtime `core.shell`, default permission set `core.admin` so it receives
/// `ATTUNE_API_URL`/`ATTUNE_API_TOKEN`) that POSTs `body` to `/api/v1/inquiries` with its execution token
/// and prints `{"inquiry_id": <id>}`.
pub async fn inquiry_creator(scope: &Scope, body: &Value) -> Result<attune_client::models::Action> {
    let body = serde_json::to_string(body).expect("inquiry body serialises");
    assert!(
        !body.contains('\''),
        "the inquiry body is embedded in single quotes"
    );
    let script = format!(
        r#"body='{body}'
resp=$(curl -sS -f -X POST "$ATTUNE_API_URL/api/v1/inquiries" \
  -H "Authorization: Bearer $ATTUNE_API_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "$body") || {{ echo "inquiry creation failed" >&2; exit 1; }}
id=$(printf '%s' "$resp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["inquiry"]["id"])' 2>/dev/null)
if [ -z "$id" ]; then
  id=$(printf '%s' "$resp" | grep -o '"id": *[0-9]*' | head -n1 | grep -o '[0-9]*$')
fi
if [ -z "$id" ]; then echo "no inquiry id in: $resp" >&2; exit 1; fi
printf '{{"inquiry_id": %s}}\n' "$id""#
    );
    let req = attune_client::models::CreateActionRequest::new(
        scope.component_ref("askinq"),
        scope.pack(),
        "creates an inquiry with its execution token",
        script,
    )
    .with_runtime_ref(attune_testkit::fixtures::SHELL_RUNTIME)
    .with_default_execution_permission_set_refs(vec!["core.admin".to_string()]);
    scope.create_action(req).await
}

/// Inquiry ids listed by `GET /api/v1/inquiries?created_by_execution=<creator>` (optionally `status`). The
/// filter is not in the SDK's `ListInquiriesParams`, so this goes through `raw()`.
pub async fn inquiries_created_by(
    scope: &Scope,
    creator: i64,
    status: Option<&str>,
) -> Result<Vec<i64>> {
    let mut req = scope
        .client()
        .raw()
        .request(attune_client::reqwest::Method::GET, "/api/v1/inquiries")
        .query("created_by_execution", creator)
        .query("limit", 10);
    if let Some(s) = status {
        req = req.query("status", s);
    }
    let page = req
        .send_json()
        .await
        .with_context(|| format!("listing inquiries created by execution {creator}"))?;
    Ok(page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default())
}

/// Waits for exactly one child of workflow `wf_id` running task `creator_task` and for exactly one pending
/// inquiry created by it (as Attune's `start_inquiry_workflow`); returns the creator child and the inquiry.
pub async fn wait_pending_inquiry(
    scope: &Scope,
    wf_id: i64,
    creator_task: &str,
) -> Result<(Execution, attune_client::models::Inquiry)> {
    use attune_testkit::{wait_until, Probe};
    let creator = wait_until(
        format!("one {creator_task} child of workflow {wf_id}"),
        INQUIRY,
        || async move {
            match children(scope, wf_id).await {
                Ok(kids) => match of_task(&kids, creator_task).as_slice() {
                    [one] => Probe::Ready((*one).clone()),
                    [] => Probe::Pending(format!("children: {}", brief(&kids))),
                    _ => Probe::Fail(format!("several {creator_task} runs: {}", brief(&kids))),
                },
                Err(e) => Probe::Pending(format!("listing children failed: {e}")),
            }
        },
    )
    .await?;
    let creator_id = creator.id;
    let inquiry_id = wait_until(
        format!("one pending inquiry created by execution {creator_id}"),
        INQUIRY,
        || async move {
            match inquiries_created_by(scope, creator_id, Some("pending")).await {
                Ok(ids) if ids.len() == 1 => Probe::Ready(ids[0]),
                Ok(ids) if ids.len() > 1 => Probe::Fail(format!("several inquiries: {ids:?}")),
                Ok(ids) => Probe::Pending(format!("inquiries: {ids:?}")),
                Err(e) => Probe::Pending(format!("listing inquiries failed: {e}")),
            }
        },
    )
    .await?;
    let inquiry = scope
        .client()
        .inquiries()
        .get(inquiry_id)
        .await
        .with_context(|| format!("reading inquiry {inquiry_id}"))?;
    Ok((creator, inquiry))
}
