//! Workflow orchestration (platform-semantics §8, §13): drives one
//! [`WorkflowRun`] per running workflow execution.
//!
//! * Executing a workflow's companion action starts a run (definition from the
//!   workflow row, `parameters` = the execution's `config`, `config` = pack
//!   config, `keystore` = the keys visible to the workflow action); the
//!   workflow execution goes `running`.
//! * Each run gets a workflow-execution record id from its own sequence
//!   ([`executions::new_workflow_record`]) when it starts: every child of the
//!   run carries it as `workflow_task.workflow_execution` (live note G6); the
//!   workflow execution itself is the children's `parent`.
//! * `CreateChild` → a child execution (`parent`, `workflow_task` metadata,
//!   `executor` = the workflow's executor, timeout = the task timeout, else the
//!   action's, else the default), dispatched at once unless held.
//! * Children report back by execution id (`Inner::child_done`); a child whose
//!   action is a workflow runs as a nested run and reports when it completes.
//! * A nested run whose calling task sets `timeout` gets a deadline timer: on
//!   expiry [`WorkflowRun::abort`] stops its work (whatever its cancellation
//!   policy) and, once that has wound down, the execution ends `timeout` with a
//!   timeout result instead of `cancelled`.
//! * Retries: the retry row is created when the attempt fails (held, status
//!   `requested`, `workflow_task.next_retry_at` = when it is due,
//!   `original_execution` = the first attempt) and dispatched by the tick at
//!   that moment (live note G7).
//! * Delayed retries/tasks: a tokio sleep until [`WorkflowRun::next_wake`], then
//!   [`WorkflowRun::tick`].
//! * Cancel: [`WorkflowRun::cancel`] per the definition's cancellation policy.
//! * `WaitForInquiry` → the inquiry id is mapped to the waiting run and the
//!   inquiry is checked at once (already resolved ⇒ resolved now). The
//!   `inquiry_responded` hook and the engine's inquiry tick (after expiring due
//!   inquiries) call `Inner::inquiry_changed`, which feeds a terminal inquiry
//!   (`responded` / `timeout` / `cancelled`, deleted = cancelled) to
//!   [`WorkflowRun::inquiry_resolved`].

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use super::service::Inner;
use super::worker::{wf_now, write_status};
use super::workflow::{
    parse_and_validate, ActionLookup, ChildId, ChildOutcome, ChildStatus, Command,
    InquiryResolution, RunEnv, WorkflowDefinition, WorkflowRun, WorkflowStatus,
};
use crate::state::executions::{self, ExecutionStatus, NewExecution};
use crate::state::{actions, keys, Store};

/// Per-run state, keyed by workflow execution id.
#[derive(Default)]
pub(crate) struct Orchestrator {
    runs: HashMap<i64, RunEntry>,
    /// child execution id → (workflow execution id, child id)
    children: HashMap<i64, (i64, ChildId)>,
    /// inquiry id → workflow execution ids with a task waiting for it
    inquiries: HashMap<i64, HashSet<i64>>,
}

struct RunEntry {
    run: WorkflowRun,
    /// Id of the run's workflow-execution record (`workflow_task.workflow_execution`
    /// of its children; its own id sequence, live note G6).
    record: i64,
    execs: HashMap<ChildId, i64>,
    /// First attempts of tasks that have a retry policy → execution id (the
    /// `original_execution` of their retries).
    first_attempts: HashMap<ChildId, i64>,
    wake: Option<(DateTime<Utc>, JoinHandle<()>)>,
    /// Task-timeout timer of a nested workflow (its `workflow_task.timeout_seconds`).
    deadline: Option<JoinHandle<()>>,
    /// Set when the task timeout expired: the result written with status
    /// `timeout` once the aborted run has wound down.
    timed_out: Option<Value>,
}

/// Work to do after the orchestrator lock is released.
enum Followup {
    Dispatch(i64),
    Report(i64, ChildStatus, Value),
    Cancel(i64),
    CheckInquiry(i64),
}

