//! Enforcement models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// Enforcement status.
    EnforcementStatus {
        /// Created, not processed yet.
        Created => "created",
        /// An execution was scheduled.
        Processed => "processed",
        /// The rule was disabled.
        Disabled => "disabled",
    }
}

impl Default for EnforcementStatus {
    fn default() -> Self {
        EnforcementStatus::Created
    }
}

string_enum! {
    /// How an enforcement combined the rule conditions.
    EnforcementCondition {
        /// All conditions must hold.
        All => "all",
        /// Any condition suffices.
        Any => "any",
    }
}

/// An enforcement (`EnforcementResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Enforcement {
    /// Numeric id.
    pub id: i64,
    /// Rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<i64>,
    /// Ref of the rule.
    pub rule_ref: String,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<i64>,
    /// Status.
    pub status: EnforcementStatus,
    /// How conditions were combined (`all`/`any`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<EnforcementCondition>,
    /// Copy of the rule's conditions.
    #[serde(default)]
    pub conditions: serde_json::Value,
    /// Rendered action parameters.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub config: serde_json::Value,
    /// Copy of the event payload.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub payload: serde_json::Value,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// When the status left `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// An enforcement in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EnforcementSummary {
    /// Numeric id.
    pub id: i64,
    /// Rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<i64>,
    /// Ref of the rule.
    pub rule_ref: String,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<i64>,
    /// Status.
    pub status: EnforcementStatus,
    /// Condition combinator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<EnforcementCondition>,
    /// Trace tag correlating related records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
}

/// Query of `GET /api/v1/enforcements` (`page`/`per_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListEnforcementsParams {
    /// Rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<i64>,
    /// Event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<i64>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EnforcementStatus>,
    /// Ref of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Ref of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ref: Option<String>,
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

setters!(ListEnforcementsParams {
    /// Set `rule`.
    with_rule(rule: i64),
    /// Set `event`.
    with_event(event: i64),
    /// Set `status`.
    with_status(status: EnforcementStatus),
    /// Set `trigger_ref`.
    with_trigger_ref(trigger_ref: into String),
    /// Set `rule_ref`.
    with_rule_ref(rule_ref: into String),
    /// Set `trace_tag`.
    with_trace_tag(trace_tag: into String),
    /// Set `include_total`.
    with_include_total(include_total: bool),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});
