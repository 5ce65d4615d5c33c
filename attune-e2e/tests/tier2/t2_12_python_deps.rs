//! T2.12 — a pack with Python dependencies: the fixture pack (`fixtures/packs/e2e_fixture`) is uploaded
//! as an archive (`POST /api/v1/packs/upload`), its `requirements.txt` (`six==1.16.0`) is installed into the
//! pack's own virtualenv, and its Python action imports `six` from there. A second run reuses the
//! environment (same interpreter). Needs PyPI: not applicable when it is unreachable. The same pack's
//! shell action (dotenv parameters on stdin), file workflow and file rule (on the pack's own trigger) run
//! without any download.

use attune_client::models::ExecutionStatus;
use attune_testkit::packs::Registry;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::packs::{fixture_dir, run_with_deps, ENV_BUILD};

#[rstest]
#[tokio::test]
async fn t2_12_python_action_imports_its_pack_dependency(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let pack = scope.pack_from_dir(fixture_dir()).await?;
    assert_eq!(pack.install.pack.r#ref, pack.pack_ref);
    let action = pack.component("py_six");
    let first = run_with_deps(&scope, Registry::PyPi, &action, json!({"text": "héllo"})).await?;
    assert_eq!(first.status, ExecutionStatus::Completed, "{}", first.result);
    assert_eq!(first.result["data"]["six"], "1.16.0", "{}", first.result);
    assert_eq!(first.result["data"]["text"], "héllo");
    let second = run_with_deps(&scope, Registry::PyPi, &action, json!({})).await?;
    assert_eq!(
        second.status,
        ExecutionStatus::Completed,
        "{}",
        second.result
    );
    assert_eq!(
        second.result["data"]["python"], first.result["data"]["python"],
        "the second run reuses the pack's environment"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_12_shell_action_and_workflow_run_from_the_pack_files(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let pack = scope.pack_from_dir(fixture_dir()).await?;
    let greet = scope
        .run(&pack.component("greet"), json!({"name": "ann"}), ENV_BUILD)
        .await?;
    assert_eq!(greet.status, ExecutionStatus::Completed, "{}", greet.result);
    assert_eq!(greet.result["data"], json!({"greeting": "hello ann"}));
    let flow = scope
        .run(
            &pack.component("greet_twice"),
            json!({"first": "ann", "second": "bob"}),
            ENV_BUILD,
        )
        .await?;
    assert_eq!(flow.status, ExecutionStatus::Completed, "{}", flow.result);
    assert_eq!(flow.result["first"], "hello ann", "{}", flow.result);
    assert_eq!(flow.result["second"], "hello bob", "{}", flow.result);
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_12_pack_rule_fires_on_the_pack_trigger(#[future(awt)] scope: Scope) -> Result<()> {
    let pack = scope.pack_from_dir(fixture_dir()).await?;
    let trigger = scope
        .client()
        .triggers()
        .enable_webhook(&pack.component("ping"))
        .await?;
    let key = trigger.webhook_key.expect("webhook key");
    scope
        .client()
        .webhooks()
        .fire(&key, &json!({"who": "carol"}))
        .await?;
    let rule = pack.component("on_ping");
    let done = attune_testkit::waiters::wait_for_terminal_executions(
        scope.client(),
        crate::support::by_rule(&rule),
        1,
        ENV_BUILD,
    )
    .await?;
    let exec = scope.client().executions().get(done[0].id).await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(exec.action_ref, pack.component("greet"));
    assert_eq!(exec.result["data"], json!({"greeting": "hello carol"}));
    Ok(())
}
