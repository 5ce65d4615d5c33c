//! Keys in both API generations: the older plain `ref` (stored exactly as sent) beside
//! the newer `local_ref` + owner selector.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn plain_ref_is_stored_as_given_with_dots() {
    let c = common::start().await;
    let r = format!("e10.plain.{}", std::process::id());
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"ref": r, "name": "plain", "owner_type": "system", "value": "v1"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["ref"], r.as_str(), "no canonical prefix added");
    assert_eq!(v["data"]["owner"], "system");
    let (s, v) = c.get(&format!("/api/v1/keys/{r}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["value"], "v1");
    let (s, v) = c
        .call(
            Method::PUT,
            &format!("/api/v1/keys/{r}"),
            Some(&c.admin),
            Some(json!({"value": "v2"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["data"]["value"], "v2");
    let (s, _) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"ref": r, "name": "plain", "owner_type": "system", "value": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = c
        .call(
            Method::DELETE,
            &format!("/api/v1/keys/{r}"),
            Some(&c.admin),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get(&format!("/api/v1/keys/{r}"), &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn plain_ref_with_numeric_owner_ids() {
    let c = common::start().await;
    let (_, pk) = c.get("/api/v1/packs/core", &c.admin).await;
    let pack_id = pk["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"ref": "core.e10_by_id", "name": "n", "owner_type": "pack",
                   "owner_pack": pack_id, "value": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["ref"], "core.e10_by_id");
    assert_eq!(v["data"]["owner_pack"], pack_id);
    assert_eq!(v["data"]["owner_pack_ref"], "core");
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"ref": "core.e10_by_ref", "name": "n", "owner_type": "pack",
                   "owner_pack_ref": "core", "value": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["owner_pack"], pack_id);
    // the newer form still gets its canonical prefix
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"local_ref": "e10_local", "name": "n", "owner_type": "system", "value": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["ref"], "system.e10_local");
}

#[tokio::test]
async fn missing_ref_is_text_plain_422() {
    let c = common::start().await;
    let body = r#"{"name":"n","owner_type":"system","value":1}"#;
    let r = c
        .http
        .post(c.url("/api/v1/keys"))
        .bearer_auth(&c.admin)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text().await.unwrap();
    assert_eq!(
        t,
        format!(
            "Failed to deserialize the JSON body into the target type: missing field `local_ref` at line 1 column {}",
            body.len()
        )
    );
}
