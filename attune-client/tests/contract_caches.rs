//! Contract tests for cache namespaces, generations, chunks and lookups (attune-sdk 0.5.4).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Value};

fn namespace_json() -> Value {
    json!({"id": 3, "namespace": "hosts", "owner_type": "pack", "owner_ref": "e2e", "owner": "pack:e2e",
           "active_generation": 12, "cache_not_populated": false, "stale": false, "tombstoned": false,
           "managed": true, "managing_pack_ref": "e2e", "freshness_target_seconds": 3600,
           "max_generation_bytes": 67108864, "max_records_per_generation": 100000,
           "max_retained_bytes": 268435456, "max_retained_generations": 3, "max_staging_generations": 2,
           "record_count": 2, "size_bytes": 118, "source_revision": "r41",
           "last_refreshed_at": TS, "created": TS, "updated": TS})
}

fn generation_json(id: i64, status: &str) -> Value {
    json!({"generation_id": id, "namespace_id": 3, "status": status, "client_refresh_id": "refresh-42",
           "expected_active_generation_id": 12, "expected_chunk_count": 2, "expected_record_count": 3,
           "expected_size_bytes": null, "record_count": 3, "size_bytes": 171,
           "checksum": "9f2c1e", "checksum_algorithm": "sha256", "source_revision": "r42",
           "created_by": 1, "failure_reason": null, "sealed": null, "activated": null, "retired": null,
           "failed": null, "readable_until": null, "created": TS})
}

fn entry_json(id: &str) -> Value {
    json!({"external_id": id, "value": {"ip": "10.0.0.7", "role": "web"}, "size_bytes": 59,
           "source_checksum": "c0ffee", "source_updated_at": TS})
}

fn owner() -> CacheOwner {
    CacheOwner::pack("e2e")
}

#[tokio::test]
async fn caches_list_namespaces() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces")
        .query(&[
            ("owner_type", "pack"),
            ("owner_ref", "e2e"),
            ("freshness", "stale"),
            ("limit", "20"),
            ("cursor", "c1"),
        ])
        .respond(
            200,
            wrap(json!({"namespaces": [namespace_json()], "next_cursor": "c2"})),
        )
        .mount()
        .await;
    let p = ListCacheNamespacesParams::default()
        .with_owner_type(OwnerType::Pack)
        .with_owner_ref("e2e")
        .with_freshness(CacheNamespaceFreshness::Stale)
        .with_limit(20)
        .with_cursor("c1");
    let page = s.client.caches().list_namespaces(&p).await.unwrap();
    assert_eq!(page.namespaces[0].namespace, "hosts");
    assert_eq!(page.namespaces[0].owner_type, OwnerType::Pack);
    assert_eq!(page.next_cursor.as_deref(), Some("c2"));
}

#[tokio::test]
async fn caches_create_namespace() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces")
        .body(
            json!({"namespace": "hosts", "owner_type": "pack", "owner_ref": "e2e",
                     "freshness_target_seconds": 3600, "max_retained_generations": 3}),
        )
        .respond(201, wrap(namespace_json()))
        .mount()
        .await;
    let body = CreateCacheNamespaceRequest::new("hosts", owner()).with_limits(
        CacheNamespaceLimits::default()
            .with_freshness_target_seconds(3600)
            .with_max_retained_generations(3),
    );
    let ns = s.client.caches().create_namespace(&body).await.unwrap();
    assert_eq!(ns.id, 3);
    assert_eq!(ns.max_generation_bytes, 67108864);
}

#[tokio::test]
async fn caches_create_system_namespace_sends_no_owner_ref() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces")
        .body(json!({"namespace": "global", "owner_type": "system"}))
        .respond(201, wrap(namespace_json()))
        .mount()
        .await;
    let body = CreateCacheNamespaceRequest::new("global", CacheOwner::system());
    s.client.caches().create_namespace(&body).await.unwrap();
}

#[tokio::test]
async fn caches_show_namespace() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/hosts")
        .query(&[("owner_type", "pack"), ("owner_ref", "e2e")])
        .respond(200, wrap(namespace_json()))
        .mount()
        .await;
    let ns = s
        .client
        .caches()
        .get_namespace("hosts", &owner())
        .await
        .unwrap();
    assert_eq!(ns.active_generation, Some(12));
    assert_eq!(ns.extra.len(), 0, "every 0.5.4 field is modelled");
}

#[tokio::test]
async fn caches_namespace_name_is_percent_encoded() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/a%20b%2Fc")
        .query(&[("owner_type", "system")])
        .respond(200, wrap(namespace_json()))
        .mount()
        .await;
    s.client
        .caches()
        .get_namespace("a b/c", &CacheOwner::system())
        .await
        .unwrap();
}

#[tokio::test]
async fn caches_update_namespace() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/cache/namespaces/hosts")
        .body(json!({"owner_type": "pack", "owner_ref": "e2e", "max_staging_generations": 1}))
        .respond(200, wrap(namespace_json()))
        .mount()
        .await;
    let body = UpdateCacheNamespaceRequest::new(
        owner(),
        CacheNamespaceLimits::default().with_max_staging_generations(1),
    );
    s.client
        .caches()
        .update_namespace("hosts", &body)
        .await
        .unwrap();
}

