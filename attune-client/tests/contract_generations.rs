//! Contract tests for the operations whose wire form differs between the June 2026 server
//! generation and the attune-sdk 0.5.4 contract, and for detecting which one a server speaks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use attune_client::profile::DetectedBy;
use attune_client::{ApiGeneration, Error, KeyRefStyle, ServerProfile};
use common::*;
use serde_json::json;

/// A June 2026 `KeyResponse`: `ref` as created, no `local_ref`, numeric owner ids.
fn june_key_json(r: &str, owner_type: &str, owner_identity: Option<i64>) -> serde_json::Value {
    json!({"id":11,"ref":r,"owner_type":owner_type,"owner":owner_type,"owner_identity":owner_identity,
        "owner_pack":null,"owner_pack_ref":null,"owner_action":null,"owner_action_ref":null,
        "owner_sensor":null,"owner_sensor_ref":null,"name":"Token","encrypted":false,"value":"v",
        "created":TS,"updated":TS})
}

fn june_openapi() -> serde_json::Value {
    json!({"openapi":"3.0.3","info":{"version":"0.1.0"},"components":{"schemas":{
        "CreateKeyRequest":{"required":["ref","owner_type","name","value"],
            "properties":{"ref":{},"owner_type":{},"name":{},"value":{},"owner_identity":{}}},
        "ExecutionResponse":{"properties":{"id":{},"status":{}}},
        "CreateInquiryRequest":{"properties":{"execution":{},"prompt":{},"response_schema":{}}}}}})
}

fn june() -> Option<ServerProfile> {
    Some(ServerProfile::of(ApiGeneration::June2026))
}

#[tokio::test]
async fn profile_comes_from_the_openapi_document_once() {
    let s = Srv::start_with(None).await;
    s.mock("GET", "/api-spec/openapi.json")
        .no_auth()
        .respond(200, june_openapi())
        .mount()
        .await;
    let p = s.client.server_profile().await.unwrap();
    assert_eq!(p.generation, ApiGeneration::June2026);
    assert_eq!(p.key_refs, KeyRefStyle::Plain);
    assert!(!p.execution_timeouts);
    assert!(!p.token_inquiries);
    assert_eq!(p.detected_by, DetectedBy::OpenApi);
    // Cached: the mock expects exactly one request, also through a token client.
    assert_eq!(s.client.server_profile().await.unwrap(), p);
    assert_eq!(
        s.client.with_token("exec").known_server_profile(),
        Some(p.clone())
    );
}

#[tokio::test]
async fn without_openapi_the_key_probe_names_the_june_generation() {
    let s = Srv::start_with(None).await;
    s.mock("GET", "/api-spec/openapi.json")
        .no_auth()
        .respond(404, json!({"error":"Not Found","code":"NOT_FOUND"}))
        .mount()
        .await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"owner_type":"system","name":"attune-client generation probe","value":null}))
        .respond_raw(
            422,
            "Failed to deserialize the JSON body into the target type: missing field `ref` at line 1 column 74",
        )
        .mount()
        .await;
    let p = s.client.server_profile().await.unwrap();
    assert_eq!(p.generation, ApiGeneration::June2026);
    assert_eq!(p.detected_by, DetectedBy::KeyProbe);
}

