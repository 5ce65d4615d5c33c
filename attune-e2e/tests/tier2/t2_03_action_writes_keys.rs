//! T2.3 — an action writes to the key store: an inline shell action whose execution carries permission sets
//! (here the action's `default_execution_permission_set_refs: ["core.admin"]`) gets `ATTUNE_API_URL` and
//! `ATTUNE_API_TOKEN` and calls `POST /api/v1/keys` with curl; the key is then readable through the API and
//! reaches later actions as a shell variable named after the key (platform-semantics §7.2, §10; api-contract
//! §2.14; Attune's own `tier2/test_t2_03_datastore_write.py`).

use attune_client::models::{Action, CreateActionRequest, ExecuteRequest, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_execution_status, wait_for_execution_terminal};
use attune_testkit::{unique_ref, Resource, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::tier2::helpers::*;

/// POSTs `{"<name field>": $key, "name": $key, "value": $value, "owner_type": "system"}` with the execution
/// token (the name field is `local_ref` on attune-sdk 0.5.4 servers, `ref` on June 2026 ones); `curl -f` makes an
/// HTTP error fail the action.
const WRITE_KEY: &str = r#"body=$(printf '{"NAME_FIELD":"%s","name":"%s","value":"%s","owner_type":"system","encrypted":false}' "$key" "$key" "$value")
curl -sS -f -X POST "$ATTUNE_API_URL/api/v1/keys" \
  -H "Authorization: Bearer $ATTUNE_API_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "$body"
echo
echo "wrote $key""#;

/// Whether the target names keys with a plain `ref` (June 2026) rather than `local_ref` + owner.
async fn plain_refs(scope: &Scope) -> Result<bool> {
    Ok(scope.env().profile().await?.key_refs == attune_client::KeyRefStyle::Plain)
}

async fn key_writer(scope: &Scope) -> Result<Action> {
    let field = if plain_refs(scope).await? {
        "ref"
    } else {
        "local_ref"
    };
    let req = CreateActionRequest::new(
        scope.component_ref("writekey"),
        scope.pack(),
        "writes a system key through the API",
        WRITE_KEY.replace("NAME_FIELD", field),
    )
    .with_runtime_ref(attune_testkit::fixtures::SHELL_RUNTIME)
    .with_param_schema(json!({
        "key": {"type": "string", "required": true},
        "value": {"type": "string", "required": true}
    }))
    .with_default_execution_permission_set_refs(vec!["core.admin".to_string()]);
    scope.create_action(req).await
}

/// A fresh key name and the ref the server will give the system key (`system.<name>` on attune-sdk 0.5.4
/// servers, the name as given on June 2026 ones), registered for clean-up before anything writes it.
async fn fresh_key(scope: &Scope) -> Result<(String, String)> {
    let key = unique_ref("wkey");
    let stored_ref = if plain_refs(scope).await? {
        key.clone()
    } else {
        format!("system.{key}")
    };
    scope
        .cleanup()
        .track(scope.client(), Resource::Key(stored_ref.clone()))
        .await;
    Ok((key, stored_ref))
}

#[rstest]
#[case::url("https://api.production.com")]
#[case::text_with_spaces("hello from an action 42")]
#[tokio::test]
async fn t2_3_action_writes_a_key_that_the_api_and_another_action_read(
    #[future(awt)] scope: Scope,
    #[case] value: &str,
) -> Result<()> {
    let writer = key_writer(&scope).await?;
    let (key, stored_ref) = fresh_key(&scope).await?;

    let wrote = scope
        .run(&writer.r#ref, json!({"key": key, "value": value}), WORKFLOW)
        .await?;
    assert_eq!(
        wrote.status,
        ExecutionStatus::Completed,
        "the writer reached the key API with its execution token: {}",
        wrote.result
    );
    assert!(
        stdout_line(&wrote).ends_with(&format!("wrote {key}")),
        "{}",
        wrote.result
    );

    let stored = scope.client().keys().get(&stored_ref).await?;
    assert_eq!(stored.r#ref, stored_ref);
    assert_eq!(stored.local_ref, key);
    assert_eq!(stored.value, json!(value), "the value the action wrote");
    assert!(!stored.encrypted);
    let bare = scope.client().keys().get(&key).await?;
    assert_eq!(
        bare.r#ref, stored_ref,
        "a bare name resolves to the system key"
    );

    let reader = scope.key_reading_action(&key).await?;
    let read = scope.run(&reader.r#ref, json!({}), WORKFLOW).await?;
    assert_eq!(read.status, ExecutionStatus::Completed, "{}", read.result);
    assert_eq!(
        stdout_line(&read),
        format!("KEY={value}"),
        "a later action receives the key"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t2_3_workflow_write_then_read(#[future(awt)] scope: Scope) -> Result<()> {
    let writer = key_writer(&scope).await?;
    let (key, stored_ref) = fresh_key(&scope).await?;
    let value = "written-in-a-workflow";
    let reader = scope.key_reading_action(&key).await?;
    let workflow = scope
        .workflow("kv")
        .param_schema(json!({
            "key": {"type": "string", "required": true},
            "value": {"type": "string", "required": true}
        }))
        .raw_task(json!({
            "name": "write_task",
            "action": writer.r#ref,
            "input": {"key": "{{ parameters.key }}", "value": "{{ parameters.value }}"},
            "next": [{"when": "{{ succeeded() }}", "do": ["read_task"]}]
        }))
        .raw_task(json!({"name": "read_task", "action": reader.r#ref, "input": {}}))
        .create()
        .await?;

    let started = scope
        .execute(&workflow.r#ref, json!({"key": key, "value": value}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        WORKFLOW,
    )
    .await?;
    let kids = children(&scope, parent.id).await?;
    assert_eq!(kids.len(), 2, "{}", brief(&kids));
    assert!(
        kids.iter().all(|k| k.status == ExecutionStatus::Completed),
        "{}",
        brief(&kids)
    );
    let read = of_task(&kids, "read_task");
    assert_eq!(read.len(), 1, "{}", brief(&kids));
    assert_eq!(
        stdout_line(read[0]),
        format!("KEY={value}"),
        "read_task sees what write_task wrote"
    );
    let stored = scope.client().keys().get(&stored_ref).await?;
    assert_eq!(stored.value, json!(value));
    Ok(())
}

#[rstest]
#[case::action_default_gives_token(true, None, true)]
#[case::no_permission_sets_no_token(false, None, false)]
#[case::request_empty_list_forces_no_token(true, Some(vec![]), false)]
#[case::request_sets_give_token(false, Some(vec!["core.admin".to_string()]), true)]
#[tokio::test]
async fn t2_3_api_token_only_with_permission_sets(
    #[future(awt)] scope: Scope,
    #[case] action_default: bool,
    #[case] request_sets: Option<Vec<String>>,
    #[case] token_expected: bool,
) -> Result<()> {
    let mut req = CreateActionRequest::new(
        scope.component_ref("tokenprobe"),
        scope.pack(),
        "reports which API variables it got",
        r#"printf 'URL=%s TOKEN=%s\n' "${ATTUNE_API_URL:+set}" "${ATTUNE_API_TOKEN:+set}""#,
    )
    .with_runtime_ref(attune_testkit::fixtures::SHELL_RUNTIME);
    if action_default {
        req = req.with_default_execution_permission_set_refs(vec!["core.admin".to_string()]);
    }
    let action = scope.create_action(req).await?;
    let mut exec_req = ExecuteRequest::new(action.r#ref.clone());
    exec_req.permission_set_refs = request_sets;
    let started = scope.client().executions().execute(&exec_req).await?;
    let done = wait_for_execution_terminal(scope.client(), started.id, WORKFLOW).await?;
    assert_eq!(done.status, ExecutionStatus::Completed, "{}", done.result);
    let expected = if token_expected {
        "URL=set TOKEN=set"
    } else {
        "URL=set TOKEN="
    };
    assert_eq!(
        stdout_line(&done),
        expected,
        "ATTUNE_API_URL is always set; ATTUNE_API_TOKEN only with non-empty permission sets"
    );
    Ok(())
}
