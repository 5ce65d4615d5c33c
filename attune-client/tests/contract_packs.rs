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

#[tokio::test]
async fn register_batch_posts_paths_and_reads_the_outcome() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/register-batch")
        .body(json!({"pack_paths": ["/opt/packs/a", "/opt/packs/b"], "force": true, "skip_tests": true}))
        .respond(
            200,
            wrap(json!({
                "registered_packs": [{"pack_id": 7, "pack_ref": "a", "pack_version": "1.0.0",
                    "storage_path": "/opt/attune/packs/a",
                    "components_registered": {"actions": 2, "rules": 1, "sensors": 0, "triggers": 1,
                                              "workflows": 0, "runtimes": 0, "policies": 0},
                    "validation_results": {"valid": true, "errors": []},
                    "install_id": 3, "install_status": "succeeded", "test_result": null}],
                "failed_packs": [{"pack_path": "/opt/packs/b", "pack_ref": "b", "error_stage": "validation",
                                  "error": "pack.yaml: missing field `version`"}],
                "summary": {"total_packs": 2, "success_count": 1, "failure_count": 1,
                            "total_components": 4, "duration_ms": 41}
            })),
        )
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .register_batch(
            &RegisterPacksRequest::new(["/opt/packs/a", "/opt/packs/b"])
                .with_force(true)
                .with_skip_tests(true),
        )
        .await
        .unwrap();
    assert_eq!(r.registered_packs[0].pack_id, 7);
    assert_eq!(r.registered_packs[0].components_registered["actions"], 2);
    assert_eq!(r.registered_packs[0].install_id, Some(3));
    assert_eq!(r.failed_packs[0].error_stage, "validation");
    assert_eq!(r.summary["failure_count"], 1);
}

#[tokio::test]
async fn download_posts_sources_and_reads_counts() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/download")
        .body(json!({"packs": ["https://example.com/a.git", "core@1.0.0"], "ref_spec": "v1"}))
        .respond(
            200,
            wrap(json!({
                "downloaded_packs": [{"pack_path": "/tmp/dl/a", "pack_ref": "a", "pack_version": "1.0.0",
                    "source": "https://example.com/a.git", "source_type": "git",
                    "checksum": null, "git_commit": "9206d41"}],
                "failed_packs": [{"source": "core@1.0.0", "error": "no registry configured"}],
                "failure_count": 1, "success_count": 1, "total_count": 2
            })),
        )
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .download(
            &DownloadPacksRequest::new(["https://example.com/a.git", "core@1.0.0"])
                .with_ref_spec("v1"),
        )
        .await
        .unwrap();
    assert_eq!(r.downloaded_packs[0].git_commit.as_deref(), Some("9206d41"));
    assert_eq!(r.failed_packs[0].error, "no registry configured");
    assert_eq!((r.success_count, r.failure_count, r.total_count), (1, 1, 2));
}

#[tokio::test]
async fn dependencies_posts_paths_and_reads_missing_ones() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/dependencies")
        .body(json!({"pack_paths": ["/opt/packs/a"], "skip_validation": true}))
        .respond(
            200,
            wrap(json!({
                "analyzed_packs": [{"pack_path": "/opt/packs/a", "pack_ref": "a",
                                    "has_dependencies": true, "dependency_count": 1}],
                "dependencies": [{"pack_ref": "core", "version_spec": ">=1.0.0", "required_by": "a",
                                  "already_installed": true}],
                "missing_dependencies": [],
                "errors": [],
                "runtime_requirements": {"a": {"python": {"version": "3.11", "requirements_file": "requirements.txt"}}}
            })),
        )
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .dependencies(&PackDependenciesRequest::new(["/opt/packs/a"]).with_skip_validation(true))
        .await
        .unwrap();
    assert_eq!(r.analyzed_packs[0].dependency_count, 1);
    assert!(r.dependencies[0].already_installed);
    assert!(r.missing_dependencies.is_empty());
    assert_eq!(r.runtime_requirements["a"]["python"]["version"], "3.11");
}

#[tokio::test]
async fn build_envs_posts_options_and_reads_the_summary() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/packs/build-envs")
        .body(json!({"pack_paths": ["/opt/packs/a"], "force_rebuild": true, "skip_nodejs": true,
                     "python_version": "3.11", "timeout": 600}))
        .respond(
            200,
            wrap(json!({
                "built_environments": [{"pack_path": "/opt/packs/a", "pack_ref": "a", "duration_ms": 7800,
                    "environments": {"python": {"virtualenv_path": "/opt/envs/a/python", "requirements_installed": true,
                                                "package_count": 1, "python_version": "3.11.7"}}}],
                "failed_environments": [],
                "summary": {"total_packs": 1, "success_count": 1, "failure_count": 0,
                            "python_envs_built": 1, "nodejs_envs_built": 0, "total_duration_ms": 7800}
            })),
        )
        .mount()
        .await;
    let r = s
        .client
        .packs()
        .build_envs(
            &BuildPackEnvsRequest::new(["/opt/packs/a"])
                .with_force_rebuild(true)
                .with_skip_nodejs(true)
                .with_python_version("3.11")
                .with_timeout(600),
        )
        .await
        .unwrap();
    assert_eq!(r.summary.python_envs_built, 1);
    assert_eq!(
        r.built_environments[0].environments["python"]["package_count"],
        1
    );
}

#[tokio::test]
async fn icon_returns_the_bytes_and_404_is_typed() {
    let s = Srv::start().await;
    let png = "\u{89}PNG fake icon";
    s.mock("GET", "/api/v1/packs/e2e/icon")
        .respond_raw(200, png)
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs/none/icon")
        .respond(
            404,
            json!({"error": "Pack 'none' has no icon", "code": "NOT_FOUND"}),
        )
        .mount()
        .await;
    let bytes = s.client.packs().icon("e2e").await.unwrap();
    assert_eq!(&bytes[..], png.as_bytes());
    let err = s.client.packs().icon("none").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}
