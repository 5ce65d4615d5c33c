//! Contract tests for sensor logs, workflow files, OIDC and internal sensor-token auth, and the
//! agent binary download.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

async fn text(s: attune_client::api::ByteStream) -> String {
    let chunks: Vec<bytes::Bytes> = s.try_collect().await.unwrap();
    String::from_utf8(chunks.concat()).unwrap()
}

// ---------------------------------------------------------------------------- sensor logs

#[tokio::test]
async fn sensors_list_logs() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/sensors/core.timer/logs")
        .respond(
            200,
            json!({"sensor_ref": "core.timer", "logs": [
                {"stream": "stdout", "artifact_ref": "sensor.core.timer.stdout"},
                {"stream": "stderr", "artifact_ref": "sensor.core.timer.stderr"}]}),
        )
        .mount()
        .await;
    let l = s.client.sensors().list_logs("core.timer").await.unwrap();
    assert_eq!(l.sensor_ref, "core.timer");
    assert_eq!(l.logs[1].artifact_ref, "sensor.core.timer.stderr");
}

#[tokio::test]
async fn sensors_get_log_with_tail() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/sensors/core.timer/logs/stderr"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(ExactQuery(vec![("tail".into(), "2".into())]))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"tick 41\ntick 42\n".to_vec(), "text/plain; charset=utf-8"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let body = s
        .client
        .sensors()
        .get_log("core.timer", "stderr", Some(2))
        .await
        .unwrap();
    assert_eq!(text(body).await, "tick 41\ntick 42\n");
}

#[tokio::test]
async fn sensors_get_log_bad_stream_is_typed() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/sensors/core.timer/logs/stdin")
        .respond(
            422,
            json!({"error": "stream must be 'stdout' or 'stderr'", "code": "VALIDATION_ERROR"}),
        )
        .mount()
        .await;
    let e = s
        .client
        .sensors()
        .get_log("core.timer", "stdin", None)
        .await
        .err()
        .unwrap();
    assert!(e.is_validation(), "{e:?}");
}

// ------------------------------------------------------------------------- workflow files

fn saved_workflow_json() -> serde_json::Value {
    json!({"id": 5, "ref": "e2e.flow", "pack": 7, "pack_ref": "e2e", "label": "Flow",
           "description": "two steps", "version": "1.0.0", "param_schema": null, "out_schema": null,
           "tags": ["demo"], "created": TS, "updated": TS})
}

fn save_body() -> SaveWorkflowFileRequest {
    SaveWorkflowFileRequest::new("flow", "e2e", "Flow", "1.0.0", workflow_def_json())
        .with_description("two steps")
        .with_tags(vec!["demo".to_string()])
}

#[tokio::test]
async fn workflows_save_file() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/e2e/workflow-files")
        .body(
            json!({"name": "flow", "pack_ref": "e2e", "label": "Flow", "version": "1.0.0",
                     "definition": workflow_def_json(), "param_schema": null, "out_schema": null,
                     "description": "two steps", "tags": ["demo"]}),
        )
        .respond(201, wrap(saved_workflow_json()))
        .mount()
        .await;
    let w = s
        .client
        .workflows()
        .save_file("e2e", &save_body())
        .await
        .unwrap();
    assert_eq!(w.r#ref, "e2e.flow");
    assert!(w.param_schema.is_null());
}

#[tokio::test]
async fn workflows_update_file() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/workflows/e2e.flow/file")
        .body(
            json!({"name": "flow", "pack_ref": "e2e", "label": "Flow", "version": "1.0.0",
                     "definition": workflow_def_json(), "param_schema": {"n": {"type": "integer"}},
                     "out_schema": null, "description": "two steps", "tags": ["demo"],
                     "reference_visibility": "private"}),
        )
        .respond(200, wrap(saved_workflow_json()))
        .mount()
        .await;
    let body = save_body()
        .with_param_schema(json!({"n": {"type": "integer"}}))
        .with_reference_visibility(ReferenceVisibility::Private);
    s.client
        .workflows()
        .update_file("e2e.flow", &body)
        .await
        .unwrap();
}

// ----------------------------------------------------------------------------------- auth

