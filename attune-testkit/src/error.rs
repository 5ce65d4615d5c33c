//! The test kit's error type.

use std::fmt;

use crate::wait::WaitError;

/// What can go wrong while setting up, driving or waiting in a test.
#[non_exhaustive]
pub enum TestkitError {
    /// The target could not be reached or set up (one clear sentence).
    Target(String),
    /// An SDK call failed; `context` says what the test kit was doing.
    Client {
        /// What was being done.
        context: String,
        /// The SDK error.
        source: Box<attune_client::Error>,
    },
    /// A wait timed out or failed fast.
    Wait(WaitError),
    /// The target lacks a feature the test needs (see [`crate::TestEnv::require`]).
    NotApplicable(String),
    /// Anything else (bad fixture input, an unexpected response shape).
    Other(String),
}

impl TestkitError {
    /// Wraps an SDK error with what was being done.
    pub fn client(context: impl Into<String>, source: attune_client::Error) -> Self {
        TestkitError::Client {
            context: context.into(),
            source: Box::new(source),
        }
    }

    /// The SDK error inside, if any.
    pub fn as_client(&self) -> Option<&attune_client::Error> {
        match self {
            TestkitError::Client { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl fmt::Display for TestkitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestkitError::Target(msg) => f.write_str(msg),
            TestkitError::Client { context, source } => write!(f, "{context}: {source}"),
            TestkitError::Wait(err) => write!(f, "{err}"),
            TestkitError::NotApplicable(msg) => f.write_str(msg),
            TestkitError::Other(msg) => f.write_str(msg),
        }
    }
}

// Tests print `Debug` when they return `Err`; make it as readable as `Display`.
impl fmt::Debug for TestkitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for TestkitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TestkitError::Client { source, .. } => Some(source.as_ref()),
            TestkitError::Wait(err) => Some(err),
            _ => None,
        }
    }
}

impl From<WaitError> for TestkitError {
    fn from(err: WaitError) -> Self {
        TestkitError::Wait(err)
    }
}

impl From<attune_client::Error> for TestkitError {
    fn from(err: attune_client::Error) -> Self {
        TestkitError::client("Attune request failed", err)
    }
}

/// Result type of the test kit.
pub type Result<T, E = TestkitError> = std::result::Result<T, E>;

/// Adds "what was being done" to SDK results.
pub trait Context<T> {
    /// Wraps an error with the given context.
    fn context(self, what: impl Into<String>) -> Result<T>;
    /// Wraps an error with a lazily built context.
    fn with_context<F: FnOnce() -> String>(self, what: F) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, attune_client::Error> {
    fn context(self, what: impl Into<String>) -> Result<T> {
        self.map_err(|e| TestkitError::client(what, e))
    }

    fn with_context<F: FnOnce() -> String>(self, what: F) -> Result<T> {
        self.map_err(|e| TestkitError::client(what(), e))
    }
}
