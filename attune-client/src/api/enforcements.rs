//! `/api/v1/enforcements`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::Req;
use crate::models::{
    Enforcement, EnforcementSummary, ExecutionSummary, ListEnforcementsParams, PageParams,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for enforcements.
#[derive(Debug, Clone, Copy)]
pub struct Enforcements<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Enforcements<'_> {
    /// `GET /api/v1/enforcements` (page, per_page).
    pub async fn list(&self, params: &ListEnforcementsParams) -> Result<Page<EnforcementSummary>> {
        let req = Req::get("enforcements.list", "/api/v1/enforcements").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// Every enforcement matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListEnforcementsParams,
    ) -> impl Stream<Item = Result<EnforcementSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.enforcements().list(&p).await }
        })
    }

    /// `GET /api/v1/enforcements/{id}`.
    pub async fn get(&self, id: i64) -> Result<Enforcement> {
        self.client
            .call(Req::get(
                "enforcements.get",
                format!("/api/v1/enforcements/{id}"),
            ))
            .await
    }

    /// `GET /api/v1/enforcements/{id}/executions` (page, page_size).
    pub async fn executions(
        &self,
        enforcement_id: i64,
        params: &PageParams,
    ) -> Result<Page<ExecutionSummary>> {
        let req = Req::get(
            "enforcements.executions",
            format!("/api/v1/enforcements/{enforcement_id}/executions"),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }
}
