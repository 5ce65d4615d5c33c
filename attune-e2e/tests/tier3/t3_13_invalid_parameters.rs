//! T3.13 — invalid action parameters. Manual `POST /executions/execute` does not validate parameters against
//! the schema (platform-semantics §7.5): the execution is created and the action's own script decides (here:
//! it exits 1 without `url`). Rule creation does validate `action_params` against the action's schema: a
//! required parameter missing at top level is a 422 `VALIDATION_ERROR` naming the action and the schema
//! violation (what a real Attune answers); templates are accepted for any type (§3.4).

use attune_client::models::{Action, CreateRuleRequest, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;
use crate::tier3::helpers::*;

const SCRIPT: &str = r#"if [ -z "${url:-}" ]; then echo "ERROR: Missing required parameter: url" >&2; exit 1; fi
printf 'url=%s timeout=%s\n' "$url" "${timeout:-30}""#;

async fn fetcher(scope: &Scope) -> Result<Action> {
    scope
        .shell_action(
            "fetch",
            SCRIPT,
            json!({
                "url": {"type": "string", "required": true, "description": "what to fetch"},
                "timeout": {"type": "integer", "default": 30}
            }),
        )
        .await
}

#[rstest]
#[case::missing_required(json!({"timeout": 60}), None)]
#[case::no_parameters_at_all(json!({}), None)]
#[case::extra_parameters_tolerated(json!({"url": "http://example.invalid/a", "extra": "ignored", "n": 3}), Some("url=http://example.invalid/a timeout=30\n"))]
#[case::wrong_type_not_validated(json!({"url": "http://example.invalid/b", "timeout": "sixty"}), Some("url=http://example.invalid/b timeout=sixty\n"))]
#[case::valid(json!({"url": "http://example.invalid/c", "timeout": 5}), Some("url=http://example.invalid/c timeout=5\n"))]
#[tokio::test]
async fn t3_13_manual_execute_does_not_validate_parameters(
    #[future(awt)] scope: Scope,
    #[case] parameters: Value,
    #[case] stdout: Option<&str>,
) -> Result<()> {
    let action = fetcher(&scope).await?;
    // Accepted as is: 201 with status requested, not a 400.
    let created = scope.execute(&action.r#ref, parameters.clone()).await?;
    assert_eq!(created.action_ref, action.r#ref);
    assert_eq!(
        created.config, parameters,
        "the parameters are stored as sent (no defaults, no validation)"
    );

    let done =
        attune_testkit::waiters::wait_for_execution_terminal(scope.client(), created.id, SHORT)
            .await?;
    match stdout {
        Some(expected) => {
            assert_eq!(done.status, ExecutionStatus::Completed, "{}", done.result);
            assert_eq!(done.stdout(), Some(expected));
        }
        None => {
            assert_eq!(
                done.status,
                ExecutionStatus::Failed,
                "the action's own check fails it: {}",
                done.result
            );
            assert_eq!(done.exit_code(), Some(1));
            assert_eq!(done.result["succeeded"], false);
            let error = done.result["error"].as_str().unwrap_or_default();
            assert!(
                error.contains("Missing required parameter: url"),
                "the script's stderr is the error: {}",
                done.result
            );
        }
    }
    Ok(())
}

#[rstest]
#[case::required_missing(json!({"timeout": 5}), Some(422))]
#[case::required_missing_empty_object(json!({}), Some(422))]
#[case::all_literal(json!({"url": "http://example.invalid", "timeout": 5}), None)]
#[case::required_as_template(json!({"url": "{{ event.payload.url }}"}), None)]
#[case::integer_as_template(json!({"url": "http://example.invalid", "timeout": "{{ event.payload.timeout }}"}), None)]
#[tokio::test]
async fn t3_13_rule_creation_validates_action_params(
    #[future(awt)] scope: Scope,
    #[case] action_params: Value,
    #[case] refused: Option<u16>,
) -> Result<()> {
    let action = fetcher(&scope).await?;
    let hook = scope.webhook_trigger().await?;
    match refused {
        Some(status) => {
            let rule_ref = scope.component_ref("badrule");
            let mut req = CreateRuleRequest::new(
                rule_ref.clone(),
                scope.pack(),
                "bad rule",
                &action.r#ref,
                &hook.trigger_ref,
            );
            req.action_params = Some(action_params);
            let err = expect_status(
                scope.client().rules().create(&req).await,
                status,
                "a rule missing a required action param",
            )?;
            assert_eq!(err.code(), Some("VALIDATION_ERROR"), "{err}");
            let body: Value =
                serde_json::from_str(err.body().unwrap_or_default()).map_err(|e| {
                    attune_testkit::TestkitError::Other(format!("{err}: body is not JSON: {e}"))
                })?;
            assert_eq!(
                body["error"],
                format!(
                    "Invalid parameters for action '{}': \"url\" is a required property",
                    action.r#ref
                ),
                "{body}"
            );
            expect_status(
                scope.client().rules().get(&rule_ref).await,
                404,
                "the refused rule was not stored",
            )?;
        }
        None => {
            let rule = scope
                .rule(&hook.trigger_ref, &action.r#ref)
                .action_params(action_params.clone())
                .create()
                .await?;
            assert_eq!(
                rule.action_params, action_params,
                "the rule keeps its templates verbatim"
            );
        }
    }
    Ok(())
}
