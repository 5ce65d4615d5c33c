//! T3.18 — HTTP calls from Attune: there is no HTTP runner; the core action `core.http_request` (curl) does
//! it and its JSON output (`status_code, headers, body, json, elapsed_ms, url, success, error`) is parsed into
//! `result.data` (platform-semantics §7.1, §7.3). The target is a mock server started by the test on
//! 127.0.0.1 (against a live Attune whose worker runs elsewhere, set `ATTUNE_E2E_CALLBACK_HOST` to an
//! address of the test host that the worker can reach).

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;
use crate::tier3::helpers::*;

/// What one case sends and what the mock answers.
struct Call {
    method: &'static str,
    path: &'static str,
    extra: Value,
    answer: Canned,
}

fn canned(status: &'static str, content_type: &'static str, body: &str) -> Canned {
    Canned {
        status,
        content_type,
        body: body.to_string(),
    }
}

#[rstest]
#[case::get_json(Call {
    method: "GET",
    path: "/items",
    extra: json!({"query_params": {"q": "x"}}),
    answer: canned("200 OK", "application/json", r#"{"items": [1, 2, 3], "ok": true}"#),
})]
#[case::post_json_body(Call {
    method: "POST",
    path: "/orders",
    extra: json!({"json_body": {"item": "widget", "qty": 2}}),
    answer: canned("201 Created", "application/json", r#"{"id": 77}"#),
})]
#[case::headers_and_bearer(Call {
    method: "GET",
    path: "/secure",
    extra: json!({"headers": {"X-E2E": "yes"}, "auth_type": "bearer", "auth_token": "tok-123"}),
    answer: canned("200 OK", "application/json", r#"{"authorized": true}"#),
})]
#[case::plain_text(Call {
    method: "GET",
    path: "/ping",
    extra: json!({}),
    answer: canned("200 OK", "text/plain", "pong"),
})]
#[tokio::test]
async fn t3_18_http_request_captures_the_response(
    #[future(awt)] scope: Scope,
    #[case] call: Call,
) -> Result<()> {
    let server = MockHttp::start(call.answer.clone()).await?;
    let mut params = json!({"url": format!("{}{}", server.base, call.path), "method": call.method, "timeout": 10});
    if let (Some(p), Some(extra)) = (params.as_object_mut(), call.extra.as_object()) {
        p.extend(extra.clone());
    }
    let done = scope.run("core.http_request", params, SHORT).await?;
    assert_eq!(done.status, ExecutionStatus::Completed, "{}", done.result);
    let data = &done.result["data"];
    assert!(
        data.is_object(),
        "the JSON output is parsed into result.data: {}",
        done.result
    );

    let code: u64 = call
        .answer
        .status
        .split(' ')
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    assert_eq!(data["status_code"], code, "status code captured: {data}");
    assert_eq!(data["success"], true, "{data}");
    assert_eq!(data["body"], call.answer.body.as_str(), "raw body captured");
    if call.answer.content_type == "application/json" {
        let parsed: Value = serde_json::from_str(&call.answer.body).unwrap_or(Value::Null);
        assert_eq!(data["json"], parsed, "a JSON body is also parsed");
    }
    assert!(data["elapsed_ms"].is_number(), "elapsed_ms: {data}");
    assert!(
        data["url"].as_str().unwrap_or_default().contains(call.path),
        "final url: {data}"
    );
    let headers = data["headers"].to_string().to_ascii_lowercase();
    assert!(
        headers.contains("x-mock"),
        "response headers captured: {data}"
    );

    let seen = server.seen();
    assert_eq!(
        seen.len(),
        1,
        "exactly one request reached the server: {seen:?}"
    );
    let req = &seen[0];
    assert_eq!(req.method, call.method);
    assert!(
        req.target.starts_with(call.path),
        "request target {}",
        req.target
    );
    if let Some(q) = call.extra.get("query_params") {
        assert!(
            req.target
                .ends_with(&format!("?q={}", q["q"].as_str().unwrap_or_default())),
            "query sent: {}",
            req.target
        );
    }
    if let Some(body) = call.extra.get("json_body") {
        let sent: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
        assert_eq!(&sent, body, "the JSON body reached the server");
        assert!(
            req.header("content-type")
                .unwrap_or_default()
                .contains("application/json"),
            "{req:?}"
        );
    }
    if let Some(token) = call.extra.get("auth_token").and_then(Value::as_str) {
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {token}").as_str()),
            "{req:?}"
        );
        assert_eq!(
            req.header("x-e2e"),
            Some("yes"),
            "custom headers sent: {req:?}"
        );
    }
    Ok(())
}

#[rstest]
#[case::not_found("404 Not Found", 404)]
#[case::server_error("500 Internal Server Error", 500)]
#[tokio::test]
async fn t3_18_http_error_status_is_reported(
    #[future(awt)] scope: Scope,
    #[case] status: &'static str,
    #[case] code: u64,
) -> Result<()> {
    let server = MockHttp::start(canned(status, "text/plain", "nope")).await?;
    let done = scope
        .run(
            "core.http_request",
            json!({"url": format!("{}/missing", server.base), "timeout": 10}),
            SHORT,
        )
        .await?;
    assert!(done.is_terminal());
    // The script reports the status in its JSON document: parsed into result.data on exit 0, left in stdout
    // otherwise (parsing happens only on success, §7.3).
    let doc = if done.status == ExecutionStatus::Completed {
        done.result["data"].clone()
    } else {
        serde_json::from_str::<Value>(done.stdout().unwrap_or_default()).unwrap_or(Value::Null)
    };
    assert_eq!(
        doc["status_code"], code,
        "status {}: {}",
        done.status, done.result
    );
    assert_eq!(doc["success"], false, "{doc}");
    assert_eq!(doc["body"], "nope", "{doc}");
    assert_eq!(server.seen().len(), 1);
    Ok(())
}
