//! `/api/v1/actions`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    Action, ActionSearchHit, ActionSummary, CreateActionRequest, ListActionsParams,
    SearchActionsParams, UpdateActionRequest,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for actions.
#[derive(Debug, Clone, Copy)]
pub struct Actions<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Actions<'_> {
    /// `POST /api/v1/actions` (201).
    pub async fn create(&self, req: &CreateActionRequest) -> Result<Action> {
        self.client
            .call(Req::post("actions.create", "/api/v1/actions").json(req)?)
            .await
    }

    /// `GET /api/v1/actions`.
    pub async fn list(&self, params: &ListActionsParams) -> Result<Page<ActionSummary>> {
        let req = Req::get("actions.list", "/api/v1/actions").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/packs/{pack_ref}/actions` (page, page_size, q of `params`).
    pub async fn list_by_pack(
        &self,
        pack_ref: &str,
        params: &ListActionsParams,
    ) -> Result<Page<ActionSummary>> {
        let mut req = Req::get(
            "actions.list_by_pack",
            format!("/api/v1/packs/{}/actions", seg(pack_ref)),
        );
        if let Some(p) = params.page {
            req = req.param("page", p);
        }
        if let Some(s) = params.page_size {
            req = req.param("page_size", s);
        }
        if let Some(q) = &params.q {
            req = req.param("q", q);
        }
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/actions/search`.
    pub async fn search(&self, params: &SearchActionsParams) -> Result<Page<ActionSearchHit>> {
        let req = Req::get("actions.search", "/api/v1/actions/search").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every action matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListActionsParams,
    ) -> impl Stream<Item = Result<ActionSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.actions().list(&p).await }
        })
    }

    /// `GET /api/v1/actions/{ref}`.
    pub async fn get(&self, action_ref: &str) -> Result<Action> {
        self.client
            .call(Req::get(
                "actions.get",
                format!("/api/v1/actions/{}", seg(action_ref)),
            ))
            .await
    }

    /// `PUT /api/v1/actions/{ref}`.
    pub async fn update(&self, action_ref: &str, req: &UpdateActionRequest) -> Result<Action> {
        self.client
            .call(
                Req::put(
                    "actions.update",
                    format!("/api/v1/actions/{}", seg(action_ref)),
                )
                .json(req)?,
            )
            .await
    }

    /// `DELETE /api/v1/actions/{ref}`.
    pub async fn delete(&self, action_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "actions.delete",
                format!("/api/v1/actions/{}", seg(action_ref)),
            ))
            .await
    }
}
