//! `/api/v1/sensors`.

use futures::Stream;

use super::{byte_stream, page_no, page_sz, ByteStream};
use crate::client::{seg, Req};
use crate::models::{
    CreateSensorRequest, ListSensorsParams, PageParams, Sensor, SensorLogs, SensorSummary,
    UpdateSensorRequest,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for sensors.
#[derive(Debug, Clone, Copy)]
pub struct Sensors<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/sensors/{}", seg(r))
}

impl Sensors<'_> {
    /// `POST /api/v1/sensors` (201).
    pub async fn create(&self, req: &CreateSensorRequest) -> Result<Sensor> {
        self.client
            .call(Req::post("sensors.create", "/api/v1/sensors").json(req)?)
            .await
    }

    /// `GET /api/v1/sensors`.
    pub async fn list(&self, params: &ListSensorsParams) -> Result<Page<SensorSummary>> {
        let req = Req::get("sensors.list", "/api/v1/sensors").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/sensors/enabled`.
    pub async fn list_enabled(&self, params: &PageParams) -> Result<Page<SensorSummary>> {
        let req = Req::get("sensors.list_enabled", "/api/v1/sensors/enabled").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every sensor matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListSensorsParams,
    ) -> impl Stream<Item = Result<SensorSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.sensors().list(&p).await }
        })
    }

    /// `GET /api/v1/sensors/{ref}`.
    pub async fn get(&self, sensor_ref: &str) -> Result<Sensor> {
        self.client
            .call(Req::get("sensors.get", path(sensor_ref)))
            .await
    }

    /// `PUT /api/v1/sensors/{ref}`.
    pub async fn update(&self, sensor_ref: &str, req: &UpdateSensorRequest) -> Result<Sensor> {
        self.client
            .call(Req::put("sensors.update", path(sensor_ref)).json(req)?)
            .await
    }

    /// `DELETE /api/v1/sensors/{ref}`.
    pub async fn delete(&self, sensor_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("sensors.delete", path(sensor_ref)))
            .await
    }

    /// `POST /api/v1/sensors/{ref}/enable`.
    pub async fn enable(&self, sensor_ref: &str) -> Result<Sensor> {
        self.client
            .call(Req::post(
                "sensors.enable",
                format!("{}/enable", path(sensor_ref)),
            ))
            .await
    }

    /// `POST /api/v1/sensors/{ref}/disable`.
    pub async fn disable(&self, sensor_ref: &str) -> Result<Sensor> {
        self.client
            .call(Req::post(
                "sensors.disable",
                format!("{}/disable", path(sensor_ref)),
            ))
            .await
    }

    /// `GET /api/v1/sensors/{sensor_ref}/logs`: the sensor's log streams.
    pub async fn list_logs(&self, sensor_ref: &str) -> Result<SensorLogs> {
        self.client
            .call(Req::get(
                "sensors.list_logs",
                format!("{}/logs", path(sensor_ref)),
            ))
            .await
    }

    /// `GET /api/v1/sensors/{sensor_ref}/logs/{stream}` (tail): a log stream (`stdout` or
    /// `stderr`) as text bytes, streamed; `tail` keeps only the last lines.
    pub async fn get_log(
        &self,
        sensor_ref: &str,
        stream: &str,
        tail: Option<u32>,
    ) -> Result<ByteStream> {
        let mut req = Req::get(
            "sensors.get_log",
            format!("{}/logs/{}", path(sensor_ref), seg(stream)),
        );
        if let Some(t) = tail {
            req = req.param("tail", t);
        }
        let resp = self
            .client
            .send_streaming(req, "text/plain", &[], None)
            .await?;
        Ok(byte_stream(resp))
    }
}
