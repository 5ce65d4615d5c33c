//! Models of the internal file-transfer routes (`/api/v1/internal/*`), which workers, sensors
//! and executions use when they do not share the server's artifact volume.

use serde::{Deserialize, Serialize};

/// Options of `PUT /api/v1/internal/files/{file_path}`.
///
/// With both `size` and `sha256` the server streams the body straight into durable storage
/// for a pending artifact version and checks both; otherwise it writes it to its volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FileUploadOptions {
    /// `Content-Type` of the body (default `application/octet-stream`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Exact length of the body, sent as `Content-Length`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Lower-case hex SHA-256 of the body, sent as `x-attune-sha256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

setters!(FileUploadOptions {
    /// Set the content type.
    with_content_type(content_type: into String),
    /// Set the exact body length.
    with_size(size: u64),
    /// Set the hex SHA-256 of the body.
    with_sha256(sha256: into String),
});

/// What `HEAD /api/v1/internal/files/{file_path}` tells about a stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FileInfo {
    /// `Content-Length` (bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// `Content-Type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// A byte range of a download (`Range: bytes=start-end`, `end` inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// Last byte (inclusive); `None` reads to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
}

impl ByteRange {
    /// Bytes `start..` to the end.
    pub fn from(start: u64) -> Self {
        ByteRange { start, end: None }
    }

    /// Bytes `start..=end`.
    pub fn inclusive(start: u64, end: u64) -> Self {
        ByteRange {
            start,
            end: Some(end),
        }
    }

    pub(crate) fn header(&self) -> String {
        match self.end {
            Some(e) => format!("bytes={}-{e}", self.start),
            None => format!("bytes={}-", self.start),
        }
    }
}
