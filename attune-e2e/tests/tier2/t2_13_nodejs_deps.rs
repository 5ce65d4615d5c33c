//! T2.13 — a pack with Node.js dependencies: the fixture pack's `package.json` (`is-number@7.0.0`) is
//! installed for the pack (`npm install`) and its Node.js action `require`s it. Needs the npm registry: not
//! applicable when it is unreachable.

use attune_client::models::ExecutionStatus;
use attune_testkit::packs::Registry;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::packs::{fixture_dir, run_with_deps};

#[rstest]
#[case::a_number("42", true)]
#[case::not_a_number("forty-two", false)]
#[tokio::test]
async fn t2_13_node_action_requires_its_pack_dependency(
    #[future(awt)] scope: Scope,
    #[case] value: &str,
    #[case] is_number: bool,
) -> Result<()> {
    let pack = scope.pack_from_dir(fixture_dir()).await?;
    let exec = run_with_deps(
        &scope,
        Registry::Npm,
        &pack.component("node_isnum"),
        json!({"value": value}),
    )
    .await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(
        exec.result["data"],
        json!({"is_number": is_number, "version": "7.0.0"}),
        "{}",
        exec.result
    );
    Ok(())
}
