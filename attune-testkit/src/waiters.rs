//! Waiters for Attune state: an execution's status, counts of executions / events / enforcements, an
//! inquiry's status, a workflow's children. They listen to the notifier ([`crate::push`]): one GET at once,
//! then one on each relevant notification (filtered by the notification's payload), so a typical wait costs
//! two requests and returns within milliseconds of the change; without a notifier they poll
//! ([`crate::wait`]). Either way they fail fast on states that cannot heal and explain themselves on timeout.

use std::future::Future;
use std::time::Duration;

use attune_client::models::{
    EnforcementSummary, EventSummary, Execution, ExecutionStatus, ExecutionSummary, Inquiry,
    InquiryStatus, ListEnforcementsParams, ListEventsParams, ListExecutionsParams,
};
use attune_client::notifier::Notification;
use attune_client::{AttuneClient, Page};
use serde_json::Value;

use crate::push::wait_on_notifications;
use crate::wait::{count_probe, CountOp, Probe, WaitError, WaitOptions};

/// [`wait_on_notifications`] with default options and `timeout`, returning only the value.
async fn wait_pushed<T, F, Fut, R>(
    client: &AttuneClient,
    description: String,
    timeout: Duration,
    relevant: R,
    probe: F,
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<T>>,
    R: Fn(&Notification) -> bool,
{
    wait_on_notifications(
        client,
        description,
        WaitOptions::timeout(timeout),
        relevant,
        probe,
    )
    .await
    .map(|(value, _)| value)
}

/// Whether the payload's `key` may equal `want` (`None` = no constraint; a missing key = unknown, so yes).
fn field_may_match(payload: &Value, key: &str, want: Option<Value>) -> bool {
    match (want, payload.get(key)) {
        (None, _) | (_, None) => true,
        (Some(w), Some(got)) => *got == w,
    }
}

/// Whether an execution notification may change what `params` lists.
pub(crate) fn execution_relevant(params: &ListExecutionsParams, n: &Notification) -> bool {
    if n.entity_type != "execution" {
        return false;
    }
    // Filters the payload does not carry: any execution change may matter.
    if params.pack_name.is_some()
        || params.trace_tag.is_some()
        || params.executor.is_some()
        || params.result_contains.is_some()
        || params.top_level_only.is_some()
    {
        return true;
    }
    let p = &n.payload;
    let status_ok = match &params.status {
        None => true,
        Some(s) => {
            let want = Value::String(s.as_str().to_string());
            field_may_match(p, "status", Some(want.clone()))
                || p.get("old_status").is_some_and(|o| *o == want)
        }
    };
    status_ok
        && field_may_match(
            p,
            "action_ref",
            params.action_ref.clone().map(Value::String),
        )
        && field_may_match(p, "rule_ref", params.rule_ref.clone().map(Value::String))
        && field_may_match(
            p,
            "trigger_ref",
            params.trigger_ref.clone().map(Value::String),
        )
        && field_may_match(p, "enforcement", params.enforcement.map(Value::from))
        && field_may_match(p, "parent", params.parent.map(Value::from))
}

/// The new status of an execution notification, when it carries one.
fn note_status(n: &Notification) -> Option<ExecutionStatus> {
    n.execution().and_then(|c| c.status)
}

/// Maps an SDK error inside a probe: what may heal (404 while a row appears, transport trouble, 5xx, 429)
/// keeps waiting; anything else (400, 401, 403, 409, 422) fails the wait at once.
pub fn probe_error<T>(what: &str, err: &attune_client::Error) -> Probe<T> {
    let healable = err.is_not_found()
        || err.is_transport()
        || err.is_timeout()
        || err.is_server_error()
        || err.is_rate_limited();
    if healable {
        Probe::Pending(format!("{what}: {err}"))
    } else {
        Probe::Fail(format!("{what}: {err}"))
    }
}

/// Waits until execution `id` reaches `status`; fails at once when it reaches another terminal status.
pub async fn wait_for_execution_status(
    client: &AttuneClient,
    id: i64,
    status: ExecutionStatus,
    timeout: Duration,
) -> Result<Execution, WaitError> {
    let description = format!("execution {id} to reach status '{status}'");
    let want = status.clone();
    let relevant = move |n: &Notification| {
        n.is_about("execution", id) && note_status(n).is_none_or(|s| s == want || s.is_terminal())
    };
    wait_pushed(client, description, timeout, relevant, || {
        let client = client.clone();
        let want = status.clone();
        async move {
            match client.executions().get(id).await {
                Ok(exec) if exec.status == want => Probe::Ready(exec),
                Ok(exec) if exec.status.is_terminal() => Probe::Fail(format!(
                    "execution {id} ended '{}' instead; result: {}",
                    exec.status, exec.result
                )),
                Ok(exec) => Probe::Pending(format!("execution {id} is '{}'", exec.status)),
                Err(e) => probe_error(&format!("reading execution {id}"), &e),
            }
        }
    })
    .await
}

/// Waits until execution `id` is in any terminal status and returns it.
pub async fn wait_for_execution_terminal(
    client: &AttuneClient,
    id: i64,
    timeout: Duration,
) -> Result<Execution, WaitError> {
    let relevant = move |n: &Notification| {
        n.is_about("execution", id) && note_status(n).is_none_or(|s| s.is_terminal())
    };
    wait_pushed(
        client,
        format!("execution {id} to finish"),
        timeout,
        relevant,
        || {
            let client = client.clone();
            async move {
                match client.executions().get(id).await {
                    Ok(exec) if exec.status.is_terminal() => Probe::Ready(exec),
                    Ok(exec) => Probe::Pending(format!("execution {id} is '{}'", exec.status)),
                    Err(e) => probe_error(&format!("reading execution {id}"), &e),
                }
            }
        },
    )
    .await
}

const PAGE: u32 = 100;

/// Fetches every page (`fetch(page_number)`) until the server says there is no next page.
async fn collect_pages<T, F, Fut>(mut fetch: F) -> attune_client::Result<Vec<T>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = attune_client::Result<Page<T>>>,
{
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let got = fetch(page).await?;
        let more = got.has_next && !got.items.is_empty();
        out.extend(got.items);
        if !more {
            return Ok(out);
        }
        page += 1;
    }
}

