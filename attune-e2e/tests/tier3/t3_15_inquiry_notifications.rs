//! T3.15 — inquiry notifications (platform-semantics §14; Attune's
//! `tier3/test_t3_15_inquiry_notifications.py`): `inquiry_created` and `inquiry_responded` for an approval
//! workflow's inquiry (subscription `entity_type:inquiry`, an invalid filter as the barrier), and
//! `inquiry_timeout` for one with `timeout_seconds` 2; payloads carry `status` and `created_by_execution`.

use attune_client::models::InquiryStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_inquiry_status;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::SHORT;
use crate::tier3::helpers::*;
use crate::tier3::notifier::*;

fn body(timeout_seconds: i64) -> serde_json::Value {
    json!({"purpose": "approval", "prompt": "Approve the notification test?",
           "response_schema": approval_schema(), "timeout_seconds": timeout_seconds})
}

#[rstest]
#[tokio::test]
async fn t3_15_inquiry_created_and_responded_notifications(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let wf = inquiry_workflow(&scope, body(300)).await?;
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    ws.subscribe("entity_type:inquiry").await?;
    let barrier = ws.barrier().await?;
    assert!(barrier["message"].is_string(), "{barrier}");

    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    let inq = &started.inquiry;
    let created = ws
        .wait_notification("inquiry_created", "inquiry", inq.id, FRAME)
        .await?;
    assert_eq!(created["payload"]["status"], "pending", "{created}");
    assert_eq!(
        created["payload"]["created_by_execution"],
        json!(inq.created_by_execution),
        "{created}"
    );
    assert_eq!(created["payload"]["id"], inq.id, "{created}");

    scope
        .client()
        .inquiries()
        .respond(inq.id, &json!({"approved": true}))
        .await?;
    let responded = ws
        .wait_notification("inquiry_responded", "inquiry", inq.id, FRAME)
        .await?;
    assert_eq!(responded["payload"]["status"], "responded", "{responded}");
    assert_eq!(
        responded["payload"]["created_by_execution"],
        json!(inq.created_by_execution),
        "{responded}"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_15_inquiry_timeout_notification(#[future(awt)] scope: Scope) -> Result<()> {
    let wf = inquiry_workflow(&scope, body(2)).await?;
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    ws.subscribe("entity_type:inquiry").await?;
    ws.barrier().await?;

    let started = start_inquiry_workflow(&scope, &wf.r#ref).await?;
    let inq = &started.inquiry;
    let timed_out = ws
        .wait_notification(
            "inquiry_timeout",
            "inquiry",
            inq.id,
            std::time::Duration::from_secs(15),
        )
        .await?;
    assert_eq!(timed_out["payload"]["status"], "timeout", "{timed_out}");
    assert_eq!(
        timed_out["payload"]["created_by_execution"],
        json!(inq.created_by_execution),
        "{timed_out}"
    );
    wait_for_inquiry_status(scope.client(), inq.id, InquiryStatus::Timeout, SHORT).await?;
    let late = scope
        .client()
        .inquiries()
        .respond(inq.id, &json!({"approved": true}))
        .await;
    expect_status_in(late, &[400, 409], "responding after the timeout")?;
    Ok(())
}
