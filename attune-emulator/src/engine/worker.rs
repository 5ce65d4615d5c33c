//! Scheduling and running executions (platform-semantics §1, §7, §10, §13).
//!
//! `requested → scheduling → scheduled` happens at dispatch; the job then
//! waits for a slot in the bounded [`WorkerPool`](super::pool::WorkerPool),
//! goes `running` (`started_at`), runs through [`runner::run`] and ends
//! `completed | failed | timeout | cancelled` with the runner's result,
//! verbatim. Workflow companion actions go to the orchestrator instead.

use std::time::Duration;

use chrono::Utc;
use serde_json::{json, Map, Value};

use super::packs::envs::{self, EnvKind};
use super::packs::manifest::Runner;
use super::runner::{self, CancelToken, RunKind, RunSpec, RunStatus, ScriptSource};
use super::service::Inner;
use super::workflow::ChildStatus;
use crate::auth::jwt::TokenType;
use crate::state::executions::{self, CancelOutcome, ExecutionStatus};
use crate::state::{actions, keys, now, Store};

/// A pack environment a run needs.
struct EnvNeed {
    pack_ref: String,
    pack_dir: std::path::PathBuf,
    kind: EnvKind,
}

/// Sets an execution's status (and result) and keeps its `workflow_task`
/// timing (`started_at`, `completed_at`, `duration_ms`, `timed_out`) in step.
pub fn write_status(store: &mut Store, id: i64, status: ExecutionStatus, result: Option<Value>) {
    if executions::update_status(store, id, status, result).is_none() {
        return;
    }
    let Some(e) = store.executions.get_mut(id) else {
        return;
    };
    let started = e.started_at;
    let (updated, created) = (e.updated, e.created);
    let timed_out = status == ExecutionStatus::Timeout
        || e.result
            .get("error")
            .and_then(Value::as_str)
            .is_some_and(|m| m.starts_with("Execution timed out"));
    let Some(wt) = e.workflow_task.as_mut().and_then(Value::as_object_mut) else {
        return;
    };
    if status == ExecutionStatus::Running {
        wt.insert("started_at".into(), json!(started));
    }
    if status.is_terminal() {
        wt.insert("completed_at".into(), json!(updated));
        let from = started.unwrap_or(created);
        wt.insert(
            "duration_ms".into(),
            json!((updated - from).num_milliseconds().max(0)),
        );
        wt.insert("timed_out".into(), json!(timed_out));
    }
}

/// Terminal status for a child report.
pub(crate) fn child_status(s: ExecutionStatus) -> Option<ChildStatus> {
    match s {
        ExecutionStatus::Completed => Some(ChildStatus::Completed),
        ExecutionStatus::Failed | ExecutionStatus::Abandoned => Some(ChildStatus::Failed),
        ExecutionStatus::Timeout => Some(ChildStatus::Timeout),
        ExecutionStatus::Cancelled => Some(ChildStatus::Cancelled),
        _ => None,
    }
}

enum Plan {
    Job,
    Workflow,
    Report,
    Nothing,
}

impl Inner {
    /// Schedules a `requested` execution: `scheduling → scheduled`, then either
    /// the worker pool or (workflow actions) the orchestrator. An execution that
    /// is no longer `requested` is left alone (a terminal workflow child is
    /// reported to its workflow).
    pub(crate) fn dispatch(&self, exec_id: i64) {
        let plan = {
            let mut store = self.state.store.lock();
            match store.executions.get(exec_id) {
                None => Plan::Nothing,
                Some(e) if e.status == ExecutionStatus::Requested => {
                    let is_wf = actions::find(&store, &e.action_ref)
                        .is_some_and(|a| a.workflow_def.is_some());
                    write_status(&mut store, exec_id, ExecutionStatus::Scheduling, None);
                    write_status(&mut store, exec_id, ExecutionStatus::Scheduled, None);
                    if is_wf {
                        Plan::Workflow
                    } else {
                        Plan::Job
                    }
                }
                Some(e) if e.status.is_terminal() => Plan::Report,
                Some(_) => Plan::Nothing,
            }
        };
        match plan {
            Plan::Job => {
                let Some(me) = self.arc() else { return };
                self.pool
                    .submit_with(move || async move { me.run_job(exec_id).await });
            }
            Plan::Workflow => self.start_workflow(exec_id),
            Plan::Report => self.report_terminal(exec_id),
            Plan::Nothing => {}
        }
    }

