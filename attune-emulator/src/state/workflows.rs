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

/// Names of the tasks a task transitions to (`next[].do`, legacy `on_*`, `decision`).
fn transition_targets(task: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: &Value| match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string))),
        _ => {}
    };
    if let Some(next) = task.get("next").and_then(Value::as_array) {
        for t in next {
            if let Some(d) = t.get("do") {
                push(d);
            }
        }
    }
    for k in ["on_success", "on_failure", "on_complete", "on_timeout"] {
        if let Some(v) = task.get(k) {
            push(v);
        }
    }
    if let Some(dec) = task.get("decision").and_then(Value::as_array) {
        for d in dec {
            if let Some(n) = d.get("next") {
                push(n);
            }
        }
    }
    out
}

/// Validates a workflow definition: `tasks` is a non-empty array, task names are
/// present and unique, transitions name existing tasks, action tasks name an
/// action that exists and is visible (400 / 404). Returns the referenced action refs.
pub fn validate_definition(store: &Store, p: &Principal, def: &Value) -> ApiResult<Vec<String>> {
    let Some(obj) = def.as_object() else {
        return Err(ApiError::bad_request(
            "Workflow definition must be a JSON object",
        ));
    };
    let Some(tasks) = obj.get("tasks").and_then(Value::as_array) else {
        return Err(ApiError::bad_request(
            "Invalid workflow definition: 'tasks' must be a non-empty array",
        ));
    };
    if tasks.is_empty() {
        return Err(ApiError::bad_request(
            "Invalid workflow definition: workflow must have at least one task",
        ));
    }
    // flatten parallel sub-tasks
    let mut all: Vec<&Value> = Vec::new();
    for t in tasks {
        all.push(t);
        if let Some(sub) = t.get("tasks").and_then(Value::as_array) {
            all.extend(sub.iter());
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for t in &all {
        let Some(name) = t
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        else {
            return Err(ApiError::bad_request(
                "Invalid workflow definition: every task needs a non-empty 'name'",
            ));
        };
        if names.contains(&name) {
            return Err(ApiError::bad_request(format!(
                "Invalid workflow definition: duplicate task name '{name}'"
            )));
        }
        names.push(name);
    }
    let mut refs = Vec::new();
    for t in &all {
        let name = t.get("name").and_then(Value::as_str).unwrap_or_default();
        for target in transition_targets(t) {
            if !names.contains(&target.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "Invalid workflow definition: task '{name}' transitions to unknown task '{target}'"
                )));
            }
        }
        let ty = t.get("type").and_then(Value::as_str).unwrap_or("action");
        if ty == "parallel" {
            continue;
        }
        match t.get("action").and_then(Value::as_str) {
            Some(a) => {
                if super::split_component_ref(a).is_none() {
                    return Err(ApiError::bad_request(format!(
                        "Invalid workflow definition: task '{name}' has invalid action ref '{a}'"
                    )));
                }
                let ok = super::actions::find(store, a).is_some_and(|x| x.visible_to(store, p));
                if !ok {
                    return Err(ApiError::not_found(format!(
                        "Action '{a}' referenced by task '{name}' not found"
                    )));
                }
                refs.push(a.to_string());
            }
            None if t.get("tasks").is_some() => {}
            None => {
                return Err(ApiError::bad_request(format!(
                    "Invalid workflow definition: task '{name}' has no 'action'"
                )))
            }
        }
    }
    Ok(refs)
}
