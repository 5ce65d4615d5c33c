//! `/api/v1/packs`.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{apply_string_patch, field, required, S};
use crate::error::{ApiError, ApiResult};
use crate::hooks::RuleChange;
use crate::http::extract::{Auth, JsonBody, Obj, SearchQuery};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok_msg, raw};
use crate::state::packs::{self, Pack};
use crate::state::{check_len, is_identifier, now};

/// Pack routes.
pub fn router() -> Router<S> {
    Router::new()
        // the archive size is bounded while reading (`EmulatorConfig::max_pack_bytes`)
        .route(
            "/packs/upload",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/packs/register", post(register))
        .route("/packs", get(list).post(create))
        .route("/packs/{pack_ref}", get(get_one).put(update).delete(delete))
}

/// `page`, `page_size`, `q`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
}

async fn list(
    State(st): State<S>,
    Auth(p): Auth,
    SearchQuery(q): SearchQuery<ListQuery>,
) -> Response {
    let store = st.store.lock();
    let items: Vec<Value> = store
        .packs
        .newest_first()
        .filter(|x| x.visible_to(&p))
        .filter(|x| q.q.as_deref().is_none_or(|s| x.matches_q(s)))
        .map(Pack::summary)
        .collect();
    raw(page_size_scheme(items, q.page, q.page_size))
}

fn string_list(body: &Map<String, Value>, name: &str) -> ApiResult<Option<Vec<String>>> {
    field(body, name)
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let label: String = required(&body, "label")?;
    let version: String = required(&body, "version")?;
    p.require("packs", "create")?;
    check_len("ref", &r, 1, 255)?;
    if !is_identifier(&r) {
        return Err(ApiError::validation(format!(
            "Invalid pack ref '{r}': must match [a-z][a-z0-9_-]*"
        )));
    }
    check_len("label", &label, 1, 255)?;
    check_len("version", &version, 1, 50)?;
    let description: Option<String> = field(&body, "description")?;
    let tags = string_list(&body, "tags")?;
    let runtime_deps = string_list(&body, "runtime_deps")?;
    let deps = string_list(&body, "dependencies")?;
    let is_standard: Option<bool> = field(&body, "is_standard")?;
    let obj = |k: &str, default: Value| -> ApiResult<Value> {
        match body.get(k) {
            None | Some(Value::Null) => Ok(default),
            Some(v @ Value::Object(_)) => Ok(v.clone()),
            Some(_) if k.starts_with("worker") => Ok(body.get(k).cloned().unwrap_or(default)),
            Some(_) => Err(ApiError::validation(format!("{k}: expected an object"))),
        }
    };
    let conf_schema = obj("conf_schema", json!({}))?;
    let config = obj("config", json!({}))?;
    let meta = obj("meta", json!({}))?;
    let ws = obj("worker_selector", json!({}))?;
    let wt = obj("worker_tolerations", json!([]))?;
    let wa = obj("worker_affinity", json!({}))?;
    let mut store = st.store.lock();
    if packs::find(&store, &r).is_some() {
        return Err(ApiError::conflict(format!(
            "Pack with ref '{r}' already exists"
        )));
    }
    let id = store.packs.insert_with(|id| {
        let mut pk = Pack::new(id, &r, &label, &version);
        pk.description = description;
        pk.conf_schema = conf_schema;
        pk.config = config;
        pk.meta = meta;
        pk.tags = tags.unwrap_or_default();
        pk.runtime_deps = runtime_deps.unwrap_or_default();
        pk.dependencies = deps.unwrap_or_default();
        pk.is_standard = is_standard.unwrap_or(false);
        pk.worker_selector = ws;
        pk.worker_tolerations = wt;
        pk.worker_affinity = wa;
        pk.owner_identity = Some(p.identity_id);
        pk
    });
    let pk = store
        .packs
        .get(id)
        .map(|x| x.response(&store))
        .unwrap_or_default();
    Ok(created(pk, "Pack created successfully"))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = packs::visible_id(&store, &p, &r)?;
    let v = store
        .packs
        .get(id)
        .map(|x| x.response(&store))
        .unwrap_or_default();
    Ok(crate::http::response::ok(v))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = packs::visible_id(&store, &p, &r)?;
    if !(p.can("packs", "update") || p.can("packs", "configure")) {
        return Err(ApiError::forbidden(
            "Insufficient permissions: packs:update",
        ));
    }
    let label: Option<String> = field(&body, "label")?;
    let version: Option<String> = field(&body, "version")?;
    let tags = string_list(&body, "tags")?;
    let runtime_deps = string_list(&body, "runtime_deps")?;
    let deps = string_list(&body, "dependencies")?;
    let is_standard: Option<bool> = field(&body, "is_standard")?;
    if let Some(l) = &label {
        check_len("label", l, 1, 255)?;
    }
    if let Some(v) = &version {
        check_len("version", v, 1, 50)?;
    }
    let Some(pk) = store.packs.get_mut(id) else {
        return Err(ApiError::not_found(format!("Pack '{r}' not found")));
    };
    apply_string_patch(&mut pk.description, body.get("description"), "description")?;
    if let Some(l) = label {
        pk.label = l;
    }
    if let Some(v) = version {
        pk.version = v;
    }
    for (k, target) in [
        ("conf_schema", &mut pk.conf_schema),
        ("config", &mut pk.config),
        ("meta", &mut pk.meta),
        ("worker_selector", &mut pk.worker_selector),
        ("worker_tolerations", &mut pk.worker_tolerations),
        ("worker_affinity", &mut pk.worker_affinity),
    ] {
        if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
            *target = v.clone();
        }
    }
    if let Some(t) = tags {
        pk.tags = t;
    }
    if let Some(t) = runtime_deps {
        pk.runtime_deps = t;
    }
    if let Some(t) = deps {
        pk.dependencies = t;
    }
    if let Some(s) = is_standard {
        pk.is_standard = s;
    }
    pk.updated = now();
    let v = store
        .packs
        .get(id)
        .map(|x| x.response(&store))
        .unwrap_or_default();
    Ok(ok_msg(v, "Pack updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    if !is_identifier(&r) {
        return Err(ApiError::bad_request(format!("Invalid pack ref: {r}")));
    }
    let removed_rules = {
        let mut store = st.store.lock();
        let id = packs::visible_id(&store, &p, &r)?;
        p.require("packs", "delete")?;
        if r == "core" {
            return Err(ApiError::conflict(
                "Pack 'core' is a system pack and cannot be deleted",
            ));
        }
        let dir = store
            .packs
            .get(id)
            .and_then(|x| x.files.as_ref())
            .map(|f| f.dir.clone());
        (packs::delete_cascade(&mut store, id), dir)
    };
    let (removed_rules, dir) = removed_rules;
    if let Some(dir) = dir {
        // the installed files go with the pack, as on the real server
        let _ = tokio::task::spawn_blocking(move || std::fs::remove_dir_all(dir)).await;
    }
    let hooks = st.hooks();
    for (id, rr) in removed_rules {
        hooks.rule_changed(id, &rr, RuleChange::Deleted);
    }
    Ok(deleted(format!("Pack '{r}' deleted successfully")))
}