    /// Reports a terminal execution to its workflow, if it is a workflow child.
    pub(crate) fn report_terminal(&self, exec_id: i64) {
        let info = {
            let store = self.state.store.lock();
            store
                .executions
                .get(exec_id)
                .and_then(|e| child_status(e.status).map(|s| (s, e.result.clone())))
        };
        if let Some((s, r)) = info {
            self.child_done(exec_id, s, r);
        }
    }

    /// Writes a terminal status + result and routes it to the parent workflow.
    pub(crate) fn finish_execution(&self, exec_id: i64, status: ExecutionStatus, result: Value) {
        self.finish_execution_as(exec_id, status, child_status(status), result);
    }

    /// Like [`Self::finish_execution`] with an explicit outcome for the calling
    /// workflow (a timed-out run is stored `failed`, as the real worker reports it,
    /// but is still a `timed_out()` outcome for workflow transitions).
    pub(crate) fn finish_execution_as(
        &self,
        exec_id: i64,
        status: ExecutionStatus,
        outcome: Option<ChildStatus>,
        result: Value,
    ) {
        {
            let mut store = self.state.store.lock();
            write_status(&mut store, exec_id, status, Some(result.clone()));
        }
        if let Some(s) = outcome {
            self.child_done(exec_id, s, result);
        }
    }

    async fn run_job(self: std::sync::Arc<Self>, exec_id: i64) {
        let token = CancelToken::new();
        self.running.lock().insert(exec_id, token.clone());
        let prepared = {
            let mut store = self.state.store.lock();
            match store.executions.get(exec_id).map(|e| e.status) {
                Some(ExecutionStatus::Scheduled) => {
                    write_status(&mut store, exec_id, ExecutionStatus::Running, None);
                    Some(self.build_spec(&store, exec_id))
                }
                _ => None,
            }
        };
        let Some(prepared) = prepared else {
            // Cancelled (or gone) while queued.
            self.running.lock().remove(&exec_id);
            self.report_terminal(exec_id);
            return;
        };
        let (is_ask, (ask_params, task_timeout)) = {
            let store = self.state.store.lock();
            store
                .executions
                .get(exec_id)
                .map(|e| {
                    let task_timeout = e
                        .workflow_task
                        .as_ref()
                        .and_then(|w| w.get("timeout_seconds"))
                        .and_then(Value::as_i64);
                    (e.action_ref == "core.ask", (e.config.clone(), task_timeout))
                })
                .unwrap_or((false, (Value::Null, None)))
        };
        let (status, child, result) = match prepared {
            Err(error) => (
                ExecutionStatus::Failed,
                Some(ChildStatus::Failed),
                json!({"succeeded": false, "error": error}),
            ),
            Ok(_) if is_ask => (
                ExecutionStatus::Completed,
                Some(ChildStatus::Completed),
                crate::engine::asks::ask_result(&ask_params, task_timeout),
            ),
            Ok((spec, need)) => match self.with_env(spec, need).await {
                Err(error) => (
                    ExecutionStatus::Failed,
                    Some(ChildStatus::Failed),
                    json!({"succeeded": false, "error": error}),
                ),
                Ok(spec) => {
                    let outcome = runner::run(spec, token).await;
                    let (status, child) = match outcome.status {
                        RunStatus::Completed => {
                            (ExecutionStatus::Completed, ChildStatus::Completed)
                        }
                        RunStatus::Failed => (ExecutionStatus::Failed, ChildStatus::Failed),
                        // The real worker reports a timed-out run as `failed`.
                        RunStatus::Timeout => (ExecutionStatus::Failed, ChildStatus::Timeout),
                        RunStatus::Cancelled => {
                            (ExecutionStatus::Cancelled, ChildStatus::Cancelled)
                        }
                    };
                    (status, Some(child), outcome.result)
                }
            },
        };
        self.running.lock().remove(&exec_id);
        // Older-generation inquiries: a result carrying `__inquiry` (and `core.ask`)
        // pauses the execution until the inquiry is answered or expires.
        if status == ExecutionStatus::Completed && self.pause_for_inquiry(exec_id, &result) {
            return;
        }
        self.finish_execution_as(exec_id, status, child, result);
    }

