//! `/api/v1/executions`: execute, list (all filters), get, cancel, reschedule, stats,
//! by status, by enforcement (both paths).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{field, required, S};
use crate::auth::jwt::TokenType;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::{page_size_scheme_iter, per_page_scheme_iter};
use crate::http::response::{created_bare_msg, ok, raw};
use crate::state::executions::{self, CancelOutcome, Execution, ExecutionStatus, NewExecution};
use crate::state::index::{smallest, used};
use crate::state::{actions, now};

/// Execution routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/executions", get(list))
        .route("/executions/execute", post(execute))
        .route("/executions/stats", get(stats))
        .route("/executions/status/{status}", get(by_status))
        .route("/enforcements/{id}/executions", get(by_enforcement))
        .route("/executions/{id}", get(get_one))
        .route("/executions/{id}/cancel", post(cancel))
        .route("/executions/{id}/reschedule", post(reschedule))
}

/// List query (page/per_page scheme).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<ExecutionStatus>,
    action_ref: Option<String>,
    pack_name: Option<String>,
    rule_ref: Option<String>,
    trigger_ref: Option<String>,
    trace_tag: Option<String>,
    executor: Option<i64>,
    result_contains: Option<String>,
    enforcement: Option<i64>,
    parent: Option<i64>,
    top_level_only: Option<bool>,
    include_total: Option<bool>,
    page: Option<u32>,
    per_page: Option<u32>,
}

fn action_ref_matches(pattern: &str, r: &str) -> bool {
    match pattern.strip_suffix(".*") {
        Some(pack) => r.split_once('.').is_some_and(|(p, _)| p == pack),
        None => pattern == r,
    }
}

/// Newest first over the rows of `ids` (or the whole table when `None`).
fn newest<'a>(
    store: &'a crate::state::Store,
    ids: Option<crate::state::index::IdSet<'a>>,
) -> Box<dyn Iterator<Item = &'a Execution> + 'a> {
    match ids {
        Some(ids) => Box::new(
            ids.iter()
                .rev()
                .filter_map(move |id| store.executions.get(*id)),
        ),
        None => Box::new(store.executions.newest_first()),
    }
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    let needle = q.result_contains.as_deref().map(str::to_lowercase);
    let ix = &store.execution_index;
    // the index sets of the filters given; candidates come from the smallest and
    // still pass every filter below, so results are those of a full scan
    let sets = [
        q.status.map(|s| ix.status.ids(&s)),
        q.action_ref.as_deref().map(|a| match a.strip_suffix(".*") {
            Some(pack) => ix.pack.ids(pack),
            None => ix.action_ref.ids(a),
        }),
        q.pack_name.as_deref().map(|pk| ix.pack.ids(pk)),
        q.rule_ref.as_deref().map(|r| ix.rule_ref.ids(r)),
        q.trigger_ref.as_deref().map(|r| ix.trigger_ref.ids(r)),
        q.trace_tag.as_deref().map(|r| ix.trace_tag.ids(r)),
        q.executor.map(|x| ix.executor.ids(&x)),
        q.enforcement.map(|x| ix.enforcement.ids(&x)),
        q.parent.map(|x| ix.parent.ids(&Some(x))),
        q.top_level_only
            .unwrap_or(false)
            .then(|| ix.parent.ids(&None)),
    ];
    let candidates = smallest(sets);
    // the count is the candidate set's size when it is the only filter and every row is visible
    let known_total = (used(sets) <= 1 && needle.is_none() && p.can_global("executions", "read"))
        .then(|| candidates.map_or(store.executions.len(), |s| s.len()));
    let rows = newest(&store, candidates)
        .filter(|e| q.status.is_none_or(|s| e.status == s))
        .filter(|e| {
            q.action_ref
                .as_deref()
                .is_none_or(|a| action_ref_matches(a, &e.action_ref))
        })
        .filter(|e| {
            q.pack_name
                .as_deref()
                .is_none_or(|pk| e.action_ref.split_once('.').is_some_and(|(x, _)| x == pk))
        })
        .filter(|e| {
            q.rule_ref
                .as_deref()
                .is_none_or(|r| e.rule_ref.as_deref() == Some(r))
        })
        .filter(|e| {
            q.trigger_ref
                .as_deref()
                .is_none_or(|r| e.trigger_ref.as_deref() == Some(r))
        })
        .filter(|e| {
            q.trace_tag
                .as_deref()
                .is_none_or(|r| e.trace_tag.as_deref() == Some(r))
        })
        .filter(|e| q.executor.is_none_or(|x| e.executor == Some(x)))
        .filter(|e| q.enforcement.is_none_or(|x| e.enforcement == Some(x)))
        .filter(|e| q.parent.is_none_or(|x| e.parent == Some(x)))
        .filter(|e| !q.top_level_only.unwrap_or(false) || e.parent.is_none())
        .filter(|e| {
            needle
                .as_deref()
                .is_none_or(|n| e.result.to_string().to_lowercase().contains(n))
        })
        .filter(|e| e.visible_to(&store, &p));
    // only the page's rows are rendered to JSON
    raw(per_page_scheme_iter(
        rows,
        known_total,
        q.page,
        q.per_page,
        q.include_total.unwrap_or(false),
        true,
        Execution::summary,
    ))
}

