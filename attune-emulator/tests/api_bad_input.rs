//! Malformed input never yields a 500 or a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_emulator::EmulatorConfig;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn malformed_bodies() {
    let c = common::start().await;
    let post_raw = |path: &str, body: &'static str, ct: Option<&'static str>| {
        let mut rb = c.http.post(c.url(path)).bearer_auth(&c.admin).body(body);
        if let Some(ct) = ct {
            rb = rb.header("content-type", ct);
        }
        rb.send()
    };
    let r = post_raw("/api/v1/packs", "{not json", Some("application/json"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post_raw("/api/v1/packs", "{\"ref\": 5}", Some("application/json"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_raw("/api/v1/packs", "[1,2]", Some("application/json"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_raw("/api/v1/packs", "{\"ref\":\"x\"}", None)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = post_raw("/auth/login", "", Some("application/json"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    for (path, body) in [
        ("/api/v1/actions", json!({"ref": "core.x"})),
        ("/api/v1/rules", json!({"ref": 1})),
        (
            "/api/v1/keys",
            json!({"local_ref": "x", "name": "x", "owner_type": "system"}),
        ),
        (
            "/api/v1/keys",
            json!({"local_ref": "x", "name": "x", "value": 1, "owner_type": "planet"}),
        ),
        ("/api/v1/executions/execute", json!({"parameters": {}})),
        (
            "/api/v1/executions/execute",
            json!({"action_ref": "core.echo", "parameters": "x"}),
        ),
        (
            "/api/v1/executions/execute",
            json!({"action_ref": "core.echo", "env_vars": {"A": 1}}),
        ),
        (
            "/api/v1/workflows",
            json!({"ref": "core.w", "pack_ref": "core", "label": "w", "version": "1"}),
        ),
        ("/api/v1/triggers", json!({"label": "t"})),
        ("/api/v1/inquiries", json!({"prompt": "x"})),
    ] {
        let (s, v) = c.post(path, &c.admin, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path} {body} {v}");
    }
}

/// Missing / mistyped body fields are axum's `Json` rejection: 422 `text/plain` with
/// serde_json's text and position (what the real server sends).
#[tokio::test]
async fn body_deserialization_errors_are_text_plain_422() {
    let c = common::start().await;
    let send = |path: &str, body: &'static str| {
        c.http
            .post(c.url(path))
            .bearer_auth(&c.admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let body = r#"{"label":"x","version":"1"}"#;
    let r = send("/api/v1/packs", body).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(
        r.text().await.unwrap(),
        format!(
            "Failed to deserialize the JSON body into the target type: missing field `ref` at line 1 column {}",
            body.len()
        )
    );
    let r = send("/api/v1/packs", r#"{"ref": 5, "label":"x","version":"1"}"#)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text().await.unwrap(),
        "Failed to deserialize the JSON body into the target type: ref: invalid type: integer `5`, expected a string at line 1 column 9"
    );
    let r = send("/api/v1/packs", "{not json").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r
        .text()
        .await
        .unwrap()
        .starts_with("Failed to parse the request body as JSON"));
}

#[tokio::test]
async fn paths_and_queries() {
    let c = common::start().await;
    for p in [
        "/api/v1/executions/abc",
        "/api/v1/events/1.5",
        "/api/v1/inquiries/-x",
        "/api/v1/executions?status=bogus",
        "/api/v1/executions?page=abc",
        "/api/v1/events?include_total=maybe",
        "/api/v1/enforcements?status=running",
    ] {
        let (s, _) = c.get(p, &c.admin).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    }
    for p in [
        "/api/v1/executions/99999999999",
        "/api/v1/actions/not-a-ref",
        "/api/v1/actions/a.b.c",
        "/api/v1/packs/%2e%2e",
        "/api/v1/keys/..",
        "/api/v1/nothing",
        "/api/v2/packs",
    ] {
        let (s, _) = c.get(p, &c.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
    }
    let (s, _) = c
        .get("/api/v1/executions/9223372036854775808", &c.admin)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let r = c
        .http
        .patch(c.url("/api/v1/packs"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let (s, _) = c.get("/api/v1/packs?page=0&page_size=0", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c
        .get(
            "/api/v1/inquiries?limit=0&offset=18446744073709551615",
            &c.admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c
        .get(
            "/api/v1/executions?page=4294967295&per_page=4294967295",
            &c.admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn oversized_body_is_413() {
    let c = common::start_with(EmulatorConfig::default().with_max_body_bytes(1024usize)).await;
    let big = "x".repeat(4096);
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": "p", "label": big, "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let r = c
        .http
        .post(c.url("/api/v1/webhooks/wh_x"))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn odd_values_are_rejected_cleanly() {
    let c = common::start().await;
    let long = "a".repeat(300);
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": long, "label": "x", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": "ok", "label": "", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post(
            "/api/v1/packs",
            &c.admin,
            json!({"ref": "ünï", "label": "x", "version": "1"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post("/api/v1/actions", &c.admin, json!({"ref": "core.t", "pack_ref": "core", "label": "x", "entrypoint": "x", "timeout_seconds": 0}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post("/api/v1/actions", &c.admin, json!({"ref": "core.t", "pack_ref": "core", "label": "x", "entrypoint": "x", "reference_visibility": "secret"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post("/api/v1/rules", &c.admin, json!({"ref": "core.r", "pack_ref": "core", "label": "r", "trigger_ref": "core.intervaltimer",
              "action_ref": "core.echo", "trigger_params": [1]}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.echo", "timeout_seconds": -5}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": "core.echo", "timeout_seconds": 1e20}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .post("/api/v1/executions/99/cancel", &c.admin, json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c
        .post(
            "/api/v1/inquiries/99/respond",
            &c.admin,
            json!({"response": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // server still healthy
    let (s, _) = c.get("/api/v1/packs", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
}
