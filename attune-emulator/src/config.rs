//! Emulator configuration.

use std::time::Duration;

/// Configuration of an [`Emulator`](crate::Emulator) instance.
///
/// Every field has a sensible default (see [`EmulatorConfig::default`]); the
/// builder-style setters (`with_*`) return a modified copy.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Interface to bind (default `127.0.0.1`).
    pub host: String,
    /// Port to bind; `0` picks any free port (default `0`).
    pub port: u16,
    /// Login of the seeded administrator (default `test@attune.local`).
    pub admin_login: String,
    /// Password of the seeded administrator (default `TestPass123!`).
    pub admin_password: String,
    /// Display name of the seeded administrator.
    pub admin_display_name: String,
    /// HS256 secret used to sign JWTs.
    pub jwt_secret: String,
    /// Secret from which the AES-256-GCM key for encrypted keys is derived (SHA-256).
    pub encryption_key: String,
    /// Whether `POST /auth/register` is open (default `true`).
    pub allow_self_registration: bool,
    /// Request body limit in bytes (default 2 MiB); larger bodies get 413.
    pub max_body_bytes: usize,
    /// Lifetime of access tokens (default 1 h).
    pub access_token_ttl: Duration,
    /// Lifetime of refresh tokens (default 7 d).
    pub refresh_token_ttl: Duration,
    /// Lifetime of sensor tokens (default 24 h).
    pub sensor_token_ttl: Duration,
    /// Timeout used for executions when neither the request nor the action sets one (default 300 s).
    pub default_execution_timeout_seconds: i64,
    /// Number of concurrently running executions in the worker pool (used by the engine).
    pub worker_pool_size: usize,
    /// Cap on captured stdout bytes per execution (used by the engine).
    pub max_stdout_bytes: usize,
    /// Cap on captured stderr bytes per execution (used by the engine).
    pub max_stderr_bytes: usize,
    /// Grace period between SIGTERM and SIGKILL on timeout/cancel (used by the engine).
    pub kill_grace_period: Duration,
    /// Number of Tokio worker threads of the emulator runtime (default 2).
    pub runtime_worker_threads: usize,
    /// Version string reported by `/health/detailed`.
    pub version: String,
    /// Interpreter programs used by the worker (`/bin/bash`, `python3`, `node`).
    pub interpreters: crate::engine::runner::Interpreters,
    /// Terminal executions kept; older ones are pruned (default 10,000; `usize::MAX` = keep all).
    pub retain_terminal_executions: usize,
    /// Events kept; older ones are pruned (default 10,000).
    pub retain_events: usize,
    /// Processed/disabled enforcements kept; older ones are pruned (default 10,000).
    pub retain_enforcements: usize,
    /// How often the retention pass runs (default 1 s).
    pub retention_interval: Duration,
    /// Executions waiting for a worker slot beyond which new work from outside (webhook posts,
    /// `POST /api/v1/events`, `POST /api/v1/executions/execute`) waits for room before it is
    /// accepted, at most [`admission_max_wait`](Self::admission_max_wait) (default 1,024;
    /// 0 = never wait). This bounds the memory a burst can take.
    pub max_backlog: usize,
    /// Longest an outside request waits for room in the backlog before it is accepted anyway
    /// (default 5 s), so an action that itself posts to the emulator can never deadlock it.
    pub admission_max_wait: Duration,
    /// Largest accepted pack archive for `POST /api/v1/packs/upload` (default 100 MiB, as the
    /// real server).
    pub max_pack_bytes: usize,
    /// Where per-pack runtime environments are cached (default:
    /// [`default_cache_dir`](crate::engine::packs::envs::default_cache_dir)).
    pub env_cache_dir: Option<std::path::PathBuf>,
    /// Pack directories installed at start (`--pack DIR`).
    pub packs: Vec<std::path::PathBuf>,
    /// `npm` program for Node.js pack dependencies (default `npm`).
    pub npm: std::path::PathBuf,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_string(),
            port: 0,
            admin_login: "test@attune.local".to_string(),
            admin_password: "TestPass123!".to_string(),
            admin_display_name: "Test Administrator".to_string(),
            jwt_secret: "attune-emulator-jwt-secret-change-me".to_string(),
            encryption_key: "attune-emulator-encryption-key-0123456789abcdef".to_string(),
            allow_self_registration: true,
            max_body_bytes: 2 * 1024 * 1024,
            access_token_ttl: Duration::from_secs(3600),
            refresh_token_ttl: Duration::from_secs(7 * 24 * 3600),
            sensor_token_ttl: Duration::from_secs(24 * 3600),
            default_execution_timeout_seconds: 300,
            worker_pool_size: 16,
            max_stdout_bytes: 10 * 1024 * 1024,
            max_stderr_bytes: 10 * 1024 * 1024,
            kill_grace_period: Duration::from_secs(10),
            runtime_worker_threads: 2,
            version: env!("CARGO_PKG_VERSION").to_string(),
            interpreters: crate::engine::runner::Interpreters::default(),
            retain_terminal_executions: 10_000,
            retain_events: 10_000,
            retain_enforcements: 10_000,
            retention_interval: Duration::from_secs(1),
            max_backlog: 1_024,
            admission_max_wait: Duration::from_secs(5),
            max_pack_bytes: 100 * 1024 * 1024,
            env_cache_dir: None,
            packs: Vec::new(),
            npm: std::path::PathBuf::from("npm"),
        }
    }
}

