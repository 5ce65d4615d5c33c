//! In-memory state: one [`Store`] guarded by a single `parking_lot::Mutex`
//! (one consistency model: every read-modify-write happens under that lock, so
//! there are no lost updates). Ids come from per-table `i64` counters.
//!
//! Each submodule holds one resource: its record struct, its JSON views and the
//! service functions (taking `&mut Store`) used by the HTTP layer and the engine.

pub mod actions;
pub mod enforcements;
pub mod events;
pub mod executions;
pub mod identities;
pub mod index;
pub mod inquiries;
pub mod keys;
pub mod packs;
pub mod retention;
pub mod rules;
pub mod runtimes;
pub mod schema;
pub mod secrets;
pub mod seed;
pub mod sensors;
pub mod triggers;
pub mod workflows;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use parking_lot::{Mutex, RwLock};

use crate::auth::crypto::Cipher;
use crate::auth::jwt::JwtKeys;
use crate::config::EmulatorConfig;
use crate::hooks::{EngineHooks, NoopEngine};

/// Current time (UTC), truncated to microseconds like PostgreSQL.
pub fn now() -> DateTime<Utc> {
    let n = Utc::now();
    let micros = n.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(n)
}

/// A table of records keyed by id, with its own id counter.
#[derive(Debug, Clone)]
pub struct Table<T> {
    next_id: i64,
    rows: BTreeMap<i64, T>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            next_id: 1,
            rows: BTreeMap::new(),
        }
    }
}

impl<T> Table<T> {
    /// Allocates the next id and inserts the record built from it.
    pub fn insert_with(&mut self, build: impl FnOnce(i64) -> T) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.rows.insert(id, build(id));
        id
    }
    /// Rewrites the first record `matches` accepts with `build(its id, created(it))`, or inserts
    /// `build(new id, now)` when none does (an update that keeps id and creation time, as a
    /// re-installed pack's components do). Returns the id and whether the record was inserted.
    pub fn upsert_where<C>(
        &mut self,
        matches: impl Fn(&T) -> bool,
        created: impl Fn(&T) -> C,
        now: C,
        build: impl FnOnce(i64, C) -> T,
    ) -> (i64, bool) {
        let found = self
            .rows
            .iter()
            .find(|(_, r)| matches(r))
            .map(|(id, r)| (*id, created(r)));
        match found {
            Some((id, c)) => {
                self.rows.insert(id, build(id, c));
                (id, false)
            }
            None => (self.insert_with(|id| build(id, now)), true),
        }
    }
    /// Record by id.
    pub fn get(&self, id: i64) -> Option<&T> {
        self.rows.get(&id)
    }
    /// Mutable record by id.
    pub fn get_mut(&mut self, id: i64) -> Option<&mut T> {
        self.rows.get_mut(&id)
    }
    /// Removes a record.
    pub fn remove(&mut self, id: i64) -> Option<T> {
        self.rows.remove(&id)
    }
    /// Records, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.rows.values()
    }
    /// Records, newest (highest id) first.
    pub fn newest_first(&self) -> impl Iterator<Item = &T> {
        self.rows.values().rev()
    }
    /// Mutable records.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.rows.values_mut()
    }
    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// All tables.
#[derive(Debug, Default)]
pub struct Store {
    /// Identities (users).
    pub identities: Table<identities::Identity>,
    /// Permission sets.
    pub permission_sets: Table<identities::PermissionSet>,
    /// Role bindings of permission sets.
    pub set_roles: Table<identities::PermissionSetRole>,
    /// Role assignments of identities.
    pub identity_roles: Table<identities::IdentityRole>,
    /// Direct permission-set assignments.
    pub assignments: Table<identities::Assignment>,
    /// Packs.
    pub packs: Table<packs::Pack>,
    /// Runtimes.
    pub runtimes: Table<runtimes::Runtime>,
    /// Actions.
    pub actions: Table<actions::Action>,
    /// Triggers.
    pub triggers: Table<triggers::Trigger>,
    /// Sensors.
    pub sensors: Table<sensors::Sensor>,
    /// Rules.
    pub rules: Table<rules::Rule>,
    /// Keys (key/value store).
    pub keys: Table<keys::Key>,
    /// Events.
    pub events: Table<events::Event>,
    /// Indexes of `events`.
    pub event_index: events::EventIndex,
    /// Enforcements.
    pub enforcements: Table<enforcements::Enforcement>,
    /// Indexes of `enforcements`.
    pub enforcement_index: enforcements::EnforcementIndex,
    /// Executions.
    pub executions: Table<executions::Execution>,
    /// Indexes of `executions`.
    pub execution_index: executions::ExecutionIndex,
    /// Inquiries.
    pub inquiries: Table<inquiries::Inquiry>,
    /// Workflow definitions.
    pub workflows: Table<workflows::Workflow>,
    /// Last workflow-execution record id (one record per workflow run; see
    /// [`executions::new_workflow_record`]).
    pub workflow_records: i64,
    /// Notification bus (notifier WebSocket).
    pub notify: crate::notify::Bus,
}

