//! Parsing + validation of workflow definitions, with errors shaped like the
//! Attune server's.
//!
//! HTTP mapping (Attune server source, `routes/workflows.rs` +
//! `middleware/error.rs`): an unknown task action ref is answered **400**
//! (`ApiError::BadRequest("Workflow '<ref>' references unknown action '<a>'")`),
//! and an action that exists but is not visible to the workflow's pack is
//! answered **400** too (`Error::Validation` maps to `BadRequest`). Both kinds
//! are distinct ([`ValidationErrorKind::UnknownAction`] vs
//! [`ValidationErrorKind::ActionNotVisible`]) so that a host that prefers to
//! hide invisible actions can answer 404 for the latter; [`ValidationError::http_status`]
//! returns what the server returns. Structural errors are 400.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::definition::{JoinSpec, Task, TaskType, WorkflowDefinition};

/// Result of looking an action ref up for a workflow being created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionLookup {
    /// The action exists and may be referenced.
    Found {
        /// The action is a workflow (companion action of a workflow definition).
        is_workflow: bool,
    },
    /// No such action.
    NotFound,
    /// The action exists but its reference visibility forbids this workflow's pack.
    NotVisible,
}

/// Machine-readable kind of a [`ValidationError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidationErrorKind {
    /// The JSON does not have the shape of a definition.
    InvalidDefinition,
    /// `version` missing or out of 1..=50 chars.
    InvalidVersion,
    /// `tasks` empty.
    NoTasks,
    /// Two tasks share a name.
    DuplicateTaskName,
    /// Empty task name.
    EmptyTaskName,
    /// An `action`/`workflow` task without `action`.
    MissingAction,
    /// A `parallel` task without sub-tasks.
    MissingParallelTasks,
    /// A transition names a task that does not exist.
    UnknownTransitionTarget,
    /// Bad `retry` block.
    InvalidRetry,
    /// Bad `concurrency`.
    InvalidConcurrency,
    /// Bad `batch_size`.
    InvalidBatchSize,
    /// Bad `timeout` / `delay`.
    InvalidTimeout,
    /// Bad `join`.
    InvalidJoin,
    /// Task action ref not found.
    UnknownAction,
    /// Task action ref exists but is not visible to the workflow.
    ActionNotVisible,
}

impl ValidationErrorKind {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidDefinition => "invalid_definition",
            Self::InvalidVersion => "invalid_version",
            Self::NoTasks => "no_tasks",
            Self::DuplicateTaskName => "duplicate_task_name",
            Self::EmptyTaskName => "empty_task_name",
            Self::MissingAction => "missing_action",
            Self::MissingParallelTasks => "missing_parallel_tasks",
            Self::UnknownTransitionTarget => "unknown_transition_target",
            Self::InvalidRetry => "invalid_retry",
            Self::InvalidConcurrency => "invalid_concurrency",
            Self::InvalidBatchSize => "invalid_batch_size",
            Self::InvalidTimeout => "invalid_timeout",
            Self::InvalidJoin => "invalid_join",
            Self::UnknownAction => "unknown_action",
            Self::ActionNotVisible => "action_not_visible",
        }
    }
}

/// A definition validation error: a kind plus a human readable message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    kind: ValidationErrorKind,
    message: String,
    /// Task concerned, when there is one.
    pub task: Option<String>,
    /// Offending target task or action ref, when there is one.
    pub subject: Option<String>,
}

impl ValidationError {
    fn new(kind: ValidationErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            task: None,
            subject: None,
        }
    }

    fn task(mut self, t: &str) -> Self {
        self.task = Some(t.to_string());
        self
    }

    fn subject(mut self, s: &str) -> Self {
        self.subject = Some(s.to_string());
        self
    }

    /// Kind of the error.
    pub fn kind(&self) -> ValidationErrorKind {
        self.kind
    }

    /// Message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// HTTP status the Attune server answers for this error (400 for all
    /// kinds, see the module docs).
    pub fn http_status(&self) -> u16 {
        400
    }
}

