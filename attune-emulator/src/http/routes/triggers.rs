//! `/api/v1/triggers` and `/api/v1/packs/{pack_ref}/triggers`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{apply_string_patch, field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::packs::{self, matches_q};
use crate::state::rules::Rule;
use crate::state::sensors::Sensor;
use crate::state::triggers::{self, Trigger};
use crate::state::{check_len, now, validate_component_ref, Store};

/// Trigger routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/triggers", get(list).post(create))
        .route("/triggers/enabled", get(list_enabled))
        .route("/triggers/{ref}", get(get_one).put(update).delete(delete))
        .route("/triggers/{ref}/enable", post(enable))
        .route("/triggers/{ref}/disable", post(disable))
        .route("/triggers/{ref}/rules", get(rules_of))
        .route("/triggers/{ref}/sensors", get(sensors_of))
        .route("/packs/{pack_ref}/triggers", get(list_by_pack))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
    #[allow(dead_code)]
    referencing_pack_ref: Option<String>,
}

fn q_ok(t: &Trigger, q: Option<&str>) -> bool {
    q.is_none_or(|q| {
        matches_q(
            q,
            &[
                &t.r#ref,
                &t.label,
                t.description.as_deref().unwrap_or(""),
                t.pack_ref.as_deref().unwrap_or(""),
            ],
        )
    })
}

fn listing(store: &Store, p: &Principal, q: &ListQuery, extra: impl Fn(&Trigger) -> bool) -> Value {
    let items = store
        .triggers
        .newest_first()
        .filter(|t| t.visible_to(store, p))
        .filter(|t| q_ok(t, q.q.as_deref()))
        .filter(|t| extra(t))
        .map(Trigger::summary)
        .collect();
    page_size_scheme(items, q.page, q.page_size)
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |_| true))
}

async fn list_enabled(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |t| t.enabled))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    Ok(raw(listing(&store, &p, &q, |t| {
        t.pack_ref.as_deref() == Some(pack_ref.as_str())
    })))
}