/// `page`, `page_size`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
    page_size: Option<u32>,
}

async fn by_status(
    State(st): State<S>,
    Auth(p): Auth,
    Path(status): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let s = ExecutionStatus::parse(&status)
        .ok_or_else(|| ApiError::bad_request(format!("Invalid execution status: {status}")))?;
    let store = st.store.lock();
    let ids = store.execution_index.status.ids(&s);
    let known_total = p.can_global("executions", "read").then_some(ids.len());
    let rows = newest(&store, Some(ids)).filter(|e| e.status == s && e.visible_to(&store, &p));
    Ok(raw(page_size_scheme_iter(
        rows,
        known_total,
        q.page,
        q.page_size,
        Execution::summary,
    )))
}

async fn by_enforcement(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Response {
    let store = st.store.lock();
    let ids = store.execution_index.enforcement.ids(&id);
    let known_total = p.can_global("executions", "read").then_some(ids.len());
    let rows =
        newest(&store, Some(ids)).filter(|e| e.enforcement == Some(id) && e.visible_to(&store, &p));
    raw(page_size_scheme_iter(
        rows,
        known_total,
        q.page,
        q.page_size,
        Execution::summary,
    ))
}

async fn stats(State(st): State<S>, Auth(p): Auth) -> Response {
    let store = st.store.lock();
    ok(executions::stats(&store, &p))
}

/// `include_secret_values`.
#[derive(Debug, Deserialize)]
pub struct GetQuery {
    include_secret_values: Option<bool>,
}

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Execution with ID {id} not found"))
}

async fn get_one(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    Query(q): Query<GetQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let e = store
        .executions
        .get(id)
        .filter(|e| e.visible_to(&store, &p))
        .ok_or_else(|| not_found(id))?;
    if q.include_secret_values.unwrap_or(false) {
        p.require("executions", "decrypt")?;
    }
    Ok(ok(e.view(&store, q.include_secret_values.unwrap_or(false))))
}

