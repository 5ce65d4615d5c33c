//! Execution models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// Execution status (`ExecutionStatus`).
    ExecutionStatus {
        /// Requested, waiting for scheduling.
        Requested => "requested",
        /// Being scheduled.
        Scheduling => "scheduling",
        /// Scheduled on a worker.
        Scheduled => "scheduled",
        /// Running.
        Running => "running",
        /// Finished successfully.
        Completed => "completed",
        /// Finished with a failure.
        Failed => "failed",
        /// Cancellation in progress.
        Canceling => "canceling",
        /// Cancelled.
        Cancelled => "cancelled" | "canceled",
        /// Timed out.
        Timeout => "timeout",
        /// Abandoned.
        Abandoned => "abandoned",
    }
}

impl ExecutionStatus {
    /// `true` for `completed`, `failed`, `cancelled`, `timeout` and `abandoned`.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            ExecutionStatus::Completed
                | ExecutionStatus::Failed
                | ExecutionStatus::Cancelled
                | ExecutionStatus::Timeout
                | ExecutionStatus::Abandoned
        )
    }

    /// `true` only for `completed`.
    pub fn is_success(&self) -> bool {
        *self == ExecutionStatus::Completed
    }

    /// `true` for terminal statuses other than `completed`.
    pub fn is_failure(&self) -> bool {
        self.is_terminal() && !self.is_success()
    }
}

impl Execution {
    /// Whether the execution reached a terminal status.
    pub fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }

    /// `result.succeeded`, when present.
    pub fn succeeded(&self) -> Option<bool> {
        self.result.get("succeeded").and_then(|v| v.as_bool())
    }

    /// `result.stdout`, when present.
    pub fn stdout(&self) -> Option<&str> {
        self.result.get("stdout").and_then(|v| v.as_str())
    }

    /// `result.exit_code`, when present.
    pub fn exit_code(&self) -> Option<i64> {
        self.result.get("exit_code").and_then(|v| v.as_i64())
    }
}

impl Default for ExecutionStatus {
    fn default() -> Self {
        ExecutionStatus::Requested
    }
}

impl Default for ExecuteRequest {
    fn default() -> Self {
        ExecuteRequest {
            action_ref: String::new(),
            parameters: empty_object(),
            env_vars: Default::default(),
            timeout_seconds: None,
            permission_set_refs: None,
            artifact_retention_policy: None,
            artifact_retention_limit: None,
            worker_selector: None,
            worker_tolerations: None,
            worker_affinity: None,
        }
    }
}

impl ExecuteRequest {
    /// Execute `action_ref` with no parameters (`{}`) and no environment.
    pub fn new(action_ref: impl Into<String>) -> Self {
        ExecuteRequest {
            action_ref: action_ref.into(),
            ..Default::default()
        }
    }

    /// Add one environment variable.
    pub fn with_env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env_vars.insert(key.into(), value.into());
        self
    }
}

setters!(ExecuteRequest {
    /// Set the parameters (a JSON object).
    with_parameters(parameters: = into serde_json::Value),
});