fn wf_status(s: WorkflowStatus) -> (ExecutionStatus, ChildStatus) {
    match s {
        WorkflowStatus::Completed => (ExecutionStatus::Completed, ChildStatus::Completed),
        WorkflowStatus::Failed => (ExecutionStatus::Failed, ChildStatus::Failed),
        WorkflowStatus::Cancelled => (ExecutionStatus::Cancelled, ChildStatus::Cancelled),
    }
}

fn action_lookup(store: &Store, r: &str) -> ActionLookup {
    match actions::find(store, r) {
        Some(a) => ActionLookup::Found {
            is_workflow: a.workflow_def.is_some(),
        },
        None => ActionLookup::NotFound,
    }
}

/// Parses and validates a stored definition JSON (adding `ref` for messages).
pub fn load_definition(
    store: &Store,
    workflow_ref: &str,
    definition: &Value,
) -> Result<WorkflowDefinition, String> {
    let mut def = definition.clone();
    if let Some(o) = def.as_object_mut() {
        o.entry("ref").or_insert_with(|| json!(workflow_ref));
    }
    parse_and_validate(&def, &|r| action_lookup(store, r)).map_err(|e| e.message().to_string())
}

/// Definition, parameters, run environment, and the task timeout (seconds) when
/// the workflow runs as a task of another workflow whose task sets `timeout`.
type Prepared = (WorkflowDefinition, Value, RunEnv, Option<i64>);

impl Inner {
    /// Starts the run of a `scheduled` workflow execution.
    pub(crate) fn start_workflow(&self, exec_id: i64) {
        let (prepared, record): (Result<Prepared, String>, i64) = {
            let mut store = self.state.store.lock();
            write_status(&mut store, exec_id, ExecutionStatus::Running, None);
            let record = executions::new_workflow_record(&mut store);
            (prepare(&store, &self.state.cipher, exec_id), record)
        };
        let (def, params, env, task_timeout) = match prepared {
            Ok(p) => p,
            Err(error) => {
                self.finish_execution(
                    exec_id,
                    ExecutionStatus::Failed,
                    json!({"succeeded": false, "error": error}),
                );
                return;
            }
        };
        let (run, cmds) = WorkflowRun::start(def, params, env, wf_now());
        let followups = {
            let mut orch = self.orch.lock();
            orch.runs.insert(
                exec_id,
                RunEntry {
                    run,
                    record,
                    execs: HashMap::new(),
                    first_attempts: HashMap::new(),
                    wake: None,
                    deadline: None,
                    timed_out: None,
                },
            );
            let out = self.apply(&mut orch, exec_id, cmds);
            if let (Some(secs), Some(entry)) = (task_timeout, orch.runs.get_mut(&exec_id)) {
                let me = self.me.clone();
                entry.deadline = Some(self.runtime.spawn(async move {
                    let d = std::time::Duration::from_secs(u64::try_from(secs).unwrap_or(1));
                    tokio::time::sleep(d).await;
                    if let Some(inner) = me.upgrade() {
                        inner.timeout_workflow(exec_id, secs);
                    }
                }));
            }
            out
        };
        self.run_followups(followups);
    }

    /// The task timeout of a nested workflow expired (platform-semantics §7.4,
    /// §8 "Task timeout"): its running work is stopped whatever its
    /// cancellation policy (held children cancelled, running children get a
    /// cancel request, waiting guarded tasks dropped, nothing new starts) and,
    /// once that has wound down, the execution ends `failed` with a timeout
    /// result, which the calling workflow sees as a `timed_out()` outcome.
    pub(crate) fn timeout_workflow(&self, wf: i64, secs: i64) {
        let followups = {
            let mut orch = self.orch.lock();
            let Some(entry) = orch.runs.get_mut(&wf) else {
                return;
            };
            entry.deadline = None;
            if entry.run.is_finished() || entry.run.is_cancelling() {
                return;
            }
            entry.timed_out = Some(json!({
                "succeeded": false,
                "error": format!("Execution timed out after {secs} seconds"),
            }));
            let cmds = entry.run.abort(wf_now());
            self.apply(&mut orch, wf, cmds)
        };
        self.run_followups(followups);
    }

