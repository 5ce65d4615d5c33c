//! Health endpoints (no auth, no envelope).

use crate::client::Req;
use crate::models::HealthStatus;
use crate::{AttuneClient, Result};

/// Handle for the health endpoints.
#[derive(Debug, Clone, Copy)]
pub struct Health<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Health<'_> {
    /// `GET /health`.
    pub async fn check(&self) -> Result<HealthStatus> {
        self.client
            .call_bare(Req::get("health.check", "/health").no_auth())
            .await
    }

    /// `GET /health/detailed` (`status`, `version`, `database`). A 503 is an [`crate::Error::Api`].
    pub async fn detailed(&self) -> Result<HealthStatus> {
        self.client
            .call_bare(Req::get("health.detailed", "/health/detailed").no_auth())
            .await
    }

    /// `GET /health/ready`: `Ok(())` when ready, [`crate::Error::Api`] (503) otherwise.
    pub async fn ready(&self) -> Result<()> {
        self.client
            .call_unit(Req::get("health.ready", "/health/ready").no_auth())
            .await
    }

    /// `GET /health/live`.
    pub async fn live(&self) -> Result<()> {
        self.client
            .call_unit(Req::get("health.live", "/health/live").no_auth())
            .await
    }
}
