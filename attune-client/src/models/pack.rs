//! Pack models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A pack (`PackResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Pack {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version string.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub version: String,
    /// Configuration schema.
    #[serde(default)]
    pub conf_schema: serde_json::Value,
    /// Pack configuration.
    #[serde(default)]
    pub config: serde_json::Value,
    /// Free-form metadata.
    #[serde(default)]
    pub meta: serde_json::Value,
    /// Tags.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub tags: Vec<String>,
    /// Runtime dependencies.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub runtime_deps: Vec<String>,
    /// Pack dependencies.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub dependencies: Vec<String>,
    /// Whether this is a standard (built-in) pack.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_standard: bool,
    /// Worker labels that must match.
    #[serde(default)]
    pub worker_selector: serde_json::Value,
    /// Worker tolerations.
    #[serde(default)]
    pub worker_tolerations: serde_json::Value,
    /// Worker affinity.
    #[serde(default)]
    pub worker_affinity: serde_json::Value,
    /// Number of actions (GET only, newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_count: Option<i64>,
    /// Number of triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_count: Option<i64>,
    /// Number of rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_count: Option<i64>,
    /// Number of sensors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_count: Option<i64>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// A pack in a list (`PackSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackSummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version string.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub version: String,
    /// Tags.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub tags: Vec<String>,
    /// Whether this is a standard pack.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_standard: bool,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// Body of `POST /api/v1/packs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreatePackRequest {
    /// Pack identifier (`[a-z][a-z0-9_-]*`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Version (semver recommended).
    pub version: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Configuration schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conf_schema: Option<serde_json::Value>,
    /// Pack configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Runtime dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_deps: Option<Vec<String>>,
    /// Pack dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Mark as standard pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_standard: Option<bool>,
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

impl CreatePackRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(
        r#ref: impl Into<String>,
        label: impl Into<String>,
        version: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            label: label.into(),
            version: version.into(),
            ..Default::default()
        }
    }
}

setters!(CreatePackRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `conf_schema`.
    with_conf_schema(conf_schema: into serde_json::Value),
    /// Set `config`.
    with_config(config: into serde_json::Value),
    /// Set `meta`.
    with_meta(meta: into serde_json::Value),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
    /// Set `runtime_deps`.
    with_runtime_deps(runtime_deps: into Vec<String>),
    /// Set `dependencies`.
    with_dependencies(dependencies: into Vec<String>),
    /// Set `is_standard`.
    with_is_standard(is_standard: bool),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
});

/// Body of `PUT /api/v1/packs/{ref}`. `conf_schema`, `config`, `meta` are always sent (`null` = unchanged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdatePackRequest {
    /// New configuration schema (`None` = keep).
    #[serde(default)]
    pub conf_schema: Option<serde_json::Value>,
    /// New configuration (`None` = keep).
    #[serde(default)]
    pub config: Option<serde_json::Value>,
    /// New metadata (`None` = keep).
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Version string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Patch: set or clear the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Patch<String>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Runtime dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_deps: Option<Vec<String>>,
    /// Pack dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Standard flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_standard: Option<bool>,
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

setters!(UpdatePackRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `version`.
    with_version(version: into String),
    /// Set `description`.
    with_description(description: Patch<String>),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
    /// Set `runtime_deps`.
    with_runtime_deps(runtime_deps: into Vec<String>),
    /// Set `dependencies`.
    with_dependencies(dependencies: into Vec<String>),
    /// Set `is_standard`.
    with_is_standard(is_standard: bool),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
});

/// Query of `GET /api/v1/packs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListPacksParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search (whitespace-separated tokens, AND-matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

setters!(ListPacksParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
});

/// Body of `POST /api/v1/packs/register` (a directory on the server's filesystem).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterPackRequest {
    /// Server-side directory holding `pack.yaml`.
    pub path: String,
    /// Replace an existing pack with the same ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// Do not run the pack's tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_tests: Option<bool>,
}

impl RegisterPackRequest {
    /// A request for `path`.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Default::default()
        }
    }
}

setters!(RegisterPackRequest {
    /// Set `force`.
    with_force(force: bool),
    /// Set `skip_tests`.
    with_skip_tests(skip_tests: bool),
});

/// Body of `POST /api/v1/packs/install` (git URL, archive URL, local path or registry reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InstallPackRequest {
    /// Where the pack comes from.
    pub source: String,
    /// Git ref (branch, tag, commit) for git sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_spec: Option<String>,
    /// Replace an existing pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// Do not install dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_deps: Option<bool>,
    /// Do not run the pack's tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_tests: Option<bool>,
    /// Do not consult pack registries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_registry: Option<bool>,
    /// Registry to resolve a reference in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
}

impl InstallPackRequest {
    /// A request for `source`.
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            ..Default::default()
        }
    }
}

