//! Waiter edge cases against a wiremock server standing in for Attune: status flips, fail-fast on another
//! terminal status, timeouts that explain themselves, error classification (404 pending, 403 fatal), counting
//! operators with fail-fast on overshoot, pagination while counting, inquiries and workflow children.
//!
//! Responders count their calls, so every test asserts how many requests a wait made instead of timing it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use attune_client::models::{
    ExecutionStatus, InquiryStatus, ListEnforcementsParams, ListEventsParams, ListExecutionsParams,
};
use attune_client::{AttuneClient, RetryPolicy};
use attune_testkit::wait::WaitFailure;
use attune_testkit::waiters::{
    wait_for_children, wait_for_enforcements, wait_for_events, wait_for_execution_status,
    wait_for_execution_terminal, wait_for_executions, wait_for_inquiry_status,
};
use attune_testkit::{CountOp, WaitError};
use rstest::rstest;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TS: &str = "2025-01-01T00:00:00Z";
/// A timeout far longer than any test that should end early; "well before the timeout" means < half of it.
const LONG: Duration = Duration::from_secs(30);

/// A client for the mock server. Retries are off so that one poll is exactly one request.
fn client(server: &MockServer) -> AttuneClient {
    AttuneClient::builder()
        .base_url(server.uri())
        .token("t")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// `GET /api/v1/executions/{id}` body (`ApiResponse<ExecutionResponse>`, §2.12).
fn execution(id: i64, status: &str, result: Value) -> Value {
    json!({"data": {
        "id": id, "action": 3, "action_ref": "demo.echo", "config": {}, "parent": null,
        "enforcement": null, "executor": 1, "worker": null, "status": status,
        "result": result, "created": TS, "updated": TS
    }})
}

/// An `ExecutionSummary` (§2.12).
fn execution_summary(id: i64, status: &str, parent: Option<i64>) -> Value {
    json!({
        "id": id, "action_ref": "demo.echo", "status": status, "parent": parent,
        "enforcement": null, "rule_ref": "demo.rule", "trigger_ref": "demo.hook",
        "created": TS, "updated": TS
    })
}

/// An `EventSummary` (§2.10).
fn event_summary(id: i64) -> Value {
    json!({"id": id, "trigger": 4, "trigger_ref": "demo.hook", "rule": 5, "rule_ref": "demo.rule",
           "has_payload": true, "created": TS})
}

/// An `EnforcementSummary` (§2.11).
fn enforcement_summary(id: i64) -> Value {
    json!({"id": id, "rule": 5, "rule_ref": "demo.rule", "trigger_ref": "demo.hook", "event": id + 1000,
           "status": "processed", "condition": "all", "created": TS})
}

/// `GET /api/v1/inquiries/{id}` body (§2.13).
fn inquiry(id: i64, status: &str) -> Value {
    json!({"data": {
        "id": id, "execution": 77, "prompt": "approve?", "response_schema": null, "assigned_to": null,
        "status": status, "response": null, "timeout_at": null, "responded_at": null,
        "created": TS, "updated": TS
    }})
}

/// A `PaginatedResponse` (§1.3).
fn page(items: Vec<Value>, page: u32, page_size: u32, has_next: bool) -> Value {
    json!({"items": items, "pagination": {
        "page": page, "page_size": page_size, "has_next": has_next, "has_previous": page > 1
    }})
}

/// A responder that answers `respond(n)` on its n-th call (0-based) and counts calls.
#[derive(Clone)]
struct Counter(Arc<AtomicUsize>);

impl Counter {
    fn new() -> Self {
        Counter(Arc::new(AtomicUsize::new(0)))
    }
    fn next(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst)
    }
    fn calls(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

async fn mount_sequence(
    server: &MockServer,
    at: &str,
    respond: impl Fn(usize) -> ResponseTemplate + Send + Sync + 'static,
) -> Counter {
    let counter = Counter::new();
    let c = counter.clone();
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(move |_: &Request| respond(c.next()))
        .mount(server)
        .await;
    counter
}

fn assert_failed_fast(err: &WaitError, polls: u32) -> String {
    assert!(
        !err.is_timeout(),
        "expected a fast failure, got a timeout: {err}"
    );
    assert!(matches!(err.failure, WaitFailure::Failed(_)), "{err:?}");
    assert_eq!(err.polls, polls, "{err}");
    assert!(
        err.elapsed < err.timeout / 2,
        "failed after {:?}, limit {:?}",
        err.elapsed,
        err.timeout
    );
    err.to_string()
}

// ---------------------------------------------------------------------------------------------------------
// wait_for_execution_status
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn execution_status_returns_on_the_poll_that_sees_the_flip() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/7", |n| {
        let status = if n < 3 { "running" } else { "completed" };
        ResponseTemplate::new(200).set_body_json(execution(7, status, json!({"succeeded": true})))
    })
    .await;
    let exec = wait_for_execution_status(&client(&server), 7, ExecutionStatus::Completed, LONG)
        .await
        .unwrap();
    assert_eq!(exec.id, 7);
    assert_eq!(exec.status, ExecutionStatus::Completed);
    assert_eq!(
        calls.calls(),
        4,
        "three 'running' answers, then the 'completed' one, then no more requests"
    );
}

