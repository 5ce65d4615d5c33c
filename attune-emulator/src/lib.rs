//! # attune-emulator
//!
//! An in-process, API-compatible emulator of the [Attune](https://github.com/attune-system/attune)
//! automation platform server, in the spirit of LocalStack or moto: a client written
//! for the real server should not be able to tell the difference for the operations
//! the e2e suite uses.
//!
//! ```no_run
//! use attune_emulator::{Emulator, EmulatorConfig};
//!
//! let emu = Emulator::start(EmulatorConfig::default())?;
//! println!("Attune emulator at {}", emu.base_url()); // http://127.0.0.1:<port>
//! println!("admin: {} / {}", emu.admin_login(), emu.admin_password());
//! drop(emu); // graceful shutdown, thread joined
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Layers:
//! * [`http`]: axum router, extractors, envelopes, one route module per resource;
//! * [`state`]: the in-memory store (one lock) with one module per resource, holding
//!   records, JSON views and the service functions the engine reuses;
//! * [`auth`]: JWTs, password hashing, AES-256-GCM, RBAC;
//! * [`hooks`]: the [`EngineHooks`] trait the automation engine implements;
//! * [`engine`]: the automation engine (rules, timers, worker, workflows), installed by
//!   [`Emulator::start`].

pub mod auth;
pub mod config;
pub mod engine;
pub mod error;
pub mod hooks;
pub mod http;
pub mod notify;
pub mod server;
pub mod state;

pub use config::EmulatorConfig;
pub use error::{ApiError, ApiResult};
pub use hooks::{EngineContext, EngineHooks, NoopEngine, RuleChange};
pub use server::Emulator;
pub use state::AppState;