#[tokio::test]
async fn without_openapi_the_key_probe_names_the_newer_generation() {
    let s = Srv::start_with(None).await;
    s.mock("GET", "/api-spec/openapi.json")
        .no_auth()
        .respond_raw(404, "")
        .mount()
        .await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"owner_type":"system","name":"attune-client generation probe","value":null}))
        .respond_raw(
            422,
            "Failed to deserialize the JSON body into the target type: missing field `local_ref` at line 1 column 74",
        )
        .mount()
        .await;
    let p = s.client.server_profile().await.unwrap();
    assert_eq!(p.generation, ApiGeneration::Sdk054);
    assert_eq!(p.key_refs, KeyRefStyle::Scoped);
    assert!(p.token_inquiries && p.execution_timeouts && p.event_secret_redaction);
    assert!(p.inquiry_response_validation);
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_and_not_cached() {
    let client = attune_client::AttuneClient::builder()
        .base_url("http://127.0.0.1:9")
        .token(TOKEN)
        .retry_policy(attune_client::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.server_profile().await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(client.known_server_profile().is_none());
}

#[tokio::test]
async fn june_key_create_sends_ref_and_fills_local_ref() {
    let s = Srv::start_with(june()).await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"ref":"e2e.token","name":"Token","value":"v","owner_type":"system","encrypted":false}))
        .respond(201, wrap(june_key_json("e2e.token", "system", None)))
        .mount()
        .await;
    let k = s
        .client
        .keys()
        .create(
            &CreateKeyRequest::new("e2e.token", "Token", "v", OwnerType::System)
                .with_encrypted(false),
        )
        .await
        .unwrap();
    assert_eq!(k.r#ref, "e2e.token");
    assert_eq!(k.local_ref, "e2e.token");
    assert_eq!(k.owner.as_deref(), Some("system"));
}

#[tokio::test]
async fn june_key_create_for_the_caller_sends_its_numeric_id() {
    let s = Srv::start_with(june()).await;
    s.mock("GET", "/auth/me")
        .respond(
            200,
            wrap(json!({"id":7,"login":"alice","display_name":null})),
        )
        .mount()
        .await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"ref":"mine","name":"Token","value":"v","owner_type":"identity","owner_identity":7}))
        .respond(201, wrap(june_key_json("mine", "identity", Some(7))))
        .mount()
        .await;
    let k = s
        .client
        .keys()
        .create(
            &CreateKeyRequest::new("mine", "Token", "v", OwnerType::Identity)
                .with_owner_identity_login("alice"),
        )
        .await
        .unwrap();
    assert_eq!(k.owner_identity, Some(7));
}

#[tokio::test]
async fn june_key_create_for_another_identity_looks_its_id_up() {
    let s = Srv::start_with(june()).await;
    s.mock("GET", "/auth/me")
        .respond(200, wrap(json!({"id":1,"login":"admin"})))
        .mount()
        .await;
    s.mock("GET", "/api/v1/identities")
        .query(&[("page", "1"), ("page_size", "100")])
        .respond(
            200,
            page_of(
                vec![
                    json!({"id":1,"login":"admin","attributes":{}}),
                    json!({"id":9,"login":"bob","attributes":{}}),
                ],
                1,
                100,
                Some(2),
            ),
        )
        .mount()
        .await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"ref":"bobs","name":"Token","value":"v","owner_type":"identity","owner_identity":9}))
        .respond(201, wrap(june_key_json("bobs", "identity", Some(9))))
        .mount()
        .await;
    let k = s
        .client
        .keys()
        .create(
            &CreateKeyRequest::new("bobs", "Token", "v", OwnerType::Identity)
                .with_owner_identity_login("bob"),
        )
        .await
        .unwrap();
    assert_eq!(k.owner_identity, Some(9));
}

