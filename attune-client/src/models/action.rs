//! Action models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An action (`ActionResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Action {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Id of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<i64>,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    pub entrypoint: String,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default)]
    pub param_schema: serde_json::Value,
    /// Output schema (Attune's flat schema object).
    #[serde(default)]
    pub out_schema: serde_json::Value,
    /// Created through the API (not loaded from a pack).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_adhoc: bool,
    /// Whether the action accesses MCP.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub accesses_mcp: bool,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Runtime id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<i64>,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Semver range constraint on the runtime version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version_constraint: Option<String>,
    /// Default execution timeout of this action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Workflow definition id (present when the action is a workflow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_def: Option<i64>,
    /// Permission sets granted to executions by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_execution_permission_set_refs: Option<Vec<String>>,
    /// Required worker runtimes (name → version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_worker_runtimes: Option<serde_json::Value>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<RetentionPolicyType>,
    /// Artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<i32>,
    /// Log retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_policy: Option<RetentionPolicyType>,
    /// Log retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_limit: Option<i32>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// An action in a list (`ActionSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActionSummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub entrypoint: String,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Whether the action accesses MCP.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub accesses_mcp: bool,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Runtime id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<i64>,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Semver range constraint on the runtime version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version_constraint: Option<String>,
    /// Default execution timeout of this action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Workflow definition id (present when the action is a workflow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_def: Option<i64>,
    /// Permission sets granted to executions by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_execution_permission_set_refs: Option<Vec<String>>,
    /// Required worker runtimes (name → version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_worker_runtimes: Option<serde_json::Value>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<RetentionPolicyType>,
    /// Artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<i32>,
    /// Log retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_policy: Option<RetentionPolicyType>,
    /// Log retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_limit: Option<i32>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// One hit of `GET /api/v1/actions/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActionSearchHit {
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Whether the action is a workflow.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_workflow: bool,
    /// Whether the action accesses MCP.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub accesses_mcp: bool,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
}

/// Body of `POST /api/v1/actions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateActionRequest {
    /// Action ref (`pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    pub entrypoint: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Runtime id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<i64>,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Semver range, e.g. `>=3.12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version_constraint: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_schema: Option<serde_json::Value>,
    /// Output schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_schema: Option<serde_json::Value>,
    /// Timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Required worker runtimes (name → version, `*` = any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_worker_runtimes: Option<serde_json::Value>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
    /// Whether the action accesses MCP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accesses_mcp: Option<bool>,
    /// Permission sets granted to executions by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_execution_permission_set_refs: Option<Vec<String>>,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<RetentionPolicyType>,
    /// Artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<i32>,
    /// Log retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_policy: Option<RetentionPolicyType>,
    /// Log retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_limit: Option<i32>,
}

impl CreateActionRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(
        r#ref: impl Into<String>,
        pack_ref: impl Into<String>,
        label: impl Into<String>,
        entrypoint: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            pack_ref: pack_ref.into(),
            label: label.into(),
            entrypoint: entrypoint.into(),
            ..Default::default()
        }
    }

    /// Set `description`.
    pub fn with_description(mut self, v: impl Into<String>) -> Self {
        self.description = Some(v.into());
        self
    }

    /// Set `runtime`.
    pub fn with_runtime(mut self, v: i64) -> Self {
        self.runtime = Some(v);
        self
    }

    /// Set `runtime_ref`.
    pub fn with_runtime_ref(mut self, v: impl Into<String>) -> Self {
        self.runtime_ref = Some(v.into());
        self
    }

    /// Set `runtime_version_constraint`.
    pub fn with_runtime_version_constraint(mut self, v: impl Into<String>) -> Self {
        self.runtime_version_constraint = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `param_schema`.
    pub fn with_param_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.param_schema = Some(v.into());
        self
    }

    /// Set `out_schema`.
    pub fn with_out_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.out_schema = Some(v.into());
        self
    }

    /// Set `timeout_seconds`.
    pub fn with_timeout_seconds(mut self, v: i32) -> Self {
        self.timeout_seconds = Some(v);
        self
    }

    /// Set `required_worker_runtimes`.
    pub fn with_required_worker_runtimes(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.required_worker_runtimes = Some(v.into());
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

    /// Set `accesses_mcp`.
    pub fn with_accesses_mcp(mut self, v: bool) -> Self {
        self.accesses_mcp = Some(v);
        self
    }

    /// Set `default_execution_permission_set_refs`.
    pub fn with_default_execution_permission_set_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.default_execution_permission_set_refs = Some(v.into());
        self
    }

    /// Set `reference_visibility`.
    pub fn with_reference_visibility(mut self, v: ReferenceVisibility) -> Self {
        self.reference_visibility = Some(v);
        self
    }

    /// Set `reference_allowed_pack_refs`.
    pub fn with_reference_allowed_pack_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.reference_allowed_pack_refs = Some(v.into());
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

    /// Set `log_retention_policy`.
    pub fn with_log_retention_policy(mut self, v: RetentionPolicyType) -> Self {
        self.log_retention_policy = Some(v);
        self
    }

    /// Set `log_retention_limit`.
    pub fn with_log_retention_limit(mut self, v: i32) -> Self {
        self.log_retention_limit = Some(v);
        self
    }
}

