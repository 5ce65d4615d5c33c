//! Workflow models, including a typed workflow definition.

#![allow(clippy::derivable_impls)]

#[allow(unused_imports)]
use crate::models::common::*;
#[allow(unused_imports)]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl CreateWorkflowRequest {
    /// A workflow from a raw JSON definition (the escape hatch); schemas default to `{}`.
    pub fn new(
        r#ref: impl Into<String>,
        pack_ref: impl Into<String>,
        label: impl Into<String>,
        version: impl Into<String>,
        definition: impl Into<serde_json::Value>,
    ) -> Self {
        CreateWorkflowRequest {
            r#ref: r#ref.into(),
            pack_ref: pack_ref.into(),
            label: label.into(),
            version: version.into(),
            definition: definition.into(),
            param_schema: empty_object(),
            out_schema: empty_object(),
            description: None,
            tags: None,
        }
    }

    /// A workflow from a typed definition (its ref, label and version are reused).
    pub fn from_definition(
        pack_ref: impl Into<String>,
        definition: &WorkflowDefinition,
    ) -> crate::Result<Self> {
        let json =
            serde_json::to_value(definition).map_err(|e| crate::Error::Encode(e.to_string()))?;
        let mut req = Self::new(
            definition.r#ref.clone(),
            pack_ref,
            definition.label.clone(),
            definition.version.clone(),
            json,
        );
        req.description = definition.description.clone();
        if let Some(p) = &definition.parameters {
            req.param_schema = p.clone();
        }
        if let Some(o) = &definition.output {
            req.out_schema = o.clone();
        }
        Ok(req)
    }
}

setters!(CreateWorkflowRequest {
    /// Set the parameter schema.
    with_param_schema(param_schema: = into serde_json::Value),
    /// Set the output schema.
    with_out_schema(out_schema: = into serde_json::Value),
});

impl WorkflowDefinition {
    /// A definition with the given tasks.
    pub fn new(
        r#ref: impl Into<String>,
        label: impl Into<String>,
        version: impl Into<String>,
        tasks: Vec<WorkflowTask>,
    ) -> Self {
        WorkflowDefinition {
            r#ref: r#ref.into(),
            label: label.into(),
            version: version.into(),
            tasks,
            ..Default::default()
        }
    }
}

impl WorkflowTask {
    /// An action task.
    pub fn action(name: impl Into<String>, action: impl Into<String>) -> Self {
        WorkflowTask {
            name: name.into(),
            action: Some(action.into()),
            ..Default::default()
        }
    }

    /// Set the input map from a JSON object (non-objects are ignored).
    pub fn with_input_json(mut self, input: serde_json::Value) -> Self {
        if let serde_json::Value::Object(map) = input {
            self.input = Some(map);
        }
        self
    }

    /// Append a transition.
    pub fn then(mut self, t: Transition) -> Self {
        self.next.get_or_insert_with(Vec::new).push(t);
        self
    }
}

impl Transition {
    /// Transition to `tasks` when `when` holds.
    pub fn on(when: impl Into<String>, tasks: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Transition {
            when: Some(when.into()),
            publish: None,
            r#do: Some(tasks.into_iter().map(Into::into).collect()),
        }
    }
}

/// A workflow (`WorkflowResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Workflow {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Id of the owning pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<i64>,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version string.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub version: String,
    /// Parameter schema (Attune's flat schema object).
    #[serde(default)]
    pub param_schema: serde_json::Value,
    /// Output schema (Attune's flat schema object).
    #[serde(default)]
    pub out_schema: serde_json::Value,
    /// The definition as JSON (see [`WorkflowDefinition`]).
    #[serde(default)]
    pub definition: serde_json::Value,
    /// Tags.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub tags: Vec<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// A workflow in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkflowSummary {
    /// Numeric id.
    pub id: i64,
    /// Canonical reference (e.g. `pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version string.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub version: String,
    /// Tags.
    #[serde(default, deserialize_with = "crate::models::common::null_as_default")]
    pub tags: Vec<String>,
    /// Creation timestamp.
    pub created: DateTime<Utc>,
    /// Last update timestamp.
    pub updated: DateTime<Utc>,
}

