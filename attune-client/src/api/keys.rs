//! `/api/v1/keys` (key/value store; values may be secrets and are never logged).

use futures::Stream;

use super::{page_no, page_sz};
use crate::client::{seg, Req};
use crate::models::{
    CreateKeyRequest, Key, KeySummary, ListKeysParams, OwnerType, PageParams, UpdateKeyRequest,
};
use crate::pagination::page_stream;
use crate::profile::KeyRefStyle;
use crate::Error;
use crate::{AttuneClient, Page, Result};

/// Handle for keys.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub(crate) client: &'a AttuneClient,
}

fn path(r: &str) -> String {
    format!("/api/v1/keys/{}", seg(r))
}

impl Keys<'_> {
    /// `POST /api/v1/keys` (201).
    ///
    /// `req` says what the caller means (a key named `local_ref`, owned by the system, an identity,
    /// a pack, ...). The body follows the server's generation ([`AttuneClient::server_profile`]):
    /// `local_ref` + owner selector on newer servers; on June 2026 servers `ref` = `local_ref`
    /// (stored as sent) with the owner as `owner_pack_ref` / `owner_action_ref` /
    /// `owner_sensor_ref` or, for identities, the numeric `owner_identity` looked up from the login.
    /// Use the returned key's `ref` to read, update or delete the key on either generation.
    pub async fn create(&self, req: &CreateKeyRequest) -> Result<Key> {
        let profile = self.client.server_profile().await?;
        let call = Req::post("keys.create", "/api/v1/keys");
        let call = match profile.key_refs {
            KeyRefStyle::Scoped => call.json(req)?,
            _ => call.json(&self.plain_body(req).await?)?,
        };
        self.client.call(call).await.map(fill_local_ref)
    }

    /// The June 2026 body for `req`.
    async fn plain_body(&self, req: &CreateKeyRequest) -> Result<PlainKeyBody> {
        let owner_identity = match req.owner_identity_login.as_deref() {
            Some(login) => Some(self.identity_id(login).await?),
            None => None,
        };
        Ok(PlainKeyBody {
            r#ref: req.local_ref.clone(),
            name: req.name.clone(),
            value: req.value.clone(),
            owner_type: req.owner_type.clone(),
            encrypted: req.encrypted,
            owner_identity,
            owner_pack_ref: req.owner_pack_ref.clone(),
            owner_action_ref: req.owner_action_ref.clone(),
            owner_sensor_ref: req.owner_sensor_ref.clone(),
        })
    }

    /// The numeric id of the identity `login`: the caller itself, or found in the identity list.
    async fn identity_id(&self, login: &str) -> Result<i64> {
        let me = self.client.auth().me().await?;
        if me.login == login {
            return Ok(me.id);
        }
        let mut page = 1;
        loop {
            let params = PageParams {
                page: Some(page),
                page_size: Some(100),
            };
            let listed = self.client.identities().list(&params).await?;
            if let Some(found) = listed.items.iter().find(|i| i.login == login) {
                return Ok(found.id);
            }
            if listed.items.is_empty() || !listed.has_next {
                return Err(Error::Config(format!(
                    "no identity with login {login:?} to own the key (this server takes numeric owner ids)"
                )));
            }
            page += 1;
        }
    }

    /// `GET /api/v1/keys` (page, per_page).
    pub async fn list(&self, params: &ListKeysParams) -> Result<Page<KeySummary>> {
        let req = Req::get("keys.list", "/api/v1/keys").query(params)?;
        self.client
            .call_page(req, page_no(params.page), page_sz(params.per_page))
            .await
    }

    /// Every key matching `params`, fetched lazily.
    pub fn stream(
        &self,
        params: ListKeysParams,
    ) -> impl Stream<Item = Result<KeySummary>> + Send + 'static {
        let client = self.client.clone();
        page_stream(page_no(params.page), move |page| {
            let client = client.clone();
            let mut p = params.clone();
            p.page = Some(page);
            async move { client.keys().list(&p).await }
        })
    }

    /// `GET /api/v1/keys/{ref}` (canonical ref such as `system.token`, or a bare system local ref).
    pub async fn get(&self, key_ref: &str) -> Result<Key> {
        self.client
            .call(Req::get("keys.get", path(key_ref)))
            .await
            .map(fill_local_ref)
    }

    /// `PUT /api/v1/keys/{ref}`.
    pub async fn update(&self, key_ref: &str, req: &UpdateKeyRequest) -> Result<Key> {
        self.client
            .call(Req::put("keys.update", path(key_ref)).json(req)?)
            .await
            .map(fill_local_ref)
    }

    /// `DELETE /api/v1/keys/{ref}`.
    pub async fn delete(&self, key_ref: &str) -> Result<()> {
        self.client
            .call_unit(Req::delete("keys.delete", path(key_ref)))
            .await
    }
}

/// June 2026 servers answer without `local_ref`: their `ref` is the name the key was created with.
fn fill_local_ref(mut key: Key) -> Key {
    if key.local_ref.is_empty() {
        key.local_ref = key.r#ref.clone();
    }
    key
}

/// `POST /api/v1/keys` body of June 2026 servers.
#[derive(serde::Serialize)]
struct PlainKeyBody {
    r#ref: String,
    name: String,
    value: serde_json::Value,
    owner_type: OwnerType,
    #[serde(skip_serializing_if = "Option::is_none")]
    encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_identity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_pack_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_action_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_sensor_ref: Option<String>,
}
