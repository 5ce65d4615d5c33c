//! Enforcements.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{now, secrets, Store};
use crate::auth::Principal;

/// Enforcement status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnforcementStatus {
    /// Created, not yet processed.
    Created,
    /// Execution created.
    Processed,
    /// Rule disabled / action gone.
    Disabled,
}

impl EnforcementStatus {
    /// Wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Processed => "processed",
            Self::Disabled => "disabled",
        }
    }
}

/// An enforcement.
#[derive(Debug, Clone)]
pub struct Enforcement {
    /// Id.
    pub id: i64,
    /// Rule id.
    pub rule: Option<i64>,
    /// Rule ref.
    pub rule_ref: String,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Event id.
    pub event: Option<i64>,
    /// Status.
    pub status: EnforcementStatus,
    /// `all` | `any`.
    pub condition: String,
    /// Copy of the rule's conditions.
    pub conditions: Value,
    /// Rendered action params (nullable).
    pub config: Value,
    /// Copy of the event payload.
    pub payload: Value,
    /// Trace tag.
    pub trace_tag: Option<String>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Set when status leaves `created`.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Returns the enforcement of `(rule, event)`, creating it (status `created`) if absent.
/// The boolean is true when it was created now.
#[allow(clippy::too_many_arguments)]
pub fn create_or_get(
    store: &mut Store,
    rule_id: i64,
    rule_ref: &str,
    trigger_ref: &str,
    event_id: i64,
    conditions: Value,
    config: Value,
    payload: Value,
    trace_tag: Option<String>,
) -> (i64, bool) {
    if let Some(e) = store
        .enforcements
        .iter()
        .find(|e| e.rule == Some(rule_id) && e.event == Some(event_id))
    {
        return (e.id, false);
    }
    let t = now();
    let id = store.enforcements.insert_with(|id| Enforcement {
        id,
        rule: Some(rule_id),
        rule_ref: rule_ref.to_string(),
        trigger_ref: trigger_ref.to_string(),
        event: Some(event_id),
        status: EnforcementStatus::Created,
        condition: "all".into(),
        conditions,
        config,
        payload,
        trace_tag,
        created: t,
        resolved_at: None,
    });
    crate::notify::enforcement_created(store, id);
    (id, true)
}

/// Moves an enforcement to `processed` or `disabled` and sets `resolved_at`.
pub fn resolve(store: &mut Store, id: i64, status: EnforcementStatus) -> bool {
    match store.enforcements.get_mut(id) {
        Some(e) => {
            e.status = status;
            if status != EnforcementStatus::Created {
                e.resolved_at = Some(now());
            }
            true
        }
        None => false,
    }
}

impl Enforcement {
    /// `EnforcementResponse`.
    pub fn response(&self) -> Value {
        let mut v = json!({
            "id": self.id, "rule": self.rule, "rule_ref": self.rule_ref,
            "trigger_ref": self.trigger_ref, "event": self.event, "status": self.status,
            "condition": self.condition, "conditions": self.conditions, "config": self.config,
            "payload": if self.payload.is_null() { json!({}) } else { self.payload.clone() },
            "created": self.created, "resolved_at": self.resolved_at,
        });
        if let Some(t) = &self.trace_tag {
            v["trace_tag"] = json!(t);
        }
        v
    }

    /// [`response`](Self::response) with secrets redacted: payload fields declared secret by
    /// the trigger always; config fields declared secret by the action's param_schema unless
    /// `reveal`.
    pub fn view(&self, store: &Store, reveal: bool) -> Value {
        let mut v = self.response();
        let trigger = self
            .event
            .and_then(|e| store.events.get(e))
            .and_then(|e| e.trigger);
        let f = secrets::trigger_secret_fields(store, trigger, &self.trigger_ref);
        v["payload"] = secrets::redact(&v["payload"], &f);
        if !reveal {
            let exec = store
                .executions
                .iter()
                .find(|e| e.enforcement == Some(self.id));
            let f = match exec {
                Some(e) => secrets::action_secret_fields(store, e.action, &e.action_ref, true),
                None => self
                    .rule
                    .and_then(|r| store.rules.get(r))
                    .map(|r| secrets::action_secret_fields(store, None, &r.action_ref, true))
                    .unwrap_or_default(),
            };
            v["config"] = secrets::redact(&v["config"], &f);
        }
        v
    }

    /// `EnforcementSummary`.
    pub fn summary(&self) -> Value {
        let mut v = json!({
            "id": self.id, "rule": self.rule, "rule_ref": self.rule_ref,
            "trigger_ref": self.trigger_ref, "event": self.event, "status": self.status,
            "condition": self.condition, "created": self.created,
        });
        if let Some(t) = &self.trace_tag {
            v["trace_tag"] = json!(t);
        }
        v
    }

    /// Global `enforcements:read`, else via the originating rule's visibility.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        p.can_global("enforcements", "read")
            || self
                .rule
                .and_then(|r| store.rules.get(r))
                .is_some_and(|r| r.visible_to(store, p))
    }
}
