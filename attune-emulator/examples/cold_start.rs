//! Measures the emulator's cold start: `Emulator::start` until the port is bound,
//! and until the first `/health` answer.
//!
//! `cargo run --release -p attune-emulator --example cold_start`

use std::io::{Read, Write};
use std::time::Instant;

use attune_emulator::{Emulator, EmulatorConfig};

fn main() -> std::io::Result<()> {
    let mut starts = Vec::new();
    let mut firsts = Vec::new();
    for _ in 0..20 {
        let t0 = Instant::now();
        let emu = Emulator::start(EmulatorConfig::default())?;
        let started = t0.elapsed();
        let mut s = std::net::TcpStream::connect(emu.addr())?;
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
        let mut buf = String::new();
        s.read_to_string(&mut buf)?;
        let first = t0.elapsed();
        assert!(buf.starts_with("HTTP/1.1 200"));
        starts.push(started.as_secs_f64() * 1000.0);
        firsts.push(first.as_secs_f64() * 1000.0);
        drop(emu);
    }
    starts.sort_by(f64::total_cmp);
    firsts.sort_by(f64::total_cmp);
    println!(
        "Emulator::start: median {:.2} ms, max {:.2} ms; first /health answered: median {:.2} ms, max {:.2} ms (20 runs)",
        starts[10], starts[19], firsts[10], firsts[19]
    );
    Ok(())
}
