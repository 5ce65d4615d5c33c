//! `Scope::pack_from_dir` and pack versions against the target (the embedded emulator by default, or the
//! live Attune named by `ATTUNE_API_URL`): unique refs, refs rewritten inside the pack, actions running
//! from the pack's files, `force` updates, and clean-up deleting the pack.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use attune_client::models::ExecutionStatus;
use attune_testkit::packs::{registry_failure, Registry};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

const RUN: Duration = Duration::from_secs(60);

fn write_pack(dir: &Path, word: &str, version: &str) {
    let w = |p: &str, c: &str| {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, c).unwrap();
    };
    w(
        "pack.yaml",
        &format!("ref: tkdemo\nlabel: Testkit demo\nversion: \"{version}\"\n"),
    );
    w(
        "actions/say.yaml",
        "ref: tkdemo.say\nrunner_type: shell\nentry_point: say.sh\noutput_format: json\n",
    );
    w(
        "actions/say.sh",
        &format!("#!/bin/sh\ncat >/dev/null\nprintf '{{\"said\": \"{word}\"}}\\n'\n"),
    );
    w(
        "workflows/twice.yaml",
        "ref: tkdemo.twice\nlabel: Twice\nversion: \"1\"\ntasks:\n  - name: a\n    action: tkdemo.say\n    next:\n      - when: \"{{ succeeded() }}\"\n        do: [b]\n  - name: b\n    action: tkdemo.say\noutput_map:\n  said: \"{{ task.b.said }}\"\n",
    );
}

#[rstest]
#[tokio::test]
async fn pack_from_dir_installs_under_a_unique_ref_and_cleans_up(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let dir = tempfile::tempdir().unwrap();
    write_pack(dir.path(), "hello", "1.0.0");
    let a = scope.pack_from_dir(dir.path()).await?;
    let b = scope.pack_from_dir(dir.path()).await?;
    assert_eq!(a.original_ref, "tkdemo");
    assert!(a.pack_ref.starts_with("tkdemo_"), "{}", a.pack_ref);
    assert_ne!(a.pack_ref, b.pack_ref);
    assert_eq!(a.install.pack.r#ref, a.pack_ref);
    let say = scope.run(&a.component("say"), json!({}), RUN).await?;
    assert_eq!(say.status, ExecutionStatus::Completed, "{}", say.result);
    assert_eq!(say.result["data"]["said"], "hello");
    // the workflow's task refs were rewritten to the unique pack
    let wf = scope.run(&b.component("twice"), json!({}), RUN).await?;
    assert_eq!(wf.status, ExecutionStatus::Completed, "{}", wf.result);
    assert_eq!(wf.result["said"], "hello");
    let client = scope.client().clone();
    scope.clean_up().await;
    for p in [&a.pack_ref, &b.pack_ref] {
        let err = client
            .packs()
            .get(p)
            .await
            .expect_err("deleted by clean-up");
        assert!(err.is_not_found(), "{err}");
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn a_new_version_needs_force(#[future(awt)] scope: Scope) -> Result<()> {
    let v1 = tempfile::tempdir().unwrap();
    write_pack(v1.path(), "one", "1.0.0");
    let v2 = tempfile::tempdir().unwrap();
    write_pack(v2.path(), "two", "2.0.0");
    let pack = scope.pack_from_dir(v1.path()).await?;
    let refused = scope
        .upload_pack_version(&pack, v2.path(), false)
        .await
        .expect_err("exists");
    assert_eq!(refused.as_client().and_then(|e| e.status()), Some(409));
    let updated = scope.update_pack_from_dir(&pack, v2.path()).await?;
    assert_eq!(updated.install.pack.id, pack.install.pack.id);
    assert_eq!(updated.install.pack.version, "2.0.0");
    let say = scope.run(&pack.component("say"), json!({}), RUN).await?;
    assert_eq!(say.result["data"]["said"], "two");
    Ok(())
}

#[test]
fn registry_failures_are_told_apart_from_other_install_errors() {
    let offline = "pip install failed (exit code 1):\nWARNING: Retrying ... Failed to establish a new connection: [Errno -3] Temporary failure in name resolution";
    assert!(registry_failure(Registry::PyPi, offline).is_some());
    let npm = "npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/is-number failed";
    assert!(registry_failure(Registry::Npm, npm).is_some());
    let real = "ERROR: No matching distribution found for six==99.0";
    assert!(registry_failure(Registry::PyPi, real).is_none());
}
