//! Timer precision bench: fire lateness vs schedule for interval and cron
//! timers of [`attune_emulator::engine::timers`].
//!
//! `cargo run --release -p attune-emulator --example timer_precision [interval_fires] [cron_fires]`

use std::sync::{Arc, Mutex};
use std::time::Duration;

use attune_emulator::engine::timers::{TimerFire, TimerManager, TimerSink, TimerSpec};
use chrono::DateTime;

fn stats(name: &str, mut v: Vec<f64>) {
    if v.is_empty() {
        println!("{name}: no samples");
        return;
    }
    v.sort_by(f64::total_cmp);
    let pick = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: n={} p50={:.3} ms p99={:.3} ms max={:.3} ms",
        v.len(),
        pick(0.5),
        pick(0.99),
        v[v.len() - 1]
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let interval_fires: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let cron_fires: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);

    let mgr = TimerManager::new();
    let every = Duration::from_millis(100);
    // Interval: 100 ms; lateness = arrival (monotonic) - (t0 + k * 100 ms).
    let mono: Arc<Mutex<Vec<std::time::Instant>>> = Arc::default();
    let mono_sink = mono.clone();
    let sink2: TimerSink = Arc::new(move |_f| {
        let now = std::time::Instant::now();
        if let Ok(mut g) = mono_sink.lock() {
            g.push(now);
        }
    });
    let t0 = std::time::Instant::now();
    if mgr
        .start(2, "bench.interval2".into(), TimerSpec::every(every), sink2)
        .is_err()
    {
        return;
    }
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if mono.lock().map(|g| g.len()).unwrap_or(0) >= interval_fires {
            break;
        }
    }
    mgr.stop(2);
    let mut lateness = Vec::new();
    if let Ok(g) = mono.lock() {
        for (i, at) in g.iter().take(interval_fires).enumerate() {
            let expected = t0 + every * (i as u32 + 1);
            lateness.push(at.saturating_duration_since(expected).as_secs_f64() * 1000.0);
        }
    }
    stats(
        "interval 100ms lateness (monotonic, vs t0 + k*100ms)",
        lateness,
    );

    // Cron: every second, lateness = fired_at - scheduled_at (wall clock).
    let cron_fires_v: Arc<Mutex<Vec<TimerFire>>> = Arc::default();
    let cs = cron_fires_v.clone();
    let csink: TimerSink = Arc::new(move |f| {
        if let Ok(mut g) = cs.lock() {
            g.push(f);
        }
    });
    let spec = match TimerSpec::cron("* * * * * *") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    if mgr.start(3, "bench.cron".into(), spec, csink).is_err() {
        return;
    }
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if cron_fires_v.lock().map(|g| g.len()).unwrap_or(0) >= cron_fires {
            break;
        }
    }
    mgr.stop_all();
    let mut cl = Vec::new();
    if let Ok(g) = cron_fires_v.lock() {
        for f in g.iter().take(cron_fires) {
            let fired = f.payload["fired_at"]
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
            let sched = f.payload["scheduled_at"]
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
            if let (Some(a), Some(b)) = (fired, sched) {
                cl.push((a - b).num_microseconds().unwrap_or(0) as f64 / 1000.0);
            }
        }
    }
    stats("cron '* * * * * *' lateness (fired_at - scheduled_at)", cl);
}
