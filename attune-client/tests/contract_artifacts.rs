//! Contract tests for artifacts and artifact versions, incl. streamed upload and download.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use bytes::Bytes;
use common::*;
use futures::TryStreamExt;
use serde_json::{json, Map, Value};
use wiremock::matchers::{body_string_contains, header, header_regex, method, path};
use wiremock::{Mock, ResponseTemplate};

const TS: &str = "2026-06-01T12:00:00Z";

fn artifact_json(id: i64) -> Value {
    json!({"id": id, "ref": "e2e.report", "scope": "action", "owner": "e2e.hello", "type": "file_text",
           "visibility": "private", "classification": "internal", "name": "report.txt",
           "content_type": "text/plain", "size_bytes": 11, "retention_policy": "versions",
           "retention_limit": 5, "created": TS, "updated": TS})
}

fn version_json(v: i64) -> Value {
    json!({"id": 100 + v, "artifact": 1, "version": v, "content_type": "text/plain",
           "size_bytes": 11, "created_by": "admin", "created": TS})
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn artifacts_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts")
        .query(&[
            ("type", "file_text"),
            ("execution", "11"),
            ("per_page", "10"),
        ])
        .respond(200, page_of(vec![artifact_json(1)], 1, 10, Some(1)))
        .mount()
        .await;
    let p = ListArtifactsParams::default()
        .with_type("file_text")
        .with_execution(11)
        .with_per_page(10);
    let page = s.client.artifacts().list(&p).await.unwrap();
    assert_eq!(page.items[0].artifact_type, "file_text");
}

#[tokio::test]
async fn artifacts_list_by_execution() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions/11/artifacts")
        .respond(200, wrap(json!([artifact_json(1)])))
        .mount()
        .await;
    let v = s.client.artifacts().list_by_execution(11).await.unwrap();
    assert_eq!(v[0].extra["retention_limit"], 5);
}

#[tokio::test]
async fn artifacts_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1")
        .respond(200, wrap(artifact_json(1)))
        .mount()
        .await;
    assert_eq!(
        s.client.artifacts().get(1).await.unwrap().r#ref,
        "e2e.report"
    );
}

#[tokio::test]
async fn artifacts_get_by_ref() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/ref/e2e.report")
        .respond(200, wrap(artifact_json(1)))
        .mount()
        .await;
    assert_eq!(
        s.client
            .artifacts()
            .get_by_ref("e2e.report")
            .await
            .unwrap()
            .id,
        1
    );
}

#[tokio::test]
async fn artifacts_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/artifacts")
        .body(
            json!({"ref": "e2e.report", "scope": "action", "owner": "e2e.hello",
                     "type": "file_text", "name": "report.txt", "retention_limit": 5}),
        )
        .respond(201, wrap(artifact_json(1)))
        .mount()
        .await;
    let body = CreateArtifactRequest::new("e2e.report", "action", "e2e.hello", "file_text")
        .with_name("report.txt")
        .with_retention_limit(5);
    assert_eq!(s.client.artifacts().create(&body).await.unwrap().id, 1);
}

#[tokio::test]
async fn artifacts_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/artifacts/1")
        .body(json!({"name": "r2.txt"}))
        .respond(200, wrap(artifact_json(1)))
        .mount()
        .await;
    s.client
        .artifacts()
        .update(1, &obj(json!({"name": "r2.txt"})))
        .await
        .unwrap();
}

#[tokio::test]
async fn artifacts_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/artifacts/1")
        .respond(200, success())
        .mount()
        .await;
    s.client.artifacts().delete(1).await.unwrap();
}

#[tokio::test]
async fn artifacts_set_data() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/artifacts/1/data")
        .body(json!({"data": {"k": 1}}))
        .respond(200, wrap(artifact_json(1)))
        .mount()
        .await;
    s.client
        .artifacts()
        .set_data(1, &obj(json!({"data": {"k": 1}})))
        .await
        .unwrap();
}

#[tokio::test]
async fn artifacts_append_progress() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/artifacts/1/progress")
        .body(json!({"entry": {"percent": 50}}))
        .respond(200, wrap(artifact_json(1)))
        .mount()
        .await;
    s.client
        .artifacts()
        .append_progress(1, &obj(json!({"entry": {"percent": 50}})))
        .await
        .unwrap();
}

#[tokio::test]
async fn artifacts_list_versions() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/versions")
        .respond(200, wrap(json!([version_json(1), version_json(2)])))
        .mount()
        .await;
    let v = s.client.artifacts().list_versions(1).await.unwrap();
    assert_eq!(v[1].version, 2);
}

#[tokio::test]
async fn artifacts_latest_version() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/versions/latest")
        .respond(200, wrap(version_json(2)))
        .mount()
        .await;
    assert_eq!(
        s.client
            .artifacts()
            .latest_version(1)
            .await
            .unwrap()
            .version,
        2
    );
}

#[tokio::test]
async fn artifacts_get_version() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/versions/1")
        .respond(200, wrap(version_json(1)))
        .mount()
        .await;
    let v = s.client.artifacts().get_version(1, 1).await.unwrap();
    assert_eq!(v.extra["created_by"], "admin");
}

