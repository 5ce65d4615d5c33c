//! Serde model of a workflow definition (the JSON form of the workflow YAML)
//! as the Attune server accepts it, plus normalisation of the legacy flat
//! transition fields into the canonical `next` array.
//!
//! Unknown fields are ignored everywhere. `null` is accepted wherever a list
//! or map is expected and means "empty".

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Deserialize `null` (or a missing field, with `#[serde(default)]`) as `T::default()`.
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list of task names given either as one string (comma separated names are
/// split) or as a list of strings.
fn string_or_list<'de, D>(d: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    let v = Option::<Value>::deserialize(d)?;
    names_from_value(v.unwrap_or(Value::Null)).map_err(de::Error::custom)
}

fn opt_string_or_list<'de, D>(d: D) -> Result<Option<Vec<String>>, D::Error>
where
    D: Deserializer<'de>,
{
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => names_from_value(v).map(Some).map_err(de::Error::custom),
    }
}

fn names_from_value(v: Value) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()),
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.trim().to_string()),
                other => Err(format!("expected a task name, found {other}")),
            })
            .collect(),
        other => Err(format!(
            "expected a task name or a list of task names, found {other}"
        )),
    }
}

/// `version` may be written as a string or (YAML) as a number.
fn version_string<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(de::Error::custom(format!(
            "invalid version {other}: expected a string"
        ))),
    }
}

/// Publish directives: a list of `{var: value}` maps and/or bare `"var"` names,
/// or (Orquesta style) a single `{var: value, ...}` map.
fn publish_list<'de, D>(d: D) -> Result<Vec<PublishDirective>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => Ok(map
            .into_iter()
            .map(|(k, v)| PublishDirective::Value { name: k, value: v })
            .collect()),
        Some(Value::String(s)) => Ok(vec![PublishDirective::Key(s)]),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => out.push(PublishDirective::Key(s)),
                    Value::Object(map) => {
                        for (k, v) in map {
                            out.push(PublishDirective::Value { name: k, value: v });
                        }
                    }
                    other => {
                        return Err(de::Error::custom(format!(
                            "invalid publish directive {other}: expected {{var: value}} or \"var\""
                        )))
                    }
                }
            }
            Ok(out)
        }
        Some(other) => Err(de::Error::custom(format!(
            "invalid publish {other}: expected a list"
        ))),
    }
}

/// Cancellation policy of a workflow (`cancellation_policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationPolicy {
    /// Pending (not yet started) children are cancelled, running ones finish,
    /// no new task starts. The default.
    #[default]
    AllowFinish,
    /// Running children are cancelled as well.
    CancelRunning,
}

/// Kind of a task (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskType {
    /// Runs one action (one child execution per run / item). The default.
    #[default]
    Action,
    /// Runs its `tasks` concurrently; succeeds when all of them succeed.
    Parallel,
    /// Runs a workflow action (the host runs it as a nested workflow).
    Workflow,
}

/// Retry backoff strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backoff {
    /// `delay` every time.
    #[default]
    Constant,
    /// `delay * n` for the n-th retry.
    Linear,
    /// `delay * 2^(n-1)` for the n-th retry.
    Exponential,
}

/// Task `retry` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryConfig {
    /// Number of retries (1..=100).
    pub count: i64,
    /// Base delay in seconds (>= 0).
    #[serde(default)]
    pub delay: i64,
    /// Backoff strategy.
    #[serde(default, deserialize_with = "null_default")]
    pub backoff: Backoff,
    /// Upper bound of the computed delay, in seconds.
    #[serde(default)]
    pub max_delay: Option<i64>,
    /// Optional condition (template) evaluated with `result()` / `failed()` /
    /// `timed_out()` of the failed attempt; the task is retried only if truthy.
    #[serde(default)]
    pub on_error: Option<String>,
}

