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

/// Something a body field can be read from: a parsed object, optionally with the raw
/// request bytes (then errors are the real server's 422 `text/plain` with a position).
pub trait BodyFields {
    /// The parsed object.
    fn fields(&self) -> &serde_json::Map<String, Value>;
    /// The raw request body, when known.
    fn raw_body(&self) -> Option<&[u8]> {
        None
    }
}

impl BodyFields for serde_json::Map<String, Value> {
    fn fields(&self) -> &serde_json::Map<String, Value> {
        self
    }
}

impl BodyFields for crate::http::extract::Obj {
    fn fields(&self) -> &serde_json::Map<String, Value> {
        self
    }
    fn raw_body(&self) -> Option<&[u8]> {
        Some(self.raw())
    }
}

/// Reads one field of the raw body the way a derived `Deserialize` would, so the
/// error text and position are serde_json's own.
struct FieldSeed<'a, T> {
    name: &'a str,
    required: bool,
    _t: std::marker::PhantomData<T>,
}

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for FieldSeed<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Option<T>, A::Error> {
        let mut out = None;
        while let Some(k) = m.next_key::<String>()? {
            if k == self.name {
                out = m.next_value::<Option<T>>()?;
            } else {
                m.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        if out.is_none() && self.required {
            return Err(serde::de::Error::custom(format_args!(
                "missing field `{}`",
                self.name
            )));
        }
        Ok(out)
    }
}

fn positioned<T: serde::de::DeserializeOwned>(
    raw: &[u8],
    name: &str,
    required: bool,
) -> crate::error::ApiError {
    use serde::Deserializer as _;
    let mut de = serde_json::Deserializer::from_slice(raw);
    let seed = FieldSeed::<T> {
        name,
        required,
        _t: std::marker::PhantomData,
    };
    match de.deserialize_map(seed) {
        // serde_path_to_error (used by axum's `Json`) prefixes a nested field's path.
        Err(e) if e.to_string().starts_with("missing field") => {
            crate::error::ApiError::body_deserialize(e)
        }
        Err(e) => crate::error::ApiError::body_deserialize(format_args!("{name}: {e}")),
        Ok(_) if required => {
            crate::error::ApiError::body_deserialize(format_args!("missing field `{name}`"))
        }
        Ok(_) => {
            crate::error::ApiError::body_deserialize(format_args!("invalid value for `{name}`"))
        }
    }
}

/// Reads an optional body field (`null` = absent). A mistyped value is the real
/// server's 422 `text/plain` deserialization error when the raw body is known.
pub fn field<T: serde::de::DeserializeOwned>(
    body: &(impl BodyFields + ?Sized),
    name: &str,
) -> crate::error::ApiResult<Option<T>> {
    match body.fields().get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone())
            .map(Some)
            .map_err(|e| match body.raw_body() {
                Some(raw) => positioned::<T>(raw, name, false),
                None => crate::error::ApiError::validation(format!("{name}: {e}")),
            }),
    }
}

/// Like [`field`] but required (422 `missing field` when absent).
pub fn required<T: serde::de::DeserializeOwned>(
    body: &(impl BodyFields + ?Sized),
    name: &str,
) -> crate::error::ApiResult<T> {
    field(body, name)?.ok_or_else(|| match body.raw_body() {
        Some(raw) => positioned::<T>(raw, name, true),
        None => crate::error::ApiError::validation(format!("missing field `{name}`")),
    })
}
