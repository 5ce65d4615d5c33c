//! Push-based waiting: the waiters subscribe to the notifier WebSocket and re-check with one authoritative GET
//! when a relevant notification arrives, instead of polling.
//!
//! The pattern is kube-rs's `await_condition`: **subscribe first, then check once, then wait for events**,
//! re-checking on each relevant event (and, in case one was missed, every [`SAFETY_POLL`]). Because the
//! subscription exists before the first check, no change can fall between the check and the wait.
//!
//! One connection serves the whole test process: a background thread (its own runtime, like the embedded
//! emulator) connects to [`TestEnv::notifier_url`](crate::TestEnv::notifier_url) as the admin, subscribes to
//! `all` (or, when refused, to the `entity_type:` filters), and fans every notification out to the waits of
//! every test runtime. After a reconnect it tells every wait to re-check. When the notifier cannot be reached
//! (or `ATTUNE_WAIT_MODE=poll` is set, or the client talks to another server than the test environment's)
//! the waits poll as before ([`crate::wait::wait_with_stats`]); the first time, the log says so once.

use std::future::Future;
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use attune_client::notifier::{Filter, Notification, Notifier, NotifierOptions, ServerMessage};
use attune_client::AttuneClient;
use futures::StreamExt;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, watch};

use crate::env::TestEnv;
use crate::wait::{wait_with_stats, Attempts, Probe, WaitError, WaitOptions};

/// Environment variable choosing how waiters wait: `push` (default: notifier, polling when it is
/// unreachable) or `poll` (never use the notifier).
pub const ENV_WAIT_MODE: &str = "ATTUNE_WAIT_MODE";
/// Interval of the safety re-check while a wait listens for notifications. The notifier is the signal; this
/// only bounds how late a change the server does not announce (or a lost frame) is seen, so it is long
/// enough that a wait of up to a second costs two requests: the first check and the confirming one.
pub const SAFETY_POLL: Duration = Duration::from_secs(1);
/// How long a wait waits for the process's notifier connection to come up before it polls instead.
const CONNECT_WAIT: Duration = Duration::from_secs(5);
const CHANNEL: usize = 16 * 1024;

#[derive(Debug, Clone)]
enum Signal {
    Note(Arc<Notification>),
    /// The connection was re-established: events may have been missed.
    Resync,
}

#[derive(Debug, Clone, PartialEq)]
enum HubState {
    Connecting,
    Ready,
    Down(String),
}

struct Hub {
    base_url: String,
    tx: broadcast::Sender<Signal>,
    state: watch::Receiver<HubState>,
}

static HUB: Mutex<Option<Arc<Hub>>> = Mutex::new(None);
static POLL_NOTICE: Once = Once::new();
static FOREIGN_NOTICE: Once = Once::new();

fn poll_forced() -> bool {
    std::env::var(ENV_WAIT_MODE).is_ok_and(|v| v.trim().eq_ignore_ascii_case("poll"))
}

fn hub() -> Option<Arc<Hub>> {
    let mut slot = HUB.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hub) = slot.as_ref() {
        return Some(hub.clone());
    }
    // Only a test environment that exists already: a waiter never starts an emulator by itself.
    let env = TestEnv::existing()?;
    let hub = start_hub(env)?;
    *slot = Some(hub.clone());
    Some(hub)
}

fn start_hub(env: TestEnv) -> Option<Arc<Hub>> {
    let (tx, _) = broadcast::channel(CHANNEL);
    let (state_tx, state) = watch::channel(HubState::Connecting);
    let hub = Arc::new(Hub {
        base_url: env.base_url().to_string(),
        tx: tx.clone(),
        state,
    });
    let spawned = std::thread::Builder::new()
        .name("attune-testkit-notifier".into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(run_hub(env, tx, state_tx)),
                Err(e) => {
                    let _ = state_tx.send(HubState::Down(format!("no runtime: {e}")));
                }
            }
        });
    spawned.ok().map(|_| hub)
}

async fn connect(env: &TestEnv, url: &str) -> Result<Notifier, String> {
    let admin = env.admin().await.map_err(|e| e.to_string())?;
    let token = admin
        .ensure_token()
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "the admin client holds no token".to_string())?;
    let options = NotifierOptions {
        connect_timeout: Duration::from_secs(5),
        ..NotifierOptions::default()
    };
    let mut notifier = Notifier::connect(url, &token, &options)
        .await
        .map_err(|e| e.to_string())?;
    let within = Duration::from_secs(5);
    let all = notifier
        .subscribe_checked(&[Filter::All], within)
        .await
        .map_err(|e| e.to_string())?;
    if let Some((_, Some(refused))) = all.first() {
        let types: Vec<Filter> = ["execution", "inquiry", "event", "enforcement"]
            .iter()
            .map(|t| Filter::EntityType((*t).to_string()))
            .collect();
        let outcome = notifier
            .subscribe_checked(&types, within)
            .await
            .map_err(|e| e.to_string())?;
        if outcome.iter().all(|(_, r)| r.is_some()) {
            return Err(format!("every subscription was refused ('all': {refused})"));
        }
    }
    Ok(notifier)
}