#[tokio::test]
async fn execution_status_fails_fast_on_another_terminal_status_with_the_result() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/8", |n| {
        if n == 0 {
            ResponseTemplate::new(200).set_body_json(execution(8, "running", json!({})))
        } else {
            ResponseTemplate::new(200).set_body_json(execution(
                8,
                "failed",
                json!({"succeeded": false, "exit_code": 2, "error": "disk full"}),
            ))
        }
    })
    .await;
    let err = wait_for_execution_status(&client(&server), 8, ExecutionStatus::Completed, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 2);
    assert_eq!(calls.calls(), 2);
    assert!(
        text.contains("execution 8 to reach status 'completed'"),
        "{text}"
    );
    assert!(text.contains("'failed'"), "{text}");
    assert!(
        text.contains("disk full") && text.contains("\"exit_code\":2"),
        "the result is in the message: {text}"
    );
}

#[tokio::test]
async fn execution_status_accepts_the_awaited_failure() {
    // Waiting *for* `failed` returns it rather than failing fast.
    let server = MockServer::start().await;
    mount_sequence(&server, "/api/v1/executions/9", |n| {
        let status = if n == 0 { "running" } else { "failed" };
        ResponseTemplate::new(200).set_body_json(execution(9, status, json!({"succeeded": false})))
    })
    .await;
    let exec = wait_for_execution_status(&client(&server), 9, ExecutionStatus::Failed, LONG)
        .await
        .unwrap();
    assert_eq!(exec.status, ExecutionStatus::Failed);
}

#[tokio::test]
async fn execution_status_timeout_names_what_how_long_polls_and_last_observation() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/10", |_| {
        ResponseTemplate::new(200).set_body_json(execution(10, "running", json!({})))
    })
    .await;
    let timeout = Duration::from_millis(400);
    let err = wait_for_execution_status(&client(&server), 10, ExecutionStatus::Completed, timeout)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(err.timeout, timeout);
    assert!(err.elapsed >= timeout, "gave up early: {:?}", err.elapsed);
    assert_eq!(err.polls as usize, calls.calls(), "one request per poll");
    assert!(
        err.polls >= 3,
        "the first polls come quickly: {} polls",
        err.polls
    );
    assert_eq!(
        err.last_observation.as_deref(),
        Some("execution 10 is 'running'")
    );
    let text = err.to_string();
    for part in [
        "timed out after",
        "limit 400",
        &format!("{} polls", err.polls),
        "execution 10 to reach status 'completed'",
        "last observation: execution 10 is 'running'",
    ] {
        assert!(text.contains(part), "{part:?} missing from: {text}");
    }
}

