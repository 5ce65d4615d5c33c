//! T1.7 — isolation between identities. Attune has no tenant id: isolation is identity ownership plus permission
//! grants. User A (granted `core.admin`) owns a pack, a private action, a webhook trigger, a rule, an execution, an
//! event and an identity key. User B is freshly registered with no grants: reads of A's rows answer 404 (nothing
//! leaks; a June 2026 server answers a reader without the read grant 403) and lists leave them out. User C also
//! holds `core.admin`, yet A's pack and identity key stay invisible to C: API-created packs are owner-scoped and
//! identity keys private. Both API generations scope identity keys to their owner (another identity needs an owner-
//! constrained `keys` grant, which `core.admin` is not); only the key's `ref` differs: as given on June 2026,
//! `identity.<login>.<local_ref>` on attune-sdk 0.5.4. The tests use the `ref` the create call returned.

use attune_client::models::{
    CreateActionRequest, CreateKeyRequest, ExecutionStatus, ListEventsParams, ListExecutionsParams,
    ListKeysParams, ListPacksParams, ListRulesParams, OwnerType, ReferenceVisibility,
};
use attune_client::AttuneClient;
use attune_testkit::waiters::wait_for_terminal_executions;
use attune_testkit::{unique_ref, ApiGeneration, Result, Scope, TestEnv, TestUser};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

struct World {
    a: TestUser,
    a_scope: Scope,
    b: TestUser,
    c: TestUser,
    action_ref: String,
    rule_ref: String,
    execution_id: i64,
    event_id: i64,
    generation: ApiGeneration,
    key_ref: String,
}

