//! `/api/v1/rules`, `/api/v1/packs/{pack_ref}/rules`, `/api/v1/actions/{action_ref}/rules`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::actions::visible_action_id;
use super::triggers::visible_trigger_id;
use super::{apply_string_patch, field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::hooks::RuleChange;
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::page_size_scheme;
use crate::http::response::{created, deleted, ok, ok_msg, raw};
use crate::state::packs::{self, matches_q};
use crate::state::rules::{self, validate_action_params, validate_trigger_params, Rule};
use crate::state::{check_len, now, validate_component_ref, Store};

/// Rule routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/rules", get(list).post(create))
        .route("/rules/enabled", get(list_enabled))
        .route("/rules/{ref}", get(get_one).put(update).delete(delete))
        .route("/rules/{ref}/enable", post(enable))
        .route("/rules/{ref}/disable", post(disable))
        .route("/packs/{pack_ref}/rules", get(list_by_pack))
        .route("/actions/{action_ref}/rules", get(list_by_action))
}

/// List query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    q: Option<String>,
    pack_ref: Option<String>,
    action_ref: Option<String>,
    trigger_ref: Option<String>,
    enabled: Option<bool>,
}

fn listing(store: &Store, p: &Principal, q: &ListQuery, extra: impl Fn(&Rule) -> bool) -> Value {
    let items = store
        .rules
        .newest_first()
        .filter(|r| r.visible_to(store, p))
        .filter(|r| {
            q.q.as_deref().is_none_or(|q| {
                matches_q(
                    q,
                    &[
                        &r.r#ref,
                        &r.label,
                        r.description.as_deref().unwrap_or(""),
                        &r.pack_ref,
                    ],
                )
            })
        })
        .filter(|r| q.pack_ref.as_deref().is_none_or(|x| r.pack_ref == x))
        .filter(|r| q.action_ref.as_deref().is_none_or(|x| r.action_ref == x))
        .filter(|r| q.trigger_ref.as_deref().is_none_or(|x| r.trigger_ref == x))
        .filter(|r| q.enabled.is_none_or(|x| r.enabled == x))
        .filter(|r| extra(r))
        .map(Rule::summary)
        .collect();
    page_size_scheme(items, q.page, q.page_size)
}

async fn list(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |_| true))
}

async fn list_enabled(State(st): State<S>, Auth(p): Auth, Query(q): Query<ListQuery>) -> Response {
    let store = st.store.lock();
    raw(listing(&store, &p, &q, |r| r.enabled))
}

async fn list_by_pack(
    State(st): State<S>,
    Auth(p): Auth,
    Path(pack_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    packs::visible_id(&store, &p, &pack_ref)?;
    Ok(raw(listing(&store, &p, &q, |r| r.pack_ref == pack_ref)))
}

async fn list_by_action(
    State(st): State<S>,
    Auth(p): Auth,
    Path(action_ref): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    visible_action_id(&store, &p, &action_ref)?;
    Ok(raw(listing(&store, &p, &q, |r| r.action_ref == action_ref)))
}

fn visible_rule_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    rules::find(store, r)
        .filter(|x| x.visible_to(store, p))
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found(format!("Rule '{r}' not found")))
}

async fn get_one(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_rule_id(&store, &p, &r)?;
    Ok(ok(store
        .rules
        .get(id)
        .map(Rule::response)
        .unwrap_or_default()))
}

fn obj_or_default(body: &Map<String, Value>, k: &str) -> ApiResult<Option<Value>> {
    match body.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(ApiError::validation(format!("{k}: expected an object"))),
    }
}

