//! Inquiries inside workflows, shared by the tiers (T2.6, T2.7, T3.9).
//!
//! The two API generations build an approval workflow differently ([`InquiryFlow`]):
//!
//! * June 2026 ([`InquiryFlow::CoreAsk`], live note G2): there is no `wait_for` key and no execution-token
//!   inquiry creation. A `core.ask` task (input `prompt`, `response_schema`; its task `timeout:` is the
//!   inquiry's deadline) makes the executor create an inquiry for that task's own execution
//!   (`inquiry.execution` = its id), and the execution stays `running` (result
//!   `{"inquiry_id", "status": "pending"}`) until the response. On respond it becomes `completed` with
//!   `{"response": <response>, "__inquiry_id": <id>, "__inquiry_created_published": true}`; on the inquiry's
//!   timeout it ends `timeout` with `{"error": "inquiry timed out", "__inquiry_id": <id>}` and
//!   `workflow_task.timed_out = true`. Later tasks read the answer as `task.<ask>.response`.
//!   (The upstream source also knows an action result key `__inquiry`, but a June worker stores a script's
//!   parsed stdout under `result.data`, where the executor never looks, so only `core.ask` pauses a
//!   workflow there.)
//! * attune-sdk 0.5.4 ([`InquiryFlow::ExecutionToken`]): an action POSTs the inquiry with its execution
//!   token; a later task's `wait_for: {inquiry: ...}` holds it, and its transitions read
//!   `inquiry.<task>.response`.

use std::time::Duration;

use attune_client::models::Execution;
use attune_testkit::{Context, Result, Scope};
use serde_json::Value;

use super::workflow::{brief, children, of_task};

// Inquiries inside workflows (T2.6 / T2.7; platform-semantics §8 "Human approval", §9; Attune's
// `tests/helpers/inquiries.py` and fixture `inquiry_workflow`).

/// Limit for an inquiry to appear / time out (Attune's own tests allow 20–30 s).
pub const INQUIRY: Duration = Duration::from_secs(30);

/// How the target creates an inquiry inside a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InquiryFlow {
    /// June 2026: a `core.ask` task pauses itself until the response.
    CoreAsk,
    /// attune-sdk 0.5.4: an action creates the inquiry with its execution token; `wait_for` holds a later task.
    ExecutionToken,
}

impl InquiryFlow {
    /// The flow of the target's API generation (`ServerProfile::token_inquiries`).
    ///
    /// `ATTUNE_E2E_INQUIRY_FLOW=core_ask` picks the June 2026 flow on a target that has both (the
    /// emulator serves `core.ask` beside execution-token inquiries), so that flow can be checked without
    /// a June server; on a target without execution-token inquiries the variable cannot pick that flow.
    pub async fn of(scope: &Scope) -> Result<InquiryFlow> {
        let token = scope.env().profile().await?.token_inquiries;
        let forced = std::env::var("ATTUNE_E2E_INQUIRY_FLOW").ok();
        Ok(match forced.as_deref().map(str::trim) {
            Some("core_ask") => InquiryFlow::CoreAsk,
            Some("execution_token") | None | Some("") if token => InquiryFlow::ExecutionToken,
            Some("execution_token") => {
                return crate::support::fail(
                    "ATTUNE_E2E_INQUIRY_FLOW=execution_token, but the target has no execution-token inquiries",
                )
            }
            None | Some("") => InquiryFlow::CoreAsk,
            Some(other) => {
                return crate::support::fail(format!(
                    "ATTUNE_E2E_INQUIRY_FLOW={other}: expected core_ask or execution_token"
                ))
            }
        })
    }

    /// The template path of the response that `gate` (the task after the asking task `creator`) sees.
    pub fn response_path(self, creator: &str, gate: &str) -> String {
        match self {
            InquiryFlow::CoreAsk => format!("task.{creator}.response"),
            InquiryFlow::ExecutionToken => format!("inquiry.{gate}.response"),
        }
    }
}

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

