//! The engine hook: how the HTTP/state layer tells the automation engine that
//! something happened. The engine (merged later into `src/engine/`) implements
//! [`EngineHooks`] and reads/writes the same [`Store`](crate::state::Store).
//!
//! Hooks are always called **after** the store lock has been released, from a
//! task running on the emulator's Tokio runtime (so `tokio::spawn` works).

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::state::AppState;

/// What happened to a rule (timers restart/stop their job accordingly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleChange {
    /// Rule created.
    Created,
    /// Rule updated (params, trigger, ...).
    Updated,
    /// Rule enabled.
    Enabled,
    /// Rule disabled.
    Disabled,
    /// Rule deleted (the row is already gone).
    Deleted,
}

/// Callbacks into the automation engine. Every method defaults to a no-op.
pub trait EngineHooks: Send + Sync {
    /// A new event was stored (webhook receipt, `POST /events`, timer).
    fn event_created(&self, _event_id: i64) {}
    /// A new execution in status `requested` was stored (manual execute, reschedule).
    fn execution_requested(&self, _execution_id: i64) {}
    /// A running execution moved to `canceling`; the worker should stop it.
    fn execution_cancel_requested(&self, _execution_id: i64) {}
    /// A rule was created/updated/enabled/disabled/deleted.
    fn rule_changed(&self, _rule_id: i64, _rule_ref: &str, _change: RuleChange) {}
    /// A workflow definition was created or updated.
    fn workflow_changed(&self, _workflow_id: i64) {}
    /// An inquiry was answered.
    fn inquiry_responded(&self, _inquiry_id: i64) {}
    /// Resolves when the engine has room for new work from outside (a webhook post, a new
    /// event, a manual execution); called by those routes before they store anything.
    /// The default is ready at once.
    fn admit(&self) -> BoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The default engine: does nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoopEngine;

impl EngineHooks for NoopEngine {}

/// Everything an engine needs when it is created by [`Emulator::start_with_engine`](crate::Emulator::start_with_engine).
#[derive(Clone)]
pub struct EngineContext {
    /// Shared emulator state (store, config, crypto, token signing).
    pub state: Arc<AppState>,
    /// Handle of the emulator's Tokio runtime.
    pub runtime: tokio::runtime::Handle,
    /// Base URL of the running emulator (for `ATTUNE_API_URL`).
    pub base_url: String,
}

impl std::fmt::Debug for EngineContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EngineContext")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}
