//! Work queue and queue item models (`/api/v1/queues`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A work queue (`WorkQueueResponse` / `WorkQueueSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkQueue {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference.
    pub r#ref: String,
    /// Display label.
    #[serde(default)]
    pub label: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Action that processes items.
    #[serde(default)]
    pub dispatch_action_ref: String,
    /// Whether the queue dispatches.
    #[serde(default)]
    pub enabled: bool,
    /// Whether new items are accepted.
    #[serde(default)]
    pub accepting_new_items: bool,
    /// Ad-hoc (created on the fly) queue.
    #[serde(default)]
    pub is_adhoc: bool,
    /// Reference visibility (`public`, `private`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<String>,
    /// Packs allowed to reference the queue.
    #[serde(default)]
    pub reference_allowed_pack_refs: Vec<String>,
    /// Trace-tag template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag_template: Option<String>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// Fields this SDK does not model (config, item_schema, batch settings, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A queue item (`WorkQueueItemResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkQueueItem {
    /// Numeric id.
    pub id: i64,
    /// Id of the queue.
    #[serde(default)]
    pub queue: i64,
    /// Ref of the queue.
    #[serde(default)]
    pub queue_ref: String,
    /// Status (`pending`, `leased`, `completed`, `failed`, ...).
    #[serde(default)]
    pub status: String,
    /// Deduplication key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_key: Option<String>,
    /// Payload.
    #[serde(default)]
    pub payload: Value,
    /// Metadata.
    #[serde(default)]
    pub metadata: Value,
    /// Priority.
    #[serde(default)]
    pub priority: i64,
    /// Attempts so far.
    #[serde(default)]
    pub attempt_count: i64,
    /// How it was enqueued (`api`, `rule`, ...).
    #[serde(default)]
    pub enqueue_source: String,
    /// Last error (may be null).
    #[serde(default)]
    pub last_error: Value,
    /// Execution holding the lease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leased_execution: Option<i64>,
    /// Lease expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_expires_at: Option<DateTime<Utc>>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of `GET /api/v1/queues` (note: the page size is `per_page` here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListQueuesParams {
    /// Enabled filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Ad-hoc filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_adhoc: Option<bool>,
    /// Keyword search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only queues this pack may reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referencing_pack_ref: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListQueuesParams {
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `is_adhoc`.
    with_is_adhoc(is_adhoc: bool),
    /// Set `search`.
    with_search(search: into String),
    /// Set `referencing_pack_ref`.
    with_referencing_pack_ref(referencing_pack_ref: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});

/// Query of `GET /api/v1/queues/{ref}/items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListQueueItemsParams {
    /// Item-key filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_key: Option<String>,
    /// Enqueue-source filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enqueue_source: Option<String>,
    /// Comma-separated statuses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListQueueItemsParams {
    /// Set `item_key`.
    with_item_key(item_key: into String),
    /// Set `enqueue_source`.
    with_enqueue_source(enqueue_source: into String),
    /// Set `statuses` (comma-separated).
    with_statuses(statuses: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});

/// Body of `POST /api/v1/queues`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateWorkQueueRequest {
    /// Canonical reference.
    pub r#ref: String,
    /// Display label.
    pub label: String,
    /// Action that processes items.
    pub dispatch_action_ref: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Default priority of new items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_priority: Option<i64>,
    /// Fixed action parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_params: Option<Value>,
    /// Queue config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// JSON schema of item payloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_schema: Option<Value>,
    /// Further fields of `CreateWorkQueueRequest` (batch_mode, reference_visibility, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateWorkQueueRequest {
    /// A queue with a ref, a label and its dispatch action.
    pub fn new(
        r#ref: impl Into<String>,
        label: impl Into<String>,
        dispatch_action_ref: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            label: label.into(),
            dispatch_action_ref: dispatch_action_ref.into(),
            ..Default::default()
        }
    }
}

setters!(CreateWorkQueueRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `default_priority`.
    with_default_priority(default_priority: i64),
    /// Set `action_params`.
    with_action_params(action_params: Value),
    /// Set `config`.
    with_config(config: Value),
    /// Set `item_schema`.
    with_item_schema(item_schema: Value),
});

/// Body of `PUT /api/v1/queues/{ref}` (a JSON object of the fields to change, per
/// `UpdateWorkQueueRequest`).
pub type UpdateWorkQueueRequest = Map<String, Value>;

/// Body of `POST /api/v1/queues/{ref}/items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EnqueueWorkQueueItemRequest {
    /// Payload.
    pub payload: Value,
    /// Deduplication key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_key: Option<String>,
    /// Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Trace tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_tag: Option<String>,
}

impl EnqueueWorkQueueItemRequest {
    /// An item with this payload.
    pub fn new(payload: Value) -> Self {
        Self {
            payload,
            ..Default::default()
        }
    }
}

setters!(EnqueueWorkQueueItemRequest {
    /// Set `item_key`.
    with_item_key(item_key: into String),
    /// Set `metadata`.
    with_metadata(metadata: Value),
    /// Set `priority`.
    with_priority(priority: i64),
    /// Set `trace_tag`.
    with_trace_tag(trace_tag: into String),
});

/// Bodies of the bulk, selector-preview/apply and item-update operations, and their results:
/// JSON objects per the 0.5.4 schemas (`BulkEnqueueWorkQueueItemsRequest`,
/// `PreviewWorkQueueItemsRequest`, `ApplyWorkQueueItemsRequest`, `UpdateWorkQueueItemRequest`).
pub type QueueJson = Map<String, Value>;
