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

    /// Set `description`.
    pub fn with_description(mut self, v: impl Into<String>) -> Self {
        self.description = Some(v.into());
        self
    }

    /// Set `conditions`.
    pub fn with_conditions(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.conditions = Some(v.into());
        self
    }

    /// Set `action_params`.
    pub fn with_action_params(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.action_params = Some(v.into());
        self
    }

    /// Set `trigger_params`.
    pub fn with_trigger_params(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.trigger_params = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `permission_set_refs`.
    pub fn with_permission_set_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.permission_set_refs = Some(v.into());
        self
    }

    /// Set `trace_tag_template`.
    pub fn with_trace_tag_template(mut self, v: impl Into<String>) -> Self {
        self.trace_tag_template = Some(v.into());
        self
    }

    /// Set `sensor_worker_selector`.
    pub fn with_sensor_worker_selector(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.sensor_worker_selector = Some(v.into());
        self
    }

    /// Set `sensor_worker_tolerations`.
    pub fn with_sensor_worker_tolerations(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.sensor_worker_tolerations = Some(v.into());
        self
    }

    /// Set `sensor_worker_affinity`.
    pub fn with_sensor_worker_affinity(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.sensor_worker_affinity = Some(v.into());
        self
    }
}

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

impl UpdateRuleRequest {
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

    /// Set `action_ref`.
    pub fn with_action_ref(mut self, v: impl Into<String>) -> Self {
        self.action_ref = Some(v.into());
        self
    }

    /// Set `trigger_ref`.
    pub fn with_trigger_ref(mut self, v: impl Into<String>) -> Self {
        self.trigger_ref = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `trace_tag_template`.
    pub fn with_trace_tag_template(mut self, v: impl Into<String>) -> Self {
        self.trace_tag_template = Some(v.into());
        self
    }

    /// Set `permission_set_refs`.
    pub fn with_permission_set_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.permission_set_refs = Some(v.into());
        self
    }
}

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

impl ListRulesParams {
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

    /// Set `pack_ref`.
    pub fn with_pack_ref(mut self, v: impl Into<String>) -> Self {
        self.pack_ref = Some(v.into());
        self
    }

    /// Set `action_ref`.
    pub fn with_action_ref(mut self, v: impl Into<String>) -> Self {
        self.action_ref = Some(v.into());
        self
    }

    /// Set `trigger_ref`.
    pub fn with_trigger_ref(mut self, v: impl Into<String>) -> Self {
        self.trigger_ref = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }
}
