//! Load-independent SDK overhead figure: run `N` GETs of a small pack through the SDK or
//! through raw reqwest (decoding the same typed `Pack`) against an in-process HTTP server on a
//! single-threaded runtime, so that `valgrind --tool=callgrind` instruction counts compare the
//! two per request whatever else the machine is doing:
//!
//! ```text
//! cargo build --release -p attune-client --example overhead_count
//! for m in sdk raw; do for n in 200 1200; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/overhead_count $m $n 2>&1 | grep refs
//! done; done
//! ```
//!
//! (instructions per request = (Ir(1200) - Ir(200)) / 1000, server side included in both).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use attune_client::{AttuneClient, RetryPolicy};

#[path = "../benches/support/pack_server.rs"]
mod pack_server;
use pack_server::serve;

#[derive(serde::Deserialize)]
struct Envelope {
    data: attune_client::models::Pack,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "sdk".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let base = serve().await;
        let url = format!("{base}/api/v1/packs/e2e");
        let sdk = AttuneClient::builder()
            .base_url(&base)
            .token("bench-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        // The same wire request as the SDK's (it sends its User-Agent).
        let raw = reqwest::Client::builder()
            .user_agent(format!("attune-client-rs/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap();
        for _ in 0..n {
            if mode == "sdk" {
                std::hint::black_box(sdk.packs().get("e2e").await.unwrap());
            } else {
                let body = raw
                    .get(&url)
                    .header("authorization", "Bearer bench-token")
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                let v: Envelope = serde_json::from_slice(&body).unwrap();
                std::hint::black_box(v.data);
            }
        }
    });
}