async fn execute(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let action_ref: String = required(&body, "action_ref")?;
    let parameters = match body.get("parameters") {
        None | Some(Value::Null) => json!({}),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(ApiError::validation("parameters: expected a JSON object")),
    };
    let env_vars: Option<BTreeMap<String, String>> = field(&body, "env_vars")?;
    let timeout: Option<i64> = field(&body, "timeout_seconds")?;
    let psr: Option<Vec<String>> = field(&body, "permission_set_refs")?;
    // Work started by a running execution never waits: it may hold the slot the backlog waits for.
    if p.token_type != TokenType::Execution {
        st.hooks().admit().await;
    }
    let id = {
        let mut store = st.store.lock();
        let a = actions::find(&store, &action_ref)
            .filter(|a| a.visible_to(&store, &p))
            .ok_or_else(|| ApiError::not_found(format!("Action '{action_ref}' not found")))?;
        p.require("actions", "execute")?;
        if !a.enabled {
            return Err(ApiError::bad_request(format!(
                "Action '{action_ref}' is disabled"
            )));
        }
        if let Some(t) = timeout {
            if t <= 0 {
                return Err(ApiError::bad_request(
                    "timeout_seconds must be greater than 0",
                ));
            }
        }
        if let Some(refs) = &psr {
            let beyond = refs.iter().any(|r| !p.permission_set_refs.contains(r));
            if beyond && !p.can("permissions", "manage") {
                return Err(ApiError::forbidden(
                    "Cannot execute action with permission sets beyond current access",
                ));
            }
            if let Some(unknown) = refs
                .iter()
                .find(|r| crate::state::identities::find_set(&store, r).is_none())
            {
                return Err(ApiError::bad_request(format!(
                    "Permission set '{unknown}' not found"
                )));
            }
        }
        let resolved_timeout = timeout
            .or(a.timeout_seconds)
            .unwrap_or(st.config.default_execution_timeout_seconds);
        let parent = if p.token_type == TokenType::Execution {
            p.execution_id
        } else {
            None
        };
        let trace_tag =
            parent.and_then(|pid| store.executions.get(pid).and_then(|e| e.trace_tag.clone()));
        let (aid, aref) = (a.id, a.r#ref.clone());
        let permission_set_refs = psr.or_else(|| {
            (!a.default_execution_permission_set_refs.is_empty())
                .then(|| a.default_execution_permission_set_refs.clone())
        });
        executions::create(
            &mut store,
            NewExecution {
                action: Some(aid),
                action_ref: aref,
                config: parameters,
                env_vars: env_vars.unwrap_or_default(),
                parent,
                executor: Some(p.identity_id),
                timeout_seconds: Some(resolved_timeout),
                permission_set_refs,
                trace_tag,
                ..Default::default()
            },
        )
    };
    // read the row before notifying the engine, so the response shows `requested`
    let resp = {
        let store = st.store.lock();
        store
            .executions
            .get(id)
            .map(|e| e.view(&store, false))
            .unwrap_or_default()
    };
    st.hooks().execution_requested(id);
    Ok(created_bare_msg(resp))
}

async fn cancel(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    let (outcome, resp) = {
        let mut store = st.store.lock();
        store
            .executions
            .get(id)
            .filter(|e| e.visible_to(&store, &p))
            .ok_or_else(|| not_found(id))?;
        p.require("executions", "cancel")?;
        let outcome = executions::request_cancel(&mut store, id)?;
        // cascade to not-yet-running children of a workflow
        if outcome != CancelOutcome::AlreadyCanceling {
            let children: Vec<i64> = store
                .execution_index
                .parent
                .ids(&Some(id))
                .iter()
                .filter_map(|c| store.executions.get(*c))
                .filter(|c| c.parent == Some(id))
                .filter(|c| {
                    matches!(
                        c.status,
                        ExecutionStatus::Requested
                            | ExecutionStatus::Scheduling
                            | ExecutionStatus::Scheduled
                    )
                })
                .map(|c| c.id)
                .collect();
            for c in children {
                executions::update_status(
                    &mut store,
                    c,
                    ExecutionStatus::Cancelled,
                    Some(json!({"error": "Cancelled: parent workflow execution was cancelled"})),
                );
            }
        }
        (
            outcome,
            store
                .executions
                .get(id)
                .map(|e| e.view(&store, false))
                .unwrap_or_default(),
        )
    };
    if outcome == CancelOutcome::Canceling {
        st.hooks().execution_cancel_requested(id);
    }
    Ok(ok(resp))
}

async fn reschedule(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let resp = {
        let mut store = st.store.lock();
        store
            .executions
            .get(id)
            .filter(|e| e.visible_to(&store, &p))
            .ok_or_else(|| not_found(id))?;
        let e = store.executions.get_mut(id).ok_or_else(|| not_found(id))?;
        if e.status != ExecutionStatus::Requested {
            return Err(ApiError::conflict(format!(
                "Execution {id} is in status '{}' and cannot be rescheduled",
                e.status.as_str()
            )));
        }
        e.attempt_count += 1;
        e.last_attempt_at = now();
        e.updated = e.last_attempt_at;
        let (attempt_count, last_attempt_at) = (e.attempt_count, e.last_attempt_at);
        let execution = store
            .executions
            .get(id)
            .map(|e| e.view(&store, false))
            .unwrap_or_default();
        json!({
            "attempt_count": attempt_count, "execution": execution,
            "last_attempt_at": last_attempt_at,
            "message": "Execution request republished; pending scheduling",
        })
    };
    st.hooks().execution_requested(id);
    Ok(ok(resp))
}
