//! Attune's core timer sensor (platform-semantics §5).
//!
//! One timer job per rule, configured by the rule's `trigger_params`:
//!
//! * `core.intervaltimer` — `{"interval": N, "unit": "seconds"|"minutes"|"hours"|"days"}`
//!   (unit defaults to seconds; 0 is rejected). First fire one full interval
//!   after the job starts, then every interval, against absolute deadlines
//!   `start + k·interval` so no drift accumulates. If the process falls more
//!   than one interval behind, missed ticks are skipped (not burst).
//! * `core.crontimer` — `{"expression": "sec min hour dom mon dow"}` (exactly
//!   six fields, seconds first), evaluated in UTC with [croner]; a `timezone`
//!   parameter is ignored.
//! * `core.datetimetimer` — `{"fire_at": RFC3339}`; fires once. A `fire_at`
//!   that is not in the future is refused ("DateTime timer fire_at must be in
//!   the future") and never fires.
//!
//! Every fire calls the sink with a [`TimerFire`] carrying the exact payload
//! shape of the real sensor; the caller turns it into an event with
//! `trigger_instance_id: "rule_<id>"` (so `event.rule` is set).
//!
//! `core.rruletimer` is not supported: [`TimerSpec::from_trigger`] returns an
//! error for it, which the caller should log (rule creation still succeeds in
//! Attune when the sensor cannot schedule a job).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Value as Json};
use tokio::task::JoinHandle;
use tokio::time::{sleep_until, Instant};

/// `sensor_ref` carried by every timer payload.
pub const SENSOR_REF: &str = "core.timer_sensor";
/// Interval timer trigger ref.
pub const INTERVAL_TRIGGER: &str = "core.intervaltimer";
/// Cron timer trigger ref.
pub const CRON_TRIGGER: &str = "core.crontimer";
/// One-shot date/time timer trigger ref.
pub const DATETIME_TRIGGER: &str = "core.datetimetimer";
/// RRULE timer trigger ref (not supported by the emulator).
pub const RRULE_TRIGGER: &str = "core.rruletimer";

/// Message used when a datetime timer's `fire_at` is not in the future.
pub const FIRE_AT_PAST_MSG: &str = "DateTime timer fire_at must be in the future";

/// Unit of an interval timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds (the default).
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

impl TimeUnit {
    /// Parse `seconds|minutes|hours|days`.
    pub fn parse(s: &str) -> Option<TimeUnit> {
        match s {
            "seconds" => Some(TimeUnit::Seconds),
            "minutes" => Some(TimeUnit::Minutes),
            "hours" => Some(TimeUnit::Hours),
            "days" => Some(TimeUnit::Days),
            _ => None,
        }
    }

    /// Seconds per unit.
    pub fn seconds(self) -> u64 {
        match self {
            TimeUnit::Seconds => 1,
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3600,
            TimeUnit::Days => 86_400,
        }
    }
}

/// A parsed timer configuration.
#[derive(Debug, Clone)]
pub enum TimerSpec {
    /// Repeating interval timer.
    Interval {
        /// The period (normally `interval × unit`; may be sub-second when
        /// built with [`TimerSpec::every`]).
        every: Duration,
        /// The `interval` trigger parameter.
        interval: u64,
        /// The `unit` trigger parameter.
        unit: TimeUnit,
    },
    /// Cron timer (6 fields, seconds first, UTC).
    Cron {
        /// The expression as given.
        expression: String,
        /// The parsed schedule.
        schedule: Box<croner::Cron>,
    },
    /// One-shot timer.
    DateTime {
        /// When to fire.
        fire_at: DateTime<Utc>,
    },
}

impl PartialEq for TimerSpec {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                TimerSpec::Interval {
                    every: a,
                    interval: ai,
                    unit: au,
                },
                TimerSpec::Interval {
                    every: b,
                    interval: bi,
                    unit: bu,
                },
            ) => a == b && ai == bi && au == bu,
            (TimerSpec::Cron { expression: a, .. }, TimerSpec::Cron { expression: b, .. }) => {
                a == b
            }
            (TimerSpec::DateTime { fire_at: a }, TimerSpec::DateTime { fire_at: b }) => a == b,
            _ => false,
        }
    }
}

