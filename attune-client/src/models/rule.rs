//! Rule models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A rule (`RuleResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Rule {
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
    /// Action id (null when the action was deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<i64>,
    /// Ref of the action.
    pub action_ref: String,
    /// Trigger id (null when the trigger was deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<i64>,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Rule conditions (object with `expression`, or array of `{field, operator, value}`).
    #[serde(default)]
    pub conditions: serde_json::Value,
    /// Action parameters (may contain templates such as `{{ event.payload.host }}`).
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub action_params: serde_json::Value,
    /// Trigger parameters.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub trigger_params: serde_json::Value,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Created through the API (not loaded from a pack).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_adhoc: bool,
    /// Identity that created the rule (rule-fired executions are attributed to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_identity: Option<i64>,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Template for the trace tag of fired executions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag_template: Option<String>,
    /// Sensor worker selector.
    #[serde(default)]
    pub sensor_worker_selector: serde_json::Value,
    /// Sensor worker tolerations.
    #[serde(default)]
    pub sensor_worker_tolerations: serde_json::Value,
    /// Sensor worker affinity.
    #[serde(default)]
    pub sensor_worker_affinity: serde_json::Value,
    /// Retirement time (newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// A rule in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RuleSummary {
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
    /// Ref of the action.
    pub action_ref: String,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Action parameters (may contain templates such as `{{ event.payload.host }}`).
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub action_params: serde_json::Value,
    /// Trigger parameters.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub trigger_params: serde_json::Value,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Trace tag template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag_template: Option<String>,
    /// Sensor worker selector.
    #[serde(default)]
    pub sensor_worker_selector: serde_json::Value,
    /// Sensor worker tolerations.
    #[serde(default)]
    pub sensor_worker_tolerations: serde_json::Value,
    /// Sensor worker affinity.
    #[serde(default)]
    pub sensor_worker_affinity: serde_json::Value,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// Body of `POST /api/v1/rules`. `conditions` accepts both forms (object with `expression`, or an array of `{field, operator, value}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateRuleRequest {
    /// Rule ref (`pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Ref of the action.
    pub action_ref: String,
    /// Ref of the trigger.
    pub trigger_ref: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rule conditions (object with `expression`, or array of `{field, operator, value}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<serde_json::Value>,
    /// Action parameters (may contain templates such as `{{ event.payload.host }}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_params: Option<serde_json::Value>,
    /// Trigger parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_params: Option<serde_json::Value>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Template for the trace tag, e.g. `{{ event.trigger }}.{{ event.id }}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag_template: Option<String>,
    /// Sensor worker selector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_worker_selector: Option<serde_json::Value>,
    /// Sensor worker tolerations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_worker_tolerations: Option<serde_json::Value>,
    /// Sensor worker affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_worker_affinity: Option<serde_json::Value>,
}

impl CreateRuleRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(
        r#ref: impl Into<String>,
        pack_ref: impl Into<String>,
        label: impl Into<String>,
        action_ref: impl Into<String>,
        trigger_ref: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            pack_ref: pack_ref.into(),
            label: label.into(),
            action_ref: action_ref.into(),
            trigger_ref: trigger_ref.into(),
            ..Default::default()
        }
    }
}

setters!(CreateRuleRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `conditions`.
    with_conditions(conditions: into serde_json::Value),
    /// Set `action_params`.
    with_action_params(action_params: into serde_json::Value),
    /// Set `trigger_params`.
    with_trigger_params(trigger_params: into serde_json::Value),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `permission_set_refs`.
    with_permission_set_refs(permission_set_refs: into Vec<String>),
    /// Set `trace_tag_template`.
    with_trace_tag_template(trace_tag_template: into String),
    /// Set `sensor_worker_selector`.
    with_sensor_worker_selector(sensor_worker_selector: into serde_json::Value),
    /// Set `sensor_worker_tolerations`.
    with_sensor_worker_tolerations(sensor_worker_tolerations: into serde_json::Value),
    /// Set `sensor_worker_affinity`.
    with_sensor_worker_affinity(sensor_worker_affinity: into serde_json::Value),
});

/// Body of `PUT /api/v1/rules/{ref}`. The six replacement fields are always sent (`null` = keep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateRuleRequest {
    /// Replacement conditions (`None` = keep).
    #[serde(default)]
    pub conditions: Option<serde_json::Value>,
    /// Replacement action params (`None` = keep).
    #[serde(default)]
    pub action_params: Option<serde_json::Value>,
    /// Replacement trigger params (`None` = keep).
    #[serde(default)]
    pub trigger_params: Option<serde_json::Value>,
    /// Replacement sensor worker selector.
    #[serde(default)]
    pub sensor_worker_selector: Option<serde_json::Value>,
    /// Replacement sensor worker tolerations.
    #[serde(default)]
    pub sensor_worker_tolerations: Option<serde_json::Value>,
    /// Replacement sensor worker affinity.
    #[serde(default)]
    pub sensor_worker_affinity: Option<serde_json::Value>,
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ref of the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_ref: Option<String>,
    /// Ref of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Trace tag template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag_template: Option<String>,
    /// Permission sets granted to the execution's API token (`None` = inherit, empty = no token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
}

setters!(UpdateRuleRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `action_ref`.
    with_action_ref(action_ref: into String),
    /// Set `trigger_ref`.
    with_trigger_ref(trigger_ref: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `trace_tag_template`.
    with_trace_tag_template(trace_tag_template: into String),
    /// Set `permission_set_refs`.
    with_permission_set_refs(permission_set_refs: into Vec<String>),
});

/// Query of `GET /api/v1/rules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListRulesParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search (whitespace-separated tokens, AND-matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only rules of this pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Only rules firing this action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_ref: Option<String>,
    /// Only rules on this trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_ref: Option<String>,
    /// Only enabled/disabled rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

setters!(ListRulesParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `action_ref`.
    with_action_ref(action_ref: into String),
    /// Set `trigger_ref`.
    with_trigger_ref(trigger_ref: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
});
