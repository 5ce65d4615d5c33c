//! Engine: nothing is lost under load (1000 concurrent webhook posts).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use attune_emulator::state::enforcements::EnforcementStatus;
use attune_emulator::state::executions::ExecutionStatus;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_webhooks_make_exactly_a_thousand_executions() {
    const N: usize = 1000;
    let c = common::start().await;
    c.create_pack(&c.admin, "load").await;
    let action = c.shell_action("load", "t", "true").await;
    let (trigger, key) = c.webhook_trigger("load", "hook").await;
    c.rule("load", "r", &trigger, &action, json!({})).await;

    let url = c.url(&format!("/api/v1/webhooks/{key}"));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(200));
    let mut handles = Vec::new();
    for i in 0..N {
        let (http, url, sem) = (http.clone(), url.clone(), sem.clone());
        handles.push(tokio::spawn(async move {
            let _p = sem.acquire().await.unwrap();
            let r = http
                .post(url)
                .json(&json!({"payload": {"seq": i}}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            v["data"]["event_id"].as_i64().unwrap()
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for h in handles {
        ids.insert(h.await.unwrap());
    }
    assert_eq!(ids.len(), N, "distinct event ids");

    let deadline = Instant::now() + Duration::from_secs(100);
    loop {
        let done = {
            let store = c.emu.state().store.lock();
            store
                .executions
                .iter()
                .filter(|e| e.status == ExecutionStatus::Completed)
                .count()
        };
        if done >= N {
            break;
        }
        assert!(Instant::now() < deadline, "only {done} of {N} completed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let store = c.emu.state().store.lock();
    let events = store
        .events
        .iter()
        .filter(|e| e.trigger_ref == trigger)
        .count();
    assert_eq!(events, N);
    assert_eq!(store.enforcements.len(), N);
    assert!(store
        .enforcements
        .iter()
        .all(|e| e.status == EnforcementStatus::Processed));
    assert_eq!(store.executions.len(), N);
    assert!(
        store
            .executions
            .iter()
            .all(|e| e.status == ExecutionStatus::Completed
                && e.rule_ref.as_deref() == Some("load.r"))
    );
}
