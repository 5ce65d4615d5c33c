//! `/api/v1/inquiries` and `/api/v1/executions/{id}/inquiries`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{field, required, S};
use crate::auth::jwt::TokenType;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::{offset_scheme, page_size_scheme_opts};
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::inquiries::{self, Inquiry, NewInquiry};
use crate::state::{now, Store};

/// Inquiry routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/inquiries", get(list).post(create))
        .route("/inquiries/status/{status}", get(by_status))
        .route("/inquiries/{id}", get(get_one).put(update).delete(delete))
        .route("/inquiries/{id}/respond", post(respond))
        .route("/executions/{id}/inquiries", get(by_execution))
}

/// List query (offset/limit scheme).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    execution: Option<i64>,
    assigned_to: Option<i64>,
    created_by_execution: Option<i64>,
    offset: Option<u64>,
    limit: Option<u32>,
}

async fn list(
    State(st): State<S>,
    Auth(p): Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    if let Some(s) = q.status.as_deref() {
        if !inquiries::STATUSES.contains(&s) {
            return Err(ApiError::bad_request(format!(
                "Invalid inquiry status: {s}"
            )));
        }
    }
    let mut store = st.store.lock();
    inquiries::expire_due(&mut store);
    let items = store
        .inquiries
        .newest_first()
        .filter(|i| q.status.as_deref().is_none_or(|s| i.status == s))
        .filter(|i| q.execution.is_none_or(|x| i.execution == x))
        .filter(|i| q.assigned_to.is_none_or(|x| i.assigned_to == Some(x)))
        .filter(|i| {
            q.created_by_execution
                .is_none_or(|x| i.created_by_execution == Some(x))
        })
        .filter(|i| i.visible_to(&store, &p))
        .map(Inquiry::summary)
        .collect();
    Ok(raw(offset_scheme(items, q.offset, q.limit)))
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
    let s = match status.as_str() {
        "pending" | "responded" | "timeout" => status.clone(),
        "canceled" => "cancelled".to_string(),
        other => {
            return Err(ApiError::bad_request(format!(
                "Invalid inquiry status: {other}"
            )))
        }
    };
    let mut store = st.store.lock();
    inquiries::expire_due(&mut store);
    let items = store
        .inquiries
        .newest_first()
        .filter(|i| i.status == s && i.visible_to(&store, &p))
        .map(Inquiry::summary)
        .collect();
    Ok(raw(page_size_scheme_opts(
        items,
        q.page,
        q.page_size,
        false,
    )))
}

async fn by_execution(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let mut store = st.store.lock();
    inquiries::expire_due(&mut store);
    store
        .executions
        .get(id)
        .filter(|e| e.visible_to(&store, &p))
        .ok_or_else(|| ApiError::not_found(format!("Execution with ID {id} not found")))?;
    let items = store
        .inquiries
        .newest_first()
        .filter(|i| i.execution == id)
        .map(Inquiry::summary)
        .collect();
    Ok(raw(page_size_scheme_opts(
        items,
        q.page,
        q.page_size,
        false,
    )))
}

