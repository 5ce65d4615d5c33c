//! [`AttuneClient`], its builder, and the request engine (auth, retries, timeouts, tracing).

use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use crate::error::{Error, Result, TimeoutKind};
use crate::models::auth::{LoginRequest, RefreshTokenRequest, TokenResponse};
use crate::pagination::{Page, RawPage};
use crate::profile::{ApiGeneration, DetectedBy, ServerProfile};
use crate::retry::{parse_retry_after, RetryPolicy};

/// Default base URL (the one the official clients use).
pub const DEFAULT_BASE_URL: &str = "http://localhost:8080";
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default per-attempt timeout.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default total deadline of one operation (all attempts and back-offs).
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// How long before the access token's `exp` the SDK refreshes it.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Async client for the Attune REST API.
///
/// Cheap to clone (an [`Arc`] inside): clones share the connection pool and the token store.
/// Build one with [`AttuneClient::builder`] or [`AttuneClient::from_env`], then use the
/// resource handles ([`AttuneClient::packs`], [`AttuneClient::executions`], ...).
#[derive(Clone)]
pub struct AttuneClient {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for AttuneClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttuneClient")
            .field("base_url", &self.inner.base_url)
            .field("retry", &self.inner.retry)
            .field("has_credentials", &self.inner.auth.credentials.is_some())
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Duration,
    auth: AuthState,
    profile: Arc<tokio::sync::OnceCell<ServerProfile>>,
    user_agent: String,
    no_redirect: std::sync::OnceLock<reqwest::Client>,
}

/// Builder for [`AttuneClient`].
///
/// ```no_run
/// # fn main() -> attune_client::Result<()> {
/// use std::time::Duration;
/// use attune_client::{AttuneClient, RetryPolicy};
/// let client = AttuneClient::builder()
///     .base_url("http://127.0.0.1:8080")
///     .credentials("admin", "changeme123")
///     .retry_policy(RetryPolicy::default())
///     .attempt_timeout(Duration::from_secs(10))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct AttuneClientBuilder {
    base_url: Option<String>,
    credentials: Option<LoginRequest>,
    token: Option<String>,
    refresh_token: Option<String>,
    retry: Option<RetryPolicy>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    refresh_margin: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    server_profile: Option<ServerProfile>,
}

impl std::fmt::Debug for AttuneClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttuneClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .finish_non_exhaustive()
    }
}

impl AttuneClientBuilder {
    /// Base URL of the Attune API, e.g. `http://127.0.0.1:8080` (no `/api/v1` suffix).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Log in with these credentials on the first authenticated request; re-login when the
    /// refresh token is rejected.
    pub fn credentials(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(LoginRequest::new(login, password));
        self
    }

