//! Waiting for asynchronous outcomes without `sleep`: a generic [`wait_until`] and a [`hold_for`] that checks a
//! condition keeps holding for a while.
//!
//! A probe is an async closure returning a [`Probe`]: [`Probe::Ready`] ends the wait with a value,
//! [`Probe::Pending`] carries what was observed (shown in the timeout error), [`Probe::Fail`] ends the wait at
//! once with an error that cannot heal (a wrong terminal status, a 403, a count that has overshot).
//!
//! The first poll happens immediately; the interval then grows from [`WaitOptions::initial_interval`] by
//! [`WaitOptions::factor`] up to [`WaitOptions::max_interval`], so quick outcomes are seen within a few
//! milliseconds and slow ones cost few requests.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

/// What one poll of a probe observed.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe<T> {
    /// The awaited state is reached; the wait returns this value.
    Ready(T),
    /// Not yet; the text describes what was seen (it ends up in the timeout error).
    Pending(String),
    /// The awaited state can no longer be reached; the wait fails at once with this text.
    Fail(String),
}

/// How long and how often to poll.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// Pause after the first (immediate) poll.
    pub initial_interval: Duration,
    /// Upper bound of the pause between polls.
    pub max_interval: Duration,
    /// Growth factor of the pause (≥ 1).
    pub factor: f64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            initial_interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(80),
            factor: 1.6,
        }
    }
}

impl WaitOptions {
    /// Default options with another timeout.
    pub fn timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            ..Self::default()
        }
    }

    /// The same options with another maximum interval.
    pub fn with_max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }
}

/// Why a wait ended without its value.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitFailure {
    /// The timeout elapsed before the state was reached.
    TimedOut,
    /// The probe reported a state from which the awaited one cannot be reached.
    Failed(String),
    /// (`hold_for`) the condition stopped holding.
    Violated(String),
}

/// A failed wait: what was awaited, for how long, how many polls, and the last observation.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitError {
    /// What was awaited, in words.
    pub description: String,
    /// Why it ended.
    pub failure: WaitFailure,
    /// How long the wait ran.
    pub elapsed: Duration,
    /// The configured limit.
    pub timeout: Duration,
    /// How many times the probe ran.
    pub polls: u32,
    /// What the last pending poll observed.
    pub last_observation: Option<String>,
}

impl WaitError {
    /// True when the wait ran out of time (as opposed to failing fast).
    pub fn is_timeout(&self) -> bool {
        self.failure == WaitFailure::TimedOut
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self
            .last_observation
            .as_deref()
            .unwrap_or("nothing observed yet");
        match &self.failure {
            WaitFailure::TimedOut => write!(
                f,
                "timed out after {:.2?} (limit {:.2?}, {} polls) waiting for {}; last observation: {}",
                self.elapsed, self.timeout, self.polls, self.description, last
            ),
            WaitFailure::Failed(why) => write!(
                f,
                "gave up after {:.2?} ({} polls) waiting for {}: {}",
                self.elapsed, self.polls, self.description, why
            ),
            WaitFailure::Violated(why) => write!(
                f,
                "condition '{}' stopped holding after {:.2?} ({} polls): {}",
                self.description, self.elapsed, self.polls, why
            ),
        }
    }
}

impl std::error::Error for WaitError {}

