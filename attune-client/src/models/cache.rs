//! Cache namespace, generation and entry models (`/api/v1/cache/namespaces`, attune-sdk 0.5.4).
//!
//! A namespace belongs to an owner (`owner_type` + `owner_ref`). Its content is replaced in
//! generations: create a staging generation, upload numbered chunks of entries, seal it, then
//! promote it to active (or abandon it). Lookups and scans read the active generation unless
//! one is named.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_as_default, string_enum, OwnerType};

string_enum! {
    /// Lifecycle state of a cache generation (`CacheGenerationState`).
    CacheGenerationState {
        /// Being filled with chunks.
        Staging => "staging",
        /// Sealed: complete, waiting for promotion.
        Ready => "ready",
        /// Served by lookups and scans.
        Active => "active",
        /// Replaced by a newer generation.
        Retired => "retired",
        /// Abandoned or failed.
        Failed => "failed",
    }
}

impl Default for CacheGenerationState {
    fn default() -> Self {
        CacheGenerationState::Unknown(String::new())
    }
}

string_enum! {
    /// Freshness filter of `GET /api/v1/cache/namespaces` (`CacheNamespaceFreshness`).
    CacheNamespaceFreshness {
        /// Refreshed within its freshness target.
        Fresh => "fresh",
        /// Older than its freshness target.
        Stale => "stale",
        /// Never populated.
        Unpopulated => "unpopulated",
    }
}

/// A cache namespace (`CacheNamespaceResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheNamespace {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Namespace name (unique per owner).
    #[serde(default)]
    pub namespace: String,
    /// Owner kind.
    #[serde(default)]
    pub owner_type: OwnerType,
    /// Owner ref (`None` for system namespaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_ref: Option<String>,
    /// Canonical owner string.
    #[serde(default)]
    pub owner: String,
    /// Id of the active generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_generation: Option<i64>,
    /// Whether no generation was ever promoted.
    #[serde(default)]
    pub cache_not_populated: bool,
    /// Whether the active generation is older than the freshness target.
    #[serde(default)]
    pub stale: bool,
    /// Whether the namespace is deleted (cleanup pending).
    #[serde(default)]
    pub tombstoned: bool,
    /// Whether a pack manages it.
    #[serde(default)]
    pub managed: bool,
    /// The managing pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managing_pack_ref: Option<String>,
    /// Freshness target in seconds.
    #[serde(default)]
    pub freshness_target_seconds: i64,
    /// Size limit of one generation.
    #[serde(default)]
    pub max_generation_bytes: i64,
    /// Record limit of one generation.
    #[serde(default)]
    pub max_records_per_generation: i64,
    /// Size limit of all retained generations.
    #[serde(default)]
    pub max_retained_bytes: i64,
    /// How many generations are retained.
    #[serde(default)]
    pub max_retained_generations: i64,
    /// How many staging generations may exist at once.
    #[serde(default)]
    pub max_staging_generations: i64,
    /// Records in the active generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_count: Option<i64>,
    /// Bytes in the active generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<i64>,
    /// Source revision of the active generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_revision: Option<String>,
    /// When a generation was last promoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_refreshed_at: Option<DateTime<Utc>>,
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

