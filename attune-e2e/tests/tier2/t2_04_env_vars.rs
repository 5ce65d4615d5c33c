//! T2.4 (data into actions) — `env_vars` of `POST /api/v1/executions/execute` reach the action's environment
//! and are stored on the execution. Request entries named `ATTUNE_*` never override the platform's own
//! variables (platform-semantics §6). On the June 2026 server the variables are stored but never reach the
//! action: an upstream bug this test keeps reporting (docs/live-compatibility.md, B8).

use std::collections::BTreeMap;

use attune_client::models::{ExecuteRequest, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_execution_terminal;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::SHORT;

#[rstest]
#[case::one_variable(vec![("GREETING", "hello")])]
#[case::value_with_spaces(vec![("GREETING", "hello brave new world")])]
#[case::two_variables(vec![("GREETING", "hi"), ("TARGET", "prod-eu")])]
#[tokio::test]
async fn t2_4_execution_env_vars_reach_the_action(
    #[future(awt)] scope: Scope,
    #[case] vars: Vec<(&str, &str)>,
) -> Result<()> {
    let action = scope
        .shell_action(
            "envvars",
            r#"printf 'GREETING=%s\n' "${GREETING:-unset}"; printf 'TARGET=%s\n' "${TARGET:-unset}""#,
            json!({}),
        )
        .await?;
    let env_vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut req = ExecuteRequest::new(action.r#ref.clone());
    req.env_vars = env_vars.clone();
    let started = scope.client().executions().execute(&req).await?;
    let done = wait_for_execution_terminal(scope.client(), started.id, SHORT).await?;
    assert_eq!(done.status, ExecutionStatus::Completed, "{done:?}");
    let stdout = done.result["stdout"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for name in ["GREETING", "TARGET"] {
        let expected = env_vars.get(name).map(String::as_str).unwrap_or("unset");
        assert!(
            stdout.contains(&format!("{name}={expected}\n")),
            "the action should see {name}={expected:?} from env_vars; stdout was {stdout:?}"
        );
    }
    Ok(())
}
