//! `/api/v1/inquiries`.

use futures::Stream;

use super::{page_no, page_sz, DEFAULT_PAGE_SIZE};
use crate::client::{seg, Req};
use crate::models::{
    CreateInquiryRequest, Inquiry, InquiryStatus, InquirySummary, ListInquiriesParams, PageParams,
    UpdateInquiryRequest,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for inquiries.
#[derive(Debug, Clone, Copy)]
pub struct Inquiries<'a> {
    pub(crate) client: &'a AttuneClient,
}

#[derive(serde::Serialize)]
struct RespondBody<'a> {
    response: &'a serde_json::Value,
}

impl Inquiries<'_> {
    /// `GET /api/v1/inquiries` (offset/limit; no totals).
    pub async fn list(&self, params: &ListInquiriesParams) -> Result<Page<InquirySummary>> {
        let req = Req::get("inquiries.list", "/api/v1/inquiries").query(params)?;
        let limit = params.limit.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let page = params.offset.unwrap_or(0) / limit + 1;
        self.client.call_page(req, page, limit).await
    }

    /// Every inquiry matching `params`, fetched lazily (advancing `offset` by `limit`).
    pub fn stream(
        &self,
        params: ListInquiriesParams,
    ) -> impl Stream<Item = Result<InquirySummary>> + Send + 'static {
        let client = self.client.clone();
        let limit = params.limit.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let start = params.offset.unwrap_or(0);
        page_stream(1, move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.limit = Some(limit);
            p.offset = Some(start + (page - 1) * limit);
            async move { client.inquiries().list(&p).await }
        })
    }

    /// `GET /api/v1/inquiries/status/{status}` (page, page_size). `Cancelled` is sent as
    /// `canceled`, the spelling the path accepts.
    pub async fn by_status(
        &self,
        status: &InquiryStatus,
        params: &PageParams,
    ) -> Result<Page<InquirySummary>> {
        let req = Req::get(
            "inquiries.by_status",
            format!("/api/v1/inquiries/status/{}", seg(status.path_segment())),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/executions/{id}/inquiries` (page, page_size).
    pub async fn by_execution(
        &self,
        execution_id: i64,
        params: &PageParams,
    ) -> Result<Page<InquirySummary>> {
        let req = Req::get(
            "inquiries.by_execution",
            format!("/api/v1/executions/{execution_id}/inquiries"),
        )
        .query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// `GET /api/v1/inquiries/{id}`.
    pub async fn get(&self, id: i64) -> Result<Inquiry> {
        self.client
            .call(Req::get("inquiries.get", format!("/api/v1/inquiries/{id}")))
            .await
    }

    /// `POST /api/v1/inquiries/{id}/respond` with `{"response": response}`.
    pub async fn respond(&self, id: i64, response: &serde_json::Value) -> Result<Inquiry> {
        self.client
            .call(
                Req::post(
                    "inquiries.respond",
                    format!("/api/v1/inquiries/{id}/respond"),
                )
                .json(&RespondBody { response })?,
            )
            .await
    }

    /// `POST /api/v1/inquiries` (201) with either body form.
    ///
    /// The execution-token form needs a server that supports it
    /// ([`ServerProfile::token_inquiries`](crate::ServerProfile::token_inquiries)); on June 2026
    /// servers it fails with [`Error::Unsupported`](crate::Error::Unsupported) without sending
    /// anything.
    pub async fn create(&self, req: impl Into<CreateInquiryRequest>) -> Result<Inquiry> {
        let body: CreateInquiryRequest = req.into();
        if matches!(body, CreateInquiryRequest::FromExecutionToken(_)) {
            let profile = self.client.server_profile().await?;
            if !profile.token_inquiries {
                return Err(crate::Error::Unsupported {
                    operation: "inquiries.create",
                    reason: format!(
                        "the {:?} API generation creates inquiries only for an execution id \
                         ({{execution, prompt, response_schema}}), not from an execution token",
                        profile.generation
                    ),
                });
            }
        }
        self.client
            .call(Req::post("inquiries.create", "/api/v1/inquiries").json(&body)?)
            .await
    }

    /// `PUT /api/v1/inquiries/{id}`.
    pub async fn update(&self, id: i64, req: &UpdateInquiryRequest) -> Result<Inquiry> {
        self.client
            .call(Req::put("inquiries.update", format!("/api/v1/inquiries/{id}")).json(req)?)
            .await
    }

    /// `DELETE /api/v1/inquiries/{id}`.
    pub async fn delete(&self, id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "inquiries.delete",
                format!("/api/v1/inquiries/{id}"),
            ))
            .await
    }
}