/// One page of namespaces (`CacheNamespaceListResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheNamespaceList {
    /// The namespaces.
    #[serde(default, deserialize_with = "null_as_default")]
    pub namespaces: Vec<CacheNamespace>,
    /// Cursor of the next page (`None` on the last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Answer of deleting a namespace (`CacheNamespaceDeletionResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheNamespaceDeletion {
    /// Namespace id.
    #[serde(default)]
    pub id: i64,
    /// Namespace name.
    #[serde(default)]
    pub namespace: String,
    /// Status text (`tombstoned`, ...).
    #[serde(default)]
    pub status: String,
    /// Whether it is tombstoned.
    #[serde(default)]
    pub tombstoned: bool,
    /// Whether the stored data is still being removed.
    #[serde(default)]
    pub cleanup_pending: bool,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A cache generation (`CacheGenerationResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheGeneration {
    /// Generation id.
    #[serde(default)]
    pub generation_id: i64,
    /// Namespace id.
    #[serde(default)]
    pub namespace_id: i64,
    /// State.
    #[serde(default)]
    pub status: CacheGenerationState,
    /// Idempotency key given at creation.
    #[serde(default)]
    pub client_refresh_id: String,
    /// Active generation the creator expected (optimistic concurrency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_active_generation_id: Option<i64>,
    /// Chunks announced.
    #[serde(default)]
    pub expected_chunk_count: i64,
    /// Records announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_record_count: Option<i64>,
    /// Bytes announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_size_bytes: Option<i64>,
    /// Records stored.
    #[serde(default)]
    pub record_count: i64,
    /// Bytes stored.
    #[serde(default)]
    pub size_bytes: i64,
    /// Checksum of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// Checksum algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
    /// Source revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_revision: Option<String>,
    /// Creating identity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<i64>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// When it was sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<DateTime<Utc>>,
    /// When it was promoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated: Option<DateTime<Utc>>,
    /// When it was retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<DateTime<Utc>>,
    /// When it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<DateTime<Utc>>,
    /// Until when a retired generation stays readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readable_until: Option<DateTime<Utc>>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of generations (`CacheGenerationListResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheGenerationList {
    /// The generations.
    #[serde(default, deserialize_with = "null_as_default")]
    pub generations: Vec<CacheGeneration>,
    /// Cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A stored entry (`CacheEntryResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheEntry {
    /// The caller's key of the entry.
    #[serde(default)]
    pub external_id: String,
    /// The stored JSON value.
    #[serde(default)]
    pub value: Value,
    /// Size of the value.
    #[serde(default)]
    pub size_bytes: i64,
    /// Checksum the source gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_checksum: Option<String>,
    /// When the source last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_updated_at: Option<DateTime<Utc>>,
}

/// Answer of a point lookup (`CachePointLookupResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CachePointLookup {
    /// Generation read.
    #[serde(default)]
    pub generation_id: i64,
    /// The entry (`None` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<CacheEntry>,
    /// Whether the generation is stale.
    #[serde(default)]
    pub stale: bool,
}

/// Answer of a multi-lookup (`CacheMultiLookupResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheMultiLookup {
    /// Generation read.
    #[serde(default)]
    pub generation_id: i64,
    /// Entries found.
    #[serde(default, deserialize_with = "null_as_default")]
    pub items: Vec<CacheEntry>,
    /// Keys not found.
    #[serde(default, deserialize_with = "null_as_default")]
    pub missing_external_ids: Vec<String>,
    /// Whether the generation is stale.
    #[serde(default)]
    pub stale: bool,
}

/// One page of a scan (`CacheScanPageResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheScanPage {
    /// Generation read.
    #[serde(default)]
    pub generation_id: i64,
    /// Entries of this page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub items: Vec<CacheEntry>,
    /// Cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// When the cursor stops being valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_expires_at: Option<DateTime<Utc>>,
    /// Records in the generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_count: Option<i64>,
    /// Whether the generation is stale.
    #[serde(default)]
    pub stale: bool,
}

/// Who owns a namespace: the selector every cache call carries (`CacheOwnerBody`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CacheOwner {
    /// Owner kind.
    pub owner_type: OwnerType,
    /// Owner ref (pack, action, sensor ref or identity login; `None` for system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_ref: Option<String>,
}

impl CacheOwner {
    /// A system-owned namespace.
    pub fn system() -> Self {
        CacheOwner {
            owner_type: OwnerType::System,
            owner_ref: None,
        }
    }

    /// A namespace owned by `owner_type` `owner_ref` (e.g. `OwnerType::Pack`, `"mypack"`).
    pub fn new(owner_type: OwnerType, owner_ref: impl Into<String>) -> Self {
        CacheOwner {
            owner_type,
            owner_ref: Some(owner_ref.into()),
        }
    }

    /// A namespace owned by a pack.
    pub fn pack(pack_ref: impl Into<String>) -> Self {
        Self::new(OwnerType::Pack, pack_ref)
    }

    pub(crate) fn query(&self) -> Vec<(String, String)> {
        let mut q = vec![("owner_type".to_string(), self.owner_type.to_string())];
        if let Some(r) = &self.owner_ref {
            q.push(("owner_ref".to_string(), r.clone()));
        }
        q
    }
}

/// Query of `GET /api/v1/cache/namespaces`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListCacheNamespacesParams {
    /// Owner-kind filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_type: Option<OwnerType>,
    /// Owner-ref filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_ref: Option<String>,
    /// Namespace-name filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Freshness filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness: Option<CacheNamespaceFreshness>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

setters!(ListCacheNamespacesParams {
    /// Filter by owner kind.
    with_owner_type(owner_type: OwnerType),
    /// Filter by owner ref.
    with_owner_ref(owner_ref: into String),
    /// Filter by namespace name.
    with_namespace(namespace: into String),
    /// Filter by freshness.
    with_freshness(freshness: CacheNamespaceFreshness),
    /// Page size.
    with_limit(limit: u32),
    /// Continue after this cursor.
    with_cursor(cursor: into String),
});