#[tokio::test]
async fn caches_delete_namespace() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/cache/namespaces/hosts")
        .query(&[("owner_type", "pack"), ("owner_ref", "e2e")])
        .respond(
            200,
            wrap(
                json!({"id": 3, "namespace": "hosts", "status": "tombstoned", "tombstoned": true,
                        "cleanup_pending": true}),
            ),
        )
        .mount()
        .await;
    let d = s
        .client
        .caches()
        .delete_namespace("hosts", &owner())
        .await
        .unwrap();
    assert!(d.tombstoned && d.cleanup_pending);
}

#[tokio::test]
async fn caches_list_generations() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/hosts/generations")
        .query(&[("owner_type", "pack"), ("owner_ref", "e2e"), ("limit", "5")])
        .respond(
            200,
            wrap(json!({"generations": [generation_json(12, "active"), generation_json(13, "staging")],
                        "next_cursor": null})),
        )
        .mount()
        .await;
    let l = s
        .client
        .caches()
        .list_generations("hosts", &owner(), &CacheCursor::default().with_limit(5))
        .await
        .unwrap();
    assert_eq!(l.generations.len(), 2);
    assert_eq!(l.generations[0].status, CacheGenerationState::Active);
    assert_eq!(l.next_cursor, None);
}

#[tokio::test]
async fn caches_create_generation_sends_null_expected_active() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces/hosts/generations")
        .body(
            json!({"owner_type": "pack", "owner_ref": "e2e", "client_refresh_id": "refresh-42",
                     "expected_active_generation_id": null, "expected_chunk_count": 2,
                     "expected_record_count": 3, "source_revision": "r42"}),
        )
        .respond(201, wrap(generation_json(13, "staging")))
        .mount()
        .await;
    let body = CreateCacheGenerationRequest::new(owner(), "refresh-42", None, 2)
        .with_expected_record_count(3)
        .with_source_revision("r42");
    let g = s
        .client
        .caches()
        .create_generation("hosts", &body)
        .await
        .unwrap();
    assert_eq!(g.generation_id, 13);
    assert_eq!(g.status, CacheGenerationState::Staging);
}

#[tokio::test]
async fn caches_show_generation() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/hosts/generations/13")
        .query(&[("owner_type", "pack"), ("owner_ref", "e2e")])
        .respond(200, wrap(generation_json(13, "ready")))
        .mount()
        .await;
    let g = s
        .client
        .caches()
        .get_generation("hosts", 13, &owner())
        .await
        .unwrap();
    assert_eq!(g.status, CacheGenerationState::Ready);
    assert_eq!(g.checksum_algorithm.as_deref(), Some("sha256"));
}

#[tokio::test]
async fn caches_upload_chunk() {
    let s = Srv::start().await;
    s.mock(
        "PUT",
        "/api/v1/cache/namespaces/hosts/generations/13/chunks/0",
    )
    .body(
        json!({"owner_type": "pack", "owner_ref": "e2e", "entries": [
        {"external_id": "web-1", "value": {"ip": "10.0.0.7"}, "source_checksum": "c0ffee"},
        {"external_id": "web-2", "value": {"ip": "10.0.0.8"}}]}),
    )
    .respond(200, wrap(generation_json(13, "staging")))
    .mount()
    .await;
    let body = UploadCacheChunkRequest::new(
        owner(),
        vec![
            CacheEntryUpload::new("web-1", json!({"ip": "10.0.0.7"}))
                .with_source_checksum("c0ffee"),
            CacheEntryUpload::new("web-2", json!({"ip": "10.0.0.8"})),
        ],
    );
    s.client
        .caches()
        .upload_chunk("hosts", 13, 0, &body)
        .await
        .unwrap();
}

#[tokio::test]
async fn caches_seal_generation() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces/hosts/generations/13/seal")
        .body(
            json!({"owner_type": "pack", "owner_ref": "e2e", "expected_chunk_count": 2,
                     "expected_record_count": 3}),
        )
        .respond(200, wrap(generation_json(13, "ready")))
        .mount()
        .await;
    let body = SealCacheGenerationRequest::new(owner(), 2).with_expected_record_count(3);
    let g = s
        .client
        .caches()
        .seal_generation("hosts", 13, &body)
        .await
        .unwrap();
    assert_eq!(g.status, CacheGenerationState::Ready);
}

#[tokio::test]
async fn caches_promote_generation() {
    let s = Srv::start().await;
    s.mock(
        "POST",
        "/api/v1/cache/namespaces/hosts/generations/13/promote",
    )
    .body(json!({"owner_type": "pack", "owner_ref": "e2e", "expected_active_generation_id": 12}))
    .respond(200, wrap(generation_json(13, "active")))
    .mount()
    .await;
    let body = PromoteCacheGenerationRequest::new(owner(), Some(12));
    let g = s
        .client
        .caches()
        .promote_generation("hosts", 13, &body)
        .await
        .unwrap();
    assert_eq!(g.status, CacheGenerationState::Active);
}

