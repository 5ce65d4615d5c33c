//! Inquiries inside workflows, shared by the tiers (T2.6, T2.7, T3.9).

use std::time::Duration;

use attune_client::models::Execution;
use attune_testkit::{Context, Result, Scope};
use serde_json::Value;

use super::workflow::{brief, children, of_task};

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
    let workflow = scope.execute(workflow_ref, serde_json::json!({})).await?;
    let (creator, inquiry) = wait_pending_inquiry(scope, workflow.id, "request_inquiry").await?;
    Ok(StartedInquiry {
        workflow,
        creator,
        inquiry,
    })
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
