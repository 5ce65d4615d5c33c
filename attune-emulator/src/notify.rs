//! The notification bus behind the notifier WebSocket (`GET /ws`).
//!
//! State functions publish a [`Notification`] whenever something the real
//! notifier streams changes (executions, inquiries, events, enforcements, rule
//! lifecycle). Publishing never blocks (a Tokio broadcast channel); each
//! WebSocket connection subscribes, filters and checks visibility itself
//! (see [`crate::http::routes::notifier`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::state::executions::ExecutionStatus;
use crate::state::rules::Rule;
use crate::state::{now, Store};

/// Capacity of the broadcast channel (slow subscribers skip what they missed).
const CAPACITY: usize = 4096;

/// One notification as published on the bus.
#[derive(Debug, Clone)]
pub struct Notification {
    /// `execution_created`, `execution_status_changed`, ...
    pub notification_type: String,
    /// `execution`, `inquiry`, `event`, `enforcement`, `rule_lifecycle`.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: i64,
    /// Notification payload.
    pub payload: Value,
    /// Trigger ref (rule lifecycle notifications; matched by `trigger_ref:<ref>`).
    pub trigger_ref: Option<String>,
    /// Owner of a rule (visibility of rule lifecycle notifications once the rule is gone).
    pub owner_identity: Option<i64>,
    /// When it was published.
    pub timestamp: chrono::DateTime<chrono::Utc>,
}

impl Notification {
    /// The wire envelope.
    pub fn envelope(&self) -> Value {
        json!({
            "type": "notification",
            "notification_type": self.notification_type,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "user_id": null,
            "payload": self.payload,
            "timestamp": self.timestamp,
        })
    }
}

/// The per-emulator notification bus (lives in the [`Store`]).
#[derive(Debug)]
pub struct Bus {
    tx: broadcast::Sender<Arc<Notification>>,
    next_client: AtomicU64,
}

impl Default for Bus {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        Self {
            tx,
            next_client: AtomicU64::new(1),
        }
    }
}

