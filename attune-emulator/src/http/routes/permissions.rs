//! `/api/v1/permissions/*`: permission sets, role bindings, direct assignments.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{delete as delete_route, get, post, put};
use axum::Router;
use serde::Deserialize;
use serde_json::Value;

use super::{field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::response::{created_bare_msg, ok_msg, ok_success, raw};
use crate::state::identities::{
    self, assignment_json, set_role_response, set_summary, PermissionSetRole,
};
use crate::state::now;

/// Permission routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/permissions/sets", get(list_sets))
        .route("/permissions/sets/{id}", put(update_set))
        .route("/permissions/sets/{id}/roles", post(bind_role))
        .route("/permissions/sets/roles/{id}", delete_route(unbind_role))
        .route("/permissions/assignments", post(create_assignment))
        .route(
            "/permissions/assignments/{id}",
            delete_route(delete_assignment),
        )
}

/// Requires `permissions:manage` (or create/update).
pub fn require_manage(p: &Principal) -> ApiResult<()> {
    if p.can("permissions", "manage")
        || p.can("permissions", "create")
        || p.can("permissions", "update")
    {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Insufficient permissions: permissions:manage",
        ))
    }
}

/// `pack_ref`.
#[derive(Debug, Deserialize)]
pub struct SetsQuery {
    pack_ref: Option<String>,
}

async fn list_sets(State(st): State<S>, Auth(_p): Auth, Query(q): Query<SetsQuery>) -> Response {
    let store = st.store.lock();
    let items: Vec<Value> = store
        .permission_sets
        .iter()
        .filter(|s| {
            q.pack_ref
                .as_deref()
                .is_none_or(|x| s.pack_ref.as_deref() == Some(x))
        })
        .map(|s| set_summary(&store, s))
        .collect();
    raw(Value::Array(items))
}

async fn update_set(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    require_manage(&p)?;
    let label: Option<String> = field(&body, "label")?;
    let description: Option<String> = field(&body, "description")?;
    let grants = body.get("grants").cloned();
    if grants.as_ref().is_some_and(|g| !g.is_array()) {
        return Err(ApiError::bad_request("grants must be an array"));
    }
    let mut store = st.store.lock();
    let s = store
        .permission_sets
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("Permission set with ID {id} not found")))?;
    if label.is_some() {
        s.label = label;
    }
    if description.is_some() {
        s.description = description;
    }
    if let Some(g) = grants {
        s.grants = g;
    }
    let s = s.clone();
    Ok(ok_msg(
        set_summary(&store, &s),
        "Permission set updated successfully",
    ))
}

async fn bind_role(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let role: String = required(&body, "role")?;
    if role.trim().is_empty() {
        return Err(ApiError::validation("role: must not be empty"));
    }
    let mut store = st.store.lock();
    require_manage(&p)?;
    if store.permission_sets.get(id).is_none() {
        return Err(ApiError::not_found(format!(
            "Permission set with ID {id} not found"
        )));
    }
    // idempotent: an existing binding is returned as is
    let existing = store
        .set_roles
        .iter()
        .find(|b| b.permission_set_id == id && b.role == role)
        .map(|b| b.id);
    let bid = match existing {
        Some(b) => b,
        None => {
            let t = now();
            store.set_roles.insert_with(|bid| PermissionSetRole {
                id: bid,
                permission_set_id: id,
                role,
                created: t,
            })
        }
    };
    Ok(created_bare_msg(set_role_response(&store, bid)))
}

async fn unbind_role(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    require_manage(&p)?;
    store
        .set_roles
        .remove(id)
        .ok_or_else(|| ApiError::not_found(format!("Role assignment with ID {id} not found")))?;
    Ok(ok_success(
        "Permission set role assignment deleted successfully",
    ))
}

async fn create_assignment(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let set_ref: String = required(&body, "permission_set_ref")?;
    let identity_id: Option<i64> = field(&body, "identity_id")?;
    let identity_login: Option<String> = field(&body, "identity_login")?;
    let mut store = st.store.lock();
    require_manage(&p)?;
    let set_id = identities::find_set(&store, &set_ref)
        .map(|s| s.id)
        .ok_or_else(|| ApiError::not_found(format!("Permission set '{set_ref}' not found")))?;
    let ident = match (identity_id, identity_login.as_deref()) {
        (Some(id), _) => store.identities.get(id).map(|i| i.id),
        (None, Some(l)) => identities::find_by_login(&store, l).map(|i| i.id),
        (None, None) => {
            return Err(ApiError::validation(
                "identity_id or identity_login is required",
            ))
        }
    }
    .ok_or_else(|| ApiError::not_found("Identity not found"))?;
    let aid = identities::assign(&mut store, ident, set_id)?;
    let v = store
        .assignments
        .get(aid)
        .map(|a| assignment_json(&store, a))
        .unwrap_or_default();
    Ok(created_bare_msg(v))
}

async fn delete_assignment(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    require_manage(&p)?;
    store.assignments.remove(id).ok_or_else(|| {
        ApiError::not_found(format!("Permission assignment with ID {id} not found"))
    })?;
    Ok(ok_success("Permission assignment deleted successfully"))
}