/// Body of `POST /api/v1/workflows`. Build `definition` from a [`WorkflowDefinition`] or pass raw JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateWorkflowRequest {
    /// Workflow ref (`pack.name`).
    pub r#ref: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Version string.
    pub version: String,
    /// Definition JSON.
    pub definition: serde_json::Value,
    /// Parameter schema (`{}` when empty).
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub param_schema: serde_json::Value,
    /// Output schema (`{}` when empty).
    #[serde(
        default = "crate::models::common::empty_object",
        deserialize_with = "crate::models::common::null_as_empty_object"
    )]
    pub out_schema: serde_json::Value,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

setters!(CreateWorkflowRequest {
    /// Set `description`.
    with_description(description: into String),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
});

/// Body of `PUT /api/v1/workflows/{ref}`; `definition`, `param_schema`, `out_schema` are always sent (`null` = keep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateWorkflowRequest {
    /// New definition (`None` = keep).
    #[serde(default)]
    pub definition: Option<serde_json::Value>,
    /// New parameter schema (`None` = keep).
    #[serde(default)]
    pub param_schema: Option<serde_json::Value>,
    /// New output schema (`None` = keep).
    #[serde(default)]
    pub out_schema: Option<serde_json::Value>,
    /// Human-readable label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

setters!(UpdateWorkflowRequest {
    /// Set `label`.
    with_label(label: into String),
    /// Set `description`.
    with_description(description: into String),
    /// Set `version`.
    with_version(version: into String),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
});

/// Query of `GET /api/v1/workflows`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListWorkflowsParams {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Tag filter (sent comma-separated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Search text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Pack filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_ref: Option<String>,
}

setters!(ListWorkflowsParams {
    /// Set `page`.
    with_page(page: u32),
    /// Set `page_size`.
    with_page_size(page_size: u32),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
    /// Set `search`.
    with_search(search: into String),
    /// Set `pack_ref`.
    with_pack_ref(pack_ref: into String),
});

/// Typed workflow definition (the workflow YAML as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkflowDefinition {
    /// Workflow ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// Parameter schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<serde_json::Value>,
    /// Output schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<serde_json::Value>,
    /// Initial variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vars: Option<serde_json::Map<String, serde_json::Value>>,
    /// Tasks (at least one).
    pub tasks: Vec<WorkflowTask>,
    /// Output mapping (`name` → template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_map: Option<serde_json::Map<String, serde_json::Value>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// `allow_finish` (default) or `cancel_running`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_policy: Option<String>,
}

setters!(WorkflowDefinition {
    /// Set `description`.
    with_description(description: into String),
    /// Set `parameters`.
    with_parameters(parameters: into serde_json::Value),
    /// Set `output`.
    with_output(output: into serde_json::Value),
    /// Set `vars`.
    with_vars(vars: serde_json::Map<String, serde_json::Value>),
    /// Set `output_map`.
    with_output_map(output_map: serde_json::Map<String, serde_json::Value>),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
    /// Set `cancellation_policy`.
    with_cancellation_policy(cancellation_policy: into String),
});

/// One workflow task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkflowTask {
    /// Unique task name.
    pub name: String,
    /// `action` (default), `parallel` or `workflow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Action ref (action tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Input parameters (values may be templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<serde_json::Map<String, serde_json::Value>>,
    /// Task-level guard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Items template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_items: Option<serde_json::Value>,
    /// Batch size for `with_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<i64>,
    /// Concurrency for `with_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<i64>,
    /// Retry configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<TaskRetry>,
    /// Timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Join count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<i64>,
    /// Sub-tasks of a parallel task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<WorkflowTask>>,
    /// Transitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Vec<Transition>>,
    /// Permission sets for the task's execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_set_refs: Option<Vec<String>>,
}

