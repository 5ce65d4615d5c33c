//! `/api/v1/artifacts` (artifacts, versions, byte-stream upload and download).

use bytes::Bytes;
use futures::Stream;
use reqwest::Method;

use super::{page_no, page_sz};
use crate::client::{seg, Req, StreamBody};
use crate::models::{
    Artifact, ArtifactJson, ArtifactVersion, CreateArtifactRequest, ListArtifactsParams,
    UploadVersionForm,
};
use crate::{AttuneClient, Error, Page, Result};

/// Handle for artifacts.
#[derive(Debug, Clone, Copy)]
pub struct Artifacts<'a> {
    pub(crate) client: &'a AttuneClient,
}

/// A response body as a stream of chunks (never collected in memory by the SDK).
pub type ByteStream = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes>> + Send + 'static>>;

fn p(id: i64) -> String {
    format!("/api/v1/artifacts/{id}")
}

impl Artifacts<'_> {
    /// `GET /api/v1/artifacts` (scope, owner, type, visibility, classification, execution, name,
    /// page, per_page).
    pub async fn list(&self, params: &ListArtifactsParams) -> Result<Page<Artifact>> {
        let req = Req::get("artifacts.list", "/api/v1/artifacts").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// `GET /api/v1/executions/{execution_id}/artifacts`.
    pub async fn list_by_execution(&self, execution_id: i64) -> Result<Vec<Artifact>> {
        self.client
            .call(Req::get(
                "artifacts.list_by_execution",
                format!("/api/v1/executions/{execution_id}/artifacts"),
            ))
            .await
    }

    /// `GET /api/v1/artifacts/{id}`.
    pub async fn get(&self, id: i64) -> Result<Artifact> {
        self.client.call(Req::get("artifacts.get", p(id))).await
    }

    /// `GET /api/v1/artifacts/ref/{ref}`.
    pub async fn get_by_ref(&self, artifact_ref: &str) -> Result<Artifact> {
        self.client
            .call(Req::get(
                "artifacts.get_by_ref",
                format!("/api/v1/artifacts/ref/{}", seg(artifact_ref)),
            ))
            .await
    }

    /// `POST /api/v1/artifacts`.
    pub async fn create(&self, body: &CreateArtifactRequest) -> Result<Artifact> {
        let req = Req::post("artifacts.create", "/api/v1/artifacts").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/artifacts/{id}` (`UpdateArtifactRequest`).
    pub async fn update(&self, id: i64, body: &ArtifactJson) -> Result<Artifact> {
        let req = Req::put("artifacts.update", p(id)).json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/artifacts/{id}`.
    pub async fn delete(&self, id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete("artifacts.delete", p(id)))
            .await
    }

    /// `PUT /api/v1/artifacts/{id}/data` (`SetDataRequest`).
    pub async fn set_data(&self, id: i64, body: &ArtifactJson) -> Result<Artifact> {
        let req = Req::put("artifacts.set_data", format!("{}/data", p(id))).json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/artifacts/{id}/progress` (`AppendProgressRequest`).
    pub async fn append_progress(&self, id: i64, body: &ArtifactJson) -> Result<Artifact> {
        let req =
            Req::post("artifacts.append_progress", format!("{}/progress", p(id))).json(body)?;
        self.client.call(req).await
    }

    /// `GET /api/v1/artifacts/{id}/versions`.
    pub async fn list_versions(&self, id: i64) -> Result<Vec<ArtifactVersion>> {
        self.client
            .call(Req::get(
                "artifacts.list_versions",
                format!("{}/versions", p(id)),
            ))
            .await
    }

    /// `GET /api/v1/artifacts/{id}/versions/latest`.
    pub async fn latest_version(&self, id: i64) -> Result<ArtifactVersion> {
        self.client
            .call(Req::get(
                "artifacts.latest_version",
                format!("{}/versions/latest", p(id)),
            ))
            .await
    }

    /// `GET /api/v1/artifacts/{id}/versions/{version}`.
    pub async fn get_version(&self, id: i64, version: i64) -> Result<ArtifactVersion> {
        self.client
            .call(Req::get(
                "artifacts.get_version",
                format!("{}/versions/{version}", p(id)),
            ))
            .await
    }

    /// `DELETE /api/v1/artifacts/{id}/versions/{version}`.
    pub async fn delete_version(&self, id: i64, version: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "artifacts.delete_version",
                format!("{}/versions/{version}", p(id)),
            ))
            .await
    }

    /// `POST /api/v1/artifacts/{id}/versions` (`CreateVersionJsonRequest`).
    pub async fn create_version_json(
        &self,
        id: i64,
        body: &ArtifactJson,
    ) -> Result<ArtifactVersion> {
        let req = Req::post(
            "artifacts.create_version_json",
            format!("{}/versions", p(id)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/artifacts/{id}/versions/file` (`CreateFileVersionRequest`).
    pub async fn create_version_file(
        &self,
        id: i64,
        body: &ArtifactJson,
    ) -> Result<ArtifactVersion> {
        let req = Req::post(
            "artifacts.create_version_file",
            format!("{}/versions/file", p(id)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/artifacts/ref/{ref}/versions/file` (`AllocateFileVersionByRefRequest`).
    pub async fn allocate_file_version_by_ref(
        &self,
        artifact_ref: &str,
        body: &ArtifactJson,
    ) -> Result<ArtifactJson> {
        let req = Req::post(
            "artifacts.allocate_file_version_by_ref",
            format!("/api/v1/artifacts/ref/{}/versions/file", seg(artifact_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/artifacts/{id}/versions/upload` (multipart; `body` is streamed).
    pub async fn upload_version<S>(
        &self,
        id: i64,
        form: &UploadVersionForm,
        body: S,
    ) -> Result<ArtifactVersion>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    {
        self.upload(
            "artifacts.upload_version",
            format!("{}/versions/upload", p(id)),
            form,
            body,
        )
        .await
    }

    /// `POST /api/v1/artifacts/ref/{ref}/versions/upload` (multipart; `body` is streamed).
    pub async fn upload_version_by_ref<S>(
        &self,
        artifact_ref: &str,
        form: &UploadVersionForm,
        body: S,
    ) -> Result<ArtifactVersion>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    {
        self.upload(
            "artifacts.upload_version_by_ref",
            format!(
                "/api/v1/artifacts/ref/{}/versions/upload",
                seg(artifact_ref)
            ),
            form,
            body,
        )
        .await
    }

    async fn upload<S>(
        &self,
        op: &'static str,
        path: String,
        form: &UploadVersionForm,
        body: S,
    ) -> Result<ArtifactVersion>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    {
        let mut part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(body))
            .file_name(form.file_name.clone());
        if let Some(ct) = &form.content_type {
            part = part
                .mime_str(ct)
                .map_err(|e| Error::Encode(format!("content type: {e}")))?;
        }
        let mut f = reqwest::multipart::Form::new().part("file", part);
        if let Some(ct) = &form.content_type {
            f = f.text("content_type", ct.clone());
        }
        if let Some(c) = &form.created_by {
            f = f.text("created_by", c.clone());
        }
        if let Some(m) = &form.meta {
            f = f.text("meta", m.clone());
        }
        let resp = self
            .client
            .send_streaming(
                Req::new(op, Method::POST, path),
                "application/json",
                &[],
                Some(StreamBody::Multipart(f)),
            )
            .await?;
        let bytes = resp.bytes().await.map_err(Error::transport)?;
        crate::client::decode_data(op, &bytes)
    }

    async fn download(&self, op: &'static str, path: String) -> Result<ByteStream> {
        let resp = self
            .client
            .send_streaming(Req::new(op, Method::GET, path), "*/*", &[], None)
            .await?;
        Ok(super::byte_stream(resp))
    }

    /// `GET /api/v1/artifacts/{id}/download`: the latest version's bytes, streamed.
    pub async fn download_latest(&self, id: i64) -> Result<ByteStream> {
        self.download("artifacts.download_latest", format!("{}/download", p(id)))
            .await
    }

    /// `GET /api/v1/artifacts/{id}/versions/{version}/download`: streamed.
    pub async fn download_version(&self, id: i64, version: i64) -> Result<ByteStream> {
        self.download(
            "artifacts.download_version",
            format!("{}/versions/{version}/download", p(id)),
        )
        .await
    }

    /// `GET /api/v1/artifacts/{id}/stream`: the artifact's live content, streamed as bytes.
    pub async fn stream(&self, id: i64) -> Result<ByteStream> {
        self.download("artifacts.stream", format!("{}/stream", p(id)))
            .await
    }
}