fn flag(v: &str) -> bool {
    let v = v.trim();
    v.eq_ignore_ascii_case("true") || v == "1"
}

/// `PackInstallResponse` of an installation (the emulator runs no pack tests).
fn install_response(st: &S, pack_id: i64) -> Value {
    let store = st.store.lock();
    let pack = store
        .packs
        .get(pack_id)
        .map(|x| x.response(&store))
        .unwrap_or_default();
    json!({ "pack": pack, "test_result": null, "tests_skipped": true })
}

/// `POST /api/v1/packs/upload`: multipart field `pack` (the archive), form fields `force` and
/// `skip_tests` (`"true"`). 201 `{"data": PackInstallResponse, "message"}`.
async fn upload(State(st): State<S>, Auth(p): Auth, form: Multipart) -> Response {
    match upload_inner(st, p, form).await {
        Ok(r) => r,
        Err(e) => {
            let too_large = e.to_string().contains("Pack archive too large");
            let mut r = axum::response::IntoResponse::into_response(e);
            if too_large {
                // the rest of the body was not read: the connection cannot be reused
                r.headers_mut().insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("close"),
                );
            }
            r
        }
    }
}

async fn upload_inner(
    st: S,
    p: crate::auth::Principal,
    mut form: Multipart,
) -> ApiResult<Response> {
    p.require("packs", "create")?;
    let max = st.config.max_pack_bytes;
    let mut archive: Option<bytes::Bytes> = None;
    let (mut force, mut _skip_tests) = (false, false);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(ApiError::bad_request(format!("Multipart error: {e}"))),
        };
        let fname = field.name().map(str::to_string);
        match fname.as_deref() {
            Some("pack") => {
                let mut field = field;
                let mut data = bytes::BytesMut::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(c)) => {
                            if data.len() + c.len() > max {
                                return Err(ApiError::bad_request(format!(
                                    "Pack archive too large: more than {max} bytes (max {max} bytes)"
                                )));
                            }
                            data.extend_from_slice(&c);
                        }
                        Ok(None) => break,
                        Err(e) => {
                            return Err(ApiError::bad_request(format!(
                                "Failed to read pack data: {e}"
                            )))
                        }
                    }
                }
                archive = Some(data.freeze());
            }
            Some(name @ ("force" | "skip_tests")) => {
                let is_force = name == "force";
                let v = field.text().await.map_err(|e| {
                    ApiError::bad_request(format!("Failed to read {name} field: {e}"))
                })?;
                if is_force {
                    force = flag(&v);
                } else {
                    _skip_tests = flag(&v);
                }
            }
            _ => {
                let _ = field.bytes().await;
            }
        }
    }
    let archive = archive.ok_or_else(|| {
        ApiError::bad_request("Missing required 'pack' field in multipart upload")
    })?;
    let st2 = st.clone();
    let owner = Some(p.identity_id);
    let report = tokio::task::spawn_blocking(move || {
        crate::engine::packs::install_archive(&st2, &archive, owner, force)
    })
    .await
    .map_err(|e| ApiError::internal(format!("pack installation task failed: {e}")))??;
    Ok(created(
        install_response(&st, report.installed.pack_id),
        "Pack uploaded and registered successfully",
    ))
}

/// `POST /api/v1/packs/register` `{path, force?, skip_tests?}`: a directory on the emulator's
/// machine. 201 `{"data": PackInstallResponse, "message"}`.
async fn register(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let path: String = required(&body, "path")?;
    let force: Option<bool> = field(&body, "force")?;
    let _skip: Option<bool> = field(&body, "skip_tests")?;
    p.require("packs", "create")?;
    if path.trim().is_empty() {
        return Err(ApiError::validation("path: must not be empty"));
    }
    let st2 = st.clone();
    let owner = Some(p.identity_id);
    let report = tokio::task::spawn_blocking(move || {
        crate::engine::packs::install_dir(
            &st2,
            std::path::Path::new(&path),
            owner,
            force.unwrap_or(false),
        )
    })
    .await
    .map_err(|e| ApiError::internal(format!("pack registration task failed: {e}")))??;
    Ok(created(
        install_response(&st, report.installed.pack_id),
        "Pack registered successfully",
    ))
}
