//! T2.6 — approval workflow (human in the loop), built for the target's generation (`support::inquiry`):
//! on June 2026 a `core.ask` task creates an inquiry for its own execution and stays `running` until the
//! response, then completes with `{"response", "__inquiry_id", "__inquiry_created_published"}`; on
//! attune-sdk 0.5.4 a task creates the inquiry with its execution token and a later task guarded by
//! `wait_for: {inquiry: "{{ task.request_inquiry.inquiry_id }}"}` is held. Either way the task after the ask
//! gets no child execution while the inquiry is pending, and a valid response releases it; its transitions
//! read the response (platform-semantics §8 "Human approval", §9; api-contract §2.13; live note G2; Attune's
//! own `tier2/test_t2_06_inquiry.py`).

use std::time::Duration;

use attune_client::models::{ExecutionStatus, InquiryStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_inquiry_status};
use attune_testkit::{hold_for, Feature, Probe, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier2::helpers::*;

/// Checks the inquiry metadata: the asking execution (`core.ask` flow) or the execution token's
/// creator and workflow task (token flow).
fn assert_creation_metadata(flow: InquiryFlow, started: &StartedInquiry) {
    let (wf, creator, inq) = (&started.workflow, &started.creator, &started.inquiry);
    assert_eq!(
        creator.parent,
        Some(wf.id),
        "the creator runs inside the workflow"
    );
    match flow {
        InquiryFlow::CoreAsk => {
            assert_eq!(creator.action_ref, "core.ask");
            assert_eq!(
                inq.execution, creator.id,
                "the inquiry belongs to the asking execution: {inq:?}"
            );
        }
        InquiryFlow::ExecutionToken => {
            assert_eq!(inq.created_by_execution, Some(creator.id), "{inq:?}");
            assert!(inq.workflow_execution.is_some(), "{inq:?}");
            assert_eq!(
                inq.workflow_task_name.as_deref(),
                Some("request_inquiry"),
                "{inq:?}"
            );
        }
    }
    assert_eq!(inq.status, InquiryStatus::Pending);
    assert!(inq.response.is_none());
}

/// While the inquiry is pending: the token flow's creator has finished, the `core.ask` execution stays
/// `running`; the guarded task stays without a child and the inquiry stays pending.
async fn assert_guarded_task_waits(
    scope: &Scope,
    flow: InquiryFlow,
    started: &StartedInquiry,
) -> Result<()> {
    let creator_id = started.creator.id;
    match flow {
        InquiryFlow::ExecutionToken => {
            let creator = wait_for_execution_status(
                scope.client(),
                creator_id,
                ExecutionStatus::Completed,
                WORKFLOW,
            )
            .await?;
            assert!(
                creator.result.to_string().contains("inquiry_id"),
                "{}",
                creator.result
            );
        }
        InquiryFlow::CoreAsk => {
            let creator = scope.client().executions().get(creator_id).await?;
            assert_eq!(
                creator.status,
                ExecutionStatus::Running,
                "the asking execution is paused: {}",
                creator.result
            );
            assert_eq!(
                creator.result,
                json!({"inquiry_id": started.inquiry.id, "status": "pending"}),
                "the pending core.ask result"
            );
        }
    }
    let (wf_id, inq_id) = (started.workflow.id, started.inquiry.id);
    hold_for(
        "no guarded_task child while the inquiry is pending",
        Duration::from_secs(1),
        Duration::from_millis(200),
        || async move {
            let kids = match children(scope, wf_id).await {
                Ok(k) => k,
                Err(e) => return Probe::Fail(format!("listing children failed: {e}")),
            };
            if !of_task(&kids, "guarded_task").is_empty() {
                return Probe::Fail(format!("guarded child exists: {}", brief(&kids)));
            }
            if flow == InquiryFlow::CoreAsk {
                match of_task(&kids, "request_inquiry").as_slice() {
                    [ask] if ask.status == ExecutionStatus::Running => {}
                    other => {
                        return Probe::Fail(format!(
                            "the core.ask execution is no longer paused: {}",
                            brief(&other.iter().map(|e| (*e).clone()).collect::<Vec<_>>())
                        ))
                    }
                }
            }
            match scope.client().inquiries().get(inq_id).await {
                Ok(i) if i.status == InquiryStatus::Pending => Probe::Ready(()),
                Ok(i) => Probe::Fail(format!("inquiry {inq_id} is '{}'", i.status)),
                Err(e) => Probe::Fail(format!("reading inquiry failed: {e}")),
            }
        },
    )
    .await?;
    let wf = scope.client().executions().get(wf_id).await?;
    assert!(
        !matches!(
            wf.status,
            ExecutionStatus::Completed | ExecutionStatus::Failed | ExecutionStatus::Cancelled
        ),
        "the workflow keeps running while waiting (no `paused` status): {}",
        wf.status
    );
    Ok(())
}

/// The inquiry creation body of these tests (token flow; the `core.ask` flow takes `prompt`, `response_schema`).
fn approval_body(schema: Value) -> Value {
    json!({
        "purpose": "approval",
        "prompt": "Approve the E2E deployment?",
        "response_schema": schema,
        "response_options": [
            {"ref": "approve", "label": "Approve", "style": "primary", "response": {"approved": true}},
            {"ref": "reject", "label": "Reject", "style": "danger", "response": {"approved": false}}
        ],
        "timeout_seconds": 300
    })
}

#[rstest]
#[case::approved(
    json!({"approved": {"type": "boolean", "required": true}, "comment": {"type": "string"}}),
    json!({"approved": true, "comment": "Approved by E2E"}),
    "approved"
)]
#[case::denied(
    json!({"approved": {"type": "boolean", "required": true},
           "priority": {"type": "string", "enum": ["low", "high"], "required": true}}),
    json!({"approved": false, "priority": "low"}),
    "denied"
)]
#[tokio::test]
async fn t2_6_response_releases_guarded_workflow_task(
    #[future(awt)] scope: Scope,
    #[case] schema: Value,
    #[case] valid: Value,
    #[case] outcome: &str,
) -> Result<()> {
    let flow = InquiryFlow::of(&scope).await?;
    let wf = inquiry_workflow(&scope, approval_body(schema)).await?;
    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    assert_creation_metadata(flow, &started);
    assert_guarded_task_waits(&scope, flow, &started).await?;
    let inq_id = started.inquiry.id;

    let answered = scope.client().inquiries().respond(inq_id, &valid).await?;
    assert_eq!(answered.status, InquiryStatus::Responded);
    let stored =
        wait_for_inquiry_status(scope.client(), inq_id, InquiryStatus::Responded, INQUIRY).await?;
    assert_eq!(
        stored.response.as_ref(),
        Some(&valid),
        "the response is stored verbatim"
    );

    let done = wait_for_execution_status(
        scope.client(),
        started.workflow.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    if flow == InquiryFlow::CoreAsk {
        let ask = of_task(&kids, "request_inquiry");
        assert_eq!(ask.len(), 1, "{}", brief(&kids));
        assert_eq!(
            ask[0].status,
            ExecutionStatus::Completed,
            "{}",
            brief(&kids)
        );
        assert_eq!(
            ask[0].result,
            json!({"response": valid, "__inquiry_id": inq_id, "__inquiry_created_published": true}),
            "the answered core.ask execution's result"
        );
    }
    let guarded = of_task(&kids, "guarded_task");
    assert_eq!(guarded.len(), 1, "{}", brief(&kids));
    assert_eq!(
        guarded[0].status,
        ExecutionStatus::Completed,
        "{}",
        brief(&kids)
    );
    assert_eq!(
        output(&done.result, "outcome"),
        Some(&json!(outcome)),
        "{}",
        done.result
    );
    assert_eq!(
        output(&done.result, "response"),
        Some(&valid),
        "{}",
        done.result
    );

    let (ran, skipped) = if outcome == "approved" {
        ("approved_handler", "denied_handler")
    } else {
        ("denied_handler", "approved_handler")
    };
    let handlers = of_task(&kids, ran);
    assert_eq!(handlers.len(), 1, "{}", brief(&kids));
    assert_eq!(handlers[0].status, ExecutionStatus::Completed);
    assert!(of_task(&kids, skipped).is_empty(), "{}", brief(&kids));
    assert!(
        of_task(&kids, "timeout_handler").is_empty(),
        "{}",
        brief(&kids)
    );
    Ok(())
}

#[rstest]
#[case::wrong_types(
    json!({"approved": {"type": "boolean", "required": true}, "comment": {"type": "string"}}),
    json!({"approved": "yes", "comment": 5})
)]
#[case::not_in_enum(
    json!({"approved": {"type": "boolean", "required": true},
           "priority": {"type": "string", "enum": ["low", "high"], "required": true}}),
    json!({"approved": "yes", "priority": "urgent"})
)]
#[cfg_attr(
    attune_lacks = "inquiry_response_validation",
    ignore = "not applicable: the target (June 2026 API generation) stores inquiry responses without checking them against response_schema"
)]
#[tokio::test]
async fn t2_6_response_violating_schema_is_refused(
    #[future(awt)] scope: Scope,
    #[case] schema: Value,
    #[case] invalid: Value,
) -> Result<()> {
    scope
        .env()
        .require(Feature::InquiryResponseValidation)
        .await?;
    let wf = inquiry_workflow(&scope, approval_body(schema)).await?;
    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    let inq_id = started.inquiry.id;

    // A response violating the schema is refused with 422 and releases nothing.
    let err = scope
        .client()
        .inquiries()
        .respond(inq_id, &invalid)
        .await
        .expect_err("a response violating the schema must be refused");
    assert_eq!(err.status(), Some(422), "{err}");
    let still = scope.client().inquiries().get(inq_id).await?;
    assert_eq!(still.status, InquiryStatus::Pending);
    let kids = children(&scope, started.workflow.id).await?;
    assert!(
        of_task(&kids, "guarded_task").is_empty(),
        "{}",
        brief(&kids)
    );

    // Let the workflow finish rather than leave it waiting.
    scope
        .client()
        .inquiries()
        .respond(inq_id, &json!({"approved": true, "priority": "low"}))
        .await?;
    wait_for_execution_status(
        scope.client(),
        started.workflow.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_6_list_filters_by_creator_execution(#[future(awt)] scope: Scope) -> Result<()> {
    let flow = InquiryFlow::of(&scope).await?;
    let wf = inquiry_workflow(
        &scope,
        json!({"purpose": "approval", "prompt": "Approve?", "response_schema": approval_schema(),
               "timeout_seconds": 300}),
    )
    .await?;
    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    assert_creation_metadata(flow, &started);
    let listed = inquiries_created_by(&scope, started.creator.id, None).await?;
    assert_eq!(listed, vec![started.inquiry.id]);

    // Let the workflow finish rather than leave it waiting.
    scope
        .client()
        .inquiries()
        .respond(started.inquiry.id, &json!({"approved": true}))
        .await?;
    let done = wait_for_execution_status(
        scope.client(),
        started.workflow.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    assert_eq!(
        output(&done.result, "outcome"),
        Some(&json!("approved")),
        "{}",
        done.result
    );
    Ok(())
}
