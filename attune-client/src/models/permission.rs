//! Permission sets, role bindings and assignments.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A permission set (`PermissionSetSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PermissionSet {
    /// Numeric id.
    pub id: i64,
    /// Ref, e.g. `core.admin`.
    pub r#ref: String,
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ref of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Grants (any JSON).
    #[serde(default)]
    pub grants: serde_json::Value,
    /// Roles bound to the set.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub roles: Vec<PermissionSetRoleBinding>,
}

/// A role bound to a permission set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PermissionSetRoleBinding {
    /// Numeric id.
    pub id: i64,
    /// Permission set id.
    pub permission_set_id: i64,
    /// Permission set ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_ref: Option<String>,
    /// Role name.
    pub role: String,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
}

/// A direct permission-set assignment to an identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PermissionAssignment {
    /// Numeric id.
    pub id: i64,
    /// Identity id.
    pub identity_id: i64,
    /// Permission set id.
    pub permission_set_id: i64,
    /// Permission set ref.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub permission_set_ref: String,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/permissions/assignments` (give `identity_id` or `identity_login`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreatePermissionAssignment {
    /// Permission set ref, e.g. `core.admin`.
    pub permission_set_ref: String,
    /// Target identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<i64>,
    /// Target identity login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_login: Option<String>,
}

impl CreatePermissionAssignment {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(permission_set_ref: impl Into<String>) -> Self {
        Self {
            permission_set_ref: permission_set_ref.into(),
            ..Default::default()
        }
    }
}

setters!(CreatePermissionAssignment {
    /// Set `identity_id`.
    with_identity_id(identity_id: i64),
    /// Set `identity_login`.
    with_identity_login(identity_login: into String),
});

/// Body `{"role": ..}` of the role-binding endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RoleRequest {
    /// Role name.
    pub role: String,
}

impl RoleRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(role: impl Into<String>) -> Self {
        Self { role: role.into() }
    }
}

/// Query of `GET /api/v1/permissions/sets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListPermissionSetsParams {
    /// Pack filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
}

setters!(ListPermissionSetsParams {
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
});
