//! The target of a test run: the embedded emulator (default) or a live Attune (`ATTUNE_API_URL`).
//!
//! [`TestEnv::get`] is the one entry point. Without `ATTUNE_API_URL` it starts one
//! [`attune_emulator::Emulator`] per test process, lazily, on its own thread and runtime, so it is shared by
//! every test of the process (each `#[tokio::test]` has its own runtime) and works the same under
//! `cargo test` (many tests per process) and `cargo nextest` (one test per process). With `ATTUNE_API_URL`
//! it checks `GET /health` once and logs in as `ATTUNE_LOGIN` / `ATTUNE_PASSWORD` (defaults
//! `test@attune.local` / `TestPass123!`) or uses `ATTUNE_API_TOKEN`.
//!
//! Clients are built per call: an HTTP connection pool belongs to the runtime that opened it, and every test
//! has its own runtime.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use attune_client::models::{
    CreateIdentityRequest, CreatePermissionAssignment, LoginRequest, RegisterRequest, TokenResponse,
};
use attune_client::{AttuneClient, Feature, RetryPolicy, ServerProfile};
use attune_emulator::{Emulator, EmulatorConfig};

use crate::error::{Context, Result, TestkitError};
use crate::logging::init_tracing;
use crate::refs::unique_login;

/// Environment variable naming a live server; unset means "use the embedded emulator".
pub const ENV_API_URL: &str = "ATTUNE_API_URL";
/// Login of the live server's admin user.
pub const ENV_LOGIN: &str = "ATTUNE_LOGIN";
/// Password of the live server's admin user.
pub const ENV_PASSWORD: &str = "ATTUNE_PASSWORD";
/// A ready-made token for the live server (instead of login and password).
pub const ENV_TOKEN: &str = "ATTUNE_API_TOKEN";
/// Default admin login (the one Attune's own e2e harness uses).
pub const DEFAULT_LOGIN: &str = "test@attune.local";
/// Default admin password.
pub const DEFAULT_PASSWORD: &str = "TestPass123!";
/// Worker pool size of the embedded emulator.
pub const EMULATOR_WORKER_POOL: usize = 64;
/// Password given to identities made by [`TestEnv::new_user`].
pub const USER_PASSWORD: &str = "E2ePassw0rd!";

/// Environment variable naming the notifier WebSocket (as in Attune's official client).
pub const ENV_NOTIFIER_WS_URL: &str = "ATTUNE_NOTIFIER_WS_URL";

