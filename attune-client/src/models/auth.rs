//! Authentication models (`/auth/*`).

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Body of `POST /auth/login` (also the client's stored credentials). `Debug` redacts the password.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LoginRequest {
    /// Login name.
    pub login: String,
    /// Password.
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl LoginRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            password: password.into(),
        }
    }
}

/// Body of `POST /auth/register`. `Debug` redacts the password.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterRequest {
    /// Login (3..255 characters).
    pub login: String,
    /// Password (8..128 characters).
    pub password: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("display_name", &self.display_name)
            .finish()
    }
}

impl RegisterRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            password: password.into(),
            ..Default::default()
        }
    }

    /// Set `display_name`.
    pub fn with_display_name(mut self, v: impl Into<String>) -> Self {
        self.display_name = Some(v.into());
        self
    }
}

/// Body of `POST /auth/refresh`. `Debug` redacts the token.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: String,
}

impl std::fmt::Debug for RefreshTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshTokenRequest")
            .field("refresh_token", &"<redacted>")
            .finish()
    }
}

impl RefreshTokenRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(refresh_token: impl Into<String>) -> Self {
        Self {
            refresh_token: refresh_token.into(),
        }
    }
}

/// Tokens returned by login, register and refresh. `Debug` redacts both tokens.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TokenResponse {
    /// JWT access token (send as `Authorization: Bearer ...`).
    pub access_token: String,
    /// Refresh token.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub refresh_token: String,
    /// Always `Bearer`.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub token_type: String,
    /// Access-token lifetime in seconds.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub expires_in: i64,
    /// The logged-in user (absent on a normal refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserInfo>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("user", &self.user)
            .finish()
    }
}

/// User summary embedded in [`TokenResponse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserInfo {
    /// Numeric id.
    pub id: i64,
    /// Login name.
    pub login: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `GET /auth/me` response (`CurrentUserResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CurrentUser {
    /// Numeric id.
    pub id: i64,
    /// Login name.
    pub login: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `local`, `ldap` or `oidc`.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub auth_provider: String,
    /// Whether the identity is a local (password) identity.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub is_local: bool,
    /// Whether `change_password` is allowed.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub can_change_password: bool,
    /// Profile from an external provider (absent for local users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_profile: Option<serde_json::Value>,
    /// Effective grants.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub effective_permissions: Vec<EffectivePermission>,
    /// Permission sets assigned to the identity.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub assigned_permission_set_refs: Vec<String>,
}

/// One effective grant of the current user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EffectivePermission {
    /// RBAC resource (`packs`, `actions`, `keys`, ...).
    pub resource: String,
    /// Allowed actions (`read`, `create`, `execute`, ...).
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub actions: Vec<String>,
    /// Optional constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<serde_json::Value>,
}

/// Body of `PUT /auth/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateCurrentUserRequest {
    /// New display name (blank clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

impl UpdateCurrentUserRequest {
    /// Set `display_name`.
    pub fn with_display_name(mut self, v: impl Into<String>) -> Self {
        self.display_name = Some(v.into());
        self
    }
}

/// Body of `POST /auth/change-password`. `Debug` redacts both passwords.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ChangePasswordRequest {
    /// Current password.
    pub current_password: String,
    /// New password (8..128 characters).
    pub new_password: String,
}

impl std::fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangePasswordRequest")
            .field("current_password", &"<redacted>")
            .field("new_password", &"<redacted>")
            .finish()
    }
}

impl ChangePasswordRequest {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(current_password: impl Into<String>, new_password: impl Into<String>) -> Self {
        Self {
            current_password: current_password.into(),
            new_password: new_password.into(),
        }
    }
}

/// `GET /auth/settings` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuthSettings {
    /// Whether authentication is enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub authentication_enabled: bool,
    /// Local password login enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub local_password_enabled: bool,
    /// Local login shown by default.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub local_password_visible_by_default: bool,
    /// OIDC enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub oidc_enabled: bool,
    /// OIDC shown by default.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub oidc_visible_by_default: bool,
    /// LDAP enabled.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub ldap_enabled: bool,
    /// LDAP shown by default.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub ldap_visible_by_default: bool,
    /// Self-registration allowed.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub self_registration_enabled: bool,
    /// OIDC provider name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_provider_name: Option<String>,
    /// OIDC provider label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_provider_label: Option<String>,
    /// OIDC provider icon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_provider_icon_url: Option<String>,
    /// LDAP provider name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ldap_provider_name: Option<String>,
    /// LDAP provider label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ldap_provider_label: Option<String>,
    /// LDAP provider icon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ldap_provider_icon_url: Option<String>,
}
