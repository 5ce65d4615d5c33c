//! T3.7 — complex workflow orchestration: a fan-out into three parallel branches joined by one task
//! (`join: 3`), branching on workflow parameters with `when` on transitions, a failing nested workflow handled
//! by a `failed()` transition in the parent, and data transformation from a task's JSON stdout through
//! expressions in `publish` into the `output_map` (platform-semantics §8; api-contract §2.15 definition schema;
//! Attune's `docs/workflows/workflow-execution-engine.md` "Parallel Execution", "Conditional Execution";
//! e2e-scenarios T3.7).
//!
//! Not covered here: a task `timeout` on a task whose action is itself a workflow. The reference only documents
//! timeouts enforced by the worker for action processes (§7.4) and for action children (§8 "Task timeout");
//! nothing states what a real Attune does for a nested workflow child, so the emulator's behaviour for it is
//! tested in `attune-emulator/tests/engine_workflows.rs` only.

use attune_client::models::{Execution, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_execution_status;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier3::helpers::*;

/// A branch task: takes a moment, then prints its `message` as a JSON object `{"branch": <message>}`.
const BRANCH: &str = "sleep 0.4\nprintf '{\"branch\": \"%s\"}\\n' \"$message\"";

/// The one run of task `name` among `kids`, asserted `completed`.
fn only_completed<'a>(kids: &'a [Execution], name: &str) -> &'a Execution {
    let runs = of_task(kids, name);
    assert_eq!(
        runs.len(),
        1,
        "task `{name}` ran exactly once:\n  {}",
        brief(kids)
    );
    assert_eq!(
        runs[0].status,
        ExecutionStatus::Completed,
        "task `{name}`: {}",
        runs[0].result
    );
    runs[0]
}

#[rstest]
#[tokio::test]
async fn t3_7_parallel_branches_join_once_and_combine_outputs(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let branch = scope
        .shell_action("branch", BRANCH, json!({"message": {"type": "string"}}))
        .await?;
    let mut builder = scope.workflow("fanjoin").raw_task(json!({
        "name": "start",
        "action": echo.r#ref,
        "input": {"message": "fan out"},
        "next": [{"when": "{{ succeeded() }}", "do": ["alpha", "beta", "gamma"]}]
    }));
    for name in ["alpha", "beta", "gamma"] {
        builder = builder.raw_task(json!({
            "name": name,
            "action": branch.r#ref,
            "input": {"message": format!("{name}-out")},
            "next": [{
                "when": "{{ succeeded() }}",
                "publish": [{format!("{name}_said"): format!("{{{{ task.{name}.branch }}}}")}],
                "do": ["join"]
            }]
        }));
    }
    let workflow = builder
        .raw_task(json!({
            "name": "join",
            "action": echo.r#ref,
            "join": 3,
            "input": {"message": "{{ workflow.alpha_said }}+{{ workflow.beta_said }}+{{ workflow.gamma_said }}"},
            "next": [{"when": "{{ succeeded() }}", "publish": [{"joined": "{{ result().stdout }}"}]}]
        }))
        .output("alpha", json!("{{ workflow.alpha_said }}"))
        .output("beta", json!("{{ workflow.beta_said }}"))
        .output("gamma", json!("{{ workflow.gamma_said }}"))
        .output("branches", json!("{{ [workflow.alpha_said, workflow.beta_said, workflow.gamma_said] }}"))
        .create()
        .await?;

    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let done = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    assert_eq!(
        kids.len(),
        5,
        "start + 3 branches + join:\n  {}",
        brief(&kids)
    );
    let start = only_completed(&kids, "start");
    let join = only_completed(&kids, "join");
    for name in ["alpha", "beta", "gamma"] {
        let run = only_completed(&kids, name);
        assert_eq!(run.parent, Some(done.id));
        assert!(
            ended_at(start) <= started_at(run),
            "`{name}` starts after the fan-out task ended"
        );
        assert!(
            ended_at(run) <= started_at(join),
            "the join starts only after `{name}` ended ({} > {})",
            ended_at(run),
            started_at(join)
        );
    }
    assert_eq!(
        stdout_line(join),
        "alpha-out+beta-out+gamma-out",
        "the join sees all three branch outputs"
    );
    for (key, want) in [
        ("alpha", "alpha-out"),
        ("beta", "beta-out"),
        ("gamma", "gamma-out"),
    ] {
        assert_eq!(
            output(&done.result, key),
            Some(&json!(want)),
            "{}",
            done.result
        );
    }
    assert_eq!(
        output(&done.result, "branches"),
        Some(&json!(["alpha-out", "beta-out", "gamma-out"])),
        "a pure template keeps the array type: {}",
        done.result
    );
    Ok(())
}