/// The approval workflow of Attune's fixture, built for the target's [`InquiryFlow`]: `request_inquiry` asks
/// → `guarded_task` (`core.echo`, only run once the inquiry is answered) whose transitions publish `outcome`
/// (`approved` / `denied`) and `response` and start `approved_handler` / `denied_handler`; a timed-out
/// inquiry publishes `outcome: timeout` and starts `timeout_handler`. `output_map` = `outcome`, `response`
/// (and `inquiry_id` on the token flow). `body` is the token flow's inquiry creation body (`purpose`,
/// `prompt`, `response_schema`, `timeout_seconds`, ...); the `core.ask` flow takes `prompt` and
/// `response_schema` from it and makes `timeout_seconds` the asking task's `timeout`.
pub async fn inquiry_workflow(
    scope: &Scope,
    body: Value,
) -> Result<attune_client::models::Workflow> {
    use serde_json::json;
    let flow = InquiryFlow::of(scope).await?;
    let response = flow.response_path("request_inquiry", "guarded_task");
    let approved = format!("{{{{ {response}.approved == true }}}}");
    let denied = format!("{{{{ {response}.approved == false }}}}");
    let response = format!("{{{{ {response} }}}}");
    let decide = json!([
        {"when": approved,
         "publish": [{"outcome": "approved"}, {"response": response}],
         "do": ["approved_handler"]},
        {"when": denied,
         "publish": [{"outcome": "denied"}, {"response": response}],
         "do": ["denied_handler"]}
    ]);
    let on_timeout = json!({"when": "{{ timed_out() }}",
                            "publish": [{"outcome": "timeout"}],
                            "do": ["timeout_handler"]});
    let builder = match flow {
        InquiryFlow::CoreAsk => {
            let mut ask = json!({
                "name": "request_inquiry",
                "action": "core.ask",
                "input": {"prompt": body["prompt"], "response_schema": body["response_schema"]},
                "next": [{"when": "{{ succeeded() }}", "do": ["guarded_task"]}, on_timeout]
            });
            if let Some(secs) = body["timeout_seconds"].as_i64() {
                ask["timeout"] = json!(secs);
            }
            scope.workflow("inqwf").raw_task(ask).raw_task(json!({
                "name": "guarded_task",
                "action": "core.echo",
                "input": {"message": "guarded task released"},
                "next": decide
            }))
        }
        InquiryFlow::ExecutionToken => {
            let creator = inquiry_creator(scope, &body).await?;
            let mut next = decide.as_array().cloned().unwrap_or_default();
            next.push(on_timeout);
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
                    "next": next
                }))
                .output("inquiry_id", json!("{{ task.request_inquiry.inquiry_id }}"))
        }
    };
    builder
        .raw_task(json!({"name": "approved_handler", "action": "core.echo", "input": {"message": "approved"}}))
        .raw_task(json!({"name": "denied_handler", "action": "core.echo", "input": {"message": "denied"}}))
        .raw_task(json!({"name": "timeout_handler", "action": "core.echo", "input": {"message": "timeout"}}))
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

/// Inquiry ids asked by execution `creator`: `GET /api/v1/inquiries?created_by_execution=<creator>` on the
/// token flow, `?execution=<creator>` on the `core.ask` flow (optionally `status`). The filters are not all in
/// the SDK's `ListInquiriesParams`, so this goes through `raw()`.
pub async fn inquiries_created_by(
    scope: &Scope,
    creator: i64,
    status: Option<&str>,
) -> Result<Vec<i64>> {
    let filter = match InquiryFlow::of(scope).await? {
        InquiryFlow::CoreAsk => "execution",
        InquiryFlow::ExecutionToken => "created_by_execution",
    };
    let mut req = scope
        .client()
        .raw()
        .request(attune_client::reqwest::Method::GET, "/api/v1/inquiries")
        .query(filter, creator)
        .query("limit", 10);
    if let Some(s) = status {
        req = req.query("status", s);
    }
    let page = req
        .send_json()
        .await
        .with_context(|| format!("listing inquiries asked by execution {creator}"))?;
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
