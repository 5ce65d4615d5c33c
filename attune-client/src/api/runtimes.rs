//! `/api/v1/runtimes`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{ListRuntimesParams, PageParams, Runtime, RuntimeSummary};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for runtimes.
#[derive(Debug, Clone, Copy)]
pub struct Runtimes<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Runtimes<'_> {
    /// `GET /api/v1/runtimes` (page, page_size, q).
    pub async fn list(&self, params: &ListRuntimesParams) -> Result<Page<RuntimeSummary>> {
        let req = Req::get("runtimes.list", "/api/v1/runtimes").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/packs/{pack_ref}/runtimes`.
    pub async fn list_by_pack(
        &self,
        pack_ref: &str,
        params: &PageParams,
    ) -> Result<Page<RuntimeSummary>> {
        let req = Req::get(
            "runtimes.list_by_pack",
            format!("/api/v1/packs/{}/runtimes", seg(pack_ref)),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every runtime, fetched lazily.
    pub fn stream(
        &self,
        params: ListRuntimesParams,
    ) -> impl Stream<Item = Result<RuntimeSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.runtimes().list(&p).await }
        })
    }

    /// `GET /api/v1/runtimes/{ref}`.
    pub async fn get(&self, runtime_ref: &str) -> Result<Runtime> {
        self.client
            .call(Req::get(
                "runtimes.get",
                format!("/api/v1/runtimes/{}", seg(runtime_ref)),
            ))
            .await
    }
}
