//! `/api/v1/events`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::Req;
use crate::models::{CreateEventRequest, Event, EventSummary, ListEventsParams};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for events.
#[derive(Debug, Clone, Copy)]
pub struct Events<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Events<'_> {
    /// `GET /api/v1/events` (page, per_page; totals only with `include_total`).
    pub async fn list(&self, params: &ListEventsParams) -> Result<Page<EventSummary>> {
        let req = Req::get("events.list", "/api/v1/events").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// Every event matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListEventsParams,
    ) -> impl Stream<Item = Result<EventSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.events().list(&p).await }
        })
    }

    /// `GET /api/v1/events/{id}`.
    pub async fn get(&self, id: i64) -> Result<Event> {
        self.client
            .call(Req::get("events.get", format!("/api/v1/events/{id}")))
            .await
    }

    /// `POST /api/v1/events` (201). The server accepts only sensor or execution tokens: use a
    /// client built with such a token (see [`AttuneClient::with_token`]).
    pub async fn create(&self, req: &CreateEventRequest) -> Result<Event> {
        self.client
            .call(Req::post("events.create", "/api/v1/events").json(req)?)
            .await
    }
}