/// Host part of a URL (`http://host:8080/x` ⇒ `host`, IPv6 kept in brackets).
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.starts_with('[') {
        return authority
            .split_once(']')
            .map_or(authority, |(h, _)| &authority[..=h.len()]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Which kind of server the tests talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The emulator embedded in this test process.
    Emulator,
    /// A live Attune deployment named by `ATTUNE_API_URL`.
    Live,
}

#[derive(Clone)]
enum AdminAuth {
    Credentials { login: String, password: String },
    Token(String),
}

struct Shared {
    base_url: String,
    target: Target,
    auth: AdminAuth,
    // Kept alive for the whole process; the emulator shuts down when the process exits.
    _emulator: Option<Emulator>,
    // Tokens of the admin login, reused by later clients (each test builds its own client).
    admin_tokens: Mutex<Option<TokenResponse>>,
    // Serialises the first admin login, so tests starting together log in once and share its tokens.
    admin_login: tokio::sync::Mutex<()>,
    health: tokio::sync::OnceCell<std::result::Result<(), String>>,
    // What the target supports where API generations differ, detected once.
    profile: tokio::sync::OnceCell<ServerProfile>,
    // One test at a time may change timer rules on a live server (see `TestEnv::timer_turn`).
    timer_turn: Arc<TurnState>,
}

static SHARED: OnceLock<std::result::Result<Arc<Shared>, String>> = OnceLock::new();

fn init_shared() -> std::result::Result<Arc<Shared>, String> {
    match std::env::var(ENV_API_URL) {
        Ok(url) if !url.trim().is_empty() => {
            let auth = match std::env::var(ENV_TOKEN) {
                Ok(token) if !token.trim().is_empty() => AdminAuth::Token(token),
                _ => AdminAuth::Credentials {
                    login: std::env::var(ENV_LOGIN).unwrap_or_else(|_| DEFAULT_LOGIN.to_string()),
                    password: std::env::var(ENV_PASSWORD)
                        .unwrap_or_else(|_| DEFAULT_PASSWORD.to_string()),
                },
            };
            tracing::info!(target: "attune_testkit", url = %url, "using the live Attune named by ATTUNE_API_URL");
            Ok(Arc::new(Shared {
                base_url: url.trim().trim_end_matches('/').to_string(),
                target: Target::Live,
                auth,
                _emulator: None,
                admin_tokens: Mutex::new(None),
                admin_login: tokio::sync::Mutex::new(()),
                health: tokio::sync::OnceCell::new(),
                profile: tokio::sync::OnceCell::new(),
                timer_turn: Arc::new(TurnState::default()),
            }))
        }
        _ => {
            // A test process runs many tests at once, each waiting on its own actions; give the worker room so
            // one test's executions are not queued behind another's (the actions mostly sleep).
            let config = EmulatorConfig::default().with_worker_pool_size(EMULATOR_WORKER_POOL);
            let emulator = Emulator::start(config)
                .map_err(|e| format!("could not start the embedded Attune emulator: {e}"))?;
            let auth = AdminAuth::Credentials {
                login: emulator.admin_login().to_string(),
                password: emulator.admin_password().to_string(),
            };
            tracing::info!(target: "attune_testkit", url = %emulator.base_url(), "started the embedded Attune emulator");
            Ok(Arc::new(Shared {
                base_url: emulator.base_url().to_string(),
                target: Target::Emulator,
                auth,
                _emulator: Some(emulator),
                admin_tokens: Mutex::new(None),
                admin_login: tokio::sync::Mutex::new(()),
                health: tokio::sync::OnceCell::new(),
                profile: tokio::sync::OnceCell::new(),
                timer_turn: Arc::new(TurnState::default()),
            }))
        }
    }
}

/// Who holds the timer turn, and how many holds it has.
#[derive(Default)]
pub(crate) struct TurnState {
    holder: Mutex<(Option<std::thread::ThreadId>, usize)>,
    released: tokio::sync::Notify,
}

/// A test's turn to change timer rules on a live server ([`TestEnv::timer_turn`]); released on drop.
pub struct TimerTurn {
    state: Arc<TurnState>,
}

impl std::fmt::Debug for TimerTurn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TimerTurn")
    }
}

impl TimerTurn {
    async fn acquire(state: Arc<TurnState>) -> TimerTurn {
        let me = std::thread::current().id();
        let waker = state.clone();
        loop {
            let released = waker.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();
            {
                let Ok(mut holder) = waker.holder.lock() else {
                    // A poisoned lock means a holder panicked mid-update; take the turn rather than hang.
                    return TimerTurn { state };
                };
                if holder.0.is_none() || holder.0 == Some(me) {
                    holder.0 = Some(me);
                    holder.1 += 1;
                    return TimerTurn { state };
                }
            }
            released.await;
        }
    }
}

impl Drop for TimerTurn {
    fn drop(&mut self) {
        if let Ok(mut holder) = self.state.holder.lock() {
            holder.1 = holder.1.saturating_sub(1);
            if holder.1 == 0 {
                holder.0 = None;
                self.state.released.notify_waiters();
            }
        }
    }
}

/// A handle on the target: base URL, admin access, fresh users. Cheap to clone.
#[derive(Clone)]
pub struct TestEnv {
    shared: Arc<Shared>,
}

/// Deletes a test identity (as the admin) when the last holder lets go: the [`TestUser`] and every
/// [`crate::Scope`] made with [`crate::Scope::for_user`] hold it, so the identity outlives the clean-up of
/// what it created.
pub(crate) struct IdentityGuard {
    base_url: String,
    admin_token: Option<String>,
    id: i64,
    login: String,
}

impl Drop for IdentityGuard {
    fn drop(&mut self) {
        let (base_url, token, id, login) = (
            self.base_url.clone(),
            self.admin_token.take(),
            self.id,
            self.login.clone(),
        );
        let Some(token) = token else { return };
        let worker = std::thread::Builder::new()
            .name("attune-testkit-identity-cleanup".into())
            .spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                runtime.block_on(async move {
                    let client = AttuneClient::builder()
                        .base_url(base_url)
                        .token(token)
                        .retry_policy(RetryPolicy::none())
                        .total_timeout(Duration::from_secs(10))
                        .build();
                    let outcome = match client {
                        Ok(client) => client.identities().delete(id).await,
                        Err(e) => Err(e),
                    };
                    match outcome {
                        Ok(()) => tracing::debug!(target: "attune_testkit", %login, "deleted test identity"),
                        Err(e) => tracing::debug!(target: "attune_testkit", %login, error = %e, "test identity kept"),
                    }
                });
            });
        if let Ok(handle) = worker {
            let _ = handle.join();
        }
    }
}

