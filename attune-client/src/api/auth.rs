//! `/auth/*` endpoints.

use crate::client::Req;
use crate::models::{
    AuthSettings, ChangePasswordRequest, CurrentUser, LoginRequest, RefreshTokenRequest,
    RegisterRequest, SuccessResponse, TokenResponse, UpdateCurrentUserRequest,
};
use crate::{AttuneClient, Result};

/// Handle for the authentication endpoints.
///
/// These calls are plain API calls: they do **not** change the tokens held by the client
/// (use [`AttuneClient::login`], [`AttuneClient::set_tokens`] or [`AttuneClient::logout`] for
/// that). Auth endpoints are never retried through token refresh.
#[derive(Debug, Clone, Copy)]
pub struct Auth<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Auth<'_> {
    /// `POST /auth/login`.
    pub async fn login(&self, req: &LoginRequest) -> Result<TokenResponse> {
        self.client
            .call(Req::post("auth.login", "/auth/login").no_auth().json(req)?)
            .await
    }

    /// `POST /auth/register` (the server answers 200).
    pub async fn register(&self, req: &RegisterRequest) -> Result<TokenResponse> {
        self.client
            .call(
                Req::post("auth.register", "/auth/register")
                    .no_auth()
                    .json(req)?,
            )
            .await
    }

    /// `POST /auth/refresh` with an explicit refresh token.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenResponse> {
        let body = RefreshTokenRequest::new(refresh_token);
        self.client
            .call(
                Req::post("auth.refresh", "/auth/refresh")
                    .no_auth()
                    .json(&body)?,
            )
            .await
    }

    /// `GET /auth/me`.
    pub async fn me(&self) -> Result<CurrentUser> {
        self.client.call(Req::get("auth.me", "/auth/me")).await
    }

    /// `PUT /auth/me`.
    pub async fn update_me(&self, req: &UpdateCurrentUserRequest) -> Result<CurrentUser> {
        self.client
            .call(Req::put("auth.update_me", "/auth/me").json(req)?)
            .await
    }

    /// `POST /auth/change-password`.
    pub async fn change_password(&self, req: &ChangePasswordRequest) -> Result<SuccessResponse> {
        self.client
            .call(Req::post("auth.change_password", "/auth/change-password").json(req)?)
            .await
    }

    /// `GET /auth/settings`.
    pub async fn settings(&self) -> Result<AuthSettings> {
        self.client
            .call(Req::get("auth.settings", "/auth/settings").no_auth())
            .await
    }

    /// Drop the client's tokens (the server has no revocation endpoint).
    pub fn logout(&self) {
        self.client.logout();
    }
}