impl RetryConfig {
    /// Delay in seconds before retry number `n` (1-based).
    pub fn delay_for(&self, n: i64) -> i64 {
        let d = self.delay.max(0);
        let n = n.max(1);
        let raw = match self.backoff {
            Backoff::Constant => d,
            Backoff::Linear => d.saturating_mul(n),
            Backoff::Exponential => {
                let shift = u32::try_from((n - 1).min(62)).unwrap_or(62);
                d.saturating_mul(1_i64.checked_shl(shift).unwrap_or(i64::MAX))
            }
        };
        match self.max_delay {
            Some(m) if m >= 0 => raw.min(m),
            _ => raw,
        }
    }
}

/// `join` of a task: a number of inbound triggers, or `"all"` (the number of
/// distinct tasks having a transition to this task).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum JoinSpec {
    /// Wait for this many distinct predecessors.
    Count(i64),
    /// Wait for all distinct predecessors (written `"all"`).
    All,
}

impl<'de> Deserialize<'de> for JoinSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Number(n) => n
                .as_i64()
                .map(JoinSpec::Count)
                .ok_or_else(|| de::Error::custom(format!("invalid join {n}"))),
            Value::String(s) if s.eq_ignore_ascii_case("all") => Ok(JoinSpec::All),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map(JoinSpec::Count)
                .map_err(|_| de::Error::custom(format!("invalid join {s:?}"))),
            Value::Bool(true) => Ok(JoinSpec::All),
            other => Err(de::Error::custom(format!("invalid join {other}"))),
        }
    }
}

/// One publish directive.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishDirective {
    /// `{name: value}`: `value` is a JSON template rendered in the task context.
    Value {
        /// Variable name.
        name: String,
        /// Template value (pure `{{ expr }}` strings keep the JSON type).
        value: Value,
    },
    /// `"name"`: publish the whole task result under `name`.
    Key(String),
}

impl Serialize for PublishDirective {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PublishDirective::Value { name, value } => {
                let mut m = Map::new();
                m.insert(name.clone(), value.clone());
                m.serialize(s)
            }
            PublishDirective::Key(k) => k.serialize(s),
        }
    }
}

/// One transition of a task's `next` list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Transition {
    /// Condition (`"{{ succeeded() }}"`); `None` = unconditional.
    #[serde(default)]
    pub when: Option<String>,
    /// Variables published (in order) when the transition fires.
    #[serde(default, deserialize_with = "publish_list")]
    pub publish: Vec<PublishDirective>,
    /// Tasks started when the transition fires.
    #[serde(default, rename = "do", deserialize_with = "string_or_list")]
    pub targets: Vec<String>,
    /// Legacy `decision` default branch: fires only when no other transition
    /// of the task matched.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

/// Legacy `decision` branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionBranch {
    /// Condition.
    #[serde(default)]
    pub when: Option<String>,
    /// Target task(s).
    #[serde(default, deserialize_with = "string_or_list")]
    pub next: Vec<String>,
    /// Default branch (taken when nothing else matched).
    #[serde(default)]
    pub default: bool,
}

/// `wait_for` block of a task: the task gets no child execution until the
/// inquiry resolves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitFor {
    /// Inquiry id: a template (`"{{ task.ask.inquiry_id }}"`) or a literal
    /// number; it must render to a positive integer.
    pub inquiry: Value,
}

