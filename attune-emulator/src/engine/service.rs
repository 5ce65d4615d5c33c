//! The automation engine service: implements [`EngineHooks`] and owns the
//! engine's moving parts (worker pool, timer jobs, running processes,
//! workflow runs).
//!
//! Lock discipline: the store lock (`AppState::store`) is never held across an
//! `.await`, and never held while taking the orchestrator lock (the order is
//! orchestrator → store). The running-process map is a leaf lock.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::runtime::Handle;

use super::orchestrator::Orchestrator;
use super::pool::WorkerPool;
use super::runner::CancelToken;
use super::timers::TimerManager;
use crate::hooks::{EngineContext, EngineHooks, RuleChange};
use crate::state::AppState;

/// Period of the background inquiry-expiry tick.
pub const INQUIRY_TICK: Duration = Duration::from_millis(250);

/// The automation engine installed by [`Emulator::start`](crate::Emulator::start).
///
/// * events → rules → enforcements → executions ([`super::pipeline`]);
/// * timer rules → timer jobs → events ([`super::timer_sensor`]);
/// * executions → worker pool → processes → results ([`super::worker`]);
/// * workflow executions → [`WorkflowRun`](super::workflow::WorkflowRun)s ([`super::orchestrator`]).
pub struct Engine {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

/// Shared engine internals (the service modules add `impl Inner` blocks).
pub(crate) struct Inner {
    pub(crate) state: Arc<AppState>,
    pub(crate) runtime: Handle,
    pub(crate) base_url: String,
    pub(crate) pool: WorkerPool,
    pub(crate) timers: TimerManager,
    pub(crate) running: parking_lot::Mutex<HashMap<i64, CancelToken>>,
    pub(crate) orch: parking_lot::Mutex<Orchestrator>,
    /// Executions paused on an older-generation inquiry: inquiry id → (execution, result).
    pub(crate) paused: parking_lot::Mutex<HashMap<i64, (i64, serde_json::Value)>>,
    pub(crate) me: Weak<Inner>,
}

impl Engine {
    /// Builds the engine, starts the timers of already-enabled timer rules and
    /// the background inquiry-expiry tick. Must be called inside the
    /// emulator's Tokio runtime (as [`Emulator::start_with_engine`](crate::Emulator::start_with_engine) does).
    pub fn new(ctx: EngineContext) -> Arc<Engine> {
        let pool_size = ctx.state.config.worker_pool_size;
        let inner = Arc::new_cyclic(|me| Inner {
            state: ctx.state,
            runtime: ctx.runtime,
            base_url: ctx.base_url,
            pool: WorkerPool::new(pool_size),
            timers: TimerManager::new(),
            running: parking_lot::Mutex::new(HashMap::new()),
            orch: parking_lot::Mutex::new(Orchestrator::default()),
            paused: parking_lot::Mutex::new(HashMap::new()),
            me: me.clone(),
        });
        {
            let _guard = inner.runtime.enter();
            inner.start_all_timers();
            spawn_inquiry_tick(Arc::downgrade(&inner));
        }
        Arc::new(Engine { inner })
    }

    /// Engine factory for [`Emulator::start_with_engine`](crate::Emulator::start_with_engine).
    pub fn factory(ctx: EngineContext) -> Arc<dyn EngineHooks> {
        Engine::new(ctx)
    }

    /// Number of executions currently running or queued in the worker pool.
    pub fn pool_load(&self) -> (usize, usize) {
        (self.inner.pool.in_flight(), self.inner.pool.queued())
    }
}

fn spawn_inquiry_tick(inner: Weak<Inner>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INQUIRY_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(inner) = inner.upgrade() else { break };
            {
                let mut store = inner.state.store.lock();
                crate::state::inquiries::expire_due(&mut store);
            }
            // Workflow tasks waiting for an inquiry that timed out / was
            // cancelled (or answered without the hook) are resolved here.
            inner.poll_waiting_inquiries();
            inner.poll_paused();
        }
    });
}

impl Inner {
    /// A strong handle on `self` (the engine is alive while a hook runs).
    pub(crate) fn arc(&self) -> Option<Arc<Inner>> {
        self.me.upgrade()
    }
}

impl EngineHooks for Engine {
    fn event_created(&self, event_id: i64) {
        let _guard = self.inner.runtime.enter();
        self.inner.process_event(event_id);
    }

    fn admit(&self) -> futures::future::BoxFuture<'static, ()> {
        let pool = self.inner.pool.clone();
        let (limit, wait) = (
            self.inner.state.config.max_backlog,
            self.inner.state.config.admission_max_wait,
        );
        Box::pin(async move { pool.room(limit, wait).await })
    }

    fn execution_requested(&self, execution_id: i64) {
        let _guard = self.inner.runtime.enter();
        self.inner.dispatch(execution_id);
    }

    fn execution_cancel_requested(&self, execution_id: i64) {
        let _guard = self.inner.runtime.enter();
        self.inner.cancel_running(execution_id);
    }

    fn inquiry_responded(&self, inquiry_id: i64) {
        let _guard = self.inner.runtime.enter();
        self.inner.inquiry_changed(inquiry_id);
        self.inner.resume_paused(inquiry_id);
    }

    fn rule_changed(&self, rule_id: i64, rule_ref: &str, change: RuleChange) {
        let _guard = self.inner.runtime.enter();
        self.inner.sync_rule_timer(rule_id, rule_ref, change);
    }
}
