//! One wiremock contract test per SDK operation: exact method, path, query, auth and body.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use futures::TryStreamExt;
use serde_json::json;

// ------------------------------------------------------------------ auth

#[tokio::test]
async fn auth_login() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/login")
        .no_auth()
        .body(json!({"login":"admin","password":"changeme123"}))
        .respond(200, wrap(token_json("acc", "ref", true)))
        .mount()
        .await;
    let t = s
        .client
        .auth()
        .login(&LoginRequest::new("admin", "changeme123"))
        .await
        .unwrap();
    assert_eq!(t.access_token, "acc");
    assert_eq!(t.refresh_token, "ref");
    assert_eq!(t.expires_in, 3600);
    assert_eq!(t.user.unwrap().login, "admin");
}

#[tokio::test]
async fn auth_register() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/register")
        .no_auth()
        .body(json!({"login":"bob","password":"password123","display_name":"Bob"}))
        .respond(200, wrap(token_json("a2", "r2", true)))
        .mount()
        .await;
    let req = RegisterRequest::new("bob", "password123").with_display_name("Bob");
    let t = s.client.auth().register(&req).await.unwrap();
    assert_eq!(t.access_token, "a2");
}

#[tokio::test]
async fn auth_refresh() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/refresh")
        .no_auth()
        .body(json!({"refresh_token":"r1"}))
        .respond(200, wrap(token_json("a3", "r3", false)))
        .mount()
        .await;
    let t = s.client.auth().refresh("r1").await.unwrap();
    assert_eq!(t.refresh_token, "r3");
    assert!(t.user.is_none());
}

#[tokio::test]
async fn auth_me_and_update_me() {
    let s = Srv::start().await;
    let me = json!({"id":1,"login":"admin","display_name":"Administrator","auth_provider":"local","is_local":true,
        "can_change_password":true,"effective_permissions":[{"resource":"packs","actions":["read","create"]}],
        "assigned_permission_set_refs":["core.admin"]});
    s.mock("GET", "/auth/me")
        .respond(200, wrap(me.clone()))
        .mount()
        .await;
    s.mock("PUT", "/auth/me")
        .body(json!({"display_name":"Admin"}))
        .respond(200, wrap(me))
        .mount()
        .await;
    let u = s.client.auth().me().await.unwrap();
    assert_eq!(u.login, "admin");
    assert_eq!(u.effective_permissions[0].actions, vec!["read", "create"]);
    assert_eq!(u.assigned_permission_set_refs, vec!["core.admin"]);
    let u2 = s
        .client
        .auth()
        .update_me(&UpdateCurrentUserRequest::default().with_display_name("Admin"))
        .await
        .unwrap();
    assert_eq!(u2.id, 1);
}

#[tokio::test]
async fn auth_change_password() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/change-password")
        .body(json!({"current_password":"old","new_password":"newpassword1"}))
        .respond(
            200,
            wrap(json!({"success":true,"message":"Password changed successfully"})),
        )
        .mount()
        .await;
    let r = s
        .client
        .auth()
        .change_password(&ChangePasswordRequest::new("old", "newpassword1"))
        .await
        .unwrap();
    assert!(r.success);
}

#[tokio::test]
async fn auth_settings() {
    let s = Srv::start().await;
    s.mock("GET", "/auth/settings")
        .no_auth()
        .respond(200, wrap(json!({"authentication_enabled":true,"local_password_enabled":true,
            "local_password_visible_by_default":true,"oidc_enabled":false,"oidc_visible_by_default":false,
            "ldap_enabled":false,"ldap_visible_by_default":false,"self_registration_enabled":true})))
        .mount()
        .await;
    let st = s.client.auth().settings().await.unwrap();
    assert!(st.self_registration_enabled);
    assert!(!st.ldap_enabled);
}

// ------------------------------------------------------------------ health

#[tokio::test]
async fn health_endpoints() {
    let s = Srv::start().await;
    s.mock("GET", "/health")
        .no_auth()
        .respond(200, json!({"status":"ok"}))
        .mount()
        .await;
    s.mock("GET", "/health/detailed")
        .no_auth()
        .respond(
            200,
            json!({"status":"ok","version":"0.6.3","database":"connected"}),
        )
        .mount()
        .await;
    s.mock("GET", "/health/ready")
        .no_auth()
        .respond_raw(200, "")
        .mount()
        .await;
    s.mock("GET", "/health/live")
        .no_auth()
        .respond_raw(200, "")
        .mount()
        .await;
    assert_eq!(s.client.health().check().await.unwrap().status, "ok");
    let d = s.client.health().detailed().await.unwrap();
    assert_eq!(d.database.as_deref(), Some("connected"));
    s.client.health().ready().await.unwrap();
    s.client.health().live().await.unwrap();
}

#[tokio::test]
async fn health_ready_503_is_error() {
    let s = Srv::start().await;
    s.mock("GET", "/health/ready")
        .no_auth()
        .respond(503, json!({"status":"not_ready","error":"db down"}))
        .mount()
        .await;
    let e = s.client.health().ready().await.unwrap_err();
    assert_eq!(e.status(), Some(503));
}

// ------------------------------------------------------------------ packs

#[tokio::test]
async fn packs_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs")
        .body(json!({"ref":"e2e","label":"E2E pack","version":"1.0.0","description":"test"}))
        .respond(
            201,
            json!({"data": pack_json(), "message":"Pack created successfully"}),
        )
        .mount()
        .await;
    let p = s
        .client
        .packs()
        .create(&CreatePackRequest::new("e2e", "E2E pack", "1.0.0").with_description("test"))
        .await
        .unwrap();
    assert_eq!(p.id, 7);
    assert_eq!(p.r#ref, "e2e");
    assert_eq!(p.action_count, Some(2));
}

