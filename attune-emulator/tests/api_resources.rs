//! Resource CRUD, envelopes, validation and filters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn seeded_catalogue() {
    let c = common::start().await;
    let (_, v) = c.get("/api/v1/packs/core", &c.admin).await;
    assert_eq!(v["data"]["is_standard"], true);
    assert_eq!(v["data"]["worker_tolerations"], json!([]));
    let (_, v) = c.get("/api/v1/runtimes?page_size=100", &c.admin).await;
    let refs: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ref"].as_str().unwrap())
        .collect();
    for r in [
        "core.shell",
        "core.python",
        "core.nodejs",
        "core.go",
        "core.java",
        "core.native",
        "core.perl",
        "core.r",
        "core.ruby",
    ] {
        assert!(refs.contains(&r), "{r}");
    }
    let (s, v) = c.get("/api/v1/runtimes/core.python", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["data"].get("installation").is_some());
    for t in ["core.intervaltimer", "core.crontimer", "core.datetimetimer"] {
        let (s, _) = c.get(&format!("/api/v1/triggers/{t}"), &c.admin).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, v) = c.get("/api/v1/triggers/core.intervaltimer", &c.admin).await;
    assert_eq!(v["data"]["param_schema"]["interval"]["required"], true);
    for a in ["core.echo", "core.noop", "core.sleep", "core.http_request"] {
        let (s, _) = c.get(&format!("/api/v1/actions/{a}"), &c.admin).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, v) = c.get("/api/v1/actions/core.http_request", &c.admin).await;
    assert_eq!(v["data"]["param_schema"]["url"]["required"], true);
}

#[tokio::test]
async fn packs_crud() {
    let c = common::start().await;
    let p = c.create_pack(&c.admin, "e2e").await;
    assert_eq!(p["ref"], "e2e");
    assert_eq!(p["conf_schema"], json!({}));
    assert_eq!(p["is_standard"], false);
    let (s, v) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": "e2e", "label": "x", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"], "Pack with ref 'e2e' already exists");
    let (s, v) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": "Bad Ref", "label": "x", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "VALIDATION_ERROR");
    let (s, v) = c
        .put("/api/v1/packs/e2e", &c.admin, json!({"label": "New", "description": {"op": "set", "value": "d"}, "conf_schema": null, "config": null, "meta": null}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["label"], "New");
    assert_eq!(v["data"]["description"], "d");
    assert_eq!(v["message"], "Pack updated successfully");
    let (_, v) = c.get("/api/v1/packs", &c.admin).await;
    assert_eq!(v["items"][0]["ref"], "e2e", "newest first");
    assert_eq!(v["pagination"]["total_items"], 2);
    let (s, v) = c.delete("/api/v1/packs/e2e", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["success"], true);
    let (s, v) = c.get("/api/v1/packs/e2e", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["code"], "NOT_FOUND");
}