/// All executions matching `params` (every page), newest first.
pub async fn all_executions(
    client: &AttuneClient,
    params: &ListExecutionsParams,
) -> attune_client::Result<Vec<ExecutionSummary>> {
    collect_pages(|page| {
        let p = ListExecutionsParams {
            page: Some(page),
            per_page: Some(PAGE),
            ..params.clone()
        };
        async move { client.executions().list(&p).await }
    })
    .await
}

/// All events matching `params` (every page), newest first.
pub async fn all_events(
    client: &AttuneClient,
    params: &ListEventsParams,
) -> attune_client::Result<Vec<EventSummary>> {
    collect_pages(|page| {
        let p = ListEventsParams {
            page: Some(page),
            per_page: Some(PAGE),
            ..params.clone()
        };
        async move { client.events().list(&p).await }
    })
    .await
}

/// All enforcements matching `params` (every page), newest first.
pub async fn all_enforcements(
    client: &AttuneClient,
    params: &ListEnforcementsParams,
) -> attune_client::Result<Vec<EnforcementSummary>> {
    collect_pages(|page| {
        let p = ListEnforcementsParams {
            page: Some(page),
            per_page: Some(PAGE),
            ..params.clone()
        };
        async move { client.enforcements().list(&p).await }
    })
    .await
}

