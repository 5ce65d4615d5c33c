//! Measures the waiters: detection latency (state change -> waiter returns) and requests per wait.
//!
//! `cargo run --release -p attune-testkit --example waiter_latency`
//!
//! 1. Synthetic: a flag flips after a random delay in [0, 1.5 s); the generic `wait_until` polls it.
//! 2. The target (the embedded emulator, or the live server of `ATTUNE_API_URL`), push (the waiters' default): a shell action sleeps a time in [0.1, 0.9 s); the wait listens
//!    to the notifier (`attune_testkit::push::wait_on_notifications`, the body of `wait_for_execution_status`)
//!    for `completed`. Latency = when the waiter returned − the execution's terminal `updated` timestamp
//!    (same clock: the emulator runs in this process). Requests = probe runs (one GET each).
//! 3. Emulator, polling (what the waiters do without a notifier), for comparison.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use attune_client::models::ExecutionStatus;
use attune_testkit::push::wait_on_notifications;
use attune_testkit::wait::{wait_with_stats, Probe, WaitOptions};
use attune_testkit::{Scope, TestEnv};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn report(name: &str, mut lat_ms: Vec<f64>, polls: Vec<u32>) {
    lat_ms.sort_by(|a, b| a.total_cmp(b));
    let mean_polls = polls.iter().map(|&p| f64::from(p)).sum::<f64>() / polls.len().max(1) as f64;
    println!(
        "{name}: n={} detection latency p50={:.1} ms p90={:.1} ms p99={:.1} ms max={:.1} ms; requests per wait mean={:.2} max={}",
        lat_ms.len(),
        percentile(&lat_ms, 0.5),
        percentile(&lat_ms, 0.9),
        percentile(&lat_ms, 0.99),
        lat_ms.last().copied().unwrap_or(f64::NAN),
        mean_polls,
        polls.iter().max().copied().unwrap_or(0)
    );
}

#[tokio::main]
async fn main() -> attune_testkit::Result<()> {
    // 1. synthetic
    let (mut lat, mut polls) = (Vec::new(), Vec::new());
    for i in 0..40u64 {
        let flag = Arc::new(AtomicBool::new(false));
        let delay = Duration::from_millis((i * 37) % 1500);
        let f = flag.clone();
        let flipped_at = Arc::new(std::sync::Mutex::new(None::<Instant>));
        let fa = flipped_at.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Ok(mut g) = fa.lock() {
                *g = Some(Instant::now());
            }
            f.store(true, Ordering::SeqCst);
        });
        let (_, n) = wait_with_stats("flag", WaitOptions::timeout(Duration::from_secs(5)), || {
            let f = flag.clone();
            async move {
                if f.load(Ordering::SeqCst) {
                    Probe::Ready(())
                } else {
                    Probe::Pending("not yet".into())
                }
            }
        })
        .await?;
        let returned = Instant::now();
        let at = flipped_at.lock().ok().and_then(|g| *g).unwrap_or(returned);
        lat.push(returned.duration_since(at).as_secs_f64() * 1000.0);
        polls.push(n);
    }
    report("synthetic flag", lat, polls);

    // 2./3. emulator
    let env = TestEnv::get().await?;
    let scope = Scope::admin(&env).await?;
    let samples: u64 = std::env::var("SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    for push in [true, false] {
        let (mut lat, mut polls) = (Vec::new(), Vec::new());
        let n = if push { samples } else { samples.min(20) };
        for i in 0..n {
            let secs = 0.1 + ((i * 13) % 9) as f64 / 10.0;
            let action = scope.sleep_action(secs).await?;
            let exec = scope.execute(&action.r#ref, serde_json::json!({})).await?;
            let count = Arc::new(AtomicU32::new(0));
            let client = scope.client().clone();
            let c = count.clone();
            let id = exec.id;
            let probe = || {
                let client = client.clone();
                let c = c.clone();
                async move {
                    c.fetch_add(1, Ordering::SeqCst);
                    match client.executions().get(id).await {
                        Ok(e) if e.status == ExecutionStatus::Completed => Probe::Ready(e),
                        Ok(e) => Probe::Pending(e.status.to_string()),
                        Err(err) => Probe::Fail(err.to_string()),
                    }
                }
            };
            let options = WaitOptions::timeout(Duration::from_secs(30));
            let what = format!("execution {id} completed");
            let done = if push {
                wait_on_notifications(
                    scope.client(),
                    what,
                    options,
                    |n| {
                        n.is_about("execution", id)
                            && n.execution()
                                .and_then(|c| c.status)
                                .is_none_or(|s| s.is_terminal())
                    },
                    probe,
                )
                .await?
            } else {
                wait_with_stats(what, options, probe).await?
            };
            let returned = chrono::Utc::now();
            lat.push((returned - done.0.updated).num_microseconds().unwrap_or(0) as f64 / 1000.0);
            polls.push(count.load(Ordering::SeqCst));
        }
        let target = if std::env::var("ATTUNE_API_URL").is_ok() {
            "live"
        } else {
            "emulator"
        };
        report(
            &format!(
                "{target} execution, {}",
                if push { "push (notifier)" } else { "polling" }
            ),
            lat,
            polls,
        );
    }
    Ok(())
}
