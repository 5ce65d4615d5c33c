//! Contract tests for pack registry indices (`/api/v1/pack-indices`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Map, Value};

fn index_json(id: i64) -> Value {
    json!({"id": id, "url": "https://packs.example.org/index.json", "name": "community",
           "position": 1, "enabled": true, "headers": {"Authorization": "<redacted>"},
           "created": TS, "updated": TS})
}

fn indexed_pack_json() -> Value {
    json!({"pack": {"ref": "slack", "label": "Slack", "version": "2.1.0", "description": "Slack chat ops",
                     "author": "Attune", "email": "packs@example.org", "license": "Apache-2.0",
                     "keywords": ["chat"], "runtime_deps": ["python3"],
                     "install_sources": [{"type": "git", "url": "https://git.example.org/slack.git",
                                          "ref": "v2.1.0", "checksum": "sha256:4e1f"}],
                     "contents": {"actions": [{"name": "post_message", "description": "Post"}],
                                  "rules": [], "sensors": [], "triggers": [], "workflows": []},
                     "dependencies": {"packs": ["core"], "python_version": ">=3.9"},
                     "meta": {"downloads": 120, "stars": 4}},
           "registry": {"id": 2, "url": "https://packs.example.org/index.json", "name": "community",
                        "position": 1}})
}

#[tokio::test]
async fn pack_indices_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/pack-indices")
        .respond(200, wrap(json!([index_json(2)])))
        .mount()
        .await;
    let l = s.client.pack_indices().list().await.unwrap();
    assert_eq!(l[0].name.as_deref(), Some("community"));
    assert_eq!(l[0].headers["Authorization"], "<redacted>");
}

#[tokio::test]
async fn pack_indices_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/pack-indices")
        .body(
            json!({"url": "https://packs.example.org/index.json", "name": "community",
                     "position": 1, "headers": {"Authorization": "Bearer abc"}}),
        )
        .respond(201, wrap(index_json(2)))
        .mount()
        .await;
    let mut h = Map::new();
    h.insert("Authorization".into(), json!("Bearer abc"));
    let body = CreatePackIndexRequest::new("https://packs.example.org/index.json")
        .with_name("community")
        .with_position(1)
        .with_headers(h);
    assert_eq!(s.client.pack_indices().create(&body).await.unwrap().id, 2);
}

#[tokio::test]
async fn pack_indices_update_sends_null_headers_to_keep_them() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/pack-indices/2")
        .body(json!({"enabled": false, "headers": null}))
        .respond(200, wrap(index_json(2)))
        .mount()
        .await;
    let body = UpdatePackIndexRequest::default().with_enabled(false);
    s.client.pack_indices().update(2, &body).await.unwrap();
}

#[tokio::test]
async fn pack_indices_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/pack-indices/2")
        .respond(200, success())
        .mount()
        .await;
    assert!(s.client.pack_indices().delete(2).await.unwrap().success);
}

#[tokio::test]
async fn pack_indices_browse() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/pack-indices/packs")
        .query(&[
            ("q", "slack"),
            ("registry_id", "2"),
            ("include_disabled", "true"),
        ])
        .respond(200, wrap(json!([indexed_pack_json()])))
        .mount()
        .await;
    let p = BrowseIndexedPacksParams::default()
        .with_q("slack")
        .with_registry_id(2)
        .with_include_disabled(true);
    let l = s.client.pack_indices().browse(&p).await.unwrap();
    assert_eq!(l[0].pack.r#ref, "slack");
    assert_eq!(l[0].pack.license, "Apache-2.0");
    assert_eq!(l[0].registry.id, Some(2));
}

#[tokio::test]
async fn pack_indices_get_pack() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/pack-indices/packs/slack")
        .respond(200, wrap(indexed_pack_json()))
        .mount()
        .await;
    let p = s.client.pack_indices().get_pack("slack").await.unwrap();
    assert_eq!(p.pack.install_sources[0]["type"], "git");
    assert_eq!(p.pack.contents["actions"][0]["name"], "post_message");
}
