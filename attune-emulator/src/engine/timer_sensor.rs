//! The core timer sensor as a rule-lifecycle listener (platform-semantics §5).
//!
//! Rule created (enabled) / enabled / updated → (re)start the rule's timer job
//! (an unchanged spec keeps its schedule); disabled / deleted (or no longer a
//! timer rule) → stop it. Every fire stores an event like the real sensor's
//! `POST /events` with `trigger_instance_id: "rule_<id>"`: `trigger` = the timer
//! trigger, `rule`/`rule_ref` set, `source` = the `core.timer_sensor` sensor,
//! `source_ref: "core.timer_sensor"`; then the event goes through the pipeline
//! (only that rule is considered).

use std::sync::Arc;

use serde_json::Value;

use super::service::Inner;
use super::timers::{TimerError, TimerFire, TimerSpec, SENSOR_REF};
use crate::hooks::RuleChange;
use crate::state::events::{self, NewEvent};
use crate::state::triggers;

impl Inner {
    /// Starts the timers of every enabled timer rule (engine start).
    pub(crate) fn start_all_timers(&self) {
        let rules: Vec<(i64, String)> = {
            let store = self.state.store.lock();
            store
                .rules
                .iter()
                .filter(|r| r.enabled)
                .map(|r| (r.id, r.r#ref.clone()))
                .collect()
        };
        for (id, r) in rules {
            self.sync_rule_timer(id, &r, RuleChange::Created);
        }
    }

    /// Applies a rule lifecycle change to the rule's timer job.
    pub(crate) fn sync_rule_timer(&self, rule_id: i64, rule_ref: &str, change: RuleChange) {
        if matches!(change, RuleChange::Disabled | RuleChange::Deleted) {
            self.timers.stop(rule_id);
            return;
        }
        let rule = {
            let store = self.state.store.lock();
            store
                .rules
                .get(rule_id)
                .map(|r| (r.enabled, r.trigger_ref.clone(), r.trigger_params.clone()))
        };
        let Some((enabled, trigger_ref, params)) = rule else {
            self.timers.stop(rule_id);
            return;
        };
        if !enabled {
            self.timers.stop(rule_id);
            return;
        }
        let spec = match TimerSpec::from_trigger(&trigger_ref, &params) {
            Ok(Some(spec)) => spec,
            Ok(None) => {
                self.timers.stop(rule_id);
                return;
            }
            Err(e) => {
                tracing::warn!(rule_id, rule_ref, error = %e, "cannot schedule timer rule");
                self.timers.stop(rule_id);
                return;
            }
        };
        let me = self.me.clone();
        let sink = Arc::new(move |fire: TimerFire| {
            if let Some(inner) = me.upgrade() {
                inner.on_timer_fire(fire);
            }
        });
        match self.timers.start(rule_id, rule_ref.to_string(), spec, sink) {
            Ok(outcome) => tracing::debug!(rule_id, ?outcome, "timer synced"),
            Err(TimerError::FireAtInPast) => {
                tracing::warn!(
                    rule_id,
                    rule_ref,
                    "DateTime timer fire_at must be in the future; the rule will never fire"
                );
            }
            Err(e) => tracing::error!(rule_id, rule_ref, error = %e, "cannot start timer"),
        }
    }

    /// One timer fire → one event → the pipeline.
    fn on_timer_fire(&self, fire: TimerFire) {
        let event_id = {
            let mut store = self.state.store.lock();
            // The sensor posts only for rules that still exist and are enabled.
            if !store.rules.get(fire.rule_id).is_some_and(|r| r.enabled) {
                return;
            }
            let trigger = triggers::find(&store, &fire.trigger_ref).map(|t| t.id);
            let source = store
                .sensors
                .iter()
                .find(|s| s.r#ref == SENSOR_REF)
                .map(|s| s.id);
            events::create(
                &mut store,
                NewEvent {
                    trigger,
                    trigger_ref: fire.trigger_ref,
                    config: Value::Null,
                    payload: fire.payload,
                    source,
                    source_ref: Some(SENSOR_REF.to_string()),
                    rule: Some(fire.rule_id),
                    rule_ref: Some(fire.rule_ref),
                    trace_tag: None,
                },
            )
        };
        self.process_event(event_id);
    }
}
