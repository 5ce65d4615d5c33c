//! `/api/v1/packs`.

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    ActionSummary, BuildPackEnvsRequest, BuildPackEnvsResponse, CreatePackRequest,
    DownloadPacksRequest, DownloadPacksResponse, InstallPackRequest, ListPacksParams, Pack,
    PackDependenciesRequest, PackDependenciesResponse, PackInstallResponse,
    PackInstallStatusResponse, PackItemsParams, PackSummary, PackTestExecution, PackTestResult,
    PackWorkflowSyncResponse, PackWorkflowValidation, RegisterPackRequest, RegisterPacksRequest,
    RegisterPacksResponse, RuleSummary, RuntimeSummary, SensorSummary, TriggerSummary,
    UpdatePackRequest, UploadPackOptions, WorkflowSummary,
};
use crate::pack_archive::{multipart_body, tar_gz_dir};
use crate::pagination::page_stream;
use crate::{AttuneClient, Page, Result};

/// Handle for packs.
#[derive(Debug, Clone, Copy)]
pub struct Packs<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Packs<'_> {
    /// `POST /api/v1/packs` (201).
    pub async fn create(&self, req: &CreatePackRequest) -> Result<Pack> {
        self.client
            .call(Req::post("packs.create", "/api/v1/packs").json(req)?)
            .await
    }

    /// `GET /api/v1/packs` (page, page_size, q).
    pub async fn list(&self, params: &ListPacksParams) -> Result<Page<PackSummary>> {
        let req = Req::get("packs.list", "/api/v1/packs").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }

    /// Every pack matching `params`, fetched lazily page by page.
    pub fn stream(
        &self,
        params: ListPacksParams,
    ) -> impl Stream<Item = Result<PackSummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.packs().list(&p).await }
        })
    }

    /// `GET /api/v1/packs/{ref}`.
    pub async fn get(&self, pack_ref: &str) -> Result<Pack> {
        self.client
            .call(Req::get(
                "packs.get",
                format!("/api/v1/packs/{}", seg(pack_ref)),
            ))
            .await
    }

    /// `PUT /api/v1/packs/{ref}`.
    pub async fn update(&self, pack_ref: &str, req: &UpdatePackRequest) -> Result<Pack> {
        self.client
            .call(Req::put("packs.update", format!("/api/v1/packs/{}", seg(pack_ref))).json(req)?)
            .await
    }

    /// `DELETE /api/v1/packs/{ref}`.
    pub async fn delete(&self, pack_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "packs.delete",
                format!("/api/v1/packs/{}", seg(pack_ref)),
            ))
            .await
    }

    /// `POST /api/v1/packs/upload` (201): upload a pack archive (`.tar.gz`; newer servers also
    /// accept `.zip`) as multipart field `pack`, with form fields `force` and `skip_tests`.
    pub async fn upload(
        &self,
        archive: &[u8],
        file_name: &str,
        opts: UploadPackOptions,
    ) -> Result<PackInstallResponse> {
        let force = opts.force.to_string();
        let skip = opts.skip_tests.to_string();
        let (ct, body) = multipart_body(
            ("pack", file_name, archive),
            &[("force", &force), ("skip_tests", &skip)],
        );
        self.client
            .call(Req::post("packs.upload", "/api/v1/packs/upload").raw_body(ct, body))
            .await
    }

    /// Archive a local pack directory (see [`tar_gz_dir`]) and [`upload`](Self::upload) it.
    pub async fn upload_dir(
        &self,
        dir: impl AsRef<std::path::Path>,
        opts: UploadPackOptions,
    ) -> Result<PackInstallResponse> {
        let dir = dir.as_ref().to_path_buf();
        let archive = tokio::task::spawn_blocking(move || tar_gz_dir(dir))
            .await
            .map_err(|e| crate::Error::Encode(format!("archiving task failed: {e}")))??;
        self.upload(&archive, "pack.tar.gz", opts).await
    }

    /// `POST /api/v1/packs/register` (201): register a pack from a directory on the server.
    pub async fn register(&self, req: &RegisterPackRequest) -> Result<PackInstallResponse> {
        self.client
            .call(Req::post("packs.register", "/api/v1/packs/register").json(req)?)
            .await
    }

    /// `POST /api/v1/packs/register-batch`: register several packs from directories on the server.
    pub async fn register_batch(
        &self,
        req: &RegisterPacksRequest,
    ) -> Result<RegisterPacksResponse> {
        self.client
            .call(Req::post("packs.register_batch", "/api/v1/packs/register-batch").json(req)?)
            .await
    }

    /// `POST /api/v1/packs/download`: have the server fetch packs from git/archive/registry sources.
    pub async fn download(&self, req: &DownloadPacksRequest) -> Result<DownloadPacksResponse> {
        self.client
            .call(Req::post("packs.download", "/api/v1/packs/download").json(req)?)
            .await
    }

    /// `POST /api/v1/packs/dependencies`: analyse the dependencies of packs on the server.
    pub async fn dependencies(
        &self,
        req: &PackDependenciesRequest,
    ) -> Result<PackDependenciesResponse> {
        self.client
            .call(Req::post("packs.dependencies", "/api/v1/packs/dependencies").json(req)?)
            .await
    }

    /// `POST /api/v1/packs/build-envs`: build Python / Node.js environments of packs on the server.
    pub async fn build_envs(&self, req: &BuildPackEnvsRequest) -> Result<BuildPackEnvsResponse> {
        self.client
            .call(Req::post("packs.build_envs", "/api/v1/packs/build-envs").json(req)?)
            .await
    }

    /// `GET /api/v1/packs/{ref}/icon`: the pack's icon, as the bytes the server sends (an image; small).
    pub async fn icon(&self, pack_ref: &str) -> Result<bytes::Bytes> {
        self.client
            .execute(Req::get(
                "packs.icon",
                format!("/api/v1/packs/{}/icon", seg(pack_ref)),
            ))
            .await
    }

    /// `POST /api/v1/packs/install` (200 on 0.5.4 servers, 201 on older ones).
    pub async fn install(&self, req: &InstallPackRequest) -> Result<PackInstallResponse> {
        self.client
            .call(Req::post("packs.install", "/api/v1/packs/install").json(req)?)
            .await
    }

    /// `GET /api/v1/packs/install/{id}`.
    pub async fn install_status(&self, install_id: i64) -> Result<PackInstallStatusResponse> {
        self.client
            .call(Req::get(
                "packs.install_status",
                format!("/api/v1/packs/install/{install_id}"),
            ))
            .await
    }

    /// `GET /api/v1/packs/{ref}/install/latest`.
    pub async fn latest_install(&self, pack_ref: &str) -> Result<PackInstallStatusResponse> {
        self.client
            .call(Req::get(
                "packs.latest_install",
                format!("/api/v1/packs/{}/install/latest", seg(pack_ref)),
            ))
            .await
    }

    /// `POST /api/v1/packs/{ref}/test`: run the pack's tests.
    pub async fn test(&self, pack_ref: &str) -> Result<PackTestResult> {
        self.client
            .call(Req::post(
                "packs.test",
                format!("/api/v1/packs/{}/test", seg(pack_ref)),
            ))
            .await
    }

    /// `GET /api/v1/packs/{ref}/tests` (test history).
    pub async fn test_history(
        &self,
        pack_ref: &str,
        page: Option<u32>,
        page_size: Option<u32>,
    ) -> Result<Page<PackTestExecution>> {
        let mut req = Req::get(
            "packs.test_history",
            format!("/api/v1/packs/{}/tests", seg(pack_ref)),
        );
        if let Some(p) = page {
            req = req.param("page", p);
        }
        if let Some(s) = page_size {
            req = req.param("page_size", s);
        }
        self.client
            .call_page(req, page_no(page), page_sz(page_size))
            .await
    }

    /// `GET /api/v1/packs/{ref}/tests/latest`.
    pub async fn latest_test(&self, pack_ref: &str) -> Result<PackTestExecution> {
        self.client
            .call(Req::get(
                "packs.latest_test",
                format!("/api/v1/packs/{}/tests/latest", seg(pack_ref)),
            ))
            .await
    }

    /// `GET /api/v1/packs/tests/{id}`.
    pub async fn test_result(&self, test_id: i64) -> Result<PackTestExecution> {
        self.client
            .call(Req::get(
                "packs.test_result",
                format!("/api/v1/packs/tests/{test_id}"),
            ))
            .await
    }

    /// `POST /api/v1/packs/{ref}/workflows/sync`: reload the pack's workflow files.
    pub async fn sync_workflows(&self, pack_ref: &str) -> Result<PackWorkflowSyncResponse> {
        self.client
            .call(Req::post(
                "packs.sync_workflows",
                format!("/api/v1/packs/{}/workflows/sync", seg(pack_ref)),
            ))
            .await
    }

    /// `POST /api/v1/packs/{ref}/workflows/validate`.
    pub async fn validate_workflows(&self, pack_ref: &str) -> Result<PackWorkflowValidation> {
        self.client
            .call(Req::post(
                "packs.validate_workflows",
                format!("/api/v1/packs/{}/workflows/validate", seg(pack_ref)),
            ))
            .await
    }

    /// `GET /api/v1/packs/{ref}/actions`.
    pub async fn actions(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<ActionSummary>> {
        self.items("packs.actions", pack_ref, "actions", params)
            .await
    }

    /// `GET /api/v1/packs/{ref}/triggers`.
    pub async fn triggers(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<TriggerSummary>> {
        self.items("packs.triggers", pack_ref, "triggers", params)
            .await
    }

    /// `GET /api/v1/packs/{ref}/rules`.
    pub async fn rules(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<RuleSummary>> {
        self.items("packs.rules", pack_ref, "rules", params).await
    }

    /// `GET /api/v1/packs/{ref}/sensors`.
    pub async fn sensors(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<SensorSummary>> {
        self.items("packs.sensors", pack_ref, "sensors", params)
            .await
    }

    /// `GET /api/v1/packs/{ref}/runtimes`.
    pub async fn runtimes(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<RuntimeSummary>> {
        self.items("packs.runtimes", pack_ref, "runtimes", params)
            .await
    }

    /// `GET /api/v1/packs/{ref}/workflows`.
    pub async fn workflows(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<WorkflowSummary>> {
        self.items("packs.workflows", pack_ref, "workflows", params)
            .await
    }

    /// `GET /api/v1/packs/{ref}/queues` (items kept as sent).
    pub async fn queues(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<serde_json::Value>> {
        self.items("packs.queues", pack_ref, "queues", params).await
    }

    /// `GET /api/v1/packs/{ref}/policies` (items kept as sent).
    pub async fn policies(
        &self,
        pack_ref: &str,
        params: &PackItemsParams,
    ) -> Result<Page<serde_json::Value>> {
        self.items("packs.policies", pack_ref, "policies", params)
            .await
    }

    async fn items<T: serde::de::DeserializeOwned>(
        &self,
        op: &'static str,
        pack_ref: &str,
        kind: &str,
        params: &PackItemsParams,
    ) -> Result<Page<T>> {
        let req = Req::get(op, format!("/api/v1/packs/{}/{kind}", seg(pack_ref))).query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.page_size))
            .await
    }
}
