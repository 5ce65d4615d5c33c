//! `/api/v1/enforcements` (read-only; written by the engine).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::S;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Auth;
use crate::http::pagination::per_page_scheme_iter;
use crate::http::response::{ok, raw};
use crate::state::enforcements::{Enforcement, EnforcementStatus};
use crate::state::index::{smallest, used};

/// Enforcement routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/enforcements", get(list))
        .route("/enforcements/{id}", get(get_one))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    rule: Option<i64>,
    event: Option<i64>,
    status: Option<EnforcementStatus>,
    trigger_ref: Option<String>,
    rule_ref: Option<String>,
    trace_tag: Option<String>,
    include_total: Option<bool>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    let ix = &store.enforcement_index;
    // candidates from the narrowest index; every filter below still applies
    let sets = [
        q.rule.map(|t| ix.rule.ids(&t)),
        q.event.map(|t| ix.event.ids(&t)),
        q.status.map(|t| ix.status.ids(&t)),
        q.trigger_ref.as_deref().map(|t| ix.trigger_ref.ids(t)),
        q.rule_ref.as_deref().map(|t| ix.rule_ref.ids(t)),
        q.trace_tag.as_deref().map(|t| ix.trace_tag.ids(t)),
    ];
    let candidates = smallest(sets);
    let known_total = (used(sets) <= 1 && p.can_global("enforcements", "read"))
        .then(|| candidates.map_or(store.enforcements.len(), |s| s.len()));
    let all: Box<dyn Iterator<Item = &Enforcement>> = match candidates {
        Some(ids) => Box::new(
            ids.iter()
                .rev()
                .filter_map(|id| store.enforcements.get(*id)),
        ),
        None => Box::new(store.enforcements.newest_first()),
    };
    let rows = all
        .filter(|e| q.rule.is_none_or(|t| e.rule == Some(t)))
        .filter(|e| q.event.is_none_or(|t| e.event == Some(t)))
        .filter(|e| q.status.is_none_or(|t| e.status == t))
        .filter(|e| q.trigger_ref.as_deref().is_none_or(|t| e.trigger_ref == t))
        .filter(|e| q.rule_ref.as_deref().is_none_or(|t| e.rule_ref == t))
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
        Enforcement::summary,
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
        .enforcements
        .get(id)
        .filter(|e| e.visible_to(&store, &p))
        .ok_or_else(|| ApiError::not_found(format!("Enforcement with ID {id} not found")))?;
    if q.include_secret_values.unwrap_or(false) {
        p.require("enforcements", "decrypt")?;
    }
    Ok(ok(e.view(&store, q.include_secret_values.unwrap_or(false))))
}
