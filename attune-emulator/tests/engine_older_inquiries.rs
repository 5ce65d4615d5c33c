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
async fn a_script_printing_inquiry_is_not_paused() {
    // A June 2026 worker keeps a script's output under `result.stdout` / `result.data`, where the
    // executor never looks for `__inquiry`: the run completes and no inquiry is created.
    let c = common::start().await;
    c.create_pack(&c.admin, "oi1").await;
    let a = c
        .action_with(
            "oi1",
            "asker",
            json!({"entrypoint": r#"echo '{"__inquiry": {"prompt": "Deploy?"}}'"#,
                   "runtime_ref": "core.shell", "output_format": "json"}),
        )
        .await;
    let id = c.execute(json!({"action_ref": a})).await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert!(e["result"].get("__inquiry").is_none(), "{e}");
    let (s, v) = c
        .get(&format!("/api/v1/executions/{id}/inquiries"), &c.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let n = v["data"]
        .as_array()
        .or_else(|| v["items"].as_array())
        .map_or(0, Vec::len);
    assert_eq!(n, 0, "{v}");
}

#[tokio::test]
async fn core_ask_pends_with_its_inquiry_id_and_completes_with_the_response() {
    let c = common::start().await;
    let id = c
        .execute(json!({"action_ref": "core.ask", "parameters": {"prompt": "Go?"}}))
        .await;
    let inq = inquiry_of(&c, id).await;
    assert!(
        inq["timeout_at"].is_null(),
        "no task timeout, no deadline: {inq}"
    );
    let iid = inq["id"].as_i64().unwrap();
    let paused = c.execution(id).await;
    assert_eq!(paused["status"], "running");
    assert_eq!(
        paused["result"],
        json!({"inquiry_id": iid, "status": "pending"})
    );
    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{iid}/respond"),
            &c.admin,
            json!({"response": {"go": "yes"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["response"], json!({"go": "yes"}));
    assert_eq!(e["result"]["__inquiry_id"], iid);
}

#[tokio::test]
async fn core_ask_task_timeout_is_the_deadline_and_takes_timed_out() {
    let c = common::start().await;
    c.create_pack(&c.admin, "oi3").await;
    let r = "oi3.approval";
    let def = json!({"ref": r, "version": "1.0.0", "tasks": [
        {"name": "ask", "action": "core.ask", "timeout": 1, "input": {"prompt": "Ship?"},
         "next": [{"when": "{{ succeeded() }}", "do": ["yes"]},
                  {"when": "{{ timed_out() }}", "publish": [{"outcome": "timeout"}], "do": ["late"]}]},
        {"name": "yes", "action": "core.echo", "input": {"message": "yes"}},
        {"name": "late", "action": "core.echo", "input": {"message": "late"}}
    ], "output_map": {"outcome": "{{ workflow.outcome }}"}});
    let (s, v) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            json!({"ref": r, "pack_ref": "oi3", "label": "approval", "version": "1.0.0", "definition": def}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let wf = c.execute(json!({"action_ref": r})).await;
    let done = c.wait_terminal(wf, 20).await;
    assert_eq!(done["status"], "completed", "{done}");
    let kids = c
        .items(&format!("/api/v1/executions?parent={wf}&per_page=100"))
        .await;
    let task = |name: &str| -> Vec<Value> {
        kids.iter()
            .filter(|k| k["workflow_task"]["task_name"] == name)
            .cloned()
            .collect()
    };
    let ask = task("ask");
    assert_eq!(ask.len(), 1, "{kids:?}");
    let ask = c.execution(ask[0]["id"].as_i64().unwrap()).await;
    assert_eq!(ask["status"], "timeout", "{ask}");
    assert_eq!(ask["result"]["error"], "inquiry timed out");
    assert_eq!(ask["workflow_task"]["timed_out"], true, "{ask}");
    assert_eq!(
        task("late").len(),
        1,
        "the timed_out() transition ran: {kids:?}"
    );
    assert!(task("yes").is_empty(), "succeeded() did not: {kids:?}");
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
