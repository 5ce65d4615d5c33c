//! `/api/v1/workers`.

use super::{page_no, page_sz};
use crate::client::Req;
use crate::models::{CordonWorkerRequest, HistoryParams, HistoryRecord, ListWorkersParams, Worker};
use crate::{AttuneClient, Page, Result};

/// Handle for workers.
#[derive(Debug, Clone, Copy)]
pub struct Workers<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Workers<'_> {
    /// `GET /api/v1/workers` (page, page_size, q, role, status, cordoned, health_state).
    pub async fn list(&self, params: &ListWorkersParams) -> Result<Page<Worker>> {
        let req = Req::get("workers.list", "/api/v1/workers").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/workers/{id}`.
    pub async fn get(&self, id: i64) -> Result<Worker> {
        self.client
            .call(Req::get("workers.get", format!("/api/v1/workers/{id}")))
            .await
    }

    /// `POST /api/v1/workers/{id}/cordon`: keep new work off the worker.
    pub async fn cordon(&self, id: i64, body: &CordonWorkerRequest) -> Result<Worker> {
        let req = Req::post("workers.cordon", format!("/api/v1/workers/{id}/cordon")).json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/workers/{id}/uncordon`.
    pub async fn uncordon(&self, id: i64) -> Result<Worker> {
        self.client
            .call(Req::post(
                "workers.uncordon",
                format!("/api/v1/workers/{id}/uncordon"),
            ))
            .await
    }

    /// `GET /api/v1/workers/{id}/history`.
    pub async fn history(&self, id: i64, params: &HistoryParams) -> Result<Page<HistoryRecord>> {
        let req =
            Req::get("workers.history", format!("/api/v1/workers/{id}/history")).query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }
}
