//! Retention: bounds on finished records so a long-running emulator stays flat
//! in memory (the real server has retention settings for the same purpose).
//!
//! [`prune`] keeps the newest `retain_terminal_executions` terminal executions,
//! the newest `retain_events` events and the newest `retain_enforcements`
//! processed/disabled enforcements; older ones are removed. An execution is only
//! removed when its parent is gone or finished too (a running workflow keeps its
//! children) and no pending inquiry points at it. Live records are never removed.
//! Removed rows leave the secondary indexes too (see [`super::index`]).

use std::collections::HashSet;

use super::enforcements::EnforcementStatus;
use super::Store;

/// Retention bounds (`usize::MAX` = keep everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Terminal executions kept.
    pub terminal_executions: usize,
    /// Events kept.
    pub events: usize,
    /// Processed/disabled enforcements kept.
    pub enforcements: usize,
}

/// What one [`prune`] pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Executions removed.
    pub executions: usize,
    /// Events removed.
    pub events: usize,
    /// Enforcements removed.
    pub enforcements: usize,
}

/// Removes the records beyond the bounds (oldest first). Cheap when every table
/// is within its bound (three length checks).
pub fn prune(store: &mut Store, r: Retention) -> Pruned {
    let mut out = Pruned::default();
    if store.executions.len() > r.terminal_executions {
        let pinned: HashSet<i64> = store
            .inquiries
            .iter()
            .filter(|i| i.status == "pending")
            .map(|i| i.execution)
            .collect();
        let mut kept = 0usize;
        let mut victims = Vec::new();
        for e in store.executions.newest_first() {
            if !e.status.is_terminal() {
                continue;
            }
            if kept < r.terminal_executions {
                kept += 1;
                continue;
            }
            let parent_done = e.parent.is_none_or(|p| {
                store
                    .executions
                    .get(p)
                    .is_none_or(|pe| pe.status.is_terminal())
            });
            if parent_done && !pinned.contains(&e.id) {
                victims.push(e.id);
            }
        }
        for id in victims {
            if super::executions::remove(store, id).is_some() {
                out.executions += 1;
            }
        }
    }
    if store.events.len() > r.events {
        let victims: Vec<i64> = store
            .events
            .newest_first()
            .skip(r.events)
            .map(|e| e.id)
            .collect();
        for id in victims {
            if super::events::remove(store, id).is_some() {
                out.events += 1;
            }
        }
    }
    if store.enforcements.len() > r.enforcements {
        let victims: Vec<i64> = store
            .enforcements
            .newest_first()
            .filter(|e| e.status != EnforcementStatus::Created)
            .skip(r.enforcements)
            .map(|e| e.id)
            .collect();
        for id in victims {
            if super::enforcements::remove(store, id).is_some() {
                out.enforcements += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;
    use crate::state::enforcements::{self, Enforcement};
    use crate::state::events::{self, Event, NewEvent};
    use crate::state::executions::{self, Execution, ExecutionStatus, NewExecution};

    fn present<T>(o: &Option<T>) -> usize {
        usize::from(o.is_some())
    }

    /// Every row is under each of its keys, and the indexes hold nothing else
    /// (entry counts equal the rows' key counts).
    fn check(store: &Store) {
        let ix = &store.execution_index;
        let mut want = 0;
        for e in store.executions.iter() {
            let Execution { id, .. } = *e;
            assert!(ix.status.ids(&e.status).contains(&id));
            assert!(ix.action_ref.ids(e.action_ref.as_str()).contains(&id));
            assert!(ix.parent.ids(&e.parent).contains(&id));
            if let Some(x) = e.enforcement {
                assert!(ix.enforcement.ids(&x).contains(&id));
            }
            want += 3
                + usize::from(e.action_ref.contains('.'))
                + present(&e.action)
                + present(&e.enforcement)
                + present(&e.executor)
                + present(&e.rule_ref)
                + present(&e.trigger_ref)
                + present(&e.trace_tag);
        }
        assert_eq!(ix.entries(), want, "no stale execution index entries");
        let mut want = 0;
        for e in store.events.iter() {
            let Event { id, .. } = *e;
            assert!(store
                .event_index
                .trigger_ref
                .ids(e.trigger_ref.as_str())
                .contains(&id));
            want += 1
                + present(&e.trigger)
                + present(&e.rule_ref)
                + present(&e.source)
                + present(&e.trace_tag);
        }
        assert_eq!(store.event_index.entries(), want, "no stale event entries");
        let mut want = 0;
        for e in store.enforcements.iter() {
            let Enforcement { id, .. } = *e;
            assert!(store.enforcement_index.status.ids(&e.status).contains(&id));
            want += 3 + present(&e.rule) + present(&e.event) + present(&e.trace_tag);
        }
        assert_eq!(
            store.enforcement_index.entries(),
            want,
            "no stale enforcement entries"
        );
    }

    #[test]
    fn pruned_rows_leave_every_index() {
        let mut store = Store::default();
        let mut parent = None;
        for i in 0..60i64 {
            let ev = events::create(
                &mut store,
                NewEvent {
                    trigger: Some(1),
                    trigger_ref: format!("p{}.t", i % 3),
                    rule_ref: Some("p.r".into()),
                    ..NewEvent::default()
                },
            );
            let (enf, _) = enforcements::create_or_get(
                &mut store,
                1,
                "p.r",
                "p.t",
                ev,
                json!([]),
                json!({}),
                json!({}),
                None,
            );
            let id = executions::create(
                &mut store,
                NewExecution {
                    action_ref: format!("p{}.a", i % 4),
                    enforcement: Some(enf),
                    parent: parent.filter(|_| i < 5),
                    rule_ref: Some("p.r".into()),
                    ..NewExecution::default()
                },
            );
            if i == 0 {
                // a running workflow parent keeps its children
                executions::update_status(&mut store, id, ExecutionStatus::Running, None);
                parent = Some(id);
                continue;
            }
            if i % 7 != 0 {
                executions::update_status(&mut store, id, ExecutionStatus::Completed, None);
                enforcements::resolve(&mut store, enf, EnforcementStatus::Processed);
            } else {
                executions::request_cancel(&mut store, id).unwrap();
            }
        }
        check(&store);
        let pruned = prune(
            &mut store,
            Retention {
                terminal_executions: 5,
                events: 5,
                enforcements: 5,
            },
        );
        assert!(
            pruned.executions > 0 && pruned.events == 55 && pruned.enforcements > 0,
            "{pruned:?}"
        );
        // the running parent and its children are kept
        assert!(store.executions.get(1).is_some() && store.executions.get(2).is_some());
        check(&store);
        // the indexes answer for the rows left only
        let completed = store
            .execution_index
            .status
            .ids(&ExecutionStatus::Completed)
            .len();
        let scanned = store
            .executions
            .iter()
            .filter(|e| e.status == ExecutionStatus::Completed)
            .count();
        assert_eq!(completed, scanned);
        assert_eq!(
            store.event_index.trigger_ref.keys(),
            3.min(store.events.len())
        );
    }
}
