//! Secret-field redaction (platform-semantics §4, §6, §7.3, §11; api-contract §1.6, §2.10-2.12).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SECRET: &str = "sk_live_0123456789abcdef";

fn marker() -> Value {
    json!({"$attune_secret": true, "redacted": true})
}

/// Pack `sp` with a webhook trigger whose out_schema marks `api_key` secret (flat form) and whose
/// param_schema marks `token` secret (JSON-Schema form), a shell action with a secret `key` param,
/// and a rule mapping `api_key` into `key`. Returns (ctx, webhook key).
async fn setup() -> (Ctx, String) {
    let c = common::start().await;
    c.create_pack(&c.admin, "sp").await;
    let (s, v) = c
        .post(
            "/api/v1/triggers",
            &c.admin,
            json!({"ref": "sp.hook", "pack_ref": "sp", "label": "hook",
                   "out_schema": {"api_key": {"type": "string", "secret": true},
                                  "user": {"type": "string"}},
                   "param_schema": {"type": "object",
                                    "properties": {"token": {"type": "string", "secret": true}}}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = c
        .post(
            "/api/v1/triggers/sp.hook/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let key = v["data"]["webhook_key"].as_str().unwrap().to_string();
    c.action_with(
        "sp",
        "use_key",
        json!({"runtime_ref": "core.shell",
               "entrypoint": format!("echo \"len=${{#key}} user=$user\"; [ \"$key\" = '{SECRET}' ] && echo MATCH"),
               "param_schema": {"key": {"type": "string", "secret": true},
                                "user": {"type": "string"}}}),
    )
    .await;
    c.rule(
        "sp",
        "r",
        "sp.hook",
        "sp.use_key",
        json!({"action_params": {"key": "{{ event.payload.api_key }}", "user": "{{ event.payload.user }}"}}),
    )
    .await;
    (c, key)
}

async fn get_data(c: &Ctx, path: &str, token: &str) -> (StatusCode, Value) {
    let (s, v) = c.get(path, token).await;
    (s, v["data"].clone())
}

#[tokio::test]
async fn webhook_event_payload_secret_fields_are_redacted() {
    let (c, key) = setup().await;
    let ev = c
        .fire(
            &key,
            json!({"api_key": SECRET, "token": "tok", "user": "alice"}),
        )
        .await;
    let (s, e) = get_data(&c, &format!("/api/v1/events/{ev}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["payload"]["api_key"], marker());
    assert_eq!(e["payload"]["token"], marker());
    assert_eq!(e["payload"]["user"], "alice");
    assert!(!e.to_string().contains(SECRET));

    let (s, e) = get_data(
        &c,
        &format!("/api/v1/events/{ev}?include_secret_values=true"),
        &c.admin,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["payload"]["api_key"], SECRET);
    assert_eq!(e["payload"]["token"], "tok");

    // list summaries carry no payload at all
    let items = c.items("/api/v1/events?trigger_ref=sp.hook").await;
    assert!(!Value::Array(items).to_string().contains(SECRET));
}

#[tokio::test]
async fn include_secret_values_needs_events_decrypt() {
    let c = common::start().await;
    // a public pack-less trigger: visible to everyone with triggers:read
    let (s, v) = c
        .post(
            "/api/v1/triggers",
            &c.admin,
            json!({"ref": "ext.hook", "label": "hook",
                   "out_schema": {"api_key": {"type": "string", "secret": true}}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = c
        .post(
            "/api/v1/triggers/ext.hook/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let key = v["data"]["webhook_key"].as_str().unwrap().to_string();
    let ev = c
        .fire(&key, json!({"api_key": SECRET, "user": "alice"}))
        .await;
    // core.viewer sees the event through the trigger but has no events:decrypt
    let (_, viewer) = c.user_with_set("viewer1", "core.viewer").await;
    let (s, e) = get_data(&c, &format!("/api/v1/events/{ev}"), &viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["payload"]["api_key"], marker());
    assert_eq!(e["payload"]["user"], "alice");
    let (s, _) = c
        .get(
            &format!("/api/v1/events/{ev}?include_secret_values=true"),
            &viewer,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // include_secret_values=false is the default view
    let (s, e) = get_data(
        &c,
        &format!("/api/v1/events/{ev}?include_secret_values=false"),
        &viewer,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["payload"]["api_key"], marker());
}

#[tokio::test]
async fn secret_action_params_are_redacted_but_the_worker_gets_plaintext() {
    let (c, key) = setup().await;
    let ev = c
        .fire(&key, json!({"api_key": SECRET, "user": "bob"}))
        .await;
    let execs = c
        .wait_items("/api/v1/executions?rule_ref=sp.r", 10, |i| {
            i.len() == 1 && i[0]["status"] == "completed"
        })
        .await;
    let id = execs[0]["id"].as_i64().unwrap();
    let exec = c.execution(id).await;
    assert_eq!(exec["config"]["key"], marker(), "{exec}");
    assert_eq!(exec["config"]["user"], "bob");
    let stdout = exec["result"]["stdout"].as_str().unwrap();
    assert!(
        stdout.contains(&format!("len={}", SECRET.len())),
        "{stdout}"
    );
    assert!(stdout.contains("MATCH"), "{stdout}");
    assert!(!exec.to_string().contains(SECRET));

    let (s, e) = get_data(
        &c,
        &format!("/api/v1/executions/{id}?include_secret_values=true"),
        &c.admin,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["config"]["key"], SECRET);

    // core.executor reads executions but has no executions:decrypt
    let (_, executor) = c.user_with_set("exec1", "core.executor").await;
    let (s, e) = get_data(&c, &format!("/api/v1/executions/{id}"), &executor).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["config"]["key"], marker());
    let (s, _) = c
        .get(
            &format!("/api/v1/executions/{id}?include_secret_values=true"),
            &executor,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // enforcement: config redacted unless decrypting; payload always redacted
    let enfs = c.items(&format!("/api/v1/enforcements?event={ev}")).await;
    let enf_id = enfs[0]["id"].as_i64().unwrap();
    let (s, e) = get_data(&c, &format!("/api/v1/enforcements/{enf_id}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["config"]["key"], marker());
    assert_eq!(e["config"]["user"], "bob");
    assert_eq!(e["payload"]["api_key"], marker());
    assert_eq!(e["payload"]["user"], "bob");
    let (s, e) = get_data(
        &c,
        &format!("/api/v1/enforcements/{enf_id}?include_secret_values=true"),
        &c.admin,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["config"]["key"], SECRET);
    assert_eq!(e["payload"]["api_key"], marker());
}

#[tokio::test]
async fn manual_execution_config_and_secret_output_are_redacted() {
    let c = common::start().await;
    c.create_pack(&c.admin, "mp").await;
    c.action_with(
        "mp",
        "out",
        json!({"runtime_ref": "core.python",
               "entrypoint": "import json, sys\np = json.loads(sys.stdin.readline())\nprint(json.dumps({'token': p['pw'], 'n': len(p['pw'])}))",
               "param_schema": {"pw": {"type": "string", "secret": true}},
               "out_schema": {"token": {"type": "string", "secret": true}, "n": {"type": "integer"}}}),
    )
    .await;
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "mp.out", "parameters": {"pw": "hunter2"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["config"]["pw"], marker(), "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["config"]["pw"], marker());
    assert_eq!(e["result"]["data"]["token"], marker(), "{e}");
    assert_eq!(e["result"]["data"]["n"], 7);
    let (_, e) = get_data(
        &c,
        &format!("/api/v1/executions/{id}?include_secret_values=true"),
        &c.admin,
    )
    .await;
    assert_eq!(e["config"]["pw"], "hunter2");
    assert_eq!(e["result"]["data"]["token"], "hunter2");
}

#[tokio::test]
async fn no_secret_fields_means_nothing_changes() {
    let c = common::start().await;
    c.create_pack(&c.admin, "np").await;
    let (_, key) = c.webhook_trigger("np", "hook").await;
    let ev = c.fire(&key, json!({"api_key": "plain"})).await;
    let (_, e) = get_data(&c, &format!("/api/v1/events/{ev}"), &c.admin).await;
    assert_eq!(e["payload"]["api_key"], "plain");
}
