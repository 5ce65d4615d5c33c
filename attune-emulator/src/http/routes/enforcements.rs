//! `/api/v1/enforcements` (read-only; written by the engine).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::S;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Auth;
use crate::http::pagination::per_page_scheme_with;
use crate::http::response::{ok, raw};
use crate::state::enforcements::{Enforcement, EnforcementStatus};

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
    let items = store
        .enforcements
        .newest_first()
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
        .filter(|e| e.visible_to(&store, &p))
        .collect::<Vec<&Enforcement>>();
    // only the page's rows are rendered to JSON
    raw(per_page_scheme_with(
        items,
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
