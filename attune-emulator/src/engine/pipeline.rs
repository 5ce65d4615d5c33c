//! Event → rules → enforcements → executions (platform-semantics §1, §3, §4).
//!
//! * Rules considered: only the event's own rule when `event.rule` is set (and
//!   enabled), else the enabled rules of the event's trigger.
//! * Conditions: [`rule_matches`] over `event = {id, trigger, trigger_ref,
//!   payload, created}`; a non-matching event stays stored, nothing else happens.
//! * One enforcement per (rule, event): `created`, `condition: "all"`, copies
//!   of the conditions and payload, `config` = the rendered `action_params`.
//! * The enforcement is then `processed` with exactly one execution
//!   (`requested`), or `disabled` when the rule got disabled or its action is gone.

use chrono::SecondsFormat;
use serde_json::{json, Value};

use super::conditions::rule_matches;
use super::params::{build_context, resolve_params};
use super::service::Inner;
use crate::state::enforcements::{self, EnforcementStatus};
use crate::state::executions::{self, NewExecution};
use crate::state::{actions, rules, Store};

/// Identity used when a rule has no owner (Attune's system identity).
pub const FALLBACK_EXECUTOR: i64 = 1;

impl Inner {
    /// Runs the pipeline for a stored event and dispatches the executions it created.
    pub(crate) fn process_event(&self, event_id: i64) {
        let execs = {
            let mut store = self.state.store.lock();
            enforce_event(
                &mut store,
                event_id,
                self.state.config.default_execution_timeout_seconds,
            )
        };
        for id in execs {
            self.dispatch(id);
        }
    }
}

/// Non-empty permission sets, else `None`.
pub(crate) fn non_empty(v: Option<&Vec<String>>) -> Option<Vec<String>> {
    v.filter(|v| !v.is_empty()).cloned()
}

/// Creates the enforcements and executions of one event (under the store
/// lock); returns the ids of the new executions (status `requested`).
pub fn enforce_event(store: &mut Store, event_id: i64, default_timeout: i64) -> Vec<i64> {
    let Some(ev) = store.events.get(event_id).cloned() else {
        return Vec::new();
    };
    let candidates: Vec<rules::Rule> = match ev.rule {
        Some(rid) => store
            .rules
            .get(rid)
            .filter(|r| r.enabled)
            .cloned()
            .into_iter()
            .collect(),
        None => rules::enabled_for_trigger(store, ev.trigger, &ev.trigger_ref),
    };
    if candidates.is_empty() {
        return Vec::new();
    }
    let created = ev.created.to_rfc3339_opts(SecondsFormat::Micros, true);
    let event_json = json!({
        "id": ev.id,
        "trigger": ev.trigger,
        "trigger_ref": ev.trigger_ref,
        "payload": ev.payload,
        "created": created,
    });
    let mut out = Vec::new();
    for rule in candidates {
        if !rule_matches(&rule.conditions, &event_json) {
            tracing::debug!(rule = %rule.r#ref, event_id, "rule conditions do not match");
            continue;
        }
        let pack_config = store
            .packs
            .get(rule.pack)
            .map(|p| p.config.clone())
            .filter(|c| !c.is_null())
            .unwrap_or_else(|| json!({}));
        let timestamp = chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
        let ctx = build_context(
            ev.id,
            &ev.trigger_ref,
            &created,
            &ev.payload,
            &pack_config,
            rule.id,
            &rule.r#ref,
            &timestamp,
        );
        let config = match &rule.action_params {
            Value::Null => json!({}),
            p => resolve_params(p, &ctx),
        };
        let trace_tag = ev
            .trace_tag
            .clone()
            .or_else(|| {
                rule.trace_tag_template.as_ref().and_then(|t| {
                    resolve_params(&Value::String(t.clone()), &ctx)
                        .as_str()
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                })
            })
            .unwrap_or_else(|| format!("{}.{}", ev.trigger_ref, ev.id));
        let payload = if ev.payload.is_null() {
            json!({})
        } else {
            ev.payload.clone()
        };
        let (enf_id, fresh) = enforcements::create_or_get(
            store,
            rule.id,
            &rule.r#ref,
            &ev.trigger_ref,
            ev.id,
            rule.conditions.clone(),
            config.clone(),
            payload,
            Some(trace_tag.clone()),
        );
        if !fresh {
            continue;
        }
        // The enforcement processor re-reads the rule and the action.
        let rule_enabled = store.rules.get(rule.id).is_some_and(|r| r.enabled);
        let action = actions::find(store, &rule.action_ref).cloned();
        let Some(action) = action.filter(|_| rule_enabled) else {
            enforcements::resolve(store, enf_id, EnforcementStatus::Disabled);
            continue;
        };
        // The rule's sets when it names them (`[]` forces "no token"), else the action's default.
        let permission_set_refs = rule
            .permission_set_refs
            .clone()
            .or_else(|| non_empty(Some(&action.default_execution_permission_set_refs)));
        let exec_id = executions::create(
            store,
            NewExecution {
                action: Some(action.id),
                action_ref: action.r#ref.clone(),
                config,
                enforcement: Some(enf_id),
                executor: rule.owner_identity.or(Some(FALLBACK_EXECUTOR)),
                timeout_seconds: Some(action.timeout_seconds.unwrap_or(default_timeout)),
                permission_set_refs,
                trace_tag: Some(trace_tag),
                rule_ref: Some(rule.r#ref.clone()),
                trigger_ref: Some(ev.trigger_ref.clone()),
                ..Default::default()
            },
        );
        enforcements::resolve(store, enf_id, EnforcementStatus::Processed);
        out.push(exec_id);
    }
    out
}
