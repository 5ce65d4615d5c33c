//! T2.7 — inquiry timeout inside a workflow, built for the target's generation (`support::inquiry`): an
//! unanswered inquiry reaches `timeout` (response null) and the workflow takes its `timed_out()` path without
//! a guarded child execution — on June 2026 the `core.ask` execution itself ends `timeout` with
//! `{"error": "inquiry timed out", "__inquiry_id": <id>}` and `workflow_task.timed_out = true` (live note
//! G2); on attune-sdk 0.5.4 the `wait_for` task ends with a logical `timed_out()` outcome. A response before
//! the timeout releases the guarded task; a late response is refused (platform-semantics §8 "Human
//! approval", §9; Attune's own `tier2/test_t2_07_inquiry_timeout.py`, `tier3/test_t3_15_inquiry_notifications.py`).

use attune_client::models::{ExecutionStatus, InquiryStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_inquiry_status};
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::tier2::helpers::*;

fn body(timeout_seconds: i64) -> serde_json::Value {
    json!({"purpose": "approval", "prompt": "Approve before the deadline?",
           "response_schema": approval_schema(), "timeout_seconds": timeout_seconds})
}

#[rstest]
#[tokio::test]
async fn t2_7_timeout_takes_timed_out_transition_without_guarded_child(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let flow = InquiryFlow::of(&scope).await?;
    let wf = inquiry_workflow(&scope, body(2)).await?;
    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    match flow {
        InquiryFlow::CoreAsk => assert_eq!(started.inquiry.execution, started.creator.id),
        InquiryFlow::ExecutionToken => assert_eq!(
            started.inquiry.created_by_execution,
            Some(started.creator.id)
        ),
    }
    assert!(
        started.inquiry.timeout_at.is_some(),
        "timeout_seconds sets timeout_at"
    );
    let inq_id = started.inquiry.id;

    let timed_out =
        wait_for_inquiry_status(scope.client(), inq_id, InquiryStatus::Timeout, INQUIRY).await?;
    assert!(timed_out.response.is_none(), "{:?}", timed_out.response);

    let done = wait_for_execution_status(
        scope.client(),
        started.workflow.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    assert!(
        of_task(&kids, "guarded_task").is_empty(),
        "no guarded child: {}",
        brief(&kids)
    );
    if flow == InquiryFlow::CoreAsk {
        let ask = of_task(&kids, "request_inquiry");
        assert_eq!(ask.len(), 1, "{}", brief(&kids));
        assert_eq!(
            ask[0].status,
            ExecutionStatus::Timeout,
            "the core.ask execution times out with its inquiry: {}",
            ask[0].result
        );
        assert_eq!(
            ask[0].result,
            json!({"error": "inquiry timed out", "__inquiry_id": inq_id}),
            "the timed-out core.ask result"
        );
        assert_eq!(
            ask[0].workflow_task.as_ref().and_then(|t| t.timed_out),
            Some(true),
            "workflow_task.timed_out of the core.ask execution"
        );
    }
    let handlers = of_task(&kids, "timeout_handler");
    assert_eq!(handlers.len(), 1, "{}", brief(&kids));
    assert_eq!(handlers[0].status, ExecutionStatus::Completed);
    assert!(
        of_task(&kids, "approved_handler").is_empty(),
        "{}",
        brief(&kids)
    );
    assert!(
        of_task(&kids, "denied_handler").is_empty(),
        "{}",
        brief(&kids)
    );
    assert_eq!(
        output(&done.result, "outcome"),
        Some(&json!("timeout")),
        "{}",
        done.result
    );

    // A late response is refused (Attune: 409; older servers 400) and changes nothing.
    let err = scope
        .client()
        .inquiries()
        .respond(inq_id, &json!({"approved": true}))
        .await
        .expect_err("a response after the timeout must be refused");
    assert!(
        matches!(err.status(), Some(409) | Some(400)),
        "late response: {err}"
    );
    let after = scope.client().inquiries().get(inq_id).await?;
    assert_eq!(after.status, InquiryStatus::Timeout);
    assert!(after.response.is_none());
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_7_response_before_timeout_releases_guarded_task(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let wf = inquiry_workflow(&scope, body(10)).await?;
    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    let inq_id = started.inquiry.id;
    let answered = scope
        .client()
        .inquiries()
        .respond(inq_id, &json!({"approved": true}))
        .await?;
    assert_eq!(answered.status, InquiryStatus::Responded);
    wait_for_inquiry_status(scope.client(), inq_id, InquiryStatus::Responded, INQUIRY).await?;

    let done = wait_for_execution_status(
        scope.client(),
        started.workflow.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    let guarded = of_task(&kids, "guarded_task");
    assert_eq!(guarded.len(), 1, "{}", brief(&kids));
    assert_eq!(guarded[0].status, ExecutionStatus::Completed);
    assert!(
        of_task(&kids, "timeout_handler").is_empty(),
        "{}",
        brief(&kids)
    );
    assert_eq!(
        of_task(&kids, "approved_handler").len(),
        1,
        "{}",
        brief(&kids)
    );
    assert_eq!(
        output(&done.result, "outcome"),
        Some(&json!("approved")),
        "{}",
        done.result
    );
    // Once answered, the inquiry no longer times out.
    let after = scope.client().inquiries().get(inq_id).await?;
    assert_eq!(after.status, InquiryStatus::Responded);
    Ok(())
}