/// A freshly registered identity and a client logged in as it.
///
/// The identity is deleted (best effort, as the admin) when the last clone of the `TestUser` — and of any
/// [`crate::Scope`] made for it with [`crate::Scope::for_user`] — is dropped, so keep the `TestUser` alive
/// while its `client` is in use.
#[derive(Clone)]
pub struct TestUser {
    /// Its login (unique).
    pub login: String,
    /// Its password.
    pub password: String,
    /// Its identity id.
    pub id: i64,
    /// A client logged in as this user.
    pub client: AttuneClient,
    pub(crate) guard: Arc<IdentityGuard>,
}

impl std::fmt::Debug for TestUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestUser")
            .field("login", &self.login)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl TestEnv {
    /// The process-wide environment: starts the emulator or checks the live server on first use.
    ///
    /// ```no_run
    /// # async fn demo() -> attune_testkit::Result<()> {
    /// let env = attune_testkit::TestEnv::get().await?;
    /// let admin = env.admin().await?;
    /// let me = admin.auth().me().await?;
    /// println!("{} on {}", me.login, env.base_url());
    /// # Ok(()) }
    /// ```
    pub async fn get() -> Result<TestEnv> {
        init_tracing();
        let shared = SHARED
            .get_or_init(init_shared)
            .as_ref()
            .map_err(|e| TestkitError::Target(e.clone()))?
            .clone();
        if shared.target == Target::Live {
            let base_url = shared.base_url.clone();
            let outcome = shared
                .health
                .get_or_init(|| async move { check_health(&base_url).await })
                .await;
            if let Err(msg) = outcome {
                return Err(TestkitError::Target(msg.clone()));
            }
        }
        let env = TestEnv { shared };
        // Detect the API generation before any test client is built, so every client is preset.
        env.profile().await?;
        Ok(env)
    }

    /// The environment if [`TestEnv::get`] already set it up (never starts an emulator); the push-based
    /// waiters use it to find the notifier.
    pub(crate) fn existing() -> Option<TestEnv> {
        let shared = SHARED.get()?.as_ref().ok()?.clone();
        Some(TestEnv { shared })
    }

    /// Which kind of server this is.
    pub fn target(&self) -> Target {
        self.shared.target
    }

    /// The server's base URL (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// URL of the notifier WebSocket: `ATTUNE_NOTIFIER_WS_URL` when set, else the embedded
    /// emulator's `ws://127.0.0.1:<port>/ws`, else `ws://<host of ATTUNE_API_URL>:8081/ws`
    /// (the real notifier's default port).
    pub fn notifier_url(&self) -> String {
        if let Ok(url) = std::env::var(ENV_NOTIFIER_WS_URL) {
            if !url.trim().is_empty() {
                return url.trim().to_string();
            }
        }
        if let Some(emulator) = &self.shared._emulator {
            return emulator.notifier_url();
        }
        format!("ws://{}:8081/ws", url_host(&self.shared.base_url))
    }

    /// A builder pre-configured for this target (base URL, test-friendly timeouts, and the server
    /// profile once [`TestEnv::profile`] has detected it).
    pub fn client_builder(&self) -> attune_client::AttuneClientBuilder {
        let builder = AttuneClient::builder()
            .base_url(self.shared.base_url.clone())
            .connect_timeout(Duration::from_secs(5))
            .attempt_timeout(Duration::from_secs(30))
            .total_timeout(Duration::from_secs(60));
        match self.shared.profile.get() {
            Some(profile) => builder.server_profile(profile.clone()),
            None => builder,
        }
    }

    /// What the target supports where the API generations differ (detected once per process
    /// with the admin client; see [`attune_client::AttuneClient::server_profile`]).
    pub async fn profile(&self) -> Result<ServerProfile> {
        self.shared
            .profile
            .get_or_try_init(|| async {
                let admin = self.admin().await?;
                let profile = admin
                    .server_profile()
                    .await
                    .context("detecting the target's API generation")?;
                tracing::info!(
                    target: "attune_testkit",
                    generation = ?profile.generation,
                    detected_by = ?profile.detected_by,
                    lacking = ?profile.lacking(),
                    "target API generation"
                );
                Ok::<_, TestkitError>(profile)
            })
            .await
            .cloned()
    }

    /// Checks that the target has `feature`, for a test compiled as applicable.
    ///
    /// Tests that need a feature are marked
    /// `#[cfg_attr(attune_lacks = "<feature>", ignore = "not applicable: ...")]`; the e2e crate's
    /// build script sets `attune_lacks` from the target it probes at build time, so such tests are
    /// reported as *ignored* (not run) where the feature is missing. This runtime check catches a
    /// binary built for another target: it fails with [`TestkitError::NotApplicable`] instead of
    /// passing.
    pub async fn require(&self, feature: Feature) -> Result<()> {
        let profile = self.profile().await?;
        if profile.supports(feature) {
            return Ok(());
        }
        Err(TestkitError::NotApplicable(format!(
            "not applicable: the target ({:?} API generation) lacks {} ({}), but this test binary \
             was built for a target that has it; rebuild so the build script probes this target \
             again (`touch attune-e2e/build.rs`), and the test is then reported as ignored",
            profile.generation,
            feature.name(),
            feature.description()
        )))
    }

    /// Waits for this test's turn to change timer rules, when the target is a live server.
    ///
    /// A real Attune (June 2026 generation) restarts its single timer sensor on every timer-rule
    /// change, resetting every interval timer's phase and losing fires in the gap (live note G11),
    /// so timer tests against a live target run one at a time. On the emulator every timer is
    /// independent and this returns `None` at once. [`crate::Scope`] takes the turn for its timer
    /// rules and releases it after its clean-up.
    ///
    /// The turn belongs to the test's thread (e2e tests run on `#[tokio::test]`'s current-thread
    /// runtime), so one test's several scopes share it instead of waiting for each other.
    pub async fn timer_turn(&self) -> Option<TimerTurn> {
        match self.shared.target {
            Target::Emulator => None,
            Target::Live => Some(TimerTurn::acquire(self.shared.timer_turn.clone()).await),
        }
    }

    /// An unauthenticated client (for registration, health, webhook receipt).
    pub fn anonymous(&self) -> Result<AttuneClient> {
        self.client_builder()
            .build()
            .map_err(|e| TestkitError::client("building an anonymous client", e))
    }

    /// A client logged in as the admin identity (the emulator's seeded admin, or the live server's user).
    pub async fn admin(&self) -> Result<AttuneClient> {
        match &self.shared.auth {
            AdminAuth::Token(token) => self
                .client_builder()
                .token(token.clone())
                .build()
                .context("building the admin client"),
            AdminAuth::Credentials { login, password } => {
                let builder = self
                    .client_builder()
                    .credentials(login.clone(), password.clone());
                if let Some(tokens) = self.cached_admin_tokens() {
                    return with_tokens(builder, &tokens)
                        .build()
                        .context("building the admin client");
                }
                let _first_login = self.shared.admin_login.lock().await;
                // Another test may have logged in while this one waited for the lock.
                if let Some(tokens) = self.cached_admin_tokens() {
                    return with_tokens(builder, &tokens)
                        .build()
                        .context("building the admin client");
                }
                let client = builder.build().context("building the admin client")?;
                let tokens = client
                    .login()
                    .await
                    .with_context(|| format!("logging in as the admin '{login}'"))?;
                if let Ok(mut guard) = self.shared.admin_tokens.lock() {
                    *guard = Some(tokens);
                }
                Ok(client)
            }
        }
    }

    fn cached_admin_tokens(&self) -> Option<TokenResponse> {
        self.shared
            .admin_tokens
            .lock()
            .map(|guard| guard.clone())
            .unwrap_or(None)
    }

    /// Registers a fresh identity with a unique login (it has no grants) and returns a client logged in as it.
    ///
    /// Servers that refuse self-registration (`security.allow_self_registration: false`, the default of a
    /// docker deployment; `POST /auth/register` answers 403) get the identity created by the admin instead
    /// (`POST /api/v1/identities` with a password): it has no roles and no grants either.
    pub async fn new_user(&self) -> Result<TestUser> {
        let login = unique_login("e2e");
        let anonymous = self.anonymous()?;
        let display_name = format!("e2e user {login}");
        let registered = anonymous
            .auth()
            .register(&RegisterRequest {
                login: login.clone(),
                password: USER_PASSWORD.to_string(),
                display_name: Some(display_name.clone()),
            })
            .await;
        let tokens = match registered {
            Ok(tokens) => tokens,
            Err(e) if e.is_forbidden() => {
                tracing::debug!(target: "attune_testkit", error = %e,
                    "self-registration refused: the admin creates the test user");
                self.admin()
                    .await?
                    .identities()
                    .create(&CreateIdentityRequest {
                        login: login.clone(),
                        display_name: Some(display_name),
                        password: Some(USER_PASSWORD.to_string()),
                        attributes: None,
                    })
                    .await
                    .with_context(|| {
                        format!("creating the test user '{login}' as the admin (self-registration is refused)")
                    })?;
                anonymous
                    .auth()
                    .login(&LoginRequest::new(login.clone(), USER_PASSWORD))
                    .await
                    .with_context(|| format!("logging in as the test user '{login}'"))?
            }
            Err(e) => {
                return Err(e).with_context(|| format!("registering the test user '{login}'"));
            }
        };
        let id = match &tokens.user {
            Some(user) => user.id,
            None => {
                let me = self
                    .client_builder()
                    .token(tokens.access_token.clone())
                    .build()
                    .context("building a user client")?
                    .auth()
                    .me()
                    .await
                    .context("reading the new user's identity")?;
                me.id
            }
        };
        let client = self
            .client_builder()
            .credentials(login.clone(), USER_PASSWORD)
            .token(tokens.access_token)
            .refresh_token(tokens.refresh_token)
            .build()
            .context("building the user client")?;
        let admin_token = match self.admin().await {
            Ok(admin) => admin.access_token().await,
            Err(_) => None,
        };
        let guard = Arc::new(IdentityGuard {
            base_url: self.shared.base_url.clone(),
            admin_token,
            id,
            login: login.clone(),
        });
        Ok(TestUser {
            login,
            password: USER_PASSWORD.to_string(),
            id,
            client,
            guard,
        })
    }

    /// Grants `user` the permission set `set_ref` (e.g. `core.admin`, `core.viewer`) the way the real API does:
    /// a direct assignment made by the admin (`POST /api/v1/permissions/assignments`).
    pub async fn grant(&self, user: &TestUser, set_ref: &str) -> Result<()> {
        let admin = self.admin().await?;
        admin
            .permissions()
            .create_assignment(&CreatePermissionAssignment {
                permission_set_ref: set_ref.to_string(),
                identity_id: Some(user.id),
                identity_login: None,
            })
            .await
            .with_context(|| format!("granting '{set_ref}' to '{}'", user.login))?;
        Ok(())
    }

    /// [`new_user`](Self::new_user) followed by [`grant`](Self::grant).
    pub async fn new_user_with(&self, set_ref: &str) -> Result<TestUser> {
        let user = self.new_user().await?;
        self.grant(&user, set_ref).await?;
        Ok(user)
    }
}

fn with_tokens(
    builder: attune_client::AttuneClientBuilder,
    tokens: &TokenResponse,
) -> attune_client::AttuneClientBuilder {
    builder
        .token(tokens.access_token.clone())
        .refresh_token(tokens.refresh_token.clone())
}

async fn check_health(base_url: &str) -> std::result::Result<(), String> {
    let client = AttuneClient::builder()
        .base_url(base_url.to_string())
        .retry_policy(RetryPolicy::none())
        .connect_timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_secs(10))
        .total_timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| format!("ATTUNE_API_URL={base_url} is not a usable URL: {e}"))?;
    client.health().check().await.map(|_| ()).map_err(|e| {
        format!("The Attune server at {base_url} (ATTUNE_API_URL) does not answer GET /health: {e}")
    })
}

#[cfg(test)]
mod notifier_url_tests {
    use super::url_host;

    #[test]
    fn host_of_api_url() {
        assert_eq!(url_host("http://attune.local:8080"), "attune.local");
        assert_eq!(url_host("https://user@10.0.0.5:443/api"), "10.0.0.5");
        assert_eq!(url_host("http://[::1]:8080/"), "[::1]");
        assert_eq!(url_host("localhost"), "localhost");
    }
}
