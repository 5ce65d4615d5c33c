//! T3.11 — system vs user packs (platform-semantics §12.2–12.3): the `core` pack and its public actions are
//! visible to every identity, even one with no grants; `core.echo` runs for a user holding `core.executor`;
//! API-created packs are owner-scoped — another identity, even with `core.admin`, gets 403/404 and does not
//! see them in lists.

use attune_client::models::{ExecuteRequest, ExecutionStatus, ListPacksParams};
use attune_testkit::waiters::wait_for_execution_terminal;
use attune_testkit::{unique_ref, Result, Scope, TestEnv, TestUser};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

async fn user_with(env: &TestEnv, grant: Option<&str>) -> Result<TestUser> {
    match grant {
        Some(set) => env.new_user_with(set).await,
        None => env.new_user().await,
    }
}

#[rstest]
#[case::no_grants(None)]
#[case::viewer(Some("core.viewer"))]
#[case::executor(Some("core.executor"))]
#[case::admin(Some("core.admin"))]
#[tokio::test]
async fn t3_11_core_pack_is_visible_to_every_identity(#[case] grant: Option<&str>) -> Result<()> {
    let env = TestEnv::get().await?;
    let user = user_with(&env, grant).await?;
    let packs = user
        .client
        .packs()
        .list(&ListPacksParams {
            q: Some("core".into()),
            ..Default::default()
        })
        .await?;
    assert!(
        packs.items.iter().any(|p| p.r#ref == "core"),
        "{grant:?}: core is listed: {:?}",
        packs.items
    );
    let core = user.client.packs().get("core").await?;
    assert_eq!(core.r#ref, "core");
    let echo = user.client.actions().get("core.echo").await?;
    assert_eq!(echo.pack_ref, "core", "{grant:?}: core.echo is readable");
    Ok(())
}

#[rstest]
#[case::executor("core.executor")]
#[case::admin("core.admin")]
#[tokio::test]
async fn t3_11_core_echo_runs_for_any_user_allowed_to_execute(#[case] grant: &str) -> Result<()> {
    let env = TestEnv::get().await?;
    let user = env.new_user_with(grant).await?;
    let message = unique_ref("hello");
    let exec = user
        .client
        .executions()
        .execute(&ExecuteRequest::new("core.echo").with_parameters(json!({"message": message})))
        .await?;
    assert_eq!(exec.action_ref, "core.echo");
    let done = wait_for_execution_terminal(&user.client, exec.id, SHORT).await?;
    assert_eq!(
        done.status,
        ExecutionStatus::Completed,
        "{grant}: core.echo runs: {}",
        done.result
    );
    assert!(
        done.stdout().unwrap_or_default().contains(&message),
        "core.echo prints its message: {}",
        done.result
    );
    Ok(())
}

#[rstest]
#[case::other_has_no_grants(None)]
#[case::other_is_core_admin(Some("core.admin"))]
#[tokio::test]
async fn t3_11_user_packs_are_owner_scoped(#[case] other_grant: Option<&str>) -> Result<()> {
    let env = TestEnv::get().await?;
    let owner = env.new_user_with("core.admin").await?;
    let owner_scope = Scope::for_user(&env, &owner).await?;
    let other = user_with(&env, other_grant).await?;

    let own = owner.client.packs().get(owner_scope.pack()).await?;
    assert_eq!(own.r#ref, owner_scope.pack(), "the owner reads its pack");

    expect_status_in(
        other.client.packs().get(owner_scope.pack()).await,
        &[403, 404],
        "another identity reading the pack",
    )?;
    let listed = other
        .client
        .packs()
        .list(&ListPacksParams {
            q: Some(owner_scope.pack().to_string()),
            ..Default::default()
        })
        .await?;
    assert!(
        listed.items.iter().all(|p| p.r#ref != owner_scope.pack()),
        "another identity's list leaves the pack out: {:?}",
        listed.items
    );

    if other_grant.is_some() {
        // The other admin's own pack is equally invisible to the first owner.
        let other_scope = Scope::for_user(&env, &other).await?;
        expect_status_in(
            owner.client.packs().get(other_scope.pack()).await,
            &[403, 404],
            "the owner reading the other pack",
        )?;
        other_scope.clean_up().await;
    }
    owner_scope.clean_up().await;
    Ok(())
}
