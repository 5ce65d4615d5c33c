//! Wiremock contract tests of the pack operations: upload (multipart), register, install,
//! install status, tests, workflow sync/validate and the per-pack lists; the archive helper.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;

use attune_client::models::*;
use attune_client::pack_archive::tar_gz_dir;
use attune_client::Error;
use common::*;
use serde_json::json;

fn install_json() -> serde_json::Value {
    json!({"pack": pack_json(), "tests_skipped": true, "test_result": null})
}

fn install_status_json() -> serde_json::Value {
    json!({"install_id": 5, "pack_ref": "e2e", "pack_version": "1.0.0", "status": "succeeded",
           "trigger_reason": "upload", "started_at": "2026-06-10T12:00:00Z",
           "finished_at": "2026-06-10T12:00:01Z", "error_message": null})
}

fn fixture_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pack.yaml"),
        "ref: e2e\nlabel: E2E\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("actions")).unwrap();
    std::fs::write(dir.path().join("actions/hello.sh"), "echo hi\n").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git/HEAD"), "ref\n").unwrap();
    dir
}

fn archive_names(archive: &[u8]) -> Vec<String> {
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    tar.entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn upload_sends_multipart_pack_force_and_skip_tests() {
    let s = Srv::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/api/v1/packs/upload"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer test-token",
        ))
        .respond_with(wiremock::ResponseTemplate::new(201).set_body_json(wrap(install_json())))
        .expect(1)
        .mount(&s.server)
        .await;
    let r = s
        .client
        .packs()
        .upload(
            b"ARCHIVE-BYTES",
            "p.tar.gz",
            UploadPackOptions::default().with_force(true),
        )
        .await
        .unwrap();
    assert_eq!(r.pack.r#ref, pack_json()["ref"].as_str().unwrap());
    assert!(r.tests_skipped);
    let reqs = s.server.received_requests().await.unwrap();
    let req = reqs
        .iter()
        .find(|r| r.url.path() == "/api/v1/packs/upload")
        .unwrap();
    let ct = req
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let body = String::from_utf8_lossy(&req.body);
    assert!(
        body.contains("name=\"pack\"; filename=\"p.tar.gz\"\r\n"),
        "{body}"
    );
    assert!(body.contains("ARCHIVE-BYTES"));
    assert!(body.contains("name=\"force\"\r\n\r\ntrue\r\n"), "{body}");
    assert!(
        body.contains("name=\"skip_tests\"\r\n\r\nfalse\r\n"),
        "{body}"
    );
}

#[tokio::test]
async fn upload_dir_sends_a_tar_gz_of_the_directory() {
    let s = Srv::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/api/v1/packs/upload"))
        .respond_with(wiremock::ResponseTemplate::new(201).set_body_json(wrap(install_json())))
        .mount(&s.server)
        .await;
    let dir = fixture_pack();
    s.client
        .packs()
        .upload_dir(dir.path(), UploadPackOptions::default())
        .await
        .unwrap();
    let reqs = s.server.received_requests().await.unwrap();
    let body = &reqs.last().unwrap().body;
    // The gzip magic follows the file part's headers.
    let start = body.windows(2).position(|w| w == [0x1f, 0x8b]).unwrap();
    let mut names = archive_names(&body[start..]);
    names.sort();
    assert_eq!(names, vec!["actions", "actions/hello.sh", "pack.yaml"]);
}

#[tokio::test]
async fn upload_conflict_is_a_typed_api_error() {
    let s = Srv::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/api/v1/packs/upload"))
        .respond_with(wiremock::ResponseTemplate::new(409).set_body_json(
            json!({"error": "Pack 'e2e' already exists. Use force=true to reinstall.", "code": "CONFLICT"}),
        ))
        .mount(&s.server)
        .await;
    let err = s
        .client
        .packs()
        .upload(b"x", "p.tar.gz", UploadPackOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err:?}");
}

#[test]
fn tar_gz_dir_refuses_a_directory_without_pack_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let err = tar_gz_dir(dir.path()).unwrap_err();
    assert!(
        matches!(err, Error::Encode(ref m) if m.contains("no pack.yaml")),
        "{err:?}"
    );
}

#[test]
fn tar_gz_dir_keeps_file_contents() {
    let dir = fixture_pack();
    let archive = tar_gz_dir(dir.path()).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive.as_slice()));
    let mut found = false;
    for e in tar.entries().unwrap() {
        let mut e = e.unwrap();
        if e.path().unwrap().to_string_lossy() == "pack.yaml" {
            let mut s = String::new();
            e.read_to_string(&mut s).unwrap();
            assert!(s.contains("ref: e2e"));
            found = true;
        }
    }
    assert!(found);
}

#[tokio::test]
async fn register_posts_path_force_skip_tests() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/register")
        .body(json!({"path": "/opt/packs/e2e", "force": true, "skip_tests": true}))
        .respond(201, wrap(install_json()))
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .register(
            &RegisterPackRequest::new("/opt/packs/e2e")
                .with_force(true)
                .with_skip_tests(true),
        )
        .await
        .unwrap();
    assert!(r.tests_skipped);
}

