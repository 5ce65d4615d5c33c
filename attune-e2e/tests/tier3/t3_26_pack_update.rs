//! T3.26 — pack update: re-uploading a changed version of an installed pack with `force=true` replaces it in
//! place (same pack id, new version); new executions get the new behaviour, executions that ran before keep
//! their results, and a component dropped from the new version is gone. Without `force` the re-upload is a
//! 409. No dependency download (shell action only).

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::packs::{fixture_dir, fixture_variant, ENV_BUILD};

#[rstest]
#[tokio::test]
async fn t3_26_force_reupload_changes_behaviour_and_keeps_history(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let v1 = scope.pack_from_dir(fixture_dir()).await?;
    let greet = v1.component("greet");
    let before = scope.run(&greet, json!({"name": "ann"}), ENV_BUILD).await?;
    assert_eq!(
        before.status,
        ExecutionStatus::Completed,
        "{}",
        before.result
    );
    assert_eq!(before.result["data"]["greeting"], "hello ann");

    let newer = fixture_variant(|dir| {
        let sh = std::fs::read_to_string(dir.join("actions/greet.sh"))?;
        std::fs::write(
            dir.join("actions/greet.sh"),
            sh.replace("word=\"hello\"", "word=\"hi\""),
        )?;
        let yaml = std::fs::read_to_string(dir.join("pack.yaml"))?;
        std::fs::write(
            dir.join("pack.yaml"),
            yaml.replace("\"1.0.0\"", "\"1.1.0\""),
        )?;
        std::fs::remove_file(dir.join("actions/node_isnum.yaml"))?;
        std::fs::remove_file(dir.join("actions/node_isnum.js"))
    })?;

    // a new version without force: refused (409), nothing changes
    let refused = scope
        .upload_pack_version(&v1, newer.path(), false)
        .await
        .expect_err("re-upload without force");
    let status = refused.as_client().and_then(|e| e.status());
    assert_eq!(status, Some(409), "{refused}");
    let still = scope.run(&greet, json!({"name": "ann"}), ENV_BUILD).await?;
    assert_eq!(still.result["data"]["greeting"], "hello ann");

    let v2 = scope.update_pack_from_dir(&v1, newer.path()).await?;
    assert_eq!(v2.install.pack.id, v1.install.pack.id, "updated in place");
    assert_eq!(v2.install.pack.version, "1.1.0");
    let after = scope.run(&greet, json!({"name": "ann"}), ENV_BUILD).await?;
    assert_eq!(after.status, ExecutionStatus::Completed, "{}", after.result);
    assert_eq!(after.result["data"]["greeting"], "hi ann");
    let old = scope.client().executions().get(before.id).await?;
    assert_eq!(
        old.result["data"]["greeting"], "hello ann",
        "history keeps its result"
    );
    let gone = scope
        .client()
        .actions()
        .get(&v1.component("node_isnum"))
        .await
        .expect_err("dropped action");
    assert!(gone.is_not_found(), "expected 404, got {gone}");
    Ok(())
}
