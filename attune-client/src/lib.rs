//! # attune-client
//!
//! A typed async SDK for the [Attune](https://github.com/attune-system/attune) REST API — packs,
//! actions, triggers, webhooks, sensors, rules, events, enforcements, executions, inquiries,
//! keys, workflows, permissions, identities, artifacts, queues, policies, workers, caches,
//! analytics, history and audit. The contract is the one of the official
//! generated client `attune-sdk` 0.5.4, with leniency for older and newer servers.
//!
//! ## Quick start
//!
//! ```no_run
//! use attune_client::{AttuneClient, models::*};
//!
//! # async fn run() -> attune_client::Result<()> {
//! // ATTUNE_API_URL, ATTUNE_LOGIN + ATTUNE_PASSWORD (or ATTUNE_API_TOKEN)
//! let client = AttuneClient::from_env()?;
//!
//! client.packs().create(&CreatePackRequest::new("demo", "Demo pack", "1.0.0")).await?;
//! client
//!     .actions()
//!     .create(
//!         &CreateActionRequest::new("demo.hello", "demo", "Hello", "echo hello")
//!             .with_runtime_ref("core.shell"),
//!     )
//!     .await?;
//!
//! let exec = client.executions().execute(&ExecuteRequest::new("demo.hello")).await?;
//! let done = loop {
//!     let e = client.executions().get(exec.id).await?;
//!     if e.status.is_terminal() {
//!         break e;
//!     }
//!     tokio::time::sleep(std::time::Duration::from_millis(500)).await;
//! };
//! println!("{} -> {:?}", done.status, done.stdout());
//! # Ok(()) }
//! ```
//!
//! ## Building a client
//!
//! ```no_run
//! use std::time::Duration;
//! use attune_client::{AttuneClient, RetryPolicy};
//!
//! # fn build() -> attune_client::Result<()> {
//! let client = AttuneClient::builder()
//!     .base_url("http://127.0.0.1:8080")
//!     .credentials("admin", "changeme123") // logs in lazily, refreshes, re-logs in
//!     .retry_policy(RetryPolicy::default().with_max_attempts(4))
//!     .connect_timeout(Duration::from_secs(5))
//!     .attempt_timeout(Duration::from_secs(30))
//!     .total_timeout(Duration::from_secs(60))
//!     .build()?;
//!
//! // A client for a fixed (e.g. sensor or execution) token, sharing the connection pool:
//! let sensor_client = client.with_token("eyJ...");
//! # let _ = sensor_client; Ok(()) }
//! ```
//!
//! [`AttuneClient`] is `Clone + Send + Sync`; clones share the connection pool and tokens.
//!
//! ## Authentication
//!
//! With credentials the client logs in on its first authenticated request, keeps the access
//! and refresh tokens, refreshes the access token 60 s before its JWT `exp`, and after a 401
//! refreshes once and replays the request once. Renewal is single-flight: concurrent requests
//! share one refresh. When the refresh token is rejected the client logs in again. Token-only
//! clients just send their token. [`AttuneClient::logout`] drops the tokens locally (Attune has
//! no token revocation).
//!
//! ## Errors
//!
//! Every call returns [`Result<T>`](Result) with one [`Error`] type. Non-2xx answers become
//! [`Error::Api`] with status, Attune `code`, message, raw body and `Retry-After`:
//!
//! ```no_run
//! # async fn run(client: attune_client::AttuneClient) -> attune_client::Result<()> {
//! match client.actions().get("demo.missing").await {
//!     Ok(action) => println!("found {}", action.r#ref),
//!     Err(e) if e.is_not_found() => println!("no such action"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! ## Retries and timeouts
//!
//! Idempotent requests (GET, PUT, DELETE, HEAD) are retried on connect errors, 429, 502, 503
//! and 504 with jittered exponential back-off honouring `Retry-After`; POST is never retried
//! unless [`RetryPolicy::retry_post`] is set. Each attempt has a timeout (default 30 s), the
//! whole operation a deadline (default 60 s) and connecting a timeout (default 5 s).
//!
//! ## Pagination
//!
//! Attune uses three pagination schemes; list methods return a [`Page`], and `stream` methods
//! walk every page lazily:
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use attune_client::models::ListExecutionsParams;
//! # async fn run(client: attune_client::AttuneClient) -> attune_client::Result<()> {
//! let page = client.executions().list(&ListExecutionsParams::default()).await?;
//! println!("{} items, more: {}", page.items.len(), page.has_next);
//! let all: Vec<_> = client
//!     .executions()
//!     .stream(ListExecutionsParams { per_page: Some(100), ..Default::default() })
//!     .try_collect()
//!     .await?;
//! # let _ = all; Ok(()) }
//! ```
//!
//! ## Tracing
//!
//! Each request runs in a `debug` span `attune.request` with the fields `operation`, `method`,
//! `path`, `status` and `attempt`. Tokens, passwords and key values are never logged, and the
//! secret-bearing types ([`models::TokenResponse`], [`models::LoginRequest`], [`models::Key`],
//! ...) redact themselves in `Debug`.
//!
//! ## Features
//!
//! * `rustls` (default): TLS through rustls.
//! * `native-tls`: TLS through the platform library.
//!
//! ## Operation groups (attune-sdk 0.5.4) and their handlers
//!
//! All 244 operations of attune-sdk 0.5.4 have a typed handler (its doc names
//! `METHOD /path`) and a wiremock contract test; the column gives covered / total per group.
//!
//! | 0.5.4 group | Covered | Handler(s) |
//! |---|---|---|
//! | actions | 8/8 | [`api::Actions`] (incl. `queue_stats`) |
//! | agent | 2/2 | [`api::Audit`] (`agent_info`, `download_agent_binary`, streamed) |
//! | analytics, dashboards | 7/7, 9/9 | [`api::Analytics`] |
//! | artifacts | 21/21 | [`api::Artifacts`] (streamed upload and download) |
//! | audit | 3/3 | [`api::Audit`] |
//! | auth | 13/13 | [`api::Auth`] (incl. `ldap_login`, `token_login`, `server_logout`, `oidc_login`, `oidc_callback`, `create_sensor_token_internal`) |
//! | caches | 15/15 | [`api::Caches`] (namespaces, generations, chunks, lookups, scans) |
//! | enforcements, events | 2/2, 3/3 | [`api::Enforcements`], [`api::Events`] |
//! | executions | 11/11 | [`api::Executions`] (incl. SSE `stream_updates`, `stream_events`, `stream_log`; `workflow_cache_iterations`) |
//! | health | 4/4 | [`api::Health`] |
//! | history, traces, retention | 3/3, 1/1, 2/2 | [`api::History`] |
//! | inquiries | 8/8 | [`api::Inquiries`] |
//! | internal | 6/6 | [`api::Internal`] (artifact files and pack archives, streamed both ways; worker/sensor/execution tokens) |
//! | packs | 27/27 | [`api::Packs`] (incl. `upload`/`upload_dir`, `register`, `register_batch`, `install`, `download`, `dependencies`, `build_envs`, `icon`), [`api::PackIndices`] (registry indices) |
//! | permissions | 20/20 | [`api::Permissions`] (incl. `update_set`), [`api::Identities`] (incl. `freeze`, `unfreeze`, integration tokens) |
//! | policies | 7/7 | [`api::Policies`] |
//! | queues | 13/13 | [`api::Queues`] |
//! | rules | 11/11 | [`api::Rules`] (incl. `list_by_action`, `list_by_pack`, `list_by_trigger`) |
//! | runtimes | 6/6 | [`api::Runtimes`] (list/get/create/update/delete) |
//! | secrets | 5/5 | [`api::Keys`] |
//! | sensors | 12/12 | [`api::Sensors`] (incl. `list_by_pack`, `list_by_trigger`, `list_logs`, `get_log` streamed) |
//! | triggers, webhooks | 9/9, 4/4 | [`api::Triggers`], [`api::Webhooks`] |
//! | workers | 4/4 | [`api::Workers`] |
//! | workflows | 8/8 | [`api::Workflows`] (incl. `list_by_pack`, `save_file`, `update_file`) |
//! | anything else | — | [`api::Raw`] |
//!
//! `tools/coverage/sdk_coverage.py` counts the handlers (`METHOD /path` in their docs) and the
//! contract tests against the 0.5.4 operation list, by group.

#![warn(missing_docs)]

pub mod api;
mod client;
mod error;
pub mod models;
pub mod notifier;
pub mod pack_archive;
pub mod pagination;
pub mod profile;
mod retry;
pub mod sse;

pub use client::{
    AttuneClient, AttuneClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_REFRESH_MARGIN, DEFAULT_TOTAL_TIMEOUT,
};
pub use error::{Error, Result, TimeoutKind};
pub use pagination::Page;
pub use profile::{ApiGeneration, Feature, KeyRefStyle, ServerProfile};
pub use retry::RetryPolicy;

/// Re-export of the HTTP client crate (for [`reqwest::Method`] in [`api::Raw`]).
pub use reqwest;

// The workspace README's Rust example is compiled as a doctest, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
