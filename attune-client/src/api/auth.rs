//! `/auth/*` endpoints.

use crate::client::NoRedirectResponse;
use crate::client::Req;
use crate::models::{
    AuthSettings, ChangePasswordRequest, CurrentUser, InternalSensorTokenRequest, LoginRequest,
    OidcCallbackParams, OidcLoginParams, OidcRedirect, RefreshTokenRequest, RegisterRequest,
    SensorToken, SuccessResponse, TokenResponse, UpdateCurrentUserRequest,
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

    /// `POST /auth/internal/sensor-token`: issue a sensor token for one sensor workload (called
    /// by sensor hosts with their service token).
    pub async fn create_sensor_token_internal(
        &self,
        req: &InternalSensorTokenRequest,
    ) -> Result<SensorToken> {
        self.client
            .call(
                Req::post(
                    "auth.create_sensor_token_internal",
                    "/auth/internal/sensor-token",
                )
                .json(req)?,
            )
            .await
    }

    /// `GET /auth/oidc/login` (unauthenticated): start an OIDC login. The redirect to the
    /// identity provider is returned, not followed.
    pub async fn oidc_login(&self, params: &OidcLoginParams) -> Result<OidcRedirect> {
        let req = Req::get("auth.oidc_login", "/auth/oidc/login")
            .no_auth()
            .query(params)?;
        Ok(redirect(self.client.send_no_redirect(req, &[]).await?))
    }

    /// `GET /auth/callback` (unauthenticated): finish an OIDC login with what the provider
    /// appended to its redirect, sending `cookies` (the `name=value` pairs the login redirect
    /// set) back. The server's redirect into the app is returned, not followed.
    pub async fn oidc_callback(
        &self,
        params: &OidcCallbackParams,
        cookies: &[String],
    ) -> Result<OidcRedirect> {
        let req = Req::get("auth.oidc_callback", "/auth/callback")
            .no_auth()
            .query(params)?;
        let headers: Vec<(&str, String)> = if cookies.is_empty() {
            Vec::new()
        } else {
            vec![("cookie", cookies.join("; "))]
        };
        Ok(redirect(self.client.send_no_redirect(req, &headers).await?))
    }

    /// Drop the client's tokens (the server has no revocation endpoint).
    pub fn logout(&self) {
        self.client.logout();
    }
}

fn redirect(resp: NoRedirectResponse) -> OidcRedirect {
    let text = |v: &reqwest::header::HeaderValue| v.to_str().ok().map(str::to_string);
    OidcRedirect {
        status: resp.status,
        location: resp.headers.get(reqwest::header::LOCATION).and_then(text),
        set_cookie: resp
            .headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(text)
            .collect(),
    }
}
