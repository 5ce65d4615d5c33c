//! Workflow helpers shared by the tiers: a workflow's children, their task metadata, outputs and timing.

use std::time::Duration;

use attune_client::models::{Execution, ExecutionStatus, ListExecutionsParams};
use attune_testkit::waiters::{all_executions, wait_for_execution_terminal};
use attune_testkit::{Context, Result, Scope};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Limit for a whole workflow run (generous for a busy live server; the emulator needs a fraction).
pub const WORKFLOW: Duration = Duration::from_secs(30);

/// The children of execution `parent` as full records, oldest (lowest id) first.
pub async fn children(scope: &Scope, parent: i64) -> Result<Vec<Execution>> {
    let params = ListExecutionsParams {
        parent: Some(parent),
        ..Default::default()
    };
    let mut out = Vec::new();
    for summary in all_executions(scope.client(), &params)
        .await
        .with_context(|| format!("listing the children of execution {parent}"))?
    {
        out.push(
            scope
                .client()
                .executions()
                .get(summary.id)
                .await
                .with_context(|| format!("reading execution {}", summary.id))?,
        );
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// The task name recorded in a child's `workflow_task` metadata.
pub fn task_name(exec: &Execution) -> Option<&str> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.task_name.as_deref())
}

/// The children that ran task `name`, oldest first.
pub fn of_task<'a>(kids: &'a [Execution], name: &str) -> Vec<&'a Execution> {
    kids.iter().filter(|e| task_name(e) == Some(name)).collect()
}

/// `workflow_task.retry_count` of a child (0 when the metadata omits it).
pub fn retry_count(exec: &Execution) -> i32 {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.retry_count)
        .unwrap_or(0)
}

/// A value of a workflow's result produced by its `output_map`. Attune documents both layouts
/// (`result.data.<name>` and `result.<name>`, platform-semantics §8 / §16.2); tests accept either.
pub fn output<'a>(result: &'a Value, name: &str) -> Option<&'a Value> {
    result
        .get("data")
        .and_then(|d| d.get(name))
        .or_else(|| result.get(name))
}

/// `result.stdout` of an execution, without the trailing newline.
pub fn stdout_line(exec: &Execution) -> String {
    exec.stdout().unwrap_or_default().trim_end().to_string()
}

/// When a finished child ended: `workflow_task.completed_at`, else its last update.
pub fn ended_at(exec: &Execution) -> DateTime<Utc> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.completed_at)
        .unwrap_or(exec.updated)
}

/// When a child started running: `workflow_task.started_at`, else `started_at`, else its creation.
pub fn started_at(exec: &Execution) -> DateTime<Utc> {
    exec.workflow_task
        .as_ref()
        .and_then(|t| t.started_at)
        .or(exec.started_at)
        .unwrap_or(exec.created)
}

/// Seconds from `a` to `b` (negative when `b` is earlier).
#[allow(unused_imports)]
pub use super::secs_between as secs;

/// The largest number of `[start, end)` intervals that overlap at one instant.
pub fn max_overlap(intervals: &[(DateTime<Utc>, DateTime<Utc>)]) -> usize {
    let mut edges: Vec<(DateTime<Utc>, i32)> = Vec::new();
    for (start, end) in intervals {
        edges.push((*start, 1));
        edges.push((*end, -1));
    }
    // Ends sort before starts at the same instant: back-to-back runs do not overlap.
    edges.sort();
    let (mut now, mut best) = (0i32, 0i32);
    for (_, delta) in edges {
        now += delta;
        best = best.max(now);
    }
    best as usize
}

/// Every descendant of `root` (children, grandchildren, ...), full records.
pub async fn descendants(scope: &Scope, root: i64) -> Result<Vec<Execution>> {
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(id) = frontier.pop() {
        for kid in children(scope, id).await? {
            frontier.push(kid.id);
            out.push(kid);
        }
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// Runs `action_ref` and waits for any terminal status; the status is asserted by the caller.
pub async fn run_to_end(scope: &Scope, action_ref: &str, params: Value) -> Result<Execution> {
    let exec = scope.execute(action_ref, params).await?;
    Ok(wait_for_execution_terminal(scope.client(), exec.id, WORKFLOW).await?)
}

/// One line describing executions (for assertion messages).
pub fn brief(execs: &[Execution]) -> String {
    execs
        .iter()
        .map(|e| {
            format!(
                "#{} {} task={:?} retry={} parent={:?} {}",
                e.id,
                e.status,
                task_name(e),
                retry_count(e),
                e.parent,
                e.result
            )
        })
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Whether `status` is one of the statuses Attune's workflows end in (no `succeeded_with_errors`, no `paused`).
pub fn is_workflow_end(status: &ExecutionStatus) -> bool {
    matches!(
        status,
        ExecutionStatus::Completed | ExecutionStatus::Failed | ExecutionStatus::Cancelled
    )
}

// ---------------------------------------------------------------------------------------------------------------
