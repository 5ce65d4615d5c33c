//! Contract tests for work queues, queue items, audit events and agent info (issue 12).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Map, Value};

const TS: &str = "2026-06-01T12:00:00Z";

fn queue_json(r: &str) -> Value {
    json!({
        "id": 4, "ref": r, "label": "Jobs", "description": null, "pack_ref": "core",
        "dispatch_action_ref": "core.echo", "enabled": true, "accepting_new_items": true,
        "is_adhoc": false, "reference_visibility": "public", "reference_allowed_pack_refs": [],
        "trace_tag_template": null, "created": TS, "updated": TS,
        "batch_mode": "single", "config": {}
    })
}

fn item_json(id: i64) -> Value {
    json!({
        "id": id, "queue": 4, "queue_ref": "core.jobs", "status": "pending", "item_key": "k1",
        "payload": {"n": 1}, "metadata": {}, "priority": 5, "attempt_count": 0,
        "enqueue_source": "api", "last_error": null, "ack_summary": null,
        "created": TS, "updated": TS
    })
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn queues_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/queues")
        .query(&[("enabled", "true"), ("search", "jobs"), ("per_page", "20")])
        .respond(200, page_of(vec![queue_json("core.jobs")], 1, 20, Some(1)))
        .mount()
        .await;
    let p = ListQueuesParams::default()
        .with_enabled(true)
        .with_search("jobs")
        .with_per_page(20);
    let page = s.client.queues().list(&p).await.unwrap();
    assert_eq!(page.items[0].r#ref, "core.jobs");
    assert_eq!(page.items[0].extra["batch_mode"], "single");
}

#[tokio::test]
async fn queues_list_by_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/core/queues")
        .respond(200, page_of(vec![queue_json("core.jobs")], 1, 50, Some(1)))
        .mount()
        .await;
    let page = s
        .client
        .queues()
        .list_by_pack("core", &ListQueuesParams::default())
        .await
        .unwrap();
    assert_eq!(page.items[0].dispatch_action_ref, "core.echo");
}

#[tokio::test]
async fn queues_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/queues/core.jobs")
        .respond(200, wrap(queue_json("core.jobs")))
        .mount()
        .await;
    let q = s.client.queues().get("core.jobs").await.unwrap();
    assert!(q.accepting_new_items);
}

#[tokio::test]
async fn queues_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/queues")
        .body(
            json!({"ref": "core.jobs", "label": "Jobs", "dispatch_action_ref": "core.echo",
                     "pack_ref": "core", "default_priority": 5}),
        )
        .respond(201, wrap(queue_json("core.jobs")))
        .mount()
        .await;
    let body = CreateWorkQueueRequest::new("core.jobs", "Jobs", "core.echo")
        .with_pack_ref("core")
        .with_default_priority(5);
    let q = s.client.queues().create(&body).await.unwrap();
    assert_eq!(q.id, 4);
}

#[tokio::test]
async fn queues_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/queues/core.jobs")
        .body(json!({"enabled": false}))
        .respond(200, wrap(queue_json("core.jobs")))
        .mount()
        .await;
    let q = s
        .client
        .queues()
        .update("core.jobs", &obj(json!({"enabled": false})))
        .await
        .unwrap();
    assert_eq!(q.label, "Jobs");
}

#[tokio::test]
async fn queues_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/queues/core.jobs")
        .respond(200, success())
        .mount()
        .await;
    s.client.queues().delete("core.jobs").await.unwrap();
}

#[tokio::test]
async fn queues_list_items() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/queues/core.jobs/items")
        .query(&[("statuses", "pending,leased"), ("page", "2")])
        .respond(200, page_of(vec![item_json(9)], 2, 50, Some(51)))
        .mount()
        .await;
    let p = ListQueueItemsParams::default()
        .with_statuses("pending,leased")
        .with_page(2);
    let page = s.client.queues().list_items("core.jobs", &p).await.unwrap();
    assert_eq!(page.items[0].id, 9);
    assert_eq!(page.items[0].payload["n"], 1);
}

#[tokio::test]
async fn queues_enqueue() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/queues/core.jobs/items")
        .body(json!({"payload": {"n": 1}, "item_key": "k1", "priority": 5}))
        .respond(201, wrap(item_json(9)))
        .mount()
        .await;
    let body = EnqueueWorkQueueItemRequest::new(json!({"n": 1}))
        .with_item_key("k1")
        .with_priority(5);
    let it = s.client.queues().enqueue("core.jobs", &body).await.unwrap();
    assert_eq!(it.status, "pending");
}

