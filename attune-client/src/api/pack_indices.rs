//! `/api/v1/pack-indices` (pack registry indices and the packs they list).

use crate::client::{seg, Req};
use crate::models::{
    BrowseIndexedPacksParams, CreatePackIndexRequest, IndexedPack, PackIndex, SuccessResponse,
    UpdatePackIndexRequest,
};
use crate::{AttuneClient, Result};

/// Handle for pack registry indices.
#[derive(Debug, Clone, Copy)]
pub struct PackIndices<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl PackIndices<'_> {
    /// `GET /api/v1/pack-indices`.
    pub async fn list(&self) -> Result<Vec<PackIndex>> {
        self.client
            .call(Req::get("pack_indices.list", "/api/v1/pack-indices"))
            .await
    }

    /// `POST /api/v1/pack-indices` (201).
    pub async fn create(&self, body: &CreatePackIndexRequest) -> Result<PackIndex> {
        let req = Req::post("pack_indices.create", "/api/v1/pack-indices").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/pack-indices/{id}`.
    pub async fn update(&self, id: i64, body: &UpdatePackIndexRequest) -> Result<PackIndex> {
        let req =
            Req::put("pack_indices.update", format!("/api/v1/pack-indices/{id}")).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/pack-indices/{id}`.
    pub async fn delete(&self, id: i64) -> Result<SuccessResponse> {
        self.client
            .call(Req::delete(
                "pack_indices.delete",
                format!("/api/v1/pack-indices/{id}"),
            ))
            .await
    }

    /// `GET /api/v1/pack-indices/packs` (q, registry_id, include_disabled): packs offered by the
    /// indices.
    pub async fn browse(&self, params: &BrowseIndexedPacksParams) -> Result<Vec<IndexedPack>> {
        let req = Req::get("pack_indices.browse", "/api/v1/pack-indices/packs").query(params)?;
        self.client.call(req).await
    }

    /// `GET /api/v1/pack-indices/packs/{ref}`: the first index entry for a pack.
    pub async fn get_pack(&self, pack_ref: &str) -> Result<IndexedPack> {
        self.client
            .call(Req::get(
                "pack_indices.get_pack",
                format!("/api/v1/pack-indices/packs/{}", seg(pack_ref)),
            ))
            .await
    }
}
