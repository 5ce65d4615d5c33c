//! Enforcements.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::index::{insert_some, remove_some, Index};
use super::{now, secrets, Store};
use crate::auth::Principal;

/// Enforcement status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// Secondary indexes of [`Store::enforcements`] (kept by [`create_or_get`],
/// [`resolve`] and [`remove`]; change `status` only through [`resolve`]).
#[derive(Debug, Default)]
pub struct EnforcementIndex {
    /// By rule id.
    pub rule: Index<i64>,
    /// By event id.
    pub event: Index<i64>,
    /// By status.
    pub status: Index<EnforcementStatus>,
    /// By trigger ref.
    pub trigger_ref: Index<String>,
    /// By rule ref.
    pub rule_ref: Index<String>,
    /// By trace tag.
    pub trace_tag: Index<String>,
}

impl EnforcementIndex {
    fn add(&mut self, e: &Enforcement) {
        let id = e.id;
        insert_some(&mut self.rule, e.rule, id);
        insert_some(&mut self.event, e.event, id);
        self.status.insert(e.status, id);
        self.trigger_ref.insert(e.trigger_ref.clone(), id);
        self.rule_ref.insert(e.rule_ref.clone(), id);
        insert_some(&mut self.trace_tag, e.trace_tag.clone(), id);
    }

    fn drop_row(&mut self, e: &Enforcement) {
        let id = e.id;
        remove_some(&mut self.rule, e.rule.as_ref(), id);
        remove_some(&mut self.event, e.event.as_ref(), id);
        self.status.remove(&e.status, id);
        self.trigger_ref.remove(e.trigger_ref.as_str(), id);
        self.rule_ref.remove(e.rule_ref.as_str(), id);
        remove_some(&mut self.trace_tag, e.trace_tag.as_deref(), id);
    }

    /// Total number of index entries (for consistency checks).
    pub fn entries(&self) -> usize {
        self.rule.entries()
            + self.event.entries()
            + self.status.entries()
            + self.trigger_ref.entries()
            + self.rule_ref.entries()
            + self.trace_tag.entries()
    }
}

/// Removes an enforcement and its index entries (retention).
pub fn remove(store: &mut Store, id: i64) -> Option<Enforcement> {
    let e = store.enforcements.remove(id)?;
    store.enforcement_index.drop_row(&e);
    Some(e)
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
    if let Some(id) = store
        .enforcement_index
        .event
        .ids(&event_id)
        .iter()
        .copied()
        .find(|id| {
            store
                .enforcements
                .get(*id)
                .is_some_and(|e| e.rule == Some(rule_id))
        })
    {
        return (id, false);
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
    if let Some(e) = store.enforcements.get(id) {
        store.enforcement_index.add(e);
    }
    crate::notify::enforcement_created(store, id);
    (id, true)
}

/// Moves an enforcement to `processed` or `disabled` and sets `resolved_at`.
pub fn resolve(store: &mut Store, id: i64, status: EnforcementStatus) -> bool {
    match store.enforcements.get_mut(id) {
        Some(e) => {
            store.enforcement_index.status.remove(&e.status, id);
            store.enforcement_index.status.insert(status, id);
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
                .execution_index
                .enforcement
                .ids(&self.id)
                .first()
                .and_then(|id| store.executions.get(*id));
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