#[tokio::test]
async fn actions_crud_and_search() {
    let c = common::start().await;
    c.create_pack(&c.admin, "e2e").await;
    let a = c.create_action(&c.admin, "e2e", "hello").await;
    assert_eq!(a["runtime_ref"], "core.shell");
    assert_eq!(a["is_adhoc"], true);
    assert_eq!(a["reference_visibility"], "public");
    assert!(a.get("workflow_def").is_none());
    let (s, _) = c
        .post(
            "/api/v1/actions",
            &c.admin,
            json!({"ref": "e2e.hello", "pack_ref": "e2e", "label": "x", "entrypoint": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = c
        .post(
            "/api/v1/actions",
            &c.admin,
            json!({"ref": "nope.x", "pack_ref": "nope", "label": "x", "entrypoint": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c
        .post("/api/v1/actions", &c.admin, json!({"ref": "e2e.y", "pack_ref": "e2e", "label": "x", "entrypoint": "x", "runtime_ref": "core.cobol"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c
        .post(
            "/api/v1/actions",
            &c.admin,
            json!({"ref": "other.y", "pack_ref": "e2e", "label": "x", "entrypoint": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = c
        .put(
            "/api/v1/actions/e2e.hello",
            &c.admin,
            json!({"label": "Hi", "timeout_seconds": {"op": "set", "value": 120}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["timeout_seconds"], 120);
    let (_, v) = c.get("/api/v1/packs/e2e/actions", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (_, v) = c.get("/api/v1/actions?q=hi", &c.admin).await;
    assert_eq!(v["items"][0]["ref"], "e2e.hello");
    let (_, v) = c.get("/api/v1/actions/search?packs=e2e", &c.admin).await;
    assert_eq!(v["items"][0]["is_workflow"], false);
    let (s, _) = c
        .get("/api/v1/actions/search?packs=missing", &c.admin)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = c
        .get("/api/v1/actions/e2e.hello/queue-stats", &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["queue_length"], 0);
    let (s, v) = c.delete("/api/v1/actions/e2e.hello", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["message"], "Action 'e2e.hello' deleted successfully");
    let (s, _) = c.get("/api/v1/actions/e2e.hello", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn webhook_trigger(c: &common::Ctx) -> String {
    c.create_pack(&c.admin, "e2e").await;
    let (s, v) = c
        .post(
            "/api/v1/triggers",
            &c.admin,
            json!({"ref": "e2e.alert", "pack_ref": "e2e", "label": "Alert"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["webhook_enabled"], false);
    assert!(v["data"].get("webhook_key").is_none());
    let (s, v) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let key = v["data"]["webhook_key"].as_str().unwrap().to_string();
    assert!(key.starts_with("wh_") && key.len() == 39);
    key
}

#[tokio::test]
async fn triggers_and_webhooks() {
    let c = common::start().await;
    let key = webhook_trigger(&c).await;
    // enabling twice keeps the key
    let (_, v) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(v["data"]["webhook_key"], key.as_str());
    // receive
    let (s, v) = c
        .call(
            Method::POST,
            &format!("/api/v1/webhooks/{key}"),
            None,
            Some(json!({"payload": {"severity": "high"}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let event_id = v["data"]["event_id"].as_i64().unwrap();
    assert_eq!(v["data"]["trigger_ref"], "e2e.alert");
    assert_eq!(v["data"]["message"], "Webhook received successfully");
    let (_, v) = c.get(&format!("/api/v1/events/{event_id}"), &c.admin).await;
    assert_eq!(v["data"]["source_ref"], "webhook");
    assert_eq!(v["data"]["payload"]["severity"], "high");
    assert_eq!(v["data"]["config"]["source"], "webhook");
    assert!(v["data"]["config"]["received_at"].is_string());
    let (_, v) = c
        .get("/api/v1/events?trigger_ref=e2e.alert", &c.admin)
        .await;
    assert_eq!(v["items"][0]["has_payload"], true);
    assert!(v["pagination"].get("total_items").is_none());
    let (_, v) = c
        .get(
            "/api/v1/events?trigger_ref=e2e.alert&include_total=true",
            &c.admin,
        )
        .await;
    assert_eq!(v["pagination"]["total_items"], 1);
    // bad JSON, unknown key, missing payload
    let r = c
        .http
        .post(c.url(&format!("/api/v1/webhooks/{key}")))
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert!(v["error"]
        .as_str()
        .unwrap()
        .starts_with("Invalid JSON payload"));
    let (s, v) = c
        .call(
            Method::POST,
            "/api/v1/webhooks/wh_unknown",
            None,
            Some(json!({"payload": {}})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "Invalid webhook key");
    // regenerate
    let (_, v) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/regenerate",
            &c.admin,
            json!({}),
        )
        .await;
    let key2 = v["data"]["webhook_key"].as_str().unwrap().to_string();
    assert_ne!(key, key2);
    let (s, _) = c
        .call(
            Method::POST,
            &format!("/api/v1/webhooks/{key}"),
            None,
            Some(json!({"payload": {}})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // disabled webhooks
    let (_, v) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/disable",
            &c.admin,
            json!({}),
        )
        .await;
    assert!(v["data"].get("webhook_key").is_none());
    let (s, v) = c
        .call(
            Method::POST,
            &format!("/api/v1/webhooks/{key2}"),
            None,
            Some(json!({"payload": {}})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "disabling clears the key");
    assert_eq!(v["error"], "Invalid webhook key");
    let (s, _) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/regenerate",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // re-enabling issues a new key
    let (_, v) = c
        .post(
            "/api/v1/triggers/e2e.alert/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    let key3 = v["data"]["webhook_key"].as_str().unwrap().to_string();
    assert_ne!(key3, key2);
    let (s, _) = c
        .post("/api/v1/triggers/e2e.alert/disable", &c.admin, json!({}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = c
        .call(
            Method::POST,
            &format!("/api/v1/webhooks/{key3}"),
            None,
            Some(json!({"payload": {}})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "Trigger 'e2e.alert' is disabled");
    let (s, _) = c
        .post(
            "/api/v1/triggers/e2e.missing/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // update + delete trigger
    let (s, v) = c
        .put("/api/v1/triggers/e2e.alert", &c.admin, json!({"label": "A2", "param_schema": null, "out_schema": null, "description": {"op": "set", "value": "x"}}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["description"], "x");
    let (s, _) = c.delete("/api/v1/triggers/e2e.alert", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn rules_validation() {
    let c = common::start().await;
    c.create_pack(&c.admin, "e2e").await;
    c.create_action(&c.admin, "e2e", "hello").await;
    let rule = |r: &str, trigger: &str, tp: Value, ap: Value| {
        json!({"ref": r, "pack_ref": "e2e", "label": "R", "trigger_ref": trigger, "action_ref": "e2e.hello",
               "trigger_params": tp, "action_params": ap})
    };
    let (s, v) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.r1",
                "core.intervaltimer",
                json!({"unit": "seconds", "interval": 5}),
                json!({"name": "{{ event.id }}"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let d = &v["data"];
    assert_eq!(d["is_adhoc"], true);
    assert!(d["owner_identity"].is_i64());
    assert_eq!(d["sensor_worker_selector"], json!({}));
    assert_eq!(d["conditions"], json!({}));
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.r1",
                "core.intervaltimer",
                json!({"interval": 5}),
                json!({"name": "x"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    for (tp, ap) in [
        (json!({"unit": "seconds"}), json!({"name": "x"})),
        (json!({"interval": 0}), json!({"name": "x"})),
        (json!({"interval": "5"}), json!({"name": "x"})),
        (
            json!({"interval": 5, "unit": "weeks"}),
            json!({"name": "x"}),
        ),
    ] {
        let (s, v) = c
            .post(
                "/api/v1/rules",
                &c.admin,
                rule("e2e.bad", "core.intervaltimer", tp.clone(), ap),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{tp} {v}");
        assert_eq!(v["code"], "BAD_REQUEST");
    }
    // action_params violations: 422 with the action named (observed on the real server)
    for (ap, msg) in [
        (json!({}), "\"name\" is a required property"),
        (json!({"name": 5}), "is not of type"),
    ] {
        let (s, v) = c
            .post(
                "/api/v1/rules",
                &c.admin,
                rule(
                    "e2e.bad",
                    "core.intervaltimer",
                    json!({"interval": 5}),
                    ap.clone(),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{ap} {v}");
        assert_eq!(v["code"], "VALIDATION_ERROR");
        let e = v["error"].as_str().unwrap();
        assert!(
            e.starts_with("Invalid parameters for action 'e2e.hello': ") && e.contains(msg),
            "{e}"
        );
    }
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.cron",
                "core.crontimer",
                json!({"expression": "* * * * *"}),
                json!({"name": "x"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.cron",
                "core.crontimer",
                json!({"expression": "*/2 * * * * *"}),
                json!({"name": "x"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.dt",
                "core.datetimetimer",
                json!({"fire_at": "tomorrow"}),
                json!({"name": "x"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule(
                "e2e.dt",
                "core.datetimetimer",
                json!({"fire_at": "2020-01-01T00:00:00Z"}),
                json!({"name": "x"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = c
        .post(
            "/api/v1/rules",
            &c.admin,
            rule("e2e.x", "e2e.nope", json!({}), json!({"name": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // enable / disable / update / list / delete
    let (_, v) = c
        .post("/api/v1/rules/e2e.r1/disable", &c.admin, json!({}))
        .await;
    assert_eq!(v["data"]["enabled"], false);
    assert_eq!(v["message"], "Rule disabled successfully");
    let (_, v) = c.get("/api/v1/rules?enabled=false", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (_, v) = c.get("/api/v1/rules/enabled", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    let (s, v) = c
        .put("/api/v1/rules/e2e.r1", &c.admin, json!({"conditions": null, "action_params": null, "trigger_params": {"interval": 10},
              "sensor_worker_selector": null, "sensor_worker_tolerations": null, "sensor_worker_affinity": null}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["trigger_params"]["interval"], 10);
    let (s, _) = c
        .put(
            "/api/v1/rules/e2e.r1",
            &c.admin,
            json!({"trigger_params": {"interval": -1}}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (_, v) = c
        .get("/api/v1/triggers/core.crontimer/rules", &c.admin)
        .await;
    assert_eq!(v["items"][0]["ref"], "e2e.cron");
    let (s, _) = c.delete("/api/v1/rules/e2e.r1", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get("/api/v1/rules/e2e.r1", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn keys_crud_and_encryption() {
    let c = common::start().await;
    let (s, v) = c
        .post("/api/v1/keys", &c.admin, json!({"local_ref": "e2e_token", "name": "E2E token", "value": "s3cr3t", "owner_type": "system", "encrypted": true}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["ref"], "system.e2e_token");
    assert_eq!(v["data"]["local_ref"], "e2e_token");
    assert_eq!(v["data"]["value"], "s3cr3t");
    assert_eq!(v["message"], "Key created successfully");
    // stored encrypted
    {
        let store = c.emu.state().store.lock();
        let k = store.keys.iter().next().unwrap();
        assert!(matches!(
            k.value,
            attune_emulator::state::keys::StoredValue::Encrypted(_)
        ));
    }
    let (s, v) = c.get("/api/v1/keys/e2e_token", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["ref"], "system.e2e_token");
    assert_eq!(v["data"]["value"], "s3cr3t");
    let (s, _) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"local_ref": "e2e_token", "name": "dup", "value": 1, "owner_type": "system"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // older `ref` body and JSON values
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"ref": "cfg", "name": "cfg", "value": {"a": [1, 2]}, "owner_type": "system"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["value"]["a"][1], 2);
    c.create_pack(&c.admin, "e2e").await;
    let (s, v) = c
        .post("/api/v1/keys", &c.admin, json!({"local_ref": "pk", "name": "pk", "value": "v", "owner_type": "pack", "owner_pack_ref": "e2e"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["ref"], "pack.e2e.pk");
    assert_eq!(v["data"]["owner_pack_ref"], "e2e");
    let (s, _) = c
        .post("/api/v1/keys", &c.admin, json!({"local_ref": "pk", "name": "pk", "value": "v", "owner_type": "pack", "owner_pack_ref": "zzz"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = c
        .post("/api/v1/keys", &c.admin, json!({"local_ref": "mine", "name": "mine", "value": "v", "owner_type": "identity", "owner_identity_login": "test@attune.local"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["ref"], "identity.test@attune.local.mine");
    let (s, _) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"local_ref": "Bad Ref", "name": "x", "value": "v", "owner_type": "system"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // list
    let (_, v) = c.get("/api/v1/keys?owner_type=system", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert!(v["items"][0].get("value").is_none());
    assert_eq!(v["pagination"]["total_items"], 2);
    // update
    let (s, v) = c
        .put(
            "/api/v1/keys/system.e2e_token",
            &c.admin,
            json!({"value": "new"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["value"], "new");
    assert_eq!(v["data"]["encrypted"], true);
    // delete
    let (s, v) = c.delete("/api/v1/keys/system.e2e_token", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v,
        json!({"success": true, "message": "Key deleted successfully"})
    );
    let (s, _) = c.get("/api/v1/keys/e2e_token", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn executions_lifecycle() {
    // white-box status checks: no engine moving executions on
    let c = common::start_without_engine().await;
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.echo", "parameters": {"message": "hi"}, "env_vars": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let e = &v["data"];
    let id = e["id"].as_i64().unwrap();
    assert_eq!(e["status"], "requested");
    assert_eq!(e["config"], json!({"message": "hi"}));
    assert_eq!(e["result"], json!({}));
    assert_eq!(e["executor"], 1);
    assert_eq!(e["timeout_seconds"], 30);
    assert!(e.get("env_vars").is_none());
    // timeout resolution
    let (_, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.echo", "timeout_seconds": 7}),
        )
        .await;
    assert_eq!(v["data"]["timeout_seconds"], 7);
    c.create_pack(&c.admin, "e2e").await;
    c.create_action(&c.admin, "e2e", "hello").await;
    let (_, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "e2e.hello"}),
        )
        .await;
    assert_eq!(v["data"]["timeout_seconds"], 300);
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.echo", "timeout_seconds": 0}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "e2e.none"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "Action 'e2e.none' not found");
    c.put(
        "/api/v1/actions/e2e.hello",
        &c.admin,
        json!({"enabled": false}),
    )
    .await;
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "e2e.hello"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // get / list filters
    let (s, v) = c.get(&format!("/api/v1/executions/{id}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["action_ref"], "core.echo");
    let (_, v) = c
        .get(
            "/api/v1/executions?action_ref=core.*&include_total=true",
            &c.admin,
        )
        .await;
    assert_eq!(v["pagination"]["total_items"], 2);
    let (_, v) = c.get("/api/v1/executions?pack_name=e2e", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (_, v) = c
        .get(
            "/api/v1/executions?status=requested&executor=1&top_level_only=true",
            &c.admin,
        )
        .await;
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert!(v["items"][0]["id"].as_i64().unwrap() > v["items"][1]["id"].as_i64().unwrap());
    let (_, v) = c.get("/api/v1/executions?per_page=1", &c.admin).await;
    assert_eq!(v["pagination"]["has_next"], true);
    assert_eq!(v["pagination"]["page_size"], 1);
    let (_, v) = c.get("/api/v1/executions/status/requested", &c.admin).await;
    assert_eq!(v["pagination"]["total_items"], 3);
    let (s, _) = c.get("/api/v1/executions/status/bogus", &c.admin).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // reschedule
    let (s, v) = c
        .post(
            &format!("/api/v1/executions/{id}/reschedule"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["attempt_count"], 2);
    assert_eq!(v["data"]["execution"]["id"], id);
    // cancel before start
    let (s, v) = c
        .post(
            &format!("/api/v1/executions/{id}/cancel"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["status"], "cancelled");
    assert_eq!(
        v["data"]["result"],
        json!({"error": "Cancelled by user before execution started"})
    );
    let (s, v) = c
        .post(
            &format!("/api/v1/executions/{id}/cancel"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        v["error"],
        format!("Execution {id} is in status 'cancelled' and cannot be cancelled")
    );
    let (s, _) = c
        .post(
            &format!("/api/v1/executions/{id}/reschedule"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // running -> canceling
    let other = v2_id(&c).await;
    attune_emulator::state::executions::update_status(
        &mut c.emu.state().store.lock(),
        other,
        attune_emulator::state::executions::ExecutionStatus::Running,
        None,
    );
    let (_, v) = c
        .post(
            &format!("/api/v1/executions/{other}/cancel"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(v["data"]["status"], "canceling");
    assert!(v["data"]["started_at"].is_string());
    let (_, v) = c.get("/api/v1/executions/stats", &c.admin).await;
    assert_eq!(v["data"]["total"], 3);
    assert_eq!(v["data"]["cancelled"], 2);
    let (s, v) = c.get("/api/v1/enforcements/99/executions", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["items"], json!([]));
    // the real server has no such route (the documented one is /enforcements/{id}/executions)
    let (s, _) = c.get("/api/v1/executions/enforcement/99", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c.get("/api/v1/executions/999", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn v2_id(c: &common::Ctx) -> i64 {
    let (_, v) = c.get("/api/v1/executions?status=requested", &c.admin).await;
    v["items"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn workflows_create_and_cascade() {
    let c = common::start().await;
    c.create_pack(&c.admin, "e2e").await;
    c.create_action(&c.admin, "e2e", "hello").await;
    let def = json!({"ref": "e2e.flow", "label": "Flow", "version": "1.0.0", "tasks": [
        {"name": "first", "action": "e2e.hello", "input": {"name": "a"},
         "next": [{"when": "{{ succeeded() }}", "publish": [{"out": "{{ result() }}"}], "do": ["second"]}]},
        {"name": "second", "action": "e2e.hello", "input": {"name": "b"}}]});
    let body = |d: Value| json!({"ref": "e2e.flow", "pack_ref": "e2e", "label": "Flow", "version": "1.0.0", "definition": d});
    let (s, v) = c
        .post("/api/v1/workflows", &c.admin, body(def.clone()))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["param_schema"], json!({}));
    let (_, v) = c.get("/api/v1/actions/e2e.flow", &c.admin).await;
    assert!(v["data"]["workflow_def"].is_i64());
    assert!(v["data"].get("runtime_ref").is_none());
    let (s, _) = c
        .post("/api/v1/workflows", &c.admin, body(def.clone()))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let bad = |tasks: Value| json!({"ref": "e2e.bad", "pack_ref": "e2e", "label": "B", "version": "1", "definition": {"tasks": tasks}});
    let (s, _) = c.post("/api/v1/workflows", &c.admin, bad(json!([]))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            bad(
                json!([{"name": "a", "action": "e2e.hello"}, {"name": "a", "action": "e2e.hello"}]),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            bad(json!([{"name": "a", "action": "e2e.hello", "next": [{"do": ["zzz"]}]}])),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            bad(json!([{"name": "a", "action": "e2e.missing"}])),
        )
        .await;
    // the real server answers 400 "Workflow '<ref>' references unknown action '<a>'"
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post("/api/v1/workflows", &c.admin, json!({"ref": "nopack.w", "pack_ref": "nopack", "label": "B", "version": "1", "definition": def}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = c.get("/api/v1/workflows", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (s, v) = c
        .put(
            "/api/v1/workflows/e2e.flow",
            &c.admin,
            json!({"label": "F2", "definition": null, "param_schema": null, "out_schema": null}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["label"], "F2");
    let (s, _) = c.delete("/api/v1/workflows/e2e.flow", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get("/api/v1/actions/e2e.flow", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn inquiries_flow() {
    let c = common::start().await;
    let (_, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.noop"}),
        )
        .await;
    let exec = v["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .post("/api/v1/inquiries", &c.admin, json!({"execution": exec, "prompt": "Approve?",
               "response_schema": {"approved": {"type": "boolean", "required": true}, "level": {"type": "string", "enum": ["a", "b"]}}}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    assert_eq!(v["data"]["status"], "pending");
    assert_eq!(v["data"]["response"], Value::Null);
    for bad in [
        json!({}),
        json!({"approved": "yes"}),
        json!({"approved": true, "level": "c"}),
    ] {
        let (s, v) = c
            .post(
                &format!("/api/v1/inquiries/{id}/respond"),
                &c.admin,
                json!({"response": bad}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    }
    let (_, v) = c.get(&format!("/api/v1/inquiries/{id}"), &c.admin).await;
    assert_eq!(v["data"]["status"], "pending");
    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["status"], "responded");
    assert!(v["data"]["responded_at"].is_string());
    let (s, _) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, v) = c.get("/api/v1/inquiries?limit=1", &c.admin).await;
    assert_eq!(v["pagination"]["page_size"], 1);
    assert!(v["pagination"].get("total_items").is_none());
    assert_eq!(v["items"][0]["has_response"], true);
    let (s, _) = c.get("/api/v1/inquiries/status/responded", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get("/api/v1/inquiries/status/cancelled", &c.admin).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (_, v) = c
        .get(&format!("/api/v1/executions/{exec}/inquiries"), &c.admin)
        .await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (s, v) = c
        .put(
            &format!("/api/v1/inquiries/{id}"),
            &c.admin,
            json!({"response": null, "status": "cancelled"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["status"], "cancelled");
    let (s, _) = c.delete(&format!("/api/v1/inquiries/{id}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get(&format!("/api/v1/inquiries/{id}"), &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sensors_and_runtimes() {
    let c = common::start().await;
    c.create_pack(&c.admin, "e2e").await;
    let (s, v) = c
        .post(
            "/api/v1/sensors",
            &c.admin,
            json!({"ref": "e2e.s", "pack_ref": "e2e", "label": "S", "entrypoint": "s.py",
              "runtime_ref": "core.python", "trigger_ref": "core.intervaltimer"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["runtime_ref"], "core.python");
    let (_, v) = c
        .post("/api/v1/sensors/e2e.s/disable", &c.admin, json!({}))
        .await;
    assert_eq!(v["data"]["enabled"], false);
    let (_, v) = c.get("/api/v1/sensors/enabled", &c.admin).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["ref"] != "e2e.s"));
    let (s, _) = c.delete("/api/v1/sensors/e2e.s", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = c
        .post(
            "/api/v1/runtimes",
            &c.admin,
            json!({"ref": "e2e.bash5", "name": "Bash 5", "pack_ref": "e2e"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = c.get("/api/v1/packs/e2e/runtimes", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (s, _) = c
        .post(
            "/api/v1/runtimes",
            &c.admin,
            json!({"ref": "e2e.bash5", "name": "dup"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn pagination_schemes() {
    let c = common::start().await;
    for i in 0..120 {
        c.create_pack(&c.admin, &format!("p{i:03}")).await;
    }
    // like the real server: the requested size is echoed (and counts pages), 100 items at most
    let (_, v) = c.get("/api/v1/packs?page_size=500", &c.admin).await;
    assert_eq!(v["pagination"]["page_size"], 500);
    assert_eq!(v["items"].as_array().unwrap().len(), 100);
    assert_eq!(v["pagination"]["total_items"], 121);
    assert_eq!(v["pagination"]["total_pages"], 1);
    assert_eq!(v["pagination"]["has_next"], false);
    let (_, v) = c.get("/api/v1/packs?page_size=50", &c.admin).await;
    assert_eq!(v["pagination"]["total_pages"], 3);
    assert_eq!(v["pagination"]["has_next"], true);
    let (_, v) = c.get("/api/v1/packs?page=2&page_size=100", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 21);
    assert_eq!(v["pagination"]["has_previous"], true);
    assert_eq!(v["pagination"]["has_next"], false);
    for i in 0..120 {
        c.post(
            "/api/v1/keys",
            &c.admin,
            json!({"local_ref": format!("k{i}"), "name": "k", "value": i, "owner_type": "system"}),
        )
        .await;
    }
    let (_, v) = c.get("/api/v1/keys?per_page=200", &c.admin).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 120, "keys: no clamp");
}