#[tokio::test]
async fn execution_404_is_pending_until_the_row_appears() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/11", |n| {
        if n < 2 {
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": "Execution 11 not found", "code": "NOT_FOUND"}))
        } else {
            ResponseTemplate::new(200).set_body_json(execution(
                11,
                "completed",
                json!({"succeeded": true}),
            ))
        }
    })
    .await;
    let exec = wait_for_execution_terminal(&client(&server), 11, LONG)
        .await
        .unwrap();
    assert_eq!(exec.status, ExecutionStatus::Completed);
    assert_eq!(calls.calls(), 3, "two 404s were waited through");
}

#[tokio::test]
async fn execution_404_forever_times_out_showing_the_404() {
    let server = MockServer::start().await;
    mount_sequence(&server, "/api/v1/executions/12", |_| {
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": "Execution 12 not found", "code": "NOT_FOUND"}))
    })
    .await;
    let err = wait_for_execution_status(
        &client(&server),
        12,
        ExecutionStatus::Completed,
        Duration::from_millis(150),
    )
    .await
    .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    let last = err.last_observation.clone().unwrap_or_default();
    assert!(
        last.contains("reading execution 12") && last.contains("404"),
        "{last}"
    );
}

#[tokio::test]
async fn execution_5xx_is_pending_and_heals() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/13", |n| {
        if n == 0 {
            ResponseTemplate::new(503).set_body_json(json!({"error": "Service unavailable"}))
        } else {
            ResponseTemplate::new(200).set_body_json(execution(13, "completed", json!({})))
        }
    })
    .await;
    let exec = wait_for_execution_status(&client(&server), 13, ExecutionStatus::Completed, LONG)
        .await
        .unwrap();
    assert_eq!(exec.status, ExecutionStatus::Completed);
    assert_eq!(calls.calls(), 2);
}

#[rstest]
#[case::forbidden(403, "Insufficient permissions: executions:read")]
#[case::bad_request(400, "Invalid id")]
#[case::unprocessable(422, "Validation failed")]
#[tokio::test]
async fn execution_errors_that_cannot_heal_fail_on_the_first_poll(
    #[case] status: u16,
    #[case] message: &'static str,
) {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/14", move |_| {
        ResponseTemplate::new(status).set_body_json(json!({"error": message}))
    })
    .await;
    let err = wait_for_execution_status(&client(&server), 14, ExecutionStatus::Completed, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 1);
    assert_eq!(calls.calls(), 1, "no retry of a {status}");
    assert!(text.contains("reading execution 14"), "{text}");
    assert!(text.contains(&status.to_string()), "{text}");
}

// ---------------------------------------------------------------------------------------------------------
// counting waiters: executions, events, enforcements
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Kind {
    Executions,
    Events,
    Enforcements,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Executions => "/api/v1/executions",
            Kind::Events => "/api/v1/events",
            Kind::Enforcements => "/api/v1/enforcements",
        }
    }

    fn item(self, id: i64) -> Value {
        match self {
            Kind::Executions => execution_summary(id, "completed", None),
            Kind::Events => event_summary(id),
            Kind::Enforcements => enforcement_summary(id),
        }
    }

    /// Runs the waiter of this kind filtered on `rule_ref=demo.rule`; returns the ids it returned.
    async fn wait(
        self,
        client: &AttuneClient,
        op: CountOp,
        expected: u64,
        timeout: Duration,
    ) -> Result<Vec<i64>, WaitError> {
        let rule_ref = Some("demo.rule".to_string());
        match self {
            Kind::Executions => {
                let params = ListExecutionsParams {
                    rule_ref,
                    ..Default::default()
                };
                wait_for_executions(client, params, op, expected, timeout)
                    .await
                    .map(|v| v.iter().map(|e| e.id).collect())
            }
            Kind::Events => {
                let params = ListEventsParams {
                    rule_ref,
                    ..Default::default()
                };
                wait_for_events(client, params, op, expected, timeout)
                    .await
                    .map(|v| v.iter().map(|e| e.id).collect())
            }
            Kind::Enforcements => {
                let params = ListEnforcementsParams {
                    rule_ref,
                    ..Default::default()
                };
                wait_for_enforcements(client, params, op, expected, timeout)
                    .await
                    .map(|v| v.iter().map(|e| e.id).collect())
            }
        }
    }
}

