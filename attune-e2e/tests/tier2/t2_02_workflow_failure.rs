//! T2.2 — workflow failure handling. Attune has no `on_failure: abort|continue` policy and no
//! `succeeded_with_errors` status: branching is per task through `next` transitions with `failed()`; a failed
//! task that no transition handles ends its branch and the workflow ends `failed` (platform-semantics §8,
//! e2e-scenarios T2.2).

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_execution_status;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier2::helpers::*;

/// How the failing task's `next` looks.
#[derive(Debug, Clone, Copy)]
enum FailingNext {
    /// No `next` at all.
    None,
    /// Only a `succeeded()` transition to `third`.
    OnlySucceeded,
    /// `succeeded()` → `third` and `timed_out()` → `handler`: neither matches a plain failure.
    TimedOutOnly,
}

#[rstest]
#[case::no_next(FailingNext::None)]
#[case::only_succeeded_transition(FailingNext::OnlySucceeded)]
#[case::only_timed_out_transition(FailingNext::TimedOutOnly)]
#[tokio::test]
async fn t2_2_unhandled_failure_fails_workflow_and_stops_the_branch(
    #[future(awt)] scope: Scope,
    #[case] shape: FailingNext,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let fail = scope.failing_action(1, "step two broke").await?;
    let second_next: Value = match shape {
        FailingNext::None => json!(null),
        FailingNext::OnlySucceeded => json!([{"when": "{{ succeeded() }}", "do": ["third"]}]),
        FailingNext::TimedOutOnly => json!([
            {"when": "{{ succeeded() }}", "do": ["third"]},
            {"when": "{{ timed_out() }}", "do": ["handler"]}
        ]),
    };
    let mut second = json!({"name": "second", "action": fail.r#ref, "input": {}});
    if !second_next.is_null() {
        second["next"] = second_next;
    }
    let mut builder = scope
        .workflow("failflow")
        .raw_task(json!({
            "name": "first",
            "action": echo.r#ref,
            "input": {"message": "one"},
            "next": [{"when": "{{ succeeded() }}", "do": ["second"]}]
        }))
        .raw_task(second);
    if matches!(shape, FailingNext::None) {
        // `third` must still be targeted by something, or it would be an entry task that starts at once.
        builder = builder.raw_task(json!({
            "name": "gate",
            "action": echo.r#ref,
            "input": {"message": "gate"},
            "next": [{"when": "{{ failed() }}", "do": ["third"]}]
        }));
    }
    builder = builder
        .raw_task(json!({"name": "third", "action": echo.r#ref, "input": {"message": "three"}}));
    if matches!(shape, FailingNext::TimedOutOnly) {
        builder = builder
            .raw_task(json!({"name": "handler", "action": echo.r#ref, "input": {"message": "h"}}));
    }
    let workflow = builder.create().await?;

    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Failed,
        WORKFLOW,
    )
    .await?;
    assert_eq!(
        parent.status.as_str(),
        "failed",
        "no `succeeded_with_errors` in Attune"
    );

    let kids = children(&scope, parent.id).await?;
    assert!(
        kids.iter().all(|k| k.status.is_terminal()),
        "all children finished:\n  {}",
        brief(&kids)
    );
    let first = of_task(&kids, "first");
    let second = of_task(&kids, "second");
    assert_eq!(first.len(), 1, "{}", brief(&kids));
    assert_eq!(first[0].status, ExecutionStatus::Completed);
    assert_eq!(
        second.len(),
        1,
        "the failing task ran once (no implicit retry):\n  {}",
        brief(&kids)
    );
    assert_eq!(second[0].status, ExecutionStatus::Failed);
    assert_eq!(second[0].exit_code(), Some(1), "{}", second[0].result);
    assert!(
        of_task(&kids, "third").is_empty(),
        "the task after the failure never ran:\n  {}",
        brief(&kids)
    );
    assert!(
        of_task(&kids, "handler").is_empty(),
        "a timed_out() transition does not fire on a failure"
    );
    Ok(())
}

#[rstest]
#[case::failed_handler_only(false)]
#[case::failed_handler_and_continue(true)]
#[tokio::test]
async fn t2_2_failed_transition_runs_the_handler(
    #[future(awt)] scope: Scope,
    #[case] continue_after_handler: bool,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let fail = scope.failing_action(2, "step two broke").await?;
    let mut handler =
        json!({"name": "handler", "action": echo.r#ref, "input": {"message": "handled"}});
    if continue_after_handler {
        handler["next"] = json!([{"when": "{{ succeeded() }}", "do": ["cleanup"]}]);
    }
    let mut builder = scope
        .workflow("handled")
        .raw_task(json!({
            "name": "first",
            "action": echo.r#ref,
            "input": {"message": "one"},
            "next": [{"when": "{{ succeeded() }}", "do": ["second"]}]
        }))
        .raw_task(json!({
            "name": "second",
            "action": fail.r#ref,
            "input": {},
            "next": [
                {"when": "{{ succeeded() }}", "do": ["third"]},
                {"when": "{{ failed() }}", "do": ["handler"]}
            ]
        }))
        .raw_task(json!({"name": "third", "action": echo.r#ref, "input": {"message": "three"}}))
        .raw_task(handler);
    if continue_after_handler {
        builder = builder.raw_task(
            json!({"name": "cleanup", "action": echo.r#ref, "input": {"message": "clean"}}),
        );
    }
    let workflow = builder.create().await?;

    let parent = run_to_end(&scope, &workflow.r#ref, json!({})).await?;
    // Whether a handled failure leaves the workflow `completed` or `failed` is not settled by Attune's docs
    // (platform-semantics §16.3); it is never a mixed status such as `succeeded_with_errors`.
    assert!(
        matches!(
            parent.status,
            ExecutionStatus::Completed | ExecutionStatus::Failed
        ),
        "workflow ended '{}' ({})",
        parent.status,
        parent.result
    );

    let kids = children(&scope, parent.id).await?;
    let second = of_task(&kids, "second");
    let handlers = of_task(&kids, "handler");
    assert_eq!(second.len(), 1, "{}", brief(&kids));
    assert_eq!(second[0].status, ExecutionStatus::Failed);
    assert_eq!(
        handlers.len(),
        1,
        "the failed() transition ran the handler once:\n  {}",
        brief(&kids)
    );
    assert_eq!(handlers[0].status, ExecutionStatus::Completed);
    assert_eq!(stdout_line(handlers[0]), "handled");
    assert!(
        ended_at(second[0]) <= started_at(handlers[0]),
        "the handler starts after the failure"
    );
    assert!(
        of_task(&kids, "third").is_empty(),
        "the succeeded() branch did not run:\n  {}",
        brief(&kids)
    );
    if continue_after_handler {
        let cleanup = of_task(&kids, "cleanup");
        assert_eq!(
            cleanup.len(),
            1,
            "the branch continues after the handler:\n  {}",
            brief(&kids)
        );
        assert_eq!(cleanup[0].status, ExecutionStatus::Completed);
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_2_failure_in_one_branch_does_not_stop_an_independent_branch(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let fail = scope.failing_action(1, "bad branch").await?;
    let slow = scope
        .shell_action(
            "slow",
            "sleep 0.5\nprintf '%s\\n' \"$message\"",
            json!({"message": {"type": "string"}}),
        )
        .await?;
    // Two entry tasks (nothing targets them) start together; `bad` fails at once while `good` is running.
    let workflow = scope
        .workflow("branches")
        .raw_task(json!({"name": "bad", "action": fail.r#ref, "input": {}}))
        .raw_task(json!({
            "name": "good",
            "action": slow.r#ref,
            "input": {"message": "good"},
            "next": [{"when": "{{ succeeded() }}", "do": ["good_after"]}]
        }))
        .raw_task(
            json!({"name": "good_after", "action": echo.r#ref, "input": {"message": "after"}}),
        )
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
    assert_eq!(of_task(&kids, "bad").len(), 1, "{}", brief(&kids));
    assert_eq!(of_task(&kids, "bad")[0].status, ExecutionStatus::Failed);
    for name in ["good", "good_after"] {
        let runs = of_task(&kids, name);
        assert_eq!(
            runs.len(),
            1,
            "independent branch task `{name}` ran:\n  {}",
            brief(&kids)
        );
        assert_eq!(
            runs[0].status,
            ExecutionStatus::Completed,
            "`{name}`: {}",
            runs[0].result
        );
    }
    let bad_end = ended_at(of_task(&kids, "bad")[0]);
    assert!(
        parent.updated >= ended_at(of_task(&kids, "good_after")[0]) && parent.updated >= bad_end,
        "the workflow ends only after both branches are done"
    );
    Ok(())
}
