//! Events.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::index::{insert_some, remove_some, Index};
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

/// Secondary indexes of [`Store::events`] (kept by [`create`] and [`remove`]).
#[derive(Debug, Default)]
pub struct EventIndex {
    /// By trigger id.
    pub trigger: Index<i64>,
    /// By trigger ref.
    pub trigger_ref: Index<String>,
    /// By rule ref.
    pub rule_ref: Index<String>,
    /// By source sensor id.
    pub source: Index<i64>,
    /// By trace tag.
    pub trace_tag: Index<String>,
}

impl EventIndex {
    fn add(&mut self, e: &Event) {
        let id = e.id;
        insert_some(&mut self.trigger, e.trigger, id);
        self.trigger_ref.insert(e.trigger_ref.clone(), id);
        insert_some(&mut self.rule_ref, e.rule_ref.clone(), id);
        insert_some(&mut self.source, e.source, id);
        insert_some(&mut self.trace_tag, e.trace_tag.clone(), id);
    }

    fn drop_row(&mut self, e: &Event) {
        let id = e.id;
        remove_some(&mut self.trigger, e.trigger.as_ref(), id);
        self.trigger_ref.remove(e.trigger_ref.as_str(), id);
        remove_some(&mut self.rule_ref, e.rule_ref.as_deref(), id);
        remove_some(&mut self.source, e.source.as_ref(), id);
        remove_some(&mut self.trace_tag, e.trace_tag.as_deref(), id);
    }

    /// Total number of index entries (for consistency checks).
    pub fn entries(&self) -> usize {
        self.trigger.entries()
            + self.trigger_ref.entries()
            + self.rule_ref.entries()
            + self.source.entries()
            + self.trace_tag.entries()
    }
}

/// Removes an event and its index entries (retention).
pub fn remove(store: &mut Store, id: i64) -> Option<Event> {
    let e = store.events.remove(id)?;
    store.event_index.drop_row(&e);
    Some(e)
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
    if let Some(e) = store.events.get(id) {
        store.event_index.add(e);
    }
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
