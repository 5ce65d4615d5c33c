//! Retries, Retry-After, timeouts, error decoding, pagination schemes and model leniency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use attune_client::models::*;
use attune_client::{AttuneClient, Error, RetryPolicy, TimeoutKind};
use common::*;
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

async fn client_for(server: &MockServer, policy: RetryPolicy) -> AttuneClient {
    AttuneClient::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(policy)
        .build()
        .unwrap()
}

async fn transient_then_ok(status: u16) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/packs/e2e"))
        .respond_with(
            ResponseTemplate::new(status).set_body_json(json!({"error":"busy","code":"X"})),
        )
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/packs/e2e"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(pack_json())))
        .expect(1)
        .mount(&server)
        .await;
    let c = client_for(&server, fast_retry()).await;
    let p = c.packs().get("e2e").await.unwrap();
    assert_eq!(p.id, 7, "status {status}");
}

#[tokio::test]
async fn get_retried_on_503() {
    transient_then_ok(503).await;
}
#[tokio::test]
async fn get_retried_on_429() {
    transient_then_ok(429).await;
}
#[tokio::test]
async fn get_retried_on_502() {
    transient_then_ok(502).await;
}
#[tokio::test]
async fn get_retried_on_504() {
    transient_then_ok(504).await;
}

async fn not_retried(m: &str, status: u16, policy: RetryPolicy) {
    let server = MockServer::start().await;
    Mock::given(method(m))
        .respond_with(
            ResponseTemplate::new(status).set_body_json(json!({"error":"nope","code":"E"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client_for(&server, policy).await;
    let e = match m {
        "POST" => c
            .executions()
            .execute(&ExecuteRequest::new("a.b"))
            .await
            .unwrap_err(),
        "PUT" => c
            .packs()
            .update("e2e", &UpdatePackRequest::default())
            .await
            .unwrap_err(),
        _ => c.packs().get("e2e").await.unwrap_err(),
    };
    assert_eq!(e.status(), Some(status));
}

#[tokio::test]
async fn post_not_retried_on_503() {
    not_retried("POST", 503, fast_retry()).await;
}
#[tokio::test]
async fn post_not_retried_on_429() {
    not_retried("POST", 429, fast_retry()).await;
}
#[tokio::test]
async fn get_not_retried_on_400_404_500() {
    for s in [400, 404, 500, 401, 409, 422] {
        not_retried("GET", s, fast_retry()).await;
    }
}
#[tokio::test]
async fn retry_none_disables_retries() {
    not_retried("GET", 503, RetryPolicy::none()).await;
}

#[tokio::test]
async fn put_retried_and_post_retried_when_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    let c = client_for(&server, fast_retry().with_retry_post(true)).await;
    let e = c
        .executions()
        .execute(&ExecuteRequest::new("a.b"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .expect(3)
        .mount(&server)
        .await;
    let c = client_for(&server, fast_retry()).await;
    c.packs()
        .update("e2e", &UpdatePackRequest::default())
        .await
        .unwrap_err();
}

#[tokio::test]
async fn connection_refused_is_retried_for_get_only() {
    // Bind then drop to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = AttuneClient::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .retry_policy(
            fast_retry()
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_millis(500))
                .with_jitter(false),
        )
        .build()
        .unwrap();
    let t = Instant::now();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(e.is_transport(), "{e:?}");
    assert!(
        t.elapsed() >= Duration::from_millis(200),
        "GET should back off twice: {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    let e = c
        .executions()
        .execute(&ExecuteRequest::new("a.b"))
        .await
        .unwrap_err();
    assert!(e.is_transport());
    assert!(
        t.elapsed() < Duration::from_millis(100),
        "POST must not retry"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_surfaced() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(json!({"error":"slow down","code":"TOO_MANY_REQUESTS"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(pack_json())))
        .expect(1)
        .mount(&server)
        .await;
    let c = client_for(&server, fast_retry()).await;
    let t = Instant::now();
    c.packs().get("e2e").await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t.elapsed()
    );

    // Without retries the hint is on the error.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7"))
        .mount(&server)
        .await;
    let c = client_for(&server, RetryPolicy::none()).await;
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(e.is_rate_limited());
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(wrap(pack_json())),
        )
        .mount(&server)
        .await;
    let c = AttuneClient::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let t = Instant::now();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn total_timeout_bounds_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "2"))
        .mount(&server)
        .await;
    let c = AttuneClient::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(fast_retry().with_max_attempts(10))
        .total_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let t = Instant::now();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                kind: TimeoutKind::Total,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn connect_timeout_never_hangs() {
    // A listener whose accept queue is full: further SYNs are dropped, so connecting hangs.
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = sock.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        if let Ok(Ok(s)) = tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            fillers.push(s);
        }
    }
    let c = AttuneClient::builder()
        .base_url(format!("http://{addr}"))
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .connect_timeout(Duration::from_millis(200))
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let t = Instant::now();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                kind: TimeoutKind::Connect,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
    drop(listener);
}

// ------------------------------------------------------------------ error bodies

async fn error_for(status: u16, body: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(body)
        .mount(&server)
        .await;
    let _ = status;
    let c = client_for(&server, RetryPolicy::none()).await;
    c.actions().get("demo.missing").await.unwrap_err()
}

#[tokio::test]
async fn error_shape_flat() {
    let e = error_for(
        404,
        ResponseTemplate::new(404)
            .set_body_json(json!({"error":"Action 'demo.missing' not found","code":"NOT_FOUND"})),
    )
    .await;
    assert!(e.is_not_found());
    assert_eq!(e.code(), Some("NOT_FOUND"));
    match &e {
        Error::Api { message, body, .. } => {
            assert_eq!(message, "Action 'demo.missing' not found");
            assert!(body.contains("NOT_FOUND"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn error_shape_nested_auth() {
    let e = error_for(
        401,
        ResponseTemplate::new(401)
            .set_body_json(json!({"error":{"code":401,"message":"Missing authentication token"}})),
    )
    .await;
    assert!(e.is_unauthorized());
    assert_eq!(e.code(), Some("401"));
    assert!(e.to_string().contains("Missing authentication token"));
}

#[tokio::test]
async fn error_shape_plain_text_and_garbage() {
    let e = error_for(
        422,
        ResponseTemplate::new(422).set_body_string(
            "Failed to deserialize the JSON body into the target type: missing field `ref`",
        ),
    )
    .await;
    assert!(e.is_validation());
    assert_eq!(e.code(), None);
    assert!(e.to_string().contains("missing field"));
    let e = error_for(
        500,
        ResponseTemplate::new(500).set_body_bytes(vec![0xff, 0xfe, 0x00, 0x9f]),
    )
    .await;
    assert!(e.is_server_error());
    let e = error_for(403, ResponseTemplate::new(403)).await;
    assert!(e.is_forbidden());
    assert!(e.to_string().contains("Forbidden"));
    let e = error_for(
        409,
        ResponseTemplate::new(409)
            .set_body_json(json!({"error":"exists","code":"CONFLICT","details":{"x":1}})),
    )
    .await;
    assert!(e.is_conflict());
    let e = error_for(
        400,
        ResponseTemplate::new(400).set_body_json(json!(["not", "an", "object"])),
    )
    .await;
    assert!(e.is_bad_request());
}

#[tokio::test]
async fn decode_error_names_the_path() {
    let server = MockServer::start().await;
    let mut bad = action_json();
    bad["id"] = json!("not-a-number");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(bad)))
        .mount(&server)
        .await;
    let c = client_for(&server, RetryPolicy::none()).await;
    let e = c.actions().get("e2e.hello").await.unwrap_err();
    match e {
        Error::Decode { path, context, .. } => {
            assert_eq!(context, "actions.get");
            assert!(path.contains("id"), "{path}");
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------ pagination schemes

#[tokio::test]
async fn pagination_page_per_page_without_totals() {
    let s = Srv::start().await;
    // events: page/per_page, no totals; has_next computed by the server via over-fetch
    s.mock("GET", "/api/v1/events")
        .query(&[("page", "1"), ("per_page", "2")])
        .respond(
            200,
            json!({"items":[event_summary_json(1), event_summary_json(2)],
            "pagination":{"page":1,"page_size":2,"has_next":true,"has_previous":false}}),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/events")
        .query(&[("page", "2"), ("per_page", "2")])
        .respond(
            200,
            json!({"items":[event_summary_json(3), event_summary_json(4)],
            "pagination":{"page":2,"page_size":2,"has_next":true,"has_previous":true}}),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/events")
        .query(&[("page", "3"), ("per_page", "2")])
        .respond(200, json!({"items":[],"pagination":{"page":3,"page_size":2,"has_next":false,"has_previous":true}}))
        .times(2)
        .mount()
        .await;
    let all: Vec<_> = s
        .client
        .events()
        .stream(ListEventsParams::default().with_per_page(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    let first = s
        .client
        .events()
        .list(&ListEventsParams::default().with_page(3).with_per_page(2))
        .await
        .unwrap();
    assert_eq!(first.total_items, None);
    assert_eq!(first.total_pages, None);
}

#[tokio::test]
async fn pagination_page_page_size_with_totals() {
    let s = Srv::start().await;
    for (page, ids) in [(1u32, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])] {
        s.mock("GET", "/api/v1/rules")
            .query(&[("page", &page.to_string()), ("page_size", "2")])
            .respond(
                200,
                page_of(
                    ids.into_iter()
                        .map(|i| {
                            let mut r = rule_summary_json();
                            r["id"] = json!(i);
                            r
                        })
                        .collect(),
                    page,
                    2,
                    Some(5),
                ),
            )
            .mount()
            .await;
    }
    let all: Vec<_> = s
        .client
        .rules()
        .stream(ListRulesParams::default().with_page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
}

#[tokio::test]
async fn pagination_offset_limit() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/inquiries")
        .query(&[("offset", "0"), ("limit", "2")])
        .respond(
            200,
            json!({"items":[inquiry_summary_json(1), inquiry_summary_json(2)],
            "pagination":{"page":1,"page_size":2,"has_next":true,"has_previous":false}}),
        )
        .mount()
        .await;
    s.mock("GET", "/api/v1/inquiries")
        .query(&[("offset", "2"), ("limit", "2")])
        .respond(
            200,
            json!({"items":[inquiry_summary_json(3)],
            "pagination":{"page":2,"page_size":2,"has_next":false,"has_previous":true}}),
        )
        .mount()
        .await;
    let all: Vec<_> = s
        .client
        .inquiries()
        .stream(ListInquiriesParams::default().with_limit(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.iter().map(|i| i.id).collect::<Vec<_>>(), vec![1, 2, 3]);
}

#[tokio::test]
async fn pagination_short_page_stops_even_if_has_next_missing() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/keys")
        .query(&[("page", "1"), ("per_page", "3")])
        .respond(200, json!({"items":[key_summary_json()]}))
        .mount()
        .await;
    let all: Vec<_> = s
        .client
        .keys()
        .stream(ListKeysParams::default().with_per_page(3))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn stream_stops_on_error() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/packs")
        .query(&[("page", "1"), ("page_size", "1")])
        .respond(200, page_of(vec![pack_summary_json(1)], 1, 1, Some(3)))
        .mount()
        .await;
    s.mock("GET", "/api/v1/packs")
        .query(&[("page", "2"), ("page_size", "1")])
        .respond(500, json!({"error":"boom","code":"INTERNAL_SERVER_ERROR"}))
        .mount()
        .await;
    let res: Result<Vec<_>, _> = s
        .client
        .packs()
        .stream(ListPacksParams::default().with_page_size(1))
        .try_collect()
        .await;
    assert_eq!(res.unwrap_err().status(), Some(500));
}

// ------------------------------------------------------------------ leniency

#[tokio::test]
async fn unknown_fields_and_enum_values() {
    let s = Srv::start().await;
    let mut e = execution_json("paused_by_operator", json!({"succeeded": null}));
    e["brand_new_field"] = json!({"nested": [1, 2, 3]});
    e["workflow_task"] = json!({"task_name":"x","unknown":1});
    s.mock("GET", "/api/v1/executions/900")
        .respond(200, wrap(e))
        .mount()
        .await;
    let mut k = key_json();
    k["owner_type"] = json!("team");
    s.mock("GET", "/api/v1/keys/x")
        .respond(200, wrap(k))
        .mount()
        .await;
    let mut enf = enforcement_json();
    enf["status"] = json!("superseded");
    enf["condition"] = json!("majority");
    s.mock("GET", "/api/v1/enforcements/77")
        .respond(200, wrap(enf))
        .mount()
        .await;

    let ex = s.client.executions().get(900).await.unwrap();
    assert_eq!(
        ex.status,
        ExecutionStatus::Unknown("paused_by_operator".into())
    );
    assert!(!ex.status.is_terminal());
    assert_eq!(ex.status.to_string(), "paused_by_operator");
    let key = s.client.keys().get("x").await.unwrap();
    assert_eq!(key.owner_type, OwnerType::Unknown("team".into()));
    let enf = s.client.enforcements().get(77).await.unwrap();
    assert_eq!(enf.status, EnforcementStatus::Unknown("superseded".into()));
    // Unknown values round-trip verbatim.
    assert_eq!(
        serde_json::to_value(&enf.status).unwrap(),
        json!("superseded")
    );
}

#[test]
fn status_helpers() {
    for (s, t) in [
        ("requested", false),
        ("scheduling", false),
        ("scheduled", false),
        ("running", false),
        ("canceling", false),
        ("completed", true),
        ("failed", true),
        ("cancelled", true),
        ("timeout", true),
        ("abandoned", true),
    ] {
        let st: ExecutionStatus = serde_json::from_value(json!(s)).unwrap();
        assert_eq!(st.is_terminal(), t, "{s}");
        assert_eq!(serde_json::to_value(&st).unwrap(), json!(s));
    }
    assert!(ExecutionStatus::Completed.is_success());
    assert!(ExecutionStatus::Failed.is_failure());
    assert_eq!(InquiryStatus::Cancelled.path_segment(), "canceled");
    assert_eq!(
        serde_json::to_value(InquiryStatus::Cancelled).unwrap(),
        json!("cancelled")
    );
}

#[test]
fn secrets_are_redacted_in_debug() {
    let t: TokenResponse =
        serde_json::from_value(token_json("ACCESS-SECRET", "REFRESH-SECRET", true)).unwrap();
    let d = format!("{t:?}");
    assert!(
        !d.contains("ACCESS-SECRET") && !d.contains("REFRESH-SECRET"),
        "{d}"
    );
    let l = LoginRequest::new("admin", "hunter2");
    assert!(!format!("{l:?}").contains("hunter2"));
    let k = CreateKeyRequest::system("tok", "very-secret");
    assert!(!format!("{k:?}").contains("very-secret"));
    let c = AttuneClient::builder()
        .base_url("http://x")
        .credentials("a", "pw-secret")
        .token("tok-secret")
        .build()
        .unwrap();
    let d = format!("{c:?}");
    assert!(!d.contains("pw-secret") && !d.contains("tok-secret"), "{d}");
}

#[test]
fn builder_validation() {
    assert!(matches!(
        AttuneClient::builder().build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        AttuneClient::builder().base_url("not a url").build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        AttuneClient::builder().base_url("ftp://x").build(),
        Err(Error::Config(_))
    ));
    let c = AttuneClient::builder()
        .base_url("http://127.0.0.1:8080/")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:8080");
}