/// Polls `probe` until it is ready, fails, or `timeout` elapses.
///
/// ```
/// # use std::time::Duration;
/// # use attune_testkit::wait::{wait_until, Probe};
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mut n = 0;
/// let value = wait_until("the counter to reach 3", Duration::from_secs(1), || {
///     n += 1;
///     let seen = n;
///     async move { if seen >= 3 { Probe::Ready(seen) } else { Probe::Pending(format!("counter = {seen}")) } }
/// })
/// .await
/// .unwrap();
/// assert_eq!(value, 3);
/// # }
/// ```
pub async fn wait_until<T, F, Fut>(
    description: impl Into<String>,
    timeout: Duration,
    probe: F,
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<T>>,
{
    wait_with(description, WaitOptions::timeout(timeout), probe).await
}

/// [`wait_until`] with full [`WaitOptions`]. Returns the number of polls alongside the value through
/// [`wait_with_stats`]; this variant returns only the value.
pub async fn wait_with<T, F, Fut>(
    description: impl Into<String>,
    options: WaitOptions,
    probe: F,
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<T>>,
{
    wait_with_stats(description, options, probe)
        .await
        .map(|(value, _)| value)
}

/// Like [`wait_with`], also returning how many polls it took.
pub async fn wait_with_stats<T, F, Fut>(
    description: impl Into<String>,
    options: WaitOptions,
    mut probe: F,
) -> Result<(T, u32), WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<T>>,
{
    let mut attempts = Attempts::start(description.into(), &options);
    let mut interval = options.initial_interval;
    loop {
        if let Some(done) = attempts.record(probe().await)? {
            return Ok(done);
        }
        let (now, deadline) = (Instant::now(), attempts.deadline);
        let pause = interval.min(deadline - now);
        tokio::time::sleep(pause).await;
        interval = interval
            .mul_f64(options.factor.max(1.0))
            .min(options.max_interval);
    }
}

/// Checks that a condition keeps holding for `duration` (for "fires once and never again", "does not fire
/// early"). The probe returns `Ready(())`/`Pending(..)` while the condition holds and `Fail(why)` when it is
/// violated; the first violation ends the check with [`WaitFailure::Violated`]. Polls every `interval`.
pub async fn hold_for<F, Fut>(
    description: impl Into<String>,
    duration: Duration,
    interval: Duration,
    mut probe: F,
) -> Result<u32, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Probe<()>>,
{
    let description = description.into();
    let started = Instant::now();
    let end = started + duration;
    let mut polls = 0u32;
    let mut last = None;
    loop {
        polls += 1;
        match probe().await {
            Probe::Fail(why) => {
                return Err(WaitError {
                    description,
                    failure: WaitFailure::Violated(why),
                    elapsed: started.elapsed(),
                    timeout: duration,
                    polls,
                    last_observation: last,
                })
            }
            Probe::Pending(seen) => last = Some(seen),
            Probe::Ready(()) => {}
        }
        let now = Instant::now();
        if now >= end {
            return Ok(polls);
        }
        tokio::time::sleep(interval.min(end - now)).await;
    }
}

/// A comparison for counting waiters (`>=`, `==`, `<=`, `>`, `<`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountOp {
    /// `>=`
    AtLeast,
    /// `==`
    Exactly,
    /// `<=`
    AtMost,
    /// `>`
    MoreThan,
    /// `<`
    FewerThan,
}

impl CountOp {
    /// Parses `>=`, `==`, `<=`, `>`, `<` (and `=`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            ">=" => Some(Self::AtLeast),
            "==" | "=" => Some(Self::Exactly),
            "<=" => Some(Self::AtMost),
            ">" => Some(Self::MoreThan),
            "<" => Some(Self::FewerThan),
            _ => None,
        }
    }

    /// Whether `actual <op> expected` holds.
    pub fn holds(self, actual: u64, expected: u64) -> bool {
        match self {
            Self::AtLeast => actual >= expected,
            Self::Exactly => actual == expected,
            Self::AtMost => actual <= expected,
            Self::MoreThan => actual > expected,
            Self::FewerThan => actual < expected,
        }
    }

    /// For counts that only grow (events, executions): whether `actual` can never satisfy the comparison again.
    pub fn unreachable(self, actual: u64, expected: u64) -> bool {
        match self {
            Self::Exactly | Self::AtMost => actual > expected,
            Self::FewerThan => actual >= expected,
            Self::AtLeast | Self::MoreThan => false,
        }
    }

    /// The operator as text.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::Exactly => "==",
            Self::AtMost => "<=",
            Self::MoreThan => ">",
            Self::FewerThan => "<",
        }
    }
}

impl fmt::Display for CountOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// Turns a monotonic count into a probe result for `count <op> expected`.
pub fn count_probe(what: &str, actual: u64, op: CountOp, expected: u64) -> Probe<u64> {
    if op.holds(actual, expected) {
        Probe::Ready(actual)
    } else if op.unreachable(actual, expected) {
        Probe::Fail(format!(
            "{what}: count is {actual}, which can no longer satisfy {op} {expected} (counts only grow)"
        ))
    } else {
        Probe::Pending(format!("{what}: count is {actual}, want {op} {expected}"))
    }
}

/// The bookkeeping shared by every probing wait (polling here, notification-driven in `push`): counts the
/// probes, keeps the last observation and turns a failure or the deadline into a [`WaitError`].
pub(crate) struct Attempts {
    description: String,
    started: Instant,
    pub(crate) deadline: Instant,
    timeout: Duration,
    polls: u32,
    last: Option<String>,
}

impl Attempts {
    /// Starts the clock for a wait described by `description`.
    pub(crate) fn start(description: String, options: &WaitOptions) -> Attempts {
        let started = Instant::now();
        Attempts {
            description,
            started,
            deadline: started + options.timeout,
            timeout: options.timeout,
            polls: 0,
            last: None,
        }
    }

    /// Records one probe's outcome: the value and the probe count when ready, `None` to keep waiting, or the
    /// error when the probe failed or the deadline has passed.
    pub(crate) fn record<T>(&mut self, outcome: Probe<T>) -> Result<Option<(T, u32)>, WaitError> {
        self.polls += 1;
        match outcome {
            Probe::Ready(value) => {
                tracing::debug!(what = %self.description, polls = self.polls, elapsed = ?self.started.elapsed(), "wait satisfied");
                return Ok(Some((value, self.polls)));
            }
            Probe::Fail(why) => return Err(self.error(WaitFailure::Failed(why))),
            Probe::Pending(seen) => self.last = Some(seen),
        }
        if Instant::now() >= self.deadline {
            return Err(self.error(WaitFailure::TimedOut));
        }
        Ok(None)
    }

