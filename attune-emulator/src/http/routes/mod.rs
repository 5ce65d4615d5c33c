//! Route modules, one per resource.

pub mod actions;
pub mod auth;
pub mod enforcements;
pub mod events;
pub mod executions;
pub mod health;
pub mod identities;
pub mod inquiries;
pub mod keys;
pub mod not_emulated;
pub mod notifier;
pub mod packs;
pub mod permissions;
pub mod rules;
pub mod runtimes;
pub mod sensors;
pub mod triggers;
pub mod webhooks;
pub mod workflows;

use std::sync::Arc;

use axum::Router;
use serde_json::Value;

use crate::state::AppState;

/// Shared state type of all handlers.
pub type S = Arc<AppState>;

/// Everything under `/api/v1`.
pub fn api_router() -> Router<S> {
    Router::new()
        .merge(packs::router())
        .merge(runtimes::router())
        .merge(actions::router())
        .merge(triggers::router())
        .merge(webhooks::router())
        .merge(sensors::router())
        .merge(rules::router())
        .merge(events::router())
        .merge(enforcements::router())
        .merge(executions::router())
        .merge(inquiries::router())
        .merge(keys::router())
        .merge(workflows::router())
        .merge(permissions::router())
        .merge(identities::router())
}

/// Interpretation of a nullable-patch field.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// Field absent: keep.
    Keep,
    /// Set to the value.
    Set(Value),
    /// Clear (set to null).
    Clear,
}

/// Reads a patch field: `{"op":"set","value":X}`, `{"op":"clear"}`, a plain value
/// (set), `null` (clear) or absent (keep).
pub fn patch(v: Option<&Value>) -> Patch {
    match v {
        None => Patch::Keep,
        Some(Value::Null) => Patch::Clear,
        Some(Value::Object(o)) if o.get("op").and_then(Value::as_str) == Some("set") => {
            Patch::Set(o.get("value").cloned().unwrap_or(Value::Null))
        }
        Some(Value::Object(o)) if o.get("op").and_then(Value::as_str) == Some("clear") => {
            Patch::Clear
        }
        Some(v) => Patch::Set(v.clone()),
    }
}

/// Reads a string patch field into an `Option<String>` target (422 for non-strings).
pub fn apply_string_patch(
    target: &mut Option<String>,
    v: Option<&Value>,
    field: &str,
) -> crate::error::ApiResult<()> {
    match patch(v) {
        Patch::Keep => {}
        Patch::Clear => *target = None,
        Patch::Set(Value::String(s)) => *target = Some(s),
        Patch::Set(Value::Null) => *target = None,
        Patch::Set(_) => {
            return Err(crate::error::ApiError::validation(format!(
                "{field}: expected a string"
            )))
        }
    }
    Ok(())
}

/// Deserializes an optional field of a raw JSON object (422 on type mismatch).
pub fn field<T: serde::de::DeserializeOwned>(
    body: &serde_json::Map<String, Value>,
    name: &str,
) -> crate::error::ApiResult<Option<T>> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone())
            .map(Some)
            .map_err(|e| crate::error::ApiError::validation(format!("{name}: {e}"))),
    }
}

/// Like [`field`] but required (422 when missing).
pub fn required<T: serde::de::DeserializeOwned>(
    body: &serde_json::Map<String, Value>,
    name: &str,
) -> crate::error::ApiResult<T> {
    field(body, name)?
        .ok_or_else(|| crate::error::ApiError::validation(format!("missing field `{name}`")))
}