/// Parse `def` (the JSON form of a workflow definition), normalise it and
/// validate it. `action_exists` is asked about each distinct action ref (in
/// sorted order) after the structural checks.
pub fn parse_and_validate(
    def: &Value,
    action_exists: &dyn Fn(&str) -> ActionLookup,
) -> Result<WorkflowDefinition, ValidationError> {
    let wf_ref = def
        .get("ref")
        .and_then(Value::as_str)
        .unwrap_or("<workflow>")
        .to_string();
    let parsed = WorkflowDefinition::from_json(def).map_err(|e| {
        ValidationError::new(
            ValidationErrorKind::InvalidDefinition,
            format!("Invalid workflow definition '{wf_ref}': {e}"),
        )
    })?;
    validate_structure(&parsed)?;

    let mut refs = BTreeSet::new();
    for t in &parsed.tasks {
        collect_actions(t, &mut refs);
    }
    for a in refs {
        match action_exists(&a) {
            ActionLookup::Found { .. } => {}
            ActionLookup::NotFound => {
                return Err(ValidationError::new(
                    ValidationErrorKind::UnknownAction,
                    format!("Workflow '{wf_ref}' references unknown action '{a}'"),
                )
                .subject(&a))
            }
            ActionLookup::NotVisible => {
                return Err(ValidationError::new(
                    ValidationErrorKind::ActionNotVisible,
                    format!(
                        "workflow '{wf_ref}' cannot reference action '{a}' because the action is not visible to the workflow's pack"
                    ),
                )
                .subject(&a))
            }
        }
    }
    Ok(parsed)
}

fn collect_actions(t: &Task, refs: &mut BTreeSet<String>) {
    if let Some(a) = t.action.as_deref() {
        if !a.trim().is_empty() && !a.contains("{{") {
            refs.insert(a.trim().to_string());
        }
    }
    if let Some(subs) = &t.tasks {
        for s in subs {
            collect_actions(s, refs);
        }
    }
}

/// Structural validation of an already parsed + normalised definition.
pub fn validate_structure(def: &WorkflowDefinition) -> Result<(), ValidationError> {
    match def.version.as_deref() {
        Some(v) if !v.is_empty() && v.chars().count() <= 50 => {}
        Some(_) => {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidVersion,
                "Invalid field value: version - must be 1 to 50 characters",
            ))
        }
        // The real server accepts a definition without `version` (201).
        None => {}
    }
    if def.tasks.is_empty() {
        return Err(ValidationError::new(
            ValidationErrorKind::NoTasks,
            "Workflow must contain at least one task",
        ));
    }
    validate_task_set(&def.tasks)
}

fn validate_task_set(tasks: &[Task]) -> Result<(), ValidationError> {
    let mut names = HashSet::new();
    for t in tasks {
        if t.name.trim().is_empty() {
            return Err(ValidationError::new(
                ValidationErrorKind::EmptyTaskName,
                "Task name must not be empty",
            ));
        }
        if !names.insert(t.name.as_str()) {
            return Err(ValidationError::new(
                ValidationErrorKind::DuplicateTaskName,
                format!("Duplicate task name '{}'", t.name),
            )
            .task(&t.name));
        }
    }
    for t in tasks {
        validate_task(t, &names)?;
    }
    Ok(())
}