/// Cursor paging of generation lists (`limit`, `cursor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CacheCursor {
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

setters!(CacheCursor {
    /// Page size.
    with_limit(limit: u32),
    /// Continue after this cursor.
    with_cursor(cursor: into String),
});

/// Query of `GET /api/v1/cache/namespaces/{namespace}/entries` (besides the owner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ScanCacheEntriesParams {
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Fail instead of reading a stale generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_fresh: Option<bool>,
    /// Read this generation instead of the active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

setters!(ScanCacheEntriesParams {
    /// Page size.
    with_limit(limit: u32),
    /// Refuse stale data.
    with_require_fresh(require_fresh: bool),
    /// Read this generation.
    with_generation(generation: i64),
    /// Continue after this cursor.
    with_cursor(cursor: into String),
});

/// Limits of a namespace, shared by create and update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CacheNamespaceLimits {
    /// Freshness target in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness_target_seconds: Option<i64>,
    /// Size limit of one generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_generation_bytes: Option<i64>,
    /// Record limit of one generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records_per_generation: Option<i64>,
    /// Size limit of all retained generations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retained_bytes: Option<i64>,
    /// Generations retained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retained_generations: Option<i64>,
    /// Staging generations allowed at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_staging_generations: Option<i64>,
}

setters!(CacheNamespaceLimits {
    /// Set `freshness_target_seconds`.
    with_freshness_target_seconds(freshness_target_seconds: i64),
    /// Set `max_generation_bytes`.
    with_max_generation_bytes(max_generation_bytes: i64),
    /// Set `max_records_per_generation`.
    with_max_records_per_generation(max_records_per_generation: i64),
    /// Set `max_retained_bytes`.
    with_max_retained_bytes(max_retained_bytes: i64),
    /// Set `max_retained_generations`.
    with_max_retained_generations(max_retained_generations: i64),
    /// Set `max_staging_generations`.
    with_max_staging_generations(max_staging_generations: i64),
});

/// Body of `POST /api/v1/cache/namespaces` (`CreateCacheNamespaceRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateCacheNamespaceRequest {
    /// Namespace name.
    pub namespace: String,
    /// Owner.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Limits (server defaults where unset).
    #[serde(flatten)]
    pub limits: CacheNamespaceLimits,
}

impl CreateCacheNamespaceRequest {
    /// A namespace `namespace` owned by `owner`, with the server's default limits.
    pub fn new(namespace: impl Into<String>, owner: CacheOwner) -> Self {
        CreateCacheNamespaceRequest {
            namespace: namespace.into(),
            owner,
            limits: CacheNamespaceLimits::default(),
        }
    }
}

setters!(CreateCacheNamespaceRequest {
    /// Set the limits.
    with_limits(limits: = CacheNamespaceLimits),
});

/// Body of `PUT /api/v1/cache/namespaces/{namespace}` (`UpdateCacheNamespaceRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UpdateCacheNamespaceRequest {
    /// Owner of the namespace to update.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Limits to change (unset ones are kept).
    #[serde(flatten)]
    pub limits: CacheNamespaceLimits,
}

impl UpdateCacheNamespaceRequest {
    /// Change `limits` of the namespace owned by `owner`.
    pub fn new(owner: CacheOwner, limits: CacheNamespaceLimits) -> Self {
        UpdateCacheNamespaceRequest { owner, limits }
    }
}

/// Body of `POST .../generations` (`CreateCacheGenerationRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CreateCacheGenerationRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Idempotency key: creating twice with the same key returns the same generation.
    pub client_refresh_id: String,
    /// The active generation the caller builds on (`None` when there is none); always sent.
    pub expected_active_generation_id: Option<i64>,
    /// Chunks that will be uploaded.
    pub expected_chunk_count: i64,
    /// Records that will be uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_record_count: Option<i64>,
    /// Bytes that will be uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_size_bytes: Option<i64>,
    /// Revision of the source data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_revision: Option<String>,
}

impl CreateCacheGenerationRequest {
    /// A generation of `expected_chunk_count` chunks replacing `expected_active_generation_id`.
    pub fn new(
        owner: CacheOwner,
        client_refresh_id: impl Into<String>,
        expected_active_generation_id: Option<i64>,
        expected_chunk_count: i64,
    ) -> Self {
        CreateCacheGenerationRequest {
            owner,
            client_refresh_id: client_refresh_id.into(),
            expected_active_generation_id,
            expected_chunk_count,
            ..Default::default()
        }
    }
}

