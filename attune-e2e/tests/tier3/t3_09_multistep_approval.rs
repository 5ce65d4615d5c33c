//! T3.9 — multi-step approval: two inquiries in sequence (manager, then security), built for the target's
//! generation (`support::inquiry`). On attune-sdk 0.5.4 each creator task creates an inquiry with its execution
//! token and a guarded task after it waits with `wait_for`; on June 2026 each step is a `core.ask` task that
//! pauses itself until the response and a gate task after it decides. Either way the gate has no child
//! execution while its inquiry is pending, the security prompt is only created after the manager approved, a
//! later task reads both responses and the `output_map` shows both. A manager denial ends the approval chain
//! (the security inquiry is never created); a security inquiry that times out takes the `timed_out()` path
//! (platform-semantics §8 "Human approval", §9; e2e-scenarios T2.6, T2.7, T3.9; live note G2).

use attune_client::models::{Execution, ExecutionStatus, Inquiry, InquiryStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_inquiry_status};
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier3::helpers::*;

/// What the manager's inquiry guards: everything after its asking task.
const MANAGER_GUARDED: &[&str] = &[
    "manager_gate",
    "security_request",
    "security_gate",
    "finalize",
    "denied_handler",
    "timeout_handler",
];
/// What the security inquiry guards.
const SECURITY_GUARDED: &[&str] = &[
    "security_gate",
    "finalize",
    "denied_handler",
    "timeout_handler",
];

/// Schema of both prompts: `approved` (bool, required) + `comment` (string).
fn schema() -> Value {
    json!({"approved": {"type": "boolean", "required": true}, "comment": {"type": "string"}})
}

fn body(purpose: &str, prompt: &str, timeout_seconds: i64) -> Value {
    json!({
        "purpose": purpose,
        "prompt": prompt,
        "response_schema": schema(),
        "response_options": [
            {"ref": "approve", "label": "Approve", "style": "primary", "response": {"approved": true}},
            {"ref": "reject", "label": "Reject", "style": "danger", "response": {"approved": false}}
        ],
        "timeout_seconds": timeout_seconds
    })
}

/// The gate after the asking task `creator`: `core.echo`; approved → `on_approve` (with `publish`), denied →
/// `denied_handler`. On the token flow it waits for the inquiry its creator printed (`wait_for`) and also
/// takes the timed-out path → `timeout_handler`; on the `core.ask` flow that path leaves the asking task.
fn gate(flow: InquiryFlow, name: &str, creator: &str, stage: &str, on_approve: Value) -> Value {
    let path = flow.response_path(creator, name);
    let approved = format!("{{{{ {path}.approved == true }}}}");
    let denied = format!("{{{{ {path}.approved == false }}}}");
    let response = format!("{{{{ {path} }}}}");
    let mut approve = on_approve;
    approve["when"] = json!(approved);
    let publish = approve["publish"].as_array().cloned().unwrap_or_default();
    let mut publish_all = vec![json!({format!("{stage}_response"): response})];
    publish_all.extend(publish);
    approve["publish"] = json!(publish_all);
    let mut next = vec![
        approve,
        json!({"when": denied,
               "publish": [{"outcome": format!("denied_by_{stage}")}, {format!("{stage}_response"): response}],
               "do": ["denied_handler"]}),
    ];
    let mut task = json!({
        "name": name,
        "action": "core.echo",
        "input": {"message": format!("{stage} gate released")},
    });
    if flow == InquiryFlow::ExecutionToken {
        task["wait_for"] = json!({"inquiry": format!("{{{{ task.{creator}.inquiry_id }}}}")});
        next.push(timed_out_to_handler(stage));
    }
    task["next"] = json!(next);
    task
}

/// `timed_out()` → `timeout_handler`, publishing `outcome = <stage>_timeout`.
fn timed_out_to_handler(stage: &str) -> Value {
    json!({"when": "{{ timed_out() }}",
           "publish": [{"outcome": format!("{stage}_timeout")}],
           "do": ["timeout_handler"]})
}

