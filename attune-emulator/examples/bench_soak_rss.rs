//! Soak: N webhook automations (webhook → event → enforcement → execution of a
//! trivial shell action `true`), concurrency 32, default retention (10,000).
//! Prints RSS (VmRSS) after 10k and after N completed automations, and their ratio,
//! with the peak number of stored and of unfinished executions seen on the way
//! (a burst that outruns the worker pool queues executions; they are live rows, and the
//! emulator's backpressure holds new webhook posts while more than `max_backlog` wait).
//!
//! `cargo run --release -p attune-emulator --example bench_soak_rss [total] [concurrency]`
//! (concurrency of the webhook callers, default 32: faster than the worker pool runs the actions, so a
//! backlog builds up to `max_backlog`; with fewer callers the pool keeps up and RSS measures what the
//! emulator keeps).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use attune_emulator::EmulatorConfig;
use serde_json::json;

#[path = "support/webhook_bench.rs"]
mod webhook_bench;
use webhook_bench::{setup, Bench};

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Waits until no execution is left unfinished.
async fn settle(b: &Bench) {
    loop {
        let busy = {
            let store = b.emu.state().store.lock();
            let any = store.executions.iter().any(|e| !e.status.is_terminal());
            any
        };
        if !busy {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Samples (stored executions, unfinished executions) every 20 ms; keeps the maxima.
fn watch(b: &Arc<Bench>) -> Arc<parking_lot::Mutex<(usize, usize)>> {
    use attune_emulator::state::executions::ExecutionStatus;
    let peak = Arc::new(parking_lot::Mutex::new((0usize, 0usize)));
    let (b, p) = (b.clone(), peak.clone());
    tokio::spawn(async move {
        loop {
            let now = {
                let s = b.emu.state().store.lock();
                let live = ExecutionStatus::ALL
                    .into_iter()
                    .filter(|st| !st.is_terminal())
                    .map(|st| s.execution_index.status.ids(&st).len())
                    .sum::<usize>();
                (s.executions.len(), live)
            };
            {
                let mut m = p.lock();
                *m = (m.0.max(now.0), m.1.max(now.1));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    peak
}

async fn fire(b: &Arc<Bench>, n: usize, callers: usize) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..callers {
        let b = b.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                let r = b
                    .http
                    .post(&b.hook)
                    .json(&json!({"payload": {"x": 1}}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    settle(b).await;
}

#[tokio::main]
async fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let callers: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    println!("soak: {total} automations, {callers} concurrent webhook callers");
    let b = Arc::new(setup(EmulatorConfig::default().with_runtime_worker_threads(2_usize)).await);
    let t = Instant::now();
    let peak = watch(&b);
    fire(&b, 10_000, callers).await;
    let rss10 = rss_kb();
    println!(
        "after 10000: RSS {} KB ({:.1} s); peak stored/unfinished executions {:?}",
        rss10,
        t.elapsed().as_secs_f64(),
        *peak.lock()
    );
    *peak.lock() = (0, 0);
    fire(&b, total - 10_000, callers).await;
    let rss_n = rss_kb();
    let rows = {
        let s = b.emu.state().store.lock();
        (s.events.len(), s.enforcements.len(), s.executions.len())
    };
    println!(
        "after {total}: RSS {} KB ({:.1} s); kept events/enforcements/executions {rows:?}; \
         peak stored/unfinished executions {:?}; ratio {:.2}",
        rss_n,
        t.elapsed().as_secs_f64(),
        *peak.lock(),
        rss_n as f64 / rss10 as f64
    );
}
