//! `/api/v1/keys` (the key/value store).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::Value;

use super::{field, required, S};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, JsonBody, Obj};
use crate::http::pagination::per_page_scheme;
use crate::http::response::{created, deleted, ok_msg, raw};
use crate::state::keys::{self, Key, OwnerSelector};
use crate::state::{check_len, now, Store};

/// Key routes.
pub fn router() -> Router<S> {
    Router::new()
        .route("/keys", get(list).post(create))
        .route("/keys/{ref}", get(get_one).put(update).delete(delete))
}

/// List query (`page`/`per_page`, totals always, no clamp).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    owner_type: Option<OwnerTypeParam>,
    owner: Option<String>,
    page: Option<u32>,
    per_page: Option<u32>,
}

/// The real server's `OwnerType` enum: any other `owner_type` is a 400 query rejection.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerTypeParam {
    /// `system`
    System,
    /// `identity`
    Identity,
    /// `pack`
    Pack,
    /// `action`
    Action,
    /// `sensor`
    Sensor,
}

impl OwnerTypeParam {
    fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Identity => "identity",
            Self::Pack => "pack",
            Self::Action => "action",
            Self::Sensor => "sensor",
        }
    }
}

async fn list(
    State(st): State<S>,
    Auth(p): Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    p.require("keys", "read")?;
    let store = st.store.lock();
    let items = store
        .keys
        .newest_first()
        .filter(|k| q.owner_type.is_none_or(|t| k.owner_type == t.as_str()))
        .filter(|k| {
            q.owner
                .as_deref()
                .is_none_or(|o| k.owner.as_deref() == Some(o))
        })
        .filter(|k| k.visible_to(&store, &p))
        .map(Key::summary)
        .collect();
    Ok(raw(per_page_scheme(items, q.page, q.per_page, true, false)))
}

fn can_decrypt(p: &Principal, k: &Key) -> bool {
    (k.owner_type == "identity" && k.owner_identity == Some(p.identity_id))
        || p.can("keys", "decrypt")
}

fn owner_may(p: &Principal, k: &Key, action: &str) -> ApiResult<()> {
    if k.owner_type == "identity" && k.owner_identity == Some(p.identity_id) {
        return Ok(());
    }
    p.require("keys", action)
}

async fn create(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let local: Option<String> = field(&body, "local_ref")?;
    let older_ref: Option<String> = field(&body, "ref")?;
    let name: String = required(&body, "name")?;
    let owner_type: String = required(&body, "owner_type")?;
    let value = match body.get("value") {
        Some(v) => v.clone(),
        None => {
            let missing: ApiResult<Value> = required(&body, "value");
            return Err(missing
                .err()
                .unwrap_or_else(|| ApiError::validation("missing field `value`")));
        }
    };
    let encrypted: Option<bool> = field(&body, "encrypted")?;
    let sel = OwnerSelector {
        owner_type: owner_type.clone(),
        identity_login: field(&body, "owner_identity_login")?,
        identity_id: field(&body, "owner_identity")?,
        pack_ref: field::<String>(&body, "owner_pack_ref")?,
        action_ref: field(&body, "owner_action_ref")?,
        sensor_ref: field(&body, "owner_sensor_ref")?,
        owner: match body.get("owner") {
            Some(Value::String(_)) => field(&body, "owner")?,
            _ => None,
        },
        pack_id: field(&body, "owner_pack")?,
        action_id: field(&body, "owner_action")?,
        sensor_id: field(&body, "owner_sensor")?,
    };
    check_len("name", &name, 1, 255)?;
    let mut store = st.store.lock();
    p.require("keys", "create")?;
    let owner = keys::resolve_owner(&store, &p, &sel)?;
    let new_ref = match (local, older_ref) {
        (Some(l), _) => {
            if !keys::valid_local_ref(&l) {
                return Err(ApiError::validation(format!(
                    "local_ref: '{l}' must be 1-63 characters of [a-z0-9_-], starting with a letter or digit"
                )));
            }
            keys::NewRef::Local(l)
        }
        // Older generation: the plain `ref` is stored exactly as given (dots allowed).
        (None, Some(r)) => {
            if !keys::valid_plain_ref(&r) {
                return Err(ApiError::validation(format!(
                    "ref: '{r}' must be 1-255 characters of [A-Za-z0-9_.-]"
                )));
            }
            keys::NewRef::Plain(r)
        }
        (None, None) => {
            let missing: ApiResult<String> = required(&body, "local_ref");
            return Err(missing
                .err()
                .unwrap_or_else(|| ApiError::validation("missing field `local_ref`")));
        }
    };
    let id = keys::create(
        &mut store,
        &st.cipher,
        owner,
        &owner_type,
        new_ref,
        &name,
        value,
        encrypted.unwrap_or(false),
    )?;
    let v = store
        .keys
        .get(id)
        .map(|k| k.response(&st.cipher, true))
        .unwrap_or_default();
    Ok(created(v, "Key created successfully"))
}

fn visible_key(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    keys::lookup(store, p, r)
        .filter(|id| store.keys.get(*id).is_some_and(|k| k.visible_to(store, p)))
        .ok_or_else(|| ApiError::not_found(format!("Key '{r}' not found")))
}

/// Older servers' `decrypt` query (accepted, not required).
#[derive(Debug, Deserialize)]
pub struct GetQuery {
    #[allow(dead_code)]
    decrypt: Option<bool>,
}

async fn get_one(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    Query(_q): Query<GetQuery>,
) -> ApiResult<Response> {
    let store = st.store.lock();
    let id = visible_key(&store, &p, &r)?;
    let k = store
        .keys
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("Key '{r}' not found")))?;
    Ok(crate::http::response::ok(
        k.response(&st.cipher, can_decrypt(&p, k)),
    ))
}

async fn update(
    State(st): State<S>,
    Auth(p): Auth,
    Path(r): Path<String>,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let name: Option<String> = field(&body, "name")?;
    let encrypted: Option<bool> = field(&body, "encrypted")?;
    if let Some(n) = &name {
        check_len("name", n, 1, 255)?;
    }
    let mut store = st.store.lock();
    let id = visible_key(&store, &p, &r)?;
    let k = store
        .keys
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("Key '{r}' not found")))?;
    owner_may(&p, k, "update")?;
    let decrypt = can_decrypt(&p, k);
    let current = k.plaintext(&st.cipher).unwrap_or(Value::Null);
    let new_value = body.get("value").cloned().unwrap_or(current);
    let enc = encrypted.unwrap_or(k.encrypted);
    let stored = keys::store_value(&st.cipher, new_value, enc)?;
    let Some(k) = store.keys.get_mut(id) else {
        return Err(ApiError::not_found(format!("Key '{r}' not found")));
    };
    if let Some(n) = name {
        k.name = n;
    }
    k.encrypted = enc;
    k.value = stored;
    k.updated = now();
    Ok(ok_msg(
        k.response(&st.cipher, decrypt),
        "Key updated successfully",
    ))
}

async fn delete(State(st): State<S>, Auth(p): Auth, Path(r): Path<String>) -> ApiResult<Response> {
    let mut store = st.store.lock();
    let id = visible_key(&store, &p, &r)?;
    let k = store
        .keys
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("Key '{r}' not found")))?;
    owner_may(&p, k, "delete")?;
    store.keys.remove(id);
    Ok(deleted("Key deleted successfully"))
}
