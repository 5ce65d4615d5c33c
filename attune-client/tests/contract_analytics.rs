//! Contract tests for analytics reports and dashboards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_client::models::*;
use common::*;
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn report() -> Value {
    wrap(
        json!({"since": "2026-06-01T00:00:00Z", "until": "2026-06-02T00:00:00Z",
                "buckets": [{"bucket": "2026-06-01T00:00:00Z", "count": 4}], "total": 4}),
    )
}

macro_rules! report_test {
    ($name:ident, $fn:ident, $path:literal) => {
        #[tokio::test]
        async fn $name() {
            let s = Srv::start().await;
            s.mock("GET", $path)
                .query(&[("hours", "24")])
                .respond(200, report())
                .mount()
                .await;
            let r = s
                .client
                .analytics()
                .$fn(&AnalyticsParams::default().with_hours(24))
                .await
                .unwrap();
            assert_eq!(r["total"], 4);
        }
    };
}

report_test!(
    analytics_dashboard,
    dashboard,
    "/api/v1/analytics/dashboard"
);
report_test!(
    analytics_enforcement_volume,
    enforcement_volume,
    "/api/v1/analytics/enforcements/volume"
);
report_test!(
    analytics_event_volume,
    event_volume,
    "/api/v1/analytics/events/volume"
);
report_test!(
    analytics_execution_status,
    execution_status,
    "/api/v1/analytics/executions/status"
);
report_test!(
    analytics_execution_throughput,
    execution_throughput,
    "/api/v1/analytics/executions/throughput"
);
report_test!(
    analytics_failure_rate,
    failure_rate,
    "/api/v1/analytics/executions/failure-rate"
);
report_test!(
    analytics_worker_status,
    worker_status,
    "/api/v1/analytics/workers/status"
);

#[tokio::test]
async fn analytics_since_until_query() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/analytics/events/volume")
        .query(&[
            ("since", "2026-06-01T00:00:00Z"),
            ("until", "2026-06-02T00:00:00Z"),
        ])
        .respond(200, report())
        .mount()
        .await;
    let p = AnalyticsParams::default()
        .with_since("2026-06-01T00:00:00Z")
        .with_until("2026-06-02T00:00:00Z");
    s.client.analytics().event_volume(&p).await.unwrap();
}

fn dash() -> Value {
    json!({"ref": "ops.main", "label": "Main", "definition": {"widgets": []}, "owner": 1})
}

#[tokio::test]
async fn dashboards_list() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/dashboards")
        .respond(200, wrap(json!([dash()])))
        .mount()
        .await;
    let v = s.client.analytics().list_dashboards().await.unwrap();
    assert_eq!(v[0].r#ref, "ops.main");
}

#[tokio::test]
async fn dashboards_source_catalog() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/dashboards/source-catalog")
        .respond(200, wrap(json!({"sources": [{"id": "executions"}]})))
        .mount()
        .await;
    let c = s
        .client
        .analytics()
        .dashboard_source_catalog()
        .await
        .unwrap();
    assert_eq!(c["sources"][0]["id"], "executions");
}

#[tokio::test]
async fn dashboards_get() {
    let s = Srv::start().await;
    s.mock("GET", "/api/v1/dashboards/ops.main")
        .respond(200, wrap(dash()))
        .mount()
        .await;
    let d = s
        .client
        .analytics()
        .get_dashboard("ops.main")
        .await
        .unwrap();
    assert_eq!(d.label.as_deref(), Some("Main"));
    assert_eq!(d.extra["owner"], 1);
}

#[tokio::test]
async fn dashboards_create() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/dashboards")
        .body(json!({"ref": "ops.main", "label": "Main"}))
        .respond(201, wrap(dash()))
        .mount()
        .await;
    s.client
        .analytics()
        .create_dashboard(&obj(json!({"ref": "ops.main", "label": "Main"})))
        .await
        .unwrap();
}

#[tokio::test]
async fn dashboards_update() {
    let s = Srv::start().await;
    s.mock("PUT", "/api/v1/dashboards/ops.main")
        .body(json!({"label": "Main 2"}))
        .respond(200, wrap(dash()))
        .mount()
        .await;
    s.client
        .analytics()
        .update_dashboard("ops.main", &obj(json!({"label": "Main 2"})))
        .await
        .unwrap();
}

#[tokio::test]
async fn dashboards_delete() {
    let s = Srv::start().await;
    s.mock("DELETE", "/api/v1/dashboards/ops.main")
        .respond(200, success())
        .mount()
        .await;
    s.client
        .analytics()
        .delete_dashboard("ops.main")
        .await
        .unwrap();
}

#[tokio::test]
async fn dashboards_clone() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/dashboards/ops.main/clone")
        .body(json!({"ref": "ops.copy"}))
        .respond(201, wrap(dash()))
        .mount()
        .await;
    s.client
        .analytics()
        .clone_dashboard("ops.main", &obj(json!({"ref": "ops.copy"})))
        .await
        .unwrap();
}

#[tokio::test]
async fn dashboards_data() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/dashboards/ops.main/data")
        .body(json!({"hours": 24}))
        .respond(200, json!({"widgets": [{"id": "w1", "rows": []}]}))
        .mount()
        .await;
    let r = s
        .client
        .analytics()
        .dashboard_data("ops.main", &obj(json!({"hours": 24})))
        .await
        .unwrap();
    assert_eq!(r["widgets"][0]["id"], "w1");
}

#[tokio::test]
async fn dashboards_preview() {
    let s = Srv::start().await;
    s.mock("POST", "/api/v1/dashboards/preview")
        .body(json!({"definition": {"widgets": []}}))
        .respond(200, json!({"widgets": []}))
        .mount()
        .await;
    s.client
        .analytics()
        .preview_dashboard(&obj(json!({"definition": {"widgets": []}})))
        .await
        .unwrap();
}
