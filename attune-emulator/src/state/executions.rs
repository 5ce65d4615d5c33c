//! Executions.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::index::{insert_some, remove_some, Index};
use super::{now, Store};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// Execution status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecutionStatus {
    /// Created, waiting for the scheduler.
    Requested,
    /// Being scheduled.
    Scheduling,
    /// Handed to a worker.
    Scheduled,
    /// Running.
    Running,
    /// Finished successfully.
    Completed,
    /// Finished unsuccessfully.
    Failed,
    /// Cancel requested while running.
    Canceling,
    /// Cancelled.
    Cancelled,
    /// Timed out.
    Timeout,
    /// Worker lost.
    Abandoned,
}

impl ExecutionStatus {
    /// All statuses in declaration order.
    pub const ALL: [ExecutionStatus; 10] = [
        Self::Requested,
        Self::Scheduling,
        Self::Scheduled,
        Self::Running,
        Self::Completed,
        Self::Failed,
        Self::Canceling,
        Self::Cancelled,
        Self::Timeout,
        Self::Abandoned,
    ];

    /// Wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Scheduling => "scheduling",
            Self::Scheduled => "scheduled",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Canceling => "canceling",
            Self::Cancelled => "cancelled",
            Self::Timeout => "timeout",
            Self::Abandoned => "abandoned",
        }
    }

    /// Parses a wire string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Terminal statuses: completed, failed, cancelled, timeout, abandoned.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed | Self::Cancelled | Self::Timeout | Self::Abandoned
        )
    }
}

/// An execution.
#[derive(Debug, Clone)]
pub struct Execution {
    /// Id.
    pub id: i64,
    /// Action id.
    pub action: Option<i64>,
    /// Action ref.
    pub action_ref: String,
    /// Parameters.
    pub config: Value,
    /// Environment variables requested (not returned by the API).
    pub env_vars: BTreeMap<String, String>,
    /// Parent (workflow) execution.
    pub parent: Option<i64>,
    /// Enforcement.
    pub enforcement: Option<i64>,
    /// Identity that initiated it.
    pub executor: Option<i64>,
    /// Worker id.
    pub worker: Option<i64>,
    /// Status.
    pub status: ExecutionStatus,
    /// Result (`{}` until there is one).
    pub result: Value,
    /// When the worker started it.
    pub started_at: Option<DateTime<Utc>>,
    /// Resolved timeout.
    pub timeout_seconds: Option<i64>,
    /// Workflow task metadata.
    pub workflow_task: Option<Value>,
    /// Permission sets for the execution token (`None` = action default).
    pub permission_set_refs: Option<Vec<String>>,
    /// First execution when this is a retry.
    pub original_execution: Option<i64>,
    /// Trace tag.
    pub trace_tag: Option<String>,
    /// Rule ref (rule-fired executions).
    pub rule_ref: Option<String>,
    /// Trigger ref (rule-fired executions).
    pub trigger_ref: Option<String>,
    /// Reschedule attempts.
    pub attempt_count: i64,
    /// Last (re)publish time.
    pub last_attempt_at: DateTime<Utc>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

/// Secondary indexes of [`Store::executions`] (kept by [`create`], the status
/// changes of this module and [`remove`]; change `status` only through them).
#[derive(Debug, Default)]
pub struct ExecutionIndex {
    /// By status.
    pub status: Index<ExecutionStatus>,
    /// By action ref.
    pub action_ref: Index<String>,
    /// By pack (the part of the action ref before the first `.`).
    pub pack: Index<String>,
    /// By action id.
    pub action: Index<i64>,
    /// By parent (`None`: top-level executions).
    pub parent: Index<Option<i64>>,
    /// By enforcement.
    pub enforcement: Index<i64>,
    /// By executor identity.
    pub executor: Index<i64>,
    /// By rule ref.
    pub rule_ref: Index<String>,
    /// By trigger ref.
    pub trigger_ref: Index<String>,
    /// By trace tag.
    pub trace_tag: Index<String>,
}

fn pack_of(action_ref: &str) -> Option<&str> {
    action_ref.split_once('.').map(|(p, _)| p)
}

impl ExecutionIndex {
    fn add(&mut self, e: &Execution) {
        let id = e.id;
        self.status.insert(e.status, id);
        self.action_ref.insert(e.action_ref.clone(), id);
        insert_some(
            &mut self.pack,
            pack_of(&e.action_ref).map(str::to_string),
            id,
        );
        insert_some(&mut self.action, e.action, id);
        self.parent.insert(e.parent, id);
        insert_some(&mut self.enforcement, e.enforcement, id);
        insert_some(&mut self.executor, e.executor, id);
        insert_some(&mut self.rule_ref, e.rule_ref.clone(), id);
        insert_some(&mut self.trigger_ref, e.trigger_ref.clone(), id);
        insert_some(&mut self.trace_tag, e.trace_tag.clone(), id);
    }

