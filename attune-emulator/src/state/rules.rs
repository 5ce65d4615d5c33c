//! Rules, and validation of their `trigger_params` / `action_params`.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{schema, Store};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// A rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Id.
    pub id: i64,
    /// Ref.
    pub r#ref: String,
    /// Pack id.
    pub pack: i64,
    /// Pack ref.
    pub pack_ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Action id (`None` once the action is deleted).
    pub action: Option<i64>,
    /// Action ref.
    pub action_ref: String,
    /// Trigger id (`None` once the trigger is deleted).
    pub trigger: Option<i64>,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Conditions (object or array form).
    pub conditions: Value,
    /// Action params (may contain templates).
    pub action_params: Value,
    /// Trigger params (timer config etc.).
    pub trigger_params: Value,
    /// Enabled.
    pub enabled: bool,
    /// Created through the API.
    pub is_adhoc: bool,
    /// Owner (executions fired by this rule run as this identity).
    pub owner_identity: Option<i64>,
    /// Permission sets (`None` = inherit the action default).
    pub permission_set_refs: Option<Vec<String>>,
    /// Trace tag template.
    pub trace_tag_template: Option<String>,
    /// Sensor worker selector.
    pub sensor_worker_selector: Value,
    /// Sensor worker tolerations.
    pub sensor_worker_tolerations: Value,
    /// Sensor worker affinity.
    pub sensor_worker_affinity: Value,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

impl Rule {
    /// `RuleResponse`.
    pub fn response(&self) -> Value {
        let mut v = json!({
            "id": self.id, "ref": self.r#ref, "pack": self.pack, "pack_ref": self.pack_ref,
            "label": self.label, "description": self.description, "action": self.action,
            "action_ref": self.action_ref, "trigger": self.trigger, "trigger_ref": self.trigger_ref,
            "conditions": self.conditions, "action_params": self.action_params,
            "trigger_params": self.trigger_params, "enabled": self.enabled, "is_adhoc": self.is_adhoc,
            "owner_identity": self.owner_identity, "permission_set_refs": self.permission_set_refs,
            "sensor_worker_selector": self.sensor_worker_selector,
            "sensor_worker_tolerations": self.sensor_worker_tolerations,
            "sensor_worker_affinity": self.sensor_worker_affinity,
            "created": self.created, "updated": self.updated,
        });
        if let Some(t) = &self.trace_tag_template {
            v["trace_tag_template"] = json!(t);
        }
        v
    }

    /// `RuleSummary`.
    pub fn summary(&self) -> Value {
        let mut v = json!({
            "id": self.id, "ref": self.r#ref, "pack_ref": self.pack_ref, "label": self.label,
            "description": self.description, "action_ref": self.action_ref,
            "trigger_ref": self.trigger_ref, "action_params": self.action_params,
            "trigger_params": self.trigger_params, "enabled": self.enabled,
            "permission_set_refs": self.permission_set_refs,
            "sensor_worker_selector": self.sensor_worker_selector,
            "sensor_worker_tolerations": self.sensor_worker_tolerations,
            "sensor_worker_affinity": self.sensor_worker_affinity,
            "created": self.created, "updated": self.updated,
        });
        if let Some(t) = &self.trace_tag_template {
            v["trace_tag_template"] = json!(t);
        }
        v
    }

    /// Rules are private: global `rules:read` (and a visible pack) or ownership.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        if self.owner_identity == Some(p.identity_id) {
            return true;
        }
        let pack_visible = store.packs.get(self.pack).is_none_or(|pk| pk.visible_to(p));
        pack_visible && (self.owner_identity.is_none() || p.can_global("rules", "read"))
    }
}

/// Rule by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Rule> {
    store.rules.iter().find(|x| x.r#ref == r)
}

/// Enabled rules for a trigger (by id, or by ref when the trigger id is unknown), oldest first.
pub fn enabled_for_trigger(store: &Store, trigger_id: Option<i64>, trigger_ref: &str) -> Vec<Rule> {
    store
        .rules
        .iter()
        .filter(|r| r.enabled)
        .filter(|r| match (trigger_id, r.trigger) {
            (Some(t), Some(rt)) => t == rt,
            _ => r.trigger_ref == trigger_ref,
        })
        .cloned()
        .collect()
}

fn bad(msg: String) -> ApiError {
    ApiError::bad_request(format!("Schema validation failed: {msg}"))
}

/// Validates `trigger_params` against the trigger schema, plus the timer semantics
/// of `core.intervaltimer`, `core.crontimer`, `core.datetimetimer` (400 on violation).
pub fn validate_trigger_params(
    trigger_ref: &str,
    param_schema: &Value,
    params: &Value,
) -> ApiResult<()> {
    let obj = match params {
        Value::Null => serde_json::Map::new(),
        Value::Object(o) => o.clone(),
        _ => return Err(bad("trigger_params must be an object".into())),
    };
    let errs = schema::validate(param_schema, &obj, false);
    if !errs.is_empty() {
        return Err(bad(format!("trigger_params: {}", errs.join("; "))));
    }
    match trigger_ref {
        "core.intervaltimer" => {
            let interval = obj.get("interval").and_then(Value::as_i64);
            match interval {
                Some(n) if n > 0 => {}
                _ => {
                    return Err(bad(
                        "trigger_params: 'interval' must be a positive integer".into()
                    ))
                }
            }
            if let Some(u) = obj.get("unit") {
                if !matches!(u.as_str(), Some("seconds" | "minutes" | "hours" | "days")) {
                    return Err(bad(format!(
                        "trigger_params: 'unit' {u} is not one of [\"seconds\",\"minutes\",\"hours\",\"days\"]"
                    )));
                }
            }
        }
        "core.crontimer" => {
            let expr = obj
                .get("expression")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if expr.split_whitespace().count() != 6 {
                return Err(bad(format!(
                    "trigger_params: invalid cron expression '{expr}': expected 6 fields (sec min hour dom mon dow)"
                )));
            }
            if let Err(e) = croner::Cron::new(expr).with_seconds_required().parse() {
                return Err(bad(format!(
                    "trigger_params: invalid cron expression '{expr}': {e}"
                )));
            }
        }
        "core.datetimetimer" => {
            let fire_at = obj
                .get("fire_at")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if DateTime::parse_from_rfc3339(fire_at).is_err() {
                return Err(bad(format!(
                    "trigger_params: 'fire_at' must be an RFC 3339 timestamp, got '{fire_at}'"
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Validates `action_params` against the action schema: required keys present at
/// top level, types checked, template strings accepted for any type. A violation is the
/// real server's 422 `Invalid parameters for action '<ref>': <first violation>`.
pub fn validate_action_params(
    action_ref: &str,
    param_schema: &Value,
    params: &Value,
) -> ApiResult<()> {
    let invalid = |m: String| {
        ApiError::validation(format!("Invalid parameters for action '{action_ref}': {m}"))
    };
    let obj = match params {
        Value::Null => serde_json::Map::new(),
        Value::Object(o) => o.clone(),
        other => return Err(invalid(format!("{other} is not of type \"object\""))),
    };
    let errs = schema::validate(param_schema, &obj, true);
    match errs.into_iter().next() {
        None => Ok(()),
        Some(first) => Err(invalid(first)),
    }
}
