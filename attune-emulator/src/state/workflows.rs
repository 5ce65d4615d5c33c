//! Workflow definitions (each backed by a companion action with the same ref).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::Store;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// A workflow definition.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// Id.
    pub id: i64,
    /// Ref.
    pub r#ref: String,
    /// Pack id.
    pub pack: i64,
    /// Pack ref.
    pub pack_ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// Param schema (nullable).
    pub param_schema: Value,
    /// Out schema (nullable).
    pub out_schema: Value,
    /// Definition (tasks, vars, output_map, ...).
    pub definition: Value,
    /// Tags.
    pub tags: Vec<String>,
    /// Companion action id.
    pub action: Option<i64>,
    /// Creator.
    pub owner_identity: Option<i64>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

impl Workflow {
    /// `WorkflowResponse`.
    pub fn response(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "pack": self.pack, "pack_ref": self.pack_ref,
            "label": self.label, "description": self.description, "version": self.version,
            "param_schema": self.param_schema, "out_schema": self.out_schema,
            "definition": self.definition, "tags": self.tags,
            "created": self.created, "updated": self.updated,
        })
    }
    /// `WorkflowSummary`.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "pack_ref": self.pack_ref, "label": self.label,
            "description": self.description, "version": self.version, "tags": self.tags,
            "created": self.created, "updated": self.updated,
        })
    }
    /// Visible when its pack is visible.
    pub fn visible_to(&self, store: &Store, p: &Principal) -> bool {
        store.packs.get(self.pack).is_none_or(|pk| pk.visible_to(p))
    }
}

/// Workflow by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Workflow> {
    store.workflows.iter().find(|w| w.r#ref == r)
}

/// Validates a workflow definition with the engine's validator
/// ([`parse_and_validate`](crate::engine::workflow::parse_and_validate)): structure,
/// transitions, retry/timeout/concurrency fields, and that every task action
/// exists and is visible to the caller. Every violation is a 400, as the real server.
pub fn validate_definition(
    store: &Store,
    p: &Principal,
    workflow_ref: &str,
    def: &Value,
) -> ApiResult<()> {
    use crate::engine::workflow::{parse_and_validate, ActionLookup};
    if !def.is_object() {
        return Err(ApiError::bad_request(
            "Workflow definition must be a JSON object",
        ));
    }
    let mut def = def.clone();
    if let Some(o) = def.as_object_mut() {
        o.entry("ref").or_insert_with(|| json!(workflow_ref));
    }
    let lookup = |r: &str| match super::actions::find(store, r) {
        Some(a) if a.visible_to(store, p) => ActionLookup::Found {
            is_workflow: a.workflow_def.is_some(),
        },
        _ => ActionLookup::NotFound,
    };
    parse_and_validate(&def, &lookup)
        .map(|_| ())
        .map_err(|e| ApiError::bad_request(e.message().to_string()))
}
