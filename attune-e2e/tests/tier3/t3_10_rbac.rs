//! T3.10 — RBAC with the built-in permission sets (platform-semantics §12.2, 403-vs-404 table §12.4):
//! `core.viewer` reads but may not create or execute (403); `core.executor` reads and executes `core.echo` but
//! may not create (403); `core.admin` may do all of it.

use attune_client::models::{
    CreateActionRequest, CreatePackRequest, CreateRuleRequest, ExecuteRequest, ExecutionStatus,
    ListActionsParams, ListPacksParams, ListRulesParams,
};
use attune_testkit::waiters::wait_for_execution_terminal;
use attune_testkit::{unique_ref, Cleanup, Resource, Result, TestEnv, TestUser};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Viewer,
    Executor,
    Admin,
}

impl Role {
    fn set(self) -> &'static str {
        match self {
            Role::Viewer => "core.viewer",
            Role::Executor => "core.executor",
            Role::Admin => "core.admin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    CreatePack,
    CreateAction,
    CreateRule,
    ExecuteCoreEcho,
}

fn allowed(role: Role, op: Op) -> bool {
    match op {
        Op::Read => true,
        Op::ExecuteCoreEcho => role != Role::Viewer,
        Op::CreatePack | Op::CreateAction | Op::CreateRule => role == Role::Admin,
    }
}

/// The pack a user creates components in: its own (admin) or `core` (denied roles own none).
async fn target_pack(user: &TestUser, role: Role, cleanup: &Cleanup) -> Result<String> {
    if role != Role::Admin {
        return Ok("core".to_string());
    }
    let pack = unique_ref("rbac");
    user.client
        .packs()
        .create(&CreatePackRequest::new(pack.clone(), "rbac pack", "1.0.0"))
        .await?;
    cleanup
        .track(&user.client, Resource::Pack(pack.clone()))
        .await;
    Ok(pack)
}

#[rstest]
#[tokio::test]
async fn t3_10_permission_sets_gate_each_operation(
    #[values(Role::Viewer, Role::Executor, Role::Admin)] role: Role,
    #[values(
        Op::Read,
        Op::CreatePack,
        Op::CreateAction,
        Op::CreateRule,
        Op::ExecuteCoreEcho
    )]
    op: Op,
) -> Result<()> {
    let env = TestEnv::get().await?;
    let user = env.new_user_with(role.set()).await?;
    let cleanup = Cleanup::new(env.base_url());
    let client = &user.client;
    let what = format!("{op:?} as {}", role.set());
    let want = allowed(role, op);

    match op {
        Op::Read => {
            let packs = client
                .packs()
                .list(&ListPacksParams {
                    q: Some("core".into()),
                    ..Default::default()
                })
                .await?;
            assert!(
                packs.items.iter().any(|p| p.r#ref == "core"),
                "{what}: the core pack is listed"
            );
            client.packs().get("core").await?;
            let actions = client
                .actions()
                .list(&ListActionsParams {
                    q: Some("echo".into()),
                    ..Default::default()
                })
                .await?;
            assert!(
                actions.items.iter().any(|a| a.r#ref == "core.echo"),
                "{what}: core.echo is listed"
            );
            client.actions().get("core.echo").await?;
            client.rules().list(&ListRulesParams::default()).await?;
        }
        Op::CreatePack => {
            let pack = unique_ref("rbac");
            let result = client
                .packs()
                .create(&CreatePackRequest::new(pack.clone(), "rbac pack", "1.0.0"))
                .await;
            if want {
                let created =
                    result.map_err(|e| attune_testkit::TestkitError::client(what.clone(), e))?;
                cleanup.track(client, Resource::Pack(pack.clone())).await;
                assert_eq!(created.r#ref, pack);
                assert_eq!(
                    client.packs().get(&pack).await?.r#ref,
                    pack,
                    "{what}: the creator reads its pack"
                );
            } else {
                expect_status(result, 403, &what)?;
                expect_status(
                    env.admin().await?.packs().get(&pack).await,
                    404,
                    "the refused pack does not exist",
                )?;
            }
        }
        Op::CreateAction => {
            let pack = target_pack(&user, role, &cleanup).await?;
            let action_ref = format!("{pack}.{}", unique_ref("rbac"));
            let req =
                CreateActionRequest::new(action_ref.clone(), pack, "rbac action", "echo rbac")
                    .with_runtime_ref("core.shell");
            let result = client.actions().create(&req).await;
            if want {
                result.map_err(|e| attune_testkit::TestkitError::client(what.clone(), e))?;
                cleanup
                    .track(client, Resource::Action(action_ref.clone()))
                    .await;
            } else {
                expect_status(result, 403, &what)?;
                expect_status(
                    env.admin().await?.actions().get(&action_ref).await,
                    404,
                    "the refused action does not exist",
                )?;
            }
        }
        Op::CreateRule => {
            let pack = target_pack(&user, role, &cleanup).await?;
            let rule_ref = format!("{pack}.{}", unique_ref("rbac"));
            let mut req = CreateRuleRequest::new(
                rule_ref.clone(),
                pack,
                "rbac rule",
                "core.echo",
                "core.intervaltimer",
            );
            req.trigger_params = Some(json!({"unit": "seconds", "interval": 3600}));
            req.enabled = Some(false);
            let result = client.rules().create(&req).await;
            if want {
                result.map_err(|e| attune_testkit::TestkitError::client(what.clone(), e))?;
                cleanup
                    .track(client, Resource::Rule(rule_ref.clone()))
                    .await;
            } else {
                expect_status(result, 403, &what)?;
                expect_status(
                    env.admin().await?.rules().get(&rule_ref).await,
                    404,
                    "the refused rule does not exist",
                )?;
            }
        }
        Op::ExecuteCoreEcho => {
            let message = unique_ref("rbac");
            let req = ExecuteRequest::new("core.echo").with_parameters(json!({"message": message}));
            let result = client.executions().execute(&req).await;
            if want {
                let exec =
                    result.map_err(|e| attune_testkit::TestkitError::client(what.clone(), e))?;
                assert_eq!(exec.action_ref, "core.echo");
                assert_eq!(
                    exec.executor,
                    Some(user.id),
                    "{what}: the execution runs as the caller"
                );
                let done = wait_for_execution_terminal(client, exec.id, SHORT).await?;
                assert_eq!(
                    done.status,
                    ExecutionStatus::Completed,
                    "{what}: {}",
                    done.result
                );
            } else {
                expect_status(result, 403, &what)?;
            }
        }
    }
    cleanup.run().await;
    Ok(())
}
