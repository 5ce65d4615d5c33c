//! `/api/v1/identities`: list, create, get, update, delete, freeze, roles, permissions.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{delete as delete_route, get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::permissions::require_manage;
use super::{field, required, S};
use crate::auth::crypto::hash_password;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, created_bare_msg, ok, ok_msg, ok_success, raw};
use crate::state::identities::{
    self, assignment_json, identity_response, identity_role_json, identity_summary, IdentityRole,
};
use crate::state::{check_len, now};

/// Identity routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/identities", get(list).post(create))
        .route("/identities/{id}", get(get_one).put(update).delete(delete))
        .route("/identities/{id}/freeze", post(freeze))
        .route("/identities/{id}/unfreeze", post(unfreeze))
        .route("/identities/{id}/roles", post(add_role))
        .route("/identities/roles/{id}", delete_route(remove_role))
        .route("/identities/{id}/permissions", get(permissions_of))
}

fn require_read(p: &Principal, id: Option<i64>) -> ApiResult<()> {
    if id == Some(p.identity_id) || p.can("identities", "read") {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Insufficient permissions: identities:read",
        ))
    }
}

/// `page`, `page_size`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
    page_size: Option<u32>,
}

async fn list(
    State(st): State<S>,
    Auth(p): Auth,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    require_read(&p, None)?;
    let store = st.store.lock();
    let items = store
        .identities
        .newest_first()
        .map(|i| identity_summary(&store, i))
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let login: String = required(&body, "login")?;
    let display: Option<String> = field(&body, "display_name")?;
    let password: Option<String> = field(&body, "password")?;
    let attributes = body
        .get("attributes")
        .filter(|v| !v.is_null())
        .cloned()
        .unwrap_or(json!({}));
    check_len("login", &login, 3, 255)?;
    if let Some(pw) = &password {
        check_len("password", pw, 8, 128)?;
    }
    p.require("identities", "create")?;
    let mut store = st.store.lock();
    let id =
        identities::create_identity(&mut store, &login, display, password.as_deref(), attributes)?;
    let v = store
        .identities
        .get(id)
        .map(|i| identity_response(&store, i))
        .unwrap_or_default();
    Ok(created(v, "Identity created successfully"))
}

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Identity with ID {id} not found"))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    let store = st.store.lock();
    let i = store.identities.get(id).ok_or_else(|| not_found(id))?;
    require_read(&p, Some(id)).map_err(|_| not_found(id))?;
    Ok(ok(identity_response(&store, i)))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let display: Option<String> = field(&body, "display_name")?;
    let password: Option<String> = field(&body, "password")?;
    if let Some(pw) = &password {
        check_len("password", pw, 8, 128)?;
    }
    let mut store = st.store.lock();
    if store.identities.get(id).is_none() {
        return Err(not_found(id));
    }
    p.require("identities", "update")?;
    let Some(i) = store.identities.get_mut(id) else {
        return Err(not_found(id));
    };
    if body.contains_key("display_name") {
        i.display_name = display;
    }
    if let Some(pw) = password {
        i.password_hash = Some(hash_password(&pw));
    }
    if let Some(a) = body.get("attributes").filter(|v| !v.is_null()) {
        i.attributes = a.clone();
    }
    i.updated = now();
    let i = i.clone();
    Ok(ok_msg(
        identity_response(&store, &i),
        "Identity updated successfully",
    ))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    if store.identities.get(id).is_none() {
        return Err(not_found(id));
    }
    p.require("identities", "delete")?;
    if id == p.identity_id {
        // the real server: 400 before anything else is looked at
        return Err(ApiError::bad_request(
            "Refusing to delete the currently authenticated identity",
        ));
    }
    store.identities.remove(id);
    let roles: Vec<i64> = store
        .identity_roles
        .iter()
        .filter(|r| r.identity_id == id)
        .map(|r| r.id)
        .collect();
    for r in roles {
        store.identity_roles.remove(r);
    }
    let asg: Vec<i64> = store
        .assignments
        .iter()
        .filter(|a| a.identity_id == id)
        .map(|a| a.id)
        .collect();
    for a in asg {
        store.assignments.remove(a);
    }
    Ok(ok_success("Identity deleted successfully"))
}

fn set_frozen(st: &S, p: &Principal, id: i64, frozen: bool) -> ApiResult<Response> {
    let mut store = st.store.lock();
    if store.identities.get(id).is_none() {
        return Err(not_found(id));
    }
    p.require("identities", "update")?;
    if frozen && id == p.identity_id {
        // freezing yourself would lock the caller out for good; the real server refuses
        return Err(ApiError::bad_request(
            "Refusing to freeze the currently authenticated identity",
        ));
    }
    let Some(i) = store.identities.get_mut(id) else {
        return Err(not_found(id));
    };
    i.frozen = frozen;
    i.updated = now();
    Ok(ok_success(if frozen {
        "Identity frozen successfully"
    } else {
        "Identity unfrozen successfully"
    }))
}

async fn freeze(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    set_frozen(&st, &p, id, true)
}

async fn unfreeze(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    set_frozen(&st, &p, id, false)
}

async fn add_role(
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
    if store.identities.get(id).is_none() {
        return Err(not_found(id));
    }
    require_manage(&p).or_else(|_| p.require("identities", "update"))?;
    let existing = store
        .identity_roles
        .iter()
        .find(|r| r.identity_id == id && r.role == role)
        .map(|r| r.id);
    let rid = match existing {
        Some(r) => r,
        None => {
            let t = now();
            store.identity_roles.insert_with(|rid| IdentityRole {
                id: rid,
                identity_id: id,
                role,
                created: t,
            })
        }
    };
    let v = store
        .identity_roles
        .get(rid)
        .map(identity_role_json)
        .unwrap_or_default();
    Ok(created_bare_msg(v))
}

async fn remove_role(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    require_manage(&p).or_else(|_| p.require("identities", "update"))?;
    store.identity_roles.remove(id).ok_or_else(|| {
        ApiError::not_found(format!("Identity role assignment with ID {id} not found"))
    })?;
    Ok(ok_success("Identity role assignment deleted successfully"))
}

async fn permissions_of(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    if store.identities.get(id).is_none() {
        return Err(not_found(id));
    }
    require_read(&p, Some(id)).map_err(|_| not_found(id))?;
    let items: Vec<Value> = store
        .assignments
        .iter()
        .filter(|a| a.identity_id == id)
        .map(|a| assignment_json(&store, a))
        .collect();
    Ok(raw(Value::Array(items)))
}
