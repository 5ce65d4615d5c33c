//! SDK overhead: `client.packs().get(..)` versus a raw reqwest GET of the same small object
//! from the same local HTTP server. Prints the median ratios (target <= 1.02) against raw
//! reqwest decoding into `serde_json::Value` and, the like-for-like figure, into the same typed
//! `Pack` the SDK returns.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use attune_client::{AttuneClient, RetryPolicy};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "support/pack_server.rs"]
mod pack_server;
use pack_server::serve;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = rt.block_on(serve());
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
    let url = format!("{base}/api/v1/packs/e2e");

    let mut group = c.benchmark_group("get_small_object");
    group.bench_function("sdk", |b| {
        b.to_async(&rt)
            .iter(|| async { sdk.packs().get("e2e").await.unwrap() })
    });
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let resp = raw
                .get(&url)
                .header("authorization", "Bearer bench-token")
                .send()
                .await
                .unwrap();
            let v: serde_json::Value = resp.json().await.unwrap();
            v
        })
    });
    group.finish();

    #[derive(serde::Deserialize)]
    struct Envelope {
        data: attune_client::models::Pack,
    }

    // Interleaved samples (the order rotates every round, so none of the three always runs
    // first) for robust median ratios.
    let (sdk_t, raw_t, typed_t) = rt.block_on(async {
        let mut t3: [Vec<Duration>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for round in 0..3000usize {
            for k in 0..3 {
                let which = (round + k) % 3;
                let t = Instant::now();
                match which {
                    0 => {
                        std::hint::black_box(sdk.packs().get("e2e").await.unwrap());
                    }
                    1 => {
                        let v: serde_json::Value = raw
                            .get(&url)
                            .header("authorization", "Bearer bench-token")
                            .send()
                            .await
                            .unwrap()
                            .json()
                            .await
                            .unwrap();
                        std::hint::black_box(v);
                    }
                    _ => {
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
                t3[which].push(t.elapsed());
            }
        }
        let [s, r, ty] = t3;
        (median(s), median(r), median(ty))
    });
    println!(
        "median SDK GET = {:?}, median raw reqwest GET = {:?}, ratio = {:.3}",
        sdk_t,
        raw_t,
        sdk_t.as_secs_f64() / raw_t.as_secs_f64()
    );
    println!(
        "median raw reqwest GET decoding the same typed Pack = {:?}, ratio = {:.3}",
        typed_t,
        sdk_t.as_secs_f64() / typed_t.as_secs_f64()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
