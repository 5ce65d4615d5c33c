//! `/api/v1/audit-events` and `/api/v1/agent`.

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{AgentBinaryInfo, AuditEvent, ListAuditEventsParams};
use crate::{AttuneClient, Page, Result};

/// Handle for audit events and agent information.
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Audit<'_> {
    /// `GET /api/v1/audit-events` (category, event_type, outcome, actor_*, resource_*,
    /// request_id, http_*, created_after/before, include_total, page, per_page).
    pub async fn list(&self, params: &ListAuditEventsParams) -> Result<Page<AuditEvent>> {
        let req = Req::get("audit.list", "/api/v1/audit-events").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// `GET /api/v1/audit-events/{id}`.
    pub async fn get(&self, id: i64) -> Result<AuditEvent> {
        self.client
            .call(Req::get("audit.get", format!("/api/v1/audit-events/{id}")))
            .await
    }

    /// `GET /api/v1/audit-events/by-request/{request_id}`.
    pub async fn by_request(&self, request_id: &str) -> Result<Vec<AuditEvent>> {
        self.client
            .call(Req::get(
                "audit.by_request",
                format!("/api/v1/audit-events/by-request/{}", seg(request_id)),
            ))
            .await
    }

    /// `GET /api/v1/agent/info`.
    pub async fn agent_info(&self) -> Result<AgentBinaryInfo> {
        self.client
            .call(Req::get("agent.info", "/api/v1/agent/info"))
            .await
    }
}
