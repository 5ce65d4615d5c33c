//! Contract tests for the issue-12 operations added to existing groups: identity freeze and
//! integration tokens, LDAP/token login and logout, runtime writes, scoped lists,
//! permission-set update, action queue stats, workflow cache iterations.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Value};

const TS: &str = "2026-06-01T12:00:00Z";

fn token_meta(id: i64, with_secret: bool) -> Value {
    let mut v = json!({"id": id, "label": "ci", "description": null, "expires_at": null,
                       "revoked_at": null, "created": TS, "last_used_at": null});
    if with_secret {
        v["token"] = json!("attune_it_abc");
    }
    v
}

#[tokio::test]
async fn identities_freeze() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/identities/5/freeze")
        .respond(200, wrap(json!({"id": 5, "login": "bob", "frozen": true})))
        .mount()
        .await;
    let v = s.client.identities().freeze(5).await.unwrap();
    assert_eq!(v["frozen"], true);
}

#[tokio::test]
async fn identities_unfreeze() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/identities/5/unfreeze")
        .respond(200, wrap(json!({"id": 5, "login": "bob", "frozen": false})))
        .mount()
        .await;
    let v = s.client.identities().unfreeze(5).await.unwrap();
    assert_eq!(v["frozen"], false);
}

#[tokio::test]
async fn identities_list_integration_tokens() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/identities/5/integration-tokens")
        .respond(
            200,
            wrap(json!([token_meta(1, false), token_meta(2, false)])),
        )
        .mount()
        .await;
    let v = s
        .client
        .identities()
        .list_integration_tokens(5)
        .await
        .unwrap();
    assert_eq!(v.len(), 2);
    assert!(v[0].token.is_none());
}

#[tokio::test]
async fn identities_create_integration_token() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/identities/5/integration-tokens")
        .body(json!({"label": "ci", "description": "pipeline"}))
        .respond(201, wrap(token_meta(1, true)))
        .mount()
        .await;
    let t = s
        .client
        .identities()
        .create_integration_token(
            5,
            &CreateIntegrationTokenRequest::new("ci").with_description("pipeline"),
        )
        .await
        .unwrap();
    assert_eq!(t.token.as_deref(), Some("attune_it_abc"));
    assert_eq!(t.extra["last_used_at"], Value::Null);
}

#[tokio::test]
async fn identities_revoke_integration_token() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/identities/5/integration-tokens/1/revoke")
        .body(json!({"reason": "leaked"}))
        .respond(200, wrap(json!({"id": 1, "label": "ci", "revoked_at": TS})))
        .mount()
        .await;
    let t = s
        .client
        .identities()
        .revoke_integration_token(
            5,
            1,
            &RevokeIntegrationTokenRequest::default().with_reason("leaked"),
        )
        .await
        .unwrap();
    assert!(t.revoked_at.is_some());
}

#[tokio::test]
async fn identities_delete_integration_token() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/identities/5/integration-tokens/1")
        .respond(200, wrap(json!({"message": "deleted"})))
        .mount()
        .await;
    s.client
        .identities()
        .delete_integration_token(5, 1)
        .await
        .unwrap();
}

#[tokio::test]
async fn auth_ldap_login() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/ldap/login")
        .no_auth()
        .body(json!({"login": "jdoe", "password": "pw"}))
        .respond(200, wrap(token_json("la", "lr", true)))
        .mount()
        .await;
    let t = s
        .client
        .auth()
        .ldap_login(&LdapLoginRequest {
            login: "jdoe".into(),
            password: "pw".into(),
        })
        .await
        .unwrap();
    assert_eq!(t.access_token, "la");
}

#[tokio::test]
async fn auth_token_login() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/token-login")
        .no_auth()
        .body(json!({"token": "attune_it_abc"}))
        .respond(200, wrap(token_json("ta", "tr", false)))
        .mount()
        .await;
    let t = s
        .client
        .auth()
        .token_login(&TokenLoginRequest {
            token: "attune_it_abc".into(),
        })
        .await
        .unwrap();
    assert_eq!(t.refresh_token, "tr");
}

#[tokio::test]
async fn auth_server_logout() {
    let s = Srv::start().await;
    s.mock("GET", "/auth/logout")
        .respond(200, success())
        .mount()
        .await;
    s.client.auth().server_logout().await.unwrap();
}