#[tokio::test]
async fn june_key_create_for_an_unknown_login_is_a_typed_error() {
    let s = Srv::start_with(june()).await;
    s.mock("GET", "/auth/me")
        .respond(200, wrap(json!({"id":1,"login":"admin"})))
        .mount()
        .await;
    s.mock("GET", "/api/v1/identities")
        .query(&[("page", "1"), ("page_size", "100")])
        .respond(
            200,
            page_of(
                vec![json!({"id":1,"login":"admin","attributes":{}})],
                1,
                100,
                Some(1),
            ),
        )
        .mount()
        .await;
    let err = s
        .client
        .keys()
        .create(
            &CreateKeyRequest::new("x", "X", "v", OwnerType::Identity)
                .with_owner_identity_login("nobody"),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nobody"), "{err}");
}

#[tokio::test]
async fn june_pack_key_keeps_the_pack_ref_selector() {
    let s = Srv::start_with(june()).await;
    s.mock("POST", "/api/v1/keys")
        .body(json!({"ref":"cfg","name":"Cfg","value":{"a":1},"owner_type":"pack","owner_pack_ref":"e2e"}))
        .respond(201, wrap(june_key_json("cfg", "pack", None)))
        .mount()
        .await;
    s.client
        .keys()
        .create(
            &CreateKeyRequest::new("cfg", "Cfg", json!({"a":1}), OwnerType::Pack)
                .with_owner_pack_ref("e2e"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn june_key_get_fills_local_ref() {
    let s = Srv::start_with(june()).await;
    s.mock("GET", "/api/v1/keys/e2e.token")
        .respond(200, wrap(june_key_json("e2e.token", "system", None)))
        .mount()
        .await;
    let k = s.client.keys().get("e2e.token").await.unwrap();
    assert_eq!(k.local_ref, "e2e.token");
}

#[tokio::test]
async fn june_key_list_decodes_summaries_without_local_ref() {
    let s = Srv::start_with(june()).await;
    s.mock("GET", "/api/v1/keys")
        .respond(
            200,
            page_of(
                vec![json!({"id":3,"ref":"a.b","owner_type":"system","owner":"system","name":"A","encrypted":false,"created":TS})],
                1,
                50,
                Some(1),
            ),
        )
        .mount()
        .await;
    let p = s
        .client
        .keys()
        .list(&ListKeysParams::default())
        .await
        .unwrap();
    assert_eq!(p.items[0].r#ref, "a.b");
    assert_eq!(p.items[0].local_ref, "");
}

#[tokio::test]
async fn june_token_inquiry_is_unsupported_and_sends_nothing() {
    let s = Srv::start_with(june()).await;
    let err = s
        .client
        .with_token("exec-token")
        .inquiries()
        .create(CreateInquiryWithToken::new("Deploy?").with_timeout_seconds(60))
        .await
        .unwrap_err();
    match err {
        Error::Unsupported { operation, reason } => {
            assert_eq!(operation, "inquiries.create");
            assert!(reason.contains("June2026"), "{reason}");
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[tokio::test]
async fn june_inquiry_for_an_execution_is_sent_as_is() {
    let s = Srv::start_with(june()).await;
    s.mock("POST", "/api/v1/inquiries")
        .body(json!({"execution":42,"prompt":"Deploy?","response_schema":{"type":"object"}}))
        .respond(
            201,
            wrap(
                json!({"id":5,"execution":42,"prompt":"Deploy?","response_schema":{"type":"object"},
                "assigned_to":null,"status":"pending","response":null,"timeout_at":null,
                "responded_at":null,"created":TS,"updated":TS}),
            ),
        )
        .mount()
        .await;
    let i = s
        .client
        .inquiries()
        .create(CreateInquiryForExecution::new(
            42,
            "Deploy?",
            json!({"type":"object"}),
        ))
        .await
        .unwrap();
    assert_eq!(i.execution, 42);
}

#[tokio::test]
async fn body_deserialization_errors_in_text_plain_are_typed_api_errors() {
    let s = Srv::start_with(june()).await;
    let text = "Failed to deserialize the JSON body into the target type: missing field `ref` at line 1 column 72";
    s.mock("POST", "/api/v1/keys")
        .body(json!({"ref":"","name":"","value":null,"owner_type":"system"}))
        .respond_raw(422, text)
        .mount()
        .await;
    let err = s
        .client
        .keys()
        .create(&CreateKeyRequest::new(
            "",
            "",
            json!(null),
            OwnerType::System,
        ))
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status,
            code,
            message,
            body,
            ..
        } => {
            assert_eq!(status, 422);
            assert_eq!(code, None);
            assert_eq!(message, text);
            assert_eq!(body, text);
        }
        other => panic!("expected Api, got {other:?}"),
    }
}
