//! History (`/api/v1/history`, `/api/v1/executions/{id}/history`), traces and retention config.

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{HistoryParams, HistoryRecord, RetentionConfig, TraceReport};
use crate::{AttuneClient, Page, Result};

/// Handle for entity history, trace reports and the retention configuration.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl History<'_> {
    /// `GET /api/v1/history/{entity_type}` (entity_id, entity_ref, operation, changed_field,
    /// since, until, page, page_size).
    pub async fn list(
        &self,
        entity_type: &str,
        params: &HistoryParams,
    ) -> Result<Page<HistoryRecord>> {
        let req = Req::get(
            "history.list",
            format!("/api/v1/history/{}", seg(entity_type)),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/executions/{id}/history`.
    pub async fn execution(&self, id: i64, params: &HistoryParams) -> Result<Page<HistoryRecord>> {
        let req = Req::get(
            "history.execution",
            format!("/api/v1/executions/{id}/history"),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/workers/{id}/history`.
    pub async fn worker(&self, id: i64, params: &HistoryParams) -> Result<Page<HistoryRecord>> {
        self.client.workers().history(id, params).await
    }

    /// `GET /api/v1/traces/{trace_tag}`.
    pub async fn trace(&self, trace_tag: &str) -> Result<TraceReport> {
        self.client
            .call(Req::get(
                "traces.get",
                format!("/api/v1/traces/{}", seg(trace_tag)),
            ))
            .await
    }

    /// `GET /api/v1/retention-config`.
    pub async fn retention_config(&self) -> Result<RetentionConfig> {
        self.client
            .call(Req::get("retention.get", "/api/v1/retention-config"))
            .await
    }

    /// `PUT /api/v1/retention-config`.
    pub async fn update_retention_config(&self, body: &RetentionConfig) -> Result<RetentionConfig> {
        let req = Req::put("retention.update", "/api/v1/retention-config").json(body)?;
        self.client.call(req).await
    }
}