#[tokio::test]
async fn packs_list_and_stream() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs")
        .query(&[("page", "1"), ("page_size", "2"), ("q", "e2e")])
        .respond(
            200,
            page_of(
                vec![pack_summary_json(1), pack_summary_json(2)],
                1,
                2,
                Some(3),
            ),
        )
        .times(2)
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs")
        .query(&[("page", "2"), ("page_size", "2"), ("q", "e2e")])
        .respond(200, page_of(vec![pack_summary_json(3)], 2, 2, Some(3)))
        .mount()
        .await;
    let params = ListPacksParams::default()
        .with_page(1)
        .with_page_size(2)
        .with_q("e2e");
    let page = s.client.packs().list(&params).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_items, Some(3));
    assert_eq!(page.total_pages, Some(2));
    assert!(page.has_next);
    let all: Vec<PackSummary> = s.client.packs().stream(params).try_collect().await.unwrap();
    assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), vec![1, 2, 3]);
}

#[tokio::test]
async fn packs_get_update_delete() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/e2e")
        .respond(200, wrap(pack_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/packs/e2e")
        .body(
            json!({"conf_schema":null,"config":{"a":1},"meta":null,"label":"New",
            "description":{"op":"clear"}}),
        )
        .respond(200, wrap(pack_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/packs/e2e")
        .respond(200, success())
        .mount()
        .await;
    assert_eq!(s.client.packs().get("e2e").await.unwrap().label, "E2E pack");
    let upd = UpdatePackRequest {
        config: Some(json!({"a":1})),
        label: Some("New".into()),
        description: Some(Patch::Clear),
        ..Default::default()
    };
    s.client.packs().update("e2e", &upd).await.unwrap();
    s.client.packs().delete("e2e").await.unwrap();
}

// ------------------------------------------------------------------ runtimes

#[tokio::test]
async fn runtimes_list_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/runtimes")
        .query(&[("q", "shell")])
        .respond(
            200,
            page_of(
                vec![json!({"id":3,"ref":"core.shell","name":"Shell","created":TS,"updated":TS})],
                1,
                50,
                Some(1),
            ),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/runtimes/core.shell")
        .respond(200, wrap(runtime_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/core/runtimes")
        .query(&[("page", "1"), ("page_size", "10")])
        .respond(200, page_of(vec![], 1, 10, Some(0)))
        .mount()
        .await;
    let p = s
        .client
        .runtimes()
        .list(&ListRuntimesParams::default().with_q("shell"))
        .await
        .unwrap();
    assert_eq!(p.items[0].r#ref, "core.shell");
    let r = s.client.runtimes().get("core.shell").await.unwrap();
    assert_eq!(r.execution_config["interpreter"], "/bin/sh");
    assert!(r.installation.is_null());
    let p = s
        .client
        .runtimes()
        .list_by_pack("core", &PageParams::new(1, 10))
        .await
        .unwrap();
    assert!(p.is_empty());
}

// ------------------------------------------------------------------ actions

#[tokio::test]
async fn actions_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/actions")
        .body(json!({"ref":"e2e.hello","pack_ref":"e2e","label":"Hello","entrypoint":"echo hello",
            "runtime_ref":"core.shell","param_schema":{"name":{"type":"string","required":true}},"timeout_seconds":60}))
        .respond(201, json!({"data": action_json(), "message":"Action created successfully"}))
        .mount()
        .await;
    let req = CreateActionRequest::new("e2e.hello", "e2e", "Hello", "echo hello")
        .with_runtime_ref("core.shell")
        .with_param_schema(json!({"name":{"type":"string","required":true}}))
        .with_timeout_seconds(60);
    let a = s.client.actions().create(&req).await.unwrap();
    assert_eq!(a.id, 12);
    assert_eq!(a.runtime_ref.as_deref(), Some("core.shell"));
    assert_eq!(a.reference_visibility, Some(ReferenceVisibility::Public));
    assert!(a.out_schema.is_null());
}

#[tokio::test]
async fn actions_list_by_pack_search() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions")
        .query(&[
            ("page", "1"),
            ("page_size", "20"),
            ("executable_with_current_access", "true"),
        ])
        .respond(200, page_of(vec![action_summary_json()], 1, 20, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/actions")
        .query(&[("q", "hello")])
        .respond(200, page_of(vec![action_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/actions/search")
        .query(&[("q", "hello"), ("packs", "e2e,core")])
        .respond(200, page_of(vec![json!({"ref":"e2e.hello","label":"Hello","pack_ref":"e2e",
            "runtime_ref":"core.shell","is_workflow":false,"accesses_mcp":false,"reference_visibility":"public"})], 1, 50, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .actions()
        .list(
            &ListActionsParams::default()
                .with_page(1)
                .with_page_size(20)
                .with_executable_with_current_access(true),
        )
        .await
        .unwrap();
    assert_eq!(p.items[0].entrypoint, "echo hello");
    let p = s
        .client
        .actions()
        .list_by_pack("e2e", &ListActionsParams::default().with_q("hello"))
        .await
        .unwrap();
    assert_eq!(p.len(), 1);
    let hits = s
        .client
        .actions()
        .search(
            &SearchActionsParams::default()
                .with_q("hello")
                .with_packs(vec!["e2e".to_string(), "core".to_string()]),
        )
        .await
        .unwrap();
    assert!(!hits.items[0].is_workflow);
}

#[tokio::test]
async fn actions_get_update_delete_stream() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions/e2e.hello")
        .respond(200, wrap(action_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/actions/e2e.hello")
        .body(json!({"label":"Hi","timeout_seconds":{"op":"set","value":120}}))
        .respond(200, wrap(action_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/actions/e2e.hello")
        .respond(200, success())
        .mount()
        .await;
    s.mock("GET", "/api/v1/actions")
        .query(&[("page", "1")])
        .respond(200, page_of(vec![action_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.client.actions().get("e2e.hello").await.unwrap();
    let upd = UpdateActionRequest::default()
        .with_label("Hi")
        .with_timeout_seconds(Patch::Set(120));
    s.client.actions().update("e2e.hello", &upd).await.unwrap();
    s.client.actions().delete("e2e.hello").await.unwrap();
    let all: Vec<_> = s
        .client
        .actions()
        .stream(ListActionsParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

// ------------------------------------------------------------------ triggers + webhooks

#[tokio::test]
async fn triggers_crud() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/triggers")
        .body(json!({"ref":"e2e.alert","label":"Alert","pack_ref":"e2e"}))
        .respond(201, wrap(trigger_json(false)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/triggers")
        .query(&[("q", "alert")])
        .respond(200, page_of(vec![trigger_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/triggers/enabled")
        .query(&[("page_size", "5")])
        .respond(200, page_of(vec![trigger_summary_json()], 1, 5, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/triggers/e2e.alert")
        .respond(200, wrap(trigger_json(false)))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/triggers/e2e.alert")
        .body(json!({"param_schema":null,"out_schema":{"host":{"type":"string"}},"description":{"op":"set","value":"d"}}))
        .respond(200, wrap(trigger_json(false)))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/triggers/e2e.alert")
        .respond(200, success())
        .mount()
        .await;
    s.mock("POST", "/api/v1/triggers/e2e.alert/enable")
        .respond(200, wrap(trigger_json(false)))
        .mount()
        .await;
    let mut disabled = trigger_json(false);
    disabled["enabled"] = json!(false);
    s.mock("POST", "/api/v1/triggers/e2e.alert/disable")
        .respond(200, wrap(disabled))
        .mount()
        .await;

    let t = s
        .client
        .triggers()
        .create(&CreateTriggerRequest::new("e2e.alert", "Alert").with_pack_ref("e2e"))
        .await
        .unwrap();
    assert_eq!(t.id, 9);
    assert!(t.webhook_key.is_none());
    assert_eq!(
        s.client
            .triggers()
            .list(&ListTriggersParams::default().with_q("alert"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.client
            .triggers()
            .list_enabled(&ListTriggersParams::default().with_page_size(5))
            .await
            .unwrap()
            .len(),
        1
    );
    s.client.triggers().get("e2e.alert").await.unwrap();
    let upd = UpdateTriggerRequest {
        out_schema: Some(json!({"host":{"type":"string"}})),
        description: Some(Patch::Set("d".into())),
        ..Default::default()
    };
    s.client.triggers().update("e2e.alert", &upd).await.unwrap();
    s.client.triggers().delete("e2e.alert").await.unwrap();
    assert!(
        s.client
            .triggers()
            .enable("e2e.alert")
            .await
            .unwrap()
            .enabled
    );
    assert!(
        !s.client
            .triggers()
            .disable("e2e.alert")
            .await
            .unwrap()
            .enabled
    );
}

#[tokio::test]
async fn webhook_management_accepts_bare_and_wrapped() {
    let s = Srv::start().await;
    // server-source form: wrapped
    s.mock("POST", "/api/v1/triggers/e2e.alert/webhooks/enable")
        .respond(200, wrap(trigger_json(true)))
        .mount()
        .await;
    // 0.5.4 form: bare
    s.mock("POST", "/api/v1/triggers/e2e.alert/webhooks/regenerate")
        .respond(200, trigger_json(true))
        .mount()
        .await;
    s.mock("POST", "/api/v1/triggers/e2e.alert/webhooks/disable")
        .respond(200, trigger_json(false))
        .mount()
        .await;
    let t = s
        .client
        .triggers()
        .enable_webhook("e2e.alert")
        .await
        .unwrap();
    assert!(t.webhook_enabled);
    assert_eq!(
        t.webhook_key.as_deref(),
        Some("wh_k7j2n9p4m8q1r5w3x6z0a2b5c8d1e4f7g9h2")
    );
    let t = s
        .client
        .triggers()
        .regenerate_webhook("e2e.alert")
        .await
        .unwrap();
    assert!(t.webhook_key.is_some());
    let t = s
        .client
        .triggers()
        .disable_webhook("e2e.alert")
        .await
        .unwrap();
    assert!(!t.webhook_enabled);
}

#[tokio::test]
async fn webhook_fire_without_auth_both_forms() {
    let s = Srv::start().await;
    let receipt = json!({"event_id":501,"trigger_ref":"e2e.alert","received_at":"2026-06-10T12:01:00.1Z",
        "message":"Webhook received successfully"});
    s.mock("POST", "/api/v1/webhooks/wh_abc")
        .no_auth()
        .body(json!({"payload":{"severity":"high","host":"web-1"}}))
        .respond(200, json!({"data": receipt.clone()}))
        .mount()
        .await;
    s.mock("POST", "/api/v1/webhooks/wh_bare")
        .no_auth()
        .body(json!({"payload":{"n":1},"source_ip":"10.0.0.1"}))
        .respond(200, receipt)
        .mount()
        .await;
    let r = s
        .client
        .webhooks()
        .fire("wh_abc", &json!({"severity":"high","host":"web-1"}))
        .await
        .unwrap();
    assert_eq!(r.event_id, 501);
    let req = WebhookRequest {
        payload: json!({"n":1}),
        source_ip: Some("10.0.0.1".into()),
        ..Default::default()
    };
    let r = s.client.webhooks().fire_raw("wh_bare", &req).await.unwrap();
    assert_eq!(r.trigger_ref, "e2e.alert");
}

// ------------------------------------------------------------------ sensors

#[tokio::test]
async fn sensors_crud() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/sensors")
        .body(
            json!({"ref":"e2e.poller","pack_ref":"e2e","label":"Poller","entrypoint":"poll.py",
            "runtime_ref":"core.python","trigger_ref":"e2e.alert","config":{"interval":5}}),
        )
        .respond(201, wrap(sensor_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/sensors")
        .query(&[("q", "poll")])
        .respond(200, page_of(vec![sensor_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/sensors/enabled")
        .query(&[("page", "2"), ("page_size", "10")])
        .respond(200, page_of(vec![], 2, 10, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/sensors/e2e.poller")
        .respond(200, wrap(sensor_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/sensors/e2e.poller")
        .body(json!({"enabled":false,"log_retention_limit":{"op":"clear"}}))
        .respond(200, wrap(sensor_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/sensors/e2e.poller")
        .respond(200, success())
        .mount()
        .await;
    s.mock("POST", "/api/v1/sensors/e2e.poller/enable")
        .respond(200, wrap(sensor_json()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/sensors/e2e.poller/disable")
        .respond(200, wrap(sensor_json()))
        .mount()
        .await;
    let req = CreateSensorRequest::new(
        "e2e.poller",
        "e2e",
        "Poller",
        "poll.py",
        "core.python",
        "e2e.alert",
    )
    .with_config(json!({"interval":5}));
    assert_eq!(
        s.client
            .sensors()
            .create(&req)
            .await
            .unwrap()
            .runtime_ref
            .as_deref(),
        Some("core.python")
    );
    assert_eq!(
        s.client
            .sensors()
            .list(&ListSensorsParams::default().with_q("poll"))
            .await
            .unwrap()
            .len(),
        1
    );
    let p = s
        .client
        .sensors()
        .list_enabled(&PageParams::new(2, 10))
        .await
        .unwrap();
    assert!(p.has_previous);
    s.client.sensors().get("e2e.poller").await.unwrap();
    let upd = UpdateSensorRequest::default()
        .with_enabled(false)
        .with_log_retention_limit(Patch::Clear);
    s.client.sensors().update("e2e.poller", &upd).await.unwrap();
    s.client.sensors().delete("e2e.poller").await.unwrap();
    s.client.sensors().enable("e2e.poller").await.unwrap();
    s.client.sensors().disable("e2e.poller").await.unwrap();
}

// ------------------------------------------------------------------ rules

#[tokio::test]
async fn rules_create_array_conditions() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/rules")
        .body(json!({"ref":"e2e.on_alert","pack_ref":"e2e","label":"On alert","trigger_ref":"e2e.alert",
            "action_ref":"e2e.hello","conditions":[{"field":"severity","operator":"equals","value":"high"}],
            "action_params":{"name":"{{ event.payload.host }}"}}))
        .respond(201, wrap(rule_json()))
        .mount()
        .await;
    let req = CreateRuleRequest::new("e2e.on_alert", "e2e", "On alert", "e2e.hello", "e2e.alert")
        .with_conditions(json!([{"field":"severity","operator":"equals","value":"high"}]))
        .with_action_params(json!({"name":"{{ event.payload.host }}"}));
    let r = s.client.rules().create(&req).await.unwrap();
    assert_eq!(r.owner_identity, Some(1));
    assert!(r.conditions.is_array());
    assert!(r.permission_set_refs.is_none());
}

#[tokio::test]
async fn rules_create_expression_conditions_and_trigger_params() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/rules")
        .body(json!({"ref":"e2e.timer","pack_ref":"e2e","label":"Timer","trigger_ref":"core.intervaltimer",
            "action_ref":"e2e.hello","conditions":{"expression":"{{ event.payload.severity == 'high' }}"},
            "trigger_params":{"unit":"seconds","delta":5},"enabled":false}))
        .respond(201, wrap(rule_json()))
        .mount()
        .await;
    let req = CreateRuleRequest::new(
        "e2e.timer",
        "e2e",
        "Timer",
        "e2e.hello",
        "core.intervaltimer",
    )
    .with_conditions(json!({"expression":"{{ event.payload.severity == 'high' }}"}))
    .with_trigger_params(json!({"unit":"seconds","delta":5}))
    .with_enabled(false);
    s.client.rules().create(&req).await.unwrap();
}

#[tokio::test]
async fn rules_list_get_update_delete_enable_disable() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/rules")
        .query(&[
            ("pack_ref", "e2e"),
            ("action_ref", "e2e.hello"),
            ("trigger_ref", "e2e.alert"),
            ("enabled", "true"),
        ])
        .respond(200, page_of(vec![rule_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/rules/enabled")
        .respond(200, page_of(vec![rule_summary_json()], 1, 50, None))
        .mount()
        .await;
    s.mock("GET", "/api/v1/rules/e2e.on_alert")
        .respond(200, wrap(rule_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/rules/e2e.on_alert")
        .body(json!({"conditions":null,"action_params":{"name":"x"},"trigger_params":null,
            "sensor_worker_selector":null,"sensor_worker_tolerations":null,"sensor_worker_affinity":null,"label":"L"}))
        .respond(200, wrap(rule_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/rules/e2e.on_alert")
        .respond(200, success())
        .mount()
        .await;
    s.mock("POST", "/api/v1/rules/e2e.on_alert/enable")
        .respond(200, wrap(rule_json()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/rules/e2e.on_alert/disable")
        .respond(200, wrap(rule_json()))
        .mount()
        .await;
    let params = ListRulesParams::default()
        .with_pack_ref("e2e")
        .with_action_ref("e2e.hello")
        .with_trigger_ref("e2e.alert")
        .with_enabled(true);
    assert_eq!(
        s.client.rules().list(&params).await.unwrap().items[0].action_ref,
        "e2e.hello"
    );
    let en = s
        .client
        .rules()
        .list_enabled(&PageParams::default())
        .await
        .unwrap();
    assert_eq!(en.total_items, None);
    s.client.rules().get("e2e.on_alert").await.unwrap();
    let upd = UpdateRuleRequest {
        action_params: Some(json!({"name":"x"})),
        label: Some("L".into()),
        ..Default::default()
    };
    s.client.rules().update("e2e.on_alert", &upd).await.unwrap();
    s.client.rules().delete("e2e.on_alert").await.unwrap();
    s.client.rules().enable("e2e.on_alert").await.unwrap();
    s.client.rules().disable("e2e.on_alert").await.unwrap();
}

// ------------------------------------------------------------------ events / enforcements

#[tokio::test]
async fn events_list_get_create() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/events")
        .query(&[
            ("trigger", "9"),
            ("trigger_ref", "e2e.alert"),
            ("rule_ref", "e2e.on_alert"),
            ("source", "4"),
            ("include_total", "true"),
            ("page", "1"),
            ("per_page", "25"),
        ])
        .respond(200, page_of(vec![event_summary_json(501)], 1, 25, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/events/501")
        .respond(200, wrap(event_json()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/events")
        .bearer("sensor-token")
        .body(json!({"trigger_ref":"e2e.alert","payload":{"host":"web-1"},"trigger_instance_id":"rule_3"}))
        .respond(201, wrap(event_json()))
        .mount()
        .await;
    let params = ListEventsParams::default()
        .with_trigger(9)
        .with_trigger_ref("e2e.alert")
        .with_rule_ref("e2e.on_alert")
        .with_source(4)
        .with_include_total(true)
        .with_page(1)
        .with_per_page(25);
    let p = s.client.events().list(&params).await.unwrap();
    assert!(p.items[0].has_payload);
    let e = s.client.events().get(501).await.unwrap();
    assert_eq!(e.payload["host"], "web-1");
    assert_eq!(e.source_ref.as_deref(), Some("webhook"));
    assert!(e.rule.is_none());
    let sensor = s.client.with_token("sensor-token");
    let req = CreateEventRequest::new("e2e.alert")
        .with_payload(json!({"host":"web-1"}))
        .with_trigger_instance_id("rule_3");
    sensor.events().create(&req).await.unwrap();
}

#[tokio::test]
async fn enforcements_list_get_executions() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/enforcements")
        .query(&[
            ("rule", "3"),
            ("event", "501"),
            ("status", "processed"),
            ("trigger_ref", "e2e.alert"),
            ("rule_ref", "e2e.on_alert"),
            ("per_page", "10"),
        ])
        .respond(200, page_of(vec![enforcement_summary_json()], 1, 10, None))
        .mount()
        .await;
    s.mock("GET", "/api/v1/enforcements/77")
        .respond(200, wrap(enforcement_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/enforcements/77/executions")
        .query(&[("page", "1"), ("page_size", "5")])
        .respond(
            200,
            page_of(vec![execution_summary_json(900)], 1, 5, Some(1)),
        )
        .mount()
        .await;
    let params = ListEnforcementsParams::default()
        .with_rule(3)
        .with_event(501)
        .with_status(EnforcementStatus::Processed)
        .with_trigger_ref("e2e.alert")
        .with_rule_ref("e2e.on_alert")
        .with_per_page(10);
    let p = s.client.enforcements().list(&params).await.unwrap();
    assert_eq!(p.items[0].status, EnforcementStatus::Created);
    let e = s.client.enforcements().get(77).await.unwrap();
    assert_eq!(e.condition, Some(EnforcementCondition::All));
    assert_eq!(e.config["name"], "web-1");
    let ex = s
        .client
        .enforcements()
        .executions(77, &PageParams::new(1, 5))
        .await
        .unwrap();
    assert_eq!(ex.items[0].enforcement, Some(77));
}

// ------------------------------------------------------------------ executions

#[tokio::test]
async fn executions_execute_wrapped_with_null_result() {
    let s = Srv::start().await;
    let mut body = execution_json("requested", json!(null));
    body["config"] = json!(null);
    s.mock("POST", "/api/v1/executions/execute")
        .body(json!({"action_ref":"e2e.hello","parameters":{"name":"bob"},"env_vars":{"DEBUG":"1"},"timeout_seconds":30}))
        .respond(201, wrap(body))
        .mount()
        .await;
    let req = ExecuteRequest::new("e2e.hello")
        .with_parameters(json!({"name":"bob"}))
        .with_env("DEBUG", "1")
        .with_timeout_seconds(30);
    let e = s.client.executions().execute(&req).await.unwrap();
    assert_eq!(e.id, 900);
    assert_eq!(e.status, ExecutionStatus::Requested);
    assert_eq!(e.result, json!({}));
    assert_eq!(e.config, json!({}));
    assert_eq!(e.executor, Some(1));
}

#[tokio::test]
async fn executions_execute_bare_0_5_4_form() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/executions/execute")
        .body(json!({"action_ref":"e2e.hello","parameters":{},"env_vars":{}}))
        .respond(201, execution_json("requested", json!({})))
        .mount()
        .await;
    let e = s
        .client
        .executions()
        .execute(&ExecuteRequest::new("e2e.hello"))
        .await
        .unwrap();
    assert_eq!(e.action_ref, "e2e.hello");
}

#[tokio::test]
async fn executions_get_cancel_reschedule_stats() {
    let s = Srv::start().await;
    let done = execution_json(
        "completed",
        json!({"succeeded":true,"exit_code":0,"duration_ms":41,"stdout":"hello\n"}),
    );
    s.mock("GET", "/api/v1/executions/900")
        .respond(200, wrap(done))
        .mount()
        .await;
    s.mock("POST", "/api/v1/executions/900/cancel")
        .respond(
            200,
            wrap(execution_json(
                "cancelled",
                json!({"error":"Cancelled by user before execution started"}),
            )),
        )
        .mount()
        .await;
    s.mock("POST", "/api/v1/executions/900/reschedule")
        .respond(
            200,
            wrap(
                json!({"attempt_count":2,"execution":execution_json("requested", json!({})),
            "last_attempt_at":TS,"message":"Execution request republished; pending scheduling"}),
            ),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/executions/stats")
        .respond(200, wrap(json!({"total":10,"completed":6,"failed":1,"running":1,"pending":1,"cancelled":1,"timeout":0,"abandoned":0})))
        .mount()
        .await;
    let e = s.client.executions().get(900).await.unwrap();
    assert!(e.is_terminal());
    assert_eq!(e.succeeded(), Some(true));
    assert_eq!(e.stdout(), Some("hello\n"));
    assert_eq!(e.exit_code(), Some(0));
    let c = s.client.executions().cancel(900).await.unwrap();
    assert_eq!(c.status, ExecutionStatus::Cancelled);
    let r = s.client.executions().reschedule(900).await.unwrap();
    assert_eq!(r.attempt_count, 2);
    assert_eq!(r.execution.id, 900);
    let st = s.client.executions().stats().await.unwrap();
    assert_eq!(st.total, 10);
}

#[tokio::test]
async fn executions_list_every_filter() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions")
        .query(&[
            ("status", "completed"),
            ("action_ref", "e2e.*"),
            ("pack_name", "e2e"),
            ("rule_ref", "e2e.on_alert"),
            ("trigger_ref", "e2e.alert"),
            ("trace_tag", "t1"),
            ("executor", "1"),
            ("result_contains", "hello"),
            ("enforcement", "77"),
            ("parent", "800"),
            ("top_level_only", "false"),
            ("include_total", "true"),
            ("page", "2"),
            ("per_page", "10"),
        ])
        .respond(
            200,
            page_of(vec![execution_summary_json(901)], 2, 10, Some(11)),
        )
        .mount()
        .await;
    let params = ListExecutionsParams::default()
        .with_status(ExecutionStatus::Completed)
        .with_action_ref("e2e.*")
        .with_pack_name("e2e")
        .with_rule_ref("e2e.on_alert")
        .with_trigger_ref("e2e.alert")
        .with_trace_tag("t1")
        .with_executor(1)
        .with_result_contains("hello")
        .with_enforcement(77)
        .with_parent(800)
        .with_top_level_only(false)
        .with_include_total(true)
        .with_page(2)
        .with_per_page(10);
    let p = s.client.executions().list(&params).await.unwrap();
    assert_eq!(p.page, 2);
    assert_eq!(p.total_items, Some(11));
    assert!(!p.has_next);
    assert!(p.has_previous);
}

#[tokio::test]
async fn executions_by_status_and_workflow_task() {
    let s = Srv::start().await;
    let mut child = execution_summary_json(902);
    child["parent"] = json!(900);
    child["workflow_task"] = json!({"workflow_execution":900,"task_name":"first","task_index":null,"retry_count":0,
        "max_retries":0,"timed_out":false,"some_future_field":true});
    s.mock("GET", "/api/v1/executions/status/running")
        .query(&[("page", "1"), ("page_size", "5")])
        .respond(200, page_of(vec![child], 1, 5, Some(1)))
        .mount()
        .await;
    let p = s
        .client
        .executions()
        .by_status(&ExecutionStatus::Running, &PageParams::new(1, 5))
        .await
        .unwrap();
    let wt = p.items[0].workflow_task.clone().unwrap();
    assert_eq!(wt.task_name.as_deref(), Some("first"));
    assert_eq!(p.items[0].parent, Some(900));
}

#[tokio::test]
async fn executions_stream_across_pages() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions")
        .query(&[("parent", "900"), ("page", "1"), ("per_page", "2")])
        .respond(
            200,
            json!({"items":[execution_summary_json(1), execution_summary_json(2)],
            "pagination":{"page":1,"page_size":2,"has_next":true,"has_previous":false}}),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/executions")
        .query(&[("parent", "900"), ("page", "2"), ("per_page", "2")])
        .respond(
            200,
            json!({"items":[execution_summary_json(3)],
            "pagination":{"page":2,"page_size":2,"has_next":false,"has_previous":true}}),
        )
        .mount()
        .await;
    let params = ListExecutionsParams::default()
        .with_parent(900)
        .with_per_page(2);
    let all: Vec<_> = s
        .client
        .executions()
        .stream(params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), vec![1, 2, 3]);
}

// ------------------------------------------------------------------ inquiries

#[tokio::test]
async fn inquiries_list_offset_limit() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/inquiries")
        .query(&[
            ("status", "pending"),
            ("execution", "900"),
            ("offset", "20"),
            ("limit", "10"),
        ])
        .respond(
            200,
            json!({"items":[inquiry_summary_json(31)],
            "pagination":{"page":3,"page_size":10,"has_next":false,"has_previous":true}}),
        )
        .mount()
        .await;
    let params = ListInquiriesParams::default()
        .with_status(InquiryStatus::Pending)
        .with_execution(900)
        .with_offset(20)
        .with_limit(10);
    let p = s.client.inquiries().list(&params).await.unwrap();
    assert_eq!(p.page, 3);
    assert_eq!(p.total_items, None);
    assert_eq!(p.items[0].status, InquiryStatus::Pending);
}

#[tokio::test]
async fn inquiries_by_status_uses_canceled_spelling() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/inquiries/status/canceled")
        .respond(200, page_of(vec![], 1, 50, None))
        .mount()
        .await;
    s.mock("GET", "/api/v1/executions/900/inquiries")
        .query(&[("page", "1"), ("page_size", "5")])
        .respond(200, page_of(vec![inquiry_summary_json(31)], 1, 5, None))
        .mount()
        .await;
    let p = s
        .client
        .inquiries()
        .by_status(&InquiryStatus::Cancelled, &PageParams::default())
        .await
        .unwrap();
    assert!(p.is_empty());
    let p = s
        .client
        .inquiries()
        .by_execution(900, &PageParams::new(1, 5))
        .await
        .unwrap();
    assert_eq!(p.len(), 1);
}

#[tokio::test]
async fn inquiries_get_respond_update_delete() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/inquiries/31")
        .respond(200, wrap(inquiry_json("pending")))
        .mount()
        .await;
    let mut responded = inquiry_json("responded");
    responded["response"] = json!({"approved": true});
    responded["responded_at"] = json!(TS);
    s.mock("POST", "/api/v1/inquiries/31/respond")
        .body(json!({"response":{"approved":true}}))
        .respond(200, wrap(responded))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/inquiries/31")
        .body(json!({"response":null,"status":"timeout"}))
        .respond(200, wrap(inquiry_json("timeout")))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/inquiries/31")
        .respond(200, success())
        .mount()
        .await;
    assert_eq!(
        s.client.inquiries().get(31).await.unwrap().prompt,
        "Approve?"
    );
    let r = s
        .client
        .inquiries()
        .respond(31, &json!({"approved": true}))
        .await
        .unwrap();
    assert_eq!(r.status, InquiryStatus::Responded);
    assert!(r.responded_at.is_some());
    let upd = UpdateInquiryRequest::default().with_status(InquiryStatus::Timeout);
    assert_eq!(
        s.client.inquiries().update(31, &upd).await.unwrap().status,
        InquiryStatus::Timeout
    );
    s.client.inquiries().delete(31).await.unwrap();
}

#[tokio::test]
async fn inquiries_create_both_body_forms() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/inquiries")
        .body(json!({"execution":900,"prompt":"Approve?","response_schema":{"approved":{"type":"boolean"}}}))
        .respond(201, wrap(inquiry_json("pending")))
        .mount()
        .await;
    s.mock("POST", "/api/v1/inquiries")
        .bearer("exec-token")
        .body(json!({"prompt":"Deploy?","purpose":"gate","timeout_seconds":600}))
        .respond(201, wrap(inquiry_json("pending")))
        .mount()
        .await;
    let a = CreateInquiryForExecution::new(900, "Approve?", json!({"approved":{"type":"boolean"}}));
    s.client.inquiries().create(a).await.unwrap();
    let exec_client = s.client.with_token("exec-token");
    let b = CreateInquiryWithToken::new("Deploy?")
        .with_purpose("gate")
        .with_timeout_seconds(600);
    exec_client.inquiries().create(b).await.unwrap();
}

// ------------------------------------------------------------------ keys

#[tokio::test]
async fn keys_crud() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"local_ref":"e2e_token","name":"E2E token","value":"s3cr3t","owner_type":"system","encrypted":true}))
        .respond(201, wrap(key_json()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"local_ref":"cfg","name":"Cfg","value":{"a":1},"owner_type":"pack","owner_pack_ref":"e2e"}))
        .respond(201, wrap(key_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/keys")
        .query(&[("owner_type", "system"), ("page", "1"), ("per_page", "100")])
        .respond(200, page_of(vec![key_summary_json()], 1, 100, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/keys/system.e2e_token")
        .respond(200, wrap(key_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/keys/system.e2e_token")
        .body(json!({"value":"n3w"}))
        .respond(200, wrap(key_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/keys/system.e2e_token")
        .respond(200, success())
        .mount()
        .await;
    let k = s
        .client
        .keys()
        .create(
            &CreateKeyRequest::new("e2e_token", "E2E token", "s3cr3t", OwnerType::System)
                .with_encrypted(true),
        )
        .await
        .unwrap();
    assert_eq!(k.r#ref, "system.e2e_token");
    assert_eq!(k.value, json!("s3cr3t"));
    assert!(!format!("{k:?}").contains("s3cr3t"));
    s.client
        .keys()
        .create(
            &CreateKeyRequest::new("cfg", "Cfg", json!({"a":1}), OwnerType::Pack)
                .with_owner_pack_ref("e2e"),
        )
        .await
        .unwrap();
    let p = s
        .client
        .keys()
        .list(
            &ListKeysParams::default()
                .with_owner_type(OwnerType::System)
                .with_page(1)
                .with_per_page(100),
        )
        .await
        .unwrap();
    assert_eq!(p.items[0].local_ref, "e2e_token");
    s.client.keys().get("system.e2e_token").await.unwrap();
    s.client
        .keys()
        .update(
            "system.e2e_token",
            &UpdateKeyRequest::default().with_value(json!("n3w")),
        )
        .await
        .unwrap();
    s.client.keys().delete("system.e2e_token").await.unwrap();
}

// ------------------------------------------------------------------ workflows

#[tokio::test]
async fn workflows_create_typed_definition() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/workflows")
        .body(
            json!({"ref":"e2e.flow","pack_ref":"e2e","label":"Flow","version":"1.0.0",
            "definition":workflow_def_json(),"param_schema":{},"out_schema":{}}),
        )
        .respond(201, wrap(workflow_json()))
        .mount()
        .await;
    let def = WorkflowDefinition::new(
        "e2e.flow",
        "Flow",
        "1.0.0",
        vec![
            WorkflowTask::action("first", "e2e.hello")
                .with_input_json(json!({"name":"a"}))
                .then(Transition {
                    when: Some("{{ succeeded() }}".into()),
                    publish: Some(vec![json!({"out":"{{ result() }}"})]),
                    r#do: Some(vec!["second".into()]),
                }),
            WorkflowTask::action("second", "e2e.hello").with_input_json(json!({"name":"b"})),
        ],
    );
    let req = CreateWorkflowRequest::from_definition("e2e", &def).unwrap();
    let w = s.client.workflows().create(&req).await.unwrap();
    assert_eq!(w.id, 5);
    let back: WorkflowDefinition = serde_json::from_value(w.definition).unwrap();
    assert_eq!(back.tasks.len(), 2);
}

#[tokio::test]
async fn workflows_create_raw_list_get_update_delete() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/workflows")
        .body(json!({"ref":"e2e.flow","pack_ref":"e2e","label":"Flow","version":"1.0.0",
            "definition":workflow_def_json(),"param_schema":{"x":{"type":"string"}},"out_schema":{},"tags":["t"]}))
        .respond(201, wrap(workflow_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/workflows")
        .query(&[("tags", "a,b"), ("search", "flow"), ("pack_ref", "e2e")])
        .respond(200, page_of(vec![workflow_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/workflows/e2e.flow")
        .respond(200, wrap(workflow_json()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/workflows/e2e.flow")
        .body(json!({"definition":null,"param_schema":null,"out_schema":null,"label":"Flow 2"}))
        .respond(200, wrap(workflow_json()))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/workflows/e2e.flow")
        .respond(200, success())
        .mount()
        .await;
    let req = CreateWorkflowRequest::new("e2e.flow", "e2e", "Flow", "1.0.0", workflow_def_json())
        .with_param_schema(json!({"x":{"type":"string"}}))
        .with_tags(vec!["t".to_string()]);
    s.client.workflows().create(&req).await.unwrap();
    let p = s
        .client
        .workflows()
        .list(
            &ListWorkflowsParams::default()
                .with_tags(vec!["a".to_string(), "b".to_string()])
                .with_search("flow")
                .with_pack_ref("e2e"),
        )
        .await
        .unwrap();
    assert_eq!(p.items[0].r#ref, "e2e.flow");
    s.client.workflows().get("e2e.flow").await.unwrap();
    let upd = UpdateWorkflowRequest::default().with_label("Flow 2");
    s.client.workflows().update("e2e.flow", &upd).await.unwrap();
    s.client.workflows().delete("e2e.flow").await.unwrap();
}

// ------------------------------------------------------------------ permissions / identities

#[tokio::test]
async fn permissions_list_sets_bare_and_wrapped() {
    let set = json!({"id":2,"ref":"core.admin","label":"Admin","description":null,"pack_ref":"core",
        "grants":[{"resource":"*","actions":["*"]}],"roles":[{"id":1,"permission_set_id":2,"permission_set_ref":"core.admin","role":"admin","created":TS}]});
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/permissions/sets")
        .respond(200, json!([set.clone()]))
        .mount()
        .await;
    s.mock("GET", "/api/v1/permissions/sets")
        .query(&[("pack_ref", "core")])
        .respond(200, json!({"data":[set]}))
        .mount()
        .await;
    let sets = s.client.permissions().list_sets().await.unwrap();
    assert_eq!(sets[0].r#ref, "core.admin");
    assert_eq!(sets[0].roles[0].role, "admin");
    let sets = s
        .client
        .permissions()
        .list_sets_filtered(&ListPermissionSetsParams::default().with_pack_ref("core"))
        .await
        .unwrap();
    assert_eq!(sets.len(), 1);
}

#[tokio::test]
async fn permissions_assignments_and_role_bindings() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/permissions/assignments")
        .body(json!({"permission_set_ref":"core.executor","identity_login":"bob"}))
        .respond(201, wrap(json!({"id":11,"identity_id":5,"permission_set_id":3,"permission_set_ref":"core.executor","created":TS})))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/permissions/assignments/11")
        .respond(200, wrap(json!({"success":true,"message":"ok"})))
        .mount()
        .await;
    s.mock("POST", "/api/v1/permissions/sets/3/roles")
        .body(json!({"role":"operators"}))
        .respond(201, wrap(json!({"id":21,"permission_set_id":3,"permission_set_ref":"core.executor","role":"operators","created":TS})))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/permissions/sets/roles/21")
        .respond(200, wrap(success()))
        .mount()
        .await;
    let a = s
        .client
        .permissions()
        .create_assignment(
            &CreatePermissionAssignment::new("core.executor").with_identity_login("bob"),
        )
        .await
        .unwrap();
    assert_eq!(a.identity_id, 5);
    s.client.permissions().delete_assignment(11).await.unwrap();
    let b = s
        .client
        .permissions()
        .bind_role_to_set(3, "operators")
        .await
        .unwrap();
    assert_eq!(b.role, "operators");
    s.client.permissions().delete_set_role(21).await.unwrap();
}

#[tokio::test]
async fn identities_operations() {
    let s = Srv::start().await;
    let ident = json!({"id":5,"login":"bob","display_name":"Bob","attributes":{},"frozen":false,
        "roles":[{"id":8,"identity_id":5,"role":"operators","source":"manual","managed":false,"created":TS,"updated":TS}],
        "direct_permissions":[]});
    s.mock("GET", "/api/v1/identities")
        .query(&[("page", "1"), ("page_size", "20")])
        .respond(200, page_of(vec![json!({"id":5,"login":"bob","attributes":{},"frozen":false,"roles":["operators"]})], 1, 20, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/identities/5")
        .respond(200, wrap(ident.clone()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/identities")
        .body(json!({"login":"bob","display_name":"Bob","password":"password123"}))
        .respond(201, wrap(ident.clone()))
        .mount()
        .await;
    s.mock("PUT", "/api/v1/identities/5")
        .body(json!({"frozen":true}))
        .respond(200, wrap(ident))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/identities/5")
        .respond(200, wrap(success()))
        .mount()
        .await;
    s.mock("POST", "/api/v1/identities/5/roles")
        .body(json!({"role":"operators"}))
        .respond(201, wrap(json!({"id":8,"identity_id":5,"role":"operators","source":"manual","managed":false,"created":TS,"updated":TS})))
        .mount()
        .await;
    s.mock("DELETE", "/api/v1/identities/roles/8")
        .respond(200, wrap(success()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/identities/5/permissions")
        .respond(200, json!([{"id":11,"identity_id":5,"permission_set_id":3,"permission_set_ref":"core.executor","created":TS}]))
        .mount()
        .await;
    let p = s
        .client
        .identities()
        .list(&PageParams::new(1, 20))
        .await
        .unwrap();
    assert_eq!(p.items[0].roles, vec!["operators"]);
    let i = s.client.identities().get(5).await.unwrap();
    assert_eq!(i.roles[0].role, "operators");
    let req = CreateIdentityRequest::new("bob")
        .with_display_name("Bob")
        .with_password("password123");
    assert!(!format!("{req:?}").contains("password123"));
    s.client.identities().create(&req).await.unwrap();
    s.client
        .identities()
        .update(5, &UpdateIdentityRequest::default().with_frozen(true))
        .await
        .unwrap();
    s.client.identities().delete(5).await.unwrap();
    let ra = s
        .client
        .identities()
        .assign_role(5, "operators")
        .await
        .unwrap();
    assert_eq!(ra.id, 8);
    s.client.identities().delete_role(8).await.unwrap();
    let perms = s.client.identities().permissions(5).await.unwrap();
    assert_eq!(perms[0].permission_set_ref, "core.executor");
}

// ------------------------------------------------------------------ raw

#[tokio::test]
async fn raw_escape_hatch() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions/e2e.hello/queue-stats")
        .respond(
            200,
            wrap(
                json!({"action_id":12,"action_ref":"e2e.hello","active_count":0,"max_concurrent":1,
            "queue_length":0,"total_enqueued":3,"total_completed":3,"last_updated":TS}),
            ),
        )
        .mount()
        .await;
    s.mock("POST", "/api/v1/packs/e2e/workflows/sync")
        .query(&[("dry", "true")])
        .body(json!({"x":1}))
        .respond(200, json!({"data":{"synced":1}}))
        .mount()
        .await;
    let v: serde_json::Value = s
        .client
        .raw()
        .get("/api/v1/actions/e2e.hello/queue-stats")
        .await
        .unwrap();
    assert_eq!(v["total_enqueued"], 3);
    let v = s
        .client
        .raw()
        .request(
            attune_client::reqwest::Method::POST,
            "api/v1/packs/e2e/workflows/sync",
        )
        .query("dry", true)
        .json(&json!({"x":1}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(v["data"]["synced"], 1);
}

#[tokio::test]
async fn catch_all_names_the_unexpected_request() {
    let s = Srv::start().await;
    let e = s.client.packs().get("nope").await.unwrap_err();
    assert_eq!(e.status(), Some(599));
    assert!(e.to_string().contains("GET /api/v1/packs/nope"), "{e}");
}
