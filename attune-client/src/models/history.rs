//! History, trace and retention models.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One change record (`HistoryRecordResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HistoryRecord {
    /// When the change happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
    /// Entity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<i64>,
    /// Entity ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_ref: Option<String>,
    /// `INSERT`, `UPDATE` or `DELETE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Names of the changed fields.
    #[serde(default)]
    pub changed_fields: Vec<String>,
    /// Old values.
    #[serde(default)]
    pub old_values: Value,
    /// New values.
    #[serde(default)]
    pub new_values: Value,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of the history endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HistoryParams {
    /// Entity id filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<i64>,
    /// Entity ref filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_ref: Option<String>,
    /// Operation filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Only records where this field changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_field: Option<String>,
    /// Lower time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Upper time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

setters!(HistoryParams {
    /// Set `entity_id`.
    with_entity_id(entity_id: i64),
    /// Set `entity_ref`.
    with_entity_ref(entity_ref: into String),
    /// Set `operation`.
    with_operation(operation: into String),
    /// Set `changed_field`.
    with_changed_field(changed_field: into String),
    /// Set `since`.
    with_since(since: into String),
    /// Set `until`.
    with_until(until: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
});

/// A trace report (`TraceReportResponse`): everything that happened under one trace tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TraceReport {
    /// The trace tag.
    #[serde(default)]
    pub trace_tag: String,
    /// Report body (events, enforcements, executions, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Runtime row retention configuration (`RetentionConfig`); also the body of its update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RetentionConfig {
    /// Enable retention globally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Report candidates without deleting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// Interval of the supervisor's retention runs, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_interval_seconds: Option<i64>,
    /// Maximum rows to delete per target per cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<i64>,
    /// Advisory lock key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory_lock_key: Option<i64>,
    /// Per-table targets (`RetentionTargetsConfig`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Value>,
    /// Cache retention (`CacheRetentionConfig`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_retention: Option<Value>,
    /// Fields this SDK does not model (sent back unchanged on update).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

setters!(RetentionConfig {
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `dry_run`.
    with_dry_run(dry_run: bool),
    /// Set `check_interval_seconds`.
    with_check_interval_seconds(check_interval_seconds: i64),
    /// Set `batch_size`.
    with_batch_size(batch_size: i64),
});