/// Visible trigger id by ref (404 `Trigger '<ref>' not found`).
pub fn visible_trigger_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    triggers::find(store, r)
        .filter(|t| t.visible_to(store, p))
        .map(|t| t.id)
        .ok_or_else(|| ApiError::not_found(format!("Trigger '{r}' not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_trigger_id(&store, &p, &r)?;
    Ok(ok(store
        .triggers
        .get(id)
        .map(Trigger::response)
        .unwrap_or_default()))
}

fn schema_field(body: &Map<String, Value>, k: &str) -> ApiResult<Option<Value>> {
    match body.get(k) {
        None => Ok(None),
        Some(v @ (Value::Null | Value::Object(_))) => Ok(Some(v.clone())),
        Some(_) => Err(ApiError::validation(format!("{k}: expected an object"))),
    }
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let label: String = required(&body, "label")?;
    let pack_ref: Option<String> = field(&body, "pack_ref")?;
    let description: Option<String> = field(&body, "description")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let visibility: Option<String> = field(&body, "reference_visibility")?;
    let allowed: Option<Vec<String>> = field(&body, "reference_allowed_pack_refs")?;
    let param_schema = schema_field(&body, "param_schema")?;
    let out_schema = schema_field(&body, "out_schema")?;
    check_len("ref", &r, 1, 255)?;
    check_len("label", &label, 1, 255)?;
    if let Some(v) = visibility.as_deref() {
        if !matches!(v, "public" | "private" | "restricted") {
            return Err(ApiError::validation(format!(
                "reference_visibility: unknown variant `{v}`"
            )));
        }
    }
    let mut store = st.store.lock();
    if triggers::find(&store, &r).is_some() {
        return Err(ApiError::conflict(format!(
            "Trigger with ref '{r}' already exists"
        )));
    }
    let pack = match &pack_ref {
        Some(pr) => Some((packs::visible_id(&store, &p, pr)?, pr.clone())),
        None => None,
    };
    p.require("triggers", "create")?;
    validate_component_ref("trigger", &r, pack_ref.as_deref())?;
    let id = store.triggers.insert_with(|id| {
        let mut t = Trigger::new(id, &r, pack, &label);
        t.description = description;
        t.enabled = enabled.unwrap_or(true);
        t.param_schema = param_schema.unwrap_or(Value::Null);
        t.out_schema = out_schema.unwrap_or(Value::Null);
        t.reference_visibility = visibility.unwrap_or_else(|| "public".into());
        t.reference_allowed_pack_refs = allowed.unwrap_or_default();
        t.owner_identity = Some(p.identity_id);
        t
    });
    Ok(created(
        store
            .triggers
            .get(id)
            .map(Trigger::response)
            .unwrap_or_default(),
        "Trigger created successfully",
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_trigger_id(&store, &p, &r)?;
    p.require("triggers", "update")?;
    let label: Option<String> = field(&body, "label")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let visibility: Option<String> = field(&body, "reference_visibility")?;
    let allowed: Option<Vec<String>> = field(&body, "reference_allowed_pack_refs")?;
    let param_schema = schema_field(&body, "param_schema")?;
    let out_schema = schema_field(&body, "out_schema")?;
    let Some(t) = store.triggers.get_mut(id) else {
        return Err(ApiError::not_found(format!("Trigger '{r}' not found")));
    };
    if let Some(l) = label {
        t.label = l;
    }
    if body.contains_key("description") {
        apply_string_patch(&mut t.description, body.get("description"), "description")?;
    }
    if let Some(e) = enabled {
        t.enabled = e;
    }
    if let Some(v) = visibility {
        t.reference_visibility = v;
    }
    if let Some(v) = allowed {
        t.reference_allowed_pack_refs = v;
    }
    // required-but-nullable keys: null = keep; a patch object is accepted too
    for (k, val) in [("param_schema", param_schema), ("out_schema", out_schema)] {
        if let Some(v) = val.filter(|v| !v.is_null()) {
            let v = match super::patch(Some(&v)) {
                super::Patch::Set(x) => x,
                super::Patch::Clear => Value::Null,
                super::Patch::Keep => continue,
            };
            if k == "param_schema" {
                t.param_schema = v;
            } else {
                t.out_schema = v;
            }
        }
    }
    t.updated = now();
    Ok(ok_msg(t.response(), "Trigger updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_trigger_id(&store, &p, &r)?;
    p.require("triggers", "delete")?;
    store.triggers.remove(id);
    for rule in store.rules.iter_mut() {
        if rule.trigger == Some(id) {
            rule.trigger = None;
        }
    }
    Ok(deleted(format!("Trigger '{r}' deleted successfully")))
}

fn set_enabled(st: &S, p: &Principal, r: &str, enabled: bool) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_trigger_id(&store, p, r)?;
    p.require("triggers", "update")?;
    let Some(t) = store.triggers.get_mut(id) else {
        return Err(ApiError::not_found(format!("Trigger '{r}' not found")));
    };
    t.enabled = enabled;
    t.updated = now();
    let msg = if enabled {
        "Trigger enabled successfully"
    } else {
        "Trigger disabled successfully"
    };
    Ok(ok_msg(t.response(), msg))
}

async fn enable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, true)
}

async fn disable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, false)
}

/// `page`, `page_size`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
    page_size: Option<u32>,
}

async fn rules_of(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    visible_trigger_id(&store, &p, &r)?;
    let items = store
        .rules
        .newest_first()
        .filter(|x| x.trigger_ref == r && x.visible_to(&store, &p))
        .map(Rule::summary)
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}

async fn sensors_of(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    visible_trigger_id(&store, &p, &r)?;
    let items = store
        .sensors
        .newest_first()
        .filter(|x| x.trigger_ref == r)
        .map(Sensor::summary)
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}