/// Mounts a list endpoint (filtered on `rule_ref=demo.rule`, one page) whose n-th call returns
/// `counts[min(n, last)]` items.
async fn mount_counts(server: &MockServer, kind: Kind, counts: &'static [usize]) -> Counter {
    let counter = Counter::new();
    let c = counter.clone();
    Mock::given(method("GET"))
        .and(path(kind.path()))
        .and(query_param("rule_ref", "demo.rule"))
        .respond_with(move |_: &Request| {
            let n = c.next();
            let count = counts[n.min(counts.len() - 1)];
            let items = (0..count).map(|i| kind.item(i as i64 + 1)).collect();
            ResponseTemplate::new(200).set_body_json(page(items, 1, 100, false))
        })
        .mount(server)
        .await;
    counter
}

/// Operators that become true as a count grows: the waiter returns on the poll that first satisfies them.
#[rstest]
#[case::at_least(CountOp::AtLeast, 3, &[0, 1, 2, 3, 4], 4, 3)]
#[case::at_least_already(CountOp::AtLeast, 1, &[2], 1, 2)]
#[case::more_than(CountOp::MoreThan, 2, &[1, 2, 3], 3, 3)]
#[case::exactly(CountOp::Exactly, 2, &[0, 1, 2, 2], 3, 2)]
#[case::at_most_immediately(CountOp::AtMost, 2, &[1, 2, 3], 1, 1)]
#[case::fewer_than_immediately(CountOp::FewerThan, 2, &[0, 5], 1, 0)]
#[case::at_least_zero(CountOp::AtLeast, 0, &[0], 1, 0)]
#[tokio::test]
async fn count_waiter_returns_when_the_operator_holds(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
    #[case] op: CountOp,
    #[case] expected: u64,
    #[case] counts: &'static [usize],
    #[case] polls: usize,
    #[case] returned: usize,
) {
    let server = MockServer::start().await;
    let calls = mount_counts(&server, kind, counts).await;
    let ids = kind
        .wait(&client(&server), op, expected, LONG)
        .await
        .unwrap();
    assert_eq!(ids.len(), returned, "{kind:?} {op} {expected}");
    assert!(op.holds(ids.len() as u64, expected));
    assert_eq!(
        calls.calls(),
        polls,
        "{kind:?} {op} {expected}: one request per poll, none after success"
    );
}

/// Counts only grow: once `==`, `<=` or `<` is out of reach the waiter fails at once, naming the count.
#[rstest]
#[case::exactly_overshoots(CountOp::Exactly, 3, &[0, 2, 5], 3, "count is 5, which can no longer satisfy == 3")]
#[case::exactly_jumps_over(CountOp::Exactly, 1, &[0, 2], 2, "count is 2, which can no longer satisfy == 1")]
#[case::at_most_passed(CountOp::AtMost, 2, &[4], 1, "count is 4, which can no longer satisfy <= 2")]
#[case::fewer_than_reached(CountOp::FewerThan, 2, &[2], 1, "count is 2, which can no longer satisfy < 2")]
#[tokio::test]
async fn count_waiter_fails_fast_when_the_count_has_gone_past(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
    #[case] op: CountOp,
    #[case] expected: u64,
    #[case] counts: &'static [usize],
    #[case] polls: u32,
    #[case] message: &str,
) {
    let server = MockServer::start().await;
    let calls = mount_counts(&server, kind, counts).await;
    let err = kind
        .wait(&client(&server), op, expected, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, polls);
    assert_eq!(calls.calls(), polls as usize);
    assert!(text.contains(message), "{kind:?}: {text}");
    assert!(text.contains("demo.rule"), "the filter is named: {text}");
}