#[tokio::test]
async fn queues_bulk_enqueue() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/queues/core.jobs/items/bulk")
        .body(json!({"items": [{"payload": {"n": 1}}, {"payload": {"n": 2}}]}))
        .respond(
            201,
            wrap(json!({"created": 2, "items": [item_json(9), item_json(10)]})),
        )
        .mount()
        .await;
    let r = s
        .client
        .queues()
        .bulk_enqueue(
            "core.jobs",
            &obj(json!({"items": [{"payload": {"n": 1}}, {"payload": {"n": 2}}]})),
        )
        .await
        .unwrap();
    assert_eq!(r["created"], 2);
}

#[tokio::test]
async fn queues_update_item() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/queues/core.jobs/items/9")
        .body(json!({"priority": 1, "metadata": null, "payload": null}))
        .respond(200, wrap(item_json(9)))
        .mount()
        .await;
    let it = s
        .client
        .queues()
        .update_item(
            "core.jobs",
            9,
            &obj(json!({"priority": 1, "metadata": null, "payload": null})),
        )
        .await
        .unwrap();
    assert_eq!(it.queue_ref, "core.jobs");
}

#[tokio::test]
async fn queues_delete_item() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/queues/core.jobs/items/9")
        .respond(200, success())
        .mount()
        .await;
    s.client.queues().delete_item("core.jobs", 9).await.unwrap();
}

#[tokio::test]
async fn queues_preview_items() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/queues/core.jobs/items/query/preview")
        .body(json!({"selector": {"statuses": ["failed"]}}))
        .respond(200, wrap(json!({"matched": 3, "items": [item_json(9)]})))
        .mount()
        .await;
    let r = s
        .client
        .queues()
        .preview_items(
            "core.jobs",
            &obj(json!({"selector": {"statuses": ["failed"]}})),
        )
        .await
        .unwrap();
    assert_eq!(r["matched"], 3);
}

#[tokio::test]
async fn queues_apply_items() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/queues/core.jobs/items/query/apply")
        .body(json!({"selector": {"statuses": ["failed"]}, "action": "retry"}))
        .respond(200, wrap(json!({"affected": 3})))
        .mount()
        .await;
    let r = s
        .client
        .queues()
        .apply_items(
            "core.jobs",
            &obj(json!({"selector": {"statuses": ["failed"]}, "action": "retry"})),
        )
        .await
        .unwrap();
    assert_eq!(r["affected"], 3);
}

fn audit_json(id: i64) -> Value {
    json!({
        "id": id, "category": "auth", "event_type": "login", "outcome": "success",
        "actor_identity": 1, "actor_login": "admin", "resource_type": "identity",
        "resource_ref": "admin", "request_id": "7b0f8f1e-6f6e-4c59-9c55-4c1f1ab3a7a1",
        "http_method": "POST", "http_path": "/auth/login", "http_status": 200,
        "created": TS, "details": {"ip": "127.0.0.1"}
    })
}

#[tokio::test]
async fn audit_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/audit-events")
        .query(&[
            ("category", "auth"),
            ("outcome", "success"),
            ("include_total", "true"),
        ])
        .respond(200, page_of(vec![audit_json(1)], 1, 50, Some(1)))
        .mount()
        .await;
    let p = ListAuditEventsParams::default()
        .with_category("auth")
        .with_outcome("success")
        .with_include_total(true);
    let page = s.client.audit().list(&p).await.unwrap();
    assert_eq!(page.items[0].actor_login.as_deref(), Some("admin"));
}

#[tokio::test]
async fn audit_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/audit-events/1")
        .respond(200, wrap(audit_json(1)))
        .mount()
        .await;
    let e = s.client.audit().get(1).await.unwrap();
    assert_eq!(e.http_status, Some(200));
    assert_eq!(e.extra["details"]["ip"], "127.0.0.1");
}

#[tokio::test]
async fn audit_by_request() {
    let s = Srv::start().await;
    let rid = "7b0f8f1e-6f6e-4c59-9c55-4c1f1ab3a7a1";
    s.mock("GET", &format!("/api/v1/audit-events/by-request/{rid}"))
        .respond(200, wrap(json!([audit_json(1), audit_json(2)])))
        .mount()
        .await;
    let v = s.client.audit().by_request(rid).await.unwrap();
    assert_eq!(v.len(), 2);
}

#[tokio::test]
async fn agent_info() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/agent/info")
        .respond(
            200,
            json!({"version": "0.5.4", "architectures": [{"arch": "x86_64", "size": 1024}]}),
        )
        .mount()
        .await;
    let i = s.client.audit().agent_info().await.unwrap();
    assert_eq!(i.version, "0.5.4");
    assert_eq!(i.architectures.len(), 1);
}