async fn run_hub(env: TestEnv, tx: broadcast::Sender<Signal>, state: watch::Sender<HubState>) {
    let url = env.notifier_url();
    let mut connected_before = false;
    let mut down_logged = false;
    loop {
        match connect(&env, &url).await {
            Ok(mut notifier) => {
                let _ = state.send(HubState::Ready);
                if connected_before {
                    let _ = tx.send(Signal::Resync);
                }
                if down_logged {
                    tracing::info!(target: "attune_testkit", %url, "the notifier is reachable again: waiters listen to it");
                    down_logged = false;
                }
                connected_before = true;
                tracing::debug!(target: "attune_testkit", %url, "waiters listen to the notifier");
                while let Some(message) = notifier.next().await {
                    match message {
                        Ok(ServerMessage::Notification(n)) => {
                            let _ = tx.send(Signal::Note(Arc::new(n)));
                        }
                        Ok(_) => {}
                        Err(e) => {
                            tracing::debug!(target: "attune_testkit", error = %e, "notifier connection lost");
                            break;
                        }
                    }
                }
                let _ = state.send(HubState::Connecting);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(why) => {
                if !down_logged {
                    tracing::warn!(target: "attune_testkit", %url, error = %why,
                        "the notifier is unreachable: waiters fall back to polling");
                    down_logged = true;
                }
                let _ = state.send(HubState::Down(why));
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        }
    }
}

/// A wait's view of the process's notifier connection.
struct Subscription {
    rx: broadcast::Receiver<Signal>,
}

enum Woke {
    Event,
    Timer,
    Lost,
}

impl Subscription {
    async fn open(client: &AttuneClient) -> Option<Subscription> {
        if poll_forced() {
            return None;
        }
        let hub = hub()?;
        if client.base_url().trim_end_matches('/') != hub.base_url {
            FOREIGN_NOTICE.call_once(|| {
                tracing::info!(target: "attune_testkit", url = client.base_url(),
                    "a waiter's client talks to another server than the test environment: it polls");
            });
            return None;
        }
        // Subscribe before anything is checked, then wait for the connection to be ready.
        let rx = hub.tx.subscribe();
        let mut state = hub.state.clone();
        let ready =
            tokio::time::timeout(CONNECT_WAIT, state.wait_for(|s| *s != HubState::Connecting))
                .await;
        let ready = matches!(ready, Ok(Ok(ref s)) if **s == HubState::Ready);
        if !ready {
            POLL_NOTICE.call_once(|| {
                tracing::warn!(target: "attune_testkit",
                    "no notifier connection: waiters poll (see the notifier warning above, or set ATTUNE_NOTIFIER_WS_URL)");
            });
            return None;
        }
        Some(Subscription { rx })
    }

    async fn next_relevant(
        &mut self,
        relevant: &impl Fn(&Notification) -> bool,
        until: Instant,
    ) -> Woke {
        let until = tokio::time::Instant::from_std(until);
        loop {
            tokio::select! {
                got = self.rx.recv() => match got {
                    Ok(Signal::Note(n)) if relevant(&n) => {
                        self.drain();
                        return Woke::Event;
                    }
                    Ok(Signal::Note(_)) => continue,
                    Ok(Signal::Resync) | Err(RecvError::Lagged(_)) => {
                        self.drain();
                        return Woke::Event;
                    }
                    Err(RecvError::Closed) => return Woke::Lost,
                },
                _ = tokio::time::sleep_until(until) => return Woke::Timer,
            }
        }
    }

    /// Drops what is queued: the re-check about to run covers it.
    fn drain(&mut self) {
        loop {
            match self.rx.try_recv() {
                Ok(_) | Err(TryRecvError::Lagged(_)) => continue,
                Err(_) => return,
            }
        }
    }
}

/// Waits like [`wait_with_stats`], but driven by notifications: subscribes to the notifier, runs `probe`
/// once, then again on every notification for which `relevant` is true (and every [`SAFETY_POLL`]), until
/// it is ready, fails, or `options.timeout` elapses. Falls back to polling with `options` when the notifier
/// is unavailable. Returns the value and how many times the probe ran.
pub async fn wait_on_notifications<T, F, Fut, R>(
    client: &AttuneClient,
    description: impl Into<String>,
    options: WaitOptions,
    relevant: R,
    mut probe: F,
) -> Result<(T, u32), WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<T>>,
    R: Fn(&Notification) -> bool,
{
    let description = description.into();
    // The clock starts before the subscription opens, as the deadline is the caller's.
    let mut attempts = Attempts::start(description.clone(), &options);
    let Some(mut subscription) = Subscription::open(client).await else {
        return wait_with_stats(description, options, probe).await;
    };
    let mut push = true;
    let mut interval = options.initial_interval;
    loop {
        if let Some(done) = attempts.record(probe().await)? {
            return Ok(done);
        }
        let (now, deadline) = (Instant::now(), attempts.deadline);
        if push {
            let until = (now + SAFETY_POLL).min(deadline);
            if let Woke::Lost = subscription.next_relevant(&relevant, until).await {
                push = false;
            }
        } else {
            tokio::time::sleep(interval.min(deadline - now)).await;
            interval = interval
                .mul_f64(options.factor.max(1.0))
                .min(options.max_interval);
        }
    }
}
