//! Inquiry (human-in-the-loop) models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::models::inquiry_create::{CreateInquiryForExecution, CreateInquiryWithToken};

string_enum! {
    /// Inquiry status.
    InquiryStatus {
        /// Waiting for a response.
        Pending => "pending",
        /// Answered.
        Responded => "responded",
        /// Expired.
        Timeout => "timeout",
        /// Cancelled (the status path segment is spelled `canceled`).
        Cancelled => "cancelled" | "canceled",
    }
}

impl Default for InquiryStatus {
    fn default() -> Self {
        InquiryStatus::Pending
    }
}

impl InquiryStatus {
    /// Spelling accepted by `GET /api/v1/inquiries/status/{status}` (`canceled`, one L).
    pub fn path_segment(&self) -> &str {
        match self {
            InquiryStatus::Cancelled => "canceled",
            other => other.as_str(),
        }
    }
}

/// Body of `POST /api/v1/inquiries`: the 0.5.4 form or the execution-token form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CreateInquiryRequest {
    /// 0.5.4 body: `execution`, `prompt`, `response_schema`, `assigned_to?`, `timeout_at?`.
    ForExecution(CreateInquiryForExecution),
    /// Server-source body (caller holds an execution token): `prompt`, `purpose?`,
    /// `response_schema?`, `assigned_to?`, `timeout_seconds?`.
    FromExecutionToken(CreateInquiryWithToken),
}

impl From<CreateInquiryForExecution> for CreateInquiryRequest {
    fn from(v: CreateInquiryForExecution) -> Self {
        CreateInquiryRequest::ForExecution(v)
    }
}

impl From<CreateInquiryWithToken> for CreateInquiryRequest {
    fn from(v: CreateInquiryWithToken) -> Self {
        CreateInquiryRequest::FromExecutionToken(v)
    }
}

/// An inquiry (`InquiryResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Inquiry {
    /// Numeric id.
    pub id: i64,
    /// Execution that asked.
    pub execution: i64,
    /// Question shown to the responder.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub prompt: String,
    /// Schema the response must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_schema: Option<serde_json::Value>,
    /// Identity the inquiry is assigned to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    /// Status.
    pub status: InquiryStatus,
    /// The response, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<serde_json::Value>,
    /// Expiry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_at: Option<DateTime<Utc>>,
    /// Response time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded_at: Option<DateTime<Utc>>,
    /// Purpose (server-source inquiries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Creating execution (server-source inquiries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_execution: Option<i64>,
    /// Workflow execution (server-source inquiries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_execution: Option<i64>,
    /// Workflow task (server-source inquiries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_task_name: Option<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
}

/// An inquiry in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InquirySummary {
    /// Numeric id.
    pub id: i64,
    /// Execution that asked.
    pub execution: i64,
    /// Question.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub prompt: String,
    /// Assignee identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    /// Status.
    pub status: InquiryStatus,
    /// Whether a response exists.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub has_response: bool,
    /// Expiry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
}

/// Body of `PUT /api/v1/inquiries/{id}`; `response` is always sent (`null` = keep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateInquiryRequest {
    /// New response (`None` = keep).
    #[serde(default)]
    pub response: Option<serde_json::Value>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InquiryStatus>,
    /// New assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
}

setters!(UpdateInquiryRequest {
    /// Set `status`.
    with_status(status: InquiryStatus),
    /// Set `assigned_to`.
    with_assigned_to(assigned_to: i64),
});

/// Query of `GET /api/v1/inquiries` (`offset`/`limit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListInquiriesParams {
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InquiryStatus>,
    /// Execution id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<i64>,
    /// Assignee identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size (1..500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

setters!(ListInquiriesParams {
    /// Set `status`.
    with_status(status: InquiryStatus),
    /// Set `execution`.
    with_execution(execution: i64),
    /// Set `assigned_to`.
    with_assigned_to(assigned_to: i64),
    /// Set `offset`.
    with_offset(offset: u32),
    /// Set `limit`.
    with_limit(limit: u32),
});
