//! The emulator handle: its own thread and Tokio runtime, axum serving, clean shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::config::EmulatorConfig;
use crate::hooks::{EngineContext, EngineHooks};
use crate::state::AppState;

/// A running emulator. Dropping it shuts the server down gracefully and joins its thread.
pub struct Emulator {
    base_url: String,
    addr: SocketAddr,
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Factory building the engine once the runtime and listener exist.
pub type EngineFactory = Box<dyn FnOnce(EngineContext) -> Arc<dyn EngineHooks> + Send + 'static>;

impl Emulator {
    /// Starts an emulator with the automation engine ([`crate::engine::Engine`]):
    /// rules, timers, a real worker and workflows.
    pub fn start(config: EmulatorConfig) -> std::io::Result<Self> {
        Self::start_inner(config, Some(Box::new(crate::engine::Engine::factory)))
    }

    /// Starts an emulator without an automation engine (hooks are no-ops):
    /// events are stored and executions stay `requested`.
    pub fn start_without_engine(config: EmulatorConfig) -> std::io::Result<Self> {
        Self::start_inner(config, None)
    }

    /// Starts an emulator and installs the engine built by `factory`
    /// (called on the emulator thread, inside its runtime, before serving).
    pub fn start_with_engine<F>(config: EmulatorConfig, factory: F) -> std::io::Result<Self>
    where
        F: FnOnce(EngineContext) -> Arc<dyn EngineHooks> + Send + 'static,
    {
        Self::start_inner(config, Some(Box::new(factory)))
    }

    fn start_inner(
        config: EmulatorConfig,
        factory: Option<EngineFactory>,
    ) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind((config.host.as_str(), config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let threads = config.runtime_worker_threads.max(1);
        let state = Arc::new(AppState::new(config));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("attune-emulator")
            .enable_all()
            .build()?;
        let (tx, rx) = oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<std::io::Result<()>>();
        let st = state.clone();
        let url = base_url.clone();
        let thread = std::thread::Builder::new()
            .name("attune-emulator-main".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    if let Some(f) = factory {
                        let ctx = EngineContext {
                            state: st.clone(),
                            runtime: tokio::runtime::Handle::current(),
                            base_url: url,
                        };
                        st.set_hooks(f(ctx));
                    }
                    // `--pack DIR`: installed once the engine hooks are in place (timer rules)
                    for dir in st.config.packs.clone() {
                        let s2 = st.clone();
                        let d2 = dir.clone();
                        let r = tokio::task::spawn_blocking(move || {
                            crate::engine::packs::install_dir(&s2, &d2, None, true)
                        })
                        .await;
                        let err = match r {
                            Ok(Ok(_)) => continue,
                            Ok(Err(e)) => e.to_string(),
                            Err(e) => e.to_string(),
                        };
                        let _ = ready_tx.send(Err(std::io::Error::other(format!(
                            "cannot install pack {}: {err}",
                            dir.display()
                        ))));
                        return;
                    }
                    let _ = ready_tx.send(Ok(()));
                    tokio::spawn(retention_loop(st.clone()));
                    let app = crate::http::router(st);
                    let res = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = rx.await;
                        })
                        .await;
                    if let Err(e) = res {
                        tracing::error!("attune emulator server error: {e}");
                    }
                });
                runtime.shutdown_timeout(std::time::Duration::from_secs(2));
            })?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => {
                return Err(std::io::Error::other(
                    "emulator thread exited during startup",
                ))
            }
        }
        Ok(Self {
            base_url,
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// URL of the notifier WebSocket, e.g. `ws://127.0.0.1:41234/ws`.
    pub fn notifier_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Login of the seeded administrator.
    pub fn admin_login(&self) -> &str {
        &self.state.config.admin_login
    }

    /// Password of the seeded administrator.
    pub fn admin_password(&self) -> &str {
        &self.state.config.admin_password
    }

    /// The shared state (store, config, ...), e.g. for white-box tests or an engine.
    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// Stops the server and waits for the thread to finish (also done on drop).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs the retention pass every `retention_interval` (see [`crate::state::retention`]).
async fn retention_loop(st: Arc<AppState>) {
    let every = st
        .config
        .retention_interval
        .max(std::time::Duration::from_millis(10));
    let bounds = st.config.retention();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pruned = crate::state::retention::prune(&mut st.store.lock(), bounds);
        if pruned != crate::state::retention::Pruned::default() {
            tracing::debug!(?pruned, "retention pass");
        }
    }
}