    /// A child execution ended: route it to its workflow run.
    pub(crate) fn child_done(&self, exec_id: i64, status: ChildStatus, result: Value) {
        let followups = {
            let mut orch = self.orch.lock();
            let Some((wf, child)) = orch.children.remove(&exec_id) else {
                return;
            };
            let Some(entry) = orch.runs.get_mut(&wf) else {
                return;
            };
            entry.execs.remove(&child);
            let cmds = entry
                .run
                .child_finished(child, ChildOutcome { status, result }, wf_now());
            self.apply(&mut orch, wf, cmds)
        };
        self.run_followups(followups);
    }

    /// Cancels a running workflow execution per its cancellation policy.
    pub(crate) fn cancel_workflow(&self, wf: i64) {
        let followups = {
            let mut orch = self.orch.lock();
            let Some(entry) = orch.runs.get_mut(&wf) else {
                return;
            };
            let cmds = entry.run.cancel(wf_now());
            self.apply(&mut orch, wf, cmds)
        };
        self.run_followups(followups);
    }

    /// An inquiry changed (responded, expired, cancelled, deleted): when it is
    /// terminal, resolve the tasks waiting for it.
    pub(crate) fn inquiry_changed(&self, inquiry_id: i64) {
        let (resolution, details) = {
            let store = self.state.store.lock();
            match store.inquiries.get(inquiry_id) {
                None => (InquiryResolution::Cancelled, Value::Null),
                Some(i) => {
                    let r = match i.status.as_str() {
                        "responded" => InquiryResolution::Responded,
                        "timeout" => InquiryResolution::Timeout,
                        "cancelled" => InquiryResolution::Cancelled,
                        _ => return,
                    };
                    (r, i.context_view())
                }
            }
        };
        let followups = {
            let mut orch = self.orch.lock();
            let Some(wfs) = orch.inquiries.remove(&inquiry_id) else {
                return;
            };
            let mut out = Vec::new();
            for wf in wfs {
                let Some(entry) = orch.runs.get_mut(&wf) else {
                    continue;
                };
                let cmds =
                    entry
                        .run
                        .inquiry_resolved(inquiry_id, resolution, details.clone(), wf_now());
                out.extend(self.apply(&mut orch, wf, cmds));
            }
            out
        };
        self.run_followups(followups);
    }

    /// Re-checks every inquiry a workflow task waits for (reconciliation; run
    /// by the engine's inquiry tick).
    pub(crate) fn poll_waiting_inquiries(&self) {
        let ids: Vec<i64> = self.orch.lock().inquiries.keys().copied().collect();
        for id in ids {
            self.inquiry_changed(id);
        }
    }

    fn tick_workflow(&self, wf: i64) {
        let followups = {
            let mut orch = self.orch.lock();
            let Some(entry) = orch.runs.get_mut(&wf) else {
                return;
            };
            entry.wake = None;
            let cmds = entry.run.tick(wf_now());
            self.apply(&mut orch, wf, cmds)
        };
        self.run_followups(followups);
    }

    fn run_followups(&self, followups: Vec<Followup>) {
        for f in followups {
            match f {
                Followup::Dispatch(id) => self.dispatch(id),
                Followup::Report(id, s, r) => self.child_done(id, s, r),
                Followup::Cancel(id) => self.cancel_execution(id),
                Followup::CheckInquiry(id) => self.inquiry_changed(id),
            }
        }
    }