#[rstest]
#[tokio::test]
async fn count_waiter_times_out_with_the_last_count(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
) {
    let server = MockServer::start().await;
    let calls = mount_counts(&server, kind, &[0, 1]).await;
    let err = kind
        .wait(
            &client(&server),
            CountOp::AtLeast,
            3,
            Duration::from_millis(200),
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(err.polls as usize, calls.calls());
    let text = err.to_string();
    assert!(text.contains(">= 3"), "{text}");
    assert!(text.contains("count is 1, want >= 3"), "{text}");
}

#[rstest]
#[tokio::test]
async fn count_waiter_fails_fast_on_403(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
) {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, kind.path(), |_| {
        ResponseTemplate::new(403).set_body_json(json!({"error": "Insufficient permissions"}))
    })
    .await;
    let err = kind
        .wait(&client(&server), CountOp::AtLeast, 1, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 1);
    assert_eq!(calls.calls(), 1);
    assert!(text.contains("403"), "{text}");
}

/// Mounts a list endpoint holding `total` items served `per_page` at a time, honouring `page`/`per_page`.
async fn mount_paged(
    server: &MockServer,
    kind: Kind,
    total: usize,
) -> (Counter, Arc<std::sync::Mutex<Vec<String>>>) {
    let counter = Counter::new();
    let queries = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, q) = (counter.clone(), queries.clone());
    Mock::given(method("GET"))
        .and(path(kind.path()))
        .and(query_param("rule_ref", "demo.rule"))
        .respond_with(move |req: &Request| {
            c.next();
            let param = |name: &str| {
                req.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse::<usize>().ok())
            };
            let page_no = param("page").unwrap_or(1).max(1);
            let per_page = param("per_page").unwrap_or(50).min(100);
            q.lock()
                .unwrap()
                .push(req.url.query().unwrap_or_default().to_string());
            let start = (page_no - 1) * per_page;
            let end = (start + per_page).min(total);
            let items = (start..end).map(|i| kind.item(i as i64 + 1)).collect();
            ResponseTemplate::new(200).set_body_json(page(
                items,
                page_no as u32,
                per_page as u32,
                end < total,
            ))
        })
        .mount(server)
        .await;
    (counter, queries)
}

#[rstest]
#[tokio::test]
async fn count_waiter_counts_across_pages(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
) {
    let server = MockServer::start().await;
    let (calls, queries) = mount_paged(&server, kind, 250).await;
    // `== 250` only holds when all three pages are counted (page 1 alone has 100).
    let ids = kind
        .wait(&client(&server), CountOp::Exactly, 250, LONG)
        .await
        .unwrap();
    assert_eq!(ids.len(), 250);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 250, "every item once");
    assert_eq!(
        calls.calls(),
        3,
        "one poll = three page requests, stopping at has_next=false"
    );
    let queries = queries.lock().unwrap().clone();
    for (i, q) in queries.iter().enumerate() {
        assert!(
            q.contains(&format!("page={}", i + 1)) && q.contains("per_page=100"),
            "{queries:?}"
        );
    }
}

#[rstest]
#[tokio::test]
async fn count_waiter_fails_fast_when_later_pages_overshoot(
    #[values(Kind::Executions, Kind::Events, Kind::Enforcements)] kind: Kind,
) {
    let server = MockServer::start().await;
    let (calls, _) = mount_paged(&server, kind, 150).await;
    let err = kind
        .wait(&client(&server), CountOp::AtMost, 120, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 1);
    assert_eq!(calls.calls(), 2, "both pages of the single poll");
    assert!(text.contains("count is 150"), "{text}");
}

#[tokio::test]
async fn count_waiter_stops_paging_on_an_empty_page_even_if_has_next_lies() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions", |n| {
        let items = if n == 0 {
            (1..=3)
                .map(|i| execution_summary(i, "completed", None))
                .collect()
        } else {
            vec![]
        };
        ResponseTemplate::new(200).set_body_json(page(items, n as u32 + 1, 100, true))
    })
    .await;
    let found = wait_for_executions(
        &client(&server),
        ListExecutionsParams::default(),
        CountOp::AtLeast,
        3,
        LONG,
    )
    .await
    .unwrap();
    assert_eq!(found.len(), 3);
    assert_eq!(
        calls.calls(),
        2,
        "page 1, then an empty page 2 ends the walk"
    );
}