#[tokio::test]
async fn install_posts_source_and_reads_newer_fields() {
    let s = Srv::start().await;
    let mut body = install_json();
    body["install_id"] = json!(9);
    body["install_status"] = json!("pending");
    body["provenance"] = json!({"artifact_type": "git", "checksum_verified": false,
                                "fallback_occurred": false, "git_ref": "main"});
    s.mock("POST", "/api/v1/packs/install")
        .body(json!({"source": "https://example.com/p.git", "ref_spec": "main", "skip_deps": true}))
        .respond(200, wrap(body))
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .install(
            &InstallPackRequest::new("https://example.com/p.git")
                .with_ref_spec("main")
                .with_skip_deps(true),
        )
        .await
        .unwrap();
    assert_eq!(r.install_id, Some(9));
    assert_eq!(r.install_status, Some(PackInstallStatus::Pending));
    assert_eq!(r.provenance.unwrap().git_ref.as_deref(), Some("main"));
}

#[tokio::test]
async fn install_status_and_latest_install() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/install/5")
        .respond(200, wrap(install_status_json()))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/install/latest")
        .respond(200, wrap(install_status_json()))
        .mount()
        .await;
    let a = s.client.packs().install_status(5).await.unwrap();
    assert_eq!(a.status, PackInstallStatus::Succeeded);
    assert_eq!(a.trigger_reason, "upload");
    let b = s.client.packs().latest_install("e2e").await.unwrap();
    assert_eq!(b.install_id, 5);
}

#[tokio::test]
async fn pack_tests_run_history_latest_and_by_id() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/e2e/test")
        .respond(
            200,
            wrap(
                json!({"packRef": "e2e", "packVersion": "1.0.0", "totalTests": 2,
            "passed": 2, "failed": 0, "skipped": 0, "passRate": 1.0, "durationMs": 12,
            "testSuites": [], "status": "passed"}),
            ),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/tests")
        .query(&[("page", "2"), ("page_size", "10")])
        .respond(
            200,
            page_of(vec![json!({"id": 3, "pack_ref": "e2e"})], 2, 10, Some(11)),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/tests/latest")
        .respond(200, wrap(json!({"id": 3, "pack_ref": "e2e"})))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/tests/3")
        .respond(200, wrap(json!({"id": 3, "pack_ref": "e2e"})))
        .mount()
        .await;
    let p = s.client.packs();
    let r = p.test("e2e").await.unwrap();
    assert_eq!(
        (r.total_tests, r.passed, r.status.as_str()),
        (2, 2, "passed")
    );
    let h = p.test_history("e2e", Some(2), Some(10)).await.unwrap();
    assert_eq!(h.items[0].id, 3);
    assert_eq!(h.items[0].extra["pack_ref"], "e2e");
    assert_eq!(p.latest_test("e2e").await.unwrap().id, 3);
    assert_eq!(p.test_result(3).await.unwrap().id, 3);
}

#[tokio::test]
async fn workflow_sync_and_validate() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/e2e/workflows/sync")
        .respond(
            200,
            wrap(json!({"pack_ref": "e2e", "loaded_count": 1, "registered_count": 1})),
        )
        .mount()
        .await;
    s.mock("POST", "/api/v1/packs/e2e/workflows/validate")
        .respond(
            200,
            wrap(json!({"pack_ref": "e2e", "validated_count": 1, "error_count": 0})),
        )
        .mount()
        .await;
    let a = s.client.packs().sync_workflows("e2e").await.unwrap();
    assert_eq!(a.extra["loaded_count"], 1);
    let b = s.client.packs().validate_workflows("e2e").await.unwrap();
    assert_eq!(b.extra["error_count"], 0);
}

#[tokio::test]
async fn per_pack_lists_hit_their_paths() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs/e2e/actions")
        .query(&[("q", "hello")])
        .respond(200, page_of(vec![action_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/triggers")
        .respond(200, page_of(vec![trigger_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/rules")
        .respond(200, page_of(vec![rule_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/sensors")
        .respond(200, page_of(vec![sensor_summary_json()], 1, 50, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/workflows")
        .query(&[("page", "1"), ("page_size", "5")])
        .respond(200, page_of(vec![workflow_summary_json()], 1, 5, Some(1)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/e2e/queues")
        .respond(200, page_of(vec![json!({"id": 1})], 1, 50, Some(1)))
        .mount()
        .await;
    let p = s.client.packs();
    let none = PackItemsParams::default();
    assert_eq!(
        p.actions("e2e", &PackItemsParams::default().with_q("hello"))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(p.triggers("e2e", &none).await.unwrap().items.len(), 1);
    assert_eq!(p.rules("e2e", &none).await.unwrap().items.len(), 1);
    assert_eq!(p.sensors("e2e", &none).await.unwrap().items.len(), 1);
    let w = p
        .workflows(
            "e2e",
            &PackItemsParams::default().with_page(1).with_page_size(5),
        )
        .await
        .unwrap();
    assert_eq!(w.items.len(), 1);
    assert_eq!(p.queues("e2e", &none).await.unwrap().items[0]["id"], 1);
}