    /// Executes a run's commands (orchestrator lock held; store lock taken per command).
    fn apply(&self, orch: &mut Orchestrator, wf: i64, cmds: Vec<Command>) -> Vec<Followup> {
        let Orchestrator {
            runs,
            children,
            inquiries,
        } = orch;
        let mut out = Vec::new();
        let mut finished = false;
        let Some(entry) = runs.get_mut(&wf) else {
            return out;
        };
        for cmd in cmds {
            match cmd {
                Command::CreateChild {
                    child,
                    task_name,
                    action_ref,
                    input,
                    task_index,
                    task_batch,
                    retry_count,
                    max_retries,
                    next_retry_at,
                    original,
                    timeout_seconds,
                    dispatch,
                } => {
                    let triggered_by = entry.run.triggered_by(child).map(str::to_string);
                    let original_execution =
                        original.and_then(|c| entry.first_attempts.get(&c).copied());
                    let workflow_task = json!({
                        "workflow_execution": entry.record,
                        "task_name": task_name,
                        "triggered_by": triggered_by,
                        "task_index": task_index,
                        "task_batch": task_batch,
                        "retry_count": retry_count,
                        "max_retries": max_retries,
                        "next_retry_at": next_retry_at,
                        "timeout_seconds": timeout_seconds,
                        "timed_out": false,
                        "duration_ms": null,
                        "started_at": null,
                        "completed_at": null,
                    });
                    let id = {
                        let mut store = self.state.store.lock();
                        let default_timeout = self.state.config.default_execution_timeout_seconds;
                        let (executor, trace_tag) = store
                            .executions
                            .get(wf)
                            .map(|e| (e.executor, e.trace_tag.clone()))
                            .unwrap_or((None, None));
                        let action = actions::find(&store, &action_ref);
                        let aid = action.map(|a| a.id);
                        let timeout = timeout_seconds
                            .or_else(|| action.and_then(|a| a.timeout_seconds))
                            .unwrap_or(default_timeout);
                        let permission_set_refs = action.and_then(|a| {
                            super::pipeline::non_empty(Some(
                                &a.default_execution_permission_set_refs,
                            ))
                        });
                        executions::create(
                            &mut store,
                            NewExecution {
                                action: aid,
                                action_ref,
                                config: input,
                                parent: Some(wf),
                                executor,
                                timeout_seconds: Some(timeout),
                                workflow_task: Some(workflow_task),
                                permission_set_refs,
                                original_execution,
                                trace_tag,
                                ..Default::default()
                            },
                        )
                    };
                    if original.is_none() && max_retries > 0 {
                        entry.first_attempts.insert(child, id);
                    }
                    entry.execs.insert(child, id);
                    children.insert(id, (wf, child));
                    if dispatch {
                        out.push(Followup::Dispatch(id));
                    }
                }
                Command::WaitForInquiry { inquiry_id, .. } => {
                    inquiries.entry(inquiry_id).or_default().insert(wf);
                    out.push(Followup::CheckInquiry(inquiry_id));
                }
                Command::DispatchChild { child } => {
                    if let Some(&id) = entry.execs.get(&child) {
                        out.push(Followup::Dispatch(id));
                    }
                }
                Command::CancelChild {
                    child,
                    before_start,
                } => {
                    let Some(&id) = entry.execs.get(&child) else {
                        continue;
                    };
                    if before_start {
                        entry.execs.remove(&child);
                        children.remove(&id);
                        let mut store = self.state.store.lock();
                        let pending = store
                            .executions
                            .get(id)
                            .is_some_and(|e| !e.status.is_terminal());
                        if pending {
                            write_status(
                                &mut store,
                                id,
                                ExecutionStatus::Cancelled,
                                Some(json!({
                                    "error": "Cancelled: parent workflow execution was cancelled"
                                })),
                            );
                        }
                    } else {
                        out.push(Followup::Cancel(id));
                    }
                }
                Command::Complete { status, result } => {
                    let (es, cs, result) = match entry.timed_out.take() {
                        Some(r) => (ExecutionStatus::Failed, ChildStatus::Timeout, r),
                        None => {
                            let (es, cs) = wf_status(status);
                            (es, cs, result)
                        }
                    };
                    {
                        let mut store = self.state.store.lock();
                        write_status(&mut store, wf, es, Some(result.clone()));
                    }
                    finished = true;
                    out.push(Followup::Report(wf, cs, result));
                }
            }
        }
        if finished {
            if let Some(entry) = runs.remove(&wf) {
                if let Some((_, h)) = entry.wake {
                    h.abort();
                }
                if let Some(h) = entry.deadline {
                    h.abort();
                }
                for id in entry.execs.values() {
                    children.remove(id);
                }
                for id in entry.run.waiting_inquiries() {
                    if let Some(set) = inquiries.get_mut(&id) {
                        set.remove(&wf);
                        if set.is_empty() {
                            inquiries.remove(&id);
                        }
                    }
                }
            }
            return out;
        }
        let next = entry.run.next_wake();
        let current = entry.wake.as_ref().map(|(t, _)| *t);
        if next != current {
            if let Some((_, h)) = entry.wake.take() {
                h.abort();
            }
            if let Some(t) = next {
                let me = self.me.clone();
                let handle = self.runtime.spawn(async move {
                    let d = (t - Utc::now()).to_std().unwrap_or_default();
                    tokio::time::sleep(d).await;
                    if let Some(inner) = me.upgrade() {
                        inner.tick_workflow(wf);
                    }
                });
                entry.wake = Some((t, handle));
            }
        }
        out
    }
}