impl TimerSpec {
    /// Parse a rule's `trigger_params` for `trigger_ref`.
    ///
    /// `Ok(None)` when the trigger is not a timer trigger; `Err` with a clear
    /// message when the parameters are invalid (interval 0, unknown unit, bad
    /// cron expression, bad `fire_at`) or the timer kind is unsupported
    /// (`core.rruletimer`). A datetime in the past parses fine; it is refused
    /// by [`TimerManager::start`].
    pub fn from_trigger(trigger_ref: &str, params: &Json) -> Result<Option<TimerSpec>, String> {
        match trigger_ref {
            INTERVAL_TRIGGER => {
                let interval = params
                    .get("interval")
                    .and_then(Json::as_u64)
                    .ok_or_else(|| {
                        format!("Missing or invalid 'interval' field in params: {params}")
                    })?;
                let unit = match params.get("unit") {
                    None | Some(Json::Null) => TimeUnit::Seconds,
                    Some(Json::String(u)) => TimeUnit::parse(u).ok_or_else(|| {
                        format!(
                            "Failed to parse 'unit' field: unknown unit '{u}', expected one of seconds, minutes, hours, days"
                        )
                    })?,
                    Some(other) => {
                        return Err(format!("Failed to parse 'unit' field: expected a string, got {other}"))
                    }
                };
                if interval == 0 {
                    return Err("Interval must be greater than 0".to_string());
                }
                let secs = interval
                    .checked_mul(unit.seconds())
                    .ok_or_else(|| format!("Interval {interval} {unit:?} is too large"))?;
                Ok(Some(TimerSpec::Interval {
                    every: Duration::from_secs(secs),
                    interval,
                    unit,
                }))
            }
            CRON_TRIGGER => {
                let expression =
                    params
                        .get("expression")
                        .and_then(Json::as_str)
                        .ok_or_else(|| {
                            format!("Missing or invalid 'expression' field in params: {params}")
                        })?;
                TimerSpec::cron(expression).map(Some)
            }
            DATETIME_TRIGGER => {
                let raw = params
                    .get("fire_at")
                    .ok_or_else(|| format!("Missing 'fire_at' field in params: {params}"))?;
                let fire_at: DateTime<Utc> = serde_json::from_value(raw.clone())
                    .map_err(|e| format!("Failed to parse 'fire_at' as DateTime: {e}"))?;
                Ok(Some(TimerSpec::DateTime { fire_at }))
            }
            RRULE_TRIGGER => {
                Err("RRULE timers (core.rruletimer) are not supported by the emulator".to_string())
            }
            _ => Ok(None),
        }
    }

    /// Parse a 6-field cron expression (seconds first, UTC).
    pub fn cron(expression: &str) -> Result<TimerSpec, String> {
        let fields = expression.split_whitespace().count();
        if fields != 6 {
            return Err(format!(
                "Invalid cron expression '{expression}': expected 6 fields (sec min hour day-of-month month day-of-week), got {fields}"
            ));
        }
        let schedule = croner::Cron::new(expression)
            .with_seconds_required()
            .parse()
            .map_err(|e| format!("Invalid cron expression '{expression}': {e}"))?;
        // A pattern that can never fire (e.g. 30 February) is invalid too.
        schedule
            .find_next_occurrence(&Utc::now(), false)
            .map_err(|e| format!("Invalid cron expression '{expression}': {e}"))?;
        Ok(TimerSpec::Cron {
            expression: expression.to_string(),
            schedule: Box::new(schedule),
        })
    }

    /// An interval timer with an arbitrary (possibly sub-second) period;
    /// `interval_seconds` in payloads is the whole-second part.
    pub fn every(every: Duration) -> TimerSpec {
        TimerSpec::Interval {
            every,
            interval: every.as_secs(),
            unit: TimeUnit::Seconds,
        }
    }

    /// The trigger ref this spec fires.
    pub fn trigger_ref(&self) -> &'static str {
        match self {
            TimerSpec::Interval { .. } => INTERVAL_TRIGGER,
            TimerSpec::Cron { .. } => CRON_TRIGGER,
            TimerSpec::DateTime { .. } => DATETIME_TRIGGER,
        }
    }
}