    /// Use a fixed bearer token (access, sensor or execution token).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// A refresh token used to renew the access token before it expires / after a 401.
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.refresh_token = Some(token.into());
        self
    }

    /// Retry policy (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] disables retries).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// TCP/TLS connect timeout (default 5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// Timeout of a single attempt including reading the body (default 30 s).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = Some(d);
        self
    }

    /// Deadline of a whole operation including retries (default 60 s).
    pub fn total_timeout(mut self, d: Duration) -> Self {
        self.total_timeout = Some(d);
        self
    }

    /// How long before expiry the access token is refreshed (default 60 s).
    pub fn refresh_margin(mut self, d: Duration) -> Self {
        self.refresh_margin = Some(d);
        self
    }

    /// Skip detection and treat the server as speaking `profile` (see [`AttuneClient::server_profile`]).
    pub fn server_profile(mut self, profile: ServerProfile) -> Self {
        self.server_profile = Some(profile);
        self
    }

    /// Override the `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Use a preconfigured [`reqwest::Client`] (its own timeouts/TLS settings then apply;
    /// the connect timeout of this builder is ignored).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Fill every unset field from the environment: `ATTUNE_API_URL`, `ATTUNE_LOGIN` +
    /// `ATTUNE_PASSWORD`, `ATTUNE_API_TOKEN`.
    pub fn from_env(mut self) -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if self.base_url.is_none() {
            self.base_url = var("ATTUNE_API_URL");
        }
        if self.credentials.is_none() {
            if let (Some(l), Some(p)) = (var("ATTUNE_LOGIN"), var("ATTUNE_PASSWORD")) {
                self.credentials = Some(LoginRequest::new(l, p));
            }
        }
        if self.token.is_none() {
            self.token = var("ATTUNE_API_TOKEN");
        }
        self
    }

    /// Build the client.
    ///
    /// Fails with [`Error::Config`] when the base URL is missing or invalid.
    pub fn build(self) -> Result<AttuneClient> {
        let raw = self
            .base_url
            .ok_or_else(|| Error::Config("base_url is required (or set ATTUNE_API_URL)".into()))?;
        let parsed = url::Url::parse(raw.trim())
            .map_err(|e| Error::Config(format!("invalid base_url {raw:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base_url must use http or https, got {:?}",
                parsed.scheme()
            )));
        }
        let base_url = parsed.as_str().trim_end_matches('/').to_string();
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| format!("attune-client-rs/{}", env!("CARGO_PKG_VERSION")));
        let http = match self.http_client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .user_agent(user_agent.clone())
                .build()
                .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?,
        };
        let mut tokens = Tokens::default();
        if let Some(t) = self.token {
            tokens.exp = jwt_exp(&t);
            tokens.bearer = bearer_header(&t);
            tokens.access = Some(t);
        }
        tokens.refresh = self.refresh_token;
        Ok(AttuneClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                retry: self.retry.unwrap_or_default(),
                connect_timeout,
                attempt_timeout: self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
                total_timeout: self.total_timeout.unwrap_or(DEFAULT_TOTAL_TIMEOUT),
                auth: AuthState {
                    tokens: RwLock::new(tokens),
                    lock: tokio::sync::Mutex::new(()),
                    credentials: self.credentials,
                    refresh_margin: self.refresh_margin.unwrap_or(DEFAULT_REFRESH_MARGIN),
                },
                profile: Arc::new(tokio::sync::OnceCell::new_with(
                    self.server_profile
                        .map(|p| p.detected(crate::profile::DetectedBy::Preset)),
                )),
                user_agent,
                no_redirect: std::sync::OnceLock::new(),
            }),
        })
    }
}

/// `Bearer <token>` as a sensitive header value, built once per token (not per request).
fn bearer_header(token: &str) -> Option<reqwest::header::HeaderValue> {
    let mut v = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    v.set_sensitive(true);
    Some(v)
}

// ---------------------------------------------------------------------------------------------
// Token store
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Tokens {
    access: Option<String>,
    /// `Bearer <access>` as a ready header value (`None` when unset or not a valid header).
    bearer: Option<reqwest::header::HeaderValue>,
    refresh: Option<String>,
    /// Unix seconds.
    exp: Option<i64>,
    generation: u64,
}

struct AuthState {
    tokens: RwLock<Tokens>,
    lock: tokio::sync::Mutex<()>,
    credentials: Option<LoginRequest>,
    refresh_margin: Duration,
}

impl AuthState {
    fn snapshot(&self) -> Tokens {
        self.tokens
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn store(&self, tr: &TokenResponse) -> (String, u64) {
        let mut t = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        t.access = Some(tr.access_token.clone());
        t.bearer = bearer_header(&tr.access_token);
        if !tr.refresh_token.is_empty() {
            t.refresh = Some(tr.refresh_token.clone());
        }
        t.exp = jwt_exp(&tr.access_token).or_else(|| {
            (tr.expires_in > 0).then(|| chrono::Utc::now().timestamp() + tr.expires_in)
        });
        t.generation += 1;
        (tr.access_token.clone(), t.generation)
    }

    fn set(&self, access: Option<String>, refresh: Option<String>) {
        let mut t = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        t.exp = access.as_deref().and_then(jwt_exp);
        t.bearer = access.as_deref().and_then(bearer_header);
        t.access = access;
        t.refresh = refresh;
        t.generation += 1;
    }

    fn can_renew(&self, t: &Tokens) -> bool {
        self.credentials.is_some() || t.refresh.is_some()
    }

    fn near_expiry(&self, t: &Tokens) -> bool {
        match t.exp {
            Some(exp) => {
                let now = chrono::Utc::now().timestamp();
                exp - now <= self.refresh_margin.as_secs() as i64
            }
            None => false,
        }
    }

    fn expired(t: &Tokens) -> bool {
        matches!(t.exp, Some(exp) if exp <= chrono::Utc::now().timestamp())
    }
}

/// Decode the `exp` claim of a JWT without verifying it.
pub(crate) fn jwt_exp(token: &str) -> Option<i64> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = v.get("exp")?;
    exp.as_i64().or_else(|| exp.as_f64().map(|f| f as i64))
}

