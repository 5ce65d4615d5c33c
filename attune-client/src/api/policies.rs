//! `/api/v1/policies`.

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreatePolicyRequest, ListPoliciesParams, PageParams, Policy, UpdatePolicyRequest,
};
use crate::{AttuneClient, Page, Result};

/// Handle for execution policies.
#[derive(Debug, Clone, Copy)]
pub struct Policies<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/policies/{}", seg(r))
}

impl Policies<'_> {
    /// `GET /api/v1/policies` (page, page_size, pack_ref, action_ref, scope, enabled, tag).
    pub async fn list(&self, params: &ListPoliciesParams) -> Result<Page<Policy>> {
        let req = Req::get("policies.list", "/api/v1/policies").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/actions/{action_ref}/policies`.
    pub async fn list_by_action(
        &self,
        action_ref: &str,
        params: &PageParams,
    ) -> Result<Page<Policy>> {
        let req = Req::get(
            "policies.list_by_action",
            format!("/api/v1/actions/{}/policies", seg(action_ref)),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/packs/{pack_ref}/policies`.
    pub async fn list_by_pack(&self, pack_ref: &str, params: &PageParams) -> Result<Page<Policy>> {
        let req = Req::get(
            "policies.list_by_pack",
            format!("/api/v1/packs/{}/policies", seg(pack_ref)),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/policies/{ref}`.
    pub async fn get(&self, policy_ref: &str) -> Result<Policy> {
        self.client
            .call(Req::get("policies.get", path(policy_ref)))
            .await
    }

    /// `POST /api/v1/policies`.
    pub async fn create(&self, body: &CreatePolicyRequest) -> Result<Policy> {
        let req = Req::post("policies.create", "/api/v1/policies").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/policies/{ref}`.
    pub async fn update(&self, policy_ref: &str, body: &UpdatePolicyRequest) -> Result<Policy> {
        let req = Req::put("policies.update", path(policy_ref)).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/policies/{ref}`.
    pub async fn delete(&self, policy_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("policies.delete", path(policy_ref)))
            .await
    }
}
