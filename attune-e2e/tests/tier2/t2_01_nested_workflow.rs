//! T2.1 — nested workflows: a task whose `action` is a workflow runs it as a child workflow execution
//! (`parent` = the calling workflow execution; `workflow_task.workflow_execution` = the id of that run's
//! separate workflow-execution record, live note G6), the child's tasks hang below it, the child's terminal result
//! (with its `output_map`) becomes the task result, and the parent only ends after all its descendants
//! (platform-semantics §8 "Nested workflows", "Completion").

use attune_client::models::{ExecutionStatus, Workflow};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_execution_status;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier2::helpers::*;

/// An echo that takes a moment, so a parent that did not wait for its descendants would be caught.
const SLOW_ECHO: &str = "sleep 0.3\nprintf '%s\\n' \"$message\"";

/// Builds the innermost workflow (two sequential tasks) and `depth - 1` wrappers around it, each calling the
/// next inner one from its task `call`. Returns the workflows outermost first.
async fn build_chain(scope: &Scope, depth: usize, fail_leaf: bool) -> Result<Vec<Workflow>> {
    let echo = scope
        .shell_action(
            "slowecho",
            SLOW_ECHO,
            json!({"message": {"type": "string"}}),
        )
        .await?;
    let second_action = if fail_leaf {
        scope.failing_action(3, "leaf task failed").await?.r#ref
    } else {
        echo.r#ref.clone()
    };
    let word_schema = json!({"word": {"type": "string", "required": true}});
    let leaf = scope
        .workflow("leaf")
        .param_schema(word_schema.clone())
        .raw_task(json!({
            "name": "first",
            "action": echo.r#ref,
            "input": {"message": "{{ parameters.word }}-first"},
            "next": [{"when": "{{ succeeded() }}", "do": ["second"]}]
        }))
        .raw_task(json!({
            "name": "second",
            "action": second_action,
            "input": {"message": "{{ parameters.word }}-second"},
            "next": [{"when": "{{ succeeded() }}", "publish": [{"last": "{{ parameters.word }}-second"}]}]
        }))
        .output("word", json!("{{ parameters.word }}"))
        .output("last", json!("{{ workflow.last }}"))
        .create()
        .await?;
    let mut chain = vec![leaf];
    for _ in 1..depth {
        let inner = chain[0].r#ref.clone();
        let wrapper = scope
            .workflow("wrap")
            .param_schema(word_schema.clone())
            .raw_task(json!({
                "name": "call",
                "action": inner,
                "input": {"word": "{{ parameters.word }}"},
                "next": [{
                    "when": "{{ succeeded() }}",
                    "publish": [{"inner": "{{ result() }}"}],
                    "do": ["report"]
                }]
            }))
            .raw_task(json!({
                "name": "report",
                "action": echo.r#ref,
                "input": {"message": "{{ parameters.word }}-report"}
            }))
            .output("inner", json!("{{ workflow.inner }}"))
            .create()
            .await?;
        chain.insert(0, wrapper);
    }
    Ok(chain)
}

