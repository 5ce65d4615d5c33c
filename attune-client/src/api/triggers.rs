//! `/api/v1/triggers` and webhook management.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreateTriggerRequest, ListTriggersParams, Trigger, TriggerSummary, UpdateTriggerRequest,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for triggers (including webhook enable/disable/regenerate).
#[derive(Debug, Clone, Copy)]
pub struct Triggers<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/triggers/{}", seg(r))
}

impl Triggers<'_> {
    /// `POST /api/v1/triggers` (201).
    pub async fn create(&self, req: &CreateTriggerRequest) -> Result<Trigger> {
        self.client
            .call(Req::post("triggers.create", "/api/v1/triggers").json(req)?)
            .await
    }

    /// `GET /api/v1/triggers`.
    pub async fn list(&self, params: &ListTriggersParams) -> Result<Page<TriggerSummary>> {
        let req = Req::get("triggers.list", "/api/v1/triggers").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/triggers/enabled`.
    pub async fn list_enabled(&self, params: &ListTriggersParams) -> Result<Page<TriggerSummary>> {
        let req = Req::get("triggers.list_enabled", "/api/v1/triggers/enabled").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/packs/{pack_ref}/triggers` (page, page_size, q of `params`).
    pub async fn list_by_pack(
        &self,
        pack_ref: &str,
        params: &ListTriggersParams,
    ) -> Result<Page<TriggerSummary>> {
        let mut p = params.clone();
        p.referencing_pack_ref = None;
        let req = Req::get(
            "triggers.list_by_pack",
            format!("/api/v1/packs/{}/triggers", seg(pack_ref)),
        )
        .query(&p)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every trigger matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListTriggersParams,
    ) -> impl Stream<Item = Result<TriggerSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.triggers().list(&p).await }
        })
    }

    /// `GET /api/v1/triggers/{ref}`.
    pub async fn get(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::get("triggers.get", path(trigger_ref)))
            .await
    }

    /// `PUT /api/v1/triggers/{ref}`.
    pub async fn update(&self, trigger_ref: &str, req: &UpdateTriggerRequest) -> Result<Trigger> {
        self.client
            .call(Req::put("triggers.update", path(trigger_ref)).json(req)?)
            .await
    }

    /// `DELETE /api/v1/triggers/{ref}`.
    pub async fn delete(&self, trigger_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("triggers.delete", path(trigger_ref)))
            .await
    }

    /// `POST /api/v1/triggers/{ref}/enable`.
    pub async fn enable(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::post(
                "triggers.enable",
                format!("{}/enable", path(trigger_ref)),
            ))
            .await
    }

    /// `POST /api/v1/triggers/{ref}/disable`.
    pub async fn disable(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::post(
                "triggers.disable",
                format!("{}/disable", path(trigger_ref)),
            ))
            .await
    }

    /// `POST /api/v1/triggers/{ref}/webhooks/enable`: the returned trigger carries `webhook_key`.
    /// Accepts both the bare and the `data`-wrapped body.
    pub async fn enable_webhook(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::post(
                "triggers.enable_webhook",
                format!("{}/webhooks/enable", path(trigger_ref)),
            ))
            .await
    }

    /// `POST /api/v1/triggers/{ref}/webhooks/disable`.
    pub async fn disable_webhook(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::post(
                "triggers.disable_webhook",
                format!("{}/webhooks/disable", path(trigger_ref)),
            ))
            .await
    }

    /// `POST /api/v1/triggers/{ref}/webhooks/regenerate`: a new `webhook_key`.
    pub async fn regenerate_webhook(&self, trigger_ref: &str) -> Result<Trigger> {
        self.client
            .call(Req::post(
                "triggers.regenerate_webhook",
                format!("{}/webhooks/regenerate", path(trigger_ref)),
            ))
            .await
    }
}
