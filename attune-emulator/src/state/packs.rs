//! Packs.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{now, Store};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// A pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Id.
    pub id: i64,
    /// Ref (identifier).
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// Config schema.
    pub conf_schema: Value,
    /// Config.
    pub config: Value,
    /// Meta.
    pub meta: Value,
    /// Tags.
    pub tags: Vec<String>,
    /// Runtime deps.
    pub runtime_deps: Vec<String>,
    /// Pack deps.
    pub dependencies: Vec<String>,
    /// Standard (system) pack.
    pub is_standard: bool,
    /// Worker selector.
    pub worker_selector: Value,
    /// Worker tolerations.
    pub worker_tolerations: Value,
    /// Worker affinity.
    pub worker_affinity: Value,
    /// Creator; `None` = system pack visible to everyone.
    pub owner_identity: Option<i64>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
    /// Files of a pack installed from a directory or archive (`None` for API-created packs).
    pub files: Option<crate::engine::packs::install::InstalledFiles>,
}

impl Pack {
    /// A new pack with defaults.
    pub fn new(id: i64, r: &str, label: &str, version: &str) -> Self {
        let t = now();
        Self {
            id,
            r#ref: r.to_string(),
            label: label.to_string(),
            description: None,
            version: version.to_string(),
            conf_schema: json!({}),
            config: json!({}),
            meta: json!({}),
            tags: vec![],
            runtime_deps: vec![],
            dependencies: vec![],
            is_standard: false,
            worker_selector: json!({}),
            worker_tolerations: json!([]),
            worker_affinity: json!({}),
            owner_identity: None,
            created: t,
            updated: t,
            files: None,
        }
    }

    /// `PackResponse` (with counts).
    pub fn response(&self, store: &Store) -> Value {
        let count = |n: usize| n as i64;
        json!({
            "id": self.id, "ref": self.r#ref, "label": self.label, "description": self.description,
            "version": self.version, "conf_schema": self.conf_schema, "config": self.config,
            "meta": self.meta, "tags": self.tags, "runtime_deps": self.runtime_deps,
            "dependencies": self.dependencies, "is_standard": self.is_standard,
            "worker_selector": self.worker_selector, "worker_tolerations": self.worker_tolerations,
            "worker_affinity": self.worker_affinity,
            "action_count": count(store.actions.iter().filter(|a| a.pack == self.id).count()),
            "trigger_count": count(store.triggers.iter().filter(|a| a.pack == Some(self.id)).count()),
            "rule_count": count(store.rules.iter().filter(|a| a.pack == self.id).count()),
            "sensor_count": count(store.sensors.iter().filter(|a| a.pack == Some(self.id)).count()),
            "created": self.created, "updated": self.updated,
        })
    }

    /// `PackSummary`.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "label": self.label, "description": self.description,
            "version": self.version, "tags": self.tags, "is_standard": self.is_standard,
            "created": self.created, "updated": self.updated,
        })
    }

    /// Whether the caller may see this pack: system packs are public, API-created packs owner-scoped.
    pub fn visible_to(&self, p: &Principal) -> bool {
        self.owner_identity.is_none_or(|o| o == p.identity_id)
    }

    /// Whether the pack text matches all whitespace tokens of `q`.
    pub fn matches_q(&self, q: &str) -> bool {
        matches_q(
            q,
            &[
                &self.r#ref,
                &self.label,
                self.description.as_deref().unwrap_or(""),
            ],
        )
    }
}

/// Whitespace tokens of `q` must each appear (case-insensitive) in one of `fields`.
pub fn matches_q(q: &str, fields: &[&str]) -> bool {
    let hay: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    q.split_whitespace().all(|t| {
        let t = t.to_lowercase();
        hay.iter().any(|h| h.contains(&t))
    })
}

/// Pack by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Pack> {
    store.packs.iter().find(|p| p.r#ref == r)
}

/// Pack id by ref, visible to the caller, else 404 `Pack '<ref>' not found`.
pub fn visible_id(store: &Store, p: &Principal, r: &str) -> ApiResult<i64> {
    find(store, r)
        .filter(|x| x.visible_to(p))
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found(format!("Pack '{r}' not found")))
}

/// Deletes a pack and everything it contains; returns the deleted rules `(id, ref)`.
pub fn delete_cascade(store: &mut Store, pack_id: i64) -> Vec<(i64, String)> {
    let ids = |it: Vec<i64>| it;
    for id in ids(store
        .actions
        .iter()
        .filter(|a| a.pack == pack_id)
        .map(|a| a.id)
        .collect())
    {
        store.actions.remove(id);
    }
    for id in ids(store
        .triggers
        .iter()
        .filter(|a| a.pack == Some(pack_id))
        .map(|a| a.id)
        .collect())
    {
        store.triggers.remove(id);
    }
    let rules: Vec<(i64, String)> = store
        .rules
        .iter()
        .filter(|a| a.pack == pack_id)
        .map(|a| (a.id, a.r#ref.clone()))
        .collect();
    for (id, _) in &rules {
        store.rules.remove(*id);
    }
    for id in ids(store
        .sensors
        .iter()
        .filter(|a| a.pack == Some(pack_id))
        .map(|a| a.id)
        .collect())
    {
        store.sensors.remove(id);
    }
    for id in ids(store
        .workflows
        .iter()
        .filter(|a| a.pack == pack_id)
        .map(|a| a.id)
        .collect())
    {
        store.workflows.remove(id);
    }
    for id in ids(store
        .runtimes
        .iter()
        .filter(|a| a.pack == Some(pack_id))
        .map(|a| a.id)
        .collect())
    {
        store.runtimes.remove(id);
    }
    store.packs.remove(pack_id);
    rules
}
