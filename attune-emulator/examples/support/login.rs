//! Shared by the benchmarks: the seeded admin's access token.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use attune_emulator::Emulator;
use serde_json::{json, Value};

/// Logs the emulator's seeded admin in and returns its access token.
pub async fn admin_token(http: &reqwest::Client, emu: &Emulator) -> String {
    let login: Value = http
        .post(format!("{}/auth/login", emu.base_url()))
        .json(&json!({"login": emu.admin_login(), "password": emu.admin_password()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    login["data"]["access_token"].as_str().unwrap().to_string()
}
