//! Health-check models.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /health` / `GET /health/detailed` body (`HealthResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HealthStatus {
    /// `ok` when healthy.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub status: String,
    /// Server version (detailed check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Database state (detailed check), e.g. `connected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Error description (unhealthy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