/// One timer fire, to be turned into an event for `rule_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerFire {
    /// The rule whose timer fired (event `rule`).
    pub rule_id: i64,
    /// Its ref (event `rule_ref`).
    pub rule_ref: String,
    /// `core.intervaltimer` | `core.crontimer` | `core.datetimetimer`.
    pub trigger_ref: String,
    /// The event payload, exactly as the real sensor builds it.
    pub payload: Json,
}

/// Receives timer fires. Called on the timer task; keep it quick (e.g. push
/// into a channel).
pub type TimerSink = Arc<dyn Fn(TimerFire) + Send + Sync>;

/// What [`TimerManager::start`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOutcome {
    /// A new job was scheduled (replacing any previous one for the rule).
    Started,
    /// The rule already had a job with the same spec; its schedule is kept.
    Kept,
}

/// Why a timer could not be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    /// A datetime timer whose `fire_at` is not in the future.
    #[error("DateTime timer fire_at must be in the future")]
    FireAtInPast,
    /// `start` was called outside a tokio runtime.
    #[error("timer manager used outside a tokio runtime")]
    NoRuntime,
}

struct Job {
    spec: TimerSpec,
    rule_ref: String,
    handle: JoinHandle<()>,
}

#[derive(Default)]
struct Jobs(HashMap<i64, Job>);

impl Drop for Jobs {
    fn drop(&mut self) {
        for job in self.0.values() {
            job.handle.abort();
        }
    }
}

/// Per-rule timer jobs on tokio. Cloning shares the same set of jobs; the
/// jobs are aborted when the last clone is dropped.
#[derive(Clone, Default)]
pub struct TimerManager {
    jobs: Arc<Mutex<Jobs>>,
}

impl std::fmt::Debug for TimerManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimerManager")
            .field("active", &self.active_rule_ids())
            .finish()
    }
}

impl TimerManager {
    /// An empty manager.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Start (or keep) the timer job for `rule_id`.
    ///
    /// An existing job with the same spec (and rule ref) is kept, so its
    /// phase is not reset; otherwise the old job is stopped and a new one
    /// scheduled. A datetime spec whose `fire_at` is not in the future stops
    /// any existing job and returns [`TimerError::FireAtInPast`] (logged);
    /// nothing will ever fire for it.
    pub fn start(
        &self,
        rule_id: i64,
        rule_ref: String,
        spec: TimerSpec,
        sink: TimerSink,
    ) -> Result<StartOutcome, TimerError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| TimerError::NoRuntime)?;
        let mut jobs = self.lock();
        if let Some(existing) = jobs.0.get(&rule_id) {
            if existing.spec == spec && existing.rule_ref == rule_ref {
                tracing::debug!(
                    rule_id,
                    "timer already matches desired config; keeping schedule"
                );
                return Ok(StartOutcome::Kept);
            }
        }
        if let Some(old) = jobs.0.remove(&rule_id) {
            old.handle.abort();
        }
        if let TimerSpec::DateTime { fire_at } = &spec {
            if *fire_at <= Utc::now() {
                tracing::warn!(rule_id, %rule_ref, fire_at = %fire_at, "{FIRE_AT_PAST_MSG}");
                return Err(TimerError::FireAtInPast);
            }
        }
        tracing::info!(rule_id, %rule_ref, ?spec, "starting timer");
        let handle = runtime.spawn(run_job(rule_id, rule_ref.clone(), spec.clone(), sink));
        jobs.0.insert(
            rule_id,
            Job {
                spec,
                rule_ref,
                handle,
            },
        );
        Ok(StartOutcome::Started)
    }

    /// Stop the job for `rule_id`; `true` if there was one.
    pub fn stop(&self, rule_id: i64) -> bool {
        match self.lock().0.remove(&rule_id) {
            Some(job) => {
                job.handle.abort();
                tracing::info!(rule_id, "stopped timer");
                true
            }
            None => false,
        }
    }

    /// Stop every job; returns how many were stopped.
    pub fn stop_all(&self) -> usize {
        let mut jobs = self.lock();
        let n = jobs.0.len();
        for (_, job) in jobs.0.drain() {
            job.handle.abort();
        }
        n
    }

    /// Rules that currently have a job (a fired one-shot job stays listed
    /// until stopped, like the real sensor's bookkeeping).
    pub fn active_rule_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.lock().0.keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// The spec of the job for `rule_id`, if any.
    pub fn spec_of(&self, rule_id: i64) -> Option<TimerSpec> {
        self.lock().0.get(&rule_id).map(|j| j.spec.clone())
    }
}