/// The task that asks `stage`'s question and, once it is answered, goes on to `gate`.
async fn ask_task(
    scope: &Scope,
    flow: InquiryFlow,
    name: &str,
    gate: &str,
    stage: &str,
    prompt: &str,
    timeout_seconds: i64,
) -> Result<Value> {
    let released = json!({"when": "{{ succeeded() }}", "do": [gate]});
    Ok(match flow {
        InquiryFlow::ExecutionToken => {
            let creator = inquiry_creator(
                scope,
                &body(&format!("{stage}_approval"), prompt, timeout_seconds),
            )
            .await?;
            json!({"name": name, "action": creator.r#ref, "input": {}, "next": [released]})
        }
        // The task's `timeout:` is the inquiry's deadline on this flow.
        InquiryFlow::CoreAsk => json!({
            "name": name,
            "action": "core.ask",
            "timeout": timeout_seconds,
            "input": {"prompt": prompt, "response_schema": schema()},
            "next": [released, timed_out_to_handler(stage)]
        }),
    })
}

/// manager_request → manager_gate → security_request → security_gate → finalize (reads both responses and
/// publishes them as `final_manager` / `final_security`), plus
/// `denied_handler` / `timeout_handler`. `security_timeout` is the security inquiry's timeout in seconds.
async fn two_step_workflow(
    scope: &Scope,
    flow: InquiryFlow,
    security_timeout: i64,
) -> Result<attune_client::models::Workflow> {
    let manager = ask_task(
        scope,
        flow,
        "manager_request",
        "manager_gate",
        "manager",
        "Manager: approve the change?",
        300,
    )
    .await?;
    let security = ask_task(
        scope,
        flow,
        "security_request",
        "security_gate",
        "security",
        "Security: approve the change?",
        security_timeout,
    )
    .await?;
    let manager_path = flow.response_path("manager_request", "manager_gate");
    let security_path = flow.response_path("security_request", "security_gate");
    scope
        .workflow("twostep")
        .raw_task(manager)
        .raw_task(gate(
            flow,
            "manager_gate",
            "manager_request",
            "manager",
            json!({"do": ["security_request"]}),
        ))
        .raw_task(security)
        .raw_task(gate(
            flow,
            "security_gate",
            "security_request",
            "security",
            json!({"publish": [{"outcome": "approved"}], "do": ["finalize"]}),
        ))
        .raw_task(json!({
            "name": "finalize",
            "action": "core.echo",
            "input": {"message": format!("manager={{{{ {manager_path}.comment }}}} security={{{{ {security_path}.comment }}}}")},
            "next": [{
                "when": "{{ succeeded() }}",
                "publish": [
                    {"final_manager": format!("{{{{ {manager_path} }}}}")},
                    {"final_security": format!("{{{{ {security_path} }}}}")}
                ]
            }]
        }))
        .raw_task(json!({"name": "denied_handler", "action": "core.echo", "input": {"message": "denied"}}))
        .raw_task(json!({"name": "timeout_handler", "action": "core.echo", "input": {"message": "timeout"}}))
        .output("outcome", json!("{{ workflow.outcome }}"))
        .output("manager_response", json!("{{ workflow.manager_response }}"))
        .output("security_response", json!("{{ workflow.security_response }}"))
        .output("final_manager", json!("{{ workflow.final_manager }}"))
        .output("final_security", json!("{{ workflow.final_security }}"))
        .create()
        .await
}

/// While `inquiry` is pending: the guarded task `gate` has no child, nothing after it started (`later`), the
/// inquiry stays pending and the workflow keeps running.
async fn assert_waiting(
    scope: &Scope,
    flow: InquiryFlow,
    wf_id: i64,
    creator: &Execution,
    inquiry: &Inquiry,
    gate: &'static str,
    later: &'static [&'static str],
) -> Result<()> {
    match flow {
        InquiryFlow::ExecutionToken => {
            let creator = wait_for_execution_status(
                scope.client(),
                creator.id,
                ExecutionStatus::Completed,
                WORKFLOW,
            )
            .await?;
            assert!(
                creator.result.to_string().contains("inquiry_id"),
                "{}",
                creator.result
            );
            assert_eq!(
                inquiry.created_by_execution,
                Some(creator.id),
                "{inquiry:?}"
            );
        }
        InquiryFlow::CoreAsk => {
            let creator = scope.client().executions().get(creator.id).await?;
            assert_eq!(creator.action_ref, "core.ask");
            assert_eq!(
                creator.status,
                ExecutionStatus::Running,
                "the asking execution is paused: {}",
                creator.result
            );
            assert_eq!(
                inquiry.execution, creator.id,
                "the inquiry belongs to the asking execution: {inquiry:?}"
            );
        }
    }
    assert_eq!(inquiry.status, InquiryStatus::Pending);
    // A snapshot, children first: if the inquiry is still pending after they were listed, they were listed
    // while it was pending, and nothing guarded may be among them. (The lasting guarantee, that nothing
    // guarded started before the inquiry was resolved, is checked on server timestamps at the end:
    // `assert_released_after`.)
    let inq_id = inquiry.id;
    let kids = children(scope, wf_id).await?;
    let now = scope.client().inquiries().get(inq_id).await?;
    if now.status == InquiryStatus::Pending {
        for name in std::iter::once(&gate).chain(later.iter()) {
            assert!(
                of_task(&kids, name).is_empty(),
                "`{name}` ran while inquiry {inq_id} was pending:\n  {}",
                brief(&kids)
            );
        }
        let wf = scope.client().executions().get(wf_id).await?;
        assert!(
            !wf.status.is_terminal(),
            "the workflow keeps running while waiting (no `paused` status): {}",
            wf.status
        );
    }
    Ok(())
}

/// After the run: every child of the tasks `guarded` was created no earlier than `inquiry` was resolved
/// (`responded_at`, or `updated` when it timed out), by the server's own clock.
async fn assert_released_after(
    scope: &Scope,
    wf_id: i64,
    inquiry: &Inquiry,
    guarded: &[&str],
) -> Result<()> {
    let inq = scope.client().inquiries().get(inquiry.id).await?;
    let resolved = match inq.status {
        InquiryStatus::Responded => inq.responded_at.or(inq.updated),
        _ => inq.updated,
    };
    let Some(resolved) = resolved else {
        panic!(
            "inquiry {} ({}) carries no resolution time: {inq:?}",
            inq.id, inq.status
        );
    };
    let kids = children(scope, wf_id).await?;
    for name in guarded {
        for k in of_task(&kids, name) {
            assert!(
                k.created >= resolved,
                "`{name}` child {} was created at {}, before inquiry {} was resolved ({}) at {resolved}",
                k.id,
                k.created,
                inq.id,
                inq.status
            );
        }
    }
    Ok(())
}

/// Responds to `inquiry` and checks it is stored `responded` verbatim.
async fn respond(scope: &Scope, inquiry: &Inquiry, response: &Value) -> Result<()> {
    let answered = scope
        .client()
        .inquiries()
        .respond(inquiry.id, response)
        .await?;
    assert_eq!(answered.status, InquiryStatus::Responded);
    let stored = wait_for_inquiry_status(
        scope.client(),
        inquiry.id,
        InquiryStatus::Responded,
        INQUIRY,
    )
    .await?;
    assert_eq!(stored.response.as_ref(), Some(response));
    Ok(())
}

/// How the security step ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Manager and security approve.
    BothApprove,
    /// The manager denies: no security inquiry.
    ManagerDenies,
    /// The manager approves, the security inquiry times out.
    SecurityTimesOut,
}