    fn drop_row(&mut self, e: &Execution) {
        let id = e.id;
        self.status.remove(&e.status, id);
        self.action_ref.remove(e.action_ref.as_str(), id);
        remove_some(&mut self.pack, pack_of(&e.action_ref), id);
        remove_some(&mut self.action, e.action.as_ref(), id);
        self.parent.remove(&e.parent, id);
        remove_some(&mut self.enforcement, e.enforcement.as_ref(), id);
        remove_some(&mut self.executor, e.executor.as_ref(), id);
        remove_some(&mut self.rule_ref, e.rule_ref.as_deref(), id);
        remove_some(&mut self.trigger_ref, e.trigger_ref.as_deref(), id);
        remove_some(&mut self.trace_tag, e.trace_tag.as_deref(), id);
    }

    fn restatus(&mut self, id: i64, old: ExecutionStatus, new: ExecutionStatus) {
        if old != new {
            self.status.remove(&old, id);
            self.status.insert(new, id);
        }
    }

    /// Total number of index entries (for consistency checks).
    pub fn entries(&self) -> usize {
        self.status.entries()
            + self.action_ref.entries()
            + self.pack.entries()
            + self.action.entries()
            + self.parent.entries()
            + self.enforcement.entries()
            + self.executor.entries()
            + self.rule_ref.entries()
            + self.trigger_ref.entries()
            + self.trace_tag.entries()
    }
}

/// Removes an execution and its index entries (retention).
pub fn remove(store: &mut Store, id: i64) -> Option<Execution> {
    let e = store.executions.remove(id)?;
    store.execution_index.drop_row(&e);
    Some(e)
}

/// Fields of a new execution (status `requested`).
#[derive(Debug, Clone, Default)]
pub struct NewExecution {
    /// Action id.
    pub action: Option<i64>,
    /// Action ref.
    pub action_ref: String,
    /// Parameters.
    pub config: Value,
    /// Environment variables.
    pub env_vars: BTreeMap<String, String>,
    /// Parent.
    pub parent: Option<i64>,
    /// Enforcement.
    pub enforcement: Option<i64>,
    /// Executor identity.
    pub executor: Option<i64>,
    /// Resolved timeout.
    pub timeout_seconds: Option<i64>,
    /// Workflow task metadata.
    pub workflow_task: Option<Value>,
    /// Permission sets.
    pub permission_set_refs: Option<Vec<String>>,
    /// Original execution (retries).
    pub original_execution: Option<i64>,
    /// Trace tag.
    pub trace_tag: Option<String>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Trigger ref.
    pub trigger_ref: Option<String>,
}

/// Stores a new execution in status `requested`; returns its id.
/// (Call [`EngineHooks::execution_requested`](crate::hooks::EngineHooks::execution_requested) after unlocking.)
pub fn create(store: &mut Store, n: NewExecution) -> i64 {
    let t = now();
    let id = store.executions.insert_with(|id| Execution {
        id,
        action: n.action,
        action_ref: n.action_ref,
        config: if n.config.is_null() {
            json!({})
        } else {
            n.config
        },
        env_vars: n.env_vars,
        parent: n.parent,
        enforcement: n.enforcement,
        executor: n.executor,
        worker: None,
        status: ExecutionStatus::Requested,
        result: json!({}),
        started_at: None,
        timeout_seconds: n.timeout_seconds,
        workflow_task: n.workflow_task,
        permission_set_refs: n.permission_set_refs,
        original_execution: n.original_execution,
        trace_tag: n.trace_tag.or_else(|| Some(format!("manual.{id}"))),
        rule_ref: n.rule_ref,
        trigger_ref: n.trigger_ref,
        attempt_count: 1,
        last_attempt_at: t,
        created: t,
        updated: t,
    });
    if let Some(e) = store.executions.get(id) {
        store.execution_index.add(e);
    }
    crate::notify::execution(store, id, None);
    id
}

/// Allocates the id of a new workflow-execution record (one per workflow run,
/// its own id sequence apart from executions; live note G6).
pub fn new_workflow_record(store: &mut Store) -> i64 {
    store.workflow_records += 1;
    store.workflow_records
}

/// Sets the status (and result, when given); `running` sets `started_at`.
/// Returns the previous status, or `None` when the execution does not exist.
pub fn update_status(
    store: &mut Store,
    id: i64,
    status: ExecutionStatus,
    result: Option<Value>,
) -> Option<ExecutionStatus> {
    let e = store.executions.get_mut(id)?;
    let old = e.status;
    e.status = status;
    store.execution_index.restatus(id, old, status);
    if status == ExecutionStatus::Running && e.started_at.is_none() {
        e.started_at = Some(now());
    }
    if let Some(r) = result {
        e.result = if r.is_null() { json!({}) } else { r };
    }
    e.updated = now();
    crate::notify::execution(store, id, Some(old));
    Some(old)
}

/// Outcome of a cancel request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Was not yet running: now `cancelled`.
    Cancelled,
    /// Was running: now `canceling` (the engine must stop it).
    Canceling,
    /// Already `canceling`: unchanged.
    AlreadyCanceling,
}

