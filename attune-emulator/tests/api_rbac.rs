//! Grants (403) and visibility (404 / filtered lists).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn refs(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["ref"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn fresh_user_has_no_grants() {
    let c = common::start().await;
    let (_, t) = c.register("fresh").await;
    let (s, v) = c.get("/api/v1/packs", &t).await;
    assert_eq!(s, StatusCode::OK);
    assert!(refs(&v).contains(&"core".to_string()));
    let (s, _) = c.get("/api/v1/packs/core", &t).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get("/api/v1/actions/core.echo", &t).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = c
        .post(
            "/api/v1/packs",
            &t,
            json!({"ref": "mine", "label": "m", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["code"], "FORBIDDEN");
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &t,
            json!({"action_ref": "core.echo"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = c.get("/api/v1/keys", &t).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["error"], "Insufficient permissions: keys:read");
    let (s, _) = c
        .post("/api/v1/rules", &t, json!({"ref": "core.r", "pack_ref": "core", "label": "r", "trigger_ref": "core.intervaltimer",
              "action_ref": "core.echo", "trigger_params": {"interval": 5}}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = c.get("/api/v1/identities", &t).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn viewer_executor_admin_roles() {
    let c = common::start().await;
    let (_, viewer) = c.user_with_set("viewer", "core.viewer").await;
    for p in [
        "/api/v1/packs",
        "/api/v1/actions",
        "/api/v1/rules",
        "/api/v1/keys",
    ] {
        let (s, _) = c.get(p, &viewer).await;
        assert_eq!(s, StatusCode::OK, "{p}");
    }
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &viewer,
            json!({"ref": "v", "label": "v", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = c
        .post(
            "/api/v1/actions",
            &viewer,
            json!({"ref": "core.x", "pack_ref": "core", "label": "x", "entrypoint": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &viewer,
            json!({"action_ref": "core.echo"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (_, executor) = c.user_with_set("executor", "core.executor").await;
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &executor,
            json!({"action_ref": "core.echo", "parameters": {}, "env_vars": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["action_ref"], "core.echo");
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &executor,
            json!({"ref": "e", "label": "e", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (_, admin2) = c.user_with_set("admin2", "core.admin").await;
    let p = c.create_pack(&admin2, "a2pack").await;
    assert_eq!(p["ref"], "a2pack");
    let (s, _) = c.delete("/api/v1/packs/a2pack", &admin2).await;
    assert_eq!(s, StatusCode::OK);
    // direct assignment
    let (uid, _) = c.register("direct").await;
    let (s, v) = c
        .post(
            "/api/v1/permissions/assignments",
            &c.admin,
            json!({"permission_set_ref": "core.viewer", "identity_id": uid}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["permission_set_ref"], "core.viewer");
    let (s, _) = c
        .post(
            "/api/v1/permissions/assignments",
            &c.admin,
            json!({"permission_set_ref": "core.viewer", "identity_login": "direct"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = c
        .post(
            "/api/v1/permissions/assignments",
            &c.admin,
            json!({"permission_set_ref": "core.nope", "identity_id": uid}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = c
        .get(&format!("/api/v1/identities/{uid}/permissions"), &c.admin)
        .await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = c.get(&format!("/api/v1/identities/{uid}"), &c.admin).await;
    assert_eq!(
        v["data"]["direct_permissions"][0]["permission_set_ref"],
        "core.viewer"
    );
    let (s, _) = c
        .post(
            "/api/v1/permissions/sets/9999/roles",
            &c.admin,
            json!({"role": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // a viewer cannot bind roles
    let (s, _) = c
        .post(
            "/api/v1/permissions/sets/1/roles",
            &viewer,
            json!({"role": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pack_ownership_scopes_visibility() {
    let c = common::start().await;
    let (_, admin2) = c.user_with_set("admin2", "core.admin").await;
    c.create_pack(&c.admin, "pack_one").await;
    c.create_action(&c.admin, "pack_one", "act").await;
    c.create_pack(&admin2, "pack_two").await;
    let (s, _) = c.get("/api/v1/packs/pack_one", &admin2).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c.get("/api/v1/packs/pack_two", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = c.get("/api/v1/packs", &admin2).await;
    assert!(!refs(&v).contains(&"pack_one".to_string()));
    assert!(refs(&v).contains(&"core".to_string()));
    let (s, _) = c.get("/api/v1/actions/pack_one.act", &admin2).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = c.get("/api/v1/actions?page_size=100", &admin2).await;
    assert!(refs(&v).contains(&"core.echo".to_string()));
    assert!(!refs(&v).contains(&"pack_one.act".to_string()));
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &admin2,
            json!({"action_ref": "pack_one.act"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c.delete("/api/v1/packs/pack_one", &admin2).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn identity_keys_are_private() {
    let c = common::start().await;
    let (_, admin2) = c.user_with_set("admin2", "core.admin").await;
    let (s, _) = c
        .post("/api/v1/keys", &admin2, json!({"local_ref": "secret", "name": "s", "value": "v2", "owner_type": "identity", "owner_identity_login": "admin2", "encrypted": true}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, v) = c.get("/api/v1/keys/identity.admin2.secret", &admin2).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["value"], "v2");
    let (s, _) = c.get("/api/v1/keys/identity.admin2.secret", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = c.get("/api/v1/keys?owner_type=identity", &c.admin).await;
    assert_eq!(v["items"], json!([]));
    let (s, _) = c
        .delete("/api/v1/keys/identity.admin2.secret", &c.admin)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // creating a key for another identity is refused
    let (s, _) = c
        .post("/api/v1/keys", &c.admin, json!({"local_ref": "x", "name": "x", "value": 1, "owner_type": "identity", "owner_identity_login": "admin2"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // encrypted value hidden without keys:decrypt
    c.post("/api/v1/keys", &c.admin, json!({"local_ref": "sys", "name": "sys", "value": "plain-secret", "owner_type": "system", "encrypted": true})).await;
    let (_, viewer) = c.user_with_set("viewer", "core.viewer").await;
    let (s, v) = c.get("/api/v1/keys/sys", &viewer).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["value"], Value::Null);
    let (_, fresh) = c.register("fresh").await;
    let (s, _) = c.get("/api/v1/keys/sys", &fresh).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn executions_and_rules_are_scoped() {
    let c = common::start().await;
    let (_, ex) = c.user_with_set("exec1", "core.executor").await;
    let (_, mine) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.noop"}),
        )
        .await;
    let admin_exec = mine["data"]["id"].as_i64().unwrap();
    // executor holds executions:read globally -> sees it
    let (s, _) = c
        .get(&format!("/api/v1/executions/{admin_exec}"), &ex)
        .await;
    assert_eq!(s, StatusCode::OK);
    // a user with only actions:execute (custom grant) sees only own executions
    let (uid, _) = c.register("runner").await;
    {
        let st = c.emu.state();
        let mut store = st.store.lock();
        let t = attune_emulator::state::now();
        let sid = store.permission_sets.insert_with(|id| {
            attune_emulator::state::identities::PermissionSet {
                id,
                r#ref: "e2e.runner".into(),
                label: None,
                description: None,
                pack_ref: None,
                grants: json!([{"resource": "actions", "actions": ["read", "execute"]}]),
                created: t,
            }
        });
        attune_emulator::state::identities::assign(&mut store, uid, sid).unwrap();
    }
    let runner = common::login(&c.http, c.emu.base_url(), "runner", "Password123!").await;
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &runner,
            json!({"action_ref": "core.noop"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let own = v["data"]["id"].as_i64().unwrap();
    let (s, _) = c
        .get(&format!("/api/v1/executions/{admin_exec}"), &runner)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c.get(&format!("/api/v1/executions/{own}"), &runner).await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = c.get("/api/v1/executions", &runner).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (s, _) = c
        .post(
            &format!("/api/v1/executions/{admin_exec}/cancel"),
            &runner,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // rules: private to owner unless global rules:read
    c.create_pack(&c.admin, "e2e").await;
    let (s, _) = c
        .post("/api/v1/rules", &c.admin, json!({"ref": "e2e.r", "pack_ref": "e2e", "label": "r", "trigger_ref": "core.intervaltimer",
              "action_ref": "core.echo", "trigger_params": {"interval": 5}}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, v) = c.get("/api/v1/rules", &runner).await;
    assert_eq!(v["items"], json!([]));
    let (s, _) = c.get("/api/v1/rules/e2e.r", &runner).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn identities_admin_endpoints() {
    let c = common::start().await;
    let (s, v) = c
        .post(
            "/api/v1/identities",
            &c.admin,
            json!({"login": "svc-user", "display_name": "Svc", "password": "Password123!"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let id = v["data"]["id"].as_i64().unwrap();
    assert_eq!(v["data"]["roles"], json!([]));
    assert_eq!(v["data"]["frozen"], false);
    let (s, _) = c
        .post("/api/v1/identities", &c.admin, json!({"login": "svc-user"}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, v) = c.get("/api/v1/identities", &c.admin).await;
    assert_eq!(v["items"][0]["login"], "svc-user");
    assert!(v["items"][0]["roles"].is_array());
    let (s, v) = c
        .post(
            &format!("/api/v1/identities/{id}/roles"),
            &c.admin,
            json!({"role": "ops"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(v["data"]["managed"], false);
    let (s, _) = c
        .post(
            &format!("/api/v1/identities/{id}/freeze"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c
        .call(
            reqwest::Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": "svc-user", "password": "Password123!"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = c.get("/api/v1/identities/4242", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