#[rstest]
#[case::three_levels(2)]
#[case::four_levels(3)]
#[tokio::test]
async fn t2_1_nested_workflow_links_and_propagates(
    #[future(awt)] scope: Scope,
    #[case] depth: usize,
) -> Result<()> {
    let chain = build_chain(&scope, depth, false).await?;
    let word = format!("w{depth}");
    let started = scope
        .execute(&chain[0].r#ref, json!({"word": word}))
        .await?;
    let top = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;

    // The parent waits for all its descendants: the moment it is `completed`, every descendant has finished.
    let all = descendants(&scope, top.id).await?;
    assert_eq!(
        all.len(),
        2 * depth,
        "each wrapper has `call` + `report`, the leaf `first` + `second`:\n  {}",
        brief(&all)
    );
    for d in &all {
        assert_eq!(
            d.status,
            ExecutionStatus::Completed,
            "descendant #{} ({:?}) when the top workflow completed:\n  {}",
            d.id,
            task_name(d),
            brief(&all)
        );
        assert!(
            secs(ended_at(d), top.updated) >= -0.5,
            "descendant #{} ended at {} after the top workflow was finished ({})",
            d.id,
            ended_at(d),
            top.updated
        );
    }

    // Walk down the parent chain: wrapper -> `call` child workflow execution -> ... -> leaf tasks.
    let mut current = top.clone();
    let mut result: Value = top.result.clone();
    let (mut run_records, mut parent_ids) = (Vec::new(), Vec::new());
    for (level, wf) in chain.iter().enumerate() {
        assert_eq!(
            current.action_ref, wf.r#ref,
            "level {level} runs its workflow"
        );
        let kids = children(&scope, current.id).await?;
        for kid in &kids {
            assert_eq!(
                kid.parent,
                Some(current.id),
                "child #{} links to its workflow execution through `parent`",
                kid.id
            );
        }
        // `workflow_task.workflow_execution` names the level's workflow-execution record (its own id
        // sequence, live note G6): one value shared by all tasks of this run, another one per nested run.
        let records: Vec<Option<i64>> = kids
            .iter()
            .map(|k| k.workflow_task.as_ref().and_then(|t| t.workflow_execution))
            .collect();
        let record = records[0].unwrap_or_else(|| {
            panic!(
                "level {level}: children carry workflow_task.workflow_execution:\n  {}",
                brief(&kids)
            )
        });
        assert!(
            records.iter().all(|r| *r == Some(record)),
            "level {level}: every task of one run names the same workflow-execution record: {records:?}"
        );
        assert!(
            !run_records.contains(&record),
            "level {level}: each nested run has its own workflow-execution record ({record} already seen in {run_records:?})"
        );
        run_records.push(record);
        parent_ids.push(current.id);
        if level + 1 == chain.len() {
            let first = of_task(&kids, "first");
            let second = of_task(&kids, "second");
            assert_eq!(
                (first.len(), second.len(), kids.len()),
                (1, 1, 2),
                "leaf tasks:\n  {}",
                brief(&kids)
            );
            assert_eq!(stdout_line(first[0]), format!("{word}-first"));
            assert_eq!(stdout_line(second[0]), format!("{word}-second"));
            assert!(
                first[0].id < second[0].id && ended_at(first[0]) <= started_at(second[0]),
                "`second` starts after `first` ended"
            );
            // The leaf's output_map is its result.
            assert_eq!(
                output(&result, "word"),
                Some(&json!(word)),
                "leaf result {result}"
            );
            assert_eq!(
                output(&result, "last"),
                Some(&json!(format!("{word}-second"))),
                "leaf result {result}"
            );
        } else {
            let calls = of_task(&kids, "call");
            let reports = of_task(&kids, "report");
            assert_eq!(
                (calls.len(), reports.len(), kids.len()),
                (1, 1, 2),
                "level {level}:\n  {}",
                brief(&kids)
            );
            let call = calls[0].clone();
            assert_eq!(
                call.action_ref,
                chain[level + 1].r#ref,
                "`call` runs the nested workflow"
            );
            assert_eq!(stdout_line(reports[0]), format!("{word}-report"));
            assert!(
                ended_at(&call) <= started_at(reports[0]),
                "`report` only starts after the nested workflow ended"
            );
            // The nested workflow's result (its output_map) is the task result, published as `inner`.
            let published = output(&result, "inner").cloned().unwrap_or(Value::Null);
            for key in ["word", "last", "inner"] {
                assert_eq!(
                    output(&published, key),
                    output(&call.result, key),
                    "level {level}: the published task result equals the nested workflow's result ({key})"
                );
            }
            result = published;
            current = call;
        }
    }
    // The records are not the parent execution ids (one coincidence is possible with two id sequences,
    // all levels at once is not).
    assert_ne!(
        run_records, parent_ids,
        "workflow_task.workflow_execution is a workflow-execution record, not the parent execution id"
    );
    Ok(())
}

#[rstest]
#[case::three_levels(2)]
#[case::four_levels(3)]
#[tokio::test]
async fn t2_1_nested_failure_fails_every_ancestor(
    #[future(awt)] scope: Scope,
    #[case] depth: usize,
) -> Result<()> {
    let chain = build_chain(&scope, depth, true).await?;
    let started = scope.execute(&chain[0].r#ref, json!({"word": "x"})).await?;
    let top = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Failed,
        WORKFLOW,
    )
    .await?;

    let all = descendants(&scope, top.id).await?;
    assert!(
        all.iter().all(|d| d.status.is_terminal()),
        "nothing is left running once the top workflow failed:\n  {}",
        brief(&all)
    );
    let failing = all
        .iter()
        .filter(|d| task_name(d) == Some("second"))
        .count();
    assert_eq!(
        failing,
        1,
        "the leaf's second task ran once:\n  {}",
        brief(&all)
    );
    assert!(
        all.iter().all(|d| task_name(d) != Some("report")),
        "no wrapper ran `report` after its nested workflow failed:\n  {}",
        brief(&all)
    );
    let calls: Vec<_> = all
        .iter()
        .filter(|d| task_name(d) == Some("call"))
        .collect();
    assert_eq!(calls.len(), depth - 1, "{}", brief(&all));
    assert!(
        calls.iter().all(|c| c.status == ExecutionStatus::Failed),
        "every nested workflow execution ended `failed`:\n  {}",
        brief(&all)
    );
    Ok(())
}
