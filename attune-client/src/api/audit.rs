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

    /// `GET /api/v1/agent/binary` (arch): the agent executable, streamed.
    pub async fn download_agent_binary(&self, arch: Option<&str>) -> Result<super::ByteStream> {
        let mut req = Req::get("agent.download_binary", "/api/v1/agent/binary");
        if let Some(a) = arch {
            req = req.param("arch", a);
        }
        let resp = self
            .client
            .send_streaming(req, "application/octet-stream", &[], None)
            .await?;
        Ok(super::byte_stream(resp))
    }
}
