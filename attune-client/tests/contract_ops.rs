//! Contract tests for workers, policies, history, traces and retention (issue 12 operations):
//! exact method, path, query, auth and body; responses shaped like the attune-sdk 0.5.4 models.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Value};

const TS: &str = "2026-06-01T12:00:00Z";

fn worker_json(id: i64, cordoned: bool) -> Value {
    json!({
        "id": id, "name": format!("worker-{id}"), "worker_role": "action", "worker_type": "local",
        "status": "active", "health_state": "healthy", "cordoned": cordoned,
        "cordon_reason": if cordoned { json!("maintenance") } else { Value::Null },
        "heartbeat_stale": false, "heartbeat_age_seconds": 3, "last_heartbeat": TS,
        "host": "10.0.0.5", "port": null,
        "load": {"active_executions": 1, "max_concurrent": 10},
        "supported_runtimes": [{"runtime_ref": "core.python", "versions": ["3.11"]}],
        "created": TS, "updated": TS, "future_field": {"x": 1}
    })
}

fn policy_json(r: &str) -> Value {
    json!({
        "id": 7, "ref": r, "name": "Limit echo", "description": null, "enabled": true, "priority": 10,
        "scope": {"type": "action", "action_ref": "core.echo"},
        "concurrency": {"limit": 2, "behavior": "delay"}, "rate_limit": null, "quotas": [],
        "tags": ["ops"], "created": TS, "updated": TS
    })
}

fn history_json() -> Value {
    json!({
        "time": TS, "entity_id": 42, "entity_ref": "core.echo", "operation": "UPDATE",
        "changed_fields": ["status"], "old_values": {"status": "running"},
        "new_values": {"status": "completed"}
    })
}

// ------------------------------------------------------------------ workers

#[tokio::test]
async fn workers_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/workers")
        .query(&[
            ("page", "2"),
            ("page_size", "5"),
            ("role", "action"),
            ("cordoned", "false"),
        ])
        .respond(200, page_of(vec![worker_json(1, false)], 2, 5, Some(6)))
        .mount()
        .await;
    let p = ListWorkersParams::default()
        .with_page(2)
        .with_page_size(5)
        .with_role("action")
        .with_cordoned(false);
    let page = s.client.workers().list(&p).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "worker-1");
    assert_eq!(page.items[0].extra["future_field"], json!({"x": 1}));
}

#[tokio::test]
async fn workers_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/workers/3")
        .respond(200, worker_json(3, false))
        .mount()
        .await;
    let w = s.client.workers().get(3).await.unwrap();
    assert_eq!(w.id, 3);
    assert_eq!(w.health_state.as_deref(), Some("healthy"));
    assert_eq!(w.heartbeat_age_seconds, Some(3));
}

#[tokio::test]
async fn workers_cordon() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/workers/3/cordon")
        .body(json!({"reason": "maintenance"}))
        .respond(200, worker_json(3, true))
        .mount()
        .await;
    let w = s
        .client
        .workers()
        .cordon(
            3,
            &CordonWorkerRequest::default().with_reason("maintenance"),
        )
        .await
        .unwrap();
    assert!(w.cordoned);
    assert_eq!(w.cordon_reason.as_deref(), Some("maintenance"));
}

#[tokio::test]
async fn workers_uncordon() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/workers/3/uncordon")
        .respond(200, worker_json(3, false))
        .mount()
        .await;
    let w = s.client.workers().uncordon(3).await.unwrap();
    assert!(!w.cordoned);
}

#[tokio::test]
async fn workers_history() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/workers/3/history")
        .query(&[("changed_field", "status"), ("page_size", "10")])
        .respond(200, page_of(vec![history_json()], 1, 10, Some(1)))
        .mount()
        .await;
    let p = HistoryParams::default()
        .with_changed_field("status")
        .with_page_size(10);
    let page = s.client.workers().history(3, &p).await.unwrap();
    assert_eq!(page.items[0].changed_fields, vec!["status".to_string()]);
}

// ------------------------------------------------------------------ policies

#[tokio::test]
async fn policies_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/policies")
        .query(&[("pack_ref", "core"), ("enabled", "true"), ("tag", "ops")])
        .respond(
            200,
            page_of(vec![policy_json("core.limit")], 1, 50, Some(1)),
        )
        .mount()
        .await;
    let p = ListPoliciesParams::default()
        .with_pack_ref("core")
        .with_enabled(true)
        .with_tag("ops");
    let page = s.client.policies().list(&p).await.unwrap();
    assert_eq!(page.items[0].r#ref, "core.limit");
    assert_eq!(page.items[0].tags, vec!["ops".to_string()]);
}

