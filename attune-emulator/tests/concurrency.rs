//! No lost updates under concurrent writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousand_concurrent_key_writes() {
    let c = Arc::new(common::start().await);
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            let (s, _) = c
                .post("/api/v1/keys", &c.admin, json!({"local_ref": format!("k{i}"), "name": "k", "value": i, "owner_type": "system", "encrypted": i % 2 == 0}))
                .await;
            s
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
    let (_, v) = c.get("/api/v1/keys?per_page=2000", &c.admin).await;
    assert_eq!(v["pagination"]["total_items"], 1000);
    // ids are unique
    let mut ids: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1000);

    // 1000 concurrent creates of the SAME key: exactly one wins
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            c.post(
                "/api/v1/keys",
                &c.admin,
                json!({"local_ref": "same", "name": "s", "value": i, "owner_type": "system"}),
            )
            .await
            .0
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {}
            s => panic!("unexpected {s}"),
        }
    }
    assert_eq!(created, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_webhooks_store_every_event() {
    let c = Arc::new(common::start().await);
    c.create_pack(&c.admin, "e2e").await;
    c.post(
        "/api/v1/triggers",
        &c.admin,
        json!({"ref": "e2e.hook", "pack_ref": "e2e", "label": "h"}),
    )
    .await;
    let (_, v) = c
        .post(
            "/api/v1/triggers/e2e.hook/webhooks/enable",
            &c.admin,
            json!({}),
        )
        .await;
    let key = v["data"]["webhook_key"].as_str().unwrap().to_string();
    let mut tasks = Vec::new();
    for i in 0..500 {
        let c = c.clone();
        let key = key.clone();
        tasks.push(tokio::spawn(async move {
            let r = c
                .http
                .post(c.url(&format!("/api/v1/webhooks/{key}")))
                .json(&json!({"payload": {"i": i}}))
                .send()
                .await
                .unwrap();
            r.status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let (_, v) = c
        .get(
            "/api/v1/events?trigger_ref=e2e.hook&include_total=true",
            &c.admin,
        )
        .await;
    assert_eq!(v["pagination"]["total_items"], 500);
}
