//! Engine: new work from outside waits while the worker pool's backlog is full
//! (`max_backlog`), at most `admission_max_wait`, and is then accepted; nothing is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use attune_emulator::EmulatorConfig;
use serde_json::{json, Value};

/// Pool of one slot, a backlog of one; returns (ctx, held action ref, release file).
async fn setup(wait: Duration) -> (common::Ctx, String, tempfile::TempDir) {
    let c = common::start_with(
        EmulatorConfig::default()
            .with_worker_pool_size(1_usize)
            .with_max_backlog(1_usize)
            .with_admission_max_wait(wait),
    )
    .await;
    c.create_pack(&c.admin, "bp").await;
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("release");
    let held = c
        .shell_action(
            "bp",
            "held",
            &format!("while [ ! -e '{}' ]; do sleep 0.02; done", flag.display()),
        )
        .await;
    (c, held, dir)
}

/// Starts `POST /executions/execute` of `action` in the background.
fn execute_later(c: &common::Ctx, action: &str) -> tokio::task::JoinHandle<i64> {
    let (http, url, token) = (
        c.http.clone(),
        c.url("/api/v1/executions/execute"),
        c.admin.clone(),
    );
    let body = json!({"action_ref": action, "parameters": {}});
    tokio::spawn(async move {
        let r = http
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let v: Value = r.json().await.unwrap();
        v["data"]["id"].as_i64().unwrap()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_beyond_the_backlog_waits_until_the_queue_moves() {
    let (c, held, dir) = setup(Duration::from_secs(60)).await;
    let first = c
        .execute(json!({"action_ref": held, "parameters": {}}))
        .await;
    c.wait_exec(first, 30, |s| s == "running").await;
    // the second fills the backlog (it waits for the one slot)
    let second = c
        .execute(json!({"action_ref": held, "parameters": {}}))
        .await;
    c.wait_exec(second, 30, |s| s == "scheduled").await;

    let third = execute_later(&c, &held);
    // while the slot is held the third request is not stored
    for _ in 0..15 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !third.is_finished(),
            "the third request was accepted while the backlog was full"
        );
        assert_eq!(
            c.emu.state().store.lock().executions.len(),
            2,
            "nothing stored for it yet"
        );
    }
    std::fs::write(dir.path().join("release"), b"").unwrap();
    let third = tokio::time::timeout(Duration::from_secs(30), third)
        .await
        .expect("accepted once the queue moved")
        .unwrap();
    assert_eq!(
        c.execution(first).await["status"],
        "completed",
        "accepted only after the held execution left its slot"
    );
    let done = c.wait_terminal(third, 30).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(c.wait_terminal(second, 30).await["status"], "completed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_request_is_accepted_after_the_longest_wait_even_if_the_queue_is_stuck() {
    let (c, held, dir) = setup(Duration::from_millis(300)).await;
    let first = c
        .execute(json!({"action_ref": held, "parameters": {}}))
        .await;
    c.wait_exec(first, 30, |s| s == "running").await;
    let second = c
        .execute(json!({"action_ref": held, "parameters": {}}))
        .await;
    c.wait_exec(second, 30, |s| s == "scheduled").await;

    let asked = std::time::Instant::now();
    let third = tokio::time::timeout(Duration::from_secs(30), execute_later(&c, &held))
        .await
        .expect("accepted after admission_max_wait")
        .unwrap();
    assert!(
        asked.elapsed() >= Duration::from_millis(300),
        "accepted after {:?}, before admission_max_wait (300 ms): it did not wait",
        asked.elapsed()
    );
    assert_eq!(
        c.execution(first).await["status"],
        "running",
        "accepted while the slot was still held"
    );
    assert_eq!(c.execution(third).await["action_ref"], held);
    std::fs::write(dir.path().join("release"), b"").unwrap();
    for id in [first, second, third] {
        assert_eq!(c.wait_terminal(id, 30).await["status"], "completed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_posts_wait_too_and_every_one_becomes_an_execution() {
    let (c, held, dir) = setup(Duration::from_secs(60)).await;
    let (trigger, key) = c.webhook_trigger("bp", "hook").await;
    c.rule("bp", "r", &trigger, &held, json!({})).await;
    let first = c.fire(&key, json!({"n": 1})).await;
    let second = c.fire(&key, json!({"n": 2})).await;
    // both events made executions: one running, one waiting for the slot
    let execs = c
        .wait_items(
            &format!("/api/v1/executions?trigger_ref={trigger}"),
            30,
            |v| v.len() == 2 && v.iter().any(|e| e["status"] == "scheduled"),
        )
        .await;
    assert_eq!(execs.len(), 2, "{execs:?}");
    assert!(first < second);

    let (http, url) = (c.http.clone(), c.url(&format!("/api/v1/webhooks/{key}")));
    let third = tokio::spawn(async move {
        let r = http
            .post(url)
            .json(&json!({"payload": {"n": 3}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    });
    for _ in 0..15 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !third.is_finished(),
            "the webhook post was accepted while the backlog was full"
        );
        assert_eq!(
            c.emu.state().store.lock().events.len(),
            2,
            "no event stored for it yet"
        );
    }
    std::fs::write(dir.path().join("release"), b"").unwrap();
    tokio::time::timeout(Duration::from_secs(30), third)
        .await
        .expect("accepted once the queue moved")
        .unwrap();
    let execs = c
        .wait_items(
            &format!("/api/v1/executions?trigger_ref={trigger}"),
            30,
            |v| v.len() == 3,
        )
        .await;
    assert_eq!(execs.len(), 3, "one execution per webhook post");
    for e in execs {
        let id = e["id"].as_i64().unwrap();
        assert_eq!(c.wait_terminal(id, 30).await["status"], "completed");
    }
}
