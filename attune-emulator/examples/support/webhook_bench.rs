//! Shared by the webhook benchmarks: an emulator with one webhook → trivial shell action automation.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use attune_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};

#[path = "login.rs"]
mod login;

/// The emulator and the automation the benchmarks drive.
pub struct Bench {
    /// The emulator under test.
    pub emu: Emulator,
    /// A plain HTTP client.
    pub http: reqwest::Client,
    /// The webhook receiver URL of the automation.
    pub hook: String,
}

/// Starts an emulator with `config` and one webhook → `true` shell action automation.
pub async fn setup(config: EmulatorConfig) -> Bench {
    let emu = Emulator::start(config).unwrap();
    let http = reqwest::Client::new();
    let base = emu.base_url().to_string();
    let tok = login::admin_token(&http, &emu).await;
    let post = |path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .bearer_auth(&tok)
            .json(&body)
            .send()
    };
    post(
        "/api/v1/packs",
        json!({"ref": "bench", "label": "bench", "version": "1.0.0"}),
    )
    .await
    .unwrap();
    post(
        "/api/v1/actions",
        json!({"ref": "bench.true", "pack_ref": "bench", "label": "t", "entrypoint": "true", "runtime_ref": "core.shell"}),
    )
    .await
    .unwrap();
    post(
        "/api/v1/triggers",
        json!({"ref": "bench.hook", "pack_ref": "bench", "label": "h"}),
    )
    .await
    .unwrap();
    let t: Value = post("/api/v1/triggers/bench.hook/webhooks/enable", json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let t = if t.get("data").is_some() {
        &t["data"]
    } else {
        &t
    };
    let key = t["webhook_key"].as_str().unwrap().to_string();
    post(
        "/api/v1/rules",
        json!({"ref": "bench.r", "pack_ref": "bench", "label": "r", "trigger_ref": "bench.hook", "action_ref": "bench.true"}),
    )
    .await
    .unwrap();
    Bench {
        hook: format!("{base}/api/v1/webhooks/{key}"),
        emu,
        http,
    }
}
