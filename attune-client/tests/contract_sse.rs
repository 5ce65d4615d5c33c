//! SSE: the parser on chunk-split input, comments and `retry:`; the two execution streams with
//! auth, query and reconnect with `Last-Event-ID`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::VecDeque;
use std::time::Duration;

use attune_client::api::streams::LogEvent;
use attune_client::sse::{SseEvent, SseOptions, SseParser};
use common::*;
use futures::StreamExt;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn parse_in_chunks(input: &[u8], size: usize) -> Vec<SseEvent> {
    let mut p = SseParser::new(1 << 20);
    let mut out = VecDeque::new();
    for c in input.chunks(size) {
        p.push(c, &mut out).unwrap();
    }
    out.into_iter().collect()
}

const SAMPLE: &[u8] =
    b": keep-alive comment\nretry: 250\nid: 7\nevent: append\ndata: line one\ndata: line two\n\n\
data:{\"a\":1}\r\n\r\n: another\nevent: done\ndata:\n\n";

#[test]
fn parser_same_events_for_every_chunking() {
    let whole = parse_in_chunks(SAMPLE, SAMPLE.len());
    assert_eq!(whole.len(), 3);
    assert_eq!(whole[0].event, "append");
    assert_eq!(whole[0].data, "line one\nline two");
    assert_eq!(whole[0].id.as_deref(), Some("7"));
    assert_eq!(whole[0].retry, Some(250));
    assert_eq!(whole[1].event, "message");
    assert_eq!(whole[1].data, "{\"a\":1}");
    assert_eq!(whole[1].id.as_deref(), Some("7"), "id persists");
    assert_eq!(whole[1].retry, None);
    assert_eq!(whole[2].event, "done");
    for size in 1..12 {
        assert_eq!(parse_in_chunks(SAMPLE, size), whole, "chunk size {size}");
    }
}

#[test]
fn parser_rejects_oversized_event() {
    let mut p = SseParser::new(16);
    let mut out = VecDeque::new();
    assert!(p.push(b"data: 0123456789", &mut out).is_ok());
    assert!(p.push(b"0123456789", &mut out).is_err());
}

#[test]
fn parser_ignores_comment_only_and_dataless_blocks() {
    let ev = parse_in_chunks(b": hi\n\nevent: x\n\nid: 3\n\n", 4);
    assert!(ev.is_empty());
}

fn sse(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/event-stream")
        .set_body_string(body)
}

fn opts() -> SseOptions {
    SseOptions {
        reconnect_delay: Duration::from_millis(10),
        ..SseOptions::default()
    }
}

#[tokio::test]
async fn execution_updates_reconnect_with_last_event_id() {
    let s = Srv::start().await;
    // Second connection: must carry Last-Event-ID of the last event of the first.
    Mock::given(method("GET"))
        .and(path("/api/v1/executions/stream"))
        .and(query_param("execution_id", "11"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("last-event-id", "2"))
        .respond_with(sse(
            "id: 3\ndata: {\"entity_type\":\"execution\",\"entity_id\":11,\"payload\":{\"status\":\"completed\"}}\n\n",
        ))
        .with_priority(1)
        .expect(1..)
        .mount(&s.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/executions/stream"))
        .and(query_param("execution_id", "11"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(sse(
            "retry: 5\nid: 1\ndata: {\"entity_type\":\"execution\",\"entity_id\":11,\"payload\":{\"status\":\"running\"}}\n\n\
             : ping\nid: 2\ndata: {\"entity_type\":\"execution\",\"entity_id\":11,\"payload\":{\"status\":\"running\"},\"new_field\":1}\n\n",
        ))
        .up_to_n_times(1)
        .with_priority(2)
        .expect(1)
        .mount(&s.server)
        .await;
    let st = s.client.executions().stream_updates(Some(11), opts());
    let got: Vec<_> = st.take(3).collect().await;
    let got: Vec<_> = got.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(got[0].payload["status"], "running");
    assert_eq!(got[1].extra["new_field"], 1);
    assert_eq!(got[2].payload["status"], "completed");
    assert_eq!(got[2].entity_id, Some(11));
}

#[tokio::test]
async fn execution_log_stream_ends_after_done() {
    let s = Srv::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/executions/11/logs/stdout/stream"))
        .and(query_param("offset", "0"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(sse(
            "event: waiting\ndata: \n\nid: 6\nevent: content\ndata: hello\n\nid: 12\nevent: append\ndata: world\n\nevent: done\ndata: \n\n",
        ))
        .expect(1)
        .mount(&s.server)
        .await;
    let got: Vec<_> = s
        .client
        .executions()
        .stream_log(11, "stdout", Some(0), opts())
        .collect()
        .await;
    let got: Vec<_> = got.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(
        got,
        vec![
            LogEvent::Waiting,
            LogEvent::Content {
                offset: Some(6),
                text: "hello".into()
            },
            LogEvent::Append {
                offset: Some(12),
                text: "world".into()
            },
            LogEvent::Done,
        ]
    );
}

#[tokio::test]
async fn execution_log_stream_404_is_typed_error() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/executions/99/logs/stdout/stream")
        .respond(
            404,
            serde_json::json!({"error": "Execution 99 not found", "code": "NOT_FOUND"}),
        )
        .mount()
        .await;
    let got: Vec<_> = s
        .client
        .executions()
        .stream_log(99, "stdout", None, opts())
        .collect()
        .await;
    assert_eq!(got.len(), 1);
    match &got[0] {
        Err(attune_client::Error::Api { status, .. }) => assert_eq!(*status, 404),
        other => panic!("unexpected {other:?}"),
    }
}
