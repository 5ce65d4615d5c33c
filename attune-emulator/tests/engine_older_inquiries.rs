//! Older-generation inquiries: an `__inquiry` result or `core.ask` creates an inquiry
//! and pauses the execution (still `running`) until it is answered or expires.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn inquiry_of(c: &Ctx, exec: i64) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (s, v) = c
            .get(&format!("/api/v1/executions/{exec}/inquiries"), &c.admin)
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let list = v["data"]
            .as_array()
            .or_else(|| v["items"].as_array())
            .cloned()
            .unwrap_or_default();
        if let Some(i) = list.first() {
            return i.clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no inquiry for {exec}: {}",
            c.execution(exec).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn inquiry_result_pauses_until_the_response() {
    let c = common::start().await;
    c.create_pack(&c.admin, "oi1").await;
    let a = c
        .action_with(
            "oi1",
            "asker",
            json!({"entrypoint": r#"echo '{"__inquiry": {"prompt": "Deploy?", "response_schema": {"ok": {"type": "boolean", "required": true}}}}'"#,
                   "runtime_ref": "core.shell", "output_format": "json"}),
        )
        .await;
    let id = c.execute(json!({"action_ref": a})).await;
    let inq = inquiry_of(&c, id).await;
    assert_eq!(inq["prompt"], "Deploy?");
    assert_eq!(inq["status"], "pending");
    assert_eq!(
        c.execution(id).await["status"],
        "running",
        "paused while pending"
    );
    let iid = inq["id"].as_i64().unwrap();
    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{iid}/respond"),
            &c.admin,
            json!({"response": {"ok": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["response"], json!({"ok": true}));
    assert_eq!(e["result"]["inquiry"], iid);
}

#[tokio::test]
async fn core_ask_times_out_into_a_failed_execution() {
    let c = common::start().await;
    let id = c
        .execute(
            json!({"action_ref": "core.ask", "parameters": {"prompt": "Quick?", "timeout": 1}}),
        )
        .await;
    let inq = inquiry_of(&c, id).await;
    assert_eq!(inq["prompt"], "Quick?");
    assert!(inq["timeout_at"].is_string());
    let e = c.wait_terminal(id, 15).await;
    assert_eq!(e["status"], "failed", "{e}");
    assert!(e["result"]["error"].as_str().unwrap().contains("timed out"));
}

#[tokio::test]
async fn core_pack_has_all_triggers_and_core_ask() {
    let c = common::start().await;
    for t in [
        "core.intervaltimer",
        "core.crontimer",
        "core.datetimetimer",
        "core.rruletimer",
        "core.alert",
        "core.queue_started",
        "core.queue_empty",
    ] {
        let (s, _) = c.get(&format!("/api/v1/triggers/{t}"), &c.admin).await;
        assert_eq!(s, StatusCode::OK, "{t}");
    }
    for a in [
        "core.echo",
        "core.noop",
        "core.sleep",
        "core.http_request",
        "core.ask",
    ] {
        let (s, _) = c.get(&format!("/api/v1/actions/{a}"), &c.admin).await;
        assert_eq!(s, StatusCode::OK, "{a}");
    }
}
