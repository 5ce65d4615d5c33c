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

    /// Set `description`.
    pub fn with_description(mut self, v: impl Into<String>) -> Self {
        self.description = Some(v.into());
        self
    }

    /// Set `conf_schema`.
    pub fn with_conf_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.conf_schema = Some(v.into());
        self
    }

    /// Set `config`.
    pub fn with_config(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.config = Some(v.into());
        self
    }

    /// Set `meta`.
    pub fn with_meta(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.meta = Some(v.into());
        self
    }

    /// Set `tags`.
    pub fn with_tags(mut self, v: impl Into<Vec<String>>) -> Self {
        self.tags = Some(v.into());
        self
    }

    /// Set `runtime_deps`.
    pub fn with_runtime_deps(mut self, v: impl Into<Vec<String>>) -> Self {
        self.runtime_deps = Some(v.into());
        self
    }

    /// Set `dependencies`.
    pub fn with_dependencies(mut self, v: impl Into<Vec<String>>) -> Self {
        self.dependencies = Some(v.into());
        self
    }

    /// Set `is_standard`.
    pub fn with_is_standard(mut self, v: bool) -> Self {
        self.is_standard = Some(v);
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

impl UpdatePackRequest {
    /// Set `label`.
    pub fn with_label(mut self, v: impl Into<String>) -> Self {
        self.label = Some(v.into());
        self
    }

    /// Set `version`.
    pub fn with_version(mut self, v: impl Into<String>) -> Self {
        self.version = Some(v.into());
        self
    }

    /// Set `description`.
    pub fn with_description(mut self, v: Patch<String>) -> Self {
        self.description = Some(v);
        self
    }

    /// Set `tags`.
    pub fn with_tags(mut self, v: impl Into<Vec<String>>) -> Self {
        self.tags = Some(v.into());
        self
    }

    /// Set `runtime_deps`.
    pub fn with_runtime_deps(mut self, v: impl Into<Vec<String>>) -> Self {
        self.runtime_deps = Some(v.into());
        self
    }

    /// Set `dependencies`.
    pub fn with_dependencies(mut self, v: impl Into<Vec<String>>) -> Self {
        self.dependencies = Some(v.into());
        self
    }

    /// Set `is_standard`.
    pub fn with_is_standard(mut self, v: bool) -> Self {
        self.is_standard = Some(v);
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

impl ListPacksParams {
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
