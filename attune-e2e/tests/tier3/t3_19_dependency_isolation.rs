//! T3.19 — dependency isolation: two packs pin different versions of the same dependency (`six` 1.16.0 vs
//! 1.15.0 from PyPI, `is-number` 7.0.0 vs 6.0.0 from npm) and each pack's action sees its own version, also
//! when both run at once. Needs the registries: not applicable when they are unreachable.

use attune_client::models::ExecutionStatus;
use attune_testkit::packs::Registry;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::packs::{fixture_dir, fixture_variant, run_with_deps};

#[rstest]
#[case::python(Registry::PyPi, "py_six", "/data/six", "1.16.0", "1.15.0")]
#[case::nodejs(Registry::Npm, "node_isnum", "/data/version", "7.0.0", "6.0.0")]
#[tokio::test]
async fn t3_19_each_pack_sees_its_own_dependency_version(
    #[future(awt)] scope: Scope,
    #[case] registry: Registry,
    #[case] action: &str,
    #[case] pointer: &str,
    #[case] v_a: &str,
    #[case] v_b: &str,
) -> Result<()> {
    let older = fixture_variant(|dir| {
        std::fs::write(dir.join("requirements.txt"), "six==1.15.0\n")?;
        let pkg = std::fs::read_to_string(dir.join("package.json"))?;
        std::fs::write(dir.join("package.json"), pkg.replace("7.0.0", "6.0.0"))
    })?;
    let a = scope.pack_from_dir(fixture_dir()).await?;
    let b = scope.pack_from_dir(older.path()).await?;
    assert_ne!(a.pack_ref, b.pack_ref);
    let params = json!({"value": "1", "text": "x"});
    let (act_a, act_b) = (a.component(action), b.component(action));
    let (ra, rb) = tokio::join!(
        run_with_deps(&scope, registry, &act_a, params.clone()),
        run_with_deps(&scope, registry, &act_b, params.clone()),
    );
    let (ra, rb) = (ra?, rb?);
    assert_eq!(ra.status, ExecutionStatus::Completed, "{}", ra.result);
    assert_eq!(rb.status, ExecutionStatus::Completed, "{}", rb.result);
    assert_eq!(
        ra.result.pointer(pointer),
        Some(&json!(v_a)),
        "{}",
        ra.result
    );
    assert_eq!(
        rb.result.pointer(pointer),
        Some(&json!(v_b)),
        "{}",
        rb.result
    );
    // and again, in the other order, from the environments already built
    let rb2 = run_with_deps(&scope, registry, &act_b, params.clone()).await?;
    let ra2 = run_with_deps(&scope, registry, &act_a, params).await?;
    assert_eq!(
        ra2.result.pointer(pointer),
        Some(&json!(v_a)),
        "{}",
        ra2.result
    );
    assert_eq!(
        rb2.result.pointer(pointer),
        Some(&json!(v_b)),
        "{}",
        rb2.result
    );
    Ok(())
}