/// The shared body of the counting waiters: polls `fetch` until `count <op> expected`.
#[allow(clippy::too_many_arguments)]
async fn wait_for_count<T, F, Fut, R>(
    client: &AttuneClient,
    relevant: R,
    what: String,
    op: CountOp,
    expected: u64,
    timeout: Duration,
    fetch: F,
    brief: fn(&[T]) -> String,
) -> Result<Vec<T>, WaitError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = attune_client::Result<Vec<T>>>,
    R: Fn(&Notification) -> bool,
{
    let description = format!("{what} {op} {expected}");
    wait_pushed(client, description, timeout, relevant, || {
        let fetched = fetch();
        let what = what.clone();
        async move {
            match fetched.await {
                Ok(items) => match count_probe(&what, items.len() as u64, op, expected) {
                    Probe::Ready(_) => Probe::Ready(items),
                    Probe::Pending(s) => Probe::Pending(format!("{s}{}", brief(&items))),
                    Probe::Fail(s) => Probe::Fail(format!("{s}{}", brief(&items))),
                },
                Err(e) => probe_error(&what, &e),
            }
        }
    })
    .await
}

/// Waits until the number of executions matching `params` satisfies `<op> expected`, and returns them.
/// With `==` / `<=` / `<` it fails at once when the count has already gone past (counts only grow).
pub async fn wait_for_executions(
    client: &AttuneClient,
    params: ListExecutionsParams,
    op: CountOp,
    expected: u64,
    timeout: Duration,
) -> Result<Vec<ExecutionSummary>, WaitError> {
    let what = format!("executions matching {}", describe(&params));
    let filter = params.clone();
    wait_for_count(
        client,
        move |n: &Notification| execution_relevant(&filter, n),
        what,
        op,
        expected,
        timeout,
        || all_executions(client, &params),
        brief_executions,
    )
    .await
}

/// Waits until the executions matching `params` number `expected` (or more) and are all terminal.
pub async fn wait_for_terminal_executions(
    client: &AttuneClient,
    params: ListExecutionsParams,
    expected: u64,
    timeout: Duration,
) -> Result<Vec<ExecutionSummary>, WaitError> {
    let what = format!(
        "{expected} finished executions matching {}",
        describe(&params)
    );
    let filter = params.clone();
    let relevant = move |n: &Notification| {
        execution_relevant(&filter, n)
            && (n.notification_type == "execution_created"
                || note_status(n).is_none_or(|s| s.is_terminal()))
    };
    wait_pushed(client, what.clone(), timeout, relevant, || {
        let client = client.clone();
        let params = params.clone();
        let what = what.clone();
        async move {
            match all_executions(&client, &params).await {
                Ok(items) => {
                    let done = items.iter().filter(|e| e.status.is_terminal()).count() as u64;
                    if items.len() as u64 >= expected && done == items.len() as u64 {
                        Probe::Ready(items)
                    } else {
                        Probe::Pending(format!(
                            "{} found, {done} finished{}",
                            items.len(),
                            brief_executions(&items)
                        ))
                    }
                }
                Err(e) => probe_error(&what, &e),
            }
        }
    })
    .await
}

/// Waits until the number of events matching `params` satisfies `<op> expected`, and returns them.
pub async fn wait_for_events(
    client: &AttuneClient,
    params: ListEventsParams,
    op: CountOp,
    expected: u64,
    timeout: Duration,
) -> Result<Vec<EventSummary>, WaitError> {
    let what = format!(
        "events (trigger_ref={:?}, rule_ref={:?})",
        params.trigger_ref, params.rule_ref
    );
    let filter = params.clone();
    let relevant = move |n: &Notification| {
        if n.entity_type != "event" {
            return false;
        }
        let p = &n.payload;
        filter.trace_tag.is_some()
            || (field_may_match(p, "trigger", filter.trigger.map(Value::from))
                && field_may_match(
                    p,
                    "trigger_ref",
                    filter.trigger_ref.clone().map(Value::String),
                )
                && field_may_match(p, "rule_ref", filter.rule_ref.clone().map(Value::String))
                && field_may_match(p, "source", filter.source.map(Value::from)))
    };
    wait_for_count(
        client,
        relevant,
        what,
        op,
        expected,
        timeout,
        || all_events(client, &params),
        |_| String::new(),
    )
    .await
}