// ---------------------------------------------------------------------------------------------
// Request engine
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthMode {
    /// Send the bearer token (renewing it when needed).
    Bearer,
    /// Send no Authorization header (health, login, webhook receiver).
    None,
}

/// Everything needed to (re)build one HTTP request.
#[derive(Clone)]
pub(crate) struct Req {
    pub operation: &'static str,
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Bytes>,
    /// Content type of `body` (`application/json` when unset).
    pub content_type: Option<String>,
    pub auth: AuthMode,
}

impl std::fmt::Debug for Req {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may carry passwords, tokens or key values: never print it.
        f.debug_struct("Req")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .field("auth", &self.auth)
            .finish()
    }
}

impl Req {
    pub(crate) fn new(operation: &'static str, method: Method, path: impl Into<String>) -> Self {
        Req {
            operation,
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            content_type: None,
            auth: AuthMode::Bearer,
        }
    }
    pub(crate) fn get(op: &'static str, path: impl Into<String>) -> Self {
        Self::new(op, Method::GET, path)
    }
    pub(crate) fn post(op: &'static str, path: impl Into<String>) -> Self {
        Self::new(op, Method::POST, path)
    }
    pub(crate) fn put(op: &'static str, path: impl Into<String>) -> Self {
        Self::new(op, Method::PUT, path)
    }
    pub(crate) fn delete(op: &'static str, path: impl Into<String>) -> Self {
        Self::new(op, Method::DELETE, path)
    }
    pub(crate) fn no_auth(mut self) -> Self {
        self.auth = AuthMode::None;
        self
    }
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }
    pub(crate) fn raw_body(mut self, content_type: impl Into<String>, body: Vec<u8>) -> Self {
        self.body = Some(Bytes::from(body));
        self.content_type = Some(content_type.into());
        self
    }
    pub(crate) fn query<Q: Serialize + ?Sized>(mut self, q: &Q) -> Result<Self> {
        self.query.extend(to_query(q)?);
        Ok(self)
    }
    pub(crate) fn param(mut self, k: &str, v: impl ToString) -> Self {
        self.query.push((k.to_string(), v.to_string()));
        self
    }
}

/// Serialize a params struct to query pairs (nulls skipped, arrays comma-joined).
pub(crate) fn to_query<Q: Serialize + ?Sized>(q: &Q) -> Result<Vec<(String, String)>> {
    let v = serde_json::to_value(q).map_err(|e| Error::Encode(e.to_string()))?;
    let mut out = Vec::new();
    if let serde_json::Value::Object(map) = v {
        for (k, v) in map {
            let s = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            out.push((k, s));
        }
    }
    Ok(out)
}

