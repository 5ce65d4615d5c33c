//! Actions.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{now, Store};
use crate::auth::Principal;

/// An action.
#[derive(Debug, Clone)]
pub struct Action {
    /// Id.
    pub id: i64,
    /// Ref (`pack.name`).
    pub r#ref: String,
    /// Pack id.
    pub pack: i64,
    /// Pack ref.
    pub pack_ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Entrypoint (inline shell code for ad-hoc shell actions).
    pub entrypoint: String,
    /// Runtime id.
    pub runtime: Option<i64>,
    /// Runtime ref.
    pub runtime_ref: Option<String>,
    /// Runtime version constraint.
    pub runtime_version_constraint: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Parameter schema (nullable).
    pub param_schema: Value,
    /// Output schema (nullable).
    pub out_schema: Value,
    /// Workflow definition id (companion action of a workflow).
    pub workflow_def: Option<i64>,
    /// Created through the API.
    pub is_adhoc: bool,
    /// MCP access flag.
    pub accesses_mcp: bool,
    /// `public` | `private` | `restricted`.
    pub reference_visibility: String,
    /// Allow-list for restricted visibility.
    pub reference_allowed_pack_refs: Vec<String>,
    /// Default execution permission sets.
    pub default_execution_permission_set_refs: Vec<String>,
    /// Required worker runtimes.
    pub required_worker_runtimes: Value,
    /// Worker selector.
    pub worker_selector: Value,
    /// Worker tolerations.
    pub worker_tolerations: Value,
    /// Worker affinity.
    pub worker_affinity: Value,
    /// Default execution timeout.
    pub timeout_seconds: Option<i64>,
    /// Retention fields (opaque).
    pub retention: Map<String, Value>,
    /// Creator.
    pub owner_identity: Option<i64>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

fn nonempty(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(o) => !o.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

impl Action {
    /// A new action with defaults.
    pub fn new(id: i64, r: &str, pack: i64, pack_ref: &str, label: &str, entrypoint: &str) -> Self {
        let t = now();
        Self {
            id,
            r#ref: r.to_string(),
            pack,
            pack_ref: pack_ref.to_string(),
            label: label.to_string(),
            description: None,
            entrypoint: entrypoint.to_string(),
            runtime: None,
            runtime_ref: None,
            runtime_version_constraint: None,
            enabled: true,
            param_schema: Value::Null,
            out_schema: Value::Null,
            workflow_def: None,
            is_adhoc: true,
            accesses_mcp: false,
            reference_visibility: "public".into(),
            reference_allowed_pack_refs: vec![],
            default_execution_permission_set_refs: vec![],
            required_worker_runtimes: json!({}),
            worker_selector: json!({}),
            worker_tolerations: json!([]),
            worker_affinity: json!({}),
            timeout_seconds: None,
            retention: Map::new(),
            owner_identity: None,
            created: t,
            updated: t,
        }
    }

    fn common(&self) -> Map<String, Value> {
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        put("id", json!(self.id));
        put("ref", json!(self.r#ref));
        put("pack_ref", json!(self.pack_ref));
        put("label", json!(self.label));
        put("description", json!(self.description));
        put("entrypoint", json!(self.entrypoint));
        put("runtime", json!(self.runtime));
        if let Some(r) = &self.runtime_ref {
            put("runtime_ref", json!(r));
        }
        if let Some(r) = &self.runtime_version_constraint {
            put("runtime_version_constraint", json!(r));
        }
        put("enabled", json!(self.enabled));
        if let Some(w) = self.workflow_def {
            put("workflow_def", json!(w));
        }
        put("accesses_mcp", json!(self.accesses_mcp));
        put("reference_visibility", json!(self.reference_visibility));
        if !self.reference_allowed_pack_refs.is_empty() {
            put(
                "reference_allowed_pack_refs",
                json!(self.reference_allowed_pack_refs),
            );
        }
        if !self.default_execution_permission_set_refs.is_empty() {
            put(
                "default_execution_permission_set_refs",
                json!(self.default_execution_permission_set_refs),
            );
        }
        for (k, v) in [
            ("required_worker_runtimes", &self.required_worker_runtimes),
            ("worker_selector", &self.worker_selector),
            ("worker_tolerations", &self.worker_tolerations),
            ("worker_affinity", &self.worker_affinity),
        ] {
            if nonempty(v) {
                put(k, v.clone());
            }
        }
        if let Some(t) = self.timeout_seconds {
            put("timeout_seconds", json!(t));
        }
        for (k, v) in &self.retention {
            put(k, v.clone());
        }
        put("created", json!(self.created));
        put("updated", json!(self.updated));
        m
    }

    /// `ActionResponse`.
    pub fn response(&self) -> Value {
        let mut m = self.common();
        m.insert("pack".into(), json!(self.pack));
        m.insert("is_adhoc".into(), json!(self.is_adhoc));
        m.insert("param_schema".into(), self.param_schema.clone());
        m.insert("out_schema".into(), self.out_schema.clone());
        Value::Object(m)
    }

    /// `ActionSummary`.
    pub fn summary(&self) -> Value {
        Value::Object(self.common())
    }

    /// `ActionSearchHit`.
    pub fn search_hit(&self) -> Value {
        json!({
            "ref": self.r#ref, "label": self.label, "description": self.description,
            "pack_ref": self.pack_ref, "runtime_ref": self.runtime_ref,
            "is_workflow": self.workflow_def.is_some(), "accesses_mcp": self.accesses_mcp,
            "reference_visibility": self.reference_visibility,
        })
    }

    /// Visibility: public actions are visible to everyone; others need a global
    /// `actions:read` grant or ownership of the pack.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        if self.reference_visibility == "public" {
            // still hidden when it lives in a pack the caller cannot see
            return store.packs.get(self.pack).is_none_or(|pk| pk.visible_to(p));
        }
        if self.owner_identity == Some(p.identity_id) {
            return true;
        }
        if p.can_global("actions", "read") {
            return store.packs.get(self.pack).is_none_or(|pk| pk.visible_to(p));
        }
        store
            .packs
            .get(self.pack)
            .is_some_and(|pk| pk.owner_identity == Some(p.identity_id))
    }
}

/// Action by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Action> {
    store.actions.iter().find(|a| a.r#ref == r)
}