/// An execution (`ExecutionResponse`). `config` and `result` are `{}` when the server sends `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Execution {
    /// Numeric id.
    pub id: i64,
    /// Action id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<i64>,
    /// Ref of the action.
    pub action_ref: String,
    /// Parameters the execution runs with.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub config: serde_json::Value,
    /// Status.
    pub status: ExecutionStatus,
    /// Result (`succeeded`, `exit_code`, `stdout`, `data`, ...), `{}` until completion.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub result: serde_json::Value,
    /// Parent (workflow) execution id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    /// Enforcement that created the execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<i64>,
    /// Identity that initiated the execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<i64>,
    /// Worker id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<i64>,
    /// First execution when this one is a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_execution: Option<i64>,
    /// Workflow task metadata (child executions of workflows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_task: Option<WorkflowTaskInfo>,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Resolved timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<RetentionPolicyType>,
    /// Artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<i32>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
    /// When a worker picked it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// An execution in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ExecutionSummary {
    /// Numeric id.
    pub id: i64,
    /// Ref of the action.
    pub action_ref: String,
    /// Status.
    pub status: ExecutionStatus,
    /// Parent execution id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    /// Enforcement id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<i64>,
    /// Ref of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
    /// Ref of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// First execution when this is a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_execution: Option<i64>,
    /// Workflow task metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_task: Option<WorkflowTaskInfo>,
    /// Timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// `workflow_task` metadata of a workflow child execution (all fields lenient).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkflowTaskInfo {
    /// Id of the workflow (parent) execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_execution: Option<i64>,
    /// Task name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    /// Task that triggered this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggered_by: Option<String>,
    /// Index within `with_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_index: Option<i32>,
    /// Batch number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_batch: Option<i32>,
    /// Retries so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<i32>,
    /// Maximum retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<i32>,
    /// Next retry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_retry_at: Option<DateTime<Utc>>,
    /// Task timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Whether the task timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed_out: Option<bool>,
    /// Duration in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
    /// Start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// Completion time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/executions/execute` (`CreateExecutionRequest`). `parameters` and `env_vars` are always sent (`{}` when empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecuteRequest {
    /// Ref of the action.
    pub action_ref: String,
    /// Action parameters (a JSON object).
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub parameters: serde_json::Value,
    /// Process environment variables.
    pub env_vars: std::collections::BTreeMap<String, String>,
    /// Per-execution timeout override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<RetentionPolicyType>,
    /// Artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<i32>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
}

setters!(ExecuteRequest {
    /// Set `timeout_seconds`.
    with_timeout_seconds(timeout_seconds: i32),
    /// Set `permission_set_refs`.
    with_permission_set_refs(permission_set_refs: into Vec<String>),
    /// Set `artifact_retention_policy`.
    with_artifact_retention_policy(artifact_retention_policy: RetentionPolicyType),
    /// Set `artifact_retention_limit`.
    with_artifact_retention_limit(artifact_retention_limit: i32),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
});

/// Response of `POST /api/v1/executions/{id}/reschedule`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RescheduleResult {
    /// Number of scheduling attempts.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub attempt_count: i64,
    /// The execution.
    pub execution: Execution,
    /// Last attempt time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Server message.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub message: String,
}

/// `GET /api/v1/executions/stats` counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ExecutionStats {
    /// All executions.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub total: i64,
    /// Completed.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub completed: i64,
    /// Failed.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub failed: i64,
    /// Running.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub running: i64,
    /// requested + scheduling + scheduled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub pending: i64,
    /// cancelled + canceling.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub cancelled: i64,
    /// Timed out.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub timeout: i64,
    /// Abandoned.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub abandoned: i64,
}

/// Query of `GET /api/v1/executions` (`page`/`per_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListExecutionsParams {
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExecutionStatus>,
    /// Exact ref or `pack.*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_ref: Option<String>,
    /// Pack name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_name: Option<String>,
    /// Ref of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
    /// Ref of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Identity id that initiated the executions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<i64>,
    /// Case-insensitive substring of the result JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_contains: Option<String>,
    /// Enforcement id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<i64>,
    /// Parent execution id (workflow children).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    /// Only executions without parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_level_only: Option<bool>,
    /// Ask the server to compute `total_items`/`total_pages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_total: Option<bool>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListExecutionsParams {
    /// Set `status`.
    with_status(status: ExecutionStatus),
    /// Set `action_ref`.
    with_action_ref(action_ref: into String),
    /// Set `pack_name`.
    with_pack_name(pack_name: into String),
    /// Set `rule_ref`.
    with_rule_ref(rule_ref: into String),
    /// Set `trigger_ref`.
    with_trigger_ref(trigger_ref: into String),
    /// Set `trace_tag`.
    with_trace_tag(trace_tag: into String),
    /// Set `executor`.
    with_executor(executor: i64),
    /// Set `result_contains`.
    with_result_contains(result_contains: into String),
    /// Set `enforcement`.
    with_enforcement(enforcement: i64),
    /// Set `parent`.
    with_parent(parent: i64),
    /// Set `top_level_only`.
    with_top_level_only(top_level_only: bool),
    /// Set `include_total`.
    with_include_total(include_total: bool),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});
