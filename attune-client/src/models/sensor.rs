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

    /// Set `description`.
    pub fn with_description(mut self, v: impl Into<String>) -> Self {
        self.description = Some(v.into());
        self
    }

    /// Set `param_schema`.
    pub fn with_param_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.param_schema = Some(v.into());
        self
    }

    /// Set `config`.
    pub fn with_config(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.config = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
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

impl UpdateSensorRequest {
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

impl ListSensorsParams {
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
}

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