/// Shared state of one emulator instance.
pub struct AppState {
    /// Configuration.
    pub config: EmulatorConfig,
    /// The store (single lock).
    pub store: Mutex<Store>,
    /// JWT signing/verification keys.
    pub jwt: JwtKeys,
    /// AES-256-GCM cipher for encrypted keys.
    pub cipher: Cipher,
    /// Installed pack files and runtime environments.
    pub pack_files: crate::engine::packs::PackFiles,
    hooks: RwLock<Arc<dyn EngineHooks>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

impl AppState {
    /// Builds the state and seeds it (admin identity, permission sets, `core` pack, runtimes, triggers, actions).
    pub fn new(config: EmulatorConfig) -> Self {
        let jwt = JwtKeys::new(&config.jwt_secret);
        let cipher = Cipher::new(&config.encryption_key);
        let mut store = Store::default();
        seed::seed(&mut store, &config);
        let env_cache = config
            .env_cache_dir
            .clone()
            .unwrap_or_else(crate::engine::packs::envs::default_cache_dir);
        Self {
            config,
            store: Mutex::new(store),
            jwt,
            cipher,
            pack_files: crate::engine::packs::PackFiles::new(env_cache),
            hooks: RwLock::new(Arc::new(NoopEngine)),
        }
    }

    /// Installs the engine hooks.
    pub fn set_hooks(&self, hooks: Arc<dyn EngineHooks>) {
        *self.hooks.write() = hooks;
    }

    /// The installed engine hooks (call them without holding the store lock).
    pub fn hooks(&self) -> Arc<dyn EngineHooks> {
        self.hooks.read().clone()
    }
}

/// Validates a pack ref: `[a-z][a-z0-9_-]*`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Validates a component ref `pack.name`; returns the pack part.
pub fn split_component_ref(s: &str) -> Option<(&str, &str)> {
    let (p, n) = s.split_once('.')?;
    if is_identifier(p) && is_identifier(n) {
        Some((p, n))
    } else {
        None
    }
}

/// Checks a `pack.name` ref and that its pack part matches `pack_ref` (422 otherwise).
pub fn validate_component_ref(
    kind: &str,
    r: &str,
    pack_ref: Option<&str>,
) -> crate::error::ApiResult<()> {
    if r.is_empty() || r.len() > 255 {
        return Err(crate::error::ApiError::validation(format!(
            "{kind} ref must be between 1 and 255 characters"
        )));
    }
    match split_component_ref(r) {
        None => Err(crate::error::ApiError::validation(format!(
            "Invalid {kind} ref '{r}': expected '<pack>.<name>' with lowercase identifiers ([a-z][a-z0-9_-]*)"
        ))),
        Some((p, _)) => match pack_ref {
            Some(pr) if pr != p => Err(crate::error::ApiError::validation(format!(
                "Invalid {kind} ref '{r}': prefix must match pack_ref '{pr}'"
            ))),
            _ => Ok(()),
        },
    }
}

/// Validates the length of a required string field (422).
pub fn check_len(field: &str, v: &str, min: usize, max: usize) -> crate::error::ApiResult<()> {
    let n = v.chars().count();
    if n < min || n > max {
        return Err(crate::error::ApiError::validation(format!(
            "{field}: length must be between {min} and {max}"
        )));
    }
    Ok(())
}
