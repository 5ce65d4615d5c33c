//! Escape hatch for endpoints the SDK does not model.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::{decode_data, decode_exact, Req};
use crate::{AttuneClient, Result};

/// Handle for raw requests (same auth, retries, timeouts and error decoding as typed calls).
///
/// ```no_run
/// # async fn demo(client: attune_client::AttuneClient) -> attune_client::Result<()> {
/// use attune_client::reqwest::Method;
/// let stats: serde_json::Value = client
///     .raw()
///     .request(Method::GET, "/api/v1/executions/stats")
///     .send_json()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Raw<'a> {
    pub(crate) client: &'a AttuneClient,
}

/// A raw request under construction.
#[derive(Debug, Clone)]
pub struct RawRequest<'a> {
    client: &'a AttuneClient,
    req: Req,
    error: Option<String>,
}

impl<'a> Raw<'a> {
    /// Start a request; `path` is appended to the base URL (e.g. `/api/v1/packs`).
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest<'a> {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        RawRequest {
            client: self.client,
            req: Req::new("raw", method, path),
            error: None,
        }
    }

    /// `GET path`, decoding `T` (a `{"data": ..}` envelope is unwrapped).
    pub async fn get<T: DeserializeOwned>(&self, path: impl Into<String>) -> Result<T> {
        self.request(Method::GET, path).send().await
    }
}

impl RawRequest<'_> {
    /// Add a query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.req = self.req.param(key, value);
        self
    }

    /// Set a JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(b) => self.req.body = Some(b.into()),
            Err(e) => self.error = Some(e.to_string()),
        }
        self
    }

    /// Send without an Authorization header.
    pub fn without_auth(mut self) -> Self {
        self.req = self.req.no_auth();
        self
    }

    /// Send and decode `T`, unwrapping a `{"data": ..}` envelope when present.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        let body = self.send_bytes().await?;
        decode_data("raw", &body)
    }

    /// Send and return the whole JSON body (`null` for an empty body).
    pub async fn send_json(self) -> Result<serde_json::Value> {
        let body = self.send_bytes().await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        decode_exact("raw", &body)
    }

    /// Send and return the raw 2xx body.
    pub async fn send_bytes(self) -> Result<bytes::Bytes> {
        if let Some(e) = self.error {
            return Err(crate::Error::Encode(e));
        }
        self.client.execute(self.req).await
    }
}