#[tokio::test]
async fn artifacts_delete_version() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/artifacts/1/versions/1")
        .respond(200, success())
        .mount()
        .await;
    s.client.artifacts().delete_version(1, 1).await.unwrap();
}

#[tokio::test]
async fn artifacts_create_version_json() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/artifacts/1/versions")
        .body(json!({"content": {"rows": 3}, "created_by": "admin"}))
        .respond(201, wrap(version_json(3)))
        .mount()
        .await;
    let v = s
        .client
        .artifacts()
        .create_version_json(
            1,
            &obj(json!({"content": {"rows": 3}, "created_by": "admin"})),
        )
        .await
        .unwrap();
    assert_eq!(v.version, 3);
}

#[tokio::test]
async fn artifacts_create_version_file() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/artifacts/1/versions/file")
        .body(json!({"content_type": "text/plain"}))
        .respond(201, wrap(version_json(4)))
        .mount()
        .await;
    let v = s
        .client
        .artifacts()
        .create_version_file(1, &obj(json!({"content_type": "text/plain"})))
        .await
        .unwrap();
    assert_eq!(v.version, 4);
}

#[tokio::test]
async fn artifacts_allocate_file_version_by_ref() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/artifacts/ref/e2e.report/versions/file")
        .body(json!({"scope": "action", "owner": "e2e.hello", "type": "file_text"}))
        .respond(
            201,
            wrap(
                json!({"artifact": artifact_json(1), "version": version_json(5),
                        "file_path": "e2e/report/v5.txt"}),
            ),
        )
        .mount()
        .await;
    let r = s
        .client
        .artifacts()
        .allocate_file_version_by_ref(
            "e2e.report",
            &obj(json!({"scope": "action", "owner": "e2e.hello", "type": "file_text"})),
        )
        .await
        .unwrap();
    assert_eq!(r["file_path"], "e2e/report/v5.txt");
}

fn body_stream() -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static {
    futures::stream::iter(vec![
        Ok(Bytes::from_static(b"hello-")),
        Ok(Bytes::from_static(b"streamed-bytes")),
    ])
}

fn form() -> UploadVersionForm {
    UploadVersionForm {
        file_name: "report.txt".into(),
        content_type: Some("text/plain".into()),
        created_by: Some("admin".into()),
        meta: None,
    }
}

#[tokio::test]
async fn artifacts_upload_version_streams_multipart() {
    let s = Srv::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/artifacts/1/versions/upload"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header_regex(
            "content-type",
            "^multipart/form-data; boundary=",
        ))
        .and(body_string_contains(
            "name=\"file\"; filename=\"report.txt\"",
        ))
        .and(body_string_contains("hello-streamed-bytes"))
        .and(body_string_contains("name=\"created_by\""))
        .respond_with(ResponseTemplate::new(201).set_body_json(wrap(version_json(6))))
        .expect(1)
        .mount(&s.server)
        .await;
    let v = s
        .client
        .artifacts()
        .upload_version(1, &form(), body_stream())
        .await
        .unwrap();
    assert_eq!(v.version, 6);
}

#[tokio::test]
async fn artifacts_upload_version_by_ref_streams_multipart() {
    let s = Srv::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/artifacts/ref/e2e.report/versions/upload"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header_regex(
            "content-type",
            "^multipart/form-data; boundary=",
        ))
        .and(body_string_contains("hello-streamed-bytes"))
        .respond_with(ResponseTemplate::new(201).set_body_json(wrap(version_json(7))))
        .expect(1)
        .mount(&s.server)
        .await;
    let v = s
        .client
        .artifacts()
        .upload_version_by_ref("e2e.report", &form(), body_stream())
        .await
        .unwrap();
    assert_eq!(v.version, 7);
}

async fn collect(st: attune_client::api::artifacts::ByteStream) -> Vec<u8> {
    st.try_fold(Vec::new(), |mut acc, b| async move {
        acc.extend_from_slice(&b);
        Ok(acc)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn artifacts_download_latest() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/download")
        .respond_raw(200, "file-content-v2")
        .mount()
        .await;
    let st = s.client.artifacts().download_latest(1).await.unwrap();
    assert_eq!(collect(st).await, b"file-content-v2");
}

#[tokio::test]
async fn artifacts_download_version() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/versions/1/download")
        .respond_raw(200, "file-content-v1")
        .mount()
        .await;
    let st = s.client.artifacts().download_version(1, 1).await.unwrap();
    assert_eq!(collect(st).await, b"file-content-v1");
}

#[tokio::test]
async fn artifacts_stream() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/1/stream")
        .respond_raw(200, "live")
        .mount()
        .await;
    let st = s.client.artifacts().stream(1).await.unwrap();
    assert_eq!(collect(st).await, b"live");
}

#[tokio::test]
async fn artifacts_download_404_is_typed_error() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/artifacts/9/download")
        .respond(
            404,
            json!({"error": "Artifact 9 not found", "code": "NOT_FOUND"}),
        )
        .mount()
        .await;
    match s.client.artifacts().download_latest(9).await {
        Err(attune_client::Error::Api { status, .. }) => assert_eq!(status, 404),
        Err(e) => panic!("unexpected {e:?}"),
        Ok(_) => panic!("expected an error"),
    }
}