setters!(CreateCacheGenerationRequest {
    /// Set `expected_record_count`.
    with_expected_record_count(expected_record_count: i64),
    /// Set `expected_size_bytes`.
    with_expected_size_bytes(expected_size_bytes: i64),
    /// Set `source_revision`.
    with_source_revision(source_revision: into String),
});

/// One entry of a chunk (`CacheEntryUpload`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheEntryUpload {
    /// The caller's key.
    pub external_id: String,
    /// The JSON value.
    pub value: Value,
    /// Checksum of the source record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_checksum: Option<String>,
    /// When the source record last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_updated_at: Option<DateTime<Utc>>,
}

impl CacheEntryUpload {
    /// Entry `external_id` = `value`.
    pub fn new(external_id: impl Into<String>, value: Value) -> Self {
        CacheEntryUpload {
            external_id: external_id.into(),
            value,
            ..Default::default()
        }
    }
}

setters!(CacheEntryUpload {
    /// Set `source_checksum`.
    with_source_checksum(source_checksum: into String),
    /// Set `source_updated_at`.
    with_source_updated_at(source_updated_at: DateTime<Utc>),
});

/// Body of `PUT .../chunks/{chunk_index}` (`UploadCacheChunkRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UploadCacheChunkRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Entries of this chunk.
    pub entries: Vec<CacheEntryUpload>,
}

impl UploadCacheChunkRequest {
    /// A chunk of `entries`.
    pub fn new(owner: CacheOwner, entries: Vec<CacheEntryUpload>) -> Self {
        UploadCacheChunkRequest { owner, entries }
    }
}

/// Body of `POST .../seal` (`SealCacheGenerationRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SealCacheGenerationRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Chunks uploaded (checked by the server).
    pub expected_chunk_count: i64,
    /// Records uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_record_count: Option<i64>,
    /// Bytes uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_size_bytes: Option<i64>,
}

impl SealCacheGenerationRequest {
    /// Seal after `expected_chunk_count` chunks.
    pub fn new(owner: CacheOwner, expected_chunk_count: i64) -> Self {
        SealCacheGenerationRequest {
            owner,
            expected_chunk_count,
            ..Default::default()
        }
    }
}

setters!(SealCacheGenerationRequest {
    /// Set `expected_record_count`.
    with_expected_record_count(expected_record_count: i64),
    /// Set `expected_size_bytes`.
    with_expected_size_bytes(expected_size_bytes: i64),
});

/// Body of `POST .../promote` (`PromoteCacheGenerationRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PromoteCacheGenerationRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// The generation expected to be active now (`None` when none); always sent.
    pub expected_active_generation_id: Option<i64>,
}

impl PromoteCacheGenerationRequest {
    /// Promote, expecting `expected_active_generation_id` to be the active one.
    pub fn new(owner: CacheOwner, expected_active_generation_id: Option<i64>) -> Self {
        PromoteCacheGenerationRequest {
            owner,
            expected_active_generation_id,
        }
    }
}

/// Body of `POST .../entries/lookup` (`CachePointLookupRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CachePointLookupRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Key to look up.
    pub external_id: String,
    /// Read this generation instead of the active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_id: Option<i64>,
    /// Refuse stale data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_fresh: Option<bool>,
}

impl CachePointLookupRequest {
    /// Look up `external_id`.
    pub fn new(owner: CacheOwner, external_id: impl Into<String>) -> Self {
        CachePointLookupRequest {
            owner,
            external_id: external_id.into(),
            ..Default::default()
        }
    }
}

setters!(CachePointLookupRequest {
    /// Read this generation.
    with_generation_id(generation_id: i64),
    /// Refuse stale data.
    with_require_fresh(require_fresh: bool),
});

/// Body of `POST .../entries/lookup-many` (`CacheMultiLookupRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CacheMultiLookupRequest {
    /// Owner of the namespace.
    #[serde(flatten)]
    pub owner: CacheOwner,
    /// Keys to look up.
    pub external_ids: Vec<String>,
    /// Read this generation instead of the active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_id: Option<i64>,
    /// Refuse stale data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_fresh: Option<bool>,
}

impl CacheMultiLookupRequest {
    /// Look up `external_ids`.
    pub fn new<I, S>(owner: CacheOwner, external_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        CacheMultiLookupRequest {
            owner,
            external_ids: external_ids.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

setters!(CacheMultiLookupRequest {
    /// Read this generation.
    with_generation_id(generation_id: i64),
    /// Refuse stale data.
    with_require_fresh(require_fresh: bool),
});
