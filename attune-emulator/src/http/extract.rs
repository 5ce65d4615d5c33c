//! Extractors: the Bearer-token authenticator and a JSON body extractor with the
//! real server's rejection statuses.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::auth::jwt::{TokenError, TokenType};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::{identities, AppState};

/// Authenticated caller (access, sensor, execution or worker token).
/// Rejections use the nested `{"error":{"code":401,"message":..}}` body.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

/// Verifies the `Authorization` header and builds the principal.
pub fn authenticate(state: &AppState, parts: &Parts) -> Result<Principal, ApiError> {
    let header = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .ok_or_else(|| ApiError::auth("Missing authentication token"))?;
    let header = header
        .to_str()
        .map_err(|_| ApiError::auth("Invalid authentication token"))?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or_else(|| ApiError::auth("Invalid authentication token"))?
        .trim();
    let claims = state.jwt.verify(token).map_err(|e| match e {
        TokenError::Expired => ApiError::auth("Authentication token expired"),
        TokenError::Invalid => ApiError::auth("Invalid authentication token"),
    })?;
    if claims.token_type == TokenType::Refresh {
        return Err(ApiError::auth("Invalid authentication token"));
    }
    let id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::auth("Invalid authentication token"))?;
    let store = state.store.lock();
    identities::principal_for(&store, id, claims.token_type, claims.metadata.as_ref())
}

impl FromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        authenticate(state, parts).map(Auth)
    }
}

/// Like [`Auth`] but rejections use the flat `{"error","code"}` body (as `GET /auth/me` does).
#[derive(Debug, Clone)]
pub struct FlatAuth(pub Principal);

impl FromRequestParts<Arc<AppState>> for FlatAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        authenticate(state, parts).map(FlatAuth).map_err(|mut e| {
            e.nested_auth = false;
            e
        })
    }
}

/// A JSON object body together with the raw bytes it was parsed from (so that field
/// errors can name the position in the request body, as the real server's do).
#[derive(Debug, Clone, Default)]
pub struct Obj {
    map: Map<String, Value>,
    raw: Bytes,
}

impl Obj {
    /// The raw body bytes.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
}

impl std::ops::Deref for Obj {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl std::ops::DerefMut for Obj {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.map
    }
}

/// A body type [`JsonBody`] can decode from the raw request bytes.
pub trait FromJsonBytes: Sized {
    /// Decodes the body (axum's `Json` rejections on failure).
    #[allow(clippy::result_large_err)]
    fn from_json_bytes(bytes: Bytes) -> Result<Self, Response>;
}

impl FromJsonBytes for Obj {
    #[allow(clippy::result_large_err)]
    fn from_json_bytes(bytes: Bytes) -> Result<Self, Response> {
        match axum::Json::<Map<String, Value>>::from_bytes(&bytes) {
            Ok(axum::Json(map)) => Ok(Obj { map, raw: bytes }),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_content_type(headers: &http::HeaderMap) -> bool {
    let Some(ct) = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// JSON body extractor with axum's `Json` rejections (what the real server uses):
/// malformed JSON 400, missing/mistyped fields 422, wrong or missing content type
/// 415, oversized body 413; all with axum's `text/plain` bodies.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: FromJsonBytes,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err((
                http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Expected request with `Content-Type: application/json`",
            )
                .into_response());
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        T::from_json_bytes(bytes).map(JsonBody)
    }
}

fn json_rejection(rej: JsonRejection) -> Response {
    rej.into_response()
}

/// Query-string extractor for list routes with a free-text `q`: a repeated `q`
/// keeps its first value (the real server's list routes answer 200 there),
/// everything else is deserialized and rejected exactly like axum's `Query` (400).
#[derive(Debug, Clone)]
pub struct SearchQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for SearchQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let mut seen_q = false;
        let kept: Vec<&str> = raw
            .split('&')
            .filter(|seg| {
                let key = seg.split('=').next().unwrap_or("");
                if key != "q" {
                    return true;
                }
                let first = !seen_q;
                seen_q = true;
                first
            })
            .collect();
        let uri: http::Uri = format!("/?{}", kept.join("&"))
            .parse()
            .map_err(|_| http::StatusCode::BAD_REQUEST.into_response())?;
        axum::extract::Query::<T>::try_from_uri(&uri)
            .map(|axum::extract::Query(v)| SearchQuery(v))
            .map_err(IntoResponse::into_response)
    }
}
