//! T1.5 — a workflow task with `with_items` runs one child execution per item, each with its item, linked to
//! the parent; the parent ends `completed`; at most `concurrency` children run at once.

use std::time::Duration;

use attune_client::models::{Execution, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{all_executions, wait_for_execution_status};
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::workflow::max_overlap;
use crate::support::*;

/// The children of `parent`, full records, ordered by their `task_index`.
async fn children(scope: &Scope, parent: i64) -> Result<Vec<Execution>> {
    let params = attune_client::models::ListExecutionsParams {
        parent: Some(parent),
        ..Default::default()
    };
    let mut out = Vec::new();
    for summary in all_executions(scope.client(), &params).await? {
        out.push(scope.client().executions().get(summary.id).await?);
    }
    out.sort_by_key(|e| {
        e.workflow_task
            .as_ref()
            .and_then(|t| t.task_index)
            .unwrap_or(i32::MAX)
    });
    Ok(out)
}

#[rstest]
#[case::no_items(json!([]))]
#[case::one_item(json!(["apple"]))]
#[case::three_items(json!(["apple", "banana", "cherry"]))]
#[case::ten_items(json!((0..10).map(|i| format!("item-{i}")).collect::<Vec<_>>()))]
#[case::mixed_types(json!([1, "two", true, {"k": "v"}, [5, 6], 7.5]))]
#[tokio::test]
async fn t1_5_with_items_runs_one_child_per_item(
    #[future(awt)] scope: Scope,
    #[case] items: Value,
) -> Result<()> {
    let action = scope.echo_action().await?;
    let workflow = scope
        .workflow("items")
        .param_schema(json!({"items": {"type": "array", "required": true}}))
        .with_items_task(
            "each",
            &action.r#ref,
            json!("{{ parameters.items }}"),
            Some(4),
            json!({"message": "{{ item }}"}),
        )
        .create()
        .await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"items": items}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        SHORT,
    )
    .await?;
    assert_eq!(parent.action_ref, workflow.r#ref);

    let expected = items.as_array().cloned().unwrap_or_default();
    let kids = children(&scope, parent.id).await?;
    assert_eq!(kids.len(), expected.len(), "one child per item");
    for (index, (child, item)) in kids.iter().zip(&expected).enumerate() {
        assert_eq!(
            child.parent,
            Some(parent.id),
            "child {} links to its parent",
            child.id
        );
        assert_eq!(child.action_ref, action.r#ref);
        assert_eq!(
            child.status,
            ExecutionStatus::Completed,
            "child {}: {}",
            child.id,
            child.result
        );
        let task = child
            .workflow_task
            .as_ref()
            .expect("children carry workflow_task metadata");
        assert_eq!(task.task_name.as_deref(), Some("each"));
        assert_eq!(task.task_index, Some(index as i32));
        assert_eq!(
            &child.config["message"], item,
            "child {index} got its own item, with its JSON type"
        );
    }
    Ok(())
}

#[rstest]
#[case::default_concurrency_is_one(None, 1)]
#[case::concurrency_two(Some(2), 2)]
#[tokio::test]
async fn t1_5_with_items_respects_concurrency(
    #[future(awt)] scope: Scope,
    #[case] concurrency: Option<u32>,
    #[case] limit: usize,
) -> Result<()> {
    let action = scope.sleep_action(0.6).await?;
    // `with_items` is a template string over the workflow's parameters (a literal array is not scheduled by
    // a real Attune).
    let workflow = scope
        .workflow("conc")
        .param_schema(json!({"items": {"type": "array", "required": true}}))
        .with_items_task(
            "nap",
            &action.r#ref,
            json!("{{ parameters.items }}"),
            concurrency,
            json!({}),
        )
        .create()
        .await?;
    let started = scope
        .execute(&workflow.r#ref, json!({"items": ["a", "b", "c", "d"]}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        Duration::from_secs(30),
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    assert_eq!(kids.len(), 4);
    let mut intervals = Vec::new();
    for child in &kids {
        assert_eq!(child.status, ExecutionStatus::Completed);
        let task = child.workflow_task.clone().unwrap_or_default();
        let start = task
            .started_at
            .or(child.started_at)
            .expect("a finished child has started_at");
        let end = task.completed_at.unwrap_or(child.updated);
        intervals.push((start, end));
    }
    let overlap = max_overlap(&intervals);
    assert!(
        overlap <= limit,
        "{overlap} children ran at once; concurrency is {limit}: {intervals:?}"
    );
    Ok(())
}
