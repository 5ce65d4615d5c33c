//! Retention: bounds on finished records so a long-running emulator stays flat
//! in memory (the real server has retention settings for the same purpose).
//!
//! [`prune`] keeps the newest `retain_terminal_executions` terminal executions,
//! the newest `retain_events` events and the newest `retain_enforcements`
//! processed/disabled enforcements; older ones are removed. An execution is only
//! removed when its parent is gone or finished too (a running workflow keeps its
//! children) and no pending inquiry points at it. Live records are never removed.

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
            if store.executions.remove(id).is_some() {
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
            if store.events.remove(id).is_some() {
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
            if store.enforcements.remove(id).is_some() {
                out.enforcements += 1;
            }
        }
    }
    out
}
