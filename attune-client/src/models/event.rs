//! Event models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An event (`EventResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Event {
    /// Numeric id.
    pub id: i64,
    /// Trigger id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<i64>,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Event config (webhook metadata, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Event payload.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub payload: serde_json::Value,
    /// Sensor id that produced the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<i64>,
    /// Source ref (`webhook` for webhook events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// Rule id the event was scoped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<i64>,
    /// Rule ref the event was scoped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
}

/// An event in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventSummary {
    /// Numeric id.
    pub id: i64,
    /// Trigger id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<i64>,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Sensor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<i64>,
    /// Source ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// Rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<i64>,
    /// Rule ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
    /// Whether the event has a payload.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub has_payload: bool,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
}

/// Body of `POST /api/v1/events` (requires a sensor or execution token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateEventRequest {
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Event payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// Configuration object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// `rule_<id>` scopes matching to one rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_instance_id: Option<String>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
}

impl CreateEventRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(trigger_ref: impl Into<String>) -> Self {
        Self {
            trigger_ref: trigger_ref.into(),
            ..Default::default()
        }
    }
}

setters!(CreateEventRequest {
    /// Set `payload`.
    with_payload(payload: into serde_json::Value),
    /// Set `config`.
    with_config(config: into serde_json::Value),
    /// Set `trigger_instance_id`.
    with_trigger_instance_id(trigger_instance_id: into String),
    /// Set `trace_tag`.
    with_trace_tag(trace_tag: into String),
});

/// Query of `GET /api/v1/events` (`page`/`per_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListEventsParams {
    /// Trigger id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<i64>,
    /// Ref of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Ref of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
    /// Sensor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<i64>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
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

setters!(ListEventsParams {
    /// Set `trigger`.
    with_trigger(trigger: i64),
    /// Set `trigger_ref`.
    with_trigger_ref(trigger_ref: into String),
    /// Set `rule_ref`.
    with_rule_ref(rule_ref: into String),
    /// Set `source`.
    with_source(source: i64),
    /// Set `trace_tag`.
    with_trace_tag(trace_tag: into String),
    /// Set `include_total`.
    with_include_total(include_total: bool),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});
