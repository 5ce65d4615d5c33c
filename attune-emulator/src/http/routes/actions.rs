//! `/api/v1/actions`, `/api/v1/actions/search`, `/api/v1/packs/{pack_ref}/actions`.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{apply_string_patch, field, patch, required, Patch, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj, SearchQuery};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::actions::{self, Action};
use crate::state::executions::ExecutionStatus;
use crate::state::packs::{self, matches_q};
use crate::state::{check_len, now, runtimes, validate_component_ref, Store};

/// Action routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/actions", get(list).post(create))
        .route("/actions/search", get(search))
        .route("/actions/{ref}", get(get_one).put(update).delete(delete))
        .route("/actions/{ref}/queue-stats", get(queue_stats))
        .route("/packs/{pack_ref}/actions", get(list_by_pack))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
    executable_with_current_access: Option<bool>,
    referencing_pack_ref: Option<String>,
    packs: Option<String>,
}

fn q_ok(a: &Action, q: Option<&str>) -> bool {
    q.is_none_or(|q| {
        matches_q(
            q,
            &[
                &a.r#ref,
                &a.label,
                a.description.as_deref().unwrap_or(""),
                &a.pack_ref,
            ],
        )
    })
}

fn visible_actions<'a>(
    store: &'a Store,
    p: &'a Principal,
    q: &'a ListQuery,
) -> impl Iterator<Item = &'a Action> + 'a {
    store
        .actions
        .newest_first()
        .filter(move |a| a.visible_to(store, p))
        .filter(move |a| q_ok(a, q.q.as_deref()))
        .filter(move |a| {
            !q.executable_with_current_access.unwrap_or(false)
                || (a.enabled && p.can("actions", "execute"))
        })
        .filter(move |a| {
            q.referencing_pack_ref.as_deref().is_none_or(|r| {
                a.pack_ref == r
                    || a.reference_visibility == "public"
                    || a.reference_allowed_pack_refs.iter().any(|x| x == r)
            })
        })
}

async fn list(
    State(st): State<S>,
    Auth(p): Auth,
    SearchQuery(q): SearchQuery<ListQuery>,
) -> Response {
    let store = st.store.lock();
    let items = visible_actions(&store, &p, &q)
        .map(Action::summary)
        .collect();
    raw(page_size_scheme(items, q.page, q.page_size))
}

async fn search(
    State(st): State<S>,
    Auth(p): Auth,
    SearchQuery(q): SearchQuery<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let pack_filter: Option<Vec<String>> = q.packs.as_deref().map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    });
    if let Some(pf) = &pack_filter {
        for pr in pf {
            packs::visible_id(&store, &p, pr)?;
        }
    }
    let items = visible_actions(&store, &p, &q)
        .filter(|a| {
            pack_filter
                .as_ref()
                .is_none_or(|pf| pf.contains(&a.pack_ref))
        })
        .map(Action::search_hit)
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    SearchQuery(q): SearchQuery<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    let items = visible_actions(&store, &p, &q)
        .filter(|a| a.pack_ref == pack_ref)
        .map(Action::summary)
        .collect();
    Ok(raw(page_size_scheme(items, q.page, q.page_size)))
}

