//! Sensor models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A sensor (`SensorResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Sensor {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Id of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<i64>,
    /// Ref of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub entrypoint: String,
    /// Runtime id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<i64>,
    /// Runtime ref (e.g. `core.shell`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_ref: Option<String>,
    /// Trigger emitted (not in 0.5.4 responses; some servers add it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default)]
    pub param_schema: serde_json::Value,
    /// Worker labels that must match.
    #[serde(default)]
    pub worker_selector: serde_json::Value,
    /// Worker tolerations.
    #[serde(default)]
    pub worker_tolerations: serde_json::Value,
    /// Worker affinity.
    #[serde(default)]
    pub worker_affinity: serde_json::Value,
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

/// A sensor in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SensorSummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ref of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
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

/// Body of `POST /api/v1/sensors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateSensorRequest {
    /// Sensor ref (`pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    pub entrypoint: String,
    /// Runtime ref (e.g. `core.shell`).
    pub runtime_ref: String,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_schema: Option<serde_json::Value>,
    /// Instance configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
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

impl CreateSensorRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(
        r#ref: impl Into<String>,
        pack_ref: impl Into<String>,
        label: impl Into<String>,
        entrypoint: impl Into<String>,
        runtime_ref: impl Into<String>,
        trigger_ref: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            pack_ref: pack_ref.into(),
            label: label.into(),
            entrypoint: entrypoint.into(),
            runtime_ref: runtime_ref.into(),
            trigger_ref: trigger_ref.into(),
            ..Default::default()
        }
    }
}

setters!(CreateSensorRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `param_schema`.
    with_param_schema(param_schema: into serde_json::Value),
    /// Set `config`.
    with_config(config: into serde_json::Value),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
    /// Set `artifact_retention_policy`.
    with_artifact_retention_policy(artifact_retention_policy: RetentionPolicyType),
    /// Set `artifact_retention_limit`.
    with_artifact_retention_limit(artifact_retention_limit: i32),
    /// Set `log_retention_policy`.
    with_log_retention_policy(log_retention_policy: RetentionPolicyType),
    /// Set `log_retention_limit`.
    with_log_retention_limit(log_retention_limit: i32),
});

/// Body of `PUT /api/v1/sensors/{ref}` (every field optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateSensorRequest {
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entry point (script path or inline shell code for ad-hoc `core.shell` actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_schema: Option<serde_json::Value>,
    /// Worker labels that must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_selector: Option<serde_json::Value>,
    /// Worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_tolerations: Option<serde_json::Value>,
    /// Worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_affinity: Option<serde_json::Value>,
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

setters!(UpdateSensorRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `entrypoint`.
    with_entrypoint(entrypoint: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `param_schema`.
    with_param_schema(param_schema: into serde_json::Value),
    /// Set `worker_selector`.
    with_worker_selector(worker_selector: into serde_json::Value),
    /// Set `worker_tolerations`.
    with_worker_tolerations(worker_tolerations: into serde_json::Value),
    /// Set `worker_affinity`.
    with_worker_affinity(worker_affinity: into serde_json::Value),
    /// Set `artifact_retention_policy`.
    with_artifact_retention_policy(artifact_retention_policy: Patch<RetentionPolicyType>),
    /// Set `artifact_retention_limit`.
    with_artifact_retention_limit(artifact_retention_limit: Patch<i32>),
    /// Set `log_retention_policy`.
    with_log_retention_policy(log_retention_policy: Patch<RetentionPolicyType>),
    /// Set `log_retention_limit`.
    with_log_retention_limit(log_retention_limit: Patch<i32>),
});

/// Query of `GET /api/v1/sensors` (`q` is ignored by `/sensors/enabled`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListSensorsParams {
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

setters!(ListSensorsParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
});

/// Answer of `GET /api/v1/sensors/{sensor_ref}/logs`: the sensor's log streams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SensorLogs {
    /// The sensor.
    #[serde(default)]
    pub sensor_ref: String,
    /// Its log streams (`stdout`, `stderr`).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub logs: Vec<SensorLogStream>,
}

/// One log stream of a sensor and the artifact that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SensorLogStream {
    /// `stdout` or `stderr`.
    #[serde(default)]
    pub stream: String,
    /// Ref of the log artifact (`sensor.<sensor_ref>.<stream>`).
    #[serde(default)]
    pub artifact_ref: String,
}
