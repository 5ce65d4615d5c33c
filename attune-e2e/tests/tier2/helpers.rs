//! Helpers shared by the Tier 2 scenarios (workflow children, workflow outputs, timing).
#![allow(dead_code)]

use std::time::Duration;

use attune_client::models::{Execution, ExecutionStatus, ListExecutionsParams};
use attune_testkit::waiters::{all_executions, wait_for_execution_terminal};
use attune_testkit::{Context, Result, Scope};
use chrono::{DateTime, Utc};
use serde_json::Value;

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

/// `workflow_task.retry_count` of a child (0 when the metadata omits it).
pub fn retry_count(exec: &Execution) -> i32 {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.retry_count)
        .unwrap_or(0)
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

/// Seconds from `a` to `b` (negative when `b` is earlier).
pub fn secs(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_milliseconds() as f64 / 1000.0
}

/// The largest number of `[start, end)` intervals that overlap at one instant.
pub fn max_overlap(intervals: &[(DateTime<Utc>, DateTime<Utc>)]) -> usize {
    let mut edges: Vec<(DateTime<Utc>, i32)> = Vec::new();
    for (start, end) in intervals {
        edges.push((*start, 1));
        edges.push((*end, -1));
    }
    // Ends sort before starts at the same instant: back-to-back runs do not overlap.
    edges.sort();
    let (mut now, mut best) = (0i32, 0i32);
    for (_, delta) in edges {
        now += delta;
        best = best.max(now);
    }
    best as usize
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

/// One line describing executions (for assertion messages).
pub fn brief(execs: &[Execution]) -> String {
    execs
        .iter()
        .map(|e| {
            format!(
                "#{} {} task={:?} retry={} parent={:?} {}",
                e.id,
                e.status,
                task_name(e),
                retry_count(e),
                e.parent,
                e.result
            )
        })
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Whether `status` is one of the statuses Attune's workflows end in (no `succeeded_with_errors`, no `paused`).
pub fn is_workflow_end(status: &ExecutionStatus) -> bool {
    matches!(
        status,
        ExecutionStatus::Completed | ExecutionStatus::Failed | ExecutionStatus::Cancelled
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Inquiries inside workflows (T2.6 / T2.7; platform-semantics §8 "Human approval", §9; Attune's
// `tests/helpers/inquiries.py` and fixture `inquiry_workflow`).

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

/// The approval workflow of Attune's fixture: `request_inquiry` (creator) → `guarded_task` (`core.echo`,
/// `wait_for: {inquiry: "{{ task.request_inquiry.inquiry_id }}"}`) whose transitions publish `outcome`
/// (`approved` / `denied` / `timeout`) and `response`, and start `approved_handler` / `denied_handler` /
/// `timeout_handler`; `output_map` = `inquiry_id`, `outcome`, `response`. `body` is the inquiry creation
/// body (`purpose`, `prompt`, `response_schema`, `timeout_seconds`, ...).
pub async fn inquiry_workflow(
    scope: &Scope,
    body: Value,
) -> Result<attune_client::models::Workflow> {
    use serde_json::json;
    let creator = inquiry_creator(scope, &body).await?;
    scope
        .workflow("inqwf")
        .raw_task(json!({
            "name": "request_inquiry",
            "action": creator.r#ref,
            "input": {},
            "next": [{"when": "{{ succeeded() }}", "do": ["guarded_task"]}]
        }))
        .raw_task(json!({
            "name": "guarded_task",
            "action": "core.echo",
            "wait_for": {"inquiry": "{{ task.request_inquiry.inquiry_id }}"},
            "input": {"message": "guarded task released"},
            "next": [
                {"when": "{{ inquiry.guarded_task.response.approved == true }}",
                 "publish": [{"outcome": "approved"}, {"response": "{{ inquiry.guarded_task.response }}"}],
                 "do": ["approved_handler"]},
                {"when": "{{ inquiry.guarded_task.response.approved == false }}",
                 "publish": [{"outcome": "denied"}, {"response": "{{ inquiry.guarded_task.response }}"}],
                 "do": ["denied_handler"]},
                {"when": "{{ timed_out() }}",
                 "publish": [{"outcome": "timeout"}],
                 "do": ["timeout_handler"]}
            ]
        }))
        .raw_task(json!({"name": "approved_handler", "action": "core.echo", "input": {"message": "approved"}}))
        .raw_task(json!({"name": "denied_handler", "action": "core.echo", "input": {"message": "denied"}}))
        .raw_task(json!({"name": "timeout_handler", "action": "core.echo", "input": {"message": "timeout"}}))
        .output("inquiry_id", json!("{{ task.request_inquiry.inquiry_id }}"))
        .output("outcome", json!("{{ workflow.outcome }}"))
        .output("response", json!("{{ workflow.response }}"))
        .create()
        .await
}

/// A started approval workflow: the workflow execution, its creator child and the pending inquiry.
pub struct StartedInquiry {
    pub workflow: Execution,
    pub creator: Execution,
    pub inquiry: attune_client::models::Inquiry,
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

/// Executes `workflow_ref`, waits for exactly one `request_inquiry` child and for exactly one pending inquiry
/// created by it (as Attune's `start_inquiry_workflow`).
pub async fn start_inquiry_workflow(scope: &Scope, workflow_ref: &str) -> Result<StartedInquiry> {
    use attune_testkit::{wait_until, Probe};
    let workflow = scope.execute(workflow_ref, serde_json::json!({})).await?;
    let wf_id = workflow.id;
    let creator = wait_until(
        format!("one request_inquiry child of workflow {wf_id}"),
        INQUIRY,
        || async move {
            match children(scope, wf_id).await {
                Ok(kids) => {
                    let found: Vec<&Execution> = of_task(&kids, "request_inquiry");
                    match found.as_slice() {
                        [one] => Probe::Ready((*one).clone()),
                        [] => Probe::Pending(format!("children: {}", brief(&kids))),
                        _ => Probe::Fail(format!("several creators: {}", brief(&kids))),
                    }
                }
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
    Ok(StartedInquiry {
        workflow,
        creator,
        inquiry,
    })
}
