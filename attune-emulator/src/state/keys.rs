//! Keys (the key/value store), encrypted at rest with AES-256-GCM.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{is_identifier, now, Store};
use crate::auth::crypto::Cipher;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// A stored value.
#[derive(Debug, Clone)]
pub enum StoredValue {
    /// Plain JSON.
    Plain(Value),
    /// `base64(nonce || ciphertext)` of the JSON text.
    Encrypted(String),
}

/// A key.
#[derive(Debug, Clone)]
pub struct Key {
    /// Id.
    pub id: i64,
    /// Canonical ref (`system.x`, `identity.<login>.x`, `pack.<p>.x`, ...).
    pub r#ref: String,
    /// Local ref within the owner scope.
    pub local_ref: String,
    /// `system` | `identity` | `pack` | `action` | `sensor`.
    pub owner_type: String,
    /// Authoritative owner reference (login / pack ref / action ref / sensor ref).
    pub owner: Option<String>,
    /// Owner identity id.
    pub owner_identity: Option<i64>,
    /// Owner pack id.
    pub owner_pack: Option<i64>,
    /// Owner pack ref.
    pub owner_pack_ref: Option<String>,
    /// Owner action id.
    pub owner_action: Option<i64>,
    /// Owner action ref.
    pub owner_action_ref: Option<String>,
    /// Owner sensor id.
    pub owner_sensor: Option<i64>,
    /// Owner sensor ref.
    pub owner_sensor_ref: Option<String>,
    /// Name (used as variable name when delivered to actions).
    pub name: String,
    /// Encrypted flag.
    pub encrypted: bool,
    /// Value.
    pub value: StoredValue,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

/// Encrypts (or not) a value for storage.
pub fn store_value(cipher: &Cipher, value: Value, encrypted: bool) -> ApiResult<StoredValue> {
    if encrypted {
        let text = serde_json::to_vec(&value).map_err(|e| ApiError::internal(e.to_string()))?;
        cipher
            .encrypt(&text)
            .map(StoredValue::Encrypted)
            .map_err(ApiError::bad_request)
    } else {
        Ok(StoredValue::Plain(value))
    }
}

impl Key {
    /// Plaintext value (decrypting if needed).
    pub fn plaintext(&self, cipher: &Cipher) -> Option<Value> {
        match &self.value {
            StoredValue::Plain(v) => Some(v.clone()),
            StoredValue::Encrypted(c) => cipher
                .decrypt(c)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok()),
        }
    }

    /// `KeyResponse`; encrypted values are shown only when `decrypt` is true (else `null`).
    pub fn response(&self, cipher: &Cipher, decrypt: bool) -> Value {
        let value = if self.encrypted && !decrypt {
            Value::Null
        } else {
            self.plaintext(cipher).unwrap_or(Value::Null)
        };
        json!({
            "id": self.id, "ref": self.r#ref, "local_ref": self.local_ref,
            "owner_type": self.owner_type, "owner": self.owner,
            "owner_identity": self.owner_identity, "owner_pack": self.owner_pack,
            "owner_pack_ref": self.owner_pack_ref, "owner_action": self.owner_action,
            "owner_action_ref": self.owner_action_ref, "owner_sensor": self.owner_sensor,
            "owner_sensor_ref": self.owner_sensor_ref, "name": self.name,
            "encrypted": self.encrypted, "value": value,
            "created": self.created, "updated": self.updated,
        })
    }

    /// `KeySummary` (no value).
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "local_ref": self.local_ref,
            "owner_type": self.owner_type, "owner": self.owner, "name": self.name,
            "encrypted": self.encrypted, "created": self.created,
        })
    }

    /// Identity keys: owner only (even admins get 404). Others: any `keys:read` grant
    /// (pack keys of packs the caller can see).
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        if self.owner_type == "identity" {
            return self.owner_identity == Some(p.identity_id);
        }
        if !p.can("keys", "read") {
            return false;
        }
        match self.owner_pack.and_then(|id| store.packs.get(id)) {
            Some(pk) => pk.visible_to(p),
            None => true,
        }
    }
}

/// The owner selectors of a create request.
#[derive(Debug, Clone, Default)]
pub struct OwnerSelector {
    /// `owner_type`.
    pub owner_type: String,
    /// `owner_identity_login`.
    pub identity_login: Option<String>,
    /// `owner_identity` (older servers: numeric id).
    pub identity_id: Option<i64>,
    /// `owner_pack_ref`.
    pub pack_ref: Option<String>,
    /// `owner_action_ref`.
    pub action_ref: Option<String>,
    /// `owner_sensor_ref`.
    pub sensor_ref: Option<String>,
    /// Older free-form `owner`.
    pub owner: Option<String>,
    /// `owner_pack` (older servers: numeric pack id).
    pub pack_id: Option<i64>,
    /// `owner_action` (older servers: numeric action id).
    pub action_id: Option<i64>,
    /// `owner_sensor` (older servers: numeric sensor id).
    pub sensor_id: Option<i64>,
}

