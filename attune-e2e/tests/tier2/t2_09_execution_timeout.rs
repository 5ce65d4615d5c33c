//! T2.9 — execution timeouts (platform-semantics §7.3, §7.4, §8).
//!
//! Execution and action `timeout_seconds` exist only in the attune-sdk 0.5.4 generation (a June 2026 server
//! ignores the field, live note G8): those cases are *not applicable* there (reported as ignored). Where they
//! apply, the effective timeout is the request's `timeout_seconds`, else the action's, snapshotted on the
//! execution, and a request timeout ≤ 0 is a 400.
//!
//! A workflow task `timeout:` works on both generations. A timed-out run is killed and reported as the
//! worker reports it (live note G9): on the June 2026 generation it ends **`failed`** with exactly
//! `{duration_ms, error: "Execution timed out after N seconds", exit_code: -1, stdout, succeeded: false}`
//! (no `timed_out` key, never status `timeout`). The newer upstream worker stores status `timeout` with
//! `timed_out: true` and otherwise the same fields, so on that generation either form is accepted. Unhandled,
//! the workflow ends `failed`; a `timed_out()` transition handles it, and `failed()` does not fire for it.

use std::time::Instant;

use attune_client::models::{CreateActionRequest, ExecuteRequest, ExecutionStatus};
use attune_testkit::fixtures::SHELL_RUNTIME;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_execution_terminal};
use attune_testkit::{ApiGeneration, Feature, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::tier2::helpers::*;

/// Sleeps far longer than any timeout used here; a timed-out run never prints "finished".
const SLOW: &str = "echo started\nsleep 20\necho finished";

#[rstest]
#[case::request_timeout(None, Some(1), 1)]
#[case::action_timeout(Some(1), None, 1)]
#[case::request_overrides_action(Some(60), Some(1), 1)]
#[case::two_seconds(None, Some(2), 2)]
#[cfg_attr(
    attune_lacks = "execution_timeouts",
    ignore = "not applicable: the target has no execution/action timeout_seconds"
)]
#[tokio::test]
async fn t2_9_execution_times_out(
    #[future(awt)] scope: Scope,
    #[case] action_timeout: Option<i32>,
    #[case] request_timeout: Option<i32>,
    #[case] effective: i32,
) -> Result<()> {
    scope.env().require(Feature::ExecutionTimeouts).await?;
    let mut req = CreateActionRequest::new(
        scope.component_ref("slow"),
        scope.pack(),
        "slow action",
        SLOW,
    )
    .with_runtime_ref(SHELL_RUNTIME);
    if let Some(t) = action_timeout {
        req = req.with_timeout_seconds(t);
    }
    let action = scope.create_action(req).await?;
    let mut exec_req = ExecuteRequest::new(action.r#ref.clone());
    exec_req.timeout_seconds = request_timeout;
    let clock = Instant::now();
    let started = scope.client().executions().execute(&exec_req).await?;
    assert_eq!(
        started.timeout_seconds,
        Some(effective),
        "the effective timeout is snapshotted on the execution at creation"
    );
    let done = wait_for_execution_terminal(scope.client(), started.id, WORKFLOW).await?;
    let elapsed = clock.elapsed().as_secs_f64();
    assert!(
        elapsed >= f64::from(effective) - 0.2 && elapsed < f64::from(effective) + 8.0,
        "timed out after {elapsed:.2}s; the timeout is {effective}s"
    );
    let generation = scope.env().profile().await?.generation;
    assert_timed_out_run(generation, &done, effective);
    Ok(())
}

#[rstest]
#[case::request_timeout_is_roomy(None, Some(10))]
#[case::action_timeout_is_roomy(Some(10), None)]
#[cfg_attr(
    attune_lacks = "execution_timeouts",
    ignore = "not applicable: the target has no execution/action timeout_seconds"
)]
#[tokio::test]
async fn t2_9_action_within_its_timeout_completes(
    #[future(awt)] scope: Scope,
    #[case] action_timeout: Option<i32>,
    #[case] request_timeout: Option<i32>,
) -> Result<()> {
    scope.env().require(Feature::ExecutionTimeouts).await?;
    let mut req = CreateActionRequest::new(
        scope.component_ref("quick"),
        scope.pack(),
        "quick action",
        "sleep 1\necho finished",
    )
    .with_runtime_ref(SHELL_RUNTIME);
    if let Some(t) = action_timeout {
        req = req.with_timeout_seconds(t);
    }
    let action = scope.create_action(req).await?;
    let mut exec_req = ExecuteRequest::new(action.r#ref.clone());
    exec_req.timeout_seconds = request_timeout;
    let started = scope.client().executions().execute(&exec_req).await?;
    let done = wait_for_execution_terminal(scope.client(), started.id, WORKFLOW).await?;
    assert_eq!(done.status, ExecutionStatus::Completed, "{}", done.result);
    assert_eq!(stdout_line(&done), "finished");
    assert_ne!(done.result.get("timed_out"), Some(&json!(true)));
    Ok(())
}

#[rstest]
#[case::zero(0)]
#[case::negative(-5)]
#[cfg_attr(
    attune_lacks = "execution_timeouts",
    ignore = "not applicable: the target has no execution/action timeout_seconds"
)]
#[tokio::test]
async fn t2_9_non_positive_request_timeout_is_rejected(
    #[future(awt)] scope: Scope,
    #[case] timeout: i32,
) -> Result<()> {
    scope.env().require(Feature::ExecutionTimeouts).await?;
    let action = scope.echo_action().await?;
    let req = ExecuteRequest::new(action.r#ref.clone()).with_timeout_seconds(timeout);
    match scope.client().executions().execute(&req).await {
        Ok(exec) => panic!(
            "timeout_seconds={timeout} was accepted: execution {}",
            exec.id
        ),
        Err(err) => assert_eq!(err.status(), Some(400), "timeout_seconds={timeout}: {err}"),
    }
    Ok(())
}

#[rstest]
#[case::unhandled_fails_workflow(false)]
#[case::timed_out_transition_handles_it(true)]
#[tokio::test]
async fn t2_9_workflow_task_timeout(
    #[future(awt)] scope: Scope,
    #[case] handled: bool,
) -> Result<()> {
    let slow = scope.shell_action("slow", SLOW, json!({})).await?;
    let echo = scope.echo_action().await?;
    let mut task = json!({
        "name": "slow_task",
        "action": slow.r#ref,
        "input": {},
        "timeout": 1,
        "next": [{"when": "{{ succeeded() }}", "do": ["after"]}]
    });
    if handled {
        let next = task["next"].as_array_mut().expect("next is an array");
        next.push(json!({"when": "{{ timed_out() }}", "do": ["on_timeout"]}));
        next.push(json!({"when": "{{ failed() }}", "do": ["on_failure"]}));
    }
    let mut builder = scope
        .workflow("tasktimeout")
        .raw_task(task)
        .raw_task(json!({"name": "after", "action": echo.r#ref, "input": {"message": "after"}}));
    if handled {
        // Only added when a transition targets it; untargeted it would be an entry task.
        builder = builder
            .raw_task(
                json!({"name": "on_timeout", "action": echo.r#ref, "input": {"message": "timed out"}}),
            )
            .raw_task(
                json!({"name": "on_failure", "action": echo.r#ref, "input": {"message": "failed"}}),
            );
    }
    let workflow = builder.create().await?;

    let clock = Instant::now();
    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let parent = if handled {
        run_to_end_from(&scope, started.id).await?
    } else {
        wait_for_execution_status(
            scope.client(),
            started.id,
            ExecutionStatus::Failed,
            WORKFLOW,
        )
        .await?
    };
    assert!(
        clock.elapsed().as_secs_f64() < 12.0,
        "the 1 s task timeout ended the run early"
    );
    let kids = children(&scope, parent.id).await?;
    let slow_runs = of_task(&kids, "slow_task");
    assert_eq!(slow_runs.len(), 1, "{}", brief(&kids));
    let child = slow_runs[0];
    let generation = scope.env().profile().await?.generation;
    assert_timed_out_run(generation, child, 1);
    let meta = child.workflow_task.clone().unwrap_or_default();
    assert_eq!(
        meta.timeout_seconds,
        Some(1),
        "workflow_task.timeout_seconds"
    );
    assert!(
        of_task(&kids, "after").is_empty(),
        "succeeded() does not fire on a timeout"
    );
    if handled {
        let handlers = of_task(&kids, "on_timeout");
        assert_eq!(
            handlers.len(),
            1,
            "the timed_out() transition ran:\n  {}",
            brief(&kids)
        );
        assert_eq!(handlers[0].status, ExecutionStatus::Completed);
        assert!(
            of_task(&kids, "on_failure").is_empty(),
            "failed() does not fire for a timed-out task:\n  {}",
            brief(&kids)
        );
        assert!(
            matches!(parent.status, ExecutionStatus::Completed | ExecutionStatus::Failed),
            "a handled timeout ends the workflow completed or failed (platform-semantics §16.3), got '{}'",
            parent.status
        );
    } else {
        assert_eq!(parent.status, ExecutionStatus::Failed);
        assert_eq!(
            kids.len(),
            1,
            "nothing ran after the timed-out task:\n  {}",
            brief(&kids)
        );
    }
    Ok(())
}

/// Checks a run killed by a timeout of `secs` seconds, as the target's generation reports it.
fn assert_timed_out_run(
    generation: ApiGeneration,
    run: &attune_client::models::Execution,
    secs: i32,
) {
    let result = &run.result;
    let error = json!(format!("Execution timed out after {secs} seconds"));
    let older_form = run.status == ExecutionStatus::Failed && result.get("timed_out").is_none();
    let newer_form =
        run.status == ExecutionStatus::Timeout && result.get("timed_out") == Some(&json!(true));
    if generation == ApiGeneration::June2026 {
        assert!(
            older_form,
            "a timed-out run ends `failed` without a `timed_out` key (live note G9): '{}' {result}",
            run.status
        );
    } else {
        assert!(
            older_form || newer_form,
            "a timed-out run ends `failed` (no `timed_out` key) or `timeout` with `timed_out: true`: '{}' {result}",
            run.status
        );
    }
    assert_eq!(result["error"], error, "{result}");
    assert_eq!(result["succeeded"], json!(false), "{result}");
    assert_eq!(run.exit_code(), Some(-1), "{result}");
    assert!(
        result["duration_ms"]
            .as_i64()
            .is_some_and(|ms| ms >= i64::from(secs) * 1000 - 200),
        "duration_ms covers the {secs}s timeout: {result}"
    );
    assert_eq!(
        result["stdout"].as_str(),
        Some("started\n"),
        "the process was killed after its first line: {result}"
    );
    let mut keys: Vec<&str> = result
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.retain(|k| *k != "timed_out" && *k != "stderr_log");
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["duration_ms", "error", "exit_code", "stdout", "succeeded"],
        "the fields of a timed-out run's result: {result}"
    );
}

async fn run_to_end_from(scope: &Scope, id: i64) -> Result<attune_client::models::Execution> {
    Ok(wait_for_execution_terminal(scope.client(), id, WORKFLOW).await?)
}
