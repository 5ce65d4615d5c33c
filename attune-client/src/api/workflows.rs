//! `/api/v1/workflows`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreateWorkflowRequest, ListWorkflowsParams, SaveWorkflowFileRequest, UpdateWorkflowRequest,
    Workflow, WorkflowSummary,
};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for workflows.
#[derive(Debug, Clone, Copy)]
pub struct Workflows<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/workflows/{}", seg(r))
}

impl Workflows<'_> {
    /// `POST /api/v1/workflows` (201; also creates the companion action).
    pub async fn create(&self, req: &CreateWorkflowRequest) -> Result<Workflow> {
        self.client
            .call(Req::post("workflows.create", "/api/v1/workflows").json(req)?)
            .await
    }

    /// `GET /api/v1/workflows`.
    pub async fn list(&self, params: &ListWorkflowsParams) -> Result<Page<WorkflowSummary>> {
        let req = Req::get("workflows.list", "/api/v1/workflows").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every workflow matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListWorkflowsParams,
    ) -> impl Stream<Item = Result<WorkflowSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.workflows().list(&p).await }
        })
    }

    /// `GET /api/v1/workflows/{ref}`.
    pub async fn get(&self, workflow_ref: &str) -> Result<Workflow> {
        self.client
            .call(Req::get("workflows.get", path(workflow_ref)))
            .await
    }

    /// `PUT /api/v1/workflows/{ref}`.
    pub async fn update(
        &self,
        workflow_ref: &str,
        req: &UpdateWorkflowRequest,
    ) -> Result<Workflow> {
        self.client
            .call(Req::put("workflows.update", path(workflow_ref)).json(req)?)
            .await
    }

    /// `DELETE /api/v1/workflows/{ref}`.
    pub async fn delete(&self, workflow_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("workflows.delete", path(workflow_ref)))
            .await
    }

    /// `POST /api/v1/packs/{pack_ref}/workflow-files` (201): write a new workflow YAML file
    /// into the pack and register it.
    pub async fn save_file(
        &self,
        pack_ref: &str,
        req: &SaveWorkflowFileRequest,
    ) -> Result<Workflow> {
        self.client
            .call(
                Req::post(
                    "workflows.save_file",
                    format!("/api/v1/packs/{}/workflow-files", seg(pack_ref)),
                )
                .json(req)?,
            )
            .await
    }

    /// `PUT /api/v1/workflows/{ref}/file`: rewrite an existing workflow's YAML file.
    pub async fn update_file(
        &self,
        workflow_ref: &str,
        req: &SaveWorkflowFileRequest,
    ) -> Result<Workflow> {
        self.client
            .call(
                Req::put(
                    "workflows.update_file",
                    format!("{}/file", path(workflow_ref)),
                )
                .json(req)?,
            )
            .await
    }
}
