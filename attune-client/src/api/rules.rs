//! `/api/v1/rules`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreateRuleRequest, ListRulesParams, PageParams, Rule, RuleSummary, UpdateRuleRequest,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for rules.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/rules/{}", seg(r))
}

impl Rules<'_> {
    /// `POST /api/v1/rules` (201).
    pub async fn create(&self, req: &CreateRuleRequest) -> Result<Rule> {
        self.client
            .call(Req::post("rules.create", "/api/v1/rules").json(req)?)
            .await
    }

    /// `GET /api/v1/rules` with filters.
    pub async fn list(&self, params: &ListRulesParams) -> Result<Page<RuleSummary>> {
        let req = Req::get("rules.list", "/api/v1/rules").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/rules/enabled`.
    pub async fn list_enabled(&self, params: &PageParams) -> Result<Page<RuleSummary>> {
        let req = Req::get("rules.list_enabled", "/api/v1/rules/enabled").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every rule matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListRulesParams,
    ) -> impl Stream<Item = Result<RuleSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.rules().list(&p).await }
        })
    }

    /// `GET /api/v1/rules/{ref}`.
    pub async fn get(&self, rule_ref: &str) -> Result<Rule> {
        self.client
            .call(Req::get("rules.get", path(rule_ref)))
            .await
    }

    /// `PUT /api/v1/rules/{ref}`.
    pub async fn update(&self, rule_ref: &str, req: &UpdateRuleRequest) -> Result<Rule> {
        self.client
            .call(Req::put("rules.update", path(rule_ref)).json(req)?)
            .await
    }

    /// `DELETE /api/v1/rules/{ref}`.
    pub async fn delete(&self, rule_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("rules.delete", path(rule_ref)))
            .await
    }

    /// `POST /api/v1/rules/{ref}/enable`.
    pub async fn enable(&self, rule_ref: &str) -> Result<Rule> {
        self.client
            .call(Req::post(
                "rules.enable",
                format!("{}/enable", path(rule_ref)),
            ))
            .await
    }

    /// `POST /api/v1/rules/{ref}/disable`.
    pub async fn disable(&self, rule_ref: &str) -> Result<Rule> {
        self.client
            .call(Req::post(
                "rules.disable",
                format!("{}/disable", path(rule_ref)),
            ))
            .await
    }
}
