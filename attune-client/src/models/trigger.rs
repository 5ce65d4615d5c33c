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

    /// Set `pack_ref`.
    pub fn with_pack_ref(mut self, v: impl Into<String>) -> Self {
        self.pack_ref = Some(v.into());
        self
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

    /// Set `out_schema`.
    pub fn with_out_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.out_schema = Some(v.into());
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `reference_visibility`.
    pub fn with_reference_visibility(mut self, v: ReferenceVisibility) -> Self {
        self.reference_visibility = Some(v);
        self
    }

    /// Set `reference_allowed_pack_refs`.
    pub fn with_reference_allowed_pack_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.reference_allowed_pack_refs = Some(v.into());
        self
    }
}

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

impl UpdateTriggerRequest {
    /// Set `label`.
    pub fn with_label(mut self, v: impl Into<String>) -> Self {
        self.label = Some(v.into());
        self
    }

    /// Set `description`.
    pub fn with_description(mut self, v: Patch<String>) -> Self {
        self.description = Some(v);
        self
    }

    /// Set `enabled`.
    pub fn with_enabled(mut self, v: bool) -> Self {
        self.enabled = Some(v);
        self
    }

    /// Set `reference_visibility`.
    pub fn with_reference_visibility(mut self, v: ReferenceVisibility) -> Self {
        self.reference_visibility = Some(v);
        self
    }

    /// Set `reference_allowed_pack_refs`.
    pub fn with_reference_allowed_pack_refs(mut self, v: impl Into<Vec<String>>) -> Self {
        self.reference_allowed_pack_refs = Some(v.into());
        self
    }
}

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

impl ListTriggersParams {
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

    /// Set `referencing_pack_ref`.
    pub fn with_referencing_pack_ref(mut self, v: impl Into<String>) -> Self {
        self.referencing_pack_ref = Some(v.into());
        self
    }
}

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

impl WebhookRequest {
    /// Set `headers`.
    pub fn with_headers(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.headers = Some(v.into());
        self
    }

    /// Set `source_ip`.
    pub fn with_source_ip(mut self, v: impl Into<String>) -> Self {
        self.source_ip = Some(v.into());
        self
    }

    /// Set `user_agent`.
    pub fn with_user_agent(mut self, v: impl Into<String>) -> Self {
        self.user_agent = Some(v.into());
        self
    }
}

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
