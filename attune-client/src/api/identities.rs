//! `/api/v1/identities`.

use super::{page_no, page_sz};
use crate::api::permissions::list_body;
use crate::client::Req;
use crate::models::{
    CreateIdentityRequest, Identity, IdentityRoleAssignment, IdentitySummary, PageParams,
    PermissionAssignment, RoleRequest, UpdateIdentityRequest,
};
use crate::{AttuneClient, Page, Result};

/// Handle for identities.
#[derive(Debug, Clone, Copy)]
pub struct Identities<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Identities<'_> {
    /// `GET /api/v1/identities` (page, page_size).
    pub async fn list(&self, params: &PageParams) -> Result<Page<IdentitySummary>> {
        let req = Req::get("identities.list", "/api/v1/identities").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/identities/{id}`.
    pub async fn get(&self, id: i64) -> Result<Identity> {
        self.client
            .call(Req::get(
                "identities.get",
                format!("/api/v1/identities/{id}"),
            ))
            .await
    }

    /// `POST /api/v1/identities` (201).
    pub async fn create(&self, req: &CreateIdentityRequest) -> Result<Identity> {
        self.client
            .call(Req::post("identities.create", "/api/v1/identities").json(req)?)
            .await
    }

    /// `PUT /api/v1/identities/{id}`.
    pub async fn update(&self, id: i64, req: &UpdateIdentityRequest) -> Result<Identity> {
        self.client
            .call(Req::put("identities.update", format!("/api/v1/identities/{id}")).json(req)?)
            .await
    }

    /// `DELETE /api/v1/identities/{id}`.
    pub async fn delete(&self, id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "identities.delete",
                format!("/api/v1/identities/{id}"),
            ))
            .await
    }

    /// `POST /api/v1/identities/{id}/roles` with `{"role": role}` (201).
    pub async fn assign_role(
        &self,
        identity_id: i64,
        role: &str,
    ) -> Result<IdentityRoleAssignment> {
        self.client
            .call(
                Req::post(
                    "identities.assign_role",
                    format!("/api/v1/identities/{identity_id}/roles"),
                )
                .json(&RoleRequest::new(role))?,
            )
            .await
    }

    /// `DELETE /api/v1/identities/roles/{id}`.
    pub async fn delete_role(&self, assignment_id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "identities.delete_role",
                format!("/api/v1/identities/roles/{assignment_id}"),
            ))
            .await
    }

    /// `GET /api/v1/identities/{id}/permissions` (bare array).
    pub async fn permissions(&self, identity_id: i64) -> Result<Vec<PermissionAssignment>> {
        list_body(
            self.client,
            Req::get(
                "identities.permissions",
                format!("/api/v1/identities/{identity_id}/permissions"),
            ),
        )
        .await
    }
}
