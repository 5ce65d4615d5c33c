//! T2.11 — a sequential workflow. Attune has no `depends_on`: order comes from `next` transitions
//! (`when: "{{ succeeded() }}"`, `do: [next]`); `publish` sets workflow variables that later tasks read as
//! `workflow.<var>`, `task.<name>` is the earlier task's **result** (`exit_code`, `stdout`, and the fields of
//! a JSON object printed on stdout; there is no `task.<name>.status`, live note G5), and the rendered
//! `output_map` is the workflow's result, pure templates keeping their JSON type (platform-semantics §8,
//! api-contract §2.15).

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_execution_status;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::tier2::helpers::*;

#[rstest]
#[case::two_tasks(2)]
#[case::three_tasks(3)]
#[case::five_tasks(5)]
#[tokio::test]
async fn t2_11_tasks_run_in_order_and_pass_data(
    #[future(awt)] scope: Scope,
    #[case] n: usize,
) -> Result<()> {
    // Prints `{"said": "<message>"}`: the next task reads `task.<name>.said` (a field parsed from stdout).
    let echo = scope
        .shell_action(
            "jsonecho",
            r#"printf '{"said": "%s"}\n' "$message""#,
            json!({"message": {"type": "string", "required": true}}),
        )
        .await?;
    let mut builder = scope
        .workflow("seq")
        .param_schema(json!({
            "name": {"type": "string", "required": true},
            "count": {"type": "integer", "required": true}
        }))
        .var("greeting", json!("hi"))
        .var("trail", json!("start"))
        .output("trail", json!("{{ workflow.trail }}"))
        .output("name", json!("{{ parameters.name }}"))
        .output("count", json!("{{ parameters.count }}"))
        .output("greeting", json!("{{ workflow.greeting }}"));
    for i in 0..n {
        let name = format!("t{i}");
        let message = if i == 0 {
            "{{ workflow.greeting }} {{ parameters.name }}".to_string()
        } else {
            format!(
                "{{{{ workflow.trail }}}}|prev={{{{ task.t{p}.said }}}}|exit={{{{ task.t{p}.exit_code }}}}",
                p = i - 1
            )
        };
        let mut transition = json!({
            "when": "{{ succeeded() }}",
            "publish": [{"trail": format!("{{{{ workflow.trail }}}}>{name}")}]
        });
        if i + 1 < n {
            transition["do"] = json!([format!("t{}", i + 1)]);
        }
        builder = builder.raw_task(json!({
            "name": name,
            "action": echo.r#ref,
            "input": {"message": message},
            "next": [transition]
        }));
    }
    let workflow = builder.create().await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"name": "ada", "count": 3}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    assert_eq!(kids.len(), n, "one child per task:\n  {}", brief(&kids));

    let mut trail = "start".to_string();
    let mut previous: Option<&attune_client::models::Execution> = None;
    let mut previous_said = String::new();
    for i in 0..n {
        let runs = of_task(&kids, &format!("t{i}"));
        assert_eq!(runs.len(), 1, "t{i}:\n  {}", brief(&kids));
        let run = runs[0];
        assert_eq!(
            run.status,
            ExecutionStatus::Completed,
            "t{i}: {}",
            run.result
        );
        let expected = if i == 0 {
            "hi ada".to_string()
        } else {
            format!("{trail}|prev={previous_said}|exit=0")
        };
        let printed: serde_json::Value = serde_json::from_str(&stdout_line(run))
            .unwrap_or_else(|e| panic!("t{i} printed JSON: {e}: {}", run.result));
        assert_eq!(
            printed["said"],
            json!(expected),
            "t{i} read the published variables and the previous task's result"
        );
        previous_said = expected;
        if let Some(prev) = previous {
            assert!(
                ended_at(prev) <= started_at(run) && prev.id < run.id,
                "t{i} starts only after t{} ended",
                i - 1
            );
        }
        trail = format!("{trail}>t{i}");
        previous = Some(run);
    }

    let result = &parent.result;
    assert_eq!(
        output(result, "trail"),
        Some(&json!(trail)),
        "output_map in the result: {result}"
    );
    assert_eq!(output(result, "name"), Some(&json!("ada")), "{result}");
    assert_eq!(output(result, "greeting"), Some(&json!("hi")), "{result}");
    assert_eq!(
        output(result, "count"),
        Some(&json!(3)),
        "a pure template keeps the number type: {result}"
    );
    Ok(())
}