setters!(WorkflowTask {
    /// Set `type`.
    with_type(r#type: into String),
});

setters!(WorkflowTask {
    /// Set `action`.
    with_action(action: into String),
    /// Set `input`.
    with_input(input: serde_json::Map<String, serde_json::Value>),
    /// Set `when`.
    with_when(when: into String),
    /// Set `with_items`.
    with_with_items(with_items: into serde_json::Value),
    /// Set `batch_size`.
    with_batch_size(batch_size: i64),
    /// Set `concurrency`.
    with_concurrency(concurrency: i64),
    /// Set `retry`.
    with_retry(retry: TaskRetry),
    /// Set `timeout`.
    with_timeout(timeout: i64),
    /// Set `join`.
    with_join(join: i64),
    /// Set `tasks`.
    with_tasks(tasks: Vec<WorkflowTask>),
    /// Set `next`.
    with_next(next: Vec<Transition>),
    /// Set `permission_set_refs`.
    with_permission_set_refs(permission_set_refs: into Vec<String>),
});

/// Retry configuration of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TaskRetry {
    /// Attempts (1..100).
    pub count: u32,
    /// Delay in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<u64>,
    /// `constant`, `linear` or `exponential`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<String>,
    /// Maximum delay in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay: Option<u64>,
    /// Retry condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_error: Option<serde_json::Value>,
}

impl TaskRetry {
    /// Build a request from its required fields; every optional field is unset.
    pub fn new(count: u32) -> Self {
        Self {
            count,
            ..Default::default()
        }
    }
}

setters!(TaskRetry {
    /// Set `delay`.
    with_delay(delay: u64),
    /// Set `backoff`.
    with_backoff(backoff: into String),
    /// Set `max_delay`.
    with_max_delay(max_delay: u64),
    /// Set `on_error`.
    with_on_error(on_error: into serde_json::Value),
});

/// A task transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Transition {
    /// Condition, e.g. `{{ succeeded() }}` (absent = always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Variables to publish (`{var: value}` or a bare name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Vec<serde_json::Value>>,
    /// Tasks to run next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#do: Option<Vec<String>>,
}

setters!(Transition {
    /// Set `do`.
    with_do(r#do: into Vec<String>),
});

setters!(Transition {
    /// Set `when`.
    with_when(when: into String),
    /// Set `publish`.
    with_publish(publish: Vec<serde_json::Value>),
});

/// Body of `POST /api/v1/packs/{pack_ref}/workflow-files` and `PUT /api/v1/workflows/{ref}/file`
/// (`SaveWorkflowFileRequest`): the server writes `definition` as YAML into the pack's
/// `workflows/` directory and registers the workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SaveWorkflowFileRequest {
    /// File and workflow name (without the pack prefix).
    pub name: String,
    /// Ref of the owning pack.
    pub pack_ref: String,
    /// Human-readable label.
    pub label: String,
    /// Version string.
    pub version: String,
    /// Definition JSON (see [`WorkflowDefinition`]).
    pub definition: serde_json::Value,
    /// Parameter schema; always sent (`null` when unset).
    #[serde(default)]
    pub param_schema: Option<serde_json::Value>,
    /// Output schema; always sent (`null` when unset).
    #[serde(default)]
    pub out_schema: Option<serde_json::Value>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the companion action is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Who may reference the workflow's action from other packs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_visibility: Option<crate::models::ReferenceVisibility>,
    /// Packs allowed when `reference_visibility` is `restricted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_allowed_pack_refs: Option<Vec<String>>,
}

impl SaveWorkflowFileRequest {
    /// Workflow file `name` of pack `pack_ref` with `definition`.
    pub fn new(
        name: impl Into<String>,
        pack_ref: impl Into<String>,
        label: impl Into<String>,
        version: impl Into<String>,
        definition: serde_json::Value,
    ) -> Self {
        SaveWorkflowFileRequest {
            name: name.into(),
            pack_ref: pack_ref.into(),
            label: label.into(),
            version: version.into(),
            definition,
            ..Default::default()
        }
    }
}

setters!(SaveWorkflowFileRequest {
    /// Set `param_schema`.
    with_param_schema(param_schema: serde_json::Value),
    /// Set `out_schema`.
    with_out_schema(out_schema: serde_json::Value),
    /// Set `description`.
    with_description(description: into String),
    /// Set `enabled`.
    with_enabled(enabled: bool),
    /// Set `tags`.
    with_tags(tags: into Vec<String>),
    /// Set `reference_visibility`.
    with_reference_visibility(reference_visibility: crate::models::ReferenceVisibility),
    /// Set `reference_allowed_pack_refs`.
    with_reference_allowed_pack_refs(reference_allowed_pack_refs: into Vec<String>),
});