fn visible_id(store: &Store, p: &Principal, id: i64) -> ApiResult<i64> {
    store
        .inquiries
        .get(id)
        .filter(|i| i.visible_to(store, p))
        .map(|i| i.id)
        .ok_or_else(|| ApiError::not_found(format!("Inquiry with ID {id} not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    inquiries::expire_due(&mut store);
    let id = visible_id(&store, &p, id)?;
    Ok(ok(store
        .inquiries
        .get(id)
        .map(Inquiry::response)
        .unwrap_or_default()))
}

async fn respond(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let response = body
        .get("response")
        .cloned()
        .ok_or_else(|| ApiError::validation("missing field `response`"))?;
    let resp = {
        let mut store = st.store.lock();
        let id = visible_id(&store, &p, id)?;
        let assigned = store.inquiries.get(id).and_then(|i| i.assigned_to);
        if assigned != Some(p.identity_id) && !p.can("inquiries", "respond") {
            return Err(ApiError::forbidden(
                "Insufficient permissions: inquiries:respond",
            ));
        }
        inquiries::respond(&mut store, &p, id, response)?;
        store
            .inquiries
            .get(id)
            .map(Inquiry::response)
            .unwrap_or_default()
    };
    st.hooks().inquiry_responded(id);
    Ok(ok_msg(resp, "Response submitted successfully"))
}

fn parse_ts(v: Option<&Value>, name: &str) -> ApiResult<Option<DateTime<Utc>>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|e| ApiError::validation(format!("{name}: invalid RFC 3339 timestamp: {e}"))),
        Some(_) => Err(ApiError::validation(format!(
            "{name}: expected an RFC 3339 string"
        ))),
    }
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let prompt: String = required(&body, "prompt")?;
    let purpose: Option<String> = field(&body, "purpose")?;
    let assigned_to: Option<i64> = field(&body, "assigned_to")?;
    let timeout_seconds: Option<i64> = field(&body, "timeout_seconds")?;
    let execution_field: Option<i64> = field(&body, "execution")?;
    let mut timeout_at = parse_ts(body.get("timeout_at"), "timeout_at")?;
    if let Some(t) = timeout_seconds {
        if t <= 0 {
            return Err(ApiError::validation(
                "timeout_seconds: must be greater than 0",
            ));
        }
        timeout_at = Some(
            Duration::try_seconds(t)
                .and_then(|d| now().checked_add_signed(d))
                .ok_or_else(|| ApiError::validation("timeout_seconds: out of range"))?,
        );
    }
    let schema = match body.get("response_schema") {
        None | Some(Value::Null) => Value::Null,
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(ApiError::validation("response_schema: expected an object")),
    };
    let token_exec = if p.token_type == TokenType::Execution {
        p.execution_id
    } else {
        None
    };
    let (id, server_form) = {
        let mut store = st.store.lock();
        p.require("inquiries", "create")?;
        let execution = match (token_exec, execution_field) {
            (Some(e), _) => e,
            (None, Some(e)) => e,
            (None, None) => return Err(ApiError::validation("missing field `execution`")),
        };
        let exec = store.executions.get(execution).ok_or_else(|| {
            ApiError::not_found(format!("Execution with ID {execution} not found"))
        })?;
        let workflow_execution = exec.parent;
        let task_name = exec
            .workflow_task
            .as_ref()
            .and_then(|w| w.get("task_name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(a) = assigned_to {
            if store.identities.get(a).is_none() {
                return Err(ApiError::not_found(format!(
                    "Identity with ID {a} not found"
                )));
            }
        }
        // idempotent retries of execution-token creates
        if token_exec.is_some() {
            if let Some(existing) = store
                .inquiries
                .iter()
                .find(|i| i.created_by_execution == token_exec && i.purpose == purpose)
            {
                if existing.prompt != prompt
                    || existing.response_schema != schema
                    || existing.assigned_to != assigned_to
                {
                    return Err(ApiError::conflict(
                        "An inquiry with this purpose already exists for the execution with different content",
                    ));
                }
                let eid = existing.id;
                let v = existing.response();
                return Ok(created(
                    json!({"inquiry": v, "response_handle": format!("attune_irh_{eid}")}),
                    "Inquiry created successfully",
                ));
            }
        }
        let id = inquiries::create(
            &mut store,
            NewInquiry {
                execution,
                purpose,
                prompt,
                response_schema: schema,
                assigned_to,
                timeout_at,
                created_by_execution: token_exec,
                workflow_execution,
                workflow_task_name: task_name,
                created_by: Some(p.identity_id),
            },
        );
        (id, token_exec.is_some())
    };
    let store = st.store.lock();
    let v = store
        .inquiries
        .get(id)
        .map(Inquiry::response)
        .unwrap_or_default();
    if server_form {
        let handle = format!("attune_irh_{}", crate::auth::crypto::random_alnum(32));
        Ok(created(
            json!({"inquiry": v, "response_handle": handle}),
            "Inquiry created successfully",
        ))
    } else {
        Ok(created(v, "Inquiry created successfully"))
    }
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let status: Option<String> = field(&body, "status")?;
    let assigned_to: Option<i64> = field(&body, "assigned_to")?;
    if let Some(s) = status.as_deref() {
        if !inquiries::STATUSES.contains(&s) {
            return Err(ApiError::validation(format!(
                "status: unknown variant `{s}`"
            )));
        }
    }
    let mut store = st.store.lock();
    let id = visible_id(&store, &p, id)?;
    p.require("inquiries", "update")?;
    let Some(i) = store.inquiries.get_mut(id) else {
        return Err(ApiError::not_found(format!(
            "Inquiry with ID {id} not found"
        )));
    };
    if let Some(r) = body.get("response").filter(|v| !v.is_null()) {
        i.response = r.clone();
        if i.responded_at.is_none() {
            i.responded_at = Some(now());
        }
    }
    if let Some(s) = status {
        i.status = s;
    }
    if body.contains_key("assigned_to") {
        i.assigned_to = assigned_to;
    }
    i.updated = now();
    Ok(ok_msg(i.response(), "Inquiry updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(id): Path<i64>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_id(&store, &p, id)?;
    p.require("inquiries", "delete")?;
    store.inquiries.remove(id);
    Ok(deleted(format!("Inquiry {id} deleted successfully")))
}
