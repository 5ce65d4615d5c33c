//! Helpers shared by the tier test targets.
#![allow(dead_code)]

pub mod inquiry;
pub mod packs;
pub mod workflow;

use std::time::Duration;

use attune_client::models::{
    Event, ListEnforcementsParams, ListEventsParams, ListExecutionsParams,
};
use attune_testkit::{Context, Result, Scope, TestkitError};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Generous limits: the emulator is fast, a live server on a busy CI runner may not be.
pub const SHORT: Duration = Duration::from_secs(20);
/// Limit for waits that span several timer periods.
pub const LONG: Duration = Duration::from_secs(40);

/// Fails the test with a message (for checks that are not simple equalities).
pub fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(TestkitError::Other(msg.into()))
}

/// Execution filter by rule ref.
pub fn by_rule(rule_ref: &str) -> ListExecutionsParams {
    ListExecutionsParams {
        rule_ref: Some(rule_ref.to_string()),
        ..Default::default()
    }
}

/// Execution filter by action ref.
pub fn by_action(action_ref: &str) -> ListExecutionsParams {
    ListExecutionsParams {
        action_ref: Some(action_ref.to_string()),
        ..Default::default()
    }
}

/// Event filter by rule ref (timer events carry their rule).
pub fn events_of_rule(rule_ref: &str) -> ListEventsParams {
    ListEventsParams {
        rule_ref: Some(rule_ref.to_string()),
        ..Default::default()
    }
}

/// Event filter by trigger ref.
pub fn events_of_trigger(trigger_ref: &str) -> ListEventsParams {
    ListEventsParams {
        trigger_ref: Some(trigger_ref.to_string()),
        ..Default::default()
    }
}

/// Enforcement filter by rule ref.
pub fn enforcements_of_rule(rule_ref: &str) -> ListEnforcementsParams {
    ListEnforcementsParams {
        rule_ref: Some(rule_ref.to_string()),
        ..Default::default()
    }
}

/// Full events for the given summaries' ids, oldest first.
pub async fn full_events(scope: &Scope, ids: impl IntoIterator<Item = i64>) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for id in ids {
        out.push(
            scope
                .client()
                .events()
                .get(id)
                .await
                .with_context(|| format!("reading event {id}"))?,
        );
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// A timestamp field of a JSON payload.
pub fn ts(payload: &Value, field: &str) -> Result<DateTime<Utc>> {
    let text = payload.get(field).and_then(Value::as_str).ok_or_else(|| {
        TestkitError::Other(format!("payload has no string field '{field}': {payload}"))
    })?;
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            TestkitError::Other(format!(
                "payload field '{field}' = {text:?} is not RFC 3339: {e}"
            ))
        })
}

/// When a timer event's timer fired: its payload's `fired_at` (the timer sensor's clock, both generations).
/// Cadence checks use it rather than the event's `created`, which adds the ingestion latency a busy machine
/// stretches.
pub fn fired_at(event: &Event) -> Result<DateTime<Utc>> {
    ts(&event.payload, "fired_at")
}

/// Seconds between two instants, as f64 (b - a).
pub fn secs_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_milliseconds() as f64 / 1000.0
}
