//! Worker models (`/api/v1/workers`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A worker (`WorkerSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Worker {
    /// Numeric id.
    pub id: i64,
    /// Worker name.
    #[serde(default)]
    pub name: String,
    /// Role (`action`, `sensor`, ...; unknown values kept as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_role: Option<String>,
    /// Type (`local`, `remote`, `container`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_type: Option<String>,
    /// Lifecycle status (`active`, `inactive`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Health state (`healthy`, `degraded`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_state: Option<String>,
    /// Whether new work is kept off this worker.
    #[serde(default)]
    pub cordoned: bool,
    /// Why it was cordoned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cordon_reason: Option<String>,
    /// When it was cordoned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cordoned_at: Option<DateTime<Utc>>,
    /// Identity id that cordoned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cordoned_by: Option<i64>,
    /// Whether the last heartbeat is stale.
    #[serde(default)]
    pub heartbeat_stale: bool,
    /// Seconds since the last heartbeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_age_seconds: Option<i64>,
    /// Last heartbeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_heartbeat: Option<DateTime<Utc>>,
    /// Host name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// Load snapshot (`WorkerLoadSnapshot`).
    #[serde(default)]
    pub load: Value,
    /// Supported runtimes (`WorkerRuntimeSupport[]`).
    #[serde(default)]
    pub supported_runtimes: Vec<Value>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of `GET /api/v1/workers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListWorkersParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Role filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Status filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Cordoned filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cordoned: Option<bool>,
    /// Health-state filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_state: Option<String>,
}

setters!(ListWorkersParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
    /// Set `role`.
    with_role(role: into String),
    /// Set `status`.
    with_status(status: into String),
    /// Set `cordoned`.
    with_cordoned(cordoned: bool),
    /// Set `health_state`.
    with_health_state(health_state: into String),
});

/// Body of `POST /api/v1/workers/{id}/cordon`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CordonWorkerRequest {
    /// Why the worker is cordoned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

setters!(CordonWorkerRequest {
    /// Set `reason`.
    with_reason(reason: into String),
});
