//! `/api/v1/keys` (key/value store; values may be secrets and are never logged).

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{CreateKeyRequest, Key, KeySummary, ListKeysParams, UpdateKeyRequest};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for keys.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/keys/{}", seg(r))
}

impl Keys<'_> {
    /// `POST /api/v1/keys` (201).
    pub async fn create(&self, req: &CreateKeyRequest) -> Result<Key> {
        self.client
            .call(Req::post("keys.create", "/api/v1/keys").json(req)?)
            .await
    }

    /// `GET /api/v1/keys` (page, per_page).
    pub async fn list(&self, params: &ListKeysParams) -> Result<Page<KeySummary>> {
        let req = Req::get("keys.list", "/api/v1/keys").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// Every key matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListKeysParams,
    ) -> impl Stream<Item = Result<KeySummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.keys().list(&p).await }
        })
    }

    /// `GET /api/v1/keys/{ref}` (canonical ref such as `system.token`, or a bare system local ref).
    pub async fn get(&self, key_ref: &str) -> Result<Key> {
        self.client.call(Req::get("keys.get", path(key_ref))).await
    }

    /// `PUT /api/v1/keys/{ref}`.
    pub async fn update(&self, key_ref: &str, req: &UpdateKeyRequest) -> Result<Key> {
        self.client
            .call(Req::put("keys.update", path(key_ref)).json(req)?)
            .await
    }

    /// `DELETE /api/v1/keys/{ref}`.
    pub async fn delete(&self, key_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("keys.delete", path(key_ref)))
            .await
    }
}