/// A real Attune stores a workflow whose task has a literal `with_items` array but never schedules it
/// (the execution stays `requested`: "invalid type: sequence, expected a string"); the emulator fails the
/// execution with that reason instead of hanging.
fn literal_with_items(tasks: &[crate::engine::workflow::definition::Task]) -> Result<(), String> {
    for t in tasks {
        if matches!(t.with_items, Some(Value::Array(_))) {
            return Err(format!(
                "Task '{}': with_items must be a template string such as \"{{{{ parameters.items }}}}\"; \
                 a real Attune accepts this workflow but never schedules it \
                 (invalid type: sequence, expected a string)",
                t.name
            ));
        }
        if let Some(inner) = &t.tasks {
            literal_with_items(inner)?;
        }
    }
    Ok(())
}

fn prepare(
    store: &Store,
    cipher: &crate::auth::crypto::Cipher,
    exec_id: i64,
) -> Result<Prepared, String> {
    let e = store
        .executions
        .get(exec_id)
        .ok_or_else(|| format!("Execution {exec_id} not found"))?;
    let action = actions::find(store, &e.action_ref)
        .ok_or_else(|| format!("Action '{}' not found", e.action_ref))?;
    let wf = action
        .workflow_def
        .and_then(|id| store.workflows.get(id))
        .ok_or_else(|| format!("Workflow definition for '{}' not found", e.action_ref))?;
    let def = load_definition(store, &wf.r#ref, &wf.definition)?;
    literal_with_items(&def.tasks)?;
    let config = store
        .packs
        .get(wf.pack)
        .map(|p| p.config.clone())
        .filter(|c| !c.is_null())
        .unwrap_or_else(|| json!({}));
    let keystore: serde_json::Map<String, Value> =
        keys::values_for_action(store, cipher, &action.r#ref, &action.pack_ref)
            .into_iter()
            .collect();
    // Only the calling task's own `timeout` (recorded in `workflow_task`) bounds a
    // nested workflow; the action/app default timeouts apply to worker processes.
    let task_timeout = e
        .parent
        .and(e.workflow_task.as_ref())
        .and_then(|wt| wt.get("timeout_seconds"))
        .and_then(Value::as_i64)
        .filter(|t| *t > 0);
    Ok((
        def,
        e.config.clone(),
        RunEnv {
            config,
            keystore: Value::Object(keystore),
            workflow_execution_id: exec_id,
        },
        task_timeout,
    ))
}
