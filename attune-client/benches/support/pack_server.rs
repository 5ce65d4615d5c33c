//! The local HTTP server of the SDK overhead figures (`benches/overhead.rs`, `examples/overhead_count.rs`):
//! a keep-alive HTTP/1.1 server answering every request with one small pack.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The body every request gets: a pack in the API envelope.
pub const BODY: &str = r#"{"data":{"id":7,"ref":"e2e","label":"E2E pack","description":"test","version":"1.0.0","conf_schema":{},"config":{},"meta":{},"tags":[],"runtime_deps":[],"dependencies":[],"is_standard":false,"worker_selector":{},"worker_tolerations":[],"worker_affinity":{},"created":"2026-06-10T12:00:00.000000Z","updated":"2026-06-10T12:00:00.000000Z"},"message":"ok"}"#;

/// A tiny keep-alive HTTP/1.1 server answering every request with `BODY`.
pub async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut pending = Vec::new();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
                    BODY.len(),
                    BODY
                );
                loop {
                    let n = match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(pos) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..pos + 4);
                        if sock.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}