fn validate_params(
    store: &Store,
    action_id: i64,
    trigger_id: i64,
    trigger_ref: &str,
    ap: &Value,
    tp: &Value,
) -> ApiResult<()> {
    let tschema = store
        .triggers
        .get(trigger_id)
        .map(|t| t.param_schema.clone())
        .unwrap_or(Value::Null);
    validate_trigger_params(trigger_ref, &tschema, tp)?;
    let (aref, aschema) = store
        .actions
        .get(action_id)
        .map(|a| (a.r#ref.clone(), a.param_schema.clone()))
        .unwrap_or_default();
    validate_action_params(&aref, &aschema, ap)
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let r: String = required(&body, "ref")?;
    let pack_ref: String = required(&body, "pack_ref")?;
    let label: String = required(&body, "label")?;
    let action_ref: String = required(&body, "action_ref")?;
    let trigger_ref: String = required(&body, "trigger_ref")?;
    let description: Option<String> = field(&body, "description")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let psr: Option<Vec<String>> = field(&body, "permission_set_refs")?;
    let ttt: Option<String> = field(&body, "trace_tag_template")?;
    let action_params = obj_or_default(&body, "action_params")?.unwrap_or(json!({}));
    let trigger_params = obj_or_default(&body, "trigger_params")?.unwrap_or(json!({}));
    let conditions = body
        .get("conditions")
        .filter(|v| !v.is_null())
        .cloned()
        .unwrap_or(json!({}));
    check_len("ref", &r, 1, 255)?;
    check_len("label", &label, 1, 255)?;
    let (id, rref) = {
        let mut store = st.store.lock();
        if rules::find(&store, &r).is_some() {
            return Err(ApiError::conflict(format!(
                "Rule with ref '{r}' already exists"
            )));
        }
        let pack_id = packs::visible_id(&store, &p, &pack_ref)?;
        let action_id = visible_action_id(&store, &p, &action_ref)?;
        let trigger_id = visible_trigger_id(&store, &p, &trigger_ref)?;
        p.require("rules", "create")?;
        validate_component_ref("rule", &r, Some(&pack_ref))?;
        validate_params(
            &store,
            action_id,
            trigger_id,
            &trigger_ref,
            &action_params,
            &trigger_params,
        )?;
        let t = now();
        let id = store.rules.insert_with(|id| Rule {
            id,
            r#ref: r.clone(),
            pack: pack_id,
            pack_ref,
            label,
            description,
            action: Some(action_id),
            action_ref,
            trigger: Some(trigger_id),
            trigger_ref,
            conditions,
            action_params,
            trigger_params,
            enabled: enabled.unwrap_or(true),
            is_adhoc: true,
            owner_identity: Some(p.identity_id),
            permission_set_refs: psr,
            trace_tag_template: ttt,
            sensor_worker_selector: body
                .get("sensor_worker_selector")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or(json!({})),
            sensor_worker_tolerations: body
                .get("sensor_worker_tolerations")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or(json!([])),
            sensor_worker_affinity: body
                .get("sensor_worker_affinity")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or(json!({})),
            created: t,
            updated: t,
        });
        (id, r)
    };
    st.hooks().rule_changed(id, &rref, RuleChange::Created);
    crate::notify::rule_lifecycle_by_id(&st, id, "rule_created");
    let store = st.store.lock();
    Ok(created(
        store.rules.get(id).map(Rule::response).unwrap_or_default(),
        "Rule created successfully",
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let label: Option<String> = field(&body, "label")?;
    let enabled: Option<bool> = field(&body, "enabled")?;
    let new_action: Option<String> = field(&body, "action_ref")?;
    let new_trigger: Option<String> = field(&body, "trigger_ref")?;
    let action_params = obj_or_default(&body, "action_params")?;
    let trigger_params = obj_or_default(&body, "trigger_params")?;
    let (id, resp) = {
        let mut store = st.store.lock();
        let id = visible_rule_id(&store, &p, &r)?;
        p.require("rules", "update")?;
        let Some(cur) = store.rules.get(id).cloned() else {
            return Err(ApiError::not_found(format!("Rule '{r}' not found")));
        };
        let (action_id, action_ref) = match &new_action {
            Some(a) => (visible_action_id(&store, &p, a)?, a.clone()),
            None => (cur.action.unwrap_or(-1), cur.action_ref.clone()),
        };
        let (trigger_id, trigger_ref) = match &new_trigger {
            Some(t) => (visible_trigger_id(&store, &p, t)?, t.clone()),
            None => (cur.trigger.unwrap_or(-1), cur.trigger_ref.clone()),
        };
        let ap = action_params
            .clone()
            .unwrap_or_else(|| cur.action_params.clone());
        let tp = trigger_params
            .clone()
            .unwrap_or_else(|| cur.trigger_params.clone());
        if new_action.is_some()
            || new_trigger.is_some()
            || action_params.is_some()
            || trigger_params.is_some()
        {
            validate_params(&store, action_id, trigger_id, &trigger_ref, &ap, &tp)?;
        }
        let Some(rule) = store.rules.get_mut(id) else {
            return Err(ApiError::not_found(format!("Rule '{r}' not found")));
        };
        if let Some(l) = label {
            rule.label = l;
        }
        if body.contains_key("description") {
            apply_string_patch(
                &mut rule.description,
                body.get("description"),
                "description",
            )?;
        }
        if let Some(e) = enabled {
            rule.enabled = e;
        }
        if new_action.is_some() {
            rule.action = Some(action_id);
            rule.action_ref = action_ref;
        }
        if new_trigger.is_some() {
            rule.trigger = Some(trigger_id);
            rule.trigger_ref = trigger_ref;
        }
        rule.action_params = ap;
        rule.trigger_params = tp;
        if let Some(c) = body.get("conditions").filter(|v| !v.is_null()) {
            rule.conditions = c.clone();
        }
        for (k, target) in [
            ("sensor_worker_selector", &mut rule.sensor_worker_selector),
            (
                "sensor_worker_tolerations",
                &mut rule.sensor_worker_tolerations,
            ),
            ("sensor_worker_affinity", &mut rule.sensor_worker_affinity),
        ] {
            if let Some(v) = body.get(k).filter(|v| !v.is_null()) {
                *target = v.clone();
            }
        }
        if body.contains_key("trace_tag_template") {
            rule.trace_tag_template = body
                .get("trace_tag_template")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        if body.contains_key("permission_set_refs") {
            rule.permission_set_refs = field(&body, "permission_set_refs")?;
        }
        rule.updated = now();
        (id, rule.response())
    };
    st.hooks().rule_changed(id, &r, RuleChange::Updated);
    Ok(ok_msg(resp, "Rule updated successfully"))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let id = {
        let mut store = st.store.lock();
        let id = visible_rule_id(&store, &p, &r)?;
        p.require("rules", "delete")?;
        if let Some(rule) = store.rules.remove(id) {
            crate::notify::rule_lifecycle(&store, &rule, "rule_deleted");
        }
        id
    };
    st.hooks().rule_changed(id, &r, RuleChange::Deleted);
    Ok(deleted(format!("Rule '{r}' deleted successfully")))
}

fn set_enabled(st: &S, p: &Principal, r: &str, enabled: bool) -> ApiResult<Response> {
    let (id, resp) = {
        let mut store = st.store.lock();
        let id = visible_rule_id(&store, p, r)?;
        p.require("rules", "update")?;
        let Some(rule) = store.rules.get_mut(id) else {
            return Err(ApiError::not_found(format!("Rule '{r}' not found")));
        };
        rule.enabled = enabled;
        rule.updated = now();
        (id, rule.response())
    };
    let change = if enabled {
        RuleChange::Enabled
    } else {
        RuleChange::Disabled
    };
    st.hooks().rule_changed(id, r, change);
    crate::notify::rule_lifecycle_by_id(
        st,
        id,
        if enabled {
            "rule_enabled"
        } else {
            "rule_disabled"
        },
    );
    Ok(ok_msg(
        resp,
        if enabled {
            "Rule enabled successfully"
        } else {
            "Rule disabled successfully"
        },
    ))
}

async fn enable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, true)
}

async fn disable(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    set_enabled(&st, &p, &r, false)
}
