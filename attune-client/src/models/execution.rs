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

    /// Set the parameters (a JSON object).
    pub fn with_parameters(mut self, parameters: impl Into<serde_json::Value>) -> Self {
        self.parameters = parameters.into();
        self
    }

    /// Add one environment variable.
    pub fn with_env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env_vars.insert(key.into(), value.into());
        self
    }
}

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

impl ExecuteRequest {
    /// Set `timeout_seconds`.
    pub fn with_timeout_seconds(mut self, v: i32) -> Self {
        self.timeout_seconds = Some(v);
        self
    }

    /// Set `permission_set_refs`.
    pub fn with_permission_set_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.permission_set_refs = Some(v.into());
        self
    }

    /// Set `artifact_retention_policy`.
    pub fn with_artifact_retention_policy(mut self, v: RetentionPolicyType) -> Self {
        self.artifact_retention_policy = Some(v);
        self
    }

    /// Set `artifact_retention_limit`.
    pub fn with_artifact_retention_limit(mut self, v: i32) -> Self {
        self.artifact_retention_limit = Some(v);
        self
    }

    /// Set `worker_selector`.
    pub fn with_worker_selector(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.worker_selector = Some(v.into());
        self
    }

    /// Set `worker_tolerations`.
    pub fn with_worker_tolerations(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.worker_tolerations = Some(v.into());
        self
    }

    /// Set `worker_affinity`.
    pub fn with_worker_affinity(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.worker_affinity = Some(v.into());
        self
    }
}

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

impl ListExecutionsParams {
    /// Set `status`.
    pub fn with_status(mut self, v: ExecutionStatus) -> Self {
        self.status = Some(v);
        self
    }

    /// Set `action_ref`.
    pub fn with_action_ref(mut self, v: impl Into<String>) -> Self {
        self.action_ref = Some(v.into());
        self
    }

    /// Set `pack_name`.
    pub fn with_pack_name(mut self, v: impl Into<String>) -> Self {
        self.pack_name = Some(v.into());
        self
    }

    /// Set `rule_ref`.
    pub fn with_rule_ref(mut self, v: impl Into<String>) -> Self {
        self.rule_ref = Some(v.into());
        self
    }

    /// Set `trigger_ref`.
    pub fn with_trigger_ref(mut self, v: impl Into<String>) -> Self {
        self.trigger_ref = Some(v.into());
        self
    }

    /// Set `trace_tag`.
    pub fn with_trace_tag(mut self, v: impl Into<String>) -> Self {
        self.trace_tag = Some(v.into());
        self
    }

    /// Set `executor`.
    pub fn with_executor(mut self, v: i64) -> Self {
        self.executor = Some(v);
        self
    }

    /// Set `result_contains`.
    pub fn with_result_contains(mut self, v: impl Into<String>) -> Self {
        self.result_contains = Some(v.into());
        self
    }

    /// Set `enforcement`.
    pub fn with_enforcement(mut self, v: i64) -> Self {
        self.enforcement = Some(v);
        self
    }

    /// Set `parent`.
    pub fn with_parent(mut self, v: i64) -> Self {
        self.parent = Some(v);
        self
    }

    /// Set `top_level_only`.
    pub fn with_top_level_only(mut self, v: bool) -> Self {
        self.top_level_only = Some(v);
        self
    }

    /// Set `include_total`.
    pub fn with_include_total(mut self, v: bool) -> Self {
        self.include_total = Some(v);
        self
    }

    /// Set `page`.
    pub fn with_page(mut self, v: u32) -> Self {
        self.page = Some(v);
        self
    }

    /// Set `per_page`.
    pub fn with_per_page(mut self, v: u32) -> Self {
        self.per_page = Some(v);
        self
    }
}
