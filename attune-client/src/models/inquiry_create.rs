//! Inquiry creation bodies.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl CreateInquiryForExecution {
    /// Inquiry for `execution` with `prompt` and a response schema.
    pub fn new(
        execution: i64,
        prompt: impl Into<String>,
        response_schema: impl Into<serde_json::Value>,
    ) -> Self {
        CreateInquiryForExecution {
            execution,
            prompt: prompt.into(),
            response_schema: response_schema.into(),
            assigned_to: None,
            timeout_at: None,
        }
    }
}

/// 0.5.4 inquiry creation body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateInquiryForExecution {
    /// Execution the inquiry belongs to.
    pub execution: i64,
    /// Question.
    pub prompt: String,
    /// Schema of the expected response.
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub response_schema: serde_json::Value,
    /// Assignee identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    /// Expiry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_at: Option<DateTime<Utc>>,
}

setters!(CreateInquiryForExecution {
    /// Set `assigned_to`.
    with_assigned_to(assigned_to: i64),
    /// Set `timeout_at`.
    with_timeout_at(timeout_at: DateTime<Utc>),
});

/// Execution-token inquiry creation body (server source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateInquiryWithToken {
    /// Question.
    pub prompt: String,
    /// Purpose (idempotency key within the execution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Schema of the expected response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_schema: Option<serde_json::Value>,
    /// Assignee identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    /// Seconds until expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
}

impl CreateInquiryWithToken {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(prompt: impl Into<String>) -> Self {
        Self {
            prompt: prompt.into(),
            ..Default::default()
        }
    }
}

setters!(CreateInquiryWithToken {
    /// Set `purpose`.
    with_purpose(purpose: into String),
    /// Set `response_schema`.
    with_response_schema(response_schema: into serde_json::Value),
    /// Set `assigned_to`.
    with_assigned_to(assigned_to: i64),
    /// Set `timeout_seconds`.
    with_timeout_seconds(timeout_seconds: i64),
});
