//! `/api/v1/runtimes` and `/api/v1/packs/{pack_ref}/runtimes`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{apply_string_patch, field, patch, required, Patch, S};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::packs::{self, matches_q};
use crate::state::runtimes::{self, Runtime};
use crate::state::{now, validate_component_ref};

/// Runtime routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/runtimes", get(list).post(create))
        .route("/runtimes/{ref}", get(get_one).put(update).delete(delete))
        .route("/packs/{pack_ref}/runtimes", get(list_by_pack))
}

/// `page`, `page_size`, `q`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
}

fn q_ok(r: &Runtime, q: Option<&str>) -> bool {
    q.is_none_or(|q| {
        matches_q(
            q,
            &[
                &r.r#ref,
                &r.name,
                r.description.as_deref().unwrap_or(""),
                r.pack_ref.as_deref().unwrap_or(""),
            ],
        )
    })
}

async fn list(State(st): State<S>, Auth(_p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    let items = store
        .runtimes
        .newest_first()
        .filter(|r| q_ok(r, q.q.as_deref()))
        .map(Runtime::summary)
        .collect();
    raw(page_size_scheme(items, q.page, q.page_size))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    let items = store
        .runtimes
        .newest_first()
        .filter(|r| r.pack_ref.as_deref() == Some(pack_ref.as_str()))
        .map(Runtime::summary)
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}

async fn get_one(
    State(st): State<S>,
    Auth(_p): Auth,
    Path(r): Path<String>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let rt = runtimes::find(&store, &r)
        .ok_or_else(|| ApiError::not_found(format!("Runtime '{r}' not found")))?;
    Ok(ok(rt.response()))
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let name: String = required(&body, "name")?;
    p.require("runtimes", "create")?;
    let pack_ref: Option<String> = field(&body, "pack_ref")?;
    validate_component_ref("runtime", &r, pack_ref.as_deref())?;
    let description: Option<String> = field(&body, "description")?;
    let mut store = st.store.lock();
    if store.runtimes.iter().any(|x| x.r#ref == r) {
        return Err(ApiError::conflict(format!(
            "Runtime with ref '{r}' already exists"
        )));
    }
    let pack = match &pack_ref {
        Some(pr) => Some(packs::visible_id(&store, &p, pr)?),
        None => None,
    };
    let t = now();
    let id = store.runtimes.insert_with(|id| Runtime {
        id,
        r#ref: r.clone(),
        name,
        description,
        pack,
        pack_ref,
        distributions: body
            .get("distributions")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!({})),
        execution_config: body
            .get("execution_config")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!({})),
        installation: body.get("installation").cloned().unwrap_or(Value::Null),
        created: t,
        updated: t,
    });
    let v = store
        .runtimes
        .get(id)
        .map(Runtime::response)
        .unwrap_or_default();
    Ok(created(v, "Runtime created successfully"))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = runtimes::find(&store, &r)
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found(format!("Runtime '{r}' not found")))?;
    p.require("runtimes", "update")?;
    let name: Option<String> = field(&body, "name")?;
    let Some(rt) = store.runtimes.get_mut(id) else {
        return Err(ApiError::not_found(format!("Runtime '{r}' not found")));
    };
    if let Some(n) = name {
        rt.name = n;
    }
    apply_string_patch(&mut rt.description, body.get("description"), "description")?;
    for (k, target) in [
        ("distributions", &mut rt.distributions),
        ("execution_config", &mut rt.execution_config),
    ] {
        if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
            *target = v.clone();
        }
    }
    match patch(body.get("installation")) {
        Patch::Keep => {}
        Patch::Clear => rt.installation = Value::Null,
        Patch::Set(v) => rt.installation = v,
    }
    rt.updated = now();
    Ok(ok_msg(rt.response(), "Runtime updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = runtimes::find(&store, &r)
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found(format!("Runtime '{r}' not found")))?;
    p.require("runtimes", "delete")?;
    store.runtimes.remove(id);
    Ok(deleted(format!("Runtime '{r}' deleted successfully")))
}
