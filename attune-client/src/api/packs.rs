//! `/api/v1/packs`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{CreatePackRequest, ListPacksParams, Pack, PackSummary, UpdatePackRequest};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for packs.
#[derive(Debug, Clone, Copy)]
pub struct Packs<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Packs<'_> {
    /// `POST /api/v1/packs` (201).
    pub async fn create(&self, req: &CreatePackRequest) -> Result<Pack> {
        self.client
            .call(Req::post("packs.create", "/api/v1/packs").json(req)?)
            .await
    }

    /// `GET /api/v1/packs` (page, page_size, q).
    pub async fn list(&self, params: &ListPacksParams) -> Result<Page<PackSummary>> {
        let req = Req::get("packs.list", "/api/v1/packs").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every pack matching `params`, fetched lazily page by page.
    pub fn stream(
        &self,
        params: ListPacksParams,
    ) -> impl Stream<Item = Result<PackSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.packs().list(&p).await }
        })
    }

    /// `GET /api/v1/packs/{ref}`.
    pub async fn get(&self, pack_ref: &str) -> Result<Pack> {
        self.client
            .call(Req::get(
                "packs.get",
                format!("/api/v1/packs/{}", seg(pack_ref)),
            ))
            .await
    }

    /// `PUT /api/v1/packs/{ref}`.
    pub async fn update(&self, pack_ref: &str, req: &UpdatePackRequest) -> Result<Pack> {
        self.client
            .call(Req::put("packs.update", format!("/api/v1/packs/{}", seg(pack_ref))).json(req)?)
            .await
    }

    /// `DELETE /api/v1/packs/{ref}`.
    pub async fn delete(&self, pack_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "packs.delete",
                format!("/api/v1/packs/{}", seg(pack_ref)),
            ))
            .await
    }
}