async fn world() -> Result<World> {
    let env = TestEnv::get().await?;
    let a = env.new_user_with("core.admin").await?;
    let b = env.new_user().await?;
    let c = env.new_user_with("core.admin").await?;
    let a_scope = Scope::for_user(&env, &a).await?;

    let action = a_scope
        .create_action(
            CreateActionRequest::new(
                a_scope.component_ref("private"),
                a_scope.pack(),
                "private echo",
                "echo private",
            )
            .with_runtime_ref("core.shell")
            .with_reference_visibility(ReferenceVisibility::Private),
        )
        .await?;
    let webhook = a_scope.webhook_trigger().await?;
    let rule = a_scope
        .rule(&webhook.trigger_ref, &action.r#ref)
        .create()
        .await?;
    let receipt = webhook.fire(json!({"owner": a.login})).await?;
    let execs = wait_for_terminal_executions(&a.client, by_rule(&rule.r#ref), 1, SHORT).await?;
    assert_eq!(
        execs[0].status,
        ExecutionStatus::Completed,
        "A's own automation runs"
    );

    let local = unique_ref("mine");
    let generation = env.profile().await?.generation;
    let key = a_scope
        .create_key(
            CreateKeyRequest::new(
                local.clone(),
                local.clone(),
                json!("a-private-value"),
                OwnerType::Identity,
            )
            .with_owner_identity_login(a.login.clone())
            .with_encrypted(true),
        )
        .await?;
    // June 2026 stores the ref as given (owner by numeric id); attune-sdk 0.5.4 builds
    // `identity.<login>.<local_ref>`.
    let expected_ref = match generation {
        ApiGeneration::June2026 => local.clone(),
        _ => format!("identity.{}.{local}", a.login),
    };
    assert_eq!(
        key.r#ref, expected_ref,
        "identity key ref on {generation:?}"
    );
    assert_eq!(key.owner_type, OwnerType::Identity);
    assert_eq!(key.owner_identity, Some(a.id));

    Ok(World {
        action_ref: action.r#ref,
        rule_ref: rule.r#ref,
        execution_id: execs[0].id,
        event_id: receipt.event_id,
        generation,
        key_ref: key.r#ref,
        a,
        a_scope,
        b,
        c,
    })
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Pack,
    Action,
    Rule,
    Execution,
    Event,
    IdentityKey,
}

/// Whether `client` can read the row of this kind (Ok(true)), is refused (Ok(false)), or anything else (Err).
/// Refused is 404 (nothing leaks); a June 2026 server refuses a reader without the kind's read grant with
/// 403 "Insufficient permissions: executions:read" instead, which tells nothing about the row either.
async fn can_read(client: &AttuneClient, w: &World, kind: Kind) -> Result<bool> {
    let outcome = match kind {
        Kind::Pack => client.packs().get(w.a_scope.pack()).await.map(|_| ()),
        Kind::Action => client.actions().get(&w.action_ref).await.map(|_| ()),
        Kind::Rule => client.rules().get(&w.rule_ref).await.map(|_| ()),
        Kind::Execution => client.executions().get(w.execution_id).await.map(|_| ()),
        Kind::Event => client.events().get(w.event_id).await.map(|_| ()),
        Kind::IdentityKey => client.keys().get(&w.key_ref).await.map(|_| ()),
    };
    match outcome {
        Ok(()) => Ok(true),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) if e.is_forbidden() && w.generation == ApiGeneration::June2026 => Ok(false),
        Err(e) => fail(format!(
            "reading {kind:?} answered {e} (expected 200 or 404; 403 on June 2026)"
        )),
    }
}

/// Whether the row shows up in `client`'s list of that kind (None: the list itself is refused with 403).
async fn listed(client: &AttuneClient, w: &World, kind: Kind) -> Result<Option<bool>> {
    let found = match kind {
        Kind::Pack => client
            .packs()
            .list(&ListPacksParams {
                page_size: Some(100),
                q: Some(w.a_scope.pack().to_string()),
                ..Default::default()
            })
            .await
            .map(|p| p.items.iter().any(|x| x.r#ref == w.a_scope.pack())),
        Kind::Action => client
            .actions()
            .list_by_pack(w.a_scope.pack(), &Default::default())
            .await
            .map(|p| p.items.iter().any(|x| x.r#ref == w.action_ref))
            .or_else(|e| if e.is_not_found() { Ok(false) } else { Err(e) }),
        Kind::Rule => client
            .rules()
            .list(&ListRulesParams {
                pack_ref: Some(w.a_scope.pack().to_string()),
                ..Default::default()
            })
            .await
            .map(|p| p.items.iter().any(|x| x.r#ref == w.rule_ref)),
        Kind::Execution => client
            .executions()
            .list(&ListExecutionsParams {
                rule_ref: Some(w.rule_ref.clone()),
                ..Default::default()
            })
            .await
            .map(|p| p.items.iter().any(|x| x.id == w.execution_id)),
        Kind::Event => client
            .events()
            .list(&ListEventsParams {
                trigger_ref: None,
                per_page: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items.iter().any(|x| x.id == w.event_id)),
        Kind::IdentityKey => client
            .keys()
            .list(&ListKeysParams {
                owner_type: Some(OwnerType::Identity),
                per_page: Some(500),
                ..Default::default()
            })
            .await
            .map(|p| p.items.iter().any(|x| x.r#ref == w.key_ref)),
    };
    match found {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_forbidden() => Ok(None),
        Err(e) => fail(format!("listing {kind:?} answered {e}")),
    }
}

#[rstest]
#[case::pack(Kind::Pack)]
#[case::action(Kind::Action)]
#[case::rule(Kind::Rule)]
#[case::execution(Kind::Execution)]
#[case::event(Kind::Event)]
#[case::identity_key(Kind::IdentityKey)]
#[tokio::test]
async fn t1_7_owner_sees_it_a_user_without_grants_does_not(#[case] kind: Kind) -> Result<()> {
    let w = world().await?;
    assert!(
        can_read(&w.a.client, &w, kind).await?,
        "A reads its own {kind:?}"
    );
    assert_eq!(
        listed(&w.a.client, &w, kind).await?,
        Some(true),
        "A's list shows its own {kind:?}"
    );

    assert!(
        !can_read(&w.b.client, &w, kind).await?,
        "B must not read A's {kind:?} (404; 403 on June 2026)"
    );
    assert_ne!(
        listed(&w.b.client, &w, kind).await?,
        Some(true),
        "B's list must not show A's {kind:?}"
    );
    Ok(())
}

#[rstest]
#[case::pack(Kind::Pack)]
#[case::identity_key(Kind::IdentityKey)]
#[tokio::test]
async fn t1_7_owner_scoped_even_for_another_admin(#[case] kind: Kind) -> Result<()> {
    let w = world().await?;
    assert!(
        !can_read(&w.c.client, &w, kind).await?,
        "C (core.admin) must get 404 for A's {kind:?}"
    );
    assert_ne!(
        listed(&w.c.client, &w, kind).await?,
        Some(true),
        "C's list must not show A's {kind:?}"
    );
    if let Kind::IdentityKey = kind {
        let admin = TestEnv::get().await?.admin().await?;
        assert!(
            !can_read(&admin, &w, kind).await?,
            "even the platform admin gets 404 for A's identity key"
        );
        let own = w.a.client.keys().get(&w.key_ref).await?;
        assert_eq!(
            own.value,
            json!("a-private-value"),
            "the owner reads the plaintext"
        );
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_7_user_without_grants_cannot_create_or_execute() -> Result<()> {
    let w = world().await?;
    let b = &w.b.client;
    let err = b
        .packs()
        .create(&attune_client::models::CreatePackRequest::new(
            unique_ref("nope"),
            "nope",
            "1.0.0",
        ))
        .await
        .expect_err("no packs:create grant");
    assert!(err.is_forbidden(), "expected 403, got {err}");
    let err = b
        .executions()
        .execute(&attune_client::models::ExecuteRequest::new("core.echo"))
        .await
        .expect_err("no actions:execute grant");
    assert!(err.is_forbidden(), "expected 403, got {err}");
    let err = b
        .keys()
        .list(&ListKeysParams::default())
        .await
        .expect_err("no keys:read grant");
    assert!(err.is_forbidden(), "expected 403, got {err}");
    // The core pack is visible to everyone.
    assert_eq!(b.packs().get("core").await?.r#ref, "core");
    Ok(())
}
