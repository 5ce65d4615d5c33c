//! One `tracing` subscriber for the whole test process.
//!
//! [`init_tracing`] installs a `tracing-subscriber` fmt layer that writes through the test harness's captured
//! output (so a failing test shows the requests it made, and a passing one stays quiet) and reads its filter from
//! `RUST_LOG`. Without `RUST_LOG` the default shows the SDK's request spans at `debug`, the test kit's own
//! steps at `info` and warnings from everything else. Calling it again is a no-op.

use std::sync::Once;

static INIT: Once = Once::new();

/// The filter used when `RUST_LOG` is unset.
pub const DEFAULT_FILTER: &str = "warn,attune_client=debug,attune_testkit=info";

/// Installs the test subscriber once per process.
pub fn init_tracing() {
    INIT.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_FILTER));
        // `try_init` fails if another subscriber is already global (for example the user's own); that is fine.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .with_target(true)
            .compact()
            .try_init();
    });
}