impl Bus {
    /// A new receiver (sees notifications published from now on).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Notification>> {
        self.tx.subscribe()
    }

    /// Next `client_<n>` id.
    pub fn next_client_id(&self) -> String {
        format!(
            "client_{}",
            self.next_client.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Publishes a notification; like the real database triggers, the payload also names its
    /// `entity_type` and `entity_id`.
    fn publish(
        &self,
        notification_type: &str,
        entity_type: &str,
        entity_id: i64,
        mut payload: Value,
    ) {
        if let Some(obj) = payload.as_object_mut() {
            obj.insert("entity_type".into(), json!(entity_type));
            obj.insert("entity_id".into(), json!(entity_id));
        }
        self.publish_full(Notification {
            notification_type: notification_type.into(),
            entity_type: entity_type.into(),
            entity_id,
            payload,
            trigger_ref: None,
            owner_identity: None,
            timestamp: now(),
        });
    }

    fn publish_full(&self, n: Notification) {
        // no receivers is fine
        let _ = self.tx.send(Arc::new(n));
    }
}

/// `execution_created` (`old` = `None`) or `execution_status_changed`.
pub fn execution(store: &Store, id: i64, old: Option<ExecutionStatus>) {
    let Some(e) = store.executions.get(id) else {
        return;
    };
    if old == Some(e.status) {
        return;
    }
    let mut payload = json!({
        "id": e.id, "action_id": e.action, "action_ref": e.action_ref,
        "status": e.status, "trace_tag": e.trace_tag,
        "enforcement": e.enforcement, "rule_ref": e.rule_ref, "trigger_ref": e.trigger_ref,
        "parent": e.parent, "started_at": e.started_at, "workflow_task": e.workflow_task,
        "created": e.created, "updated": e.updated, "auth_mode": "full",
    });
    // `old_status` only on status changes (the creation trigger has none).
    let kind = match old {
        None => "execution_created",
        Some(old) => {
            payload["old_status"] = json!(old);
            "execution_status_changed"
        }
    };
    store.notify.publish(kind, "execution", id, payload);
}

/// `inquiry_created` / `inquiry_responded` / `inquiry_timeout` (from the inquiry's status).
pub fn inquiry(store: &Store, id: i64) {
    let Some(i) = store.inquiries.get(id) else {
        return;
    };
    let (kind, mut payload) = match i.status.as_str() {
        "pending" => (
            "inquiry_created",
            json!({"id": i.id, "execution": i.execution, "status": i.status,
                   "timeout_at": i.timeout_at, "created": i.created}),
        ),
        "responded" | "timeout" => (
            if i.status == "responded" {
                "inquiry_responded"
            } else {
                "inquiry_timeout"
            },
            json!({"id": i.id, "execution": i.execution, "status": i.status,
                   "updated": i.updated, "created": i.created}),
        ),
        _ => return,
    };
    payload["created_by_execution"] = json!(i.created_by_execution);
    store.notify.publish(kind, "inquiry", id, payload);
}

/// `event_created` (no payload data, only `has_payload`).
pub fn event_created(store: &Store, id: i64) {
    let Some(e) = store.events.get(id) else {
        return;
    };
    let payload = json!({
        "id": e.id, "trigger": e.trigger, "trigger_ref": e.trigger_ref,
        "source": e.source, "source_ref": e.source_ref, "rule": e.rule, "rule_ref": e.rule_ref,
        "trace_tag": e.trace_tag, "has_payload": !e.payload.is_null(), "created": e.created,
    });
    store.notify.publish("event_created", "event", id, payload);
}

/// `enforcement_created`.
pub fn enforcement_created(store: &Store, id: i64) {
    let Some(e) = store.enforcements.get(id) else {
        return;
    };
    let payload = json!({
        "id": e.id, "rule": e.rule, "rule_ref": e.rule_ref, "trigger_ref": e.trigger_ref,
        "event": e.event, "status": e.status, "condition": e.condition,
        "trace_tag": e.trace_tag, "created": e.created,
    });
    store
        .notify
        .publish("enforcement_created", "enforcement", id, payload);
}

/// `rule_lifecycle_changed` for an existing rule (`rule_created`, `rule_enabled`, ...).
pub fn rule_lifecycle_by_id(state: &crate::state::AppState, id: i64, event_type: &str) {
    let store = state.store.lock();
    if let Some(r) = store.rules.get(id) {
        rule_lifecycle(&store, r, event_type);
    }
}

/// `rule_lifecycle_changed` (entity type `rule_lifecycle`), matched by `trigger_ref:<ref>`.
pub fn rule_lifecycle(store: &Store, r: &Rule, event_type: &str) {
    let t = now();
    let active = r.enabled && event_type != "rule_deleted";
    let payload = json!({
        "entity_type": "rule_lifecycle", "entity_id": r.id, "event_type": event_type,
        "active": active, "rule_id": r.id, "rule_ref": r.r#ref, "trigger_ref": r.trigger_ref,
        "trigger_params": r.trigger_params, "timestamp": t,
    });
    store.notify.publish_full(Notification {
        notification_type: "rule_lifecycle_changed".into(),
        entity_type: "rule_lifecycle".into(),
        entity_id: r.id,
        payload,
        trigger_ref: Some(r.trigger_ref.clone()),
        owner_identity: r.owner_identity,
        timestamp: t,
    });
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::state::executions::{self, NewExecution};

    fn keys(n: &Notification) -> BTreeSet<String> {
        n.payload
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The keys a June 2026 server sends in execution notifications, all of which the newer
    /// generation keeps (it adds `auth_mode` and `trace_tag`).
    const JUNE_KEYS: [&str; 14] = [
        "action_id",
        "action_ref",
        "created",
        "enforcement",
        "entity_id",
        "entity_type",
        "id",
        "parent",
        "rule_ref",
        "started_at",
        "status",
        "trigger_ref",
        "updated",
        "workflow_task",
    ];

    #[test]
    fn execution_payloads_carry_the_real_keys() {
        let mut store = Store::default();
        let mut rx = store.notify.subscribe();
        let id = executions::create(
            &mut store,
            NewExecution {
                action_ref: "core.echo".into(),
                ..Default::default()
            },
        );
        let created = rx.try_recv().expect("execution_created");
        assert_eq!(created.notification_type, "execution_created");
        let mut want: BTreeSet<String> = JUNE_KEYS.iter().map(|k| k.to_string()).collect();
        want.insert("auth_mode".into());
        want.insert("trace_tag".into());
        assert_eq!(keys(&created), want, "{}", created.payload);
        assert_eq!(created.payload["entity_type"], "execution");
        assert_eq!(created.payload["entity_id"], id);

        executions::update_status(&mut store, id, ExecutionStatus::Running, None);
        let changed = rx.try_recv().expect("execution_status_changed");
        assert_eq!(changed.notification_type, "execution_status_changed");
        want.insert("old_status".into());
        assert_eq!(keys(&changed), want, "{}", changed.payload);
        assert_eq!(changed.payload["old_status"], "requested");
        assert_eq!(changed.payload["status"], "running");
    }

    #[test]
    fn every_published_payload_names_its_entity() {
        let bus = Bus::default();
        let mut rx = bus.subscribe();
        bus.publish("event_created", "event", 7, json!({"id": 7}));
        let n = rx.try_recv().expect("a notification");
        assert_eq!(n.payload["entity_type"], "event");
        assert_eq!(n.payload["entity_id"], 7);
    }
}