/// Cancels an execution per the server's rules (409 for terminal statuses).
pub fn request_cancel(store: &mut Store, id: i64) -> ApiResult<CancelOutcome> {
    let e = store
        .executions
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("Execution with ID {id} not found")))?;
    let old = e.status;
    match e.status {
        ExecutionStatus::Requested | ExecutionStatus::Scheduling | ExecutionStatus::Scheduled => {
            e.status = ExecutionStatus::Cancelled;
            e.result = json!({"error": "Cancelled by user before execution started"});
            e.updated = now();
            store
                .execution_index
                .restatus(id, old, ExecutionStatus::Cancelled);
            crate::notify::execution(store, id, Some(old));
            Ok(CancelOutcome::Cancelled)
        }
        ExecutionStatus::Running => {
            e.status = ExecutionStatus::Canceling;
            e.updated = now();
            store
                .execution_index
                .restatus(id, old, ExecutionStatus::Canceling);
            crate::notify::execution(store, id, Some(old));
            Ok(CancelOutcome::Canceling)
        }
        ExecutionStatus::Canceling => Ok(CancelOutcome::AlreadyCanceling),
        s => Err(ApiError::conflict(format!(
            "Execution {id} is in status '{}' and cannot be cancelled",
            s.as_str()
        ))),
    }
}

