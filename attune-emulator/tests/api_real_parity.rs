//! Issue 13: the emulator answers like the real server on D1–D6, names the
//! operations it does not emulate, keeps unknown routes a plain 404, bounds
//! finished records (retention) and lists correctly with page-only rendering.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use attune_emulator::EmulatorConfig;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn my_id(c: &common::Ctx, token: &str) -> i64 {
    let (s, v) = c.get("/auth/me", token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["data"]["id"].as_i64().unwrap()
}

fn success(v: &Value, msg: &str) {
    assert_eq!(
        v,
        &json!({"data": {"success": true, "message": msg}}),
        "{v}"
    );
}

#[tokio::test]
async fn d1_self_freeze_is_refused_and_the_caller_stays_usable() {
    let c = common::start_without_engine().await;
    let me = my_id(&c, &c.admin).await;
    let (s, v) = c
        .post(
            &format!("/api/v1/identities/{me}/freeze"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(
        v["error"],
        "Refusing to freeze the currently authenticated identity"
    );
    let (s, _) = c.get("/auth/me", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = c.get(&format!("/api/v1/identities/{me}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["frozen"], false);
}

#[tokio::test]
async fn d2_freeze_and_unfreeze_answer_the_success_envelope() {
    let c = common::start_without_engine().await;
    let (uid, tok) = c.register("parity_freeze_user").await;
    let (s, v) = c
        .post(
            &format!("/api/v1/identities/{uid}/freeze"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Identity frozen successfully");
    let (s, _) = c.get("/auth/me", &tok).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a frozen identity is refused");
    let (s, v) = c
        .post(
            &format!("/api/v1/identities/{uid}/unfreeze"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Identity unfrozen successfully");
    let (s, _) = c.get("/auth/me", &tok).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn d3_d4_deletes_use_the_data_envelope_and_self_delete_is_400() {
    let c = common::start_without_engine().await;
    let (uid, _) = c.register("parity_delete_user").await;
    // identity role assignment
    let (s, v) = c
        .post(
            &format!("/api/v1/identities/{uid}/roles"),
            &c.admin,
            json!({"role": "parity-role"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let rid = v["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .delete(&format!("/api/v1/identities/roles/{rid}"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Identity role assignment deleted successfully");
    // direct permission assignment
    let (s, v) = c
        .post(
            "/api/v1/permissions/assignments",
            &c.admin,
            json!({"permission_set_ref": "core.viewer", "identity_id": uid}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let aid = v["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .delete(&format!("/api/v1/permissions/assignments/{aid}"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Permission assignment deleted successfully");
    // permission-set role binding
    let (s, v) = c
        .post(
            "/api/v1/permissions/sets/1/roles",
            &c.admin,
            json!({"role": "parity-binding"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let bid = v["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .delete(&format!("/api/v1/permissions/sets/roles/{bid}"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Permission set role assignment deleted successfully");
    // the identity itself
    let (s, v) = c
        .delete(&format!("/api/v1/identities/{uid}"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    success(&v, "Identity deleted successfully");
    let (s, _) = c.get(&format!("/api/v1/identities/{uid}"), &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // yourself: 400 and nothing deleted
    let me = my_id(&c, &c.admin).await;
    let (s, v) = c
        .delete(&format!("/api/v1/identities/{me}"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(
        v["error"],
        "Refusing to delete the currently authenticated identity"
    );
    let (s, _) = c.get("/auth/me", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn d5_action_placement_fields_are_type_checked() {
    let c = common::start_without_engine().await;
    c.create_pack(&c.admin, "parityd5").await;
    let base = json!({"ref": "parityd5.a", "pack_ref": "parityd5", "label": "a",
                      "entrypoint": "true", "runtime_ref": "core.shell"});
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for bad in [
        json!({"worker_affinity": 0}),
        json!({"worker_selector": {"zone": {}}}),
        json!({"worker_tolerations": {"key": "gpu"}}),
        json!({"worker_tolerations": [{"key": "gpu", "operator": "sometimes"}]}),
        json!({"worker_affinity": {"required": [{"match_expressions": [{"key": "k"}]}]}}),
    ] {
        let (s, v) = c.post("/api/v1/actions", &c.admin, with(bad.clone())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {v}");
    }
    let good = json!({"worker_selector": {"zone": "eu"},
                      "worker_tolerations": [{"key": "gpu", "operator": "exists", "effect": "no_schedule"}],
                      "worker_affinity": {"preferred": [{"weight": 3, "preference": {"match_labels": {"ssd": "yes"}}}]}});
    let (s, v) = c
        .post("/api/v1/actions", &c.admin, with(good.clone()))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["worker_selector"], good["worker_selector"]);
    // update is checked too, and a rejected update changes nothing
    let (s, _) = c
        .put(
            "/api/v1/actions/parityd5.a",
            &c.admin,
            json!({"worker_selector": {"zone": 1}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, v) = c.get("/api/v1/actions/parityd5.a", &c.admin).await;
    assert_eq!(v["data"]["worker_selector"], json!({"zone": "eu"}));
}

#[tokio::test]
async fn d6_query_validation_matches_the_real_server() {
    let c = common::start_without_engine().await;
    let (s, _) = c.get("/api/v1/keys?owner_type=bogus", &c.admin).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c.get("/api/v1/keys?owner_type=system", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    for path in ["/api/v1/actions?q=a&q=b", "/api/v1/packs?q=core&q=zzz"] {
        let (s, v) = c.get(path, &c.admin).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
    }
    // the first `q` wins
    let (_, v) = c.get("/api/v1/packs?q=core&q=zzz", &c.admin).await;
    assert!(!v["items"].as_array().unwrap().is_empty(), "{v}");
    // page_size is echoed as sent; at most 100 items
    let (s, v) = c.get("/api/v1/actions?page_size=0", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["pagination"]["page_size"], 0);
    assert_eq!(v["items"], json!([]));
    let (s, v) = c.get("/api/v1/actions?page_size=101", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["pagination"]["page_size"], 101);
    assert!(v["items"].as_array().unwrap().len() <= 100);
    // a route the real server lacks is a plain 404
    let r = c
        .http
        .get(c.url("/api/v1/executions/enforcement/1"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn not_emulated_operations_answer_501_naming_themselves() {
    let c = common::start_without_engine().await;
    for &(method, path, template) in attune_emulator::http::routes::not_emulated::NOT_EMULATED {
        let concrete = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "x1" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let body = matches!(method, "POST" | "PUT").then(|| json!({}));
        let (s, v) = c.call(m, &concrete, Some(&c.admin), body).await;
        assert_eq!(s, StatusCode::NOT_IMPLEMENTED, "{method} {concrete}: {v}");
        assert_eq!(v["code"], "NOT_EMULATED", "{v}");
        let msg = v["error"].as_str().unwrap();
        assert!(
            msg.contains(&format!("{method} {template}")) && msg.contains("docs/emulator.md"),
            "{msg}"
        );
    }
    for path in ["/api/v1/agent/info", "/api/v1/agent/binary"] {
        let (s, v) = c.get(path, &c.admin).await;
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{path}: {v}");
    }
}

#[tokio::test]
async fn unknown_paths_are_empty_404_and_wrong_methods_405() {
    let c = common::start_without_engine().await;
    for path in ["/api/v1/no-such-thing", "/nothing/here", "/api/v2/packs"] {
        let r = c
            .http
            .get(c.url(path))
            .bearer_auth(&c.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(r.bytes().await.unwrap().is_empty(), "{path}");
    }
    let r = c
        .http
        .delete(c.url("/api/v1/executions/stats"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    // a not-emulated path with a method the real server lacks there is 405 too
    let r = c
        .http
        .get(c.url("/api/v1/packs/install"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn retention_keeps_only_the_newest_finished_records() {
    let cfg = EmulatorConfig::default()
        .with_retention(3)
        .with_retention_interval(Duration::from_millis(20));
    let c = common::start_with(cfg).await;
    c.create_pack(&c.admin, "parityret").await;
    let action = c.shell_action("parityret", "ok", "true").await;
    let (trigger, key) = c.webhook_trigger("parityret", "hook").await;
    c.rule("parityret", "r", &trigger, &action, json!({})).await;
    let mut events = Vec::new();
    for i in 0..8 {
        events.push(c.fire(&key, json!({"i": i})).await);
    }
    let newest: Vec<i64> = events.iter().rev().take(3).copied().collect();
    let ev_path = format!("/api/v1/events?trigger_ref={trigger}");
    let items = c.wait_items(&ev_path, 20, |items| items.len() == 3).await;
    let ids: Vec<i64> = items.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(
        ids, newest,
        "the newest three events are kept, newest first"
    );
    let ex_path = format!("/api/v1/executions?action_ref={action}");
    let items = c
        .wait_items(&ex_path, 20, |items| {
            items.len() == 3 && items.iter().all(|e| e["status"] == "completed")
        })
        .await;
    let enf: Vec<i64> = items
        .iter()
        .map(|e| e["enforcement"].as_i64().unwrap())
        .collect();
    let en_path = format!("/api/v1/enforcements?trigger_ref={trigger}");
    let kept = c.wait_items(&en_path, 20, |items| items.len() == 3).await;
    let kept: Vec<i64> = kept.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(
        enf, kept,
        "executions and enforcements of the newest runs are kept"
    );
}

#[tokio::test]
async fn listing_filters_order_and_pages_stay_right() {
    let c = common::start().await;
    c.create_pack(&c.admin, "paritylist").await;
    let ok = c.shell_action("paritylist", "ok", "true").await;
    let bad = c.shell_action("paritylist", "bad", "exit 3").await;
    let mut ok_ids = Vec::new();
    let mut bad_ids = Vec::new();
    for i in 0..7 {
        ok_ids.push(c.execute(json!({"action_ref": ok})).await);
        if i % 2 == 0 {
            bad_ids.push(c.execute(json!({"action_ref": bad})).await);
        }
    }
    for id in ok_ids.iter().chain(&bad_ids) {
        c.wait_terminal(*id, 30).await;
    }
    let ids = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let newest_ok: Vec<i64> = ok_ids.iter().rev().copied().collect();
    let (_, v) = c
        .get(
            &format!("/api/v1/executions?action_ref={ok}&per_page=3&include_total=true"),
            &c.admin,
        )
        .await;
    assert_eq!(ids(&v), newest_ok[..3].to_vec());
    assert_eq!(v["pagination"]["total_items"], 7);
    assert_eq!(v["pagination"]["has_next"], true);
    let (_, v) = c
        .get(
            &format!("/api/v1/executions?action_ref={ok}&per_page=3&page=3"),
            &c.admin,
        )
        .await;
    assert_eq!(ids(&v), newest_ok[6..].to_vec());
    assert_eq!(v["pagination"]["has_next"], false);
    let (_, v) = c
        .get(
            "/api/v1/executions?pack_name=paritylist&status=failed&per_page=100",
            &c.admin,
        )
        .await;
    let newest_bad: Vec<i64> = bad_ids.iter().rev().copied().collect();
    assert_eq!(ids(&v), newest_bad);
    let (_, v) = c
        .get("/api/v1/executions/status/failed?page_size=2", &c.admin)
        .await;
    let failed = ids(&v);
    assert_eq!(failed.len(), 2);
    assert!(failed[0] > failed[1], "newest first: {failed:?}");
    assert_eq!(v["pagination"]["page_size"], 2);
}