    /// Builds (or reuses) the pack environment a run needs and points the run at it.
    async fn with_env(&self, mut spec: RunSpec, need: Option<EnvNeed>) -> Result<RunSpec, String> {
        let Some(need) = need else {
            return Ok(spec);
        };
        let st = self.state.clone();
        let python = spec.interpreters.python.clone();
        let npm = st.config.npm.clone();
        let env = tokio::task::spawn_blocking(move || {
            st.pack_files
                .envs
                .ensure(&need.pack_ref, &need.pack_dir, need.kind, &python, &npm)
        })
        .await
        .map_err(|e| format!("Failed to prepare execution context: {e}"))??;
        match env.kind {
            EnvKind::Python => spec.interpreters.python = env.python(),
            EnvKind::Node => spec.env.push((
                "NODE_PATH".into(),
                env.node_modules().to_string_lossy().to_string(),
            )),
        }
        Ok(spec)
    }

    /// Everything the runner needs, read under the store lock.
    fn build_spec(
        &self,
        store: &Store,
        exec_id: i64,
    ) -> Result<(RunSpec, Option<EnvNeed>), String> {
        let e = store
            .executions
            .get(exec_id)
            .ok_or_else(|| format!("Execution {exec_id} not found"))?;
        let action = actions::find(store, &e.action_ref).ok_or_else(|| {
            format!(
                "Failed to prepare execution context: action '{}' not found",
                e.action_ref
            )
        })?;
        let pack_files = store.packs.get(action.pack).and_then(|p| p.files.as_ref());
        let file_action = pack_files.and_then(|f| f.actions.get(&action.r#ref).map(|a| (f, a)));
        let mut need = None;
        let mut output_format = None;
        let kind = match (RunKind::core_action(&action.r#ref), file_action) {
            (Some(k), _) => k,
            (None, Some((files, fa))) => {
                output_format = fa.output_format.as_deref().and_then(runner::OutputFormat::parse);
                need = envs::needed(&files.dir, &fa.runner).map(|kind| EnvNeed {
                    pack_ref: action.pack_ref.clone(),
                    pack_dir: files.dir.clone(),
                    kind,
                });
                match &fa.runner {
                    Runner::Shell => RunKind::ShellFile {
                        path: fa.file.clone(),
                        dotenv: fa.dotenv_parameters,
                    },
                    Runner::Python => RunKind::Python {
                        source: ScriptSource::File(fa.file.clone()),
                    },
                    Runner::Node => RunKind::Node {
                        source: ScriptSource::File(fa.file.clone()),
                    },
                    Runner::Other(o) => {
                        return Err(format!(
                            "Failed to prepare execution context: runtime 'core.{o}' is not supported by this worker (supported: core.shell, core.python, core.nodejs)"
                        ))
                    }
                }
            }
            (None, None) => match action.runtime_ref.as_deref() {
                None | Some("core.shell") => RunKind::InlineShell {
                    script: action.entrypoint.clone(),
                },
                Some("core.python") => RunKind::Python {
                    source: ScriptSource::Code(action.entrypoint.clone()),
                },
                Some("core.nodejs") => RunKind::Node {
                    source: ScriptSource::Code(action.entrypoint.clone()),
                },
                Some(other) => {
                    return Err(format!(
                        "Failed to prepare execution context: runtime '{other}' is not supported by this worker (supported: core.shell, core.python, core.nodejs)"
                    ))
                }
            },
        };
        let cfg = &self.state.config;
        let mut spec = RunSpec::new(exec_id, action.r#ref.clone(), kind);
        if let Some(f) = output_format {
            spec.output_format = f;
        }
        spec.parameters = e.config.clone();
        spec.secrets =
            keys::values_for_action(store, &self.state.cipher, &action.r#ref, &action.pack_ref)
                .into_iter()
                .collect();
        let timeout = e
            .timeout_seconds
            .filter(|t| *t > 0)
            .unwrap_or(cfg.default_execution_timeout_seconds)
            .max(1);
        spec.timeout = Duration::from_secs(u64::try_from(timeout).unwrap_or(300));
        spec.kill_grace = cfg.kill_grace_period;
        spec.max_stdout_bytes = cfg.max_stdout_bytes;
        spec.max_stderr_bytes = cfg.max_stderr_bytes;
        spec.interpreters = cfg.interpreters.clone();

        let pack_ref = e
            .action_ref
            .split_once('.')
            .map_or(e.action_ref.as_str(), |(p, _)| p);
        let mut env: Vec<(String, String)> = vec![
            ("ATTUNE_EXEC_ID".into(), exec_id.to_string()),
            ("ATTUNE_ACTION".into(), e.action_ref.clone()),
            ("ATTUNE_API_URL".into(), self.base_url.clone()),
            ("ATTUNE_PACK_REF".into(), pack_ref.to_string()),
        ];
        if let Some(t) = &e.trace_tag {
            env.push(("ATTUNE_TRACE_TAG".into(), t.clone()));
        }
        if let (Some(r), Some(t)) = (&e.rule_ref, &e.trigger_ref) {
            env.push(("ATTUNE_RULE".into(), r.clone()));
            env.push(("ATTUNE_TRIGGER".into(), t.clone()));
        }
        // Effective permission sets: the execution's own (request, or the rule's for rule-fired runs) when
        // present — an explicit `[]` forces "no token" — otherwise the action's default.
        let sets = e
            .permission_set_refs
            .clone()
            .unwrap_or_else(|| action.default_execution_permission_set_refs.clone());
        if !sets.is_empty() {
            let identity = e.executor.unwrap_or(super::pipeline::FALLBACK_EXECUTOR);
            let token = self.state.jwt.issue(
                identity,
                &format!("execution:{exec_id}"),
                TokenType::Execution,
                timeout + 60,
                Some(json!({
                    "execution_id": exec_id,
                    "action_ref": e.action_ref,
                    "permission_set_refs": sets,
                })),
            )?;
            env.push(("ATTUNE_API_TOKEN".into(), token));
        }
        let env_vars: Map<String, Value> = e
            .env_vars
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        spec.env = runner::merge_env(env, &Value::Object(env_vars));
        Ok((spec, need))
    }

    /// A running execution went `canceling`: stop its process, or cancel its
    /// workflow run.
    pub(crate) fn cancel_running(&self, exec_id: i64) {
        let token = self.running.lock().get(&exec_id).cloned();
        if let Some(t) = token {
            t.cancel();
            return;
        }
        self.cancel_workflow(exec_id);
    }

    /// Cancels any execution the way `POST /executions/{id}/cancel` does
    /// (used for workflow children under `cancel_running`).
    pub(crate) fn cancel_execution(&self, exec_id: i64) {
        let outcome = {
            let mut store = self.state.store.lock();
            let r = executions::request_cancel(&mut store, exec_id);
            if let Ok(CancelOutcome::Cancelled) = r {
                // keep workflow_task timing in step
                let result = store.executions.get(exec_id).map(|e| e.result.clone());
                write_status(&mut store, exec_id, ExecutionStatus::Cancelled, result);
            }
            r
        };
        match outcome {
            Ok(CancelOutcome::Cancelled) => self.report_terminal(exec_id),
            Ok(CancelOutcome::Canceling) => self.cancel_running(exec_id),
            _ => {}
        }
    }
}

/// Current time for workflow runs.
pub(crate) fn wf_now() -> chrono::DateTime<Utc> {
    now()
}