#[tokio::test]
async fn auth_create_sensor_token_internal() {
    let s = Srv::start().await;
    s.mock("POST", "/auth/internal/sensor-token")
        .body(json!({"sensor_ref": "core.timer", "pack_ref": "core", "trigger_types": ["core.intervaltimer"],
                     "ttl_seconds": 3600, "workload_id": 8, "assignment_generation": 3,
                     "worker_instance": "6f1c2a9e-4b8d-4c1e-9f7a-2b3c4d5e6f70"}))
        .respond(
            200,
            wrap(json!({"token": "eyJ.sensor.tok", "expires_at": "2026-06-10T13:00:00Z",
                        "identity_id": 14, "sensor_ref": "core.timer", "pack_ref": "core",
                        "trigger_types": ["core.intervaltimer"], "permission_set_refs": [],
                        "workload_fence": {"workload_id": 8, "assignment_generation": 3}})),
        )
        .mount()
        .await;
    let body = InternalSensorTokenRequest::default()
        .with_sensor_ref("core.timer")
        .with_pack_ref("core")
        .with_trigger_types(vec!["core.intervaltimer".to_string()])
        .with_ttl_seconds(3600)
        .with_workload_id(8)
        .with_assignment_generation(3)
        .with_worker_instance("6f1c2a9e-4b8d-4c1e-9f7a-2b3c4d5e6f70".parse().unwrap());
    let t = s
        .client
        .auth()
        .create_sensor_token_internal(&body)
        .await
        .unwrap();
    assert_eq!(t.token, "eyJ.sensor.tok");
    assert_eq!(t.identity_id, 14);
    assert!(
        !format!("{t:?}").contains("eyJ.sensor.tok"),
        "Debug redacts"
    );
}

#[tokio::test]
async fn auth_oidc_login_returns_the_redirect_unfollowed() {
    let s = Srv::start().await;
    let idp = "https://idp.example.org/authorize?client_id=attune&state=st-9";
    Mock::given(method("GET"))
        .and(path("/auth/oidc/login"))
        .and(NoAuth)
        .and(ExactQuery(vec![(
            "redirect_to".into(),
            "/dashboard".into(),
        )]))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", idp)
                .append_header("set-cookie", "attune_oidc_state=st-9; HttpOnly; Path=/"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let r = s
        .client
        .auth()
        .oidc_login(&OidcLoginParams::default().with_redirect_to("/dashboard"))
        .await
        .unwrap();
    assert_eq!(r.status, 302);
    assert_eq!(r.location.as_deref(), Some(idp));
    assert_eq!(
        r.set_cookie,
        vec!["attune_oidc_state=st-9; HttpOnly; Path=/"]
    );
    assert!(
        !format!("{r:?}").contains("st-9; HttpOnly"),
        "Debug redacts cookies"
    );
}

#[tokio::test]
async fn auth_oidc_callback_sends_code_state_and_cookie() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/auth/callback"))
        .and(NoAuth)
        .and(header("cookie", "attune_oidc_state=st-9"))
        .and(ExactQuery(vec![
            ("code".into(), "c0de".into()),
            ("state".into(), "st-9".into()),
        ]))
        .respond_with(
            ResponseTemplate::new(303)
                .insert_header("location", "/dashboard")
                .append_header("set-cookie", "attune_access=eyJ.a; HttpOnly")
                .append_header("set-cookie", "attune_refresh=eyJ.r; HttpOnly"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let r = s
        .client
        .auth()
        .oidc_callback(
            &OidcCallbackParams::new("c0de", "st-9"),
            &["attune_oidc_state=st-9".to_string()],
        )
        .await
        .unwrap();
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/dashboard"));
    assert_eq!(r.set_cookie.len(), 2);
}

#[tokio::test]
async fn auth_oidc_login_not_configured_is_typed() {
    let s = Srv::start().await;
    s.mock("GET", "/auth/oidc/login")
        .no_auth()
        .respond(
            501,
            json!({"error": "OIDC is not configured", "code": "NOT_IMPLEMENTED"}),
        )
        .mount()
        .await;
    let e = s
        .client
        .auth()
        .oidc_login(&OidcLoginParams::default())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(501));
    assert!(e.to_string().contains("not configured"), "{e}");
}

// ---------------------------------------------------------------------------------- agent

#[tokio::test]
async fn agent_download_binary() {
    let s = Srv::start().await;
    let elf = b"\x7fELF\x02\x01\x01\x00agent".to_vec();
    Mock::given(method("GET"))
        .and(path("/api/v1/agent/binary"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(ExactQuery(vec![("arch".into(), "aarch64".into())]))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(elf.clone(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let stream = s
        .client
        .audit()
        .download_agent_binary(Some("aarch64"))
        .await
        .unwrap();
    let chunks: Vec<bytes::Bytes> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), elf);
}

#[tokio::test]
async fn agent_download_binary_unavailable_is_typed() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/agent/binary")
        .respond(
            503,
            json!({"error": "Agent binary not available", "code": "SERVICE_UNAVAILABLE"}),
        )
        .mount()
        .await;
    let e = s
        .client
        .audit()
        .download_agent_binary(None)
        .await
        .err()
        .unwrap();
    assert_eq!(e.status(), Some(503));
}
