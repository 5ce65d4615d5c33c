//! T2.8 — retries. Top-level actions have no retry policy (an ordinary failure is final); workflow tasks take
//! `retry: {count, delay, backoff: constant|linear|exponential}`: a failed child is re-run as a **new** child
//! execution with `workflow_task.retry_count` incremented, after the backoff delay, and the task's
//! transitions only see the final attempt (platform-semantics §7.6, api-contract §2.12 / §2.16).

use std::time::Duration;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{all_executions, wait_for_execution_status};
use attune_testkit::{hold_for, unique_ref, Probe, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::helpers::*;
use crate::support::by_action;

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
    for (n, delay) in delays.iter().enumerate() {
        let gap = secs(ended_at(attempts[n]), attempts[n + 1].created);
        assert!(
            gap >= delay - 0.15 && gap <= delay + 2.5,
            "{backoff}: retry {} was created {gap:.2}s after attempt {} ended; expected about {delay}s",
            n + 1,
            n
        );
    }
    Ok(())
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
