//! Audit event and agent models.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An audit event (`AuditEventResponse` / `AuditEventSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditEvent {
    /// Numeric id.
    pub id: i64,
    /// Category (`auth`, `rbac`, ...).
    #[serde(default)]
    pub category: String,
    /// Event type.
    #[serde(default)]
    pub event_type: String,
    /// Outcome (`success`, `failure`, `denied`, ...).
    #[serde(default)]
    pub outcome: String,
    /// Acting identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_identity: Option<i64>,
    /// Acting login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_login: Option<String>,
    /// Resource type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Resource ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<String>,
    /// Request id (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// HTTP method of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// HTTP path of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_path: Option<String>,
    /// HTTP status answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i64>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Fields this SDK does not model (details, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of `GET /api/v1/audit-events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListAuditEventsParams {
    /// Category filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Event-type filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Outcome filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Actor id filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_identity: Option<i64>,
    /// Actor login filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_login: Option<String>,
    /// Resource-type filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Resource-id filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<i64>,
    /// Resource-ref filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<String>,
    /// Request-id filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// HTTP-status filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i64>,
    /// HTTP-method filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// HTTP-path filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_path: Option<String>,
    /// Lower time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_after: Option<String>,
    /// Upper time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_before: Option<String>,
    /// Whether to compute the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_total: Option<bool>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListAuditEventsParams {
    /// Set `category`.
    with_category(category: into String),
    /// Set `event_type`.
    with_event_type(event_type: into String),
    /// Set `outcome`.
    with_outcome(outcome: into String),
    /// Set `actor_identity`.
    with_actor_identity(actor_identity: i64),
    /// Set `actor_login`.
    with_actor_login(actor_login: into String),
    /// Set `resource_type`.
    with_resource_type(resource_type: into String),
    /// Set `resource_id`.
    with_resource_id(resource_id: i64),
    /// Set `resource_ref`.
    with_resource_ref(resource_ref: into String),
    /// Set `request_id`.
    with_request_id(request_id: into String),
    /// Set `http_status`.
    with_http_status(http_status: i64),
    /// Set `http_method`.
    with_http_method(http_method: into String),
    /// Set `http_path`.
    with_http_path(http_path: into String),
    /// Set `created_after`.
    with_created_after(created_after: into String),
    /// Set `created_before`.
    with_created_before(created_before: into String),
    /// Set `include_total`.
    with_include_total(include_total: bool),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});

/// Agent binary information (`AgentBinaryInfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AgentBinaryInfo {
    /// Agent version.
    #[serde(default)]
    pub version: String,
    /// Available architectures (`AgentArchInfo[]`).
    #[serde(default)]
    pub architectures: Vec<Value>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
