//! Pack figures: upload of a 1 MB pack archive (`POST /api/v1/packs/upload`, `force` re-uploads of
//! one pack), and a Python pack's environment — first use (virtualenv + `pip install six==1.16.0`
//! from PyPI) against later uses, in the same emulator and in a second one sharing the cache.
//!
//! `cargo run --release -p attune-emulator --example bench_packs`
//!
//! The environment part needs PyPI; it is skipped (and says so) when pip cannot install.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use attune_emulator::{Emulator, EmulatorConfig};
use rand::RngCore as _;
use serde_json::{json, Value};

#[path = "support/login.rs"]
mod login;

type Files = Vec<(String, Vec<u8>)>;

fn tar_gz(files: &Files) -> Vec<u8> {
    let enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(enc);
    for (p, c) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(c.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, p, c.as_slice()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

fn f(p: &str, c: &str) -> (String, Vec<u8>) {
    (p.to_string(), c.as_bytes().to_vec())
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn new(emu: &Emulator) -> Api {
        let http = reqwest::Client::new();
        let base = emu.base_url().to_string();
        let token = login::admin_token(&http, emu).await;
        Api { http, base, token }
    }

    async fn upload(&self, archive: &[u8], force: bool) -> Value {
        let form = reqwest::multipart::Form::new()
            .part(
                "pack",
                reqwest::multipart::Part::bytes(archive.to_vec()).file_name("pack.tar.gz"),
            )
            .text("force", force.to_string());
        let r = self
            .http
            .post(format!("{}/api/v1/packs/upload", self.base))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "upload failed");
        r.json().await.unwrap()
    }

    async fn run(&self, action: &str) -> Value {
        let v: Value = self
            .http
            .post(format!("{}/api/v1/executions/execute", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"action_ref": action, "parameters": {}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = v["data"]["id"].as_i64().unwrap();
        loop {
            let v: Value = self
                .http
                .get(format!("{}/api/v1/executions/{id}", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let s = v["data"]["status"].as_str().unwrap_or("").to_string();
            if matches!(s.as_str(), "completed" | "failed" | "timeout" | "cancelled") {
                return v["data"].clone();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 1 MB archive: incompressible payload so the archive itself is ~1 MB
    let mut blob = vec![0u8; 1024 * 1024];
    rand::rng().fill_bytes(&mut blob);
    let files: Files = vec![
        f("pack.yaml", "ref: bench\nversion: \"1.0.0\"\n"),
        f(
            "actions/hi.yaml",
            "ref: bench.hi\nrunner_type: shell\nentry_point: hi.sh\n",
        ),
        f("actions/hi.sh", "#!/bin/sh\necho hi\n"),
        ("data/blob.bin".into(), blob),
    ];
    let archive = tar_gz(&files);
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let api = Api::new(&emu).await;
    api.upload(&archive, false).await;
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        api.upload(&archive, true).await;
        times.push(ms(t.elapsed()));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "upload of a {:.2} MB pack archive (force re-upload, 30 runs): min {:.1} ms, median {:.1} ms, max {:.1} ms",
        archive.len() as f64 / 1e6,
        times[0],
        times[15],
        times[29]
    );

    // Python environment: first build vs reuse
    let cache = tempfile::tempdir().unwrap();
    let py: Files = vec![
        f("pack.yaml", "ref: benchpy\nversion: \"1.0.0\"\n"),
        f("requirements.txt", "six==1.16.0\n"),
        f(
            "actions/six.yaml",
            "ref: benchpy.six\nrunner_type: python\nentry_point: six_v.py\n",
        ),
        f(
            "actions/six_v.py",
            "import json, six\nprint(json.dumps({\"six\": six.__version__}))\n",
        ),
    ];
    let py_archive = tar_gz(&py);
    let cfg = EmulatorConfig::default().with_env_cache_dir(cache.path());
    let emu1 = Emulator::start(cfg.clone()).unwrap();
    let api1 = Api::new(&emu1).await;
    api1.upload(&py_archive, false).await;
    let t = Instant::now();
    let first = api1.run("benchpy.six").await;
    let first_ms = ms(t.elapsed());
    if first["status"] != "completed" {
        println!(
            "python env: skipped, the first run failed (PyPI unreachable?): {}",
            first["result"]["error"]
        );
        return;
    }
    let mut reuse = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let e = api1.run("benchpy.six").await;
        assert_eq!(e["status"], "completed");
        reuse.push(ms(t.elapsed()));
    }
    reuse.sort_by(f64::total_cmp);
    let emu2 = Emulator::start(cfg).unwrap();
    let api2 = Api::new(&emu2).await;
    api2.upload(&py_archive, false).await;
    let t = Instant::now();
    let other = api2.run("benchpy.six").await;
    let other_ms = ms(t.elapsed());
    assert_eq!(other["status"], "completed");
    println!(
        "python env (six==1.16.0): first use {first_ms:.0} ms (venv + pip install + run); \
         later uses median {:.1} ms, max {:.1} ms (10 runs); first use in a second emulator sharing the cache {other_ms:.1} ms",
        reuse[5], reuse[9]
    );
}