#[rstest]
#[case::left("left", "left_branch", "right_branch")]
#[case::right("right", "right_branch", "left_branch")]
#[tokio::test]
async fn t3_7_branching_on_parameters_runs_only_the_chosen_branch(
    #[future(awt)] scope: Scope,
    #[case] route: &str,
    #[case] chosen: &str,
    #[case] skipped: &str,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let workflow = scope
        .workflow("branching")
        .param_schema(json!({
            "route": {"type": "string", "required": true},
            "size": {"type": "integer", "required": true}
        }))
        .raw_task(json!({
            "name": "choose",
            "action": echo.r#ref,
            "input": {"message": "route {{ parameters.route }}"},
            "next": [
                {"when": "{{ succeeded() and parameters.route == \"left\" }}",
                 "publish": [{"branch": "left"}],
                 "do": ["left_branch"]},
                {"when": "{{ succeeded() and parameters.route != \"left\" }}",
                 "publish": [{"branch": "right"}],
                 "do": ["right_branch"]}
            ]
        }))
        .raw_task(json!({
            "name": "left_branch",
            "action": echo.r#ref,
            "input": {"message": "left with {{ parameters.size }}"},
            "next": [{"when": "{{ succeeded() }}", "do": ["finish"]}]
        }))
        .raw_task(json!({
            "name": "right_branch",
            "action": echo.r#ref,
            "input": {"message": "right with {{ parameters.size }}"},
            "next": [{"when": "{{ succeeded() }}", "do": ["finish"]}]
        }))
        .raw_task(json!({
            "name": "finish",
            "action": echo.r#ref,
            "input": {"message": "finished {{ workflow.branch }}"}
        }))
        .output("branch", json!("{{ workflow.branch }}"))
        .output("route", json!("{{ parameters.route }}"))
        .create()
        .await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"route": route, "size": 7}))
        .await?;
    let done = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    only_completed(&kids, "choose");
    let ran = only_completed(&kids, chosen);
    assert_eq!(stdout_line(ran), format!("{route} with 7"));
    assert!(
        of_task(&kids, skipped).is_empty(),
        "the other branch never runs:\n  {}",
        brief(&kids)
    );
    let finish = only_completed(&kids, "finish");
    assert_eq!(stdout_line(finish), format!("finished {route}"));
    assert_eq!(kids.len(), 3, "{}", brief(&kids));
    assert_eq!(
        output(&done.result, "branch"),
        Some(&json!(route)),
        "{}",
        done.result
    );
    assert_eq!(
        output(&done.result, "route"),
        Some(&json!(route)),
        "{}",
        done.result
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_7_failing_nested_workflow_is_handled_by_the_parent(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let echo = scope.echo_action().await?;
    let fail = scope.failing_action(4, "inner step broke").await?;
    let inner = scope
        .workflow("innerfail")
        .raw_task(json!({
            "name": "prepare",
            "action": echo.r#ref,
            "input": {"message": "preparing"},
            "next": [{"when": "{{ succeeded() }}", "do": ["explode"]}]
        }))
        .raw_task(json!({"name": "explode", "action": fail.r#ref, "input": {}}))
        .create()
        .await?;
    let outer = scope
        .workflow("outerhandle")
        .raw_task(json!({
            "name": "sub",
            "action": inner.r#ref,
            "input": {},
            "next": [
                {"when": "{{ succeeded() }}", "do": ["after"]},
                {"when": "{{ failed() }}", "publish": [{"recovered": true}], "do": ["handler"]}
            ]
        }))
        .raw_task(json!({"name": "after", "action": echo.r#ref, "input": {"message": "after"}}))
        .raw_task(
            json!({"name": "handler", "action": echo.r#ref, "input": {"message": "recovered"}}),
        )
        .create()
        .await?;

    let parent = run_to_end(&scope, &outer.r#ref, json!({})).await?;
    // Whether a handled failure leaves the workflow `completed` or `failed` is not settled by Attune's docs
    // (platform-semantics §16.3).
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
    let subs = of_task(&kids, "sub");
    assert_eq!(subs.len(), 1, "{}", brief(&kids));
    let sub = subs[0];
    assert_eq!(
        sub.action_ref, inner.r#ref,
        "`sub` runs the nested workflow"
    );
    assert_eq!(
        sub.status,
        ExecutionStatus::Failed,
        "the nested workflow failed: {}",
        sub.result
    );
    let handler = only_completed(&kids, "handler");
    assert_eq!(stdout_line(handler), "recovered");
    assert!(
        ended_at(sub) <= started_at(handler),
        "the handler starts after the nested workflow ended"
    );
    assert!(
        of_task(&kids, "after").is_empty(),
        "the succeeded() branch did not run:\n  {}",
        brief(&kids)
    );

    let inner_kids = children(&scope, sub.id).await?;
    only_completed(&inner_kids, "prepare");
    let explode = of_task(&inner_kids, "explode");
    assert_eq!(explode.len(), 1, "{}", brief(&inner_kids));
    assert_eq!(explode[0].status, ExecutionStatus::Failed);
    assert_eq!(explode[0].exit_code(), Some(4), "{}", explode[0].result);
    let all = descendants(&scope, parent.id).await?;
    assert!(
        all.iter().all(|d| d.status.is_terminal()),
        "nothing is left running:\n  {}",
        brief(&all)
    );
    Ok(())
}

/// The JSON the `produce` task prints on stdout.
fn produced() -> Value {
    json!({
        "name": "attune",
        "items": ["alpha", "beta", "gamma", "delta"],
        "count": 4,
        "prices": [1.5, 2.5, 4],
        "meta": {"env": "staging", "replicas": 3},
        "enabled": true
    })
}

#[rstest]
#[tokio::test]
async fn t3_7_json_stdout_is_transformed_into_typed_outputs(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let data = serde_json::to_string(&produced()).expect("json");
    let produce = scope
        .shell_action("produce", &format!("printf '%s\\n' '{data}'"), json!({}))
        .await?;
    let echo = scope.echo_action().await?;
    let workflow = scope
        .workflow("transform")
        .raw_task(json!({
            "name": "produce",
            "action": produce.r#ref,
            "input": {},
            "next": [{"when": "{{ succeeded() }}", "do": ["consume"]}]
        }))
        .raw_task(json!({
            "name": "consume",
            "action": echo.r#ref,
            "input": {"message": "{{ upper(task.produce.name) }} has {{ length(task.produce.items) }} items"},
            "next": [{
                "when": "{{ succeeded() }}",
                "publish": [
                    {"item_count": "{{ length(task.produce.items) }}"},
                    {"doubled": "{{ task.produce.count * 2 + 1 }}"},
                    {"total": "{{ sum(task.produce.prices) }}"},
                    {"shout": "{{ upper(task.produce.name) }}"},
                    {"joined": "{{ join(task.produce.items, \"-\") }}"},
                    {"replicas_left": "{{ task.produce.meta.replicas - 1 }}"},
                    {"first_item": "{{ task.produce.items[0] }}"},
                    {"items": "{{ task.produce.items }}"},
                    {"meta": "{{ task.produce.meta }}"},
                    {"enabled": "{{ task.produce.enabled }}"},
                    {"label": "{{ task.produce.name }}-{{ task.produce.meta.env }}"}
                ]
            }]
        }))
        .output("item_count", json!("{{ workflow.item_count }}"))
        .output("doubled", json!("{{ workflow.doubled }}"))
        .output("total", json!("{{ workflow.total }}"))
        .output("shout", json!("{{ workflow.shout }}"))
        .output("joined", json!("{{ workflow.joined }}"))
        .output("replicas_left", json!("{{ workflow.replicas_left }}"))
        .output("first_item", json!("{{ workflow.first_item }}"))
        .output("items", json!("{{ workflow.items }}"))
        .output("meta", json!("{{ workflow.meta }}"))
        .output("enabled", json!("{{ workflow.enabled }}"))
        .output("label", json!("{{ workflow.label }}"))
        .output("direct_count", json!("{{ length(task.produce.items) + task.produce.count }}"))
        .create()
        .await?;

    let started = scope.execute(&workflow.r#ref, json!({})).await?;
    let done = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, done.id).await?;
    let produce_run = only_completed(&kids, "produce");
    assert_eq!(
        serde_json::from_str::<Value>(stdout_line(produce_run).as_str()).ok(),
        Some(produced()),
        "the producer printed its JSON: {}",
        produce_run.result
    );
    let consume = only_completed(&kids, "consume");
    assert_eq!(
        stdout_line(consume),
        "ATTUNE has 4 items",
        "task input rendered from the parsed stdout"
    );

    let r = &done.result;
    let get = |key: &str| output(r, key).cloned().unwrap_or(Value::Null);
    assert_eq!(get("item_count"), json!(4), "length() is a number: {r}");
    assert_eq!(get("doubled"), json!(9), "arithmetic keeps integers: {r}");
    assert_eq!(
        get("total").as_f64(),
        Some(8.0),
        "sum() of the prices is a number: {r}"
    );
    assert_eq!(get("shout"), json!("ATTUNE"), "{r}");
    assert_eq!(get("joined"), json!("alpha-beta-gamma-delta"), "{r}");
    assert_eq!(get("replicas_left"), json!(2), "{r}");
    assert_eq!(get("first_item"), json!("alpha"), "{r}");
    assert_eq!(
        get("items"),
        json!(["alpha", "beta", "gamma", "delta"]),
        "an array stays an array: {r}"
    );
    assert_eq!(
        get("meta"),
        json!({"env": "staging", "replicas": 3}),
        "an object stays an object: {r}"
    );
    assert_eq!(get("enabled"), json!(true), "a bool stays a bool: {r}");
    assert_eq!(
        get("label"),
        json!("attune-staging"),
        "mixed text is a string: {r}"
    );
    assert_eq!(get("direct_count"), json!(8), "{r}");
    Ok(())
}
