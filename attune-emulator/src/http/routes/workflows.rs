//! `/api/v1/workflows` and `/api/v1/packs/{pack_ref}/workflows`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{apply_string_patch, field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::actions::{self, Action};
use crate::state::packs::{self, matches_q};
use crate::state::workflows::{self, validate_definition, Workflow};
use crate::state::{check_len, now, validate_component_ref, Store};

/// Workflow routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/workflows", get(list).post(create))
        .route("/workflows/{ref}", get(get_one).put(update).delete(delete))
        .route("/packs/{pack_ref}/workflows", get(list_by_pack))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    tags: Option<String>,
    search: Option<String>,
    pack_ref: Option<String>,
}

fn listing(store: &Store, p: &Principal, q: &ListQuery, pack: Option<&str>) -> Value {
    let tags: Vec<String> = q
        .tags
        .as_deref()
        .map(|t| {
            t.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let items = store
        .workflows
        .newest_first()
        .filter(|w| w.visible_to(store, p))
        .filter(|w| {
            pack.or(q.pack_ref.as_deref())
                .is_none_or(|x| w.pack_ref == x)
        })
        .filter(|w| tags.iter().all(|t| w.tags.contains(t)))
        .filter(|w| {
            q.search.as_deref().is_none_or(|s| {
                matches_q(
                    s,
                    &[&w.r#ref, &w.label, w.description.as_deref().unwrap_or("")],
                )
            })
        })
        .map(Workflow::summary)
        .collect();
    page_size_scheme(items, q.page, q.page_size)
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, None))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    Ok(raw(listing(&store, &p, &q, Some(&pack_ref))))
}

fn visible_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    workflows::find(store, r)
        .filter(|w| w.visible_to(store, p))
        .map(|w| w.id)
        .ok_or_else(|| ApiError::not_found(format!("Workflow '{r}' not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_id(&store, &p, &r)?;
    Ok(ok(store
        .workflows
        .get(id)
        .map(Workflow::response)
        .unwrap_or_default()))
}

fn schema_or(body: &Map<String, Value>, k: &str) -> ApiResult<Option<Value>> {
    match body.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(ApiError::validation(format!("{k}: expected an object"))),
    }
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let pack_ref: String = required(&body, "pack_ref")?;
    let label: String = required(&body, "label")?;
    let version: String = required(&body, "version")?;
    let definition = match body.get("definition") {
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(ApiError::validation("definition: expected an object")),
        None => return Err(ApiError::validation("missing field `definition`")),
    };
    let description: Option<String> = field(&body, "description")?;
    let tags: Option<Vec<String>> = field(&body, "tags")?;
    let param_schema = schema_or(&body, "param_schema")?;
    let out_schema = schema_or(&body, "out_schema")?;
    check_len("ref", &r, 1, 255)?;
    check_len("label", &label, 1, 255)?;
    check_len("version", &version, 1, 50)?;
    let id = {
        let mut store = st.store.lock();
        if workflows::find(&store, &r).is_some() || actions::find(&store, &r).is_some() {
            return Err(ApiError::conflict(format!(
                "Workflow with ref '{r}' already exists"
            )));
        }
        let pack_id = packs::visible_id(&store, &p, &pack_ref)?;
        p.require("actions", "create")?;
        validate_component_ref("workflow", &r, Some(&pack_ref))?;
        validate_definition(&store, &p, &r, &definition)?;
        let t = now();
        let param = param_schema.unwrap_or_else(|| {
            definition
                .get("parameters")
                .cloned()
                .unwrap_or(Value::Object(Map::new()))
        });
        let out = out_schema.unwrap_or_else(|| {
            definition
                .get("output")
                .cloned()
                .unwrap_or(Value::Object(Map::new()))
        });
        let wid = store.workflows.insert_with(|id| Workflow {
            id,
            r#ref: r.clone(),
            pack: pack_id,
            pack_ref: pack_ref.clone(),
            label: label.clone(),
            description: description.clone(),
            version,
            param_schema: param.clone(),
            out_schema: out.clone(),
            definition,
            tags: tags.unwrap_or_default(),
            action: None,
            owner_identity: Some(p.identity_id),
            created: t,
            updated: t,
        });
        let name = r.split_once('.').map(|x| x.1).unwrap_or(&r).to_string();
        let aid = store.actions.insert_with(|id| {
            let mut a = Action::new(
                id,
                &r,
                pack_id,
                &pack_ref,
                &label,
                &format!("workflows/{name}.workflow.yaml"),
            );
            a.description = description;
            a.param_schema = param;
            a.out_schema = out;
            a.workflow_def = Some(wid);
            a.owner_identity = Some(p.identity_id);
            a
        });
        if let Some(w) = store.workflows.get_mut(wid) {
            w.action = Some(aid);
        }
        wid
    };
    st.hooks().workflow_changed(id);
    let store = st.store.lock();
    Ok(created(
        store
            .workflows
            .get(id)
            .map(Workflow::response)
            .unwrap_or_default(),
        "Workflow created successfully",
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let label: Option<String> = field(&body, "label")?;
    let version: Option<String> = field(&body, "version")?;
    let tags: Option<Vec<String>> = field(&body, "tags")?;
    let definition = schema_or(&body, "definition")?;
    let param_schema = schema_or(&body, "param_schema")?;
    let out_schema = schema_or(&body, "out_schema")?;
    let (id, resp) = {
        let mut store = st.store.lock();
        let id = visible_id(&store, &p, &r)?;
        p.require("actions", "update")?;
        if let Some(d) = &definition {
            validate_definition(&store, &p, &r, d)?;
        }
        let Some(w) = store.workflows.get_mut(id) else {
            return Err(ApiError::not_found(format!("Workflow '{r}' not found")));
        };
        if let Some(l) = label {
            w.label = l;
        }
        if let Some(v) = version {
            w.version = v;
        }
        if let Some(t) = tags {
            w.tags = t;
        }
        if body.contains_key("description") {
            apply_string_patch(&mut w.description, body.get("description"), "description")?;
        }
        if let Some(d) = definition {
            w.definition = d;
        }
        if let Some(s) = param_schema {
            w.param_schema = s;
        }
        if let Some(s) = out_schema {
            w.out_schema = s;
        }
        w.updated = now();
        let w = w.clone();
        if let Some(a) = w.action.and_then(|a| store.actions.get_mut(a)) {
            a.label = w.label.clone();
            a.description = w.description.clone();
            a.param_schema = w.param_schema.clone();
            a.out_schema = w.out_schema.clone();
            a.updated = w.updated;
        }
        (id, w.response())
    };
    st.hooks().workflow_changed(id);
    Ok(ok_msg(resp, "Workflow updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_id(&store, &p, &r)?;
    p.require("actions", "delete")?;
    if let Some(w) = store.workflows.remove(id) {
        let companion = w.action.or_else(|| {
            actions::find(&store, &w.r#ref)
                .filter(|a| a.workflow_def == Some(id))
                .map(|a| a.id)
        });
        if let Some(a) = companion {
            store.actions.remove(a);
        }
    }
    Ok(deleted(format!("Workflow '{r}' deleted successfully")))
}
