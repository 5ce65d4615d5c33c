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

impl CreateInquiryForExecution {
    /// Set `assigned_to`.
    pub fn with_assigned_to(mut self, v: i64) -> Self {
        self.assigned_to = Some(v);
        self
    }

    /// Set `timeout_at`.
    pub fn with_timeout_at(mut self, v: DateTime<Utc>) -> Self {
        self.timeout_at = Some(v);
        self
    }
}

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

    /// Set `purpose`.
    pub fn with_purpose(mut self, v: impl Into<String>) -> Self {
        self.purpose = Some(v.into());
        self
    }

    /// Set `response_schema`.
    pub fn with_response_schema(mut self, v: impl Into<serde_json::Value>) -> Self {
        self.response_schema = Some(v.into());
        self
    }

    /// Set `assigned_to`.
    pub fn with_assigned_to(mut self, v: i64) -> Self {
        self.assigned_to = Some(v);
        self
    }

    /// Set `timeout_seconds`.
    pub fn with_timeout_seconds(mut self, v: i64) -> Self {
        self.timeout_seconds = Some(v);
        self
    }
}