/// Percent-encode one path segment (unreserved characters kept, like 0.5.4's `quote(safe="")`).
pub(crate) fn seg(s: impl AsRef<str>) -> String {
    let s = s.as_ref();
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if s.bytes().all(plain) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if plain(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

struct RawResponse {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
}

impl AttuneClient {
    /// Start building a client.
    pub fn builder() -> AttuneClientBuilder {
        AttuneClientBuilder::default()
    }

    /// Build a client from `ATTUNE_API_URL` (default `http://localhost:8080`), `ATTUNE_LOGIN` +
    /// `ATTUNE_PASSWORD` and/or `ATTUNE_API_TOKEN`.
    pub fn from_env() -> Result<AttuneClient> {
        let b = AttuneClientBuilder::default().from_env();
        let b = if b.base_url.is_none() {
            b.base_url(DEFAULT_BASE_URL)
        } else {
            b
        };
        b.build()
    }

    /// The normalized base URL (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The active retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The configured (connect, attempt, total) timeouts.
    pub fn timeouts(&self) -> (Duration, Duration, Duration) {
        (
            self.inner.connect_timeout,
            self.inner.attempt_timeout,
            self.inner.total_timeout,
        )
    }

    /// A new client sharing this one's connection pool and settings but authenticating with
    /// `token` only (e.g. a sensor or execution token); no credentials, no refresh.
    pub fn with_token(&self, token: impl Into<String>) -> AttuneClient {
        let token = token.into();
        let tokens = Tokens {
            exp: jwt_exp(&token),
            bearer: bearer_header(&token),
            access: Some(token),
            ..Tokens::default()
        };
        AttuneClient {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base_url: self.inner.base_url.clone(),
                retry: self.inner.retry.clone(),
                connect_timeout: self.inner.connect_timeout,
                attempt_timeout: self.inner.attempt_timeout,
                total_timeout: self.inner.total_timeout,
                auth: AuthState {
                    tokens: RwLock::new(tokens),
                    lock: tokio::sync::Mutex::new(()),
                    credentials: None,
                    refresh_margin: self.inner.auth.refresh_margin,
                },
                profile: self.inner.profile.clone(),
                user_agent: self.inner.user_agent.clone(),
                no_redirect: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Log in with the configured credentials now and keep the tokens.
    ///
    /// Fails with [`Error::Auth`] when the client has no credentials.
    pub async fn login(&self) -> Result<TokenResponse> {
        let creds = self
            .inner
            .auth
            .credentials
            .clone()
            .ok_or_else(|| Error::Auth {
                message: "client has no credentials to log in with".into(),
                source: None,
            })?;
        let _guard = self.inner.auth.lock.lock().await;
        let tr = self.post_login(&creds).await?;
        self.inner.auth.store(&tr);
        Ok(tr)
    }

    /// What the server supports where the API generations differ ([`ServerProfile`]).
    ///
    /// Detected on first use and cached (clones and [`AttuneClient::with_token`] share it): first
    /// from the server's OpenAPI document (`GET /api-spec/openapi.json`), else from the validation
    /// error of `POST /api/v1/keys` with a body lacking the key's name (nothing is created), else
    /// the newer contract is assumed ([`DetectedBy::Assumed`]). Transport errors and timeouts are
    /// returned and not cached.
    pub async fn server_profile(&self) -> Result<ServerProfile> {
        self.inner
            .profile
            .get_or_try_init(|| self.detect_profile())
            .await
            .cloned()
    }

    /// The cached profile, if it has been detected or preset (no network call).
    pub fn known_server_profile(&self) -> Option<ServerProfile> {
        self.inner.profile.get().cloned()
    }

    async fn detect_profile(&self) -> Result<ServerProfile> {
        let openapi = Req::get("profile.openapi", "/api-spec/openapi.json").no_auth();
        match self.call::<serde_json::Value>(openapi).await {
            Ok(doc) => {
                if let Some(p) = ServerProfile::from_openapi(&doc) {
                    tracing::debug!(generation = ?p.generation, "server profile from OpenAPI document");
                    return Ok(p);
                }
            }
            Err(e @ (Error::Transport { .. } | Error::Timeout { .. })) => return Err(e),
            Err(_) => {}
        }
        let probe = Req::post("profile.key_probe", "/api/v1/keys")
            .json(&crate::profile::key_probe_body())?;
        let assumed = || ServerProfile::of(ApiGeneration::Sdk054).detected(DetectedBy::Assumed);
        let profile = match self.call::<serde_json::Value>(probe).await {
            Ok(_) => assumed(),
            Err(Error::Api { message, body, .. }) => ServerProfile::from_key_probe(&body)
                .or_else(|| ServerProfile::from_key_probe(&message))
                .unwrap_or_else(assumed),
            Err(e) => return Err(e),
        };
        tracing::debug!(generation = ?profile.generation, by = ?profile.detected_by, "server profile detected");
        Ok(profile)
    }

    /// Drop the tokens held by this client (the server has no token revocation). A client with
    /// credentials logs in again on its next request.
    pub fn logout(&self) {
        self.inner.auth.set(None, None);
    }

    /// Replace the tokens held by the client.
    pub fn set_tokens(&self, access_token: impl Into<String>, refresh_token: Option<String>) {
        self.inner
            .auth
            .set(Some(access_token.into()), refresh_token);
    }

    /// The current access token, if any (no network call).
    pub async fn access_token(&self) -> Option<String> {
        self.inner.auth.snapshot().access
    }

    /// The current refresh token, if any.
    pub async fn refresh_token(&self) -> Option<String> {
        self.inner.auth.snapshot().refresh
    }

    /// A valid access token, logging in or refreshing first when needed.
    pub async fn ensure_token(&self) -> Result<Option<String>> {
        Ok(self.token_for_request().await?.map(|(t, _)| t))
    }

    fn post_login<'a>(&'a self, creds: &'a LoginRequest) -> BoxFuture<'a, Result<TokenResponse>> {
        Box::pin(async move {
            let req = Req::post("auth.login", "/auth/login")
                .no_auth()
                .json(creds)?;
            self.call(req).await
        })
    }

    fn post_refresh<'a>(&'a self, refresh: &'a str) -> BoxFuture<'a, Result<TokenResponse>> {
        Box::pin(async move {
            let body = RefreshTokenRequest {
                refresh_token: refresh.to_string(),
            };
            let req = Req::post("auth.refresh", "/auth/refresh")
                .no_auth()
                .json(&body)?;
            self.call(req).await
        })
    }

    /// The `Authorization` header value for a request (and the token generation it came from):
    /// a cached value on the fast path, else the token after renewal, bounded by `deadline`.
    async fn bearer_for_request(
        &self,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<Option<(reqwest::header::HeaderValue, u64)>> {
        let auth = &self.inner.auth;
        {
            let t = auth.tokens.read().unwrap_or_else(|e| e.into_inner());
            if let (Some(b), Some(_)) = (t.bearer.as_ref(), t.access.as_ref()) {
                if !auth.near_expiry(&t) || !auth.can_renew(&t) {
                    return Ok(Some((b.clone(), t.generation)));
                }
            }
        }
        let tok = match deadline {
            Some(d) => tokio::time::timeout_at(d, self.token_for_request())
                .await
                .map_err(|_| Error::Timeout {
                    kind: TimeoutKind::Total,
                    after: self.inner.total_timeout,
                })??,
            None => self.token_for_request().await?,
        };
        match tok {
            None => Ok(None),
            Some((t, gen)) => match bearer_header(&t) {
                Some(h) => Ok(Some((h, gen))),
                None => Err(Error::Auth {
                    message: "the access token contains characters not allowed in an HTTP header"
                        .into(),
                    source: None,
                }),
            },
        }
    }

    async fn token_for_request(&self) -> Result<Option<(String, u64)>> {
        let auth = &self.inner.auth;
        {
            // Fast path: a valid token, no cloning of the whole token state.
            let t = auth.tokens.read().unwrap_or_else(|e| e.into_inner());
            if let Some(a) = t.access.as_ref() {
                if !auth.near_expiry(&t) || !auth.can_renew(&t) {
                    return Ok(Some((a.clone(), t.generation)));
                }
            }
        }
        let t = auth.snapshot();
        match t.access.clone() {
            Some(a) if !auth.near_expiry(&t) || !auth.can_renew(&t) => Ok(Some((a, t.generation))),
            Some(a) => match self.renew(t.generation).await {
                Ok(tok) => Ok(Some(tok)),
                Err(e) if !AuthState::expired(&t) => {
                    tracing::warn!(error = %e, "proactive token refresh failed; using current token");
                    Ok(Some((a, t.generation)))
                }
                Err(e) => Err(e),
            },
            None if auth.can_renew(&t) => self.renew(t.generation).await.map(Some),
            None => Ok(None),
        }
    }

    /// Single-flight renewal: refresh with the refresh token, fall back to logging in.
    async fn renew(&self, seen_generation: u64) -> Result<(String, u64)> {
        let auth = &self.inner.auth;
        let _guard = auth.lock.lock().await;
        let cur = auth.snapshot();
        if cur.generation != seen_generation {
            if let Some(a) = cur.access {
                return Ok((a, cur.generation));
            }
        }
        let mut last_err = None;
        if let Some(rt) = cur.refresh.as_deref() {
            match self.post_refresh(rt).await {
                Ok(tr) => return Ok(auth.store(&tr)),
                Err(e) => {
                    tracing::debug!(error = %e, "token refresh failed");
                    last_err = Some(e);
                }
            }
        }
        if let Some(creds) = auth.credentials.as_ref() {
            return match self.post_login(creds).await {
                Ok(tr) => Ok(auth.store(&tr)),
                Err(e) => Err(Error::Auth {
                    message: format!("login as {:?} failed", creds.login),
                    source: Some(Box::new(e)),
                }),
            };
        }
        Err(Error::Auth {
            message: "access token could not be renewed".into(),
            source: last_err.map(Box::new),
        })
    }

    /// Execute a request with auth, retries and deadlines; returns the 2xx body.
    pub(crate) async fn execute(&self, req: Req) -> Result<Bytes> {
        let span = tracing::debug_span!(
            "attune.request",
            operation = req.operation,
            method = %req.method,
            path = %req.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        // One deadline for the whole operation; each attempt waits for the earlier of it and
        // its own timeout, so a request needs a single timer, not two nested ones.
        let deadline = tokio::time::Instant::now() + self.inner.total_timeout;
        if span.is_disabled() {
            // No subscriber wants the span: skip the `Instrumented` wrapper (and its move of
            // the whole request future).
            return self.execute_inner(&req, span, deadline).await;
        }
        let fut = self.execute_inner(&req, span.clone(), deadline);
        fut.instrument(span).await
    }

    fn total_timeout_error(&self) -> Error {
        Error::Timeout {
            kind: TimeoutKind::Total,
            after: self.inner.total_timeout,
        }
    }

    /// Back off for `delay`, or fail with the total timeout when the deadline comes first.
    async fn backoff_within(&self, delay: Duration, deadline: tokio::time::Instant) -> Result<()> {
        if tokio::time::Instant::now() + delay >= deadline {
            tokio::time::sleep_until(deadline).await;
            return Err(self.total_timeout_error());
        }
        tokio::time::sleep(delay).await;
        Ok(())
    }

    async fn execute_inner(
        &self,
        req: &Req,
        span: tracing::Span,
        deadline: tokio::time::Instant,
    ) -> Result<Bytes> {
        let policy = &self.inner.retry;
        let max = policy.max_attempts.max(1);
        let method_ok = policy.method_allowed(&req.method);
        let mut attempt: u32 = 0;
        let mut auth_replayed = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = match req.auth {
                AuthMode::Bearer => self.bearer_for_request(Some(deadline)).await?,
                AuthMode::None => None,
            };
            match self
                .send_once(req, token.as_ref().map(|t| &t.0), deadline)
                .await
            {
                Ok(resp) => {
                    span.record("status", resp.status);
                    if (200..300).contains(&resp.status) {
                        return Ok(resp.body);
                    }
                    if resp.status == 401 && req.auth == AuthMode::Bearer && !auth_replayed {
                        let snap = self.inner.auth.snapshot();
                        if self.inner.auth.can_renew(&snap) {
                            auth_replayed = true;
                            let gen = token.map(|t| t.1).unwrap_or(snap.generation);
                            tracing::debug!("401 received; renewing token and replaying once");
                            tokio::time::timeout_at(deadline, self.renew(gen))
                                .await
                                .map_err(|_| self.total_timeout_error())??;
                            attempt -= 1;
                            continue;
                        }
                    }
                    let retry_after = parse_retry_after(&resp.headers);
                    let err = Error::from_response(resp.status, &resp.body, retry_after);
                    if attempt < max && method_ok && policy.status_retryable(resp.status) {
                        let delay = match retry_after {
                            Some(ra) if policy.respect_retry_after => {
                                if ra > policy.max_retry_after {
                                    return Err(err);
                                }
                                ra
                            }
                            _ => policy.backoff(attempt),
                        };
                        tracing::debug!(status = resp.status, ?delay, attempt, "retrying");
                        self.backoff_within(delay, deadline).await?;
                        continue;
                    }
                    return Err(err);
                }
                Err(e) => {
                    let connect_failure = matches!(
                        e,
                        Error::Transport { connect: true, .. }
                            | Error::Timeout {
                                kind: TimeoutKind::Connect,
                                ..
                            }
                    );
                    if attempt < max && method_ok && connect_failure {
                        let delay = policy.backoff(attempt);
                        tracing::debug!(error = %e, ?delay, attempt, "connect failure; retrying");
                        self.backoff_within(delay, deadline).await?;
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    async fn send_once(
        &self,
        req: &Req,
        bearer: Option<&reqwest::header::HeaderValue>,
        deadline: tokio::time::Instant,
    ) -> Result<RawResponse> {
        let mut url = String::with_capacity(self.inner.base_url.len() + req.path.len());
        url.push_str(&self.inner.base_url);
        url.push_str(&req.path);
        let mut rb = self.inner.http.request(req.method.clone(), url);
        if !req.query.is_empty() {
            rb = rb.query(&req.query);
        }
        if let Some(b) = bearer {
            rb = rb.header(reqwest::header::AUTHORIZATION, b.clone());
        }
        rb = rb.header(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        if let Some(body) = &req.body {
            rb = rb
                .header(
                    reqwest::header::CONTENT_TYPE,
                    req.content_type.as_deref().unwrap_or("application/json"),
                )
                .body(body.clone());
        }
        let connect_timeout = self.inner.connect_timeout;
        // Boxed: reqwest's request and body futures are large, and every enclosing future
        // (attempt loop, operation, handler) would otherwise hold and move a copy of them.
        let fut = Box::pin(async move {
            let resp = rb
                .send()
                .await
                .map_err(|e| map_send_error(e, connect_timeout))?;
            let status = resp.status().as_u16();
            // Headers are only needed for Retry-After on failures; skip the copy on success.
            let headers = if resp.status().is_success() {
                reqwest::header::HeaderMap::new()
            } else {
                resp.headers().clone()
            };
            let body = resp.bytes().await.map_err(Error::transport)?;
            Ok(RawResponse {
                status,
                headers,
                body,
            })
        });
        let attempt_timeout = self.inner.attempt_timeout;
        let attempt_deadline = tokio::time::Instant::now() + attempt_timeout;
        let (until, kind, after) = if deadline < attempt_deadline {
            (deadline, TimeoutKind::Total, self.inner.total_timeout)
        } else {
            (attempt_deadline, TimeoutKind::Attempt, attempt_timeout)
        };
        match tokio::time::timeout_at(until, fut).await {
            Ok(r) => r,
            Err(_) => Err(Error::Timeout { kind, after }),
        }
    }

    // ---- decoding helpers ------------------------------------------------------------------

    /// Execute and decode `T`, accepting both `{"data": T, ...}` and a bare `T`.
    pub(crate) async fn call<T: DeserializeOwned>(&self, req: Req) -> Result<T> {
        let op = req.operation;
        let body = self.execute(req).await?;
        decode_data(op, &body)
    }

    /// Execute and decode `T` from the whole body (no envelope handling).
    pub(crate) async fn call_bare<T: DeserializeOwned>(&self, req: Req) -> Result<T> {
        let op = req.operation;
        let body = self.execute(req).await?;
        decode_exact(op, &body)
    }

    /// Execute, ignoring the body of the 2xx response.
    pub(crate) async fn call_unit(&self, req: Req) -> Result<()> {
        self.execute(req).await.map(|_| ())
    }

    /// Execute a list request and decode a [`Page`].
    pub(crate) async fn call_page<T: DeserializeOwned>(
        &self,
        req: Req,
        requested_page: u32,
        requested_size: u32,
    ) -> Result<Page<T>> {
        let op = req.operation;
        let body = self.execute(req).await?;
        let raw: RawPage<T> = decode_exact(op, &body)?;
        Ok(raw.into_page(requested_page, requested_size))
    }
}

fn map_send_error(e: reqwest::Error, connect_timeout: Duration) -> Error {
    if e.is_connect() && is_timeout_chain(&e) {
        Error::Timeout {
            kind: TimeoutKind::Connect,
            after: connect_timeout,
        }
    } else {
        Error::transport(e)
    }
}

fn is_timeout_chain(e: &reqwest::Error) -> bool {
    use std::error::Error as _;
    if e.is_timeout() {
        return true;
    }
    let mut src = e.source();
    while let Some(s) = src {
        let text = s.to_string().to_ascii_lowercase();
        if text.contains("timed out") || text.contains("timeout") {
            return true;
        }
        src = s.source();
    }
    false
}

pub(crate) fn decode_exact<T: DeserializeOwned>(op: &str, body: &[u8]) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| Error::decode(op, e, body))
}

#[derive(serde::Deserialize)]
struct DataEnvelope<T> {
    data: T,
}

pub(crate) fn decode_data<T: DeserializeOwned>(op: &str, body: &[u8]) -> Result<T> {
    // Fast path: a single pass over `{"data": T, ...}` (the common server form).
    if let Ok(env) = serde_json::from_slice::<DataEnvelope<T>>(body) {
        return Ok(env.data);
    }
    let value: serde_json::Value = decode_exact(op, body)?;
    if let Some(data) = value.as_object().and_then(|o| o.get("data")) {
        match serde_path_to_error::deserialize::<_, T>(data.clone()) {
            Ok(v) => return Ok(v),
            Err(first) => {
                return serde_path_to_error::deserialize::<_, T>(value).map_err(|_| {
                    let path = format!("data.{}", first.path());
                    Error::Decode {
                        context: op.to_string(),
                        path,
                        message: first.into_inner().to_string(),
                        body_snippet: crate::error::lossy_truncated(body, 512),
                    }
                });
            }
        }
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| Error::decode(op, e, body))
}

// ---- streaming (issue 12: SSE and artifact byte streams) -----------------------------------

/// A request body sent without buffering it.
pub(crate) enum StreamBody {
    /// A multipart form (its parts may be streams).
    Multipart(reqwest::multipart::Form),
    /// A raw body (possibly a stream) with its content type.
    Raw {
        /// `Content-Type` header.
        content_type: String,
        /// The body.
        body: reqwest::Body,
    },
}

impl AttuneClient {
    /// Send one request and hand back the live response (body not read), for streaming
    /// endpoints. Auth as for every call; no retries (callers reconnect themselves); non-2xx
    /// statuses become the usual typed error. `body` is sent as-is with `content_type`.
    pub(crate) async fn send_streaming(
        &self,
        req: Req,
        accept: &str,
        extra_headers: &[(&str, String)],
        body: Option<StreamBody>,
    ) -> Result<reqwest::Response> {
        let token = match req.auth {
            AuthMode::Bearer => self.bearer_for_request(None).await?,
            AuthMode::None => None,
        };
        let url = format!("{}{}", self.inner.base_url, req.path);
        let mut rb = self.inner.http.request(req.method.clone(), url);
        if !req.query.is_empty() {
            rb = rb.query(&req.query);
        }
        if let Some((b, _)) = token {
            rb = rb.header(reqwest::header::AUTHORIZATION, b);
        }
        rb = rb.header(reqwest::header::ACCEPT, accept);
        for (k, v) in extra_headers {
            rb = rb.header(*k, v.as_str());
        }
        if let Some(StreamBody::Multipart(form)) = body {
            rb = rb.multipart(form);
        } else if let Some(StreamBody::Raw { content_type, body }) = body {
            rb = rb
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body);
        } else if let Some(b) = &req.body {
            rb = rb
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b.clone());
        }
        let connect_timeout = self.inner.connect_timeout;
        let resp = tokio::time::timeout(self.inner.attempt_timeout, rb.send())
            .await
            .map_err(|_| Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: self.inner.attempt_timeout,
            })?
            .map_err(|e| map_send_error(e, connect_timeout))?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(resp);
        }
        let retry_after = parse_retry_after(resp.headers());
        let body = resp.bytes().await.map_err(Error::transport)?;
        Err(Error::from_response(status, &body, retry_after))
    }
}

/// The answer of a request sent without following redirects (`send_no_redirect`).
pub(crate) struct NoRedirectResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
}

impl AttuneClient {
    /// A client like ours that never follows redirects (built once, lazily; it shares the
    /// connect timeout and user agent, not a caller-supplied [`reqwest::Client`]).
    fn no_redirect_http(&self) -> Result<&reqwest::Client> {
        if let Some(c) = self.inner.no_redirect.get() {
            return Ok(c);
        }
        let c = reqwest::Client::builder()
            .connect_timeout(self.inner.connect_timeout)
            .user_agent(self.inner.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?;
        Ok(self.inner.no_redirect.get_or_init(|| c))
    }

    /// Send one bodiless request without following redirects: 2xx and 3xx are returned with
    /// their headers, anything else becomes the usual typed error. No retries.
    pub(crate) async fn send_no_redirect(
        &self,
        req: Req,
        extra_headers: &[(&str, String)],
    ) -> Result<NoRedirectResponse> {
        let token = match req.auth {
            AuthMode::Bearer => self.bearer_for_request(None).await?,
            AuthMode::None => None,
        };
        let http = self.no_redirect_http()?;
        let url = format!("{}{}", self.inner.base_url, req.path);
        let mut rb = http.request(req.method.clone(), url);
        if !req.query.is_empty() {
            rb = rb.query(&req.query);
        }
        if let Some((b, _)) = token {
            rb = rb.header(reqwest::header::AUTHORIZATION, b);
        }
        for (k, v) in extra_headers {
            rb = rb.header(*k, v.as_str());
        }
        let connect_timeout = self.inner.connect_timeout;
        let resp = tokio::time::timeout(self.inner.attempt_timeout, rb.send())
            .await
            .map_err(|_| Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: self.inner.attempt_timeout,
            })?
            .map_err(|e| map_send_error(e, connect_timeout))?;
        let status = resp.status().as_u16();
        if (200..400).contains(&status) {
            return Ok(NoRedirectResponse {
                status,
                headers: resp.headers().clone(),
            });
        }
        let retry_after = parse_retry_after(resp.headers());
        let body = resp.bytes().await.map_err(Error::transport)?;
        Err(Error::from_response(status, &body, retry_after))
    }
}
