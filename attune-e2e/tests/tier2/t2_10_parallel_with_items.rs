//! T2.10 — parallel `with_items`: every child row is created up front (status `requested`), only
//! `concurrency` of them (default 1) are dispatched at a time and more are released as earlier ones finish
//! (platform-semantics §8 "with_items"). The items come from a workflow parameter through a template string
//! (`with_items: "{{ parameters.items }}"`), the only form a real Attune schedules (live note G3).

use std::sync::{Arc, Mutex};

use attune_client::models::{ExecutionStatus, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{all_executions, probe_error};
use attune_testkit::{wait_until, Probe, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::tier2::helpers::*;

const ITEMS: usize = 4;
const NAP: f64 = 0.8;

/// What the poller saw while the workflow ran.
#[derive(Debug, Default)]
struct Seen {
    /// Most children dispatched and not finished at one poll.
    max_active: usize,
}

#[rstest]
#[case::default_is_serial(None, 1)]
#[case::two_at_a_time(Some(2), 2)]
#[case::all_at_once(Some(4), 4)]
#[case::more_than_items(Some(10), 4)]
#[tokio::test]
async fn t2_10_with_items_concurrency(
    #[future(awt)] scope: Scope,
    #[case] concurrency: Option<u32>,
    #[case] parallel: usize,
) -> Result<()> {
    let nap = scope
        .shell_action(
            "nap",
            &format!("sleep {NAP}\nprintf 'item=%s\\n' \"$message\""),
            json!({"message": {"type": "string"}}),
        )
        .await?;
    let items: Vec<String> = (0..ITEMS).map(|i| format!("it{i}")).collect();
    let workflow = scope
        .workflow("par")
        .param_schema(json!({"items": {"type": "array", "required": true}}))
        // `with_items` is a template string over a workflow parameter (live note G3): a literal array is
        // accepted by a real Attune but never scheduled.
        .with_items_task(
            "each",
            &nap.r#ref,
            json!("{{ parameters.items }}"),
            concurrency,
            json!({"message": "{{ item }}"}),
        )
        .create()
        .await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"items": items}))
        .await?;
    let parent_id = started.id;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let params = ListExecutionsParams {
        parent: Some(parent_id),
        ..Default::default()
    };
    let parent = wait_until(format!("workflow {parent_id} to finish"), WORKFLOW, || {
        let client = scope.client().clone();
        let params = params.clone();
        let seen = seen.clone();
        async move {
            let kids = match all_executions(&client, &params).await {
                Ok(kids) => kids,
                Err(e) => return probe_error("listing children", &e),
            };
            let active = kids
                .iter()
                .filter(|k| {
                    matches!(
                        k.status,
                        ExecutionStatus::Scheduling
                            | ExecutionStatus::Scheduled
                            | ExecutionStatus::Running
                    )
                })
                .count();
            if let Ok(mut s) = seen.lock() {
                s.max_active = s.max_active.max(active);
            }
            match client.executions().get(parent_id).await {
                Ok(p) if p.status.is_terminal() => Probe::Ready(p),
                Ok(p) => Probe::Pending(format!(
                    "workflow is '{}', {active} children active",
                    p.status
                )),
                Err(e) => probe_error("reading the workflow", &e),
            }
        }
    })
    .await?;
    assert_eq!(
        parent.status,
        ExecutionStatus::Completed,
        "{}",
        parent.result
    );
    let max_active = seen.lock().map(|s| s.max_active).unwrap_or(usize::MAX);
    assert!(
        max_active <= parallel,
        "{max_active} children were dispatched at once; concurrency allows {parallel}"
    );

    let kids = children(&scope, parent_id).await?;
    assert_eq!(kids.len(), ITEMS, "{}", brief(&kids));
    let mut intervals = Vec::new();
    for kid in &kids {
        assert_eq!(
            kid.status,
            ExecutionStatus::Completed,
            "#{}: {}",
            kid.id,
            kid.result
        );
        let index = kid
            .workflow_task
            .as_ref()
            .and_then(|t| t.task_index)
            .unwrap_or(-1);
        assert!(
            (0..ITEMS as i32).contains(&index),
            "task_index of #{}: {index}",
            kid.id
        );
        assert_eq!(
            kid.config["message"],
            json!(format!("it{index}")),
            "child {index} got its item"
        );
        assert_eq!(stdout_line(kid), format!("item=it{index}"));
        intervals.push((started_at(kid), ended_at(kid)));
    }
    // Created up front: every child row exists before the first child has finished.
    let last_created = kids.iter().map(|k| k.created).max().expect("children");
    let first_end = kids.iter().map(ended_at).min().expect("children");
    assert!(
        last_created < first_end,
        "all {ITEMS} children are created up front (last created {last_created}, first finished {first_end})"
    );
    // At most `concurrency` at once, and real parallelism when it allows more than one (the exact peak also
    // depends on free worker capacity, which the platform does not promise).
    let overlap = max_overlap(&intervals);
    assert!(
        overlap <= parallel && (parallel == 1 || overlap >= 2),
        "children running at the same time: {overlap} (concurrency {concurrency:?}): {intervals:?}"
    );
    Ok(())
}
