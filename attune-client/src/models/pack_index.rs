//! Pack registry index models (`/api/v1/pack-indices`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::null_as_default;

/// A configured pack registry index (`PackRegistryIndex` in the list/create/update answers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackIndex {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Index URL.
    #[serde(default)]
    pub url: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Search order (lower first).
    #[serde(default)]
    pub position: i64,
    /// Whether the index is searched.
    #[serde(default)]
    pub enabled: bool,
    /// Extra HTTP headers sent to the index (values may be redacted by the server).
    #[serde(default, deserialize_with = "null_as_default")]
    pub headers: Map<String, Value>,
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

/// The index a listed pack came from (`PackRegistryIndexSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackIndexSummary {
    /// Index id (`None` for indices from the server configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Index URL.
    #[serde(default)]
    pub url: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Search order.
    #[serde(default)]
    pub position: i64,
}

/// A pack as an index lists it (`PackIndexEntry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndexedPackEntry {
    /// Pack ref.
    #[serde(default, rename = "ref")]
    pub r#ref: String,
    /// Label.
    #[serde(default)]
    pub label: String,
    /// Version.
    #[serde(default)]
    pub version: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Author.
    #[serde(default)]
    pub author: String,
    /// Licence (`license` on the wire).
    #[serde(default)]
    pub license: String,
    /// Keywords.
    #[serde(default, deserialize_with = "null_as_default")]
    pub keywords: Vec<String>,
    /// Runtimes the pack needs.
    #[serde(default, deserialize_with = "null_as_default")]
    pub runtime_deps: Vec<String>,
    /// Where to install it from (`git` or `archive` sources: `type`, `url`, `ref`, `checksum`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub install_sources: Vec<Value>,
    /// Component lists (`actions`, `rules`, `sensors`, `triggers`, `workflows`).
    #[serde(default)]
    pub contents: Value,
    /// Dependencies (`packs`, `python_version`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Value>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Source repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Use case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_case: Option<String>,
    /// Index metadata (`downloads`, `stars`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A pack found in an index, with the index it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndexedPack {
    /// The pack.
    #[serde(default)]
    pub pack: IndexedPackEntry,
    /// Its index.
    #[serde(default)]
    pub registry: PackIndexSummary,
}

/// Query of `GET /api/v1/pack-indices/packs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BrowseIndexedPacksParams {
    /// Search text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only this index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<i64>,
    /// Also search disabled indices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_disabled: Option<bool>,
}

setters!(BrowseIndexedPacksParams {
    /// Search text.
    with_q(q: into String),
    /// Only this index.
    with_registry_id(registry_id: i64),
    /// Also search disabled indices.
    with_include_disabled(include_disabled: bool),
});

/// Body of `POST /api/v1/pack-indices` (`CreatePackRegistryIndexRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreatePackIndexRequest {
    /// Index URL.
    pub url: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Search order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// Whether it is searched (server default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Extra HTTP headers (e.g. `Authorization`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
}

impl CreatePackIndexRequest {
    /// An index at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        CreatePackIndexRequest {
            url: url.into(),
            ..Default::default()
        }
    }
}

setters!(CreatePackIndexRequest {
    /// Set `name`.
    with_name(name: into String),
    /// Set `position`.
    with_position(position: i64),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `headers`.
    with_headers(headers: Map<String, Value>),
});

/// Body of `PUT /api/v1/pack-indices/{id}` (`UpdatePackRegistryIndexRequest`).
///
/// `headers` is always sent: `None` (`null`) keeps the stored headers, a map replaces them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdatePackIndexRequest {
    /// New URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// Enable or disable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Replacement headers (`null` keeps them).
    #[serde(default)]
    pub headers: Option<Map<String, Value>>,
}

setters!(UpdatePackIndexRequest {
    /// Set `url`.
    with_url(url: into String),
    /// Set `name`.
    with_name(name: into String),
    /// Set `position`.
    with_position(position: i64),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Replace the headers.
    with_headers(headers: Map<String, Value>),
});
