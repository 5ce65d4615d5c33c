//! Trigger and webhook models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A trigger (`TriggerResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Trigger {
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
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default)]
    pub param_schema: serde_json::Value,
    /// Event payload schema.
    #[serde(default)]
    pub out_schema: serde_json::Value,
    /// Whether webhooks are enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub webhook_enabled: bool,
    /// Webhook key (present only when webhooks are enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_key: Option<String>,
    /// Created through the API (not loaded from a pack).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_adhoc: bool,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Sensor id, if a sensor emits this trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor: Option<i64>,
    /// Sensor ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_ref: Option<String>,
    /// Retirement time (newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// A trigger in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriggerSummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the resource is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub enabled: bool,
    /// Whether webhooks are enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub webhook_enabled: bool,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// Body of `POST /api/v1/triggers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateTriggerRequest {
    /// Trigger ref (`pack.name`).
    pub r#ref: String,
    /// Human-readable label.
    pub label: String,
    /// Owning pack (optional: triggers may be pack-less).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_schema: Option<serde_json::Value>,
    /// Event payload schema (enforced on `POST /events`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_schema: Option<serde_json::Value>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
}

impl CreateTriggerRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(r#ref: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            r#ref: r#ref.into(),
            label: label.into(),
            ..Default::default()
        }
    }
}

setters!(CreateTriggerRequest {
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `param_schema`.
    with_param_schema(param_schema: into serde_json::Value),
    /// Set `out_schema`.
    with_out_schema(out_schema: into serde_json::Value),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `reference_visibility`.
    with_reference_visibility(reference_visibility: ReferenceVisibility),
    /// Set `reference_allowed_pack_refs`.
    with_reference_allowed_pack_refs(reference_allowed_pack_refs: into Vec<String>),
});

/// Body of `PUT /api/v1/triggers/{ref}`. `param_schema`/`out_schema` are always sent (`null` = keep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateTriggerRequest {
    /// New parameter schema (`None` = keep).
    #[serde(default)]
    pub param_schema: Option<serde_json::Value>,
    /// New payload schema (`None` = keep).
    #[serde(default)]
    pub out_schema: Option<serde_json::Value>,
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Patch: set or clear the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Patch<String>>,
    /// Whether the resource is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Who may reference this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<ReferenceVisibility>,
    /// Packs allowed to reference this resource (restricted visibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
}

setters!(UpdateTriggerRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: Patch<String>),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `reference_visibility`.
    with_reference_visibility(reference_visibility: ReferenceVisibility),
    /// Set `reference_allowed_pack_refs`.
    with_reference_allowed_pack_refs(reference_allowed_pack_refs: into Vec<String>),
});

/// Query of `GET /api/v1/triggers`, `/triggers/enabled` and `/packs/{pack_ref}/triggers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListTriggersParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Keyword search (whitespace-separated tokens, AND-matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only triggers visible to references from this pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referencing_pack_ref: Option<String>,
}

setters!(ListTriggersParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `q`.
    with_q(q: into String),
    /// Set `referencing_pack_ref`.
    with_referencing_pack_ref(referencing_pack_ref: into String),
});

/// Body of `POST /api/v1/webhooks/{key}` (`WebhookReceiverRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WebhookRequest {
    /// The event payload (required by the server).
    #[serde(default)]
    pub payload: serde_json::Value,
    /// Headers to record in the event config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<serde_json::Value>,
    /// Source IP to record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    /// User agent to record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

setters!(WebhookRequest {
    /// Set `headers`.
    with_headers(headers: into serde_json::Value),
    /// Set `source_ip`.
    with_source_ip(source_ip: into String),
    /// Set `user_agent`.
    with_user_agent(user_agent: into String),
});

/// Response of the webhook receiver (`WebhookReceiverResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WebhookReceipt {
    /// Id of the created event.
    pub event_id: i64,
    /// Ref of the trigger.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub trigger_ref: String,
    /// When the webhook was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
    /// Server message.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub message: String,
}
