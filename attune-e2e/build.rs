//! Marks the tests the target cannot support as ignored ("not applicable").
//!
//! With `ATTUNE_API_URL` unset the suite runs on the embedded emulator, which serves the newest
//! contract: nothing is marked. With a live target, this script asks it once which API generation
//! it speaks ([`attune_client::AttuneClient::server_profile`]) and sets
//! `--cfg attune_lacks="<feature>"` for every feature it lacks. Tests that need one carry
//! `#[cfg_attr(attune_lacks = "<feature>", ignore = "not applicable: ...")]`, so `cargo test`
//! reports them as ignored, never as passed; `TestEnv::require` checks again at run time.

use std::time::Duration;

use attune_client::{AttuneClient, Feature, RetryPolicy};

fn main() {
    let names: Vec<String> = Feature::ALL
        .iter()
        .map(|f| format!("\"{}\"", f.name()))
        .collect();
    println!(
        "cargo::rustc-check-cfg=cfg(attune_lacks, values({}))",
        names.join(", ")
    );
    for var in [
        "ATTUNE_API_URL",
        "ATTUNE_LOGIN",
        "ATTUNE_PASSWORD",
        "ATTUNE_API_TOKEN",
        "ATTUNE_E2E_REPROBE",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rerun-if-changed=build.rs");

    let url = match std::env::var("ATTUNE_API_URL") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => return,
    };
    match probe(&url) {
        Ok(lacking) => {
            for feature in &lacking {
                println!("cargo::rustc-cfg=attune_lacks=\"{}\"", feature.name());
            }
            if !lacking.is_empty() {
                let list: Vec<&str> = lacking.iter().map(|f| f.name()).collect();
                println!(
                    "cargo::warning=target {url} lacks {}: the tests that need them are reported as ignored (not applicable)",
                    list.join(", ")
                );
            }
        }
        Err(e) => println!(
            "cargo::warning=could not ask {url} for its API generation ({e}); every test is compiled as applicable"
        ),
    }
}

fn probe(url: &str) -> Result<Vec<Feature>, String> {
    let mut builder = AttuneClient::builder()
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .connect_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(20));
    builder = match std::env::var("ATTUNE_API_TOKEN") {
        Ok(token) if !token.trim().is_empty() => builder.token(token.trim()),
        _ => builder.credentials(
            std::env::var("ATTUNE_LOGIN").unwrap_or_else(|_| "test@attune.local".into()),
            std::env::var("ATTUNE_PASSWORD").unwrap_or_else(|_| "TestPass123!".into()),
        ),
    };
    let client = builder.build().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let profile = runtime
        .block_on(client.server_profile())
        .map_err(|e| e.to_string())?;
    println!(
        "cargo::warning=target {url} speaks the {:?} API generation (detected by {:?})",
        profile.generation, profile.detected_by
    );
    Ok(profile.lacking())
}