/// Looks up a visible action (404 otherwise).
pub fn visible_action_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    actions::find(store, r)
        .filter(|a| a.visible_to(store, p))
        .map(|a| a.id)
        .ok_or_else(|| ApiError::not_found(format!("Action '{r}' not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_action_id(&store, &p, &r)?;
    Ok(ok(store
        .actions
        .get(id)
        .map(Action::response)
        .unwrap_or_default()))
}

fn resolve_runtime(store: &Store, body: &Map<String, Value>) -> ApiResult<Option<(i64, String)>> {
    let runtime_id: Option<i64> = field(body, "runtime")?;
    let runtime_ref: Option<String> = field(body, "runtime_ref")?;
    if let Some(r) = runtime_ref {
        let rt = runtimes::find(store, &r)
            .ok_or_else(|| ApiError::not_found(format!("Runtime '{r}' not found")))?;
        return Ok(Some((rt.id, rt.r#ref.clone())));
    }
    if let Some(id) = runtime_id {
        let rt = store
            .runtimes
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Runtime with ID {id} not found")))?;
        return Ok(Some((rt.id, rt.r#ref.clone())));
    }
    Ok(None)
}

fn check_visibility(v: &Option<String>) -> ApiResult<()> {
    match v.as_deref() {
        None | Some("public" | "private" | "restricted") => Ok(()),
        Some(o) => Err(ApiError::validation(format!(
            "reference_visibility: unknown variant `{o}`, expected one of `public`, `private`, `restricted`"
        ))),
    }
}

fn schema_field(body: &Map<String, Value>, k: &str) -> ApiResult<Option<Value>> {
    match body.get(k) {
        None => Ok(None),
        Some(v @ (Value::Null | Value::Object(_))) => Ok(Some(v.clone())),
        Some(_) => Err(ApiError::validation(format!("{k}: expected an object"))),
    }
}

const RETENTION: [&str; 4] = [
    "artifact_retention_policy",
    "artifact_retention_limit",
    "log_retention_policy",
    "log_retention_limit",
];

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let pack_ref: String = required(&body, "pack_ref")?;
    let label: String = required(&body, "label")?;
    let entrypoint: String = required(&body, "entrypoint")?;
    let description: Option<String> = field(&body, "description")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let timeout: Option<i64> = field(&body, "timeout_seconds")?;
    let accesses_mcp: Option<bool> = field(&body, "accesses_mcp")?;
    let visibility: Option<String> = field(&body, "reference_visibility")?;
    let allowed: Option<Vec<String>> = field(&body, "reference_allowed_pack_refs")?;
    let default_sets: Option<Vec<String>> = field(&body, "default_execution_permission_set_refs")?;
    let rvc: Option<String> = field(&body, "runtime_version_constraint")?;
    let param_schema = schema_field(&body, "param_schema")?;
    let out_schema = schema_field(&body, "out_schema")?;
    crate::http::placement::check_placement_fields(&body)?;
    check_len("ref", &r, 1, 255)?;
    check_len("pack_ref", &pack_ref, 1, 255)?;
    check_len("label", &label, 1, 255)?;
    check_len("entrypoint", &entrypoint, 1, 1024)?;
    if timeout.is_some_and(|t| t < 1) {
        return Err(ApiError::validation("timeout_seconds: must be at least 1"));
    }
    check_visibility(&visibility)?;
    let mut store = st.store.lock();
    if actions::find(&store, &r).is_some() {
        return Err(ApiError::conflict(format!(
            "Action with ref '{r}' already exists"
        )));
    }
    let pack_id = packs::visible_id(&store, &p, &pack_ref)?;
    p.require("actions", "create")?;
    validate_component_ref("action", &r, Some(&pack_ref))?;
    let runtime = resolve_runtime(&store, &body)?;
    let id = store.actions.insert_with(|id| {
        let mut a = Action::new(id, &r, pack_id, &pack_ref, &label, &entrypoint);
        a.description = description;
        a.enabled = enabled.unwrap_or(true);
        a.runtime = runtime.as_ref().map(|x| x.0);
        a.runtime_ref = runtime.map(|x| x.1);
        a.runtime_version_constraint = rvc;
        a.param_schema = param_schema.unwrap_or(Value::Null);
        a.out_schema = out_schema.unwrap_or(Value::Null);
        a.timeout_seconds = timeout;
        a.accesses_mcp = accesses_mcp.unwrap_or(false);
        a.reference_visibility = visibility.unwrap_or_else(|| "public".into());
        a.reference_allowed_pack_refs = allowed.unwrap_or_default();
        a.default_execution_permission_set_refs = default_sets.unwrap_or_default();
        for k in [
            "required_worker_runtimes",
            "worker_selector",
            "worker_tolerations",
            "worker_affinity",
        ] {
            if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
                match k {
                    "required_worker_runtimes" => a.required_worker_runtimes = v.clone(),
                    "worker_selector" => a.worker_selector = v.clone(),
                    "worker_tolerations" => a.worker_tolerations = v.clone(),
                    _ => a.worker_affinity = v.clone(),
                }
            }
        }
        for k in RETENTION {
            if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
                a.retention.insert(k.to_string(), v.clone());
            }
        }
        a.owner_identity = Some(p.identity_id);
        a
    });
    Ok(created(
        store
            .actions
            .get(id)
            .map(Action::response)
            .unwrap_or_default(),
        "Action created successfully",
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_action_id(&store, &p, &r)?;
    p.require("actions", "update")?;
    let label: Option<String> = field(&body, "label")?;
    let entrypoint: Option<String> = field(&body, "entrypoint")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let accesses_mcp: Option<bool> = field(&body, "accesses_mcp")?;
    let visibility: Option<String> = field(&body, "reference_visibility")?;
    let allowed: Option<Vec<String>> = field(&body, "reference_allowed_pack_refs")?;
    let default_sets: Option<Vec<String>> = field(&body, "default_execution_permission_set_refs")?;
    let param_schema = schema_field(&body, "param_schema")?;
    let out_schema = schema_field(&body, "out_schema")?;
    crate::http::placement::check_placement_fields(&body)?;
    check_visibility(&visibility)?;
    if let Some(l) = &label {
        check_len("label", l, 1, 255)?;
    }
    if let Some(e) = &entrypoint {
        check_len("entrypoint", e, 1, 1024)?;
    }
    let runtime = resolve_runtime(&store, &body)?;
    let timeout = match patch(body.get("timeout_seconds")) {
        Patch::Keep => None,
        Patch::Clear => Some(None),
        Patch::Set(v) => match v.as_i64() {
            Some(t) if t >= 1 => Some(Some(t)),
            _ => {
                return Err(ApiError::validation(
                    "timeout_seconds: must be an integer >= 1",
                ))
            }
        },
    };
    let Some(a) = store.actions.get_mut(id) else {
        return Err(ApiError::not_found(format!("Action '{r}' not found")));
    };
    if let Some(l) = label {
        a.label = l;
    }
    if let Some(e) = entrypoint {
        a.entrypoint = e;
    }
    if body.contains_key("description") {
        apply_string_patch(&mut a.description, body.get("description"), "description")?;
    }
    if let Some(e) = enabled {
        a.enabled = e;
    }
    if let Some(m) = accesses_mcp {
        a.accesses_mcp = m;
    }
    if let Some(v) = visibility {
        a.reference_visibility = v;
    }
    if let Some(v) = allowed {
        a.reference_allowed_pack_refs = v;
    }
    if let Some(v) = default_sets {
        a.default_execution_permission_set_refs = v;
    }
    if let Some(s) = param_schema {
        a.param_schema = s;
    }
    if let Some(s) = out_schema {
        a.out_schema = s;
    }
    if let Some((rid, rref)) = runtime {
        a.runtime = Some(rid);
        a.runtime_ref = Some(rref);
    }
    if let Some(t) = timeout {
        a.timeout_seconds = t;
    }
    apply_string_patch(
        &mut a.runtime_version_constraint,
        body.get("runtime_version_constraint"),
        "runtime_version_constraint",
    )?;
    for k in [
        "required_worker_runtimes",
        "worker_selector",
        "worker_tolerations",
        "worker_affinity",
    ] {
        if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
            match k {
                "required_worker_runtimes" => a.required_worker_runtimes = v.clone(),
                "worker_selector" => a.worker_selector = v.clone(),
                "worker_tolerations" => a.worker_tolerations = v.clone(),
                _ => a.worker_affinity = v.clone(),
            }
        }
    }
    for k in RETENTION {
        match patch(body.get(k)) {
            Patch::Keep => {}
            Patch::Clear => {
                a.retention.remove(k);
            }
            Patch::Set(v) => {
                a.retention.insert(k.to_string(), v);
            }
        }
    }
    a.updated = now();
    Ok(ok_msg(a.response(), "Action updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_action_id(&store, &p, &r)?;
    p.require("actions", "delete")?;
    if let Some(a) = store.actions.remove(id) {
        if let Some(w) = a.workflow_def {
            store.workflows.remove(w);
        }
    }
    for rule in store.rules.iter_mut() {
        if rule.action == Some(id) {
            rule.action = None;
        }
    }
    Ok(deleted(format!("Action '{r}' deleted successfully")))
}

async fn queue_stats(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_action_id(&store, &p, &r)?;
    let mut active = 0i64;
    let mut queued = 0i64;
    let mut total = 0i64;
    let mut done = 0i64;
    let mut oldest = None;
    let rows = store
        .execution_index
        .action
        .ids(&id)
        .iter()
        .filter_map(|x| store.executions.get(*x));
    for e in rows.filter(|e| e.action == Some(id)) {
        total += 1;
        match e.status {
            ExecutionStatus::Running | ExecutionStatus::Canceling => active += 1,
            ExecutionStatus::Requested
            | ExecutionStatus::Scheduling
            | ExecutionStatus::Scheduled => {
                queued += 1;
                if oldest.is_none() {
                    oldest = Some(e.created);
                }
            }
            s if s.is_terminal() => done += 1,
            _ => {}
        }
    }
    Ok(ok(json!({
        "action_id": id, "action_ref": r, "active_count": active,
        "max_concurrent": st.config.worker_pool_size, "queue_length": queued,
        "total_enqueued": total, "total_completed": done, "oldest_enqueued_at": oldest,
        "last_updated": now(),
    })))
}
