//! Events.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{now, secrets, Store};
use crate::auth::Principal;

/// An event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Id.
    pub id: i64,
    /// Trigger id.
    pub trigger: Option<i64>,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Config (webhook metadata etc.), nullable.
    pub config: Value,
    /// Payload.
    pub payload: Value,
    /// Source sensor id.
    pub source: Option<i64>,
    /// Source ref (`webhook`, sensor ref).
    pub source_ref: Option<String>,
    /// Rule id when the event is scoped to one rule (timers).
    pub rule: Option<i64>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Trace tag.
    pub trace_tag: Option<String>,
    /// Created.
    pub created: DateTime<Utc>,
}

/// Fields of a new event.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// Trigger id.
    pub trigger: Option<i64>,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Config.
    pub config: Value,
    /// Payload.
    pub payload: Value,
    /// Source sensor id.
    pub source: Option<i64>,
    /// Source ref.
    pub source_ref: Option<String>,
    /// Rule id.
    pub rule: Option<i64>,
    /// Rule ref.
    pub rule_ref: Option<String>,
    /// Trace tag.
    pub trace_tag: Option<String>,
}

/// Stores an event; returns its id. (Call [`EngineHooks::event_created`](crate::hooks::EngineHooks::event_created) after unlocking.)
pub fn create(store: &mut Store, e: NewEvent) -> i64 {
    let t = now();
    let id = store.events.insert_with(|id| Event {
        id,
        trigger: e.trigger,
        trigger_ref: e.trigger_ref,
        config: e.config,
        payload: e.payload,
        source: e.source,
        source_ref: e.source_ref,
        rule: e.rule,
        rule_ref: e.rule_ref,
        trace_tag: e.trace_tag,
        created: t,
    });
    crate::notify::event_created(store, id);
    id
}

impl Event {
    /// `EventResponse` (`payload` always an object-or-value, never missing).
    pub fn response(&self) -> Value {
        let mut v = json!({
            "id": self.id, "trigger": self.trigger, "trigger_ref": self.trigger_ref,
            "config": self.config, "payload": if self.payload.is_null() { json!({}) } else { self.payload.clone() },
            "source": self.source, "source_ref": self.source_ref, "rule": self.rule,
            "rule_ref": self.rule_ref, "created": self.created,
        });
        if let Some(t) = &self.trace_tag {
            v["trace_tag"] = json!(t);
        }
        v
    }

    /// [`response`](Self::response) with the payload fields declared `secret: true` in the
    /// trigger's out_schema/param_schema redacted, unless `reveal`.
    pub fn view(&self, store: &Store, reveal: bool) -> Value {
        let mut v = self.response();
        if !reveal {
            let f = secrets::trigger_secret_fields(store, self.trigger, &self.trigger_ref);
            v["payload"] = secrets::redact(&v["payload"], &f);
        }
        v
    }

    /// `EventSummary`.
    pub fn summary(&self) -> Value {
        let mut v = json!({
            "id": self.id, "trigger": self.trigger, "trigger_ref": self.trigger_ref,
            "source": self.source, "source_ref": self.source_ref, "rule": self.rule,
            "rule_ref": self.rule_ref, "has_payload": !self.payload.is_null(),
            "created": self.created,
        });
        if let Some(t) = &self.trace_tag {
            v["trace_tag"] = json!(t);
        }
        v
    }

    /// Global `events:read`, else rule-associated events follow the rule, others the trigger.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        if p.can_global("events", "read") {
            return true;
        }
        if let Some(rid) = self.rule {
            return store.rules.get(rid).is_some_and(|r| r.visible_to(store, p));
        }
        match self.trigger.and_then(|t| store.triggers.get(t)) {
            Some(t) => t.visible_to(store, p),
            None => false,
        }
    }
}
