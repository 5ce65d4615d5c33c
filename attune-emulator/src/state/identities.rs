//! Identities, permission sets, role bindings and direct assignments.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{now, Store};
use crate::auth::crypto::hash_password;
use crate::auth::jwt::TokenType;
use crate::auth::rbac::{parse_grants, Principal};
use crate::error::{ApiError, ApiResult};

/// An identity (user).
#[derive(Debug, Clone)]
pub struct Identity {
    /// Id.
    pub id: i64,
    /// Unique login.
    pub login: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Password hash (`None`: no local password).
    pub password_hash: Option<String>,
    /// Free-form attributes.
    pub attributes: Value,
    /// Frozen identities cannot log in or use tokens.
    pub frozen: bool,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

/// A permission set.
#[derive(Debug, Clone)]
pub struct PermissionSet {
    /// Id.
    pub id: i64,
    /// Ref (`core.admin`).
    pub r#ref: String,
    /// Label.
    pub label: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Owning pack ref.
    pub pack_ref: Option<String>,
    /// Grants JSON (array of `{resource, actions, constraints?}`).
    pub grants: Value,
    /// Created.
    pub created: DateTime<Utc>,
}

/// A role bound to a permission set.
#[derive(Debug, Clone)]
pub struct PermissionSetRole {
    /// Id.
    pub id: i64,
    /// Permission set id.
    pub permission_set_id: i64,
    /// Role name.
    pub role: String,
    /// Created.
    pub created: DateTime<Utc>,
}

/// A role held by an identity.
#[derive(Debug, Clone)]
pub struct IdentityRole {
    /// Id.
    pub id: i64,
    /// Identity id.
    pub identity_id: i64,
    /// Role name.
    pub role: String,
    /// Created.
    pub created: DateTime<Utc>,
}

/// A direct permission-set assignment.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// Id.
    pub id: i64,
    /// Identity id.
    pub identity_id: i64,
    /// Permission set id.
    pub permission_set_id: i64,
    /// Created.
    pub created: DateTime<Utc>,
}

/// Identity by login.
pub fn find_by_login<'a>(store: &'a Store, login: &str) -> Option<&'a Identity> {
    store.identities.iter().find(|i| i.login == login)
}

/// Permission set by ref.
pub fn find_set<'a>(store: &'a Store, r: &str) -> Option<&'a PermissionSet> {
    store.permission_sets.iter().find(|s| s.r#ref == r)
}

/// Creates an identity (409 if the login exists).
pub fn create_identity(
    store: &mut Store,
    login: &str,
    display_name: Option<String>,
    password: Option<&str>,
    attributes: Value,
) -> ApiResult<i64> {
    if find_by_login(store, login).is_some() {
        return Err(ApiError::conflict(format!(
            "Identity with login '{login}' already exists"
        )));
    }
    let t = now();
    Ok(store.identities.insert_with(|id| Identity {
        id,
        login: login.to_string(),
        display_name,
        password_hash: password.map(hash_password),
        attributes,
        frozen: false,
        created: t,
        updated: t,
    }))
}

/// Directly assigns a permission set to an identity (idempotent).
pub fn assign(store: &mut Store, identity_id: i64, set_id: i64) -> ApiResult<i64> {
    if let Some(a) = store
        .assignments
        .iter()
        .find(|a| a.identity_id == identity_id && a.permission_set_id == set_id)
    {
        return Err(ApiError::conflict(format!(
            "Permission assignment already exists (id {})",
            a.id
        )));
    }
    let t = now();
    Ok(store.assignments.insert_with(|id| Assignment {
        id,
        identity_id,
        permission_set_id: set_id,
        created: t,
    }))
}

