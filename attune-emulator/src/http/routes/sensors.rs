//! `/api/v1/sensors` (sensors share the `triggers` RBAC resource).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::triggers::visible_trigger_id;
use super::{apply_string_patch, field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::packs::{self, matches_q};
use crate::state::sensors::{self, Sensor};
use crate::state::{check_len, now, runtimes, validate_component_ref, Store};

/// Sensor routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/sensors", get(list).post(create))
        .route("/sensors/enabled", get(list_enabled))
        .route("/sensors/{ref}", get(get_one).put(update).delete(delete))
        .route("/sensors/{ref}/enable", post(enable))
        .route("/sensors/{ref}/disable", post(disable))
        .route("/packs/{pack_ref}/sensors", get(list_by_pack))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
}

fn visible(store: &Store, p: &Principal, s: &Sensor) -> bool {
    s.pack
        .and_then(|id| store.packs.get(id))
        .is_none_or(|pk| pk.visible_to(p))
}

fn listing(store: &Store, p: &Principal, q: &ListQuery, extra: impl Fn(&Sensor) -> bool) -> Value {
    let items = store
        .sensors
        .newest_first()
        .filter(|s| visible(store, p, s))
        .filter(|s| {
            q.q.as_deref().is_none_or(|q| {
                matches_q(
                    q,
                    &[
                        &s.r#ref,
                        &s.label,
                        s.description.as_deref().unwrap_or(""),
                        s.pack_ref.as_deref().unwrap_or(""),
                    ],
                )
            })
        })
        .filter(|s| extra(s))
        .map(Sensor::summary)
        .collect();
    page_size_scheme(items, q.page, q.page_size)
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |_| true))
}

async fn list_enabled(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |s| s.enabled))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    Ok(raw(listing(&store, &p, &q, |s| {
        s.pack_ref.as_deref() == Some(pack_ref.as_str())
    })))
}

fn visible_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    sensors::find(store, r)
        .filter(|s| visible(store, p, s))
        .map(|s| s.id)
        .ok_or_else(|| ApiError::not_found(format!("Sensor '{r}' not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_id(&store, &p, &r)?;
    Ok(ok(store
        .sensors
        .get(id)
        .map(Sensor::response)
        .unwrap_or_default()))
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let pack_ref: String = required(&body, "pack_ref")?;
    let label: String = required(&body, "label")?;
    let entrypoint: String = required(&body, "entrypoint")?;
    let runtime_ref: String = required(&body, "runtime_ref")?;
    let trigger_ref: String = required(&body, "trigger_ref")?;
    let description: Option<String> = field(&body, "description")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    check_len("label", &label, 1, 255)?;
    let mut store = st.store.lock();
    if sensors::find(&store, &r).is_some() {
        return Err(ApiError::conflict(format!(
            "Sensor with ref '{r}' already exists"
        )));
    }
    let pack = packs::visible_id(&store, &p, &pack_ref)?;
    let trigger = visible_trigger_id(&store, &p, &trigger_ref)?;
    let rt = runtimes::find(&store, &runtime_ref)
        .map(|x| (x.id, x.r#ref.clone()))
        .ok_or_else(|| ApiError::not_found(format!("Runtime '{runtime_ref}' not found")))?;
    p.require("triggers", "create")?;
    validate_component_ref("sensor", &r, Some(&pack_ref))?;
    let t = now();
    let id = store.sensors.insert_with(|id| Sensor {
        id,
        r#ref: r.clone(),
        pack: Some(pack),
        pack_ref: Some(pack_ref),
        label,
        description,
        entrypoint,
        runtime: rt.0,
        runtime_ref: rt.1,
        trigger,
        trigger_ref,
        enabled: enabled.unwrap_or(true),
        param_schema: body.get("param_schema").cloned().unwrap_or(Value::Null),
        config: body
            .get("config")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!({})),
        worker_selector: body
            .get("worker_selector")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!({})),
        worker_tolerations: body
            .get("worker_tolerations")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!([])),
        worker_affinity: body
            .get("worker_affinity")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!({})),
        created: t,
        updated: t,
    });
    Ok(created(
        store
            .sensors
            .get(id)
            .map(Sensor::response)
            .unwrap_or_default(),
        "Sensor created successfully",
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_id(&store, &p, &r)?;
    p.require("triggers", "update")?;
    let label: Option<String> = field(&body, "label")?;
    let entrypoint: Option<String> = field(&body, "entrypoint")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let Some(s) = store.sensors.get_mut(id) else {
        return Err(ApiError::not_found(format!("Sensor '{r}' not found")));
    };
    if let Some(l) = label {
        s.label = l;
    }
    if let Some(e) = entrypoint {
        s.entrypoint = e;
    }
    if let Some(e) = enabled {
        s.enabled = e;
    }
    if body.contains_key("description") {
        apply_string_patch(&mut s.description, body.get("description"), "description")?;
    }
    if let Some(v) = body.get("param_schema") {
        s.param_schema = match super::patch(Some(v)) {
            super::Patch::Set(x) => x,
            _ => Value::Null,
        };
    }
    s.updated = now();
    Ok(ok_msg(s.response(), "Sensor updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_id(&store, &p, &r)?;
    p.require("triggers", "delete")?;
    store.sensors.remove(id);
    Ok(deleted(format!("Sensor '{r}' deleted successfully")))
}

fn set_enabled(st: &S, p: &Principal, r: &str, enabled: bool) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_id(&store, p, r)?;
    p.require("triggers", "update")?;
    let Some(s) = store.sensors.get_mut(id) else {
        return Err(ApiError::not_found(format!("Sensor '{r}' not found")));
    };
    s.enabled = enabled;
    s.updated = now();
    Ok(ok_msg(
        s.response(),
        if enabled {
            "Sensor enabled successfully"
        } else {
            "Sensor disabled successfully"
        },
    ))
}

async fn enable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, true)
}

async fn disable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, false)
}
