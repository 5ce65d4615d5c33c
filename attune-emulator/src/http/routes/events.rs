//! `/api/v1/events`: list, get, and `POST` (sensor or execution tokens only).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{field, required, S};
use crate::auth::jwt::TokenType;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::per_page_scheme_iter;
use crate::http::response::{created, ok, raw};
use crate::state::events::{self, Event, NewEvent};
use crate::state::index::{smallest, used};
use crate::state::{schema, triggers};

/// Event routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/{id}", get(get_one))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    trigger: Option<i64>,
    trigger_ref: Option<String>,
    rule_ref: Option<String>,
    source: Option<i64>,
    trace_tag: Option<String>,
    include_total: Option<bool>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    let ix = &store.event_index;
    // candidates from the narrowest index; every filter below still applies
    let sets = [
        q.trigger.map(|t| ix.trigger.ids(&t)),
        q.trigger_ref.as_deref().map(|t| ix.trigger_ref.ids(t)),
        q.rule_ref.as_deref().map(|t| ix.rule_ref.ids(t)),
        q.source.map(|t| ix.source.ids(&t)),
        q.trace_tag.as_deref().map(|t| ix.trace_tag.ids(t)),
    ];
    let candidates = smallest(sets);
    let known_total = (used(sets) <= 1 && p.can_global("events", "read"))
        .then(|| candidates.map_or(store.events.len(), |s| s.len()));
    let all: Box<dyn Iterator<Item = &Event>> = match candidates {
        Some(ids) => Box::new(ids.iter().rev().filter_map(|id| store.events.get(*id))),
        None => Box::new(store.events.newest_first()),
    };
    let rows = all
        .filter(|e| q.trigger.is_none_or(|t| e.trigger == Some(t)))
        .filter(|e| q.trigger_ref.as_deref().is_none_or(|t| e.trigger_ref == t))
        .filter(|e| {
            q.rule_ref
                .as_deref()
                .is_none_or(|t| e.rule_ref.as_deref() == Some(t))
        })
        .filter(|e| q.source.is_none_or(|t| e.source == Some(t)))
        .filter(|e| {
            q.trace_tag
                .as_deref()
                .is_none_or(|t| e.trace_tag.as_deref() == Some(t))
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
        Event::summary,
    ))
}

/// `include_secret_values`.
#[derive(Debug, Deserialize)]
pub struct GetQuery {
    include_secret_values: Option<bool>,
}

async fn get_one(
    State(st): State<S>,
    Auth(p): Auth,
    Path(id): Path<i64>,
    Query(q): Query<GetQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let e = store
        .events
        .get(id)
        .filter(|e| e.visible_to(&store, &p))
        .ok_or_else(|| ApiError::not_found(format!("Event with ID {id} not found")))?;
    if q.include_secret_values.unwrap_or(false) {
        p.require("events", "decrypt")?;
    }
    Ok(ok(e.view(&store, q.include_secret_values.unwrap_or(false))))
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    if !matches!(p.token_type, TokenType::Sensor | TokenType::Execution) {
        return Err(ApiError::forbidden(
            "Only sensor or execution tokens may create events; use a webhook instead",
        ));
    }
    let trigger_ref: String = match field::<String>(&body, "trigger_type")? {
        Some(t) => t,
        None => required(&body, "trigger_ref")?,
    };
    let payload = body.get("payload").cloned().unwrap_or(json!({}));
    let config = body.get("config").cloned().unwrap_or(Value::Null);
    let instance: Option<String> = field(&body, "trigger_instance_id")?;
    let mut trace_tag: Option<String> = field(&body, "trace_tag")?;
    st.hooks().admit().await;
    let id = {
        let mut store = st.store.lock();
        let t = triggers::find(&store, &trigger_ref)
            .ok_or_else(|| ApiError::not_found(format!("Trigger '{trigger_ref}' not found")))?;
        if !t.enabled {
            return Err(ApiError::bad_request(format!(
                "Trigger '{trigger_ref}' is disabled"
            )));
        }
        if let (Value::Object(_), Some(pobj)) = (&t.out_schema, payload.as_object()) {
            let errs = schema::validate(&t.out_schema, pobj, false);
            if !errs.is_empty() {
                return Err(ApiError::bad_request(format!(
                    "Event payload does not match the trigger's out_schema: {}",
                    errs.join("; ")
                )));
            }
        }
        let (tid, tref) = (t.id, t.r#ref.clone());
        let (rule, rule_ref) = match instance
            .as_deref()
            .and_then(|s| s.strip_prefix("rule_"))
            .and_then(|s| s.parse::<i64>().ok())
        {
            Some(rid) => match store.rules.get(rid) {
                Some(r) => (Some(r.id), Some(r.r#ref.clone())),
                None => (None, None),
            },
            None => (None, None),
        };
        if trace_tag.is_none() {
            if let Some(eid) = p.execution_id {
                trace_tag = store.executions.get(eid).and_then(|e| e.trace_tag.clone());
            }
        }
        let source_ref = if p.token_type == TokenType::Sensor {
            Some(p.login.clone())
        } else {
            None
        };
        events::create(
            &mut store,
            NewEvent {
                trigger: Some(tid),
                trigger_ref: tref,
                config,
                payload,
                source: None,
                source_ref,
                rule,
                rule_ref,
                trace_tag,
            },
        )
    };
    st.hooks().event_created(id);
    let store = st.store.lock();
    Ok(created(
        store
            .events
            .get(id)
            .map(|e| e.view(&store, false))
            .unwrap_or_default(),
        "Event created successfully",
    ))
}
