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
}

setters!(RegisterRequest {
    /// Set `display_name`.
    with_display_name(display_name: into String),
});

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

setters!(UpdateCurrentUserRequest {
    /// Set `display_name`.
    with_display_name(display_name: into String),
});

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

/// Body of `POST /auth/internal/sensor-token` (`InternalCreateSensorTokenRequest`): a service
/// (sensor host, worker) asks for a sensor token scoped to one sensor workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InternalSensorTokenRequest {
    /// Sensor ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_ref: Option<String>,
    /// Pack ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Trigger types the token may emit events for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_types: Option<Vec<String>>,
    /// Permission sets granted to the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
    /// Token lifetime in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<i64>,
    /// Sensor workload id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_id: Option<i64>,
    /// Assignment generation of the workload (fencing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_generation: Option<i64>,
    /// Worker instance id (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_instance: Option<uuid::Uuid>,
}

setters!(InternalSensorTokenRequest {
    /// Set `sensor_ref`.
    with_sensor_ref(sensor_ref: into String),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `trigger_types`.
    with_trigger_types(trigger_types: into Vec<String>),
    /// Set `permission_set_refs`.
    with_permission_set_refs(permission_set_refs: into Vec<String>),
    /// Set `ttl_seconds`.
    with_ttl_seconds(ttl_seconds: i64),
    /// Set `workload_id`.
    with_workload_id(workload_id: i64),
    /// Set `assignment_generation`.
    with_assignment_generation(assignment_generation: i64),
    /// Set `worker_instance`.
    with_worker_instance(worker_instance: uuid::Uuid),
});

/// A sensor token issued by `POST /auth/internal/sensor-token`. `Debug` redacts the token.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SensorToken {
    /// The bearer token (use it with [`crate::AttuneClient::with_token`]).
    #[serde(default)]
    pub token: String,
    /// Expiry (RFC 3339 text, as the server sends it).
    #[serde(default)]
    pub expires_at: String,
    /// Identity the token acts as.
    #[serde(default)]
    pub identity_id: i64,
    /// Sensor ref.
    #[serde(default)]
    pub sensor_ref: String,
    /// Pack ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Trigger types it may emit events for.
    #[serde(default, deserialize_with = "null_as_default")]
    pub trigger_types: Vec<String>,
    /// Permission sets granted.
    #[serde(default, deserialize_with = "null_as_default")]
    pub permission_set_refs: Vec<String>,
    /// Workload fence (`workload_id`, `assignment_generation`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_fence: Option<serde_json::Value>,
}

impl std::fmt::Debug for SensorToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SensorToken")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("identity_id", &self.identity_id)
            .field("sensor_ref", &self.sensor_ref)
            .field("pack_ref", &self.pack_ref)
            .field("trigger_types", &self.trigger_types)
            .field("permission_set_refs", &self.permission_set_refs)
            .finish_non_exhaustive()
    }
}

/// Query of `GET /auth/oidc/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OidcLoginParams {
    /// Where the web app continues after login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
    /// Loopback URI of a CLI waiting for the tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cli_redirect_uri: Option<String>,
}

setters!(OidcLoginParams {
    /// Set `redirect_to`.
    with_redirect_to(redirect_to: into String),
    /// Set `cli_redirect_uri`.
    with_cli_redirect_uri(cli_redirect_uri: into String),
});

/// Query of `GET /auth/callback`: what the identity provider appended to the redirect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OidcCallbackParams {
    /// Authorization code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The `state` the login redirect carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Provider error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Provider error text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

impl OidcCallbackParams {
    /// A successful provider redirect with `code` and `state`.
    pub fn new(code: impl Into<String>, state: impl Into<String>) -> Self {
        OidcCallbackParams {
            code: Some(code.into()),
            state: Some(state.into()),
            ..Default::default()
        }
    }
}

/// A redirect answered by an OIDC route (not followed by the SDK): send the browser to
/// `location`, carrying `set_cookie`. `Debug` redacts the cookies (they hold the login state).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct OidcRedirect {
    /// HTTP status (302/303/307, or 200 when the server answered without redirecting).
    pub status: u16,
    /// The `Location` header.
    pub location: Option<String>,
    /// The `Set-Cookie` headers, verbatim.
    pub set_cookie: Vec<String>,
}

impl std::fmt::Debug for OidcRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcRedirect")
            .field("status", &self.status)
            .field("location", &self.location)
            .field(
                "set_cookie",
                &format!("<{} redacted>", self.set_cookie.len()),
            )
            .finish()
    }
}