// ---------------------------------------------------------------------------------------------------------
// inquiries and workflow children
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn inquiry_status_returns_when_responded() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/inquiries/5", |n| {
        let status = if n < 2 { "pending" } else { "responded" };
        ResponseTemplate::new(200).set_body_json(inquiry(5, status))
    })
    .await;
    let inq = wait_for_inquiry_status(&client(&server), 5, InquiryStatus::Responded, LONG)
        .await
        .unwrap();
    assert_eq!(inq.status, InquiryStatus::Responded);
    assert_eq!(calls.calls(), 3);
}

#[tokio::test]
async fn inquiry_status_fails_fast_on_another_final_status() {
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/inquiries/6", |n| {
        let status = if n == 0 { "pending" } else { "timeout" };
        ResponseTemplate::new(200).set_body_json(inquiry(6, status))
    })
    .await;
    let err = wait_for_inquiry_status(&client(&server), 6, InquiryStatus::Responded, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 2);
    assert_eq!(calls.calls(), 2);
    assert!(
        text.contains("inquiry 6 to reach 'responded'") && text.contains("'timeout'"),
        "{text}"
    );
}

#[tokio::test]
async fn inquiry_status_times_out_while_pending() {
    let server = MockServer::start().await;
    mount_sequence(&server, "/api/v1/inquiries/7", |_| {
        ResponseTemplate::new(200).set_body_json(inquiry(7, "pending"))
    })
    .await;
    let err = wait_for_inquiry_status(
        &client(&server),
        7,
        InquiryStatus::Responded,
        Duration::from_millis(150),
    )
    .await
    .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        err.last_observation.as_deref(),
        Some("inquiry 7 is 'pending'")
    );
}

#[tokio::test]
async fn children_waiter_filters_on_the_parent_and_counts() {
    let server = MockServer::start().await;
    let counter = Counter::new();
    let c = counter.clone();
    Mock::given(method("GET"))
        .and(path("/api/v1/executions"))
        .and(query_param("parent", "42"))
        .respond_with(move |_: &Request| {
            let n = c.next();
            let items = (0..n.min(3) as i64)
                .map(|i| execution_summary(100 + i, "running", Some(42)))
                .collect();
            ResponseTemplate::new(200).set_body_json(page(items, 1, 100, false))
        })
        .mount(&server)
        .await;
    let kids = wait_for_children(&client(&server), 42, CountOp::AtLeast, 2, LONG)
        .await
        .unwrap();
    assert_eq!(kids.len(), 2);
    assert!(kids.iter().all(|k| k.parent == Some(42)));
    assert_eq!(counter.calls(), 3, "0, 1, then 2 children");

    let err = wait_for_children(&client(&server), 42, CountOp::Exactly, 2, LONG)
        .await
        .unwrap_err();
    let text = assert_failed_fast(&err, 1);
    assert!(
        text.contains("parent=42") && text.contains("count is 3"),
        "{text}"
    );
}

#[tokio::test]
async fn waits_poll_immediately_then_back_off() {
    // The schedule: first poll at once, then 5 ms growing ×1.6 to 200 ms. Within 1 s that is roughly 11-14
    // polls; a busy loop would make hundreds, a fixed 200 ms interval 6.
    let server = MockServer::start().await;
    let calls = mount_sequence(&server, "/api/v1/executions/15", |_| {
        ResponseTemplate::new(200).set_body_json(execution(15, "scheduled", json!({})))
    })
    .await;
    let started = Instant::now();
    let err = wait_for_execution_status(
        &client(&server),
        15,
        ExecutionStatus::Completed,
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();
    assert!(err.is_timeout());
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        (4..=20).contains(&calls.calls()),
        "{} requests in 1 s",
        calls.calls()
    );
}
