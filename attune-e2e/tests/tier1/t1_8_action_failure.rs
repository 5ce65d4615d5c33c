//! T1.8 — action failures: a non-zero exit ends `failed` with `result.exit_code`; the error text comes from
//! stderr; a failure is not a timeout; failures are independent; the platform keeps working afterwards.

use std::time::Duration;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_terminal_executions};
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

#[rstest]
#[case::exit_1(1)]
#[case::exit_2(2)]
#[case::exit_127(127)]
#[case::exit_255(255)]
#[tokio::test]
async fn t1_8_exit_code_ends_failed(#[future(awt)] scope: Scope, #[case] code: i32) -> Result<()> {
    let action = scope
        .failing_action(code, &format!("intentional failure {code}"))
        .await?;
    let started = scope.execute(&action.r#ref, json!({})).await?;
    let exec =
        wait_for_execution_status(scope.client(), started.id, ExecutionStatus::Failed, SHORT)
            .await?;
    assert_eq!(exec.result["exit_code"], code, "result: {}", exec.result);
    assert_eq!(exec.result["succeeded"], false);
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_8_error_text_comes_from_stderr_and_is_not_a_timeout(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let action = scope.failing_action(3, "boom: the disk is on fire").await?;
    let exec = scope.run(&action.r#ref, json!({}), SHORT).await?;
    assert_eq!(exec.status, ExecutionStatus::Failed);
    let error = exec.result["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("boom: the disk is on fire"),
        "result.error = {error:?}"
    );
    assert!(
        !error.to_lowercase().contains("timed out"),
        "a plain failure is not a timeout: {error:?}"
    );
    assert_ne!(exec.result["timed_out"], true);
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_8_failures_are_independent(#[future(awt)] scope: Scope) -> Result<()> {
    let webhook = scope.webhook_trigger().await?;
    let action = scope.failing_action(1, "always fails").await?;
    let rule = scope
        .rule(&webhook.trigger_ref, &action.r#ref)
        .create()
        .await?;
    for i in 0..3 {
        webhook.fire(json!({"attempt": i})).await?;
    }
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), 3, SHORT).await?;
    assert_eq!(
        execs.len(),
        3,
        "one execution per event, none lost or merged"
    );
    assert!(
        execs.iter().all(|e| e.status == ExecutionStatus::Failed),
        "{execs:?}"
    );
    let enforcements = attune_testkit::waiters::all_enforcements(
        scope.client(),
        &enforcements_of_rule(&rule.r#ref),
    )
    .await?;
    assert_eq!(enforcements.len(), 3);
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_8_system_keeps_working_after_failures(#[future(awt)] scope: Scope) -> Result<()> {
    let failing = scope.failing_action(1, "first this fails").await?;
    for _ in 0..2 {
        let exec = scope.run(&failing.r#ref, json!({}), SHORT).await?;
        assert_eq!(exec.status, ExecutionStatus::Failed);
    }
    let echo = scope.echo_action().await?;
    let exec = scope
        .run(
            &echo.r#ref,
            json!({"message": "still alive"}),
            Duration::from_secs(30),
        )
        .await?;
    assert_eq!(
        exec.status,
        ExecutionStatus::Completed,
        "result: {}",
        exec.result
    );
    assert_eq!(exec.result["stdout"], "still alive\n");
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_8_failed_execution_reports_the_status_path(#[future(awt)] scope: Scope) -> Result<()> {
    let action = scope.failing_action(1, "nope").await?;
    let started = scope.execute(&action.r#ref, json!({})).await?;
    assert_eq!(
        started.status,
        ExecutionStatus::Requested,
        "a new execution starts 'requested'"
    );
    let exec =
        wait_for_execution_status(scope.client(), started.id, ExecutionStatus::Failed, SHORT)
            .await?;
    assert!(
        exec.started_at.is_some(),
        "the worker stamped started_at before it failed"
    );
    assert!(exec.updated >= exec.created);
    Ok(())
}