async fn run_job(rule_id: i64, rule_ref: String, spec: TimerSpec, sink: TimerSink) {
    let fire = |payload: Json, trigger_ref: &str| {
        sink(TimerFire {
            rule_id,
            rule_ref: rule_ref.clone(),
            trigger_ref: trigger_ref.to_string(),
            payload,
        })
    };
    match spec {
        TimerSpec::Interval { every, .. } => {
            if every.is_zero() {
                return;
            }
            let interval_seconds = every.as_secs();
            let start = Instant::now();
            let mut tick: u64 = 0;
            let mut count: u64 = 0;
            loop {
                tick += 1;
                let now = Instant::now();
                let Some(mut deadline) = start.checked_add(mul(every, tick)) else {
                    return;
                };
                if deadline.checked_add(every).is_some_and(|late| now > late) {
                    // Fell behind by more than one period: skip missed ticks.
                    let behind = (now - start).as_nanos() / every.as_nanos().max(1);
                    tick = u64::try_from(behind).unwrap_or(u64::MAX - 1) + 1;
                    let Some(d) = start.checked_add(mul(every, tick)) else {
                        return;
                    };
                    deadline = d;
                }
                sleep_until(deadline).await;
                count += 1;
                let payload = json!({
                    "type": "interval",
                    "interval_seconds": interval_seconds,
                    "fired_at": Utc::now().to_rfc3339(),
                    "execution_count": count,
                    "sensor_ref": SENSOR_REF,
                });
                fire(payload, INTERVAL_TRIGGER);
            }
        }
        TimerSpec::Cron {
            expression,
            schedule,
        } => {
            let mut after = Utc::now();
            let mut count: u64 = 0;
            loop {
                let next = match schedule.find_next_occurrence(&after, false) {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::error!(rule_id, %expression, "cron timer has no next occurrence: {e}");
                        return;
                    }
                };
                let wait = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
                sleep_until(Instant::now() + wait).await;
                count += 1;
                let fired_at = Utc::now();
                let next_fire_at = schedule
                    .find_next_occurrence(&next, false)
                    .map(|n| n.to_rfc3339())
                    .unwrap_or_else(|_| "unknown".to_string());
                let payload = json!({
                    "type": "cron",
                    "fired_at": fired_at.to_rfc3339(),
                    "scheduled_at": next.to_rfc3339(),
                    "expression": expression,
                    "timezone": "UTC",
                    "next_fire_at": next_fire_at,
                    "execution_count": count,
                    "sensor_ref": SENSOR_REF,
                });
                fire(payload, CRON_TRIGGER);
                after = next;
            }
        }
        TimerSpec::DateTime { fire_at } => {
            let wait = (fire_at - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            sleep_until(Instant::now() + wait).await;
            let now = Utc::now();
            let delay_ms = (now.timestamp_millis() - fire_at.timestamp_millis()).max(0);
            let payload = json!({
                "type": "one_shot",
                "fire_at": fire_at.to_rfc3339(),
                "fired_at": now.to_rfc3339(),
                "timezone": "UTC",
                "delay_ms": delay_ms,
                "sensor_ref": SENSOR_REF,
            });
            fire(payload, DATETIME_TRIGGER);
            tracing::info!(rule_id, "one-shot timer completed");
        }
    }
}

