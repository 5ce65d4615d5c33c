//! `/api/v1/cache/namespaces` (cache namespaces, generations, chunks and entry lookups).
//!
//! Every call names the namespace's owner ([`CacheOwner`]): in the query for reads and
//! deletes, in the body for writes and lookups, as attune-sdk 0.5.4 sends it.

use crate::client::{seg, Req};
use crate::models::{
    CacheCursor, CacheGeneration, CacheGenerationList, CacheMultiLookup, CacheMultiLookupRequest,
    CacheNamespace, CacheNamespaceDeletion, CacheNamespaceList, CacheOwner, CachePointLookup,
    CachePointLookupRequest, CacheScanPage, CreateCacheGenerationRequest,
    CreateCacheNamespaceRequest, ListCacheNamespacesParams, PromoteCacheGenerationRequest,
    ScanCacheEntriesParams, SealCacheGenerationRequest, UpdateCacheNamespaceRequest,
    UploadCacheChunkRequest,
};
use crate::{AttuneClient, Result};

/// Handle for cache namespaces.
#[derive(Debug, Clone, Copy)]
pub struct Caches<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn ns(namespace: &str) -> String {
    format!("/api/v1/cache/namespaces/{}", seg(namespace))
}

fn generation(namespace: &str, generation_id: i64) -> String {
    format!("{}/generations/{generation_id}", ns(namespace))
}

impl Caches<'_> {
    /// `GET /api/v1/cache/namespaces` (owner_type, owner_ref, namespace, freshness, limit,
    /// cursor).
    pub async fn list_namespaces(
        &self,
        params: &ListCacheNamespacesParams,
    ) -> Result<CacheNamespaceList> {
        let req = Req::get("caches.list_namespaces", "/api/v1/cache/namespaces").query(params)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces` (201).
    pub async fn create_namespace(
        &self,
        body: &CreateCacheNamespaceRequest,
    ) -> Result<CacheNamespace> {
        let req = Req::post("caches.create_namespace", "/api/v1/cache/namespaces").json(body)?;
        self.client.call(req).await
    }

    /// `GET /api/v1/cache/namespaces/{namespace}` (owner in the query).
    pub async fn get_namespace(
        &self,
        namespace: &str,
        owner: &CacheOwner,
    ) -> Result<CacheNamespace> {
        let mut req = Req::get("caches.show_namespace", ns(namespace));
        req.query = owner.query();
        self.client.call(req).await
    }

    /// `PUT /api/v1/cache/namespaces/{namespace}`.
    pub async fn update_namespace(
        &self,
        namespace: &str,
        body: &UpdateCacheNamespaceRequest,
    ) -> Result<CacheNamespace> {
        let req = Req::put("caches.update_namespace", ns(namespace)).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/cache/namespaces/{namespace}` (owner in the query): tombstones it.
    pub async fn delete_namespace(
        &self,
        namespace: &str,
        owner: &CacheOwner,
    ) -> Result<CacheNamespaceDeletion> {
        let mut req = Req::delete("caches.delete_namespace", ns(namespace));
        req.query = owner.query();
        self.client.call(req).await
    }

    /// `GET /api/v1/cache/namespaces/{namespace}/generations` (owner, limit, cursor).
    pub async fn list_generations(
        &self,
        namespace: &str,
        owner: &CacheOwner,
        page: &CacheCursor,
    ) -> Result<CacheGenerationList> {
        let mut req = Req::get(
            "caches.list_generations",
            format!("{}/generations", ns(namespace)),
        );
        req.query = owner.query();
        let req = req.query(page)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/generations` (200 when `client_refresh_id`
    /// was seen before, 201 when created).
    pub async fn create_generation(
        &self,
        namespace: &str,
        body: &CreateCacheGenerationRequest,
    ) -> Result<CacheGeneration> {
        let req = Req::post(
            "caches.create_generation",
            format!("{}/generations", ns(namespace)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `GET /api/v1/cache/namespaces/{namespace}/generations/{generation_id}` (owner in the
    /// query).
    pub async fn get_generation(
        &self,
        namespace: &str,
        generation_id: i64,
        owner: &CacheOwner,
    ) -> Result<CacheGeneration> {
        let mut req = Req::get(
            "caches.show_generation",
            generation(namespace, generation_id),
        );
        req.query = owner.query();
        self.client.call(req).await
    }

    /// `PUT /api/v1/cache/namespaces/{namespace}/generations/{generation_id}/chunks/{chunk_index}`:
    /// upload one chunk of a staging generation (idempotent per index).
    pub async fn upload_chunk(
        &self,
        namespace: &str,
        generation_id: i64,
        chunk_index: u32,
        body: &UploadCacheChunkRequest,
    ) -> Result<CacheGeneration> {
        let req = Req::put(
            "caches.upload_chunk",
            format!(
                "{}/chunks/{chunk_index}",
                generation(namespace, generation_id)
            ),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/generations/{generation_id}/seal`.
    pub async fn seal_generation(
        &self,
        namespace: &str,
        generation_id: i64,
        body: &SealCacheGenerationRequest,
    ) -> Result<CacheGeneration> {
        let req = Req::post(
            "caches.seal_generation",
            format!("{}/seal", generation(namespace, generation_id)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/generations/{generation_id}/promote`.
    pub async fn promote_generation(
        &self,
        namespace: &str,
        generation_id: i64,
        body: &PromoteCacheGenerationRequest,
    ) -> Result<CacheGeneration> {
        let req = Req::post(
            "caches.promote_generation",
            format!("{}/promote", generation(namespace, generation_id)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/generations/{generation_id}/abandon`
    /// (body: the owner).
    pub async fn abandon_generation(
        &self,
        namespace: &str,
        generation_id: i64,
        owner: &CacheOwner,
    ) -> Result<CacheGeneration> {
        let req = Req::post(
            "caches.abandon_generation",
            format!("{}/abandon", generation(namespace, generation_id)),
        )
        .json(owner)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/entries/lookup`.
    pub async fn lookup(
        &self,
        namespace: &str,
        body: &CachePointLookupRequest,
    ) -> Result<CachePointLookup> {
        let req = Req::post(
            "caches.lookup_entry",
            format!("{}/entries/lookup", ns(namespace)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/cache/namespaces/{namespace}/entries/lookup-many`.
    pub async fn lookup_many(
        &self,
        namespace: &str,
        body: &CacheMultiLookupRequest,
    ) -> Result<CacheMultiLookup> {
        let req = Req::post(
            "caches.lookup_entries",
            format!("{}/entries/lookup-many", ns(namespace)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `GET /api/v1/cache/namespaces/{namespace}/entries` (owner, limit, require_fresh,
    /// generation, cursor): one page of entries.
    pub async fn scan(
        &self,
        namespace: &str,
        owner: &CacheOwner,
        params: &ScanCacheEntriesParams,
    ) -> Result<CacheScanPage> {
        let mut req = Req::get("caches.scan_entries", format!("{}/entries", ns(namespace)));
        req.query = owner.query();
        let req = req.query(params)?;
        self.client.call(req).await
    }
}