    fn error(&mut self, failure: WaitFailure) -> WaitError {
        WaitError {
            description: std::mem::take(&mut self.description),
            failure,
            elapsed: self.started.elapsed(),
            timeout: self.timeout,
            polls: self.polls,
            last_observation: self.last.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn first_poll_is_immediate() {
        let started = Instant::now();
        let v = wait_until("ready at once", Duration::from_secs(5), || async {
            Probe::Ready(7)
        })
        .await
        .unwrap();
        assert_eq!(v, 7);
        assert!(started.elapsed() < Duration::from_millis(200));
    }

    #[tokio::test]
    async fn timeout_error_says_what_how_long_and_last_observation() {
        let calls = Arc::new(AtomicU32::new(0));
        let c = calls.clone();
        let err = wait_until::<(), _, _>(
            "the moon to turn blue",
            Duration::from_millis(120),
            move || {
                let n = c.fetch_add(1, Ordering::SeqCst) + 1;
                async move { Probe::Pending(format!("still grey after poll {n}")) }
            },
        )
        .await
        .unwrap_err();
        assert!(err.is_timeout());
        assert_eq!(err.polls, calls.load(Ordering::SeqCst));
        assert!(
            err.polls >= 3,
            "adaptive interval starts fast: {} polls",
            err.polls
        );
        let text = err.to_string();
        assert!(text.contains("the moon to turn blue"), "{text}");
        assert!(
            text.contains(&format!("still grey after poll {}", err.polls)),
            "{text}"
        );
        assert!(text.contains("polls"), "{text}");
        assert!(err.elapsed >= Duration::from_millis(120));
    }

    #[tokio::test]
    async fn fail_ends_the_wait_at_once() {
        let started = Instant::now();
        let err = wait_until::<(), _, _>("x", Duration::from_secs(10), || async {
            Probe::Fail("reached failed instead of completed".into())
        })
        .await
        .unwrap_err();
        assert!(!err.is_timeout());
        assert_eq!(err.polls, 1);
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(err
            .to_string()
            .contains("reached failed instead of completed"));
    }

    #[tokio::test]
    async fn interval_grows_but_stays_capped() {
        let options = WaitOptions {
            timeout: Duration::from_millis(600),
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(50),
            factor: 2.0,
        };
        let err =
            wait_with_stats::<(), _, _>("never", options, || async { Probe::Pending("no".into()) })
                .await
                .unwrap_err();
        // 1+2+4+8+16+32 = 63 ms for 7 polls, then one poll per 50 ms: about 18 polls in 600 ms.
        assert!(err.polls >= 12 && err.polls <= 24, "{} polls", err.polls);
    }

    #[tokio::test]
    async fn hold_for_passes_when_the_condition_keeps_holding_and_fails_on_violation() {
        let polls = hold_for(
            "stays calm",
            Duration::from_millis(60),
            Duration::from_millis(10),
            || async { Probe::Ready(()) },
        )
        .await
        .unwrap();
        assert!(polls >= 3);
        let n = Arc::new(AtomicU32::new(0));
        let c = n.clone();
        let err = hold_for(
            "stays calm",
            Duration::from_secs(5),
            Duration::from_millis(5),
            move || {
                let k = c.fetch_add(1, Ordering::SeqCst);
                async move {
                    if k >= 2 {
                        Probe::Fail("a second event appeared".into())
                    } else {
                        Probe::Ready(())
                    }
                }
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err.failure, WaitFailure::Violated(_)));
        assert_eq!(err.polls, 3);
    }

    #[test]
    fn count_operators() {
        assert!(CountOp::parse(">=").unwrap().holds(3, 3));
        assert!(!CountOp::parse(">").unwrap().holds(3, 3));
        assert!(CountOp::parse("==").unwrap().holds(2, 2));
        assert!(CountOp::parse("<=").unwrap().holds(1, 2));
        assert!(CountOp::parse("<").unwrap().holds(1, 2));
        assert!(CountOp::parse("!=").is_none());
        assert!(matches!(
            count_probe("e", 4, CountOp::Exactly, 3),
            Probe::Fail(_)
        ));
        assert!(matches!(
            count_probe("e", 2, CountOp::Exactly, 3),
            Probe::Pending(_)
        ));
        assert_eq!(count_probe("e", 3, CountOp::AtLeast, 3), Probe::Ready(3));
        assert!(matches!(
            count_probe("e", 2, CountOp::FewerThan, 2),
            Probe::Fail(_)
        ));
    }
}