/// Ids of the permission sets effective for an identity (direct + via roles).
pub fn effective_set_ids(store: &Store, identity_id: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = store
        .assignments
        .iter()
        .filter(|a| a.identity_id == identity_id)
        .map(|a| a.permission_set_id)
        .collect();
    let roles: Vec<&str> = store
        .identity_roles
        .iter()
        .filter(|r| r.identity_id == identity_id)
        .map(|r| r.role.as_str())
        .collect();
    for b in store.set_roles.iter() {
        if roles.contains(&b.role.as_str()) && !ids.contains(&b.permission_set_id) {
            ids.push(b.permission_set_id);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Builds the principal of a verified token (401 when the identity is gone, 403 when frozen).
pub fn principal_for(
    store: &Store,
    identity_id: i64,
    token_type: TokenType,
    metadata: Option<&Value>,
) -> ApiResult<Principal> {
    let ident = store
        .identities
        .get(identity_id)
        .ok_or_else(|| ApiError::auth("Invalid authentication token"))?;
    if ident.frozen {
        return Err(ApiError::forbidden("Identity is frozen"));
    }
    let execution_id = metadata
        .and_then(|m| m.get("execution_id"))
        .and_then(Value::as_i64);
    // Execution tokens carry the permission sets of the execution.
    let set_ids: Vec<i64> = match (
        token_type,
        metadata.and_then(|m| m.get("permission_set_refs")),
    ) {
        (TokenType::Execution, Some(Value::Array(refs))) => refs
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|r| find_set(store, r).map(|s| s.id))
            .collect(),
        _ => effective_set_ids(store, identity_id),
    };
    let mut grants = Vec::new();
    let mut refs = Vec::new();
    for sid in set_ids {
        if let Some(s) = store.permission_sets.get(sid) {
            grants.extend(parse_grants(&s.grants));
            refs.push(s.r#ref.clone());
        }
    }
    Ok(Principal {
        identity_id,
        login: ident.login.clone(),
        token_type,
        grants,
        permission_set_refs: refs,
        execution_id,
    })
}

fn set_role_json(store: &Store, b: &PermissionSetRole) -> Value {
    json!({
        "id": b.id,
        "permission_set_id": b.permission_set_id,
        "permission_set_ref": store.permission_sets.get(b.permission_set_id).map(|s| s.r#ref.clone()),
        "role": b.role,
        "created": b.created,
    })
}

/// `PermissionSetRoleAssignmentResponse`.
pub fn set_role_response(store: &Store, id: i64) -> Value {
    store
        .set_roles
        .get(id)
        .map(|b| set_role_json(store, b))
        .unwrap_or(Value::Null)
}

/// `PermissionSetSummary`.
pub fn set_summary(store: &Store, s: &PermissionSet) -> Value {
    let roles: Vec<Value> = store
        .set_roles
        .iter()
        .filter(|b| b.permission_set_id == s.id)
        .map(|b| set_role_json(store, b))
        .collect();
    json!({
        "id": s.id, "ref": s.r#ref, "label": s.label, "description": s.description,
        "pack_ref": s.pack_ref, "grants": s.grants, "roles": roles,
    })
}

/// `IdentityRoleAssignmentResponse`.
pub fn identity_role_json(r: &IdentityRole) -> Value {
    json!({
        "id": r.id, "identity_id": r.identity_id, "role": r.role, "source": "manual",
        "managed": false, "created": r.created, "updated": r.created,
    })
}

/// `PermissionAssignmentResponse`.
pub fn assignment_json(store: &Store, a: &Assignment) -> Value {
    json!({
        "id": a.id, "identity_id": a.identity_id, "permission_set_id": a.permission_set_id,
        "permission_set_ref": store.permission_sets.get(a.permission_set_id).map(|s| s.r#ref.clone()).unwrap_or_default(),
        "created": a.created,
    })
}

/// `IdentityResponse`.
pub fn identity_response(store: &Store, i: &Identity) -> Value {
    let roles: Vec<Value> = store
        .identity_roles
        .iter()
        .filter(|r| r.identity_id == i.id)
        .map(identity_role_json)
        .collect();
    let direct: Vec<Value> = store
        .assignments
        .iter()
        .filter(|a| a.identity_id == i.id)
        .map(|a| assignment_json(store, a))
        .collect();
    json!({
        "id": i.id, "login": i.login, "display_name": i.display_name,
        "attributes": i.attributes, "frozen": i.frozen, "roles": roles,
        "direct_permissions": direct,
    })
}

/// `IdentitySummary`.
pub fn identity_summary(store: &Store, i: &Identity) -> Value {
    let roles: Vec<&str> = store
        .identity_roles
        .iter()
        .filter(|r| r.identity_id == i.id)
        .map(|r| r.role.as_str())
        .collect();
    json!({
        "id": i.id, "login": i.login, "display_name": i.display_name,
        "attributes": i.attributes, "frozen": i.frozen, "roles": roles,
    })
}