fn mul(d: Duration, k: u64) -> Duration {
    let nanos = d.as_nanos().saturating_mul(u128::from(k));
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tokio::sync::mpsc;

    fn channel_sink() -> (TimerSink, mpsc::UnboundedReceiver<(Instant, TimerFire)>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let sink: TimerSink = Arc::new(move |f| {
            let _ = tx.send((Instant::now(), f));
        });
        (sink, rx)
    }

    #[test]
    fn parse_interval() {
        let s = TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 5}))
            .unwrap()
            .unwrap();
        assert_eq!(
            s,
            TimerSpec::Interval {
                every: Duration::from_secs(5),
                interval: 5,
                unit: TimeUnit::Seconds
            }
        );
        let s =
            TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 2, "unit": "minutes"}))
                .unwrap()
                .unwrap();
        assert!(
            matches!(s, TimerSpec::Interval { every, .. } if every == Duration::from_secs(120))
        );
        let s = TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 1, "unit": "days"}))
            .unwrap()
            .unwrap();
        assert!(
            matches!(s, TimerSpec::Interval { every, .. } if every == Duration::from_secs(86_400))
        );
        assert_eq!(s.trigger_ref(), INTERVAL_TRIGGER);
    }

    #[test]
    fn parse_interval_errors() {
        let e = TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 0})).unwrap_err();
        assert!(e.contains("greater than 0"), "{e}");
        let e = TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 1, "unit": "weeks"}))
            .unwrap_err();
        assert!(e.contains("unit"), "{e}");
        assert!(TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({})).is_err());
        assert!(TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": -1})).is_err());
        assert!(TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": "5"})).is_err());
        assert!(TimerSpec::from_trigger(
            INTERVAL_TRIGGER,
            &json!({"interval": u64::MAX, "unit": "days"})
        )
        .is_err());
    }

    #[test]
    fn parse_cron() {
        let s = TimerSpec::from_trigger(
            CRON_TRIGGER,
            &json!({"expression": "*/5 * * * * *", "timezone": "Europe/Paris"}),
        )
        .unwrap()
        .unwrap();
        assert!(matches!(&s, TimerSpec::Cron { expression, .. } if expression == "*/5 * * * * *"));
        assert!(TimerSpec::cron("0 0 12 * * MON-FRI").is_ok());
        assert!(TimerSpec::cron("0 15,45 8-17 1 JAN-JUN *").is_ok());
        // five fields (no seconds) is rejected
        let e = TimerSpec::cron("*/5 * * * *").unwrap_err();
        assert!(e.contains("6 fields"), "{e}");
        // seven fields too
        assert!(TimerSpec::cron("0 0 0 1 1 * 2030").is_err());
        assert!(TimerSpec::cron("61 * * * * *").is_err());
        assert!(TimerSpec::cron("not a cron at all x").is_err());
        assert!(TimerSpec::from_trigger(CRON_TRIGGER, &json!({})).is_err());
        assert!(TimerSpec::from_trigger(CRON_TRIGGER, &json!({"expression": 5})).is_err());
    }

    #[test]
    fn parse_datetime() {
        let s = TimerSpec::from_trigger(
            DATETIME_TRIGGER,
            &json!({"fire_at": "2030-01-02T03:04:05Z", "timezone": "UTC"}),
        )
        .unwrap()
        .unwrap();
        let expected: DateTime<Utc> = "2030-01-02T03:04:05Z".parse().unwrap();
        assert_eq!(s, TimerSpec::DateTime { fire_at: expected });
        let s = TimerSpec::from_trigger(
            DATETIME_TRIGGER,
            &json!({"fire_at": "2030-01-02T05:04:05+02:00"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!(s, TimerSpec::DateTime { fire_at: expected });
        let e =
            TimerSpec::from_trigger(DATETIME_TRIGGER, &json!({"fire_at": "tomorrow"})).unwrap_err();
        assert!(e.contains("fire_at"), "{e}");
        assert!(TimerSpec::from_trigger(DATETIME_TRIGGER, &json!({"fire_at": 5})).is_err());
        assert!(TimerSpec::from_trigger(DATETIME_TRIGGER, &json!({})).is_err());
    }

    #[test]
    fn non_timer_triggers() {
        assert_eq!(
            TimerSpec::from_trigger("core.webhook", &json!({})).unwrap(),
            None
        );
        assert_eq!(
            TimerSpec::from_trigger("mypack.thing", &json!({"interval": 0})).unwrap(),
            None
        );
        assert!(TimerSpec::from_trigger(RRULE_TRIGGER, &json!({})).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn interval_fires_on_absolute_schedule() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        let t0 = Instant::now();
        let spec = TimerSpec::from_trigger(INTERVAL_TRIGGER, &json!({"interval": 10}))
            .unwrap()
            .unwrap();
        assert_eq!(
            mgr.start(1, "p.r".into(), spec, sink).unwrap(),
            StartOutcome::Started
        );
        for k in 1..=3u64 {
            let (at, fire) = rx.recv().await.unwrap();
            // first fire one full interval after start, then every interval
            assert_eq!(at - t0, Duration::from_secs(10 * k));
            assert_eq!(fire.rule_id, 1);
            assert_eq!(fire.rule_ref, "p.r");
            assert_eq!(fire.trigger_ref, INTERVAL_TRIGGER);
            let p = &fire.payload;
            assert_eq!(p["type"], "interval");
            assert_eq!(p["interval_seconds"], 10);
            assert_eq!(p["execution_count"], k);
            assert_eq!(p["sensor_ref"], SENSOR_REF);
            assert!(DateTime::parse_from_rfc3339(p["fired_at"].as_str().unwrap()).is_ok());
            assert_eq!(p.as_object().unwrap().len(), 5);
        }
        assert!(mgr.stop(1));
        assert!(!mgr.stop(1));
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(rx.try_recv().is_err(), "no fires after stop");
    }

    #[tokio::test(start_paused = true)]
    async fn interval_does_not_drift_with_slow_sink() {
        let mgr = TimerManager::new();
        let (tx, mut rx) = mpsc::unbounded_channel();
        // A sink that blocks the task "for a while" cannot shift later fires
        // because deadlines are absolute; simulate with clock advance inside
        // the receiver instead (paused clock): each fire time must be k*5s.
        let sink: TimerSink = Arc::new(move |_f| {
            let _ = tx.send(Instant::now());
        });
        let t0 = Instant::now();
        mgr.start(
            2,
            "p.r".into(),
            TimerSpec::every(Duration::from_secs(5)),
            sink,
        )
        .unwrap();
        for k in 1..=5u64 {
            let at = rx.recv().await.unwrap();
            assert_eq!(at - t0, Duration::from_secs(5 * k));
            tokio::time::sleep(Duration::from_millis(1700)).await;
        }
        mgr.stop_all();
    }

    #[tokio::test(start_paused = true)]
    async fn same_spec_keeps_schedule_other_spec_restarts() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        let t0 = Instant::now();
        let spec = TimerSpec::every(Duration::from_secs(10));
        mgr.start(3, "p.r".into(), spec.clone(), sink.clone())
            .unwrap();
        tokio::time::sleep(Duration::from_secs(4)).await;
        // same config: keep the existing phase (fire at t0+10, not t0+14)
        assert_eq!(
            mgr.start(3, "p.r".into(), spec, sink.clone()).unwrap(),
            StartOutcome::Kept
        );
        let (at, _) = rx.recv().await.unwrap();
        assert_eq!(at - t0, Duration::from_secs(10));
        // different config: restart the phase
        let t1 = Instant::now();
        assert_eq!(
            mgr.start(
                3,
                "p.r".into(),
                TimerSpec::every(Duration::from_secs(3)),
                sink.clone()
            )
            .unwrap(),
            StartOutcome::Started
        );
        let (at, f) = rx.recv().await.unwrap();
        assert_eq!(at - t1, Duration::from_secs(3));
        assert_eq!(
            f.payload["execution_count"], 1,
            "count restarts with the job"
        );
        assert_eq!(mgr.active_rule_ids(), vec![3]);
        // stop then start again restarts the phase
        mgr.stop(3);
        let t2 = Instant::now();
        mgr.start(
            3,
            "p.r".into(),
            TimerSpec::every(Duration::from_secs(3)),
            sink,
        )
        .unwrap();
        let (at, _) = rx.recv().await.unwrap();
        assert_eq!(at - t2, Duration::from_secs(3));
        assert_eq!(mgr.stop_all(), 1);
        assert!(mgr.active_rule_ids().is_empty());
    }

    #[tokio::test]
    async fn datetime_in_past_never_fires() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        let past = Utc::now() - chrono::Duration::seconds(1);
        let err = mgr
            .start(4, "p.r".into(), TimerSpec::DateTime { fire_at: past }, sink)
            .unwrap_err();
        assert_eq!(err, TimerError::FireAtInPast);
        assert_eq!(err.to_string(), FIRE_AT_PAST_MSG);
        assert!(mgr.active_rule_ids().is_empty());
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn datetime_fires_once() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        let fire_at = Utc::now() + chrono::Duration::milliseconds(150);
        mgr.start(5, "p.once".into(), TimerSpec::DateTime { fire_at }, sink)
            .unwrap();
        let (_, f) = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(f.trigger_ref, DATETIME_TRIGGER);
        let p = &f.payload;
        assert_eq!(p["type"], "one_shot");
        assert_eq!(p["timezone"], "UTC");
        assert_eq!(p["sensor_ref"], SENSOR_REF);
        assert_eq!(p["fire_at"], fire_at.to_rfc3339());
        let fired: DateTime<Utc> = p["fired_at"].as_str().unwrap().parse().unwrap();
        assert!(fired >= fire_at);
        assert!(p["delay_ms"].as_i64().unwrap() >= 0);
        assert_eq!(p.as_object().unwrap().len(), 6);
        // never again
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn datetime_replacing_with_past_stops_existing_job() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        let soon = Utc::now() + chrono::Duration::milliseconds(200);
        mgr.start(
            6,
            "p.r".into(),
            TimerSpec::DateTime { fire_at: soon },
            sink.clone(),
        )
        .unwrap();
        let past = Utc::now() - chrono::Duration::seconds(5);
        assert!(mgr
            .start(6, "p.r".into(), TimerSpec::DateTime { fire_at: past }, sink)
            .is_err());
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn cron_fires_on_second_boundaries() {
        let mgr = TimerManager::new();
        let (sink, mut rx) = channel_sink();
        mgr.start(
            7,
            "p.cron".into(),
            TimerSpec::cron("* * * * * *").unwrap(),
            sink,
        )
        .unwrap();
        for k in 1..=2u64 {
            let (_, f) = tokio::time::timeout(Duration::from_secs(5), rx.recv())
                .await
                .unwrap()
                .unwrap();
            let p = &f.payload;
            assert_eq!(f.trigger_ref, CRON_TRIGGER);
            assert_eq!(p["type"], "cron");
            assert_eq!(p["expression"], "* * * * * *");
            assert_eq!(p["timezone"], "UTC");
            assert_eq!(p["execution_count"], k);
            assert_eq!(p["sensor_ref"], SENSOR_REF);
            let sched: DateTime<Utc> = p["scheduled_at"].as_str().unwrap().parse().unwrap();
            let fired: DateTime<Utc> = p["fired_at"].as_str().unwrap().parse().unwrap();
            let next: DateTime<Utc> = p["next_fire_at"].as_str().unwrap().parse().unwrap();
            assert_eq!(
                sched.timestamp_subsec_nanos(),
                0,
                "scheduled on a whole second"
            );
            assert!(fired >= sched);
            assert_eq!(next - sched, chrono::Duration::seconds(1));
            assert_eq!(p.as_object().unwrap().len(), 8);
        }
        mgr.stop(7);
    }

    #[test]
    fn start_outside_runtime_is_an_error() {
        let mgr = TimerManager::new();
        let sink: TimerSink = Arc::new(|_| {});
        assert_eq!(
            mgr.start(
                1,
                "x".into(),
                TimerSpec::every(Duration::from_secs(1)),
                sink
            ),
            Err(TimerError::NoRuntime)
        );
    }

    #[test]
    fn mul_saturates() {
        assert_eq!(
            mul(Duration::from_millis(100), 3),
            Duration::from_millis(300)
        );
        assert_eq!(mul(Duration::MAX, 2), Duration::from_nanos(u64::MAX));
    }
}
