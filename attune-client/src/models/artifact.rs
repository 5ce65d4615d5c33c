//! Artifact and artifact-version models (`/api/v1/artifacts`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An artifact (`ArtifactResponse` / `ArtifactSummary`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Artifact {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference.
    pub r#ref: String,
    /// Owner scope (`system`, `pack`, `action`, `sensor`, `rule`, `identity`, ...).
    #[serde(default)]
    pub scope: String,
    /// Owner reference.
    #[serde(default)]
    pub owner: String,
    /// Artifact type (`file_text`, `file_binary`, `progress`, `url`, ...).
    #[serde(default, rename = "type")]
    pub artifact_type: String,
    /// Visibility (`public`, `private`).
    #[serde(default)]
    pub visibility: String,
    /// Classification.
    #[serde(default)]
    pub classification: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Size of the latest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<i64>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last update timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// Fields this SDK does not model (data, retention, execution, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An artifact version (`ArtifactVersionResponse` / summary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArtifactVersion {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Id of the artifact.
    #[serde(default)]
    pub artifact: i64,
    /// Version number (1-based).
    #[serde(default)]
    pub version: i64,
    /// Content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<i64>,
    /// Creation timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Fields this SDK does not model (content, meta, file_path, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of `GET /api/v1/artifacts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListArtifactsParams {
    /// Owner-scope filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Owner filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Type filter.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// Visibility filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Classification filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// Execution filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<i64>,
    /// Name filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

setters!(ListArtifactsParams {
    /// Set `scope`.
    with_scope(scope: into String),
    /// Set `owner`.
    with_owner(owner: into String),
    /// Set `type`.
    with_type(artifact_type: into String),
    /// Set `visibility`.
    with_visibility(visibility: into String),
    /// Set `classification`.
    with_classification(classification: into String),
    /// Set `execution`.
    with_execution(execution: i64),
    /// Set `name`.
    with_name(name: into String),
    /// Set `page`.
    with_page(page: u32),
    /// Set `per_page`.
    with_per_page(per_page: u32),
});

/// Body of `POST /api/v1/artifacts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateArtifactRequest {
    /// Canonical reference.
    pub r#ref: String,
    /// Owner scope.
    pub scope: String,
    /// Owner reference.
    pub owner: String,
    /// Artifact type.
    #[serde(rename = "type")]
    pub artifact_type: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Inline data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Retention policy (`versions`, `days`, `hours`, `minutes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_policy: Option<String>,
    /// Retention limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_limit: Option<i64>,
}

impl CreateArtifactRequest {
    /// An artifact with ref, owner scope, owner and type.
    pub fn new(
        r#ref: impl Into<String>,
        scope: impl Into<String>,
        owner: impl Into<String>,
        artifact_type: impl Into<String>,
    ) -> Self {
        Self {
            r#ref: r#ref.into(),
            scope: scope.into(),
            owner: owner.into(),
            artifact_type: artifact_type.into(),
            ..Default::default()
        }
    }
}

setters!(CreateArtifactRequest {
    /// Set `name`.
    with_name(name: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `content_type`.
    with_content_type(content_type: into String),
    /// Set `visibility`.
    with_visibility(visibility: into String),
    /// Set `data`.
    with_data(data: Value),
    /// Set `retention_policy`.
    with_retention_policy(retention_policy: into String),
    /// Set `retention_limit`.
    with_retention_limit(retention_limit: i64),
});

/// JSON bodies of the other artifact writes (`UpdateArtifactRequest`, `SetDataRequest`,
/// `AppendProgressRequest`, `CreateVersionJsonRequest`, `CreateFileVersionRequest`,
/// `AllocateFileVersionByRefRequest`) and free-form results.
pub type ArtifactJson = Map<String, Value>;

/// Metadata of a multipart version upload (`ArtifactVersionUploadForm`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UploadVersionForm {
    /// File name sent with the `file` part.
    pub file_name: String,
    /// `content_type` form field (also the part's MIME type).
    pub content_type: Option<String>,
    /// `created_by` form field.
    pub created_by: Option<String>,
    /// `meta` form field (JSON text).
    pub meta: Option<String>,
}
