//! Extractors: the Bearer-token authenticator and a JSON body extractor with the
//! real server's rejection statuses.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use serde::de::DeserializeOwned;

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

/// JSON body extractor. Status codes follow axum's `Json` (what the real server
/// uses): malformed JSON 400, missing/mistyped fields 422, wrong or missing
/// content type 415, oversized body 413; bodies are JSON `{"error","code"}`.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_rejection(rej: JsonRejection) -> Response {
    let status = rej.status();
    let code = match status.as_u16() {
        400 => "BAD_REQUEST",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "VALIDATION_ERROR",
        _ => "BAD_REQUEST",
    };
    ApiError::new(status, code, rej.body_text()).into_response()
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