#[tokio::test]
async fn caches_promote_conflict_is_typed() {
    let s = Srv::start().await;
    s.mock(
        "POST",
        "/api/v1/cache/namespaces/hosts/generations/13/promote",
    )
    .body(json!({"owner_type": "pack", "owner_ref": "e2e", "expected_active_generation_id": null}))
    .respond(
        409,
        json!({"error": "active generation changed", "code": "CONFLICT"}),
    )
    .mount()
    .await;
    let body = PromoteCacheGenerationRequest::new(owner(), None);
    let e = s
        .client
        .caches()
        .promote_generation("hosts", 13, &body)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
}

#[tokio::test]
async fn caches_abandon_generation() {
    let s = Srv::start().await;
    s.mock(
        "POST",
        "/api/v1/cache/namespaces/hosts/generations/13/abandon",
    )
    .body(json!({"owner_type": "pack", "owner_ref": "e2e"}))
    .respond(200, wrap(generation_json(13, "failed")))
    .mount()
    .await;
    let g = s
        .client
        .caches()
        .abandon_generation("hosts", 13, &owner())
        .await
        .unwrap();
    assert_eq!(g.status, CacheGenerationState::Failed);
}

#[tokio::test]
async fn caches_lookup_entry() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces/hosts/entries/lookup")
        .body(
            json!({"owner_type": "pack", "owner_ref": "e2e", "external_id": "web-1",
                     "require_fresh": true}),
        )
        .respond(
            200,
            wrap(json!({"generation_id": 12, "item": entry_json("web-1"), "stale": false})),
        )
        .mount()
        .await;
    let body = CachePointLookupRequest::new(owner(), "web-1").with_require_fresh(true);
    let r = s.client.caches().lookup("hosts", &body).await.unwrap();
    assert_eq!(r.item.unwrap().value["ip"], "10.0.0.7");
}

#[tokio::test]
async fn caches_lookup_entry_absent() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces/hosts/entries/lookup")
        .body(
            json!({"owner_type": "pack", "owner_ref": "e2e", "external_id": "nope",
                     "generation_id": 11}),
        )
        .respond(
            200,
            wrap(json!({"generation_id": 11, "item": null, "stale": true})),
        )
        .mount()
        .await;
    let body = CachePointLookupRequest::new(owner(), "nope").with_generation_id(11);
    let r = s.client.caches().lookup("hosts", &body).await.unwrap();
    assert!(r.item.is_none() && r.stale);
}

#[tokio::test]
async fn caches_lookup_many() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/cache/namespaces/hosts/entries/lookup-many")
        .body(json!({"owner_type": "pack", "owner_ref": "e2e", "external_ids": ["web-1", "web-9"]}))
        .respond(
            200,
            wrap(json!({"generation_id": 12, "items": [entry_json("web-1")],
                    "missing_external_ids": ["web-9"], "stale": false})),
        )
        .mount()
        .await;
    let body = CacheMultiLookupRequest::new(owner(), ["web-1", "web-9"]);
    let r = s.client.caches().lookup_many("hosts", &body).await.unwrap();
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.missing_external_ids, vec!["web-9".to_string()]);
}

#[tokio::test]
async fn caches_scan_entries() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/hosts/entries")
        .query(&[
            ("owner_type", "pack"),
            ("owner_ref", "e2e"),
            ("limit", "2"),
            ("generation", "12"),
            ("cursor", "k:web-1"),
        ])
        .respond(
            200,
            wrap(
                json!({"generation_id": 12, "items": [entry_json("web-2")], "next_cursor": null,
                        "cursor_expires_at": TS, "record_count": 2, "stale": false}),
            ),
        )
        .mount()
        .await;
    let p = ScanCacheEntriesParams::default()
        .with_limit(2)
        .with_generation(12)
        .with_cursor("k:web-1");
    let page = s.client.caches().scan("hosts", &owner(), &p).await.unwrap();
    assert_eq!(page.items[0].external_id, "web-2");
    assert_eq!(page.record_count, Some(2));
    assert!(page.next_cursor.is_none());
}

#[tokio::test]
async fn caches_decode_leniently() {
    // A newer server: unknown state, extra fields, missing optional fields, bare (unwrapped) body.
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/cache/namespaces/hosts/generations/14")
        .query(&[("owner_type", "system")])
        .respond(
            200,
            json!({"generation_id": 14, "namespace_id": 3, "status": "compacting",
                   "compaction_ratio": 0.5}),
        )
        .mount()
        .await;
    let g = s
        .client
        .caches()
        .get_generation("hosts", 14, &CacheOwner::system())
        .await
        .unwrap();
    assert_eq!(
        g.status,
        CacheGenerationState::Unknown("compacting".to_string())
    );
    assert_eq!(g.extra["compaction_ratio"], 0.5);
    assert_eq!(g.record_count, 0);
    assert!(g.sealed.is_none());
}