/// A task of the workflow graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Unique task name.
    pub name: String,
    /// Task kind.
    #[serde(default, rename = "type", deserialize_with = "null_default")]
    pub task_type: TaskType,
    /// Action ref (required for `action` and `workflow` tasks).
    #[serde(default)]
    pub action: Option<String>,
    /// Input parameters (JSON templates).
    #[serde(default, deserialize_with = "null_default")]
    pub input: Map<String, Value>,
    /// Task-level guard: when it is falsy (or fails) the task is skipped and
    /// its branch ends.
    #[serde(default)]
    pub when: Option<String>,
    /// Items to iterate: a template string resolving to an array, or a literal array.
    #[serde(default)]
    pub with_items: Option<Value>,
    /// Group items in batches of this size (`item` is then the batch array).
    #[serde(default)]
    pub batch_size: Option<i64>,
    /// Number of item children dispatched at a time (default 1).
    #[serde(default)]
    pub concurrency: Option<i64>,
    /// Retry policy.
    #[serde(default)]
    pub retry: Option<RetryConfig>,
    /// Timeout of each child, in seconds.
    #[serde(default)]
    pub timeout: Option<i64>,
    /// Delay before the task's children are created, in seconds.
    #[serde(default)]
    pub delay: Option<i64>,
    /// Join barrier.
    #[serde(default)]
    pub join: Option<JoinSpec>,
    /// Human approval guard (`wait_for: {inquiry: ...}`).
    #[serde(default)]
    pub wait_for: Option<WaitFor>,
    /// Sub-tasks of a `parallel` task.
    #[serde(default)]
    pub tasks: Option<Vec<Task>>,
    /// Canonical transitions (legacy fields are folded in by [`Task::normalize`]).
    #[serde(default, deserialize_with = "null_default")]
    pub next: Vec<Transition>,
    /// Legacy: tasks started on success.
    #[serde(default, deserialize_with = "opt_string_or_list", skip_serializing)]
    pub on_success: Option<Vec<String>>,
    /// Legacy: tasks started on failure.
    #[serde(default, deserialize_with = "opt_string_or_list", skip_serializing)]
    pub on_failure: Option<Vec<String>>,
    /// Legacy: tasks started whatever the outcome.
    #[serde(default, deserialize_with = "opt_string_or_list", skip_serializing)]
    pub on_complete: Option<Vec<String>>,
    /// Legacy: tasks started on timeout.
    #[serde(default, deserialize_with = "opt_string_or_list", skip_serializing)]
    pub on_timeout: Option<Vec<String>>,
    /// Legacy decision branches.
    #[serde(default, deserialize_with = "null_default", skip_serializing)]
    pub decision: Vec<DecisionBranch>,
    /// Legacy task-level publish.
    #[serde(default, deserialize_with = "publish_list", skip_serializing)]
    pub publish: Vec<PublishDirective>,
}

impl Task {
    /// Fold the legacy flat transition fields into `next`, then clear them.
    ///
    /// Rules (as the Attune parser): when `next` is already given, the legacy
    /// `on_*`/`decision` fields are ignored. Otherwise transitions are built in
    /// this order: `on_success` (`{{ succeeded() }}`), `on_failure`
    /// (`{{ failed() }}`), `on_complete` (unconditional), `on_timeout`
    /// (`{{ timed_out() }}`), then each `decision` branch. A task-level
    /// `publish` is attached to the first transition whose `when` mentions
    /// `succeeded()`; if there is none, to a new publish-only
    /// `{{ succeeded() }}` transition placed first (deviation: the Attune
    /// parser attaches it to the first transition whatever its condition, and
    /// drops it when `next` is given).
    pub fn normalize(&mut self) {
        if self.next.is_empty() {
            let mut out = Vec::new();
            let mut push = |when: Option<&str>, targets: Option<Vec<String>>| {
                if let Some(t) = targets {
                    out.push(Transition {
                        when: when.map(str::to_string),
                        publish: Vec::new(),
                        targets: t,
                        default: false,
                    });
                }
            };
            push(Some("{{ succeeded() }}"), self.on_success.take());
            push(Some("{{ failed() }}"), self.on_failure.take());
            push(None, self.on_complete.take());
            push(Some("{{ timed_out() }}"), self.on_timeout.take());
            for b in std::mem::take(&mut self.decision) {
                out.push(Transition {
                    when: b.when,
                    publish: Vec::new(),
                    targets: b.next,
                    default: b.default,
                });
            }
            self.next = out;
        }
        self.on_success = None;
        self.on_failure = None;
        self.on_complete = None;
        self.on_timeout = None;
        self.decision.clear();
        let publish = std::mem::take(&mut self.publish);
        if !publish.is_empty() {
            let idx = self
                .next
                .iter()
                .position(|t| t.when.as_deref().is_some_and(|w| w.contains("succeeded()")));
            match idx {
                Some(i) => {
                    let mut p = publish;
                    p.extend(std::mem::take(&mut self.next[i].publish));
                    self.next[i].publish = p;
                }
                None => self.next.insert(
                    0,
                    Transition {
                        when: Some("{{ succeeded() }}".to_string()),
                        publish,
                        targets: Vec::new(),
                        default: false,
                    },
                ),
            }
        }
        if let Some(subs) = self.tasks.as_mut() {
            for s in subs {
                s.normalize();
            }
        }
    }

