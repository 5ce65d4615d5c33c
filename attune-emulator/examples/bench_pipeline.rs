//! Pipeline benchmark: webhook → event → enforcement → execution `completed`
//! for a trivial inline shell action (`true`).
//!
//! Prints latency p50/p99 (request sent → completion written) at 1 and 32
//! concurrent callers, and throughput (executions completed per second) for a
//! burst of webhook posts.
//!
//! `cargo run --release -p attune-emulator --example bench_pipeline [iterations] [burst]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use attune_emulator::state::executions::ExecutionStatus;
use attune_emulator::EmulatorConfig;
use chrono::Utc;
use serde_json::{json, Value};

#[path = "support/webhook_bench.rs"]
mod webhook_bench;
use webhook_bench::{setup, Bench};

/// Fires one webhook and returns the latency until the execution was written `completed`.
async fn one(b: &Bench) -> Duration {
    let t0 = Utc::now();
    let r: Value = b
        .http
        .post(&b.hook)
        .json(&json!({"payload": {"x": 1}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let event = r["data"]["event_id"].as_i64().unwrap();
    loop {
        let done = {
            let store = b.emu.state().store.lock();
            let enf = store
                .enforcements
                .newest_first()
                .find(|e| e.event == Some(event))
                .map(|e| e.id);
            enf.and_then(|enf| {
                store
                    .executions
                    .newest_first()
                    .find(|x| x.enforcement == Some(enf))
                    .filter(|x| x.status.is_terminal())
                    .map(|x| (x.status, x.updated))
            })
        };
        if let Some((status, updated)) = done {
            assert_eq!(status, ExecutionStatus::Completed);
            return (updated - t0).to_std().unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

async fn latency(b: &Arc<Bench>, callers: usize, per_caller: usize) -> (f64, f64, usize) {
    let mut handles = Vec::new();
    for _ in 0..callers {
        let b = b.clone();
        handles.push(tokio::spawn(async move {
            let mut v = Vec::new();
            for _ in 0..per_caller {
                v.push(one(&b).await);
            }
            v
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let n = all.len();
    (pct(&mut all, 0.5), pct(&mut all, 0.99), n)
}

async fn throughput(b: &Bench, burst: usize) -> f64 {
    let before = b.emu.state().store.lock().executions.len();
    let t0 = Instant::now();
    let sem = Arc::new(tokio::sync::Semaphore::new(64));
    let mut hs = Vec::new();
    for i in 0..burst {
        let (http, url, sem) = (b.http.clone(), b.hook.clone(), sem.clone());
        hs.push(tokio::spawn(async move {
            let _p = sem.acquire().await.unwrap();
            http.post(url)
                .json(&json!({"payload": {"i": i}}))
                .send()
                .await
                .unwrap();
        }));
    }
    for h in hs {
        h.await.unwrap();
    }
    loop {
        let done = {
            let store = b.emu.state().store.lock();
            store
                .executions
                .iter()
                .skip(before)
                .filter(|e| e.status == ExecutionStatus::Completed)
                .count()
        };
        if done >= burst {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    burst as f64 / t0.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let iterations = args.first().copied().unwrap_or(200);
    let burst = args.get(1).copied().unwrap_or(2000);
    let b = Arc::new(setup(EmulatorConfig::default()).await);
    // warm-up
    latency(&b, 4, 10).await;
    let (p50, p99, n) = latency(&b, 1, iterations).await;
    println!("webhook -> completed, 1 caller:   p50 {p50:7.2} ms  p99 {p99:7.2} ms  (n={n})");
    let (p50, p99, n) = latency(&b, 32, (iterations / 8).max(5)).await;
    println!("webhook -> completed, 32 callers: p50 {p50:7.2} ms  p99 {p99:7.2} ms  (n={n})");
    let tps = throughput(&b, burst).await;
    println!(
        "throughput: {tps:.0} executions/s ({burst} webhooks, 64 in flight, pool {}, {} cpus)",
        EmulatorConfig::default().worker_pool_size,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}
