//! RBAC: built-in permission sets, grants and the authenticated principal.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::jwt::TokenType;
use crate::error::{ApiError, ApiResult};

/// One grant of a permission set: a resource, its allowed actions and optional constraints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    /// Resource name (`packs`, `actions`, `keys`, ...).
    pub resource: String,
    /// Allowed actions (`read`, `create`, ...).
    pub actions: Vec<String>,
    /// Optional constraints (e.g. `owner_types`); constrained grants are not global.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Value>,
}

fn g(resource: &str, actions: &[&str]) -> Value {
    json!({"resource": resource, "actions": actions})
}

/// The built-in permission sets `(ref, label, description, grants)`.
pub fn builtin_permission_sets() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    vec![
        (
            "core.admin",
            "Admin",
            "Full administrative access across Attune resources.",
            json!([
                g(
                    "packs",
                    &["read", "create", "install", "configure", "delete"]
                ),
                g(
                    "actions",
                    &["read", "create", "update", "delete", "execute"]
                ),
                g("queues", &["read", "create", "update", "delete"]),
                g("queue_items", &["read", "create", "update", "delete"]),
                g("rules", &["read", "create", "update", "delete"]),
                g("triggers", &["read", "create", "update", "delete"]),
                g("executions", &["read", "update", "cancel", "decrypt"]),
                g("events", &["read", "decrypt"]),
                g("enforcements", &["read", "decrypt"]),
                g(
                    "inquiries",
                    &["read", "create", "update", "delete", "respond"]
                ),
                g("keys", &["read", "create", "update", "delete", "decrypt"]),
                g("artifacts", &["read", "create", "update", "delete"]),
                g("runtimes", &["read", "create", "update", "delete"]),
                g("workers", &["read", "manage"]),
                g("retention", &["read", "update"]),
                g("identities", &["read", "create", "update", "delete"]),
                g(
                    "permissions",
                    &["read", "create", "update", "delete", "manage"]
                ),
                g("audit_log", &["read"]),
            ]),
        ),
        (
            "core.editor",
            "Editor",
            "Create and update operational resources without full administrative control.",
            json!([
                g("packs", &["read", "create", "install", "configure"]),
                g("actions", &["read", "create", "update", "execute"]),
                g("queues", &["read", "create", "update", "delete"]),
                g("queue_items", &["read", "create", "update", "delete"]),
                g("rules", &["read", "create", "update"]),
                g("triggers", &["read"]),
                g("executions", &["read", "cancel"]),
                g("keys", &["read", "update", "decrypt"]),
                g("artifacts", &["read"]),
                g("runtimes", &["read", "create", "update"]),
                g("workers", &["read"]),
            ]),
        ),
        (
            "core.executor",
            "Executor",
            "Read operational metadata and trigger executions without changing system definitions.",
            json!([
                g("packs", &["read"]),
                g("actions", &["read", "execute"]),
                g("rules", &["read"]),
                g("triggers", &["read"]),
                g("executions", &["read"]),
                g("keys", &["read"]),
                g("artifacts", &["read"]),
                g("runtimes", &["read"]),
                g("workers", &["read"]),
                g("dashboards", &["read"]),
            ]),
        ),
        (
            "core.viewer",
            "Viewer",
            "Read-only access to operational metadata and execution visibility.",
            json!([
                g("packs", &["read"]),
                g("actions", &["read"]),
                g("policies", &["read"]),
                g("queues", &["read"]),
                g("queue_items", &["read"]),
                g("rules", &["read"]),
                g("triggers", &["read"]),
                g("executions", &["read"]),
                g("keys", &["read"]),
                g("artifacts", &["read"]),
                g("runtimes", &["read"]),
                g("workers", &["read"]),
            ]),
        ),
    ]
}

/// Parses a permission set's `grants` JSON (tolerant: bad entries are skipped).
pub fn parse_grants(v: &Value) -> Vec<Grant> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| serde_json::from_value::<Grant>(x.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    /// Identity id (`sub`).
    pub identity_id: i64,
    /// Identity login.
    pub login: String,
    /// Token type used.
    pub token_type: TokenType,
    /// Effective grants.
    pub grants: Vec<Grant>,
    /// Refs of the permission sets granting them.
    pub permission_set_refs: Vec<String>,
    /// Execution id carried by an execution token.
    pub execution_id: Option<i64>,
}

impl Principal {
    /// Whether any grant allows `action` on `resource` (constrained or not).
    pub fn can(&self, resource: &str, action: &str) -> bool {
        self.grants
            .iter()
            .any(|g| g.resource == resource && g.actions.iter().any(|a| a == action))
    }

    /// Whether an unconstrained (global) grant allows `action` on `resource`.
    pub fn can_global(&self, resource: &str, action: &str) -> bool {
        self.grants.iter().any(|g| {
            g.resource == resource
                && g.actions.iter().any(|a| a == action)
                && g.constraints
                    .as_ref()
                    .is_none_or(|c| c.as_object().is_none_or(|o| o.is_empty()))
        })
    }

    /// `Ok` if allowed, else 403 `Insufficient permissions: resource:action`.
    pub fn require(&self, resource: &str, action: &str) -> ApiResult<()> {
        if self.can(resource, action) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "Insufficient permissions: {resource}:{action}"
            )))
        }
    }

    /// Effective permissions grouped by resource, as `/auth/me` reports them.
    pub fn effective_permissions(&self) -> Value {
        let mut by: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for g in &self.grants {
            let e = by.entry(g.resource.clone()).or_default();
            for a in &g.actions {
                if !e.contains(a) {
                    e.push(a.clone());
                }
            }
        }
        Value::Array(
            by.into_iter()
                .map(|(r, a)| json!({"resource": r, "actions": a}))
                .collect(),
        )
    }
}
