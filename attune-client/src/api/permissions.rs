//! Permission sets, role bindings and assignments (`/api/v1/permissions/*`).

use serde::Deserialize;

use crate::client::{decode_exact, Req};
use crate::models::{
    CreatePermissionAssignment, ListPermissionSetsParams, PermissionAssignment, PermissionSet,
    PermissionSetRoleBinding, RoleRequest,
};
use crate::{AttuneClient, Result};

/// Handle for permissions.
#[derive(Debug, Clone, Copy)]
pub struct Permissions<'a> {
    pub(crate) client: &'a AttuneClient,
}

/// A bare JSON array, or one wrapped in `{"data": [...]}` / `{"items": [...]}`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum ListBody<T> {
    Bare(Vec<T>),
    Data { data: Vec<T> },
    Items { items: Vec<T> },
}

impl<T> ListBody<T> {
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            ListBody::Bare(v) | ListBody::Data { data: v } | ListBody::Items { items: v } => v,
        }
    }
}

pub(crate) async fn list_body<T: serde::de::DeserializeOwned>(
    client: &AttuneClient,
    req: Req,
) -> Result<Vec<T>> {
    let op = req.operation;
    let body = client.execute(req).await?;
    // Decode strictly first for a precise error, then fall back to the enveloped shapes.
    match decode_exact::<Vec<T>>(op, &body) {
        Ok(v) => Ok(v),
        Err(first) => match serde_json::from_slice::<ListBody<T>>(&body) {
            Ok(lb) => Ok(lb.into_vec()),
            Err(_) => Err(first),
        },
    }
}

impl Permissions<'_> {
    /// `GET /api/v1/permissions/sets` (a bare array; `data`-wrapped also accepted).
    pub async fn list_sets(&self) -> Result<Vec<PermissionSet>> {
        self.list_sets_filtered(&ListPermissionSetsParams::default())
            .await
    }

    /// `GET /api/v1/permissions/sets?pack_ref=..`.
    pub async fn list_sets_filtered(
        &self,
        params: &ListPermissionSetsParams,
    ) -> Result<Vec<PermissionSet>> {
        let req = Req::get("permissions.list_sets", "/api/v1/permissions/sets").query(params)?;
        list_body(self.client, req).await
    }

    /// Find a permission set by ref (client-side lookup over [`Permissions::list_sets`]).
    pub async fn find_set(&self, set_ref: &str) -> Result<Option<PermissionSet>> {
        Ok(self
            .list_sets()
            .await?
            .into_iter()
            .find(|s| s.r#ref == set_ref))
    }

    /// `POST /api/v1/permissions/assignments` (201).
    pub async fn create_assignment(
        &self,
        req: &CreatePermissionAssignment,
    ) -> Result<PermissionAssignment> {
        self.client
            .call(
                Req::post(
                    "permissions.create_assignment",
                    "/api/v1/permissions/assignments",
                )
                .json(req)?,
            )
            .await
    }

    /// `DELETE /api/v1/permissions/assignments/{id}`.
    pub async fn delete_assignment(&self, id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "permissions.delete_assignment",
                format!("/api/v1/permissions/assignments/{id}"),
            ))
            .await
    }

    /// `POST /api/v1/permissions/sets/{set_id}/roles` with `{"role": role}` (201).
    pub async fn bind_role_to_set(
        &self,
        set_id: i64,
        role: &str,
    ) -> Result<PermissionSetRoleBinding> {
        self.client
            .call(
                Req::post(
                    "permissions.bind_role_to_set",
                    format!("/api/v1/permissions/sets/{set_id}/roles"),
                )
                .json(&RoleRequest::new(role))?,
            )
            .await
    }

    /// `DELETE /api/v1/permissions/sets/roles/{id}`.
    pub async fn delete_set_role(&self, binding_id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "permissions.delete_set_role",
                format!("/api/v1/permissions/sets/roles/{binding_id}"),
            ))
            .await
    }
}