#[tokio::test]
async fn runtimes_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/runtimes")
        .body(
            json!({"ref": "core.shell", "name": "Shell", "pack_ref": "core",
                     "execution_config": {"interpreter": "/bin/sh"}}),
        )
        .respond(201, wrap(runtime_json()))
        .mount()
        .await;
    let body = CreateRuntimeRequest::new("core.shell", "Shell")
        .with_pack_ref("core")
        .with_execution_config(json!({"interpreter": "/bin/sh"}));
    let r = s.client.runtimes().create(&body).await.unwrap();
    assert_eq!(r.r#ref, "core.shell");
}

#[tokio::test]
async fn runtimes_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/runtimes/core.shell")
        .body(json!({"description": "POSIX shell"}))
        .respond(200, wrap(runtime_json()))
        .mount()
        .await;
    let r = s
        .client
        .runtimes()
        .update(
            "core.shell",
            &UpdateRuntimeRequest::default().with_description("POSIX shell"),
        )
        .await
        .unwrap();
    assert_eq!(r.description.as_deref(), Some("POSIX shell"));
}

#[tokio::test]
async fn runtimes_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/runtimes/core.shell")
        .respond(200, success())
        .mount()
        .await;
    s.client.runtimes().delete("core.shell").await.unwrap();
}

fn pp() -> PageParams {
    PageParams {
        page: Some(1),
        page_size: Some(10),
    }
}

#[tokio::test]
async fn rules_list_by_action() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions/e2e.hello/rules")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![rule_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .rules()
        .list_by_action("e2e.hello", &pp())
        .await
        .unwrap();
    assert_eq!(p.items[0].r#ref, "e2e.on_alert");
}

#[tokio::test]
async fn rules_list_by_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/e2e/rules")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![rule_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s.client.rules().list_by_pack("e2e", &pp()).await.unwrap();
    assert_eq!(p.items.len(), 1);
}

#[tokio::test]
async fn rules_list_by_trigger() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/triggers/e2e.alert/rules")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![rule_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .rules()
        .list_by_trigger("e2e.alert", &pp())
        .await
        .unwrap();
    assert_eq!(p.items[0].trigger_ref, "e2e.alert");
}

#[tokio::test]
async fn sensors_list_by_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/e2e/sensors")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![sensor_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s.client.sensors().list_by_pack("e2e", &pp()).await.unwrap();
    assert_eq!(p.items[0].r#ref, "e2e.poller");
}

#[tokio::test]
async fn sensors_list_by_trigger() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/triggers/e2e.alert/sensors")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![sensor_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .sensors()
        .list_by_trigger("e2e.alert", &pp())
        .await
        .unwrap();
    assert_eq!(p.items.len(), 1);
}

#[tokio::test]
async fn workflows_list_by_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/e2e/workflows")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![workflow_summary_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .workflows()
        .list_by_pack("e2e", &pp())
        .await
        .unwrap();
    assert_eq!(p.items[0].r#ref, "e2e.flow");
}

#[tokio::test]
async fn permissions_update_set() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/permissions/sets/2")
        .body(json!({"grants": [{"resource": "actions", "actions": ["read"]}], "label": "Readers"}))
        .respond(
            200,
            wrap(json!({"id": 2, "ref": "core.readers", "label": "Readers", "description": null,
                        "pack_ref": "core", "grants": [{"resource": "actions", "actions": ["read"]}],
                        "roles": [], "created": TS, "updated": TS})),
        )
        .mount()
        .await;
    let body = UpdatePermissionSetRequest {
        grants: json!([{"resource": "actions", "actions": ["read"]}]),
        ..Default::default()
    }
    .with_label("Readers");
    let ps = s.client.permissions().update_set(2, &body).await.unwrap();
    assert_eq!(ps.r#ref, "core.readers");
}

#[tokio::test]
async fn actions_queue_stats() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions/e2e.hello/queue-stats")
        .respond(
            200,
            wrap(json!({"action_ref": "e2e.hello", "queue_length": 3, "active_count": 1})),
        )
        .mount()
        .await;
    let v = s.client.actions().queue_stats("e2e.hello").await.unwrap();
    assert_eq!(v["queue_length"], 3);
}

#[tokio::test]
async fn executions_workflow_cache_iterations() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions/11/workflow-cache-iterations")
        .respond(
            200,
            wrap(json!([{"task": "t1", "iteration": 0, "cached": true}])),
        )
        .mount()
        .await;
    let v = s
        .client
        .executions()
        .workflow_cache_iterations(11)
        .await
        .unwrap();
    assert_eq!(v[0]["task"], "t1");
}
