//! `/api/v1/analytics/*` and `/api/v1/dashboards`.

use crate::client::{seg, Req};
use crate::models::{AnalyticsParams, AnalyticsReport, Dashboard, DashboardJson};
use crate::{AttuneClient, Result};

/// Handle for analytics reports and dashboards.
#[derive(Debug, Clone, Copy)]
pub struct Analytics<'a> {
    pub(crate) client: &'a AttuneClient,
}

macro_rules! report {
    ($fn:ident, $op:literal, $path:literal) => {
        #[doc = concat!("`GET ", $path, "` (since, until, hours).")]
        pub async fn $fn(&self, params: &AnalyticsParams) -> Result<AnalyticsReport> {
            let req = Req::get($op, $path).query(params)?;
            self.client.call(req).await
        }
    };
}

fn dp(r: &str) -> String {
    format!("/api/v1/dashboards/{}", seg(r))
}

impl Analytics<'_> {
    report!(
        dashboard,
        "analytics.dashboard",
        "/api/v1/analytics/dashboard"
    );
    report!(
        enforcement_volume,
        "analytics.enforcement_volume",
        "/api/v1/analytics/enforcements/volume"
    );
    report!(
        event_volume,
        "analytics.event_volume",
        "/api/v1/analytics/events/volume"
    );
    report!(
        execution_status,
        "analytics.execution_status",
        "/api/v1/analytics/executions/status"
    );
    report!(
        execution_throughput,
        "analytics.execution_throughput",
        "/api/v1/analytics/executions/throughput"
    );
    report!(
        failure_rate,
        "analytics.failure_rate",
        "/api/v1/analytics/executions/failure-rate"
    );
    report!(
        worker_status,
        "analytics.worker_status",
        "/api/v1/analytics/workers/status"
    );

    /// `GET /api/v1/dashboards`.
    pub async fn list_dashboards(&self) -> Result<Vec<Dashboard>> {
        self.client
            .call(Req::get("dashboards.list", "/api/v1/dashboards"))
            .await
    }

    /// `GET /api/v1/dashboards/source-catalog`.
    pub async fn dashboard_source_catalog(&self) -> Result<DashboardJson> {
        self.client
            .call(Req::get(
                "dashboards.source_catalog",
                "/api/v1/dashboards/source-catalog",
            ))
            .await
    }

    /// `GET /api/v1/dashboards/{ref}`.
    pub async fn get_dashboard(&self, r: &str) -> Result<Dashboard> {
        self.client.call(Req::get("dashboards.get", dp(r))).await
    }

    /// `POST /api/v1/dashboards`.
    pub async fn create_dashboard(&self, body: &DashboardJson) -> Result<Dashboard> {
        let req = Req::post("dashboards.create", "/api/v1/dashboards").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/dashboards/{ref}`.
    pub async fn update_dashboard(&self, r: &str, body: &DashboardJson) -> Result<Dashboard> {
        let req = Req::put("dashboards.update", dp(r)).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/dashboards/{ref}`.
    pub async fn delete_dashboard(&self, r: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("dashboards.delete", dp(r)))
            .await
    }

    /// `POST /api/v1/dashboards/{ref}/clone`.
    pub async fn clone_dashboard(&self, r: &str, body: &DashboardJson) -> Result<Dashboard> {
        let req = Req::post("dashboards.clone", format!("{}/clone", dp(r))).json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/dashboards/{ref}/data`.
    pub async fn dashboard_data(&self, r: &str, body: &DashboardJson) -> Result<DashboardJson> {
        let req = Req::post("dashboards.data", format!("{}/data", dp(r))).json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/dashboards/preview`.
    pub async fn preview_dashboard(&self, body: &DashboardJson) -> Result<DashboardJson> {
        let req = Req::post("dashboards.preview", "/api/v1/dashboards/preview").json(body)?;
        self.client.call(req).await
    }
}
