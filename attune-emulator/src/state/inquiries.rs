//! Inquiries (human-in-the-loop questions).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{now, schema, Store};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// Inquiry status (`pending` | `responded` | `timeout` | `cancelled`).
pub const STATUSES: [&str; 4] = ["pending", "responded", "timeout", "cancelled"];

/// An inquiry.
#[derive(Debug, Clone)]
pub struct Inquiry {
    /// Id.
    pub id: i64,
    /// Execution the inquiry belongs to.
    pub execution: i64,
    /// Purpose (server-source create body).
    pub purpose: Option<String>,
    /// Prompt.
    pub prompt: String,
    /// Flat response schema (nullable).
    pub response_schema: Value,
    /// Assignee identity.
    pub assigned_to: Option<i64>,
    /// Status.
    pub status: String,
    /// Response (nullable).
    pub response: Value,
    /// Timeout.
    pub timeout_at: Option<DateTime<Utc>>,
    /// Responded at.
    pub responded_at: Option<DateTime<Utc>>,
    /// Identity that responded.
    pub responded_by: Option<i64>,
    /// Creating execution (execution-token create).
    pub created_by_execution: Option<i64>,
    /// Workflow execution.
    pub workflow_execution: Option<i64>,
    /// Workflow task name.
    pub workflow_task_name: Option<String>,
    /// Creator identity.
    pub created_by: Option<i64>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

/// Fields of a new inquiry.
#[derive(Debug, Clone, Default)]
pub struct NewInquiry {
    /// Execution.
    pub execution: i64,
    /// Purpose.
    pub purpose: Option<String>,
    /// Prompt.
    pub prompt: String,
    /// Response schema.
    pub response_schema: Value,
    /// Assignee.
    pub assigned_to: Option<i64>,
    /// Timeout.
    pub timeout_at: Option<DateTime<Utc>>,
    /// Creating execution.
    pub created_by_execution: Option<i64>,
    /// Workflow execution.
    pub workflow_execution: Option<i64>,
    /// Workflow task name.
    pub workflow_task_name: Option<String>,
    /// Creator identity.
    pub created_by: Option<i64>,
}

/// Stores a new pending inquiry.
pub fn create(store: &mut Store, n: NewInquiry) -> i64 {
    let t = now();
    let id = store.inquiries.insert_with(|id| Inquiry {
        id,
        execution: n.execution,
        purpose: n.purpose,
        prompt: n.prompt,
        response_schema: n.response_schema,
        assigned_to: n.assigned_to,
        status: "pending".into(),
        response: Value::Null,
        timeout_at: n.timeout_at,
        responded_at: None,
        responded_by: None,
        created_by_execution: n.created_by_execution,
        workflow_execution: n.workflow_execution,
        workflow_task_name: n.workflow_task_name,
        created_by: n.created_by,
        created: t,
        updated: t,
    });
    crate::notify::inquiry(store, id);
    id
}

/// Marks pending inquiries whose `timeout_at` passed as `timeout`.
pub fn expire_due(store: &mut Store) {
    let t = now();
    let mut expired = Vec::new();
    for i in store.inquiries.iter_mut() {
        if i.status == "pending" && i.timeout_at.is_some_and(|d| d <= t) {
            i.status = "timeout".into();
            i.updated = t;
            expired.push(i.id);
        }
    }
    for id in expired {
        crate::notify::inquiry(store, id);
    }
}

/// Records a response: 409 unless pending, 422 when it violates the response schema,
/// 403 when assigned to someone else.
pub fn respond(store: &mut Store, p: &Principal, id: i64, response: Value) -> ApiResult<()> {
    expire_due(store);
    let inq = store
        .inquiries
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("Inquiry with ID {id} not found")))?;
    if inq.status != "pending" {
        return Err(ApiError::conflict(format!(
            "Inquiry {id} is not pending (status '{}') and cannot be responded to",
            inq.status
        )));
    }
    if let Some(a) = inq.assigned_to {
        if a != p.identity_id {
            return Err(ApiError::forbidden(
                "Inquiry is assigned to another identity",
            ));
        }
    }
    if p.execution_id.is_some() && p.execution_id == inq.created_by_execution {
        return Err(ApiError::forbidden(
            "An execution cannot respond to an inquiry it created",
        ));
    }
    let Some(obj) = response.as_object() else {
        return Err(ApiError::validation("response must be a JSON object"));
    };
    let errs = schema::validate(&inq.response_schema, obj, false);
    if !errs.is_empty() {
        return Err(ApiError::validation(format!(
            "Response does not match the inquiry response schema: {}",
            errs.join("; ")
        )));
    }
    let t = now();
    inq.response = response;
    inq.status = "responded".into();
    inq.responded_at = Some(t);
    inq.responded_by = Some(p.identity_id);
    inq.updated = t;
    crate::notify::inquiry(store, id);
    Ok(())
}

impl Inquiry {
    /// `InquiryResponse` (plus the server-source workflow fields).
    pub fn response(&self) -> Value {
        json!({
            "id": self.id, "execution": self.execution, "purpose": self.purpose,
            "prompt": self.prompt, "response_schema": self.response_schema,
            "assigned_to": self.assigned_to, "status": self.status, "response": self.response,
            "timeout_at": self.timeout_at, "responded_at": self.responded_at,
            "created_by_execution": self.created_by_execution,
            "workflow_execution": self.workflow_execution,
            "workflow_task_name": self.workflow_task_name,
            "created": self.created, "updated": self.updated,
        })
    }

    /// Fields of the workflow context view `inquiry.<task>` (besides `id`
    /// and `status`).
    pub fn context_view(&self) -> Value {
        json!({
            "response": self.response, "assigned_to": self.assigned_to,
            "responded_by": self.responded_by, "responded_at": self.responded_at,
            "timeout_at": self.timeout_at,
        })
    }

    /// `InquirySummary`.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "execution": self.execution, "prompt": self.prompt,
            "assigned_to": self.assigned_to, "status": self.status,
            "has_response": !self.response.is_null(), "timeout_at": self.timeout_at,
            "created": self.created,
        })
    }

    /// Global `inquiries:read`, the assignee, the creator, or whoever can see the execution.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        p.can_global("inquiries", "read")
            || self.assigned_to == Some(p.identity_id)
            || self.created_by == Some(p.identity_id)
            || store
                .executions
                .get(self.execution)
                .is_some_and(|e| e.visible_to(store, p))
    }
}
