//! # attune-testkit
//!
//! What tests of Attune automations need:
//!
//! - a **target**: [`TestEnv`] starts an embedded [`attune_emulator`] once per test process (nothing to install
//!   or start), or uses the live Attune named by `ATTUNE_API_URL` (logging in as `ATTUNE_LOGIN` /
//!   `ATTUNE_PASSWORD`, or with `ATTUNE_API_TOKEN`) after checking its `/health`;
//! - **clients and users**: the admin client, fresh identities with unique logins ([`TestEnv::new_user`]) and a
//!   way to grant them a permission set the way the real API does ([`TestEnv::grant`]);
//! - **unique refs** valid under Attune's grammar ([`unique_ref`]) and a per-test pack ([`Scope`]);
//! - **fixtures**: echo, failing, sleep, Python and key-reading actions, webhook triggers with a `fire` helper,
//!   interval / cron / datetime timer rules, rules with conditions and templated parameters, whole automations,
//!   keys and workflows — all cleaned up after the test ([`cleanup`]);
//! - **waiters** that poll at once, back off to a small cap, fail fast on states that cannot heal and explain
//!   themselves on timeout ([`wait`], [`waiters`]);
//! - a **tracing** subscriber set up once per process ([`init_tracing`], filter from `RUST_LOG`), so a failing
//!   test shows the requests it made;
//! - **rstest fixtures** ([`rstest_fixtures`]).
//!
//! ```no_run
//! use std::time::Duration;
//! use attune_client::models::ExecutionStatus;
//! use attune_testkit::{waiters, Scope, TestEnv};
//!
//! # async fn demo() -> attune_testkit::Result<()> {
//! let env = TestEnv::get().await?;
//! let scope = Scope::admin(&env).await?;              // own pack, cleaned up on drop
//! let hook = scope.webhook_automation(None).await?;   // webhook trigger -> echo action
//! hook.webhook.fire(serde_json::json!({"host": "web-1"})).await?;
//! let execs = waiters::wait_for_terminal_executions(
//!     scope.client(),
//!     attune_client::models::ListExecutionsParams { rule_ref: Some(hook.rule.r#ref.clone()), ..Default::default() },
//!     1,
//!     Duration::from_secs(30),
//! )
//! .await?;
//! assert_eq!(execs[0].status, ExecutionStatus::Completed);
//! # Ok(()) }
//! ```

pub mod cleanup;
pub mod env;
pub mod error;
pub mod fixtures;
pub mod logging;
pub mod packs;
pub mod push;
pub mod refs;
pub mod rstest_fixtures;
pub mod wait;
pub mod waiters;

pub use attune_client::{ApiGeneration, Feature, ServerProfile};
pub use cleanup::{Cleanup, Resource};
pub use env::{Target, TestEnv, TestUser, TimerTurn};
pub use error::{Context, Result, TestkitError};
pub use fixtures::{Scope, TimerAutomation, WebhookAutomation, WebhookTrigger};
pub use logging::init_tracing;
pub use packs::{require_registry, Registry, UploadedPack};
pub use refs::{unique_component_ref, unique_login, unique_ref};
pub use wait::{hold_for, wait_until, CountOp, Probe, WaitError, WaitOptions};
