//! T3.21 — output size limits (platform-semantics §7.3, api-contract §2.12): stdout and stderr are captured
//! into bounded buffers (`max_stdout_bytes` / `max_stderr_bytes`, 10 MiB by default); what does not fit is
//! dropped and the result says so with `stdout_truncated` / `stdout_bytes_truncated` (and the stderr twins).
//! Output within the limit is kept whole and flagged nothing.

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

const MIB: u64 = 1024 * 1024;

/// `bytes` of output made of 1 KiB lines (1023 `x` and a newline) on `fd` (1 or 2), then `exit <code>`.
fn script(bytes: u64, fd: u8, code: i32) -> String {
    format!("yes \"$(head -c 1023 /dev/zero | tr '\\0' x)\" | head -c {bytes} >&{fd}\nexit {code}")
}

#[rstest]
#[case::stdout_over_the_cap(1, 11 * MIB)]
#[case::stderr_over_the_cap(2, 11 * MIB)]
#[tokio::test]
async fn t3_21_output_beyond_the_cap_is_truncated_and_flagged(
    #[future(awt)] scope: Scope,
    #[case] fd: u8,
    #[case] bytes: u64,
) -> Result<()> {
    // A failing run: the result shape for truncation is documented for `failed` results (§7.3).
    let action = scope
        .shell_action("flood", &script(bytes, fd, 3), json!({}))
        .await?;
    let done = scope.run(&action.r#ref, json!({}), SHORT).await?;
    assert_eq!(done.status, ExecutionStatus::Failed, "exit 3 fails the run");
    assert_eq!(
        done.exit_code(),
        Some(3),
        "the exit code survives the flood"
    );
    let (stream, other) = if fd == 1 {
        ("stdout", "stderr")
    } else {
        ("stderr", "stdout")
    };
    assert_eq!(
        done.result[format!("{stream}_truncated")],
        true,
        "{stream} is flagged truncated"
    );
    let dropped = done.result[format!("{stream}_bytes_truncated")]
        .as_u64()
        .unwrap_or(0);
    assert!(
        dropped > 0 && dropped <= bytes,
        "{stream}_bytes_truncated = {dropped}, of {bytes} written"
    );
    assert!(
        done.result.get(format!("{other}_truncated")).is_none(),
        "{other} was not truncated"
    );
    if fd == 1 {
        let kept = done.stdout().unwrap_or_default().len() as u64;
        assert!(kept < bytes, "stdout kept {kept} of {bytes} bytes");
        assert!(
            kept + dropped >= bytes - 2048 && kept + dropped <= bytes + 2048,
            "kept {kept} + dropped {dropped} ≈ {bytes}"
        );
        assert!(kept >= MIB, "the buffer kept a large prefix ({kept} bytes)");
    } else {
        assert!(
            done.result.get("stderr").is_none(),
            "stderr text is not stored in the result (only stderr_log)"
        );
    }
    Ok(())
}

#[rstest]
#[case::one_kib(1024)]
#[case::two_mib(2 * MIB)]
#[tokio::test]
async fn t3_21_output_within_the_cap_is_kept_whole(
    #[future(awt)] scope: Scope,
    #[case] bytes: u64,
) -> Result<()> {
    let action = scope
        .shell_action("talk", &script(bytes, 1, 0), json!({}))
        .await?;
    let done = scope.run(&action.r#ref, json!({}), SHORT).await?;
    assert_eq!(
        done.status,
        ExecutionStatus::Completed,
        "{}",
        done.result.get("error").cloned().unwrap_or_default()
    );
    assert_eq!(
        done.stdout().unwrap_or_default().len() as u64,
        bytes,
        "all of stdout is kept"
    );
    assert!(
        done.result.get("stdout_truncated").is_none(),
        "nothing is flagged truncated"
    );
    assert!(done.result.get("stdout_bytes_truncated").is_none());
    Ok(())
}