    /// All transition targets of this task (after normalisation).
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.next
            .iter()
            .flat_map(|t| t.targets.iter().map(String::as_str))
    }
}

/// A workflow definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowDefinition {
    /// Workflow ref (optional inside pack files).
    #[serde(default, rename = "ref")]
    pub workflow_ref: Option<String>,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Version (required by validation, 1..=50 chars).
    #[serde(default, deserialize_with = "version_string")]
    pub version: Option<String>,
    /// Parameter schema.
    #[serde(default)]
    pub parameters: Option<Value>,
    /// Output schema.
    #[serde(default)]
    pub output: Option<Value>,
    /// Initial workflow variables.
    #[serde(default, deserialize_with = "null_default")]
    pub vars: Map<String, Value>,
    /// Tasks (at least one).
    #[serde(default, deserialize_with = "null_default")]
    pub tasks: Vec<Task>,
    /// Output map: name -> JSON template.
    #[serde(default, deserialize_with = "null_default")]
    pub output_map: Map<String, Value>,
    /// Tags.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    /// Cancellation policy.
    #[serde(default, deserialize_with = "null_default")]
    pub cancellation_policy: CancellationPolicy,
}

impl WorkflowDefinition {
    /// Deserialize a definition from its JSON form and normalise legacy
    /// transitions. No validation beyond the serde shape (see
    /// [`super::validate::parse_and_validate`]).
    pub fn from_json(v: &Value) -> Result<Self, serde_json::Error> {
        let mut def: WorkflowDefinition = serde_json::from_value(v.clone())?;
        def.normalize();
        Ok(def)
    }