fn validate_task(t: &Task, names: &HashSet<&str>) -> Result<(), ValidationError> {
    let name = t.name.as_str();
    match t.task_type {
        TaskType::Action | TaskType::Workflow => {
            if t.action.as_deref().is_none_or(|a| a.trim().is_empty()) {
                let ty = if t.task_type == TaskType::Action {
                    "action"
                } else {
                    "workflow"
                };
                return Err(ValidationError::new(
                    ValidationErrorKind::MissingAction,
                    format!("Task '{name}' of type '{ty}' must have an 'action' field"),
                )
                .task(name));
            }
        }
        TaskType::Parallel => match &t.tasks {
            Some(subs) if !subs.is_empty() => validate_task_set(subs)?,
            Some(_) => {
                return Err(ValidationError::new(
                    ValidationErrorKind::MissingParallelTasks,
                    format!("Task '{name}': Parallel task must contain at least one sub-task"),
                )
                .task(name))
            }
            None => {
                return Err(ValidationError::new(
                    ValidationErrorKind::MissingParallelTasks,
                    format!("Task '{name}' of type 'parallel' must have a 'tasks' field"),
                )
                .task(name))
            }
        },
    }
    for target in t.targets() {
        if !names.contains(target) {
            return Err(ValidationError::new(
                ValidationErrorKind::UnknownTransitionTarget,
                format!("Task '{name}' references non-existent task '{target}'"),
            )
            .task(name)
            .subject(target));
        }
    }
    if let Some(r) = &t.retry {
        let bad = |why: String| {
            Err(ValidationError::new(
                ValidationErrorKind::InvalidRetry,
                format!("Task '{name}': invalid retry: {why}"),
            )
            .task(name))
        };
        if !(1..=100).contains(&r.count) {
            return bad(format!("count must be between 1 and 100 (got {})", r.count));
        }
        if r.delay < 0 {
            return bad(format!("delay must be >= 0 (got {})", r.delay));
        }
        if let Some(m) = r.max_delay {
            if m < 0 {
                return bad(format!("max_delay must be >= 0 (got {m})"));
            }
        }
    }
    if let Some(c) = t.concurrency {
        if c < 1 {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidConcurrency,
                format!("Task '{name}': concurrency must be >= 1 (got {c})"),
            )
            .task(name));
        }
    }
    if let Some(b) = t.batch_size {
        if b < 1 {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidBatchSize,
                format!("Task '{name}': batch_size must be >= 1 (got {b})"),
            )
            .task(name));
        }
    }
    for (field, v) in [("timeout", t.timeout), ("delay", t.delay)] {
        if let Some(v) = v {
            let ok = if field == "timeout" { v > 0 } else { v >= 0 };
            if !ok {
                return Err(ValidationError::new(
                    ValidationErrorKind::InvalidTimeout,
                    format!("Task '{name}': invalid {field} {v}"),
                )
                .task(name));
            }
        }
    }
    if let Some(JoinSpec::Count(n)) = t.join {
        if n < 1 {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidJoin,
                format!("Task '{name}': join must be >= 1 or \"all\" (got {n})"),
            )
            .task(name));
        }
    }
    if let Some(w) = &t.wait_for {
        let why = if t.task_type == TaskType::Parallel {
            Some("wait_for is not allowed on parallel tasks")
        } else if t.with_items.is_some() {
            Some("wait_for is not allowed on with_items tasks")
        } else if !(w.inquiry.is_string() || w.inquiry.as_i64().is_some_and(|n| n > 0)) {
            Some("wait_for.inquiry must be a template string or a positive integer")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidDefinition,
                format!("Task '{name}': {why}"),
            )
            .task(name));
        }
    }
    if let Some(items) = &t.with_items {
        if !(items.is_string() || items.is_array()) {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidDefinition,
                format!("Task '{name}': with_items must be a template string or an array"),
            )
            .task(name));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all_found(_: &str) -> ActionLookup {
        ActionLookup::Found { is_workflow: false }
    }

    fn err(v: Value) -> ValidationError {
        parse_and_validate(&v, &all_found).unwrap_err()
    }

    #[test]
    fn valid_definition_passes() {
        let d = parse_and_validate(
            &json!({"ref": "p.w", "version": "1.0.0", "tasks": [
                {"name": "a", "action": "p.x", "on_success": "b"},
                {"name": "b", "action": "p.y", "next": [{"do": "a", "when": "{{ false }}"}]}]}),
            &all_found,
        )
        .unwrap();
        assert_eq!(d.tasks.len(), 2);
        assert_eq!(d.tasks[0].next[0].targets, vec!["b"]);
    }

    #[test]
    fn no_tasks() {
        let e = err(json!({"version": "1", "tasks": []}));
        assert_eq!(e.kind(), ValidationErrorKind::NoTasks);
        let e = err(json!({"version": "1"}));
        assert_eq!(e.kind(), ValidationErrorKind::NoTasks);
    }

    #[test]
    fn missing_version_is_accepted() {
        let d = parse_and_validate(
            &json!({"tasks": [{"name": "a", "action": "p.x"}]}),
            &all_found,
        )
        .unwrap();
        assert_eq!(d.tasks.len(), 1);
        let e = err(json!({"version": "", "tasks": [{"name": "a", "action": "p.x"}]}));
        assert_eq!(e.kind(), ValidationErrorKind::InvalidVersion);
    }

    #[test]
    fn duplicate_names() {
        let e = err(json!({"version": "1", "tasks": [
            {"name": "a", "action": "p.x"}, {"name": "a", "action": "p.y"}]}));
        assert_eq!(e.kind(), ValidationErrorKind::DuplicateTaskName);
        assert!(e.to_string().contains("'a'"));
    }

    #[test]
    fn missing_action() {
        let e = err(json!({"version": "1", "tasks": [{"name": "a"}]}));
        assert_eq!(e.kind(), ValidationErrorKind::MissingAction);
        assert_eq!(
            e.message(),
            "Task 'a' of type 'action' must have an 'action' field"
        );
    }

    #[test]
    fn unknown_target_names_task_and_target() {
        let e = err(json!({"version": "1", "tasks": [
            {"name": "a", "action": "p.x", "on_failure": "ghost"}]}));
        assert_eq!(e.kind(), ValidationErrorKind::UnknownTransitionTarget);
        assert_eq!(e.message(), "Task 'a' references non-existent task 'ghost'");
        assert_eq!(e.task.as_deref(), Some("a"));
        assert_eq!(e.subject.as_deref(), Some("ghost"));
    }

    #[test]
    fn parallel_requires_sub_tasks_and_checks_them() {
        let e = err(json!({"version": "1", "tasks": [{"name": "p", "type": "parallel"}]}));
        assert_eq!(e.kind(), ValidationErrorKind::MissingParallelTasks);
        let e =
            err(json!({"version": "1", "tasks": [{"name": "p", "type": "parallel", "tasks": []}]}));
        assert_eq!(e.kind(), ValidationErrorKind::MissingParallelTasks);
        let e = err(
            json!({"version": "1", "tasks": [{"name": "p", "type": "parallel",
            "tasks": [{"name": "s"}]}]}),
        );
        assert_eq!(e.kind(), ValidationErrorKind::MissingAction);
    }

    #[test]
    fn bad_retry_concurrency_batch_timeout_join() {
        let base = |extra: Value| {
            let mut t = json!({"name": "a", "action": "p.x"});
            for (k, v) in extra.as_object().unwrap() {
                t[k] = v.clone();
            }
            err(json!({"version": "1", "tasks": [t]})).kind()
        };
        assert_eq!(
            base(json!({"retry": {"count": 0}})),
            ValidationErrorKind::InvalidRetry
        );
        assert_eq!(
            base(json!({"retry": {"count": 101}})),
            ValidationErrorKind::InvalidRetry
        );
        assert_eq!(
            base(json!({"retry": {"count": 2, "delay": -1}})),
            ValidationErrorKind::InvalidRetry
        );
        assert_eq!(
            base(json!({"concurrency": 0})),
            ValidationErrorKind::InvalidConcurrency
        );
        assert_eq!(
            base(json!({"batch_size": 0})),
            ValidationErrorKind::InvalidBatchSize
        );
        assert_eq!(
            base(json!({"timeout": 0})),
            ValidationErrorKind::InvalidTimeout
        );
        assert_eq!(base(json!({"join": 0})), ValidationErrorKind::InvalidJoin);
        assert_eq!(
            base(json!({"with_items": 5})),
            ValidationErrorKind::InvalidDefinition
        );
        assert_eq!(
            base(json!({"retry": {"count": 2, "backoff": "weird"}})),
            ValidationErrorKind::InvalidDefinition
        );
    }

    #[test]
    fn wait_for_is_checked() {
        let ok = json!({"version": "1", "tasks": [
            {"name": "a", "action": "x.y", "wait_for": {"inquiry": "{{ task.b.inquiry_id }}"}},
            {"name": "b", "action": "x.y", "wait_for": {"inquiry": 3}}]});
        assert!(parse_and_validate(&ok, &all_found).is_ok());
        for bad in [
            json!({"name": "a", "action": "x.y", "with_items": [1], "wait_for": {"inquiry": 1}}),
            json!({"name": "a", "type": "parallel", "tasks": [{"name": "s", "action": "x.y"}],
                   "wait_for": {"inquiry": 1}}),
            json!({"name": "a", "action": "x.y", "wait_for": {"inquiry": 0}}),
            json!({"name": "a", "action": "x.y", "wait_for": {"inquiry": [1]}}),
        ] {
            let e = err(json!({"version": "1", "tasks": [bad]}));
            assert_eq!(e.kind(), ValidationErrorKind::InvalidDefinition);
            assert!(e.message().contains("wait_for"), "{}", e.message());
        }
    }

    #[test]
    fn unknown_and_invisible_actions_are_distinguished() {
        let def = json!({"ref": "p.w", "version": "1", "tasks": [
            {"name": "a", "action": "p.x"}, {"name": "b", "action": "q.secret"}]});
        let e = parse_and_validate(&def, &|a: &str| {
            if a == "p.x" {
                ActionLookup::NotFound
            } else {
                ActionLookup::Found { is_workflow: true }
            }
        })
        .unwrap_err();
        assert_eq!(e.kind(), ValidationErrorKind::UnknownAction);
        assert_eq!(
            e.message(),
            "Workflow 'p.w' references unknown action 'p.x'"
        );
        assert_eq!(e.http_status(), 400);
        let e = parse_and_validate(&def, &|a: &str| {
            if a == "q.secret" {
                ActionLookup::NotVisible
            } else {
                ActionLookup::Found { is_workflow: false }
            }
        })
        .unwrap_err();
        assert_eq!(e.kind(), ValidationErrorKind::ActionNotVisible);
        assert_eq!(e.subject.as_deref(), Some("q.secret"));
    }

    #[test]
    fn structural_errors_come_before_action_lookups() {
        let e = parse_and_validate(
            &json!({"version": "1", "tasks": [{"name": "a", "action": "p.x", "on_success": "zz"}]}),
            &|_: &str| ActionLookup::NotFound,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ValidationErrorKind::UnknownTransitionTarget);
    }

    #[test]
    fn invalid_json_shape() {
        let e = err(json!({"version": "1", "tasks": [{"name": 3}]}));
        assert_eq!(e.kind(), ValidationErrorKind::InvalidDefinition);
        assert!(e.message().starts_with("Invalid workflow definition"));
        assert_eq!(
            ValidationErrorKind::InvalidDefinition.as_str(),
            "invalid_definition"
        );
    }
}
