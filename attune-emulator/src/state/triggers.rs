//! Triggers (including webhook settings).

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{now, Store};
use crate::auth::Principal;

/// A trigger.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Id.
    pub id: i64,
    /// Ref.
    pub r#ref: String,
    /// Pack id (a trigger may be pack-less).
    pub pack: Option<i64>,
    /// Pack ref.
    pub pack_ref: Option<String>,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Parameter schema (rule `trigger_params`), nullable.
    pub param_schema: Value,
    /// Output (payload) schema, nullable.
    pub out_schema: Value,
    /// Webhooks enabled.
    pub webhook_enabled: bool,
    /// Webhook key (kept when disabled).
    pub webhook_key: Option<String>,
    /// Per-trigger webhook config (pack-YAML only; never set through the API).
    pub webhook_config: Option<Value>,
    /// Created through the API.
    pub is_adhoc: bool,
    /// `public` | `private` | `restricted`.
    pub reference_visibility: String,
    /// Allow-list.
    pub reference_allowed_pack_refs: Vec<String>,
    /// Sensor id.
    pub sensor: Option<i64>,
    /// Sensor ref.
    pub sensor_ref: Option<String>,
    /// Creator.
    pub owner_identity: Option<i64>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

impl Trigger {
    /// A new trigger with defaults.
    pub fn new(id: i64, r: &str, pack: Option<(i64, String)>, label: &str) -> Self {
        let t = now();
        Self {
            id,
            r#ref: r.to_string(),
            pack: pack.as_ref().map(|p| p.0),
            pack_ref: pack.map(|p| p.1),
            label: label.to_string(),
            description: None,
            enabled: true,
            param_schema: Value::Null,
            out_schema: Value::Null,
            webhook_enabled: false,
            webhook_key: None,
            webhook_config: None,
            is_adhoc: true,
            reference_visibility: "public".into(),
            reference_allowed_pack_refs: vec![],
            sensor: None,
            sensor_ref: None,
            owner_identity: None,
            created: t,
            updated: t,
        }
    }

    /// `TriggerResponse` (`webhook_key` only while webhooks are enabled).
    pub fn response(&self) -> Value {
        let mut m: Map<String, Value> = json!({
            "id": self.id, "ref": self.r#ref, "pack": self.pack, "pack_ref": self.pack_ref,
            "label": self.label, "description": self.description, "enabled": self.enabled,
            "param_schema": self.param_schema, "out_schema": self.out_schema,
            "webhook_enabled": self.webhook_enabled, "is_adhoc": self.is_adhoc,
            "reference_visibility": self.reference_visibility,
            "created": self.created, "updated": self.updated,
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        if self.webhook_enabled {
            if let Some(k) = &self.webhook_key {
                m.insert("webhook_key".into(), json!(k));
            }
        }
        if !self.reference_allowed_pack_refs.is_empty() {
            m.insert(
                "reference_allowed_pack_refs".into(),
                json!(self.reference_allowed_pack_refs),
            );
        }
        if let Some(s) = self.sensor {
            m.insert("sensor".into(), json!(s));
            m.insert("sensor_ref".into(), json!(self.sensor_ref));
        }
        Value::Object(m)
    }

    /// `TriggerSummary`.
    pub fn summary(&self) -> Value {
        let mut v = json!({
            "id": self.id, "ref": self.r#ref, "pack_ref": self.pack_ref, "label": self.label,
            "description": self.description, "enabled": self.enabled,
            "webhook_enabled": self.webhook_enabled,
            "reference_visibility": self.reference_visibility,
            "created": self.created, "updated": self.updated,
        });
        if !self.reference_allowed_pack_refs.is_empty() {
            v["reference_allowed_pack_refs"] = json!(self.reference_allowed_pack_refs);
        }
        v
    }

    /// Visibility (same model as actions).
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        let pack_visible = self
            .pack
            .and_then(|id| store.packs.get(id))
            .is_none_or(|pk| pk.visible_to(p));
        if self.reference_visibility == "public" {
            return pack_visible || self.owner_identity == Some(p.identity_id);
        }
        self.owner_identity == Some(p.identity_id)
            || (p.can_global("triggers", "read") && pack_visible)
    }
}

/// Trigger by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Trigger> {
    store.triggers.iter().find(|t| t.r#ref == r)
}

/// Trigger by webhook key.
pub fn find_by_webhook_key<'a>(store: &'a Store, key: &str) -> Option<&'a Trigger> {
    store
        .triggers
        .iter()
        .find(|t| t.webhook_key.as_deref() == Some(key))
}

/// A fresh webhook key: `wh_` + 36 lowercase alphanumerics.
pub fn new_webhook_key() -> String {
    format!("wh_{}", crate::auth::crypto::random_alnum(36))
}
