//! `/api/v1/executions`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    ExecuteRequest, Execution, ExecutionStats, ExecutionStatus, ExecutionSummary,
    ListExecutionsParams, PageParams, RescheduleResult,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for executions.
#[derive(Debug, Clone, Copy)]
pub struct Executions<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Executions<'_> {
    /// `POST /api/v1/executions/execute` (201). Accepts the bare and the `data`-wrapped body.
    /// Never retried automatically (not idempotent).
    pub async fn execute(&self, req: &ExecuteRequest) -> Result<Execution> {
        self.client
            .call(Req::post("executions.execute", "/api/v1/executions/execute").json(req)?)
            .await
    }

    /// `GET /api/v1/executions/{id}`.
    pub async fn get(&self, id: i64) -> Result<Execution> {
        self.client
            .call(Req::get(
                "executions.get",
                format!("/api/v1/executions/{id}"),
            ))
            .await
    }

    /// `GET /api/v1/executions` with filters (page, per_page).
    pub async fn list(&self, params: &ListExecutionsParams) -> Result<Page<ExecutionSummary>> {
        let req = Req::get("executions.list", "/api/v1/executions").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// Every execution matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListExecutionsParams,
    ) -> impl Stream<Item = Result<ExecutionSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.executions().list(&p).await }
        })
    }

    /// `POST /api/v1/executions/{id}/cancel` (no body).
    pub async fn cancel(&self, id: i64) -> Result<Execution> {
        self.client
            .call(Req::post(
                "executions.cancel",
                format!("/api/v1/executions/{id}/cancel"),
            ))
            .await
    }

    /// `POST /api/v1/executions/{id}/reschedule` (only from `requested`).
    pub async fn reschedule(&self, id: i64) -> Result<RescheduleResult> {
        self.client
            .call(Req::post(
                "executions.reschedule",
                format!("/api/v1/executions/{id}/reschedule"),
            ))
            .await
    }

    /// `GET /api/v1/executions/stats`.
    pub async fn stats(&self) -> Result<ExecutionStats> {
        self.client
            .call(Req::get("executions.stats", "/api/v1/executions/stats"))
            .await
    }

    /// `GET /api/v1/executions/status/{status}` (page, page_size).
    pub async fn by_status(
        &self,
        status: &ExecutionStatus,
        params: &PageParams,
    ) -> Result<Page<ExecutionSummary>> {
        let req = Req::get(
            "executions.by_status",
            format!("/api/v1/executions/status/{}", seg(status.as_str())),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Executions of one enforcement (`GET /api/v1/enforcements/{id}/executions`).
    pub async fn by_enforcement(
        &self,
        enforcement_id: i64,
        params: &PageParams,
    ) -> Result<Page<ExecutionSummary>> {
        self.client
            .enforcements()
            .executions(enforcement_id, params)
            .await
    }
}