/// Checks a local ref: 1..63 bytes, `[a-z0-9][a-z0-9_-]*`.
pub fn valid_local_ref(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A fully resolved owner.
#[derive(Debug, Clone, Default)]
pub struct ResolvedOwner {
    /// Canonical ref prefix (`system`, `identity.<login>`, ...).
    pub prefix: String,
    /// `owner` column.
    pub owner: Option<String>,
    /// Identity id.
    pub identity: Option<i64>,
    /// Pack id/ref.
    pub pack: Option<(i64, String)>,
    /// Action id/ref.
    pub action: Option<(i64, String)>,
    /// Sensor id/ref.
    pub sensor: Option<(i64, String)>,
}

/// Resolves owner selectors (400 when an owner ref does not exist or is missing).
pub fn resolve_owner(
    store: &Store,
    p: &Principal,
    sel: &OwnerSelector,
) -> ApiResult<ResolvedOwner> {
    let missing = |what: &str| {
        ApiError::bad_request(format!("owner_type '{}' requires {what}", sel.owner_type))
    };
    match sel.owner_type.as_str() {
        "system" => Ok(ResolvedOwner {
            prefix: "system".into(),
            owner: Some("system".into()),
            ..Default::default()
        }),
        "identity" => {
            let ident = if let Some(l) = sel.identity_login.as_deref().or(sel.owner.as_deref()) {
                super::identities::find_by_login(store, l)
                    .ok_or_else(|| ApiError::bad_request(format!("Identity '{l}' not found")))?
            } else if let Some(id) = sel.identity_id {
                store
                    .identities
                    .get(id)
                    .ok_or_else(|| ApiError::bad_request(format!("Identity {id} not found")))?
            } else {
                store
                    .identities
                    .get(p.identity_id)
                    .ok_or_else(|| missing("owner_identity_login"))?
            };
            if ident.id != p.identity_id {
                return Err(ApiError::forbidden(
                    "Cannot create keys owned by another identity",
                ));
            }
            Ok(ResolvedOwner {
                prefix: format!("identity.{}", ident.login),
                owner: Some(ident.login.clone()),
                identity: Some(ident.id),
                ..Default::default()
            })
        }
        "pack" => {
            let by_id = sel
                .pack_id
                .and_then(|id| store.packs.get(id))
                .map(|x| x.r#ref.clone());
            let r = sel
                .pack_ref
                .as_deref()
                .or(by_id.as_deref())
                .or(sel.owner.as_deref())
                .ok_or_else(|| missing("owner_pack_ref"))?;
            let pk = super::packs::find(store, r)
                .filter(|x| x.visible_to(p))
                .ok_or_else(|| ApiError::bad_request(format!("Pack '{r}' not found")))?;
            Ok(ResolvedOwner {
                prefix: format!("pack.{}", pk.r#ref),
                owner: Some(pk.r#ref.clone()),
                pack: Some((pk.id, pk.r#ref.clone())),
                ..Default::default()
            })
        }
        "action" => {
            let by_id = sel
                .action_id
                .and_then(|id| store.actions.get(id))
                .map(|x| x.r#ref.clone());
            let r = sel
                .action_ref
                .as_deref()
                .or(by_id.as_deref())
                .or(sel.owner.as_deref())
                .ok_or_else(|| missing("owner_action_ref"))?;
            let a = super::actions::find(store, r)
                .filter(|x| x.visible_to(store, p))
                .ok_or_else(|| ApiError::bad_request(format!("Action '{r}' not found")))?;
            Ok(ResolvedOwner {
                prefix: format!("action.{}", a.r#ref),
                owner: Some(a.r#ref.clone()),
                action: Some((a.id, a.r#ref.clone())),
                pack: Some((a.pack, a.pack_ref.clone())),
                ..Default::default()
            })
        }
        "sensor" => {
            let by_id = sel
                .sensor_id
                .and_then(|id| store.sensors.get(id))
                .map(|x| x.r#ref.clone());
            let r = sel
                .sensor_ref
                .as_deref()
                .or(by_id.as_deref())
                .or(sel.owner.as_deref())
                .ok_or_else(|| missing("owner_sensor_ref"))?;
            let s = super::sensors::find(store, r)
                .ok_or_else(|| ApiError::bad_request(format!("Sensor '{r}' not found")))?;
            Ok(ResolvedOwner {
                prefix: format!("sensor.{}", s.r#ref),
                owner: Some(s.r#ref.clone()),
                sensor: Some((s.id, s.r#ref.clone())),
                ..Default::default()
            })
        }
        other => Err(ApiError::validation(format!(
            "owner_type: unknown variant '{other}', expected one of system, identity, pack, action, sensor"
        ))),
    }
}

/// Checks an older-generation plain `ref` (stored exactly as given; dots allowed):
/// 1..=255 characters of letters, digits, `_`, `-`, `.`, not starting or ending with `.`.
pub fn valid_plain_ref(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && !s.starts_with('.')
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// How a new key's ref is given.
#[derive(Debug, Clone)]
pub enum NewRef {
    /// Newer generation: a local ref, prefixed with the owner's canonical prefix.
    Local(String),
    /// Older generation: a plain `ref` stored exactly as sent.
    Plain(String),
}

/// Creates a key (409 on duplicate ref).
#[allow(clippy::too_many_arguments)]
pub fn create(
    store: &mut Store,
    cipher: &Cipher,
    owner: ResolvedOwner,
    owner_type: &str,
    new_ref: NewRef,
    name: &str,
    value: Value,
    encrypted: bool,
) -> ApiResult<i64> {
    let (canonical, local_ref) = match new_ref {
        NewRef::Local(l) => (format!("{}.{}", owner.prefix, l), l),
        NewRef::Plain(r) => (r.clone(), r),
    };
    if store.keys.iter().any(|k| k.r#ref == canonical) {
        return Err(ApiError::conflict(format!(
            "Key with ref '{canonical}' already exists"
        )));
    }
    let stored = store_value(cipher, value, encrypted)?;
    let t = now();
    Ok(store.keys.insert_with(|id| Key {
        id,
        r#ref: canonical,
        local_ref,
        owner_type: owner_type.to_string(),
        owner: owner.owner,
        owner_identity: owner.identity,
        owner_pack: owner.pack.as_ref().map(|p| p.0),
        owner_pack_ref: owner.pack.map(|p| p.1),
        owner_action: owner.action.as_ref().map(|p| p.0),
        owner_action_ref: owner.action.map(|p| p.1),
        owner_sensor: owner.sensor.as_ref().map(|p| p.0),
        owner_sensor_ref: owner.sensor.map(|p| p.1),
        name: name.to_string(),
        encrypted,
        value: stored,
        created: t,
        updated: t,
    }))
}

/// Key id by path ref: exact canonical ref; a bare identifier resolves to `system.<ref>`;
/// the caller's identity key with that local ref is tried last.
pub fn lookup(store: &Store, p: &Principal, r: &str) -> Option<i64> {
    if let Some(k) = store.keys.iter().find(|k| k.r#ref == r) {
        return Some(k.id);
    }
    if !r.contains('.') && is_identifier_like(r) {
        let sys = format!("system.{r}");
        if let Some(k) = store.keys.iter().find(|k| k.r#ref == sys) {
            return Some(k.id);
        }
        let own = format!("identity.{}.{r}", p.login);
        if let Some(k) = store.keys.iter().find(|k| k.r#ref == own) {
            return Some(k.id);
        }
    }
    None
}

fn is_identifier_like(s: &str) -> bool {
    is_identifier(s) || valid_local_ref(s)
}

/// Decrypted keys delivered to an action: system keys, then the action's pack keys,
/// then the action's own keys (later override earlier), keyed by key `name`.
pub fn values_for_action(
    store: &Store,
    cipher: &Cipher,
    action_ref: &str,
    pack_ref: &str,
) -> std::collections::BTreeMap<String, Value> {
    let mut out = std::collections::BTreeMap::new();
    let layers: [&dyn Fn(&Key) -> bool; 3] = [
        &|k: &Key| k.owner_type == "system",
        &|k: &Key| k.owner_type == "pack" && k.owner_pack_ref.as_deref() == Some(pack_ref),
        &|k: &Key| k.owner_type == "action" && k.owner_action_ref.as_deref() == Some(action_ref),
    ];
    for layer in layers {
        for k in store.keys.iter().filter(|k| layer(k)) {
            if let Some(v) = k.plaintext(cipher) {
                out.insert(k.name.clone(), v);
            }
        }
    }
    out
}
