//! `/api/v1/queues` (work queues and their items).

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreateWorkQueueRequest, EnqueueWorkQueueItemRequest, ListQueueItemsParams, ListQueuesParams,
    QueueJson, UpdateWorkQueueRequest, WorkQueue, WorkQueueItem,
};
use crate::{AttuneClient, Page, Result};

/// Handle for work queues and queue items.
#[derive(Debug, Clone, Copy)]
pub struct Queues<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/queues/{}", seg(r))
}

impl Queues<'_> {
    /// `GET /api/v1/queues` (enabled, is_adhoc, search, referencing_pack_ref, page, per_page).
    pub async fn list(&self, params: &ListQueuesParams) -> Result<Page<WorkQueue>> {
        let req = Req::get("queues.list", "/api/v1/queues").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// `GET /api/v1/packs/{pack_ref}/queues`.
    pub async fn list_by_pack(
        &self,
        pack_ref: &str,
        params: &ListQueuesParams,
    ) -> Result<Page<WorkQueue>> {
        let req = Req::get(
            "queues.list_by_pack",
            format!("/api/v1/packs/{}/queues", seg(pack_ref)),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// `GET /api/v1/queues/{ref}`.
    pub async fn get(&self, queue_ref: &str) -> Result<WorkQueue> {
        self.client
            .call(Req::get("queues.get", path(queue_ref)))
            .await
    }

    /// `POST /api/v1/queues`.
    pub async fn create(&self, body: &CreateWorkQueueRequest) -> Result<WorkQueue> {
        let req = Req::post("queues.create", "/api/v1/queues").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/queues/{ref}`.
    pub async fn update(
        &self,
        queue_ref: &str,
        body: &UpdateWorkQueueRequest,
    ) -> Result<WorkQueue> {
        let req = Req::put("queues.update", path(queue_ref)).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/queues/{ref}`.
    pub async fn delete(&self, queue_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("queues.delete", path(queue_ref)))
            .await
    }

    /// `GET /api/v1/queues/{ref}/items` (item_key, enqueue_source, statuses, page, per_page).
    pub async fn list_items(
        &self,
        queue_ref: &str,
        params: &ListQueueItemsParams,
    ) -> Result<Page<WorkQueueItem>> {
        let req =
            Req::get("queues.list_items", format!("{}/items", path(queue_ref))).query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// `POST /api/v1/queues/{ref}/items`.
    pub async fn enqueue(
        &self,
        queue_ref: &str,
        body: &EnqueueWorkQueueItemRequest,
    ) -> Result<WorkQueueItem> {
        let req = Req::post("queues.enqueue", format!("{}/items", path(queue_ref))).json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/queues/{ref}/items/bulk` (`BulkEnqueueWorkQueueItemsRequest`).
    pub async fn bulk_enqueue(&self, queue_ref: &str, body: &QueueJson) -> Result<QueueJson> {
        let req = Req::post(
            "queues.bulk_enqueue",
            format!("{}/items/bulk", path(queue_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/queues/{ref}/items/{item_id}` (`UpdateWorkQueueItemRequest`).
    pub async fn update_item(
        &self,
        queue_ref: &str,
        item_id: i64,
        body: &QueueJson,
    ) -> Result<WorkQueueItem> {
        let req = Req::put(
            "queues.update_item",
            format!("{}/items/{item_id}", path(queue_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/queues/{ref}/items/{item_id}`.
    pub async fn delete_item(&self, queue_ref: &str, item_id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "queues.delete_item",
                format!("{}/items/{item_id}", path(queue_ref)),
            ))
            .await
    }

    /// `POST /api/v1/queues/{ref}/items/query/preview` (`PreviewWorkQueueItemsRequest`).
    pub async fn preview_items(&self, queue_ref: &str, body: &QueueJson) -> Result<QueueJson> {
        let req = Req::post(
            "queues.preview_items",
            format!("{}/items/query/preview", path(queue_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/queues/{ref}/items/query/apply` (`ApplyWorkQueueItemsRequest`).
    pub async fn apply_items(&self, queue_ref: &str, body: &QueueJson) -> Result<QueueJson> {
        let req = Req::post(
            "queues.apply_items",
            format!("{}/items/query/apply", path(queue_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }
}