#[rstest]
#[case::both_approve(Ending::BothApprove)]
#[case::manager_denies(Ending::ManagerDenies)]
#[case::security_times_out(Ending::SecurityTimesOut)]
#[tokio::test]
async fn t3_9_sequential_approvals(
    #[future(awt)] scope: Scope,
    #[case] ending: Ending,
) -> Result<()> {
    let flow = InquiryFlow::of(&scope).await?;
    // Long enough that a loaded machine still sees the security inquiry pending before it expires (with
    // 2 s the inquiry could time out before the first look, and the test then waited for a pending
    // inquiry that no longer existed).
    let security_timeout = if ending == Ending::SecurityTimesOut {
        6
    } else {
        300
    };
    let wf = two_step_workflow(&scope, flow, security_timeout).await?;
    let started = scope.execute(&wf.r#ref, json!({})).await?;
    let wf_id = started.id;

    // Step 1: the manager prompt; nothing of the security step exists yet.
    let (manager_creator, manager_inq) =
        wait_pending_inquiry(&scope, wf_id, "manager_request").await?;
    assert_eq!(manager_creator.parent, Some(wf_id));
    if flow == InquiryFlow::ExecutionToken {
        assert_eq!(
            manager_inq.workflow_task_name.as_deref(),
            Some("manager_request"),
            "{manager_inq:?}"
        );
        assert!(manager_inq.workflow_execution.is_some(), "{manager_inq:?}");
    }
    assert_waiting(
        &scope,
        flow,
        wf_id,
        &manager_creator,
        &manager_inq,
        "manager_gate",
        &[
            "security_request",
            "security_gate",
            "finalize",
            "denied_handler",
            "timeout_handler",
        ],
    )
    .await?;

    let manager_response = if ending == Ending::ManagerDenies {
        json!({"approved": false, "comment": "not this quarter"})
    } else {
        json!({"approved": true, "comment": "manager ok"})
    };
    respond(&scope, &manager_inq, &manager_response).await?;

    if ending == Ending::ManagerDenies {
        let done =
            wait_for_execution_status(scope.client(), wf_id, ExecutionStatus::Completed, WORKFLOW)
                .await?;
        let kids = children(&scope, wf_id).await?;
        assert_eq!(of_task(&kids, "manager_gate").len(), 1, "{}", brief(&kids));
        assert!(
            of_task(&kids, "security_request").is_empty(),
            "the security inquiry is never created:\n  {}",
            brief(&kids)
        );
        for name in ["security_gate", "finalize", "timeout_handler"] {
            assert!(
                of_task(&kids, name).is_empty(),
                "`{name}`:\n  {}",
                brief(&kids)
            );
        }
        let denied = of_task(&kids, "denied_handler");
        assert_eq!(denied.len(), 1, "{}", brief(&kids));
        assert_eq!(denied[0].status, ExecutionStatus::Completed);
        let r = &done.result;
        assert_eq!(
            output(r, "outcome"),
            Some(&json!("denied_by_manager")),
            "{r}"
        );
        assert_eq!(
            output(r, "manager_response"),
            Some(&manager_response),
            "{r}"
        );
        assert_released_after(&scope, wf_id, &manager_inq, MANAGER_GUARDED).await?;
        // Only the manager's inquiry exists for this workflow's creators.
        let listed = inquiries_created_by(&scope, manager_creator.id, None).await?;
        assert_eq!(listed, vec![manager_inq.id]);
        return Ok(());
    }

    // Step 2: the security prompt appears only now; its guarded task waits.
    let (security_creator, security_inq) =
        wait_pending_inquiry(&scope, wf_id, "security_request").await?;
    assert_ne!(security_inq.id, manager_inq.id);
    if flow == InquiryFlow::ExecutionToken {
        assert_eq!(
            security_inq.workflow_task_name.as_deref(),
            Some("security_request"),
            "{security_inq:?}"
        );
    }
    let kids = children(&scope, wf_id).await?;
    let manager_gate = of_task(&kids, "manager_gate");
    assert_eq!(manager_gate.len(), 1, "{}", brief(&kids));
    assert!(
        security_creator.created >= manager_gate[0].created,
        "the security prompt is created after the manager gate was released"
    );
    assert_waiting(
        &scope,
        flow,
        wf_id,
        &security_creator,
        &security_inq,
        "security_gate",
        &["finalize", "denied_handler", "timeout_handler"],
    )
    .await?;

    if ending == Ending::SecurityTimesOut {
        let timed_out = wait_for_inquiry_status(
            scope.client(),
            security_inq.id,
            InquiryStatus::Timeout,
            INQUIRY,
        )
        .await?;
        assert!(timed_out.response.is_none(), "{:?}", timed_out.response);
        let done =
            wait_for_execution_status(scope.client(), wf_id, ExecutionStatus::Completed, WORKFLOW)
                .await?;
        let kids = children(&scope, wf_id).await?;
        assert!(
            of_task(&kids, "security_gate").is_empty(),
            "a timed-out inquiry releases no guarded child:\n  {}",
            brief(&kids)
        );
        let handlers = of_task(&kids, "timeout_handler");
        assert_eq!(handlers.len(), 1, "{}", brief(&kids));
        assert_eq!(handlers[0].status, ExecutionStatus::Completed);
        for name in ["finalize", "denied_handler"] {
            assert!(
                of_task(&kids, name).is_empty(),
                "`{name}`:\n  {}",
                brief(&kids)
            );
        }
        let r = &done.result;
        assert_eq!(
            output(r, "outcome"),
            Some(&json!("security_timeout")),
            "{r}"
        );
        assert_eq!(
            output(r, "manager_response"),
            Some(&manager_response),
            "{r}"
        );
        let manager = scope.client().inquiries().get(manager_inq.id).await?;
        assert_eq!(
            manager.status,
            InquiryStatus::Responded,
            "the first approval stands"
        );
        assert_released_after(&scope, wf_id, &manager_inq, MANAGER_GUARDED).await?;
        assert_released_after(&scope, wf_id, &security_inq, SECURITY_GUARDED).await?;
        return Ok(());
    }

    let security_response = json!({"approved": true, "comment": "security ok"});
    respond(&scope, &security_inq, &security_response).await?;
    let done =
        wait_for_execution_status(scope.client(), wf_id, ExecutionStatus::Completed, WORKFLOW)
            .await?;
    let kids = children(&scope, wf_id).await?;
    for name in [
        "manager_request",
        "manager_gate",
        "security_request",
        "security_gate",
        "finalize",
    ] {
        let runs = of_task(&kids, name);
        assert_eq!(runs.len(), 1, "`{name}`:\n  {}", brief(&kids));
        assert_eq!(
            runs[0].status,
            ExecutionStatus::Completed,
            "`{name}`: {}",
            runs[0].result
        );
    }
    for name in ["denied_handler", "timeout_handler"] {
        assert!(
            of_task(&kids, name).is_empty(),
            "`{name}`:\n  {}",
            brief(&kids)
        );
    }
    let order: Vec<&str> = kids.iter().filter_map(task_name).collect();
    assert_eq!(
        order,
        [
            "manager_request",
            "manager_gate",
            "security_request",
            "security_gate",
            "finalize"
        ],
        "the steps ran strictly in sequence"
    );
    let finalize = of_task(&kids, "finalize")[0];
    assert_eq!(
        stdout_line(finalize),
        "manager=manager ok security=security ok",
        "the later task reads both responses"
    );
    let r = &done.result;
    assert_eq!(output(r, "outcome"), Some(&json!("approved")), "{r}");
    assert_eq!(
        output(r, "manager_response"),
        Some(&manager_response),
        "{r}"
    );
    assert_eq!(
        output(r, "security_response"),
        Some(&security_response),
        "{r}"
    );
    assert_eq!(output(r, "final_manager"), Some(&manager_response), "{r}");
    assert_eq!(output(r, "final_security"), Some(&security_response), "{r}");
    assert_released_after(&scope, wf_id, &manager_inq, MANAGER_GUARDED).await?;
    assert_released_after(&scope, wf_id, &security_inq, SECURITY_GUARDED).await?;
    Ok(())
}
