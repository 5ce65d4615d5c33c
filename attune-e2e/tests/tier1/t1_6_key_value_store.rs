//! T1.6 — the key-value store is `/api/v1/keys`: create, read, update, delete; JSON types preserved; a missing
//! key is not found; encrypted values read back as plaintext by a holder of `keys:decrypt`; an action sees a
//! key's value as a shell variable named after the key (never as an environment variable).
//!
//! Key names differ per API generation: a June 2026 server stores the `ref` exactly as sent (dots allowed), an
//! attune-sdk 0.5.4 server builds the canonical `system.<local_ref>`. The tests use the `ref` the create call
//! returned and assert its shape per generation.

use std::time::Duration;

use attune_client::models::{
    CreateKeyRequest, ExecutionStatus, ListKeysParams, OwnerType, UpdateKeyRequest,
};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{unique_ref, ApiGeneration, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::tier1::helpers::*;

/// A system key named `local` (a unique name) with `value`.
async fn named_system_key(
    scope: &Scope,
    local: &str,
    value: Value,
) -> Result<attune_client::models::Key> {
    scope
        .create_key(CreateKeyRequest::new(
            local,
            local,
            value,
            OwnerType::System,
        ))
        .await
}

#[rstest]
#[tokio::test]
async fn t1_6_key_create_read_update_delete(#[future(awt)] scope: Scope) -> Result<()> {
    let keys = scope.client().keys();
    let local = unique_ref("key");
    let key = named_system_key(&scope, &local, json!("https://api.example.com/v1")).await?;
    let generation = generation(&scope).await?;
    assert_eq!(
        key.r#ref,
        expected_key_ref(generation, &local, "system"),
        "the key's ref on the {generation:?} generation"
    );
    assert_eq!(
        key.local_ref, local,
        "local_ref is the name it was created with"
    );
    assert_eq!(key.owner_type, OwnerType::System);
    assert!(!key.encrypted);

    let read = keys.get(&key.r#ref).await?;
    assert_eq!(read.value, json!("https://api.example.com/v1"));

    let updated = keys
        .update(
            &key.r#ref,
            &UpdateKeyRequest::default().with_value(json!("https://api.example.com/v2")),
        )
        .await?;
    assert_eq!(updated.value, json!("https://api.example.com/v2"));
    assert_eq!(
        keys.get(&key.r#ref).await?.value,
        json!("https://api.example.com/v2")
    );

    keys.delete(&key.r#ref).await?;
    scope
        .cleanup()
        .forget(&attune_testkit::Resource::Key(key.r#ref.clone()));
    let gone = keys
        .get(&key.r#ref)
        .await
        .expect_err("a deleted key is gone");
    assert!(gone.is_not_found(), "expected 404, got {gone}");
    Ok(())
}

#[rstest]
#[case::integer(json!(30))]
#[case::negative_integer(json!(-3))]
#[case::float(json!(2.5))]
#[case::boolean(json!(true))]
#[case::string(json!("https://api.test.com"))]
#[case::object(json!({"endpoint": {"url": "https://x", "retries": [1, 2, 3]}, "enabled": false}))]
#[case::array(json!([1, "two", {"three": 3}, null]))]
#[tokio::test]
async fn t1_6_key_value_types_are_preserved(
    #[future(awt)] scope: Scope,
    #[case] value: Value,
) -> Result<()> {
    let key = scope.system_key(value.clone(), false).await?;
    assert_eq!(key.value, value, "the create response echoes the value");
    let read = scope.client().keys().get(&key.r#ref).await?;
    assert_eq!(read.value, value, "read back with the same JSON type");
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_missing_key_is_not_found(#[future(awt)] scope: Scope) -> Result<()> {
    let err = scope
        .client()
        .keys()
        .get(&unique_ref("nokey"))
        .await
        .expect_err("no such key");
    assert!(err.is_not_found(), "expected 404, got {err}");
    assert_eq!(err.status(), Some(404));
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_bare_name_resolves_to_the_system_key(#[future(awt)] scope: Scope) -> Result<()> {
    let local = unique_ref("bare");
    let key = named_system_key(&scope, &local, json!("bare")).await?;
    let read = scope.client().keys().get(&local).await?;
    // June 2026: the name given is the ref; attune-sdk 0.5.4: a bare name means the system key.
    assert_eq!(read.r#ref, key.r#ref, "the bare name reads the system key");
    assert_eq!(
        read.r#ref,
        expected_key_ref(generation(&scope).await?, &local, "system")
    );
    assert_eq!(read.value, json!("bare"));
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_dotted_name_per_generation(#[future(awt)] scope: Scope) -> Result<()> {
    // June 2026 stores the ref exactly as sent, dots included; attune-sdk 0.5.4 takes a `local_ref` of
    // `[a-z0-9][a-z0-9_-]*` and refuses dots (422).
    let local = format!("{}.sub.name", unique_ref("dotted"));
    match generation(&scope).await? {
        ApiGeneration::June2026 => {
            let key = named_system_key(&scope, &local, json!("dots")).await?;
            assert_eq!(key.r#ref, local, "stored exactly as given");
            let read = scope.client().keys().get(&local).await?;
            assert_eq!(read.r#ref, local);
            assert_eq!(read.value, json!("dots"));
        }
        _ => {
            let err = scope
                .client()
                .keys()
                .create(&CreateKeyRequest::new(
                    local.clone(),
                    local.clone(),
                    json!("dots"),
                    OwnerType::System,
                ))
                .await
                .expect_err("a local_ref with dots is refused");
            assert_eq!(err.status(), Some(422), "{err}");
            assert_eq!(err.code(), Some("VALIDATION_ERROR"), "{err}");
        }
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_encrypted_value_reads_back_as_plaintext(#[future(awt)] scope: Scope) -> Result<()> {
    let key = scope
        .system_key(json!("secret_api_key_12345"), true)
        .await?;
    assert!(key.encrypted);
    let read = scope.client().keys().get(&key.r#ref).await?;
    assert!(read.encrypted);
    assert_eq!(
        read.value,
        json!("secret_api_key_12345"),
        "the admin holds keys:decrypt"
    );

    let listed = scope
        .client()
        .keys()
        .list(&ListKeysParams {
            owner_type: Some(OwnerType::System),
            per_page: Some(1000),
            ..Default::default()
        })
        .await?;
    let summary = listed
        .items
        .iter()
        .find(|k| k.r#ref == key.r#ref)
        .expect("the key is listed");
    assert!(summary.encrypted, "lists show the flag, never the value");
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_duplicate_key_is_a_conflict(#[future(awt)] scope: Scope) -> Result<()> {
    let key = scope.system_key(json!(1), false).await?;
    let err = scope
        .client()
        .keys()
        .create(&CreateKeyRequest::new(
            key.local_ref.clone(),
            key.name.clone(),
            json!(2),
            OwnerType::System,
        ))
        .await
        .expect_err("same canonical ref twice");
    assert!(err.is_conflict(), "expected 409, got {err}");
    assert_eq!(
        scope.client().keys().get(&key.r#ref).await?.value,
        json!(1),
        "the first value is kept"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_6_action_receives_a_key_value(#[future(awt)] scope: Scope) -> Result<()> {
    let name = unique_ref("apiurl");
    let key = scope
        .create_key(CreateKeyRequest::new(
            name.clone(),
            name.clone(),
            json!("https://api.example.com"),
            OwnerType::System,
        ))
        .await?;
    let action = scope.key_reading_action(&key.name).await?;
    let exec = scope
        .run(&action.r#ref, json!({}), Duration::from_secs(30))
        .await?;
    assert_eq!(
        exec.status,
        ExecutionStatus::Completed,
        "result: {}",
        exec.result
    );
    assert_eq!(exec.result["stdout"], "KEY=https://api.example.com\n");
    Ok(())
}