/// Waits until the number of enforcements matching `params` satisfies `<op> expected`, and returns them.
pub async fn wait_for_enforcements(
    client: &AttuneClient,
    params: ListEnforcementsParams,
    op: CountOp,
    expected: u64,
    timeout: Duration,
) -> Result<Vec<EnforcementSummary>, WaitError> {
    let what = format!(
        "enforcements (rule={:?}, rule_ref={:?}, event={:?})",
        params.rule, params.rule_ref, params.event
    );
    let filter = params.clone();
    let relevant = move |n: &Notification| {
        if n.entity_type != "enforcement" {
            return false;
        }
        let p = &n.payload;
        filter.trace_tag.is_some()
            || filter.status.is_some()
            || (field_may_match(p, "rule", filter.rule.map(Value::from))
                && field_may_match(p, "event", filter.event.map(Value::from))
                && field_may_match(
                    p,
                    "trigger_ref",
                    filter.trigger_ref.clone().map(Value::String),
                )
                && field_may_match(p, "rule_ref", filter.rule_ref.clone().map(Value::String)))
    };
    wait_for_count(
        client,
        relevant,
        what,
        op,
        expected,
        timeout,
        || all_enforcements(client, &params),
        |_| String::new(),
    )
    .await
}

/// Waits until inquiry `id` reaches `status`; fails at once on another final status.
pub async fn wait_for_inquiry_status(
    client: &AttuneClient,
    id: i64,
    status: InquiryStatus,
    timeout: Duration,
) -> Result<Inquiry, WaitError> {
    let relevant = move |n: &Notification| n.is_about("inquiry", id);
    wait_pushed(
        client,
        format!("inquiry {id} to reach '{status}'"),
        timeout,
        relevant,
        || {
            let client = client.clone();
            let want = status.clone();
            async move {
                match client.inquiries().get(id).await {
                    Ok(inq) if inq.status == want => Probe::Ready(inq),
                    Ok(inq) if inq.status != InquiryStatus::Pending => Probe::Fail(format!(
                        "inquiry {id} is '{}' and will not change again",
                        inq.status
                    )),
                    Ok(inq) => Probe::Pending(format!("inquiry {id} is '{}'", inq.status)),
                    Err(e) => probe_error(&format!("reading inquiry {id}"), &e),
                }
            }
        },
    )
    .await
}

/// Waits until the workflow execution `parent` has `<op> expected` child executions, and returns them.
pub async fn wait_for_children(
    client: &AttuneClient,
    parent: i64,
    op: CountOp,
    expected: u64,
    timeout: Duration,
) -> Result<Vec<ExecutionSummary>, WaitError> {
    wait_for_executions(
        client,
        ListExecutionsParams {
            parent: Some(parent),
            ..Default::default()
        },
        op,
        expected,
        timeout,
    )
    .await
}

fn describe(p: &ListExecutionsParams) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &p.action_ref {
        parts.push(format!("action_ref={v}"));
    }
    if let Some(v) = &p.rule_ref {
        parts.push(format!("rule_ref={v}"));
    }
    if let Some(v) = &p.trigger_ref {
        parts.push(format!("trigger_ref={v}"));
    }
    if let Some(v) = p.enforcement {
        parts.push(format!("enforcement={v}"));
    }
    if let Some(v) = p.parent {
        parts.push(format!("parent={v}"));
    }
    if let Some(v) = &p.status {
        parts.push(format!("status={v}"));
    }
    if parts.is_empty() {
        "(no filter)".to_string()
    } else {
        parts.join(", ")
    }
}

fn brief_executions(items: &[ExecutionSummary]) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(10)
        .map(|e| format!("#{} {}", e.id, e.status))
        .collect();
    let more = if items.len() > 10 { " …" } else { "" };
    format!(": [{}{more}]", shown.join(", "))
}