impl Execution {
    /// `ExecutionResponse` (`config`/`result` always objects).
    pub fn response(&self) -> Value {
        let mut v = json!({
            "id": self.id, "action": self.action, "action_ref": self.action_ref,
            "config": if self.config.is_object() { self.config.clone() } else { json!({}) },
            "parent": self.parent, "enforcement": self.enforcement, "executor": self.executor,
            "worker": self.worker, "status": self.status,
            "result": if self.result.is_object() { self.result.clone() } else { json!({"value": self.result}) },
            "created": self.created, "updated": self.updated,
        });
        self.optional_fields(&mut v);
        if let Some(p) = &self.permission_set_refs {
            v["permission_set_refs"] = json!(p);
        }
        v
    }

    /// [`response`](Self::response) with the config fields declared `secret: true` in the
    /// action's param_schema (and `result.data` fields secret in its out_schema) redacted,
    /// unless `reveal`.
    pub fn view(&self, store: &Store, reveal: bool) -> Value {
        let mut v = self.response();
        if !reveal {
            let f =
                super::secrets::action_secret_fields(store, self.action, &self.action_ref, true);
            v["config"] = super::secrets::redact(&v["config"], &f);
            let f =
                super::secrets::action_secret_fields(store, self.action, &self.action_ref, false);
            if !f.is_empty() && v["result"].get("data").is_some() {
                v["result"]["data"] = super::secrets::redact(&v["result"]["data"], &f);
            }
        }
        v
    }

    fn optional_fields(&self, v: &mut Value) {
        if let Some(t) = &self.trace_tag {
            v["trace_tag"] = json!(t);
        }
        if let Some(t) = self.timeout_seconds {
            v["timeout_seconds"] = json!(t);
        }
        if let Some(t) = self.started_at {
            v["started_at"] = json!(t);
        }
        if let Some(t) = &self.workflow_task {
            v["workflow_task"] = t.clone();
        }
        if let Some(t) = self.original_execution {
            v["original_execution"] = json!(t);
        }
    }

    /// `ExecutionSummary`.
    pub fn summary(&self) -> Value {
        let mut v = json!({
            "id": self.id, "action_ref": self.action_ref, "status": self.status,
            "parent": self.parent, "enforcement": self.enforcement,
            "rule_ref": self.rule_ref, "trigger_ref": self.trigger_ref,
            "created": self.created, "updated": self.updated,
        });
        self.optional_fields(&mut v);
        v
    }

    /// Global `executions:read`, else the root of the parent chain must be executed by the caller.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        if p.can_global("executions", "read") {
            return true;
        }
        let mut cur = self;
        for _ in 0..64 {
            if cur.executor == Some(p.identity_id) {
                return true;
            }
            match cur.parent.and_then(|id| store.executions.get(id)) {
                Some(parent) => cur = parent,
                None => break,
            }
        }
        false
    }
}

/// Execution statistics over the executions visible to the caller.
pub fn stats(store: &Store, p: &Principal) -> Value {
    let mut c: BTreeMap<&str, i64> = BTreeMap::new();
    let mut total = 0i64;
    let mut count = |s: ExecutionStatus, n: i64| {
        total += n;
        let k = match s {
            ExecutionStatus::Requested
            | ExecutionStatus::Scheduling
            | ExecutionStatus::Scheduled => "pending",
            ExecutionStatus::Canceling | ExecutionStatus::Cancelled => "cancelled",
            s => s.as_str(),
        };
        *c.entry(k).or_default() += n;
    };
    if p.can_global("executions", "read") {
        // every row is visible: the status index has the counts
        for s in ExecutionStatus::ALL {
            let n = store.execution_index.status.ids(&s).len();
            count(s, i64::try_from(n).unwrap_or(i64::MAX));
        }
    } else {
        for e in store.executions.iter().filter(|e| e.visible_to(store, p)) {
            count(e.status, 1);
        }
    }
    let g = |k: &str| c.get(k).copied().unwrap_or(0);
    json!({
        "total": total, "completed": g("completed"), "failed": g("failed"), "running": g("running"),
        "pending": g("pending"), "cancelled": g("cancelled"), "timeout": g("timeout"),
        "abandoned": g("abandoned"),
    })
}