/// Body of `PUT /api/v1/actions/{ref}` (every field optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateActionRequest {
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    /// Runtime id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<i64>,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Patch: set or clear the runtime version constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version_constraint: Option<Patch<String>>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether the action accesses MCP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accesses_mcp: Option<bool>,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_schema: Option<serde_json::Value>,
    /// Output schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_schema: Option<serde_json::Value>,
    /// Patch: set or clear the timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<Patch<i32>>,
    /// Required worker runtimes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_worker_runtimes: Option<serde_json::Value>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
    /// Default execution permission sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_execution_permission_set_refs: Option<Vec<String>>,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Patch: artifact retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_policy: Option<Patch<RetentionPolicyType>>,
    /// Patch: artifact retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_retention_limit: Option<Patch<i32>>,
    /// Patch: log retention policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_policy: Option<Patch<RetentionPolicyType>>,
    /// Patch: log retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention_limit: Option<Patch<i32>>,
}

impl UpdateActionRequest {
    /// Set `label`.
    pub fn with_label(mut self, v: impl Into<String>) -> Self {
        self.label = Some(v.into());
        self
    }

    /// Set `description`.
    pub fn with_description(mut self, v: impl Into<String>) -> Self {
        self.description = Some(v.into());
        self
    }

    /// Set `entrypoint`.
    pub fn with_entrypoint(mut self, v: impl Into<String>) -> Self {
        self.entrypoint = Some(v.into());
        self
    }

    /// Set `runtime`.
    pub fn with_runtime(mut self, v: i64) -> Self {
        self.runtime = Some(v);
        self
    }

    /// Set `runtime_ref`.
    pub fn with_runtime_ref(mut self, v: impl Into<String>) -> Self {
        self.runtime_ref = Some(v.into());
        self
    }

    /// Set `runtime_version_constraint`.
    pub fn with_runtime_version_constraint(mut self, v: Patch<String>) -> Self {
        self.runtime_version_constraint = Some(v);
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `accesses_mcp`.
    pub fn with_accesses_mcp(mut self, v: bool) -> Self {
        self.accesses_mcp = Some(v);
        self
    }

    /// Set `param_schema`.
    pub fn with_param_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.param_schema = Some(v.into());
        self
    }

    /// Set `out_schema`.
    pub fn with_out_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.out_schema = Some(v.into());
        self
    }

    /// Set `timeout_seconds`.
    pub fn with_timeout_seconds(mut self, v: Patch<i32>) -> Self {
        self.timeout_seconds = Some(v);
        self
    }

    /// Set `required_worker_runtimes`.
    pub fn with_required_worker_runtimes(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.required_worker_runtimes = Some(v.into());
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

    /// Set `default_execution_permission_set_refs`.
    pub fn with_default_execution_permission_set_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.default_execution_permission_set_refs = Some(v.into());
        self
    }

    /// Set `reference_visibility`.
    pub fn with_reference_visibility(mut self, v: ReferenceVisibility) -> Self {
        self.reference_visibility = Some(v);
        self
    }

    /// Set `reference_allowed_pack_refs`.
    pub fn with_reference_allowed_pack_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.reference_allowed_pack_refs = Some(v.into());
        self
    }

    /// Set `artifact_retention_policy`.
    pub fn with_artifact_retention_policy(mut self, v: Patch<RetentionPolicyType>) -> Self {
        self.artifact_retention_policy = Some(v);
        self
    }

    /// Set `artifact_retention_limit`.
    pub fn with_artifact_retention_limit(mut self, v: Patch<i32>) -> Self {
        self.artifact_retention_limit = Some(v);
        self
    }

    /// Set `log_retention_policy`.
    pub fn with_log_retention_policy(mut self, v: Patch<RetentionPolicyType>) -> Self {
        self.log_retention_policy = Some(v);
        self
    }

    /// Set `log_retention_limit`.
    pub fn with_log_retention_limit(mut self, v: Patch<i32>) -> Self {
        self.log_retention_limit = Some(v);
        self
    }
}

/// Query of `GET /api/v1/actions` and `GET /api/v1/packs/{pack_ref}/actions` (the latter uses only page, page_size, q).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListActionsParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search (whitespace-separated tokens, AND-matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only actions the caller may execute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executable_with_current_access: Option<bool>,
    /// Only actions visible to references from this pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referencing_pack_ref: Option<String>,
}

impl ListActionsParams {
    /// Set `page`.
    pub fn with_page(mut self, v: u32) -> Self {
        self.page = Some(v);
        self
    }

    /// Set `page_size`.
    pub fn with_page_size(mut self, v: u32) -> Self {
        self.page_size = Some(v);
        self
    }

    /// Set `q`.
    pub fn with_q(mut self, v: impl Into<String>) -> Self {
        self.q = Some(v.into());
        self
    }

    /// Set `executable_with_current_access`.
    pub fn with_executable_with_current_access(mut self, v: bool) -> Self {
        self.executable_with_current_access = Some(v);
        self
    }

    /// Set `referencing_pack_ref`.
    pub fn with_referencing_pack_ref(mut self, v: impl Into<String>) -> Self {
        self.referencing_pack_ref = Some(v.into());
        self
    }
}

/// Query of `GET /api/v1/actions/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchActionsParams {
    /// Keyword search (whitespace-separated tokens, AND-matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Restrict to these packs (sent comma-separated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packs: Option<Vec<String>>,
    /// Only actions visible to references from this pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referencing_pack_ref: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl SearchActionsParams {
    /// Set `q`.
    pub fn with_q(mut self, v: impl Into<String>) -> Self {
        self.q = Some(v.into());
        self
    }

    /// Set `packs`.
    pub fn with_packs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.packs = Some(v.into());
        self
    }

    /// Set `referencing_pack_ref`.
    pub fn with_referencing_pack_ref(mut self, v: impl Into<String>) -> Self {
        self.referencing_pack_ref = Some(v.into());
        self
    }

    /// Set `page`.
    pub fn with_page(mut self, v: u32) -> Self {
        self.page = Some(v);
        self
    }

    /// Set `page_size`.
    pub fn with_page_size(mut self, v: u32) -> Self {
        self.page_size = Some(v);
        self
    }
}
