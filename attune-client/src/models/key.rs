//! Key/value store models (`/api/v1/keys`). `Debug` of [`Key`] and key requests redacts the value.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl CreateKeyRequest {
    /// A key with the given owner type; set the owner selector with the `with_owner_*` setters.
    pub fn new(
        local_ref: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
        owner_type: OwnerType,
    ) -> Self {
        CreateKeyRequest {
            local_ref: local_ref.into(),
            name: name.into(),
            value: value.into(),
            owner_type,
            ..Default::default()
        }
    }

    /// A system-owned key (`system.<local_ref>`).
    pub fn system(local_ref: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        let local_ref = local_ref.into();
        Self::new(local_ref.clone(), local_ref, value, OwnerType::System)
    }
}

/// A key (`KeyResponse`). `Debug` redacts `value`.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Key {
    /// Numeric id.
    pub id: i64,
    /// Canonical ref built by the server (e.g. `system.github_token`).
    pub r#ref: String,
    /// Identifier within the owner scope.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub local_ref: String,
    /// Owner kind.
    pub owner_type: OwnerType,
    /// Authoritative owner reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Owner identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_identity: Option<i64>,
    /// Owner pack id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_pack: Option<i64>,
    /// Owner pack ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_pack_ref: Option<String>,
    /// Owner action id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_action: Option<i64>,
    /// Owner action ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_action_ref: Option<String>,
    /// Owner sensor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_sensor: Option<i64>,
    /// Owner sensor ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_sensor_ref: Option<String>,
    /// Display name.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub name: String,
    /// Whether the value is stored encrypted.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub encrypted: bool,
    /// The value (decrypted when permitted, else `null`).
    #[serde(default)]
    pub value: serde_json::Value,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .field("ref", &self.r#ref)
            .field("local_ref", &self.local_ref)
            .field("owner_type", &self.owner_type)
            .field("owner", &self.owner)
            .field("owner_identity", &self.owner_identity)
            .field("owner_pack", &self.owner_pack)
            .field("owner_pack_ref", &self.owner_pack_ref)
            .field("owner_action", &self.owner_action)
            .field("owner_action_ref", &self.owner_action_ref)
            .field("owner_sensor", &self.owner_sensor)
            .field("owner_sensor_ref", &self.owner_sensor_ref)
            .field("name", &self.name)
            .field("encrypted", &self.encrypted)
            .field("value", &crate::models::common::redacted_value(&self.value))
            .field("created", &self.created)
            .field("updated", &self.updated)
            .finish()
    }
}

/// A key in a list (values are never listed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KeySummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical ref.
    pub r#ref: String,
    /// Identifier within the owner scope.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub local_ref: String,
    /// Owner kind.
    pub owner_type: OwnerType,
    /// Owner reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Display name.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub name: String,
    /// Whether the value is encrypted.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub encrypted: bool,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
}

/// Body of `POST /api/v1/keys`. `Debug` redacts `value`.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateKeyRequest {
    /// Identifier within the owner scope (`[a-z0-9][a-z0-9_-]*`).
    pub local_ref: String,
    /// Display name.
    pub name: String,
    /// The value (any JSON).
    pub value: serde_json::Value,
    /// Owner kind.
    pub owner_type: OwnerType,
    /// Store encrypted (server default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// Owner selector for `identity` keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_identity_login: Option<String>,
    /// Owner selector for `pack` keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_pack_ref: Option<String>,
    /// Owner selector for `action` keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_action_ref: Option<String>,
    /// Owner selector for `sensor` keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_sensor_ref: Option<String>,
}

impl std::fmt::Debug for CreateKeyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateKeyRequest")
            .field("local_ref", &self.local_ref)
            .field("name", &self.name)
            .field("value", &crate::models::common::redacted_value(&self.value))
            .field("owner_type", &self.owner_type)
            .field("encrypted", &self.encrypted)
            .field("owner_identity_login", &self.owner_identity_login)
            .field("owner_pack_ref", &self.owner_pack_ref)
            .field("owner_action_ref", &self.owner_action_ref)
            .field("owner_sensor_ref", &self.owner_sensor_ref)
            .finish()
    }
}

setters!(CreateKeyRequest {
    /// Set `encrypted`.
    with_encrypted(encrypted: bool),
    /// Set `owner_identity_login`.
    with_owner_identity_login(owner_identity_login: into String),
    /// Set `owner_pack_ref`.
    with_owner_pack_ref(owner_pack_ref: into String),
    /// Set `owner_action_ref`.
    with_owner_action_ref(owner_action_ref: into String),
    /// Set `owner_sensor_ref`.
    with_owner_sensor_ref(owner_sensor_ref: into String),
});

/// Body of `PUT /api/v1/keys/{ref}`. `Debug` redacts `value`.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateKeyRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Encrypt (false → true re-encrypts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
}

impl std::fmt::Debug for UpdateKeyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateKeyRequest")
            .field("name", &self.name)
            .field("value", &self.value.as_ref().map(|_| "<redacted>"))
            .field("encrypted", &self.encrypted)
            .finish()
    }
}

setters!(UpdateKeyRequest {
    /// Set `name`.
    with_name(name: into String),
    /// Set `value`.
    with_value(value: into serde_json::Value),
    /// Set `encrypted`.
    with_encrypted(encrypted: bool),
});

/// Query of `GET /api/v1/keys` (`page`/`per_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListKeysParams {
    /// Owner kind filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_type: Option<OwnerType>,
    /// Owner filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListKeysParams {
    /// Set `owner_type`.
    with_owner_type(owner_type: OwnerType),
    /// Set `owner`.
    with_owner(owner: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});
