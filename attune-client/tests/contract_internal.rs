//! Contract tests for the internal file-transfer routes (`/api/v1/internal/*`): streamed
//! uploads and downloads with the worker/execution token of the client.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use bytes::Bytes;
use common::*;
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, ResponseTemplate};

const WORKER_TOKEN: &str = "worker-token-5f1";

fn auth() -> String {
    format!("Bearer {WORKER_TOKEN}")
}

async fn collect(s: attune_client::api::ByteStream) -> Vec<u8> {
    s.try_fold(Vec::new(), |mut acc, c| async move {
        acc.extend_from_slice(&c);
        Ok(acc)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn internal_upload_file_streams_body_with_size_and_digest() {
    let s = Srv::start().await;
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("PUT"))
        .and(path("/api/v1/internal/files/out.bin"))
        .and(header("authorization", auth().as_str()))
        .and(header("content-type", "application/octet-stream"))
        .and(header("content-length", "200000"))
        .and(header("x-attune-sha256", "ab12"))
        .and(body_bytes(content.clone()))
        .and(ExactQuery(vec![]))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    // Sent as 4 chunks of 50 000 bytes: the SDK never needs the whole body at once.
    let chunks: Vec<std::io::Result<Bytes>> = content
        .chunks(50_000)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let opts = FileUploadOptions::default()
        .with_size(200_000)
        .with_sha256("ab12");
    worker
        .internal()
        .upload_file("out.bin", &opts, futures::stream::iter(chunks))
        .await
        .unwrap();
}

#[tokio::test]
async fn internal_upload_file_nested_path_keeps_slashes() {
    let s = Srv::start().await;
    Mock::given(method("PUT"))
        .and(path(
            "/api/v1/internal/files/executions/900/report%20v1.txt",
        ))
        .and(header("authorization", auth().as_str()))
        .and(header("content-type", "text/plain"))
        .and(body_bytes(b"hello".to_vec()))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let body = futures::stream::once(async { Ok(Bytes::from_static(b"hello")) });
    worker
        .internal()
        .upload_file(
            "executions/900/report v1.txt",
            &FileUploadOptions::default().with_content_type("text/plain"),
            body,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn internal_bad_paths_are_refused_without_a_request() {
    let s = Srv::start().await;
    for bad in ["", "/etc/passwd", "a/../b", "a//b", "./a"] {
        let e = s.client.internal().delete_file(bad).await.unwrap_err();
        assert!(
            matches!(e, attune_client::Error::Encode(_)),
            "{bad:?}: {e:?}"
        );
    }
    assert!(s.server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn internal_upload_file_too_large_is_typed() {
    let s = Srv::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v1/internal/files/big.bin"))
        .respond_with(
            ResponseTemplate::new(413).set_body_string("artifact exceeds maximum size of 10 bytes"),
        )
        .mount(&s.server)
        .await;
    let body = futures::stream::once(async { Ok(Bytes::from_static(b"0123456789abc")) });
    let e = s
        .client
        .internal()
        .upload_file("big.bin", &FileUploadOptions::default(), body)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(413));
    assert!(e.to_string().contains("maximum size"), "{e}");
}

#[tokio::test]
async fn internal_download_file_streams() {
    let s = Srv::start().await;
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 7) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/internal/files/out.bin"))
        .and(header("authorization", auth().as_str()))
        .and(ExactQuery(vec![]))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(content.clone(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let stream = worker.internal().download_file("out.bin").await.unwrap();
    assert_eq!(collect(stream).await, content);
}

#[tokio::test]
async fn internal_download_file_range() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/internal/files/out.bin"))
        .and(header("authorization", auth().as_str()))
        .and(header("range", "bytes=10-19"))
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header("content-range", "bytes 10-19/100")
                .set_body_raw(b"0123456789".to_vec(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let stream = worker
        .internal()
        .download_file_range("out.bin", ByteRange::inclusive(10, 19))
        .await
        .unwrap();
    assert_eq!(collect(stream).await, b"0123456789");
}

#[tokio::test]
async fn internal_download_missing_file_is_not_found() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/internal/files/gone.bin"))
        .respond_with(ResponseTemplate::new(404).set_body_string("File not found"))
        .mount(&s.server)
        .await;
    let e = s
        .client
        .internal()
        .download_file("gone.bin")
        .await
        .err()
        .unwrap();
    assert!(e.is_not_found());
}

#[tokio::test]
async fn internal_check_file() {
    let s = Srv::start().await;
    Mock::given(method("HEAD"))
        .and(path("/api/v1/internal/files/out.bin"))
        .and(header("authorization", auth().as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/octet-stream")
                .insert_header("content-length", "4096"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/api/v1/internal/files/gone.bin"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let info = worker
        .internal()
        .check_file("out.bin")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        info.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(info.size, Some(4096));
    assert_eq!(
        worker.internal().check_file("gone.bin").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn internal_delete_file() {
    let s = Srv::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/internal/files/out.bin"))
        .and(header("authorization", auth().as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    worker.internal().delete_file("out.bin").await.unwrap();
}

#[tokio::test]
async fn internal_download_pack_archive() {
    let s = Srv::start().await;
    let tgz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3];
    Mock::given(method("GET"))
        .and(path("/api/v1/internal/packs/e2e/archive"))
        .and(header("authorization", auth().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(tgz.clone(), "application/gzip"))
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let stream = worker
        .internal()
        .download_pack_archive("e2e")
        .await
        .unwrap();
    assert_eq!(collect(stream).await, tgz);
}

#[tokio::test]
async fn internal_download_pack_install_candidate_archive() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/internal/pack-installs/41/archive"))
        .and(header("authorization", auth().as_str()))
        .and(header("x-attune-pack-candidate-token", "cand-7c2e"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x1f, 0x8b, 8, 0], "application/gzip"),
        )
        .expect(1)
        .mount(&s.server)
        .await;
    let worker = s.client.with_token(WORKER_TOKEN);
    let mut stream = worker
        .internal()
        .download_pack_install_candidate_archive(41, "cand-7c2e")
        .await
        .unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(&first[..2], &[0x1f, 0x8b]);
}
