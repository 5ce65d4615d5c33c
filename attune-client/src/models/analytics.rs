//! Analytics and dashboard models.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Query of the `/api/v1/analytics/*` endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AnalyticsParams {
    /// Lower time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Upper time bound (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Look-back window in hours (when `since` is absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
}

setters!(AnalyticsParams {
    /// Set `since`.
    with_since(since: into String),
    /// Set `until`.
    with_until(until: into String),
    /// Set `hours`.
    with_hours(hours: u32),
});

/// An analytics report: free-form JSON per the 0.5.4 `*AnalyticsResponse` schemas.
pub type AnalyticsReport = Map<String, Value>;

/// A dashboard (`DashboardMetadataResponse` / `DashboardListItemResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dashboard {
    /// Canonical reference.
    #[serde(default)]
    pub r#ref: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fields this SDK does not model (definition, owner, timestamps, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// JSON bodies of the dashboard writes and data queries (`CreateDashboardRequest`,
/// `UpdateDashboardRequest`, `CloneDashboardRequest`, `DashboardDataRequest`,
/// `PreviewDashboardRequest`) and their free-form results.
pub type DashboardJson = Map<String, Value>;
