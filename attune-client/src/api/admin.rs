//! Issue-12 operations of existing groups, as extra `impl` blocks: identity freeze/unfreeze and
//! integration tokens, LDAP/token login and logout, runtime writes, per-pack/per-action/per-trigger
//! lists, permission-set update, action queue stats, workflow cache iterations.

use serde_json::Value;

use super::{page_no, page_sz};
use crate::api::{
    Actions, Auth, Executions, Identities, Permissions, Rules, Runtimes, Sensors, Workflows,
};
use crate::client::{seg, Req};
use crate::models::{
    CreateIntegrationTokenRequest, CreateRuntimeRequest, IntegrationToken, LdapLoginRequest,
    PageParams, PermissionSet, RevokeIntegrationTokenRequest, RuleSummary, Runtime, SensorSummary,
    TokenLoginRequest, TokenResponse, UpdatePermissionSetRequest, UpdateRuntimeRequest,
    WorkflowSummary,
};
use crate::{Page, Result};

impl Identities<'_> {
    /// `POST /api/v1/identities/{id}/freeze`: block the identity from authenticating.
    pub async fn freeze(&self, id: i64) -> Result<Value> {
        self.client
            .call(Req::post(
                "identities.freeze",
                format!("/api/v1/identities/{id}/freeze"),
            ))
            .await
    }

    /// `POST /api/v1/identities/{id}/unfreeze`.
    pub async fn unfreeze(&self, id: i64) -> Result<Value> {
        self.client
            .call(Req::post(
                "identities.unfreeze",
                format!("/api/v1/identities/{id}/unfreeze"),
            ))
            .await
    }

    /// `GET /api/v1/identities/{id}/integration-tokens`.
    pub async fn list_integration_tokens(&self, id: i64) -> Result<Vec<IntegrationToken>> {
        self.client
            .call(Req::get(
                "identities.list_integration_tokens",
                format!("/api/v1/identities/{id}/integration-tokens"),
            ))
            .await
    }

    /// `POST /api/v1/identities/{id}/integration-tokens`.
    pub async fn create_integration_token(
        &self,
        id: i64,
        body: &CreateIntegrationTokenRequest,
    ) -> Result<IntegrationToken> {
        let req = Req::post(
            "identities.create_integration_token",
            format!("/api/v1/identities/{id}/integration-tokens"),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `POST /api/v1/identities/{id}/integration-tokens/{token_id}/revoke`.
    pub async fn revoke_integration_token(
        &self,
        id: i64,
        token_id: i64,
        body: &RevokeIntegrationTokenRequest,
    ) -> Result<IntegrationToken> {
        let req = Req::post(
            "identities.revoke_integration_token",
            format!("/api/v1/identities/{id}/integration-tokens/{token_id}/revoke"),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/identities/{id}/integration-tokens/{token_id}`.
    pub async fn delete_integration_token(&self, id: i64, token_id: i64) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "identities.delete_integration_token",
                format!("/api/v1/identities/{id}/integration-tokens/{token_id}"),
            ))
            .await
    }
}

impl Auth<'_> {
    /// `POST /auth/ldap/login` (unauthenticated). Does not change the client's stored tokens.
    pub async fn ldap_login(&self, body: &LdapLoginRequest) -> Result<TokenResponse> {
        let req = Req::post("auth.ldap_login", "/auth/ldap/login")
            .no_auth()
            .json(body)?;
        self.client.call(req).await
    }

    /// `POST /auth/token-login` (unauthenticated): exchange a token for a session.
    pub async fn token_login(&self, body: &TokenLoginRequest) -> Result<TokenResponse> {
        let req = Req::post("auth.token_login", "/auth/token-login")
            .no_auth()
            .json(body)?;
        self.client.call(req).await
    }

    /// `GET /auth/logout`: end the server-side session (the client's tokens are kept; call
    /// [`crate::AttuneClient::logout`] to drop them).
    pub async fn server_logout(&self) -> Result<()> {
        self.client
            .call_unit(Req::get("auth.logout", "/auth/logout"))
            .await
    }
}

impl Runtimes<'_> {
    /// `POST /api/v1/runtimes`.
    pub async fn create(&self, body: &CreateRuntimeRequest) -> Result<Runtime> {
        let req = Req::post("runtimes.create", "/api/v1/runtimes").json(body)?;
        self.client.call(req).await
    }

    /// `PUT /api/v1/runtimes/{ref}`.
    pub async fn update(&self, runtime_ref: &str, body: &UpdateRuntimeRequest) -> Result<Runtime> {
        let req = Req::put(
            "runtimes.update",
            format!("/api/v1/runtimes/{}", seg(runtime_ref)),
        )
        .json(body)?;
        self.client.call(req).await
    }

    /// `DELETE /api/v1/runtimes/{ref}`.
    pub async fn delete(&self, runtime_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete(
                "runtimes.delete",
                format!("/api/v1/runtimes/{}", seg(runtime_ref)),
            ))
            .await
    }
}

macro_rules! scoped_list {
    ($handle:ident, $fn:ident, $op:literal, $fmt:literal, $item:ty, $doc:literal) => {
        impl $handle<'_> {
            #[doc = $doc]
            pub async fn $fn(&self, scope_ref: &str, params: &PageParams) -> Result<Page<$item>> {
                let req = Req::get($op, format!($fmt, seg(scope_ref))).query(params)?;
                self.client
                    .call_page(req, page_no(params.page), page_sz(params.page_size))
                    .await
            }
        }
    };
}

scoped_list!(
    Rules,
    list_by_action,
    "rules.list_by_action",
    "/api/v1/actions/{}/rules",
    RuleSummary,
    "`GET /api/v1/actions/{action_ref}/rules`."
);
scoped_list!(
    Rules,
    list_by_pack,
    "rules.list_by_pack",
    "/api/v1/packs/{}/rules",
    RuleSummary,
    "`GET /api/v1/packs/{pack_ref}/rules`."
);
scoped_list!(
    Rules,
    list_by_trigger,
    "rules.list_by_trigger",
    "/api/v1/triggers/{}/rules",
    RuleSummary,
    "`GET /api/v1/triggers/{trigger_ref}/rules`."
);
scoped_list!(
    Sensors,
    list_by_pack,
    "sensors.list_by_pack",
    "/api/v1/packs/{}/sensors",
    SensorSummary,
    "`GET /api/v1/packs/{pack_ref}/sensors`."
);
scoped_list!(
    Sensors,
    list_by_trigger,
    "sensors.list_by_trigger",
    "/api/v1/triggers/{}/sensors",
    SensorSummary,
    "`GET /api/v1/triggers/{trigger_ref}/sensors`."
);
scoped_list!(
    Workflows,
    list_by_pack,
    "workflows.list_by_pack",
    "/api/v1/packs/{}/workflows",
    WorkflowSummary,
    "`GET /api/v1/packs/{pack_ref}/workflows`."
);

impl Permissions<'_> {
    /// `PUT /api/v1/permissions/sets/{id}`.
    pub async fn update_set(
        &self,
        id: i64,
        body: &UpdatePermissionSetRequest,
    ) -> Result<PermissionSet> {
        let req = Req::put(
            "permissions.update_set",
            format!("/api/v1/permissions/sets/{id}"),
        )
        .json(body)?;
        self.client.call(req).await
    }
}

impl Actions<'_> {
    /// `GET /api/v1/actions/{ref}/queue-stats`.
    pub async fn queue_stats(&self, action_ref: &str) -> Result<Value> {
        self.client
            .call(Req::get(
                "actions.queue_stats",
                format!("/api/v1/actions/{}/queue-stats", seg(action_ref)),
            ))
            .await
    }
}

impl Executions<'_> {
    /// `GET /api/v1/executions/{id}/workflow-cache-iterations`.
    pub async fn workflow_cache_iterations(&self, id: i64) -> Result<Value> {
        self.client
            .call(Req::get(
                "executions.workflow_cache_iterations",
                format!("/api/v1/executions/{id}/workflow-cache-iterations"),
            ))
            .await
    }
}
