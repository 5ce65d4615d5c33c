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
}

setters!(CreateActionRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `runtime`.
    with_runtime(runtime: i64),
    /// Set `runtime_ref`.
    with_runtime_ref(runtime_ref: into String),
    /// Set `runtime_version_constraint`.
    with_runtime_version_constraint(runtime_version_constraint: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `param_schema`.
    with_param_schema(param_schema: into serde_json::Value),
    /// Set `out_schema`.
    with_out_schema(out_schema: into serde_json::Value),
    /// Set `timeout_seconds`.
    with_timeout_seconds(timeout_seconds: i32),
    /// Set `required_worker_runtimes`.
    with_required_worker_runtimes(required_worker_runtimes: into serde_json::Value),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
    /// Set `accesses_mcp`.
    with_accesses_mcp(accesses_mcp: bool),
    /// Set `default_execution_permission_set_refs`.
    with_default_execution_permission_set_refs(default_execution_permission_set_refs: into Vec<String>),
    /// Set `reference_visibility`.
    with_reference_visibility(reference_visibility: ReferenceVisibility),
    /// Set `reference_allowed_pack_refs`.
    with_reference_allowed_pack_refs(reference_allowed_pack_refs: into Vec<String>),
    /// Set `artifact_retention_policy`.
    with_artifact_retention_policy(artifact_retention_policy: RetentionPolicyType),
    /// Set `artifact_retention_limit`.
    with_artifact_retention_limit(artifact_retention_limit: i32),
    /// Set `log_retention_policy`.
    with_log_retention_policy(log_retention_policy: RetentionPolicyType),
    /// Set `log_retention_limit`.
    with_log_retention_limit(log_retention_limit: i32),
});

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

setters!(UpdateActionRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `entrypoint`.
    with_entrypoint(entrypoint: into String),
    /// Set `runtime`.
    with_runtime(runtime: i64),
    /// Set `runtime_ref`.
    with_runtime_ref(runtime_ref: into String),
    /// Set `runtime_version_constraint`.
    with_runtime_version_constraint(runtime_version_constraint: Patch<String>),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `accesses_mcp`.
    with_accesses_mcp(accesses_mcp: bool),
    /// Set `param_schema`.
    with_param_schema(param_schema: into serde_json::Value),
    /// Set `out_schema`.
    with_out_schema(out_schema: into serde_json::Value),
    /// Set `timeout_seconds`.
    with_timeout_seconds(timeout_seconds: Patch<i32>),
    /// Set `required_worker_runtimes`.
    with_required_worker_runtimes(required_worker_runtimes: into serde_json::Value),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
    /// Set `default_execution_permission_set_refs`.
    with_default_execution_permission_set_refs(default_execution_permission_set_refs: into Vec<String>),
    /// Set `reference_visibility`.
    with_reference_visibility(reference_visibility: ReferenceVisibility),
    /// Set `reference_allowed_pack_refs`.
    with_reference_allowed_pack_refs(reference_allowed_pack_refs: into Vec<String>),
    /// Set `artifact_retention_policy`.
    with_artifact_retention_policy(artifact_retention_policy: Patch<RetentionPolicyType>),
    /// Set `artifact_retention_limit`.
    with_artifact_retention_limit(artifact_retention_limit: Patch<i32>),
    /// Set `log_retention_policy`.
    with_log_retention_policy(log_retention_policy: Patch<RetentionPolicyType>),
    /// Set `log_retention_limit`.
    with_log_retention_limit(log_retention_limit: Patch<i32>),
});

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

setters!(ListActionsParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
    /// Set `executable_with_current_access`.
    with_executable_with_current_access(executable_with_current_access: bool),
    /// Set `referencing_pack_ref`.
    with_referencing_pack_ref(referencing_pack_ref: into String),
});

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

setters!(SearchActionsParams {
    /// Set `q`.
    with_q(q: into String),
    /// Set `packs`.
    with_packs(packs: into Vec<String>),
    /// Set `referencing_pack_ref`.
    with_referencing_pack_ref(referencing_pack_ref: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
});
