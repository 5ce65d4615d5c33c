//! List-page benchmark: one 100-item page of executions with N executions stored.
//!
//! Inserts N executions straight into the store (half of them `completed`,
//! over 10 actions), then times `GET /api/v1/executions?per_page=100`, a
//! filtered page (`status` + `action_ref`) and `GET /api/v1/executions/status/{s}`.
//! Prints p50/p99 in ms per request (HTTP round trip on loopback included).
//!
//! `cargo run --release -p attune-emulator --example bench_list_page [rows] [requests]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use attune_emulator::state::executions::{self, ExecutionStatus, NewExecution};
use attune_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};

#[path = "support/login.rs"]
mod login;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let reqs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(50);
    let emu = Emulator::start_without_engine(EmulatorConfig::default().with_retention(usize::MAX))
        .unwrap();
    {
        let mut store = emu.state().store.lock();
        for i in 0..rows {
            let id = executions::create(
                &mut store,
                NewExecution {
                    action_ref: format!("bench.a{}", i % 10),
                    config: json!({"i": i}),
                    ..NewExecution::default()
                },
            );
            if i % 2 == 0 {
                executions::update_status(
                    &mut store,
                    id,
                    ExecutionStatus::Completed,
                    Some(json!({"ok": true})),
                )
                .unwrap();
            }
        }
    }
    let http = reqwest::Client::new();
    let base = emu.base_url().to_string();
    let tok = login::admin_token(&http, &emu).await;
    for path in [
        "/api/v1/executions?per_page=100",
        "/api/v1/executions?per_page=100&page=200&include_total=true",
        "/api/v1/executions?per_page=100&status=completed&action_ref=bench.a4",
        "/api/v1/executions/status/requested?page_size=100",
    ] {
        let mut ms = Vec::with_capacity(reqs);
        let mut n = 0;
        for _ in 0..reqs {
            let t = Instant::now();
            let v: Value = http
                .get(format!("{base}{path}"))
                .bearer_auth(&tok)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            n = v["items"].as_array().map_or(0, Vec::len);
        }
        println!(
            "rows={rows} GET {path}: items={n} p50={:.2} ms p99={:.2} ms",
            pct(&mut ms, 0.5),
            pct(&mut ms, 0.99)
        );
    }
}