setters!(InstallPackRequest {
    /// Set `ref_spec`.
    with_ref_spec(ref_spec: into String),
    /// Set `force`.
    with_force(force: bool),
    /// Set `skip_deps`.
    with_skip_deps(skip_deps: bool),
    /// Set `skip_tests`.
    with_skip_tests(skip_tests: bool),
    /// Set `no_registry`.
    with_no_registry(no_registry: bool),
    /// Set `registry_id`.
    with_registry_id(registry_id: into String),
});

/// Form options of `POST /api/v1/packs/upload` (besides the archive itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UploadPackOptions {
    /// Replace an existing pack with the same ref (pack update).
    pub force: bool,
    /// Do not run the pack's tests.
    pub skip_tests: bool,
}

setters!(UploadPackOptions {
    /// Set `force`.
    with_force(force: = bool),
    /// Set `skip_tests`.
    with_skip_tests(skip_tests: = bool),
});

/// Status of a pack installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackInstallStatus {
    /// Queued.
    Pending,
    /// Running.
    Running,
    /// Activating the new release.
    Activating,
    /// Installed.
    Succeeded,
    /// Failed.
    Failed,
    /// Rolled back to the previous release.
    RolledBack,
    /// A value this SDK does not know.
    #[serde(other)]
    Unknown,
}

/// Where an installed pack came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackProvenance {
    /// `git`, `archive` or a local source type.
    pub artifact_type: String,
    /// Whether a checksum was verified.
    #[serde(default)]
    pub checksum_verified: bool,
    /// Whether a fallback source was used.
    #[serde(default)]
    pub fallback_occurred: bool,
    /// Artifact URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_url: Option<String>,
    /// `algorithm:hash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// `archive_bytes` or `directory_content`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum_subject: Option<String>,
    /// Git ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// Registry id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    /// Registry URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_url: Option<String>,
    /// `pack@version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_pack: Option<String>,
}

/// Result of a pack test run (`PackTestResult`, camelCase on the wire).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PackTestResult {
    /// Pack ref.
    #[serde(default)]
    pub pack_ref: String,
    /// Pack version.
    #[serde(default)]
    pub pack_version: String,
    /// When the tests ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_time: Option<String>,
    /// Number of tests.
    #[serde(default)]
    pub total_tests: i64,
    /// Passed tests.
    #[serde(default)]
    pub passed: i64,
    /// Failed tests.
    #[serde(default)]
    pub failed: i64,
    /// Skipped tests.
    #[serde(default)]
    pub skipped: i64,
    /// Pass rate (0..1).
    #[serde(default)]
    pub pass_rate: f64,
    /// Duration in milliseconds.
    #[serde(default)]
    pub duration_ms: i64,
    /// Per-suite results (server-defined shape).
    #[serde(default)]
    pub test_suites: serde_json::Value,
    /// Overall status.
    #[serde(default)]
    pub status: String,
}

/// Answer of upload, register and install (`PackInstallResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackInstallResponse {
    /// The installed pack.
    pub pack: Pack,
    /// Whether tests were skipped.
    #[serde(default)]
    pub tests_skipped: bool,
    /// Test result, when tests ran synchronously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_result: Option<PackTestResult>,
    /// Installation record id (newer servers, when tests were dispatched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_id: Option<i64>,
    /// Installation status (newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_status: Option<PackInstallStatus>,
    /// Provenance (newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<PackProvenance>,
}

/// `PackInstallStatusResponse` (`GET /api/v1/packs/install/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackInstallStatusResponse {
    /// Installation id.
    pub install_id: i64,
    /// Pack ref.
    pub pack_ref: String,
    /// Pack version.
    #[serde(default)]
    pub pack_version: String,
    /// Status.
    pub status: PackInstallStatus,
    /// Why it was installed.
    #[serde(default)]
    pub trigger_reason: String,
    /// Start time.
    pub started_at: DateTime<Utc>,
    /// End time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    /// Error text on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Execution running the tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_execution_id: Option<i64>,
    /// Test result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_result: Option<PackTestResult>,
}

/// One stored pack test run (history entry; server-defined fields kept in `extra`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackTestExecution {
    /// Id.
    pub id: i64,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Answer of `POST /api/v1/packs/{ref}/workflows/sync` (fields kept as sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackWorkflowSyncResponse {
    /// Pack ref.
    #[serde(default)]
    pub pack_ref: String,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Answer of `POST /api/v1/packs/{ref}/workflows/validate` (fields kept as sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackWorkflowValidation {
    /// Pack ref.
    #[serde(default)]
    pub pack_ref: String,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `page`/`page_size`/`q` query of the per-pack lists (`/packs/{ref}/actions`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackItemsParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search (not on runtimes/workflows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

setters!(PackItemsParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
});
