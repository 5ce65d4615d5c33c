//! Secret-field redaction (platform-semantics §4, §6, §7.3, §11).
//!
//! The emulator keeps plaintext internally (the pipeline renders templates and the worker
//! runs actions with it) and redacts at render time: top-level fields declared
//! `secret: true` in the relevant schema are shown as [`marker`] unless the caller asked
//! for `include_secret_values=true` and holds the resource's `decrypt` grant.

use serde_json::{json, Value};

use super::Store;

/// The redaction marker `{"$attune_secret": true, "redacted": true}`.
pub fn marker() -> Value {
    json!({"$attune_secret": true, "redacted": true})
}

/// Names of the properties flagged `secret: true` in a flat or JSON-Schema-style schema.
pub fn secret_fields(schema: &Value) -> Vec<String> {
    let Some(obj) = schema.as_object() else {
        return Vec::new();
    };
    let props = match obj.get("properties") {
        Some(Value::Object(p)) => p,
        _ => obj,
    };
    props
        .iter()
        .filter(|(_, v)| v.get("secret").and_then(Value::as_bool).unwrap_or(false))
        .map(|(k, _)| k.clone())
        .collect()
}

/// `value` with each present top-level field in `fields` replaced by the marker.
pub fn redact(value: &Value, fields: &[String]) -> Value {
    let mut v = value.clone();
    if let Value::Object(m) = &mut v {
        for f in fields {
            if let Some(slot) = m.get_mut(f) {
                *slot = marker();
            }
        }
    }
    v
}

/// Secret fields of a trigger's out_schema and param_schema (by id, else by ref).
pub fn trigger_secret_fields(store: &Store, id: Option<i64>, r#ref: &str) -> Vec<String> {
    let t = id
        .and_then(|id| store.triggers.get(id))
        .or_else(|| super::triggers::find(store, r#ref));
    let Some(t) = t else {
        return Vec::new();
    };
    let mut f = secret_fields(&t.out_schema);
    for x in secret_fields(&t.param_schema) {
        if !f.contains(&x) {
            f.push(x);
        }
    }
    f
}

/// Secret fields of an action's param_schema (`params`) or out_schema (`!params`).
pub fn action_secret_fields(
    store: &Store,
    id: Option<i64>,
    r#ref: &str,
    params: bool,
) -> Vec<String> {
    let a = id
        .and_then(|id| store.actions.get(id))
        .or_else(|| super::actions::find(store, r#ref));
    match a {
        Some(a) if params => secret_fields(&a.param_schema),
        Some(a) => secret_fields(&a.out_schema),
        None => Vec::new(),
    }
}
