//! T2.8 — retries. Top-level actions have no retry policy (an ordinary failure is final); workflow tasks take
//! `retry: {count, delay, backoff: constant|linear|exponential}`: a failed child is re-run as a **new** child
//! execution with `workflow_task.retry_count` incremented and `original_execution` = the first attempt. The
//! retry row is created at once with `workflow_task.next_retry_at` = now + the backoff delay and is started
//! after that moment (live note G7); the task's transitions only see the final attempt (platform-semantics
//! §7.6, api-contract §2.12 / §2.16).

use std::time::Duration;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{all_executions, wait_for_execution_status};
use attune_testkit::{hold_for, unique_ref, Probe, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::by_action;
use crate::tier2::helpers::*;

/// Fails (exit 1) the first time it runs for a marker file, succeeds the second time.
const FLAKY: &str = r#"if [ -f "$marker" ]; then rm -f "$marker"; echo "second attempt ok"; exit 0; fi
touch "$marker"
echo "first attempt fails" >&2
exit 1"#;

#[rstest]
#[case::one_retry(1)]
#[case::two_retries(2)]
#[tokio::test]
async fn t2_8_task_retried_until_count_then_workflow_fails(
    #[future(awt)] scope: Scope,
    #[case] count: u32,
) -> Result<()> {
    let fail = scope.failing_action(4, "always broken").await?;
    let echo = scope.echo_action().await?;
    let workflow = scope
        .workflow("retryfail")
        .raw_task(json!({
            "name": "flaky",
            "action": fail.r#ref,
            "input": {},
            "retry": {"count": count, "delay": 0},
            "next": [{"when": "{{ succeeded() }}", "do": ["after"]}]
        }))
        .raw_task(json!({"name": "after", "action": echo.r#ref, "input": {"message": "after"}}))
        .create()
        .await?;

    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Failed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    let attempts = of_task(&kids, "flaky");
    assert_eq!(
        attempts.len() as u32,
        count + 1,
        "the first run plus {count} retries, each a new child execution:\n  {}",
        brief(&kids)
    );
    assert_original_execution(&attempts);
    let counts: Vec<i32> = attempts.iter().map(|e| retry_count(e)).collect();
    assert_eq!(
        counts,
        (0..=count as i32).collect::<Vec<_>>(),
        "workflow_task.retry_count per attempt"
    );
    for attempt in &attempts {
        assert_eq!(
            attempt.status,
            ExecutionStatus::Failed,
            "attempt #{}: {}",
            attempt.id,
            attempt.result
        );
        assert_eq!(attempt.exit_code(), Some(4));
        let meta = attempt.workflow_task.clone().unwrap_or_default();
        assert_eq!(
            meta.max_retries,
            Some(count as i32),
            "workflow_task.max_retries of #{}",
            attempt.id
        );
    }
    assert!(
        of_task(&kids, "after").is_empty(),
        "the succeeded() branch never ran:\n  {}",
        brief(&kids)
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_8_task_succeeds_on_second_attempt(#[future(awt)] scope: Scope) -> Result<()> {
    let flaky = scope
        .shell_action(
            "flaky",
            FLAKY,
            json!({"marker": {"type": "string", "required": true}}),
        )
        .await?;
    let echo = scope.echo_action().await?;
    let marker = std::env::temp_dir().join(format!("{}.marker", unique_ref("retry")));
    let workflow = scope
        .workflow("retryok")
        .param_schema(json!({"marker": {"type": "string", "required": true}}))
        .raw_task(json!({
            "name": "flaky",
            "action": flaky.r#ref,
            "input": {"marker": "{{ parameters.marker }}"},
            "retry": {"count": 3, "delay": 0},
            "next": [
                {"when": "{{ succeeded() }}", "do": ["after"]},
                {"when": "{{ failed() }}", "do": ["on_failure"]}
            ]
        }))
        .raw_task(json!({"name": "after", "action": echo.r#ref, "input": {"message": "after"}}))
        .raw_task(
            json!({"name": "on_failure", "action": echo.r#ref, "input": {"message": "failed"}}),
        )
        .create()
        .await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"marker": marker.to_string_lossy()}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    let attempts = of_task(&kids, "flaky");
    assert_eq!(
        attempts.len(),
        2,
        "one failure, one successful retry, no more:\n  {}",
        brief(&kids)
    );
    assert_eq!(attempts[0].status, ExecutionStatus::Failed);
    assert_eq!(retry_count(attempts[0]), 0);
    assert_eq!(attempts[1].status, ExecutionStatus::Completed);
    assert_eq!(retry_count(attempts[1]), 1);
    assert_eq!(stdout_line(attempts[1]), "second attempt ok");
    assert_eq!(
        of_task(&kids, "after").len(),
        1,
        "transitions see the final (successful) attempt"
    );
    assert!(
        of_task(&kids, "on_failure").is_empty(),
        "the failed() transition did not fire for the retried failure:\n  {}",
        brief(&kids)
    );
    Ok(())
}

#[rstest]
#[case::constant("constant", [1.0, 1.0])]
#[case::linear("linear", [1.0, 2.0])]
#[case::exponential("exponential", [1.0, 2.0])]
#[tokio::test]
async fn t2_8_retry_delay_and_backoff(
    #[future(awt)] scope: Scope,
    #[case] backoff: &str,
    #[case] delays: [f64; 2],
) -> Result<()> {
    let fail = scope.failing_action(1, "still broken").await?;
    let workflow = scope
        .workflow("backoff")
        .raw_task(json!({
            "name": "flaky",
            "action": fail.r#ref,
            "input": {},
            "retry": {"count": 2, "delay": 1, "backoff": backoff}
        }))
        .create()
        .await?;
    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Failed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    let attempts = of_task(&kids, "flaky");
    assert_eq!(attempts.len(), 3, "{}", brief(&kids));
    assert_original_execution(&attempts);
    for (n, delay) in delays.iter().enumerate() {
        let (before, retry) = (attempts[n], attempts[n + 1]);
        let meta = retry.workflow_task.clone().unwrap_or_default();
        let Some(next_retry_at) = meta.next_retry_at else {
            panic!(
                "retry #{} has no workflow_task.next_retry_at: {:?}",
                retry.id, retry.workflow_task
            );
        };
        // The retry row is created at once, when the attempt before it fails, not when it is due: before the
        // delay has passed (how much sooner is the executor's latency, which a busy machine stretches) ...
        let created_after = secs(ended_at(before), retry.created);
        assert!(
            (-0.5..*delay).contains(&created_after),
            "{backoff}: retry {} was created {created_after:.2}s after attempt {n} ended; the row is created at once",
            n + 1
        );
        // ... names the moment it is due (`now + delay`) ...
        let due_in = secs(retry.created, next_retry_at);
        assert!(
            (delay - 0.3..=delay + 0.3).contains(&due_in),
            "{backoff}: retry {} is due {due_in:.2}s after its creation (next_retry_at {next_retry_at}); expected {delay}s",
            n + 1
        );
        // ... and only starts once that moment has come.
        let started = retry
            .started_at
            .or(meta.started_at)
            .unwrap_or_else(|| panic!("retry #{} has no start time", retry.id));
        let late = secs(next_retry_at, started);
        assert!(
            (-0.1..=2.5).contains(&late),
            "{backoff}: retry {} started {late:.2}s after its next_retry_at ({next_retry_at}); it starts after the delay",
            n + 1
        );
    }
    Ok(())
}

/// Retry rows carry `original_execution` = the first attempt; the first attempt has none.
fn assert_original_execution(attempts: &[&attune_client::models::Execution]) {
    let first = attempts[0].id;
    assert_eq!(
        attempts[0].original_execution, None,
        "the first attempt #{first} is an original"
    );
    for retry in &attempts[1..] {
        assert_eq!(
            retry.original_execution,
            Some(first),
            "retry #{} names the first attempt as its original_execution",
            retry.id
        );
    }
}

#[rstest]
#[tokio::test]
async fn t2_8_top_level_failure_is_not_retried(#[future(awt)] scope: Scope) -> Result<()> {
    let fail = scope.failing_action(1, "ordinary failure").await?;
    let started = scope.execute(&fail.r#ref, json!({})).await?;
    let done = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Failed,
        WORKFLOW,
    )
    .await?;
    assert_eq!(done.original_execution, None);
    let client = scope.client().clone();
    let params = by_action(&fail.r#ref);
    hold_for(
        "an ordinary top-level failure to stay a single execution",
        Duration::from_millis(1500),
        Duration::from_millis(150),
        || {
            let client = client.clone();
            let params = params.clone();
            async move {
                match all_executions(&client, &params).await {
                    Ok(items) if items.len() == 1 => Probe::Ready(()),
                    Ok(items) => Probe::Fail(format!("{} executions: {items:?}", items.len())),
                    Err(e) => Probe::Pending(e.to_string()),
                }
            }
        },
    )
    .await?;
    Ok(())
}
