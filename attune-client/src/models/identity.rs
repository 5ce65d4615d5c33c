//! Identity models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::models::permission::PermissionAssignment;

/// An identity with its roles and direct permissions (`IdentityResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Identity {
    /// Numeric id.
    pub id: i64,
    /// Login name.
    pub login: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Free-form attributes.
    #[serde(default)]
    pub attributes: serde_json::Value,
    /// Whether the identity is frozen.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub frozen: bool,
    /// Role assignments.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub roles: Vec<IdentityRoleAssignment>,
    /// Direct permission-set assignments.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub direct_permissions: Vec<PermissionAssignment>,
}

/// An identity in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IdentitySummary {
    /// Numeric id.
    pub id: i64,
    /// Login name.
    pub login: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Free-form attributes.
    #[serde(default)]
    pub attributes: serde_json::Value,
    /// Whether the identity is frozen.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub frozen: bool,
    /// Role names.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub roles: Vec<String>,
}

/// A role assigned to an identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IdentityRoleAssignment {
    /// Numeric id.
    pub id: i64,
    /// Identity id.
    pub identity_id: i64,
    /// Role name.
    pub role: String,
    /// Where the assignment comes from.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub source: String,
    /// Whether the assignment is managed externally.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub managed: bool,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/identities`. `Debug` redacts the password.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateIdentityRequest {
    /// Login name.
    pub login: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Free-form attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<serde_json::Value>,
}

impl std::fmt::Debug for CreateIdentityRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateIdentityRequest")
            .field("login", &self.login)
            .field("display_name", &self.display_name)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("attributes", &self.attributes)
            .finish()
    }
}

impl CreateIdentityRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(login: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            ..Default::default()
        }
    }
}

setters!(CreateIdentityRequest {
    /// Set `display_name`.
    with_display_name(display_name: into String),
    /// Set `password`.
    with_password(password: into String),
    /// Set `attributes`.
    with_attributes(attributes: into serde_json::Value),
});

/// Body of `PUT /api/v1/identities/{id}`. `Debug` redacts the password.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateIdentityRequest {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Free-form attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<serde_json::Value>,
    /// Freeze or unfreeze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<bool>,
}

impl std::fmt::Debug for UpdateIdentityRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateIdentityRequest")
            .field("display_name", &self.display_name)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("attributes", &self.attributes)
            .field("frozen", &self.frozen)
            .finish()
    }
}

setters!(UpdateIdentityRequest {
    /// Set `display_name`.
    with_display_name(display_name: into String),
    /// Set `password`.
    with_password(password: into String),
    /// Set `attributes`.
    with_attributes(attributes: into serde_json::Value),
    /// Set `frozen`.
    with_frozen(frozen: bool),
});
