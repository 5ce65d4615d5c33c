//! T3.25 — a large sequential workflow: 100+ tasks chained with `next` run one after another in order; each is
//! a child execution of the workflow (`parent`, `workflow_task.task_name`, one shared
//! `workflow_task.workflow_execution` record id), and the workflow completes.

use attune_client::models::{Execution, ExecutionStatus, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{all_executions, wait_for_execution_status};
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

fn task_name(i: usize) -> String {
    format!("step_{i:03}")
}

#[rstest]
#[case::hundred_tasks(100)]
#[case::hundred_twenty_tasks(120)]
#[tokio::test]
async fn t3_25_sequential_tasks_keep_their_order(
    #[future(awt)] scope: Scope,
    #[case] tasks: usize,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let mut builder = scope.workflow("big");
    for i in 0..tasks {
        let mut task = json!({"name": task_name(i), "action": echo.r#ref, "input": {"message": format!("message {i}")}});
        if i + 1 < tasks {
            task["next"] = json!([{"when": "{{ succeeded() }}", "do": [task_name(i + 1)]}]);
        }
        builder = builder.raw_task(task);
    }
    let wf = builder.create().await?;

    let started = scope.execute(&wf.r#ref, json!({})).await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        LONG * 2,
    )
    .await?;

    let params = ListExecutionsParams {
        parent: Some(parent.id),
        ..Default::default()
    };
    let mut kids: Vec<Execution> = Vec::new();
    for summary in all_executions(scope.client(), &params).await? {
        kids.push(scope.client().executions().get(summary.id).await?);
    }
    kids.sort_by_key(|e| e.id);
    assert_eq!(kids.len(), tasks, "one child per task");

    let first_record = kids
        .first()
        .and_then(|k| k.workflow_task.as_ref())
        .and_then(|t| t.workflow_execution);
    for (i, child) in kids.iter().enumerate() {
        let task = child.workflow_task.as_ref();
        assert_eq!(
            task.and_then(|t| t.task_name.clone()),
            Some(task_name(i)),
            "child #{i} (id {}) runs task {i}",
            child.id
        );
        // `workflow_task.workflow_execution` is the id of the run's workflow-execution record (its own id
        // sequence, the same for every task of the run), not the parent execution's id.
        let record = task.and_then(|t| t.workflow_execution);
        assert!(
            record.is_some(),
            "child {} names its workflow-execution record",
            child.id
        );
        assert_eq!(
            record, first_record,
            "every task of the run shares one workflow-execution record (child {})",
            child.id
        );
        assert_eq!(
            child.parent,
            Some(parent.id),
            "child {} links to the workflow",
            child.id
        );
        assert_eq!(
            child.status,
            ExecutionStatus::Completed,
            "child {}: {}",
            child.id,
            child.result
        );
        assert_eq!(
            child.config["message"],
            format!("message {i}"),
            "child {i} got its own input"
        );
        assert_eq!(child.stdout(), Some(format!("message {i}\n").as_str()));
    }
    // Strictly sequential: a task is created only after the previous one's process has finished.
    for pair in kids.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        let Some(started) = prev.started_at else {
            return fail(format!("child {} has no started_at", prev.id));
        };
        let ran = chrono::Duration::milliseconds(prev.result["duration_ms"].as_i64().unwrap_or(0));
        assert!(
            next.created >= started + ran,
            "task of child {} was created at {} before child {} finished ({} + {}ms)",
            next.id,
            next.created,
            prev.id,
            started,
            ran.num_milliseconds()
        );
    }
    assert!(
        kids.iter().all(|k| k.created >= parent.created),
        "children start after the workflow"
    );
    assert!(
        kids.iter().all(|k| k.updated <= parent.updated),
        "the workflow finishes after its last child"
    );
    Ok(())
}
