//! Retry policy: which failures are retried and how long to wait between attempts.

use std::time::Duration;

/// Controls automatic retries.
///
/// Defaults: 3 attempts in total, jittered exponential back-off starting at 200 ms and capped at
/// 5 s, `Retry-After` honoured (capped at 30 s), only idempotent methods (GET, PUT, DELETE, HEAD)
/// and only on connect errors, 429, 502, 503 and 504. POST is never retried unless
/// [`RetryPolicy::retry_post`] is set.
///
/// ```
/// use std::time::Duration;
/// use attune_client::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100));
/// assert_eq!(policy.max_attempts, 5);
/// assert_eq!(RetryPolicy::none().max_attempts, 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total number of attempts (1 = no retry).
    pub max_attempts: u32,
    /// Back-off before the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of a single back-off.
    pub max_backoff: Duration,
    /// Multiplier applied after each retry.
    pub multiplier: f64,
    /// Randomise back-offs (equal jitter: between 50 % and 100 % of the computed delay).
    pub jitter: bool,
    /// Honour the `Retry-After` header of 429/503 responses.
    pub respect_retry_after: bool,
    /// Longest `Retry-After` the SDK is willing to sleep; longer hints fail immediately.
    pub max_retry_after: Duration,
    /// Also retry POST requests (off by default: POST creates are not idempotent).
    pub retry_post: bool,
    /// Status codes considered transient.
    pub retry_statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            multiplier: 2.0,
            jitter: true,
            respect_retry_after: true,
            max_retry_after: Duration::from_secs(30),
            retry_post: false,
            retry_statuses: vec![429, 502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Set the total number of attempts (minimum 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Set the first back-off.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Set the back-off cap.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Enable or disable jitter.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Allow retrying POST requests too.
    pub fn with_retry_post(mut self, retry_post: bool) -> Self {
        self.retry_post = retry_post;
        self
    }

    /// Honour (or ignore) `Retry-After`.
    pub fn with_respect_retry_after(mut self, yes: bool) -> Self {
        self.respect_retry_after = yes;
        self
    }

    /// Cap for `Retry-After` sleeps.
    pub fn with_max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Replace the set of retryable status codes.
    pub fn with_retry_statuses(mut self, statuses: impl Into<Vec<u16>>) -> Self {
        self.retry_statuses = statuses.into();
        self
    }

    pub(crate) fn method_allowed(&self, method: &reqwest::Method) -> bool {
        use reqwest::Method;
        matches!(
            *method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
        ) || (self.retry_post && *method == Method::POST)
    }

    pub(crate) fn status_retryable(&self, status: u16) -> bool {
        self.retry_statuses.contains(&status)
    }

    /// Back-off before retry number `retry` (1-based).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .multiplier
            .max(1.0)
            .powi(retry.saturating_sub(1).min(30) as i32);
        let base = self.initial_backoff.as_secs_f64() * exp;
        let capped = base.min(self.max_backoff.as_secs_f64()).max(0.0);
        let secs = if self.jitter && capped > 0.0 {
            let factor: f64 = rand::random_range(0.5..=1.0);
            capped * factor
        } else {
            capped
        };
        Duration::from_secs_f64(secs)
    }
}

/// Parse a `Retry-After` header (delta-seconds, possibly fractional; HTTP dates are ignored).
pub(crate) fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    let secs: f64 = v.parse().ok()?;
    if secs.is_finite() && secs >= 0.0 {
        Some(Duration::from_secs_f64(secs.min(86_400.0)))
    } else {
        None
    }
}
