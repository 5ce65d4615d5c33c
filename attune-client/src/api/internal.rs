//! `/api/v1/internal/*`: file transfer for artifact content and pack archives.
//!
//! These routes take execution, sensor or worker tokens (not user access tokens): build the
//! client with [`AttuneClient::with_token`]. Bodies are streamed both ways.

use bytes::Bytes;
use futures::Stream;
use reqwest::Method;

use super::{byte_stream, ByteStream};
use crate::client::{seg, Req, StreamBody};
use crate::models::{ByteRange, FileInfo, FileUploadOptions};
use crate::{AttuneClient, Error, Result};

/// Handle for the internal file-transfer routes.
#[derive(Debug, Clone, Copy)]
pub struct Internal<'a> {
    pub(crate) client: &'a AttuneClient,
}

/// `/api/v1/internal/files/<file_path>` with each segment percent-encoded and `/` kept (the
/// server route is a wildcard). Empty, absolute and `..` paths are refused here.
fn file_url(file_path: &str) -> Result<String> {
    let bad = |why: &str| Error::Encode(format!("invalid file_path {file_path:?}: {why}"));
    if file_path.is_empty() {
        return Err(bad("empty"));
    }
    if file_path.starts_with('/') {
        return Err(bad("must be relative"));
    }
    let mut out = String::from("/api/v1/internal/files");
    for part in file_path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(bad("empty, '.' or '..' segment"));
        }
        out.push('/');
        out.push_str(&seg(part));
    }
    Ok(out)
}

impl Internal<'_> {
    /// `PUT /api/v1/internal/files/{file_path}` (201): upload or overwrite a file, streaming
    /// `body` (never collected in memory).
    pub async fn upload_file<S>(
        &self,
        file_path: &str,
        opts: &FileUploadOptions,
        body: S,
    ) -> Result<()>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    {
        let mut headers: Vec<(&str, String)> = Vec::new();
        if let Some(n) = opts.size {
            headers.push(("content-length", n.to_string()));
        }
        if let Some(d) = &opts.sha256 {
            headers.push(("x-attune-sha256", d.clone()));
        }
        let content_type = opts
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        self.client
            .send_streaming(
                Req::new("internal.upload_file", Method::PUT, file_url(file_path)?),
                "*/*",
                &headers,
                Some(StreamBody::Raw {
                    content_type,
                    body: reqwest::Body::wrap_stream(body),
                }),
            )
            .await
            .map(|_| ())
    }

    /// `GET /api/v1/internal/files/{file_path}`: the file's bytes, streamed.
    pub async fn download_file(&self, file_path: &str) -> Result<ByteStream> {
        let req = Req::get("internal.download_file", file_url(file_path)?);
        let resp = self.client.send_streaming(req, "*/*", &[], None).await?;
        Ok(byte_stream(resp))
    }

    /// `GET /api/v1/internal/files/{file_path}` with `Range`: part of the file (206), streamed.
    pub async fn download_file_range(
        &self,
        file_path: &str,
        range: ByteRange,
    ) -> Result<ByteStream> {
        let req = Req::get("internal.download_file", file_url(file_path)?);
        let resp = self
            .client
            .send_streaming(req, "*/*", &[("range", range.header())], None)
            .await?;
        Ok(byte_stream(resp))
    }

    /// `HEAD /api/v1/internal/files/{file_path}`: size and type of a stored file, `None` when
    /// the server answers 404.
    pub async fn check_file(&self, file_path: &str) -> Result<Option<FileInfo>> {
        let req = Req::new("internal.check_file", Method::HEAD, file_url(file_path)?);
        match self.client.send_streaming(req, "*/*", &[], None).await {
            Ok(resp) => {
                let h = resp.headers();
                let text = |k: reqwest::header::HeaderName| {
                    h.get(k).and_then(|v| v.to_str().ok()).map(str::to_string)
                };
                Ok(Some(FileInfo {
                    size: text(reqwest::header::CONTENT_LENGTH).and_then(|v| v.parse().ok()),
                    content_type: text(reqwest::header::CONTENT_TYPE),
                }))
            }
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `DELETE /api/v1/internal/files/{file_path}` (204).
    pub async fn delete_file(&self, file_path: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("internal.delete_file", file_url(file_path)?))
            .await
    }

    /// `GET /api/v1/internal/packs/{pack_ref}/archive`: the installed pack as a `.tar.gz`,
    /// streamed (worker, or a sensor/execution token of that pack).
    pub async fn download_pack_archive(&self, pack_ref: &str) -> Result<ByteStream> {
        let req = Req::get(
            "internal.download_pack_archive",
            format!("/api/v1/internal/packs/{}/archive", seg(pack_ref)),
        );
        let resp = self.client.send_streaming(req, "*/*", &[], None).await?;
        Ok(byte_stream(resp))
    }

    /// `GET /api/v1/internal/pack-installs/{pack_install_id}/archive`: the staged candidate of a
    /// pending pack install as a `.tar.gz`, streamed (worker token plus the attempt's
    /// `x-attune-pack-candidate-token`).
    pub async fn download_pack_install_candidate_archive(
        &self,
        pack_install_id: i64,
        candidate_token: &str,
    ) -> Result<ByteStream> {
        let req = Req::get(
            "internal.download_pack_install_candidate_archive",
            format!("/api/v1/internal/pack-installs/{pack_install_id}/archive"),
        );
        let resp = self
            .client
            .send_streaming(
                req,
                "*/*",
                &[("x-attune-pack-candidate-token", candidate_token.to_string())],
                None,
            )
            .await?;
        Ok(byte_stream(resp))
    }
}