#[tokio::test]
async fn policies_list_by_action() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/actions/core.echo/policies")
        .query(&[("page", "1")])
        .respond(
            200,
            page_of(vec![policy_json("core.limit")], 1, 50, Some(1)),
        )
        .mount()
        .await;
    let p = PageParams {
        page: Some(1),
        page_size: None,
    };
    let page = s
        .client
        .policies()
        .list_by_action("core.echo", &p)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn policies_list_by_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/core/policies")
        .respond(
            200,
            page_of(vec![policy_json("core.limit")], 1, 50, Some(1)),
        )
        .mount()
        .await;
    let page = s
        .client
        .policies()
        .list_by_pack("core", &PageParams::default())
        .await
        .unwrap();
    assert_eq!(page.items[0].priority, 10);
}

#[tokio::test]
async fn policies_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/policies/core.limit")
        .respond(200, wrap(policy_json("core.limit")))
        .mount()
        .await;
    let p = s.client.policies().get("core.limit").await.unwrap();
    assert_eq!(p.concurrency["limit"], 2);
}

#[tokio::test]
async fn policies_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/policies")
        .body(json!({
            "ref": "core.limit", "name": "Limit echo",
            "scope": {"type": "action", "action_ref": "core.echo"},
            "priority": 10, "concurrency": {"limit": 2}, "tags": ["ops"]
        }))
        .respond(201, wrap(policy_json("core.limit")))
        .mount()
        .await;
    let body = CreatePolicyRequest::new(
        "core.limit",
        "Limit echo",
        json!({"type": "action", "action_ref": "core.echo"}),
    )
    .with_priority(10)
    .with_concurrency(json!({"limit": 2}))
    .with_tags(vec!["ops".into()]);
    let p = s.client.policies().create(&body).await.unwrap();
    assert_eq!(p.id, 7);
}

#[tokio::test]
async fn policies_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/policies/core.limit")
        .body(json!({"enabled": false}))
        .respond(200, wrap(policy_json("core.limit")))
        .mount()
        .await;
    let p = s
        .client
        .policies()
        .update(
            "core.limit",
            &UpdatePolicyRequest::default().with_enabled(false),
        )
        .await
        .unwrap();
    assert_eq!(p.r#ref, "core.limit");
}

#[tokio::test]
async fn policies_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/policies/core.limit")
        .respond(200, success())
        .mount()
        .await;
    s.client.policies().delete("core.limit").await.unwrap();
}

// ------------------------------------------------------------------ history, traces, retention

#[tokio::test]
async fn history_list_entity() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/history/execution")
        .query(&[("entity_id", "42"), ("operation", "UPDATE")])
        .respond(200, page_of(vec![history_json()], 1, 50, Some(1)))
        .mount()
        .await;
    let p = HistoryParams::default()
        .with_entity_id(42)
        .with_operation("UPDATE");
    let page = s.client.history().list("execution", &p).await.unwrap();
    assert_eq!(page.items[0].new_values["status"], "completed");
}

#[tokio::test]
async fn history_execution() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions/42/history")
        .query(&[("since", TS)])
        .respond(200, page_of(vec![history_json()], 1, 50, Some(1)))
        .mount()
        .await;
    let page = s
        .client
        .history()
        .execution(42, &HistoryParams::default().with_since(TS))
        .await
        .unwrap();
    assert_eq!(page.items[0].entity_id, Some(42));
}

#[tokio::test]
async fn traces_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/traces/tr-1")
        .respond(
            200,
            wrap(json!({"trace_tag": "tr-1", "events": [], "executions": [{"id": 1}]})),
        )
        .mount()
        .await;
    let t = s.client.history().trace("tr-1").await.unwrap();
    assert_eq!(t.trace_tag, "tr-1");
    assert_eq!(t.extra["executions"][0]["id"], 1);
}

#[tokio::test]
async fn retention_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/retention-config")
        .respond(
            200,
            wrap(
                json!({"enabled": true, "dry_run": false, "check_interval_seconds": 3600,
                        "batch_size": 1000, "advisory_lock_key": 1, "targets": {}}),
            ),
        )
        .mount()
        .await;
    let c = s.client.history().retention_config().await.unwrap();
    assert_eq!(c.check_interval_seconds, Some(3600));
}

#[tokio::test]
async fn retention_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/retention-config")
        .body(json!({"enabled": true, "dry_run": true}))
        .respond(200, wrap(json!({"enabled": true, "dry_run": true})))
        .mount()
        .await;
    let c = s
        .client
        .history()
        .update_retention_config(
            &RetentionConfig::default()
                .with_enabled(true)
                .with_dry_run(true),
        )
        .await
        .unwrap();
    assert_eq!(c.dry_run, Some(true));
}
