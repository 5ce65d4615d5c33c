//! Figures: decode rate of the SSE parser + typed decoding on one core.
//!
//! `cargo run --release -p attune-client --example sse_decode` prints events/s for 10k small
//! execution notifications fed in 4 KiB chunks (target: >= 50k events/s).

use std::collections::VecDeque;
use std::time::Instant;

use attune_client::api::streams::ExecutionNotification;
use attune_client::sse::SseParser;

fn main() -> attune_client::Result<()> {
    const N: usize = 10_000;
    let mut body = String::new();
    for i in 0..N {
        body.push_str(&format!(
            "id: {i}\nevent: execution\ndata: {{\"entity_type\":\"execution\",\"entity_id\":{i},\"notification_type\":\"execution_status_changed\",\"payload\":{{\"status\":\"running\"}}}}\n\n"
        ));
        if i % 100 == 0 {
            body.push_str(": keep-alive\n\n");
        }
    }
    let bytes = body.as_bytes();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut parser = SseParser::new(1 << 20);
        let mut out = VecDeque::new();
        let mut decoded = 0usize;
        for chunk in bytes.chunks(4096) {
            parser.push(chunk, &mut out)?;
            while let Some(ev) = out.pop_front() {
                let n: ExecutionNotification = ev.json()?;
                decoded += usize::from(n.entity_id.is_some());
            }
        }
        assert_eq!(decoded, N);
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "sse_decode: {N} events ({} bytes) in {:.2} ms => {:.0} events/s (best of 5, one core)",
        bytes.len(),
        best * 1e3,
        N as f64 / best
    );
    Ok(())
}
