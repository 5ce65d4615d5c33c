//! T3.23 — execution cancellation (platform-semantics §13, api-contract §2.12): a running execution goes
//! `canceling` at once and `cancelled` when the worker has stopped the process, with
//! `{succeeded: false, cancelled: true, error: "Execution cancelled by user"}`; one that has not started yet
//! becomes `cancelled` immediately; a finished one cannot be cancelled (409); an unknown id is 404.

use attune_client::models::{Execution, ExecutionStatus, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    wait_for_children, wait_for_execution_status, wait_for_execution_terminal,
};
use attune_testkit::{CountOp, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

#[rstest]
#[case::sleep_30s("sleep 30")]
#[case::sleep_after_output("echo started\nsleep 30\necho never")]
#[tokio::test]
async fn t3_23_cancelling_a_running_execution(
    #[future(awt)] scope: Scope,
    #[case] script: &str,
) -> Result<()> {
    let action = scope.shell_action("long", script, json!({})).await?;
    let exec = scope.execute(&action.r#ref, json!({})).await?;
    wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Running, SHORT).await?;

    let answer = scope.client().executions().cancel(exec.id).await?;
    assert_eq!(answer.id, exec.id);
    assert_eq!(
        answer.status,
        ExecutionStatus::Canceling,
        "a running execution is 'canceling' until the worker stops it"
    );

    let done =
        wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Cancelled, SHORT)
            .await?;
    assert_eq!(done.result["cancelled"], true, "{}", done.result);
    assert_eq!(done.result["succeeded"], false, "{}", done.result);
    assert_eq!(
        done.result["error"], "Execution cancelled by user",
        "{}",
        done.result
    );
    let ms = done.result["duration_ms"].as_u64().unwrap_or(u64::MAX);
    assert!(
        ms < 30_000,
        "the process was stopped, not waited for: duration_ms {ms}"
    );
    assert!(
        !done.stdout().unwrap_or_default().contains("never"),
        "nothing after the sleep ran: {}",
        done.result
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_23_cancelling_before_start_is_immediate(#[future(awt)] scope: Scope) -> Result<()> {
    // with_items creates every child at once as `requested` and dispatches `concurrency` (1) of them, so the
    // last item's child is reliably not started yet (platform-semantics §8).
    // `with_items` is a template over the workflow's parameters (a real Attune does not schedule a literal
    // array).
    let nap = scope.sleep_action(2.0).await?;
    let wf = scope
        .workflow("queue")
        .param_schema(json!({"items": {"type": "array", "required": true}}))
        .with_items_task(
            "each",
            &nap.r#ref,
            json!("{{ parameters.items }}"),
            Some(1),
            json!({}),
        )
        .create()
        .await?;
    let parent = scope
        .execute(&wf.r#ref, json!({"items": [1, 2, 3]}))
        .await?;
    let kids = wait_for_children(scope.client(), parent.id, CountOp::AtLeast, 3, SHORT).await?;
    let mut waiting: Vec<Execution> = Vec::new();
    for k in &kids {
        let full = scope.client().executions().get(k.id).await?;
        if full.status == ExecutionStatus::Requested {
            waiting.push(full);
        }
    }
    waiting.sort_by_key(|e| {
        e.workflow_task
            .as_ref()
            .and_then(|t| t.task_index)
            .unwrap_or(0)
    });
    let target = waiting.last().cloned();
    let target = match target {
        Some(t) => t,
        None => return fail(format!("no child still 'requested' among {kids:?}")),
    };

    let answer = scope.client().executions().cancel(target.id).await?;
    assert_eq!(
        answer.status,
        ExecutionStatus::Cancelled,
        "a not-yet-started execution is cancelled at once"
    );
    assert_eq!(
        answer.result["error"], "Cancelled by user before execution started",
        "{}",
        answer.result
    );
    let again = scope.client().executions().get(target.id).await?;
    assert_eq!(again.status, ExecutionStatus::Cancelled);
    assert!(again.started_at.is_none(), "it never started");

    // Cancelling the workflow cascades; the whole tree ends.
    scope.client().executions().cancel(parent.id).await?;
    let ended = wait_for_execution_terminal(scope.client(), parent.id, SHORT).await?;
    assert!(
        ended.status.is_failure(),
        "the cancelled workflow does not complete: {}",
        ended.status
    );
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Finished {
    Completed,
    Failed,
    Cancelled,
}

#[rstest]
#[case::completed(Finished::Completed)]
#[case::failed(Finished::Failed)]
#[case::already_cancelled(Finished::Cancelled)]
#[tokio::test]
async fn t3_23_a_finished_execution_cannot_be_cancelled(
    #[future(awt)] scope: Scope,
    #[case] how: Finished,
) -> Result<()> {
    let done = match how {
        Finished::Completed => {
            scope
                .run(&scope.echo_action().await?.r#ref, json!({}), SHORT)
                .await?
        }
        Finished::Failed => {
            scope
                .run(
                    &scope.failing_action(4, "boom").await?.r#ref,
                    json!({}),
                    SHORT,
                )
                .await?
        }
        Finished::Cancelled => {
            let nap = scope.sleep_action(30.0).await?;
            let exec = scope.execute(&nap.r#ref, json!({})).await?;
            wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Running, SHORT)
                .await?;
            scope.client().executions().cancel(exec.id).await?;
            wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Cancelled, SHORT)
                .await?
        }
    };
    assert!(done.status.is_terminal());
    let err = expect_status(
        scope.client().executions().cancel(done.id).await,
        409,
        "cancelling a finished execution",
    )?;
    assert_eq!(err.code(), Some("CONFLICT"), "{err}");
    let after = scope.client().executions().get(done.id).await?;
    assert_eq!(after.status, done.status, "the status is unchanged");
    assert_eq!(after.result, done.result, "the result is unchanged");
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_23_cancelling_an_unknown_execution_is_404(#[future(awt)] scope: Scope) -> Result<()> {
    let newest = scope
        .client()
        .executions()
        .list(&ListExecutionsParams {
            per_page: Some(1),
            ..Default::default()
        })
        .await?
        .items
        .first()
        .map(|e| e.id)
        .unwrap_or(0);
    expect_status(
        scope.client().executions().cancel(newest + 1_000_000).await,
        404,
        "cancelling an unknown id",
    )?;
    Ok(())
}
