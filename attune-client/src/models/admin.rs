//! Models of the issue-12 additions to existing groups: integration tokens, LDAP/token login,
//! runtime writes, permission-set updates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Body of `POST /api/v1/identities/{id}/integration-tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateIntegrationTokenRequest {
    /// Label of the token.
    pub label: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl CreateIntegrationTokenRequest {
    /// A token with this label.
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            ..Default::default()
        }
    }
}

setters!(CreateIntegrationTokenRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `expires_at`.
    with_expires_at(expires_at: DateTime<Utc>),
});

/// Body of `POST /api/v1/identities/{id}/integration-tokens/{token_id}/revoke`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RevokeIntegrationTokenRequest {
    /// Why the token is revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

setters!(RevokeIntegrationTokenRequest {
    /// Set `reason`.
    with_reason(reason: into String),
});

/// An integration token (metadata; `token` is only present right after creation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IntegrationToken {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Label.
    #[serde(default)]
    pub label: String,
    /// The secret token (creation response only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Revocation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /auth/ldap/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LdapLoginRequest {
    /// LDAP login.
    pub login: String,
    /// Password.
    pub password: String,
}

/// Body of `POST /auth/token-login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TokenLoginRequest {
    /// A token (e.g. an integration token) exchanged for a session.
    pub token: String,
}

/// Body of `POST /api/v1/runtimes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateRuntimeRequest {
    /// Canonical reference.
    pub r#ref: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Supported distributions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributions: Option<Value>,
    /// Execution configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_config: Option<Value>,
    /// Installation configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation: Option<Value>,
}

impl CreateRuntimeRequest {
    /// A runtime with a ref and a name.
    pub fn new(r#ref: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            r#ref: r#ref.into(),
            name: name.into(),
            ..Default::default()
        }
    }
}

setters!(CreateRuntimeRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `distributions`.
    with_distributions(distributions: Value),
    /// Set `execution_config`.
    with_execution_config(execution_config: Value),
    /// Set `installation`.
    with_installation(installation: Value),
});

/// Body of `PUT /api/v1/runtimes/{ref}` (absent fields are left unchanged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateRuntimeRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Supported distributions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributions: Option<Value>,
    /// Execution configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_config: Option<Value>,
    /// Installation configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation: Option<Value>,
}

setters!(UpdateRuntimeRequest {
    /// Set `name`.
    with_name(name: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `distributions`.
    with_distributions(distributions: Value),
    /// Set `execution_config`.
    with_execution_config(execution_config: Value),
    /// Set `installation`.
    with_installation(installation: Value),
});

/// Body of `PUT /api/v1/permissions/sets/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdatePermissionSetRequest {
    /// Grants (replaces the current grants).
    pub grants: Value,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

setters!(UpdatePermissionSetRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: into String),
});