macro_rules! setter {
    ($(#[$m:meta])* $name:ident, $field:ident, $ty:ty) => {
        $(#[$m])*
        #[must_use]
        pub fn $name(mut self, v: impl Into<$ty>) -> Self {
            self.$field = v.into();
            self
        }
    };
}

impl EmulatorConfig {
    setter!(/// Sets [`EmulatorConfig::host`].
        with_host, host, String);
    setter!(/// Sets [`EmulatorConfig::port`].
        with_port, port, u16);
    setter!(/// Sets [`EmulatorConfig::admin_login`].
        with_admin_login, admin_login, String);
    setter!(/// Sets [`EmulatorConfig::admin_password`].
        with_admin_password, admin_password, String);
    setter!(/// Sets [`EmulatorConfig::jwt_secret`].
        with_jwt_secret, jwt_secret, String);
    setter!(/// Sets [`EmulatorConfig::encryption_key`].
        with_encryption_key, encryption_key, String);
    setter!(/// Sets [`EmulatorConfig::allow_self_registration`].
        with_self_registration, allow_self_registration, bool);
    setter!(/// Sets [`EmulatorConfig::max_body_bytes`].
        with_max_body_bytes, max_body_bytes, usize);
    setter!(/// Sets [`EmulatorConfig::access_token_ttl`].
        with_access_token_ttl, access_token_ttl, Duration);
    setter!(/// Sets [`EmulatorConfig::refresh_token_ttl`].
        with_refresh_token_ttl, refresh_token_ttl, Duration);
    setter!(/// Sets [`EmulatorConfig::default_execution_timeout_seconds`].
        with_default_execution_timeout_seconds, default_execution_timeout_seconds, i64);
    setter!(/// Sets [`EmulatorConfig::worker_pool_size`].
        with_worker_pool_size, worker_pool_size, usize);
    setter!(/// Sets [`EmulatorConfig::max_stdout_bytes`].
        with_max_stdout_bytes, max_stdout_bytes, usize);
    setter!(/// Sets [`EmulatorConfig::max_stderr_bytes`].
        with_max_stderr_bytes, max_stderr_bytes, usize);
    setter!(/// Sets [`EmulatorConfig::kill_grace_period`].
        with_kill_grace_period, kill_grace_period, Duration);
    setter!(/// Sets [`EmulatorConfig::interpreters`].
        with_interpreters, interpreters, crate::engine::runner::Interpreters);
    setter!(/// Sets [`EmulatorConfig::retention_interval`].
        with_retention_interval, retention_interval, Duration);
    setter!(/// Sets [`EmulatorConfig::max_backlog`].
        with_max_backlog, max_backlog, usize);
    setter!(/// Sets [`EmulatorConfig::admission_max_wait`].
        with_admission_max_wait, admission_max_wait, Duration);

    /// Sets one retention bound for terminal executions, events and finished enforcements.
    #[must_use]
    pub fn with_retention(mut self, keep: usize) -> Self {
        self.retain_terminal_executions = keep;
        self.retain_events = keep;
        self.retain_enforcements = keep;
        self
    }

    /// The retention bounds as one value.
    pub fn retention(&self) -> crate::state::retention::Retention {
        crate::state::retention::Retention {
            terminal_executions: self.retain_terminal_executions,
            events: self.retain_events,
            enforcements: self.retain_enforcements,
        }
    }

    setter!(/// Sets [`EmulatorConfig::max_pack_bytes`].
        with_max_pack_bytes, max_pack_bytes, usize);

    /// Sets [`EmulatorConfig::env_cache_dir`].
    #[must_use]
    pub fn with_env_cache_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.env_cache_dir = Some(dir.into());
        self
    }

    /// Adds a pack directory to install at start ([`EmulatorConfig::packs`]).
    #[must_use]
    pub fn with_pack(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.packs.push(dir.into());
        self
    }

    setter!(/// Sets [`EmulatorConfig::runtime_worker_threads`].
        with_runtime_worker_threads, runtime_worker_threads, usize);
}