    /// Normalise every task (legacy transition fields folded into `next`).
    pub fn normalize(&mut self) {
        for t in &mut self.tasks {
            t.normalize();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> WorkflowDefinition {
        WorkflowDefinition::from_json(&v).unwrap()
    }

    #[test]
    fn minimal_definition_defaults() {
        let d = parse(json!({"version": "1.0.0", "tasks": [{"name": "a", "action": "x.y"}]}));
        assert_eq!(d.version.as_deref(), Some("1.0.0"));
        assert_eq!(d.tasks.len(), 1);
        assert_eq!(d.tasks[0].task_type, TaskType::Action);
        assert_eq!(d.cancellation_policy, CancellationPolicy::AllowFinish);
        assert!(d.output_map.is_empty());
        assert!(d.vars.is_empty());
        assert!(d.tasks[0].next.is_empty());
    }

    #[test]
    fn unknown_fields_and_nulls_are_accepted() {
        let d = parse(json!({
            "ref": "p.w", "label": "W", "version": 1.5, "whatever": 3,
            "vars": null, "tags": null, "output_map": null,
            "tasks": [{"name": "a", "action": "x.y", "input": null, "next": null,
                       "__chart_meta__": {"x": 1}, "worker_selector": {}}]
        }));
        assert_eq!(d.workflow_ref.as_deref(), Some("p.w"));
        assert_eq!(d.version.as_deref(), Some("1.5"));
        assert!(d.tasks[0].input.is_empty());
    }

    #[test]
    fn next_transitions_parse_do_forms_and_publish_forms() {
        let d = parse(json!({"version": "1", "tasks": [{
        "name": "a", "action": "x.y",
        "next": [
            {"when": "{{ succeeded() }}", "publish": [{"out": "{{ result() }}"}, "whole"], "do": ["b", "c"]},
            {"when": "{{ failed() }}", "do": "d"},
            {"publish": {"k": 1}, "do": "e, f"}
        ]}]}));
        let t = &d.tasks[0];
        assert_eq!(t.next.len(), 3);
        assert_eq!(t.next[0].targets, vec!["b", "c"]);
        assert_eq!(
            t.next[0].publish,
            vec![
                PublishDirective::Value {
                    name: "out".into(),
                    value: json!("{{ result() }}")
                },
                PublishDirective::Key("whole".into())
            ]
        );
        assert_eq!(t.next[1].targets, vec!["d"]);
        assert_eq!(t.next[2].when, None);
        assert_eq!(t.next[2].targets, vec!["e", "f"]);
        assert_eq!(
            t.next[2].publish,
            vec![PublishDirective::Value {
                name: "k".into(),
                value: json!(1)
            }]
        );
    }

    #[test]
    fn legacy_fields_are_normalised_in_order() {
        let d = parse(json!({"version": "1", "tasks": [{
            "name": "a", "action": "x.y",
            "on_timeout": "t", "on_complete": ["c1", "c2"], "on_failure": "f", "on_success": "s",
            "decision": [{"when": "{{ result().x }}", "next": "d1"}, {"next": "d2", "default": true}]
        }]}));
        let t = &d.tasks[0];
        let whens: Vec<Option<&str>> = t.next.iter().map(|x| x.when.as_deref()).collect();
        assert_eq!(
            whens,
            vec![
                Some("{{ succeeded() }}"),
                Some("{{ failed() }}"),
                None,
                Some("{{ timed_out() }}"),
                Some("{{ result().x }}"),
                None
            ]
        );
        assert_eq!(t.next[2].targets, vec!["c1", "c2"]);
        assert!(t.next[5].default);
        assert!(t.on_success.is_none() && t.decision.is_empty());
    }

    #[test]
    fn next_wins_over_legacy_fields() {
        let d = parse(json!({"version": "1", "tasks": [{
            "name": "a", "action": "x.y", "on_success": "zz",
            "next": [{"do": "b"}]}]}));
        assert_eq!(d.tasks[0].next.len(), 1);
        assert_eq!(d.tasks[0].next[0].targets, vec!["b"]);
    }

    #[test]
    fn task_level_publish_attaches_to_success_transition() {
        let d = parse(json!({"version": "1", "tasks": [{
            "name": "a", "action": "x.y", "on_failure": "f", "on_success": "s",
            "publish": [{"v": "{{ result() }}"}]}]}));
        let t = &d.tasks[0];
        assert_eq!(t.next.len(), 2);
        assert_eq!(t.next[0].publish.len(), 1);
        assert!(t.next[1].publish.is_empty());

        let d = parse(json!({"version": "1", "tasks": [{
            "name": "a", "action": "x.y", "publish": ["v"]}]}));
        let t = &d.tasks[0];
        assert_eq!(t.next.len(), 1);
        assert_eq!(t.next[0].when.as_deref(), Some("{{ succeeded() }}"));
        assert!(t.next[0].targets.is_empty());
    }

    #[test]
    fn parallel_sub_tasks_are_normalised() {
        let d = parse(json!({"version": "1", "tasks": [{
            "name": "p", "type": "parallel",
            "tasks": [{"name": "s1", "action": "x.y", "on_success": "s2"}, {"name": "s2", "action": "x.y"}],
            "on_success": "end"}, {"name": "end", "action": "x.y"}]}));
        assert_eq!(d.tasks[0].task_type, TaskType::Parallel);
        let subs = d.tasks[0].tasks.as_ref().unwrap();
        assert_eq!(subs[0].next[0].targets, vec!["s2"]);
        assert_eq!(d.tasks[0].next[0].targets, vec!["end"]);
    }

    #[test]
    fn task_options_parse() {
        let d = parse(
            json!({"version": "1", "cancellation_policy": "cancel_running", "tasks": [{
            "name": "a", "action": "x.y", "with_items": "{{ parameters.items }}",
            "batch_size": 2, "concurrency": 3, "timeout": 5, "join": "all",
            "retry": {"count": 3, "delay": 2, "backoff": "exponential", "max_delay": 5}
        }, {"name": "b", "action": "x.y", "with_items": [1, 2], "join": 2}]}),
        );
        assert_eq!(d.cancellation_policy, CancellationPolicy::CancelRunning);
        let a = &d.tasks[0];
        assert_eq!(a.with_items, Some(json!("{{ parameters.items }}")));
        assert_eq!(a.batch_size, Some(2));
        assert_eq!(a.concurrency, Some(3));
        assert_eq!(a.timeout, Some(5));
        assert_eq!(a.join, Some(JoinSpec::All));
        let r = a.retry.as_ref().unwrap();
        assert_eq!(r.backoff, Backoff::Exponential);
        assert_eq!(d.tasks[1].join, Some(JoinSpec::Count(2)));
        assert_eq!(d.tasks[1].with_items, Some(json!([1, 2])));
        assert!(a.wait_for.is_none());
    }

    #[test]
    fn wait_for_parses() {
        let d = parse(json!({"version": "1", "tasks": [
            {"name": "g", "action": "x.y", "wait_for": {"inquiry": "{{ task.a.inquiry_id }}"}},
            {"name": "h", "action": "x.y", "wait_for": {"inquiry": 5}},
            {"name": "i", "action": "x.y", "wait_for": null}]}));
        assert_eq!(
            d.tasks[0].wait_for,
            Some(WaitFor {
                inquiry: json!("{{ task.a.inquiry_id }}")
            })
        );
        assert_eq!(d.tasks[1].wait_for.as_ref().unwrap().inquiry, json!(5));
        assert!(d.tasks[2].wait_for.is_none());
        assert!(WorkflowDefinition::from_json(
            &json!({"tasks": [{"name": "a", "wait_for": {"other": 1}}]})
        )
        .is_err());
    }

    #[test]
    fn retry_backoff_delays() {
        let mut r = RetryConfig {
            count: 5,
            delay: 2,
            backoff: Backoff::Constant,
            max_delay: None,
            on_error: None,
        };
        assert_eq!(
            (1..=4).map(|n| r.delay_for(n)).collect::<Vec<_>>(),
            vec![2, 2, 2, 2]
        );
        r.backoff = Backoff::Linear;
        assert_eq!(
            (1..=4).map(|n| r.delay_for(n)).collect::<Vec<_>>(),
            vec![2, 4, 6, 8]
        );
        r.backoff = Backoff::Exponential;
        assert_eq!(
            (1..=4).map(|n| r.delay_for(n)).collect::<Vec<_>>(),
            vec![2, 4, 8, 16]
        );
        r.max_delay = Some(5);
        assert_eq!(
            (1..=4).map(|n| r.delay_for(n)).collect::<Vec<_>>(),
            vec![2, 4, 5, 5]
        );
        assert_eq!(r.delay_for(100), 5);
    }

    #[test]
    fn bad_shapes_are_serde_errors() {
        assert!(WorkflowDefinition::from_json(&json!({"tasks": [{"action": "x"}]})).is_err());
        assert!(
            WorkflowDefinition::from_json(&json!({"tasks": [{"name": "a", "type": "bogus"}]}))
                .is_err()
        );
        assert!(WorkflowDefinition::from_json(
            &json!({"tasks": [{"name": "a", "next": [{"do": 5}]}]})
        )
        .is_err());
        assert!(WorkflowDefinition::from_json(&json!({"tasks": "nope"})).is_err());
    }
}
