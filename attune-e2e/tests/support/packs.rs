//! The fixture pack (`attune-e2e/fixtures/packs/e2e_fixture`) and running its actions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use attune_client::models::{Execution, ExecutionStatus};
use attune_testkit::packs::{registry_failure, require_registry, Registry};
use attune_testkit::{Result, Scope, TestkitError};

/// A first run may build a virtualenv or `node_modules` (pip/npm download): generous.
pub const ENV_BUILD: Duration = Duration::from_secs(300);

/// The fixture pack's directory.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packs/e2e_fixture")
}

/// A copy of the fixture pack, changed by `edit` (for a second version or a second pack).
pub fn fixture_variant(
    edit: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<tempfile::TempDir> {
    let io = |e: std::io::Error| TestkitError::Other(format!("copying the fixture pack: {e}"));
    let dir = tempfile::tempdir().map_err(io)?;
    copy_dir(&fixture_dir(), dir.path()).map_err(io)?;
    edit(dir.path()).map_err(io)?;
    Ok(dir)
}

fn copy_dir(src: &Path, dst: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dst)?;
    for entry in std::fs::read_dir(src)? {
        let entry = entry?;
        let to = dst.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to)?;
        } else {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    Ok(())
}

/// Runs a pack action whose environment downloads from `registry`: not applicable (not failed)
/// when the registry is unreachable, before the run or as the reason the run failed.
pub async fn run_with_deps(
    scope: &Scope,
    registry: Registry,
    action_ref: &str,
    params: serde_json::Value,
) -> Result<Execution> {
    require_registry(registry).await?;
    let exec = scope.run(action_ref, params, ENV_BUILD).await?;
    if exec.status == ExecutionStatus::Failed {
        let text = exec.result.to_string();
        if let Some(na) = registry_failure(registry, &text) {
            return Err(na);
        }
    }
    Ok(exec)
}
