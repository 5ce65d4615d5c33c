//! Policy models (`/api/v1/policies`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A policy (`PolicyResponse` / `PolicySummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Policy {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference.
    pub r#ref: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the policy is enforced.
    #[serde(default)]
    pub enabled: bool,
    /// Evaluation priority.
    #[serde(default)]
    pub priority: i64,
    /// What the policy applies to (`PolicyScopeResponse`).
    #[serde(default)]
    pub scope: Value,
    /// Concurrency limits (may be null).
    #[serde(default)]
    pub concurrency: Value,
    /// Rate limit (may be null).
    #[serde(default)]
    pub rate_limit: Value,
    /// Quotas.
    #[serde(default)]
    pub quotas: Vec<Value>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
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

/// Query of `GET /api/v1/policies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListPoliciesParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Pack filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Action filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_ref: Option<String>,
    /// Scope-type filter (`global`, `pack`, `action`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Enabled filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Tag filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

setters!(ListPoliciesParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `action_ref`.
    with_action_ref(action_ref: into String),
    /// Set `scope`.
    with_scope(scope: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `tag`.
    with_tag(tag: into String),
});

/// Body of `POST /api/v1/policies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreatePolicyRequest {
    /// Canonical reference.
    pub r#ref: String,
    /// Display name.
    pub name: String,
    /// Scope (`PolicyScopeRequest`), e.g. `{"type":"action","action_ref":"core.echo"}`.
    pub scope: Value,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Concurrency limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Value>,
    /// Rate limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<Value>,
    /// Quotas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<Value>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl CreatePolicyRequest {
    /// A policy with a ref, a name and a scope.
    pub fn new(r#ref: impl Into<String>, name: impl Into<String>, scope: Value) -> Self {
        Self {
            r#ref: r#ref.into(),
            name: name.into(),
            scope,
            ..Default::default()
        }
    }
}

setters!(CreatePolicyRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `priority`.
    with_priority(priority: i64),
    /// Set `concurrency`.
    with_concurrency(concurrency: Value),
    /// Set `rate_limit`.
    with_rate_limit(rate_limit: Value),
    /// Set `quotas`.
    with_quotas(quotas: Vec<Value>),
    /// Set `tags`.
    with_tags(tags: Vec<String>),
});

/// Body of `PUT /api/v1/policies/{ref}` (absent fields are left unchanged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdatePolicyRequest {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Concurrency limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Value>,
    /// Rate limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<Value>,
    /// Quotas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<Vec<Value>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

setters!(UpdatePolicyRequest {
    /// Set `name`.
    with_name(name: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `priority`.
    with_priority(priority: i64),
    /// Set `concurrency`.
    with_concurrency(concurrency: Value),
    /// Set `rate_limit`.
    with_rate_limit(rate_limit: Value),
    /// Set `quotas`.
    with_quotas(quotas: Vec<Value>),
    /// Set `tags`.
    with_tags(tags: Vec<String>),
});
