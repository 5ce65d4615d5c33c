//! Workflow expressions: templates rendered against the workflow context, on
//! top of [`crate::engine::expr::base_env`].
//!
//! # Context namespaces
//! | name | content |
//! |---|---|
//! | `parameters` | workflow input parameters |
//! | `workflow` (aliases `vars`, `variables`) | `vars` of the definition + published variables |
//! | `task` (alias `tasks`) | `task.<name>` = view of the task's last result, see [`task_view`] |
//! | `item`, `index` | current with_items element (or batch array) and its 0-based index |
//! | `config`, `keystore`, `system` | pack config, decrypted keys, `system.workflow_start` |
//! | `inquiry` (alias `inquiries`) | `inquiry.<guarded task>` = `{id, status, response, assigned_to, responded_by, responded_at, timeout_at}` |
//! | bare names | fall back to workflow variables (`{{ counter }}` = `{{ workflow.counter }}`) |
//!
//! Functions: everything from the base environment plus `succeeded()`,
//! `failed()`, `timed_out()` and `result()`, which refer to the task whose
//! transitions are being evaluated (and, in the input of a task started by a
//! transition, to the task that triggered it).
//!
//! # Rendering rules
//! * A string that is exactly one `{{ expr }}` is *pure*: its value keeps its
//!   JSON type (`"{{ parameters.n }}"` → `5`).
//! * Any other string containing `{{`/`{%` is rendered as text (a string).
//! * Other strings, numbers, booleans and null are returned as they are;
//!   arrays and objects are rendered recursively.
//!
//! # Undefined values
//! * In **conditions** (`when`, task `when`, `retry.on_error`) undefined values are
//!   errors (strict mode); an erroring condition counts as *false* (the
//!   transition is not taken).
//! * In **input / publish / with_items rendering** ([`Mode::Lenient`]) undefined values
//!   render as `null` in a pure template and as empty text in mixed text;
//!   attribute access on undefined values is chainable (`{{ a.b.c }}` → null).
//! * In **output_map rendering** ([`Mode::Strict`], as the Attune executor) an
//!   undefined value is an error and the key is omitted from the result.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value as MjValue};
use minijinja::{Environment, State, UndefinedBehavior};
use serde_json::{Map, Value};

use crate::engine::expr::{base_env, is_truthy};

/// Outcome of a finished task (or child) as seen by `succeeded()` & co.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Completed successfully.
    Succeeded,
    /// Failed.
    Failed,
    /// Ended `timeout`.
    TimedOut,
    /// Cancelled.
    Cancelled,
}

impl Outcome {
    /// Execution status string of the outcome.
    pub fn status(self) -> &'static str {
        match self {
            Outcome::Succeeded => "completed",
            Outcome::Failed => "failed",
            Outcome::TimedOut => "timeout",
            Outcome::Cancelled => "cancelled",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::TimedOut => "timed_out",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// How undefined values are treated while rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Undefined is an error.
    Strict,
    /// Undefined renders as null / empty text.
    Lenient,
}

/// Error of a workflow expression (compile or evaluation error, undefined value in strict mode).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WfExprError(pub String);

/// Shared workflow data visible to expressions. Cloning is cheap (Arcs); the
/// maps are mutated with `Arc::make_mut`, which does not copy as long as no
/// evaluation is in progress.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `parameters`.
    pub parameters: Arc<Value>,
    /// `config`.
    pub config: Arc<Value>,
    /// `keystore`.
    pub keystore: Arc<Value>,
    /// `system`.
    pub system: Arc<Value>,
    /// `workflow` variables.
    pub vars: Arc<Map<String, Value>>,
    /// `task.<name>` views.
    pub tasks: Arc<Map<String, Value>>,
    /// `inquiry.<guarded task name>` views.
    pub inquiries: Arc<Map<String, Value>>,
}

impl Scope {
    /// Set a workflow variable.
    pub fn set_var(&mut self, name: &str, v: Value) {
        Arc::make_mut(&mut self.vars).insert(name.to_string(), v);
    }

    /// Record the view of a finished task (`task.<name>`).
    pub fn set_task(&mut self, name: &str, view: Value) {
        Arc::make_mut(&mut self.tasks).insert(name.to_string(), view);
    }

    /// Record the inquiry view of a guarded task (`inquiry.<name>`).
    pub fn set_inquiry(&mut self, task: &str, view: Value) {
        Arc::make_mut(&mut self.inquiries).insert(task.to_string(), view);
    }
}

/// Per-evaluation data: with_items element and the "current task" used by
/// `succeeded()`/`failed()`/`timed_out()`/`result()`.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// `item`.
    pub item: Option<Value>,
    /// `index`.
    pub index: Option<i64>,
    /// Outcome of the current task.
    pub outcome: Option<Outcome>,
    /// Result of the current task (`result()`).
    pub result: Option<Arc<Value>>,
}

impl Frame {
    /// Frame for evaluating the transitions of a finished task.
    pub fn finished(outcome: Outcome, result: Arc<Value>) -> Self {
        Frame {
            item: None,
            index: None,
            outcome: Some(outcome),
            result: Some(result),
        }
    }
}

/// Build the `task.<name>` view of a task result: the result object, plus the
/// fields of `result.data` (or of JSON `stdout` when there is no `data`)
/// flattened in without overriding, plus `result` (= `data` when present, else
/// the raw result). A non-object result (e.g. the array of a with_items task)
/// becomes `{data, result, results}`. There is no `status`: a real Attune's
/// `task.<name>` is the task's result only (a template reading
/// `task.<name>.status` fails to render there; here it renders as undefined).
pub fn task_view(result: &Value) -> Value {
    match result {
        Value::Object(obj) => {
            let mut merged = obj.clone();
            if let Some(Value::Object(data)) = obj.get("data") {
                for (k, v) in data {
                    merged.entry(k.clone()).or_insert_with(|| v.clone());
                }
            } else if !obj.contains_key("data") {
                if let Some(Value::Object(parsed)) = obj
                    .get("stdout")
                    .and_then(Value::as_str)
                    .and_then(|s| serde_json::from_str::<Value>(s.trim()).ok())
                {
                    for (k, v) in parsed {
                        merged.entry(k).or_insert(v);
                    }
                }
            }
            let alias = obj.get("data").cloned().unwrap_or_else(|| result.clone());
            merged
                .entry("result".to_string())
                .or_insert_with(|| alias.clone());
            Value::Object(merged)
        }
        other => {
            let mut m = Map::new();
            m.insert("data".into(), other.clone());
            m.insert("result".into(), other.clone());
            if other.is_array() {
                m.insert("results".into(), other.clone());
            }
            Value::Object(m)
        }
    }
}

/// Lazy view of a JSON object: only the accessed entry is converted.
#[derive(Debug)]
struct LazyMap(Arc<Map<String, Value>>);

impl Object for LazyMap {
    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        self.0.get(key.as_str()?).map(MjValue::from_serialize)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.keys().map(|k| MjValue::from(k.as_str())).collect())
    }
}

const CTX_KEYS: &[&str] = &[
    "parameters",
    "workflow",
    "vars",
    "variables",
    "task",
    "tasks",
    "config",
    "keystore",
    "system",
    "inquiry",
    "inquiries",
];

#[derive(Debug)]
struct Ctx {
    scope: Scope,
    frame: Frame,
}

impl Object for Ctx {
    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let s = &self.scope;
        match key.as_str()? {
            "parameters" => Some(MjValue::from_serialize(&*s.parameters)),
            "workflow" | "vars" | "variables" => {
                Some(MjValue::from_object(LazyMap(s.vars.clone())))
            }
            "task" | "tasks" => Some(MjValue::from_object(LazyMap(s.tasks.clone()))),
            "inquiry" | "inquiries" => Some(MjValue::from_object(LazyMap(s.inquiries.clone()))),
            "config" => Some(MjValue::from_serialize(&*s.config)),
            "keystore" => Some(MjValue::from_serialize(&*s.keystore)),
            "system" => Some(MjValue::from_serialize(&*s.system)),
            "item" => self.frame.item.as_ref().map(MjValue::from_serialize),
            "index" => self.frame.index.map(MjValue::from),
            "__wf_outcome" => self.frame.outcome.map(|o| MjValue::from(o.key())),
            "__wf_result" => Some(
                self.frame
                    .result
                    .as_ref()
                    .map(|r| MjValue::from_serialize(&**r))
                    .unwrap_or(MjValue::from(())),
            ),
            other => s.vars.get(other).map(MjValue::from_serialize),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(CTX_KEYS)
    }
}

fn outcome_is(state: &State<'_, '_>, key: &str) -> bool {
    state
        .lookup("__wf_outcome")
        .is_some_and(|v| v.as_str() == Some(key))
}

fn f_succeeded(state: &State<'_, '_>) -> bool {
    outcome_is(state, "succeeded")
}

fn f_failed(state: &State<'_, '_>) -> bool {
    outcome_is(state, "failed")
}

fn f_timed_out(state: &State<'_, '_>) -> bool {
    outcome_is(state, "timed_out")
}

fn f_result(state: &State<'_, '_>) -> MjValue {
    state
        .lookup("__wf_result")
        .unwrap_or_else(|| MjValue::from(()))
}

/// Expression engine of one workflow run (two environments: strict and lenient).
#[derive(Debug)]
pub struct WfExpr {
    strict: Environment<'static>,
    lenient: Environment<'static>,
}

impl Default for WfExpr {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether `s` contains template markup.
fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// The inner expression of a pure `{{ expr }}` string.
pub fn pure_expression(s: &str) -> Option<&str> {
    let t = s.trim();
    let inner = t.strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.contains("{{") || inner.contains("}}") || t.contains("{%") {
        return None;
    }
    let inner = inner.trim();
    if inner.is_empty() {
        None
    } else {
        Some(inner)
    }
}

impl WfExpr {
    /// Build the environments (base env + workflow functions).
    pub fn new() -> Self {
        let mut strict = base_env();
        strict.set_undefined_behavior(UndefinedBehavior::Strict);
        strict.add_function("succeeded", f_succeeded);
        strict.add_function("failed", f_failed);
        strict.add_function("timed_out", f_timed_out);
        strict.add_function("result", f_result);
        let mut lenient = strict.clone();
        lenient.set_undefined_behavior(UndefinedBehavior::Chainable);
        WfExpr { strict, lenient }
    }

    fn env(&self, mode: Mode) -> &Environment<'static> {
        match mode {
            Mode::Strict => &self.strict,
            Mode::Lenient => &self.lenient,
        }
    }

    fn ctx(scope: &Scope, frame: &Frame) -> MjValue {
        MjValue::from_object(Ctx {
            scope: scope.clone(),
            frame: frame.clone(),
        })
    }

    /// Evaluate a bare expression (no `{{ }}`).
    pub fn eval(
        &self,
        expr: &str,
        scope: &Scope,
        frame: &Frame,
        mode: Mode,
    ) -> Result<Value, WfExprError> {
        let env = self.env(mode);
        let compiled = env
            .compile_expression(expr)
            .map_err(|e| WfExprError(format!("invalid expression `{expr}`: {e}")))?;
        let v = compiled
            .eval(Self::ctx(scope, frame))
            .map_err(|e| WfExprError(format!("error evaluating `{expr}`: {e}")))?;
        if v.is_undefined() {
            return match mode {
                Mode::Strict => Err(WfExprError(format!("`{expr}` is undefined"))),
                Mode::Lenient => Ok(Value::Null),
            };
        }
        serde_json::to_value(&v).map_err(|e| WfExprError(e.to_string()))
    }

    /// Render a text template (always a string).
    pub fn render_text(
        &self,
        template: &str,
        scope: &Scope,
        frame: &Frame,
        mode: Mode,
    ) -> Result<String, WfExprError> {
        self.env(mode)
            .render_str(template, Self::ctx(scope, frame))
            .map_err(|e| WfExprError(format!("error rendering `{template}`: {e}")))
    }

    /// Render a JSON template value (see the module docs for the rules).
    pub fn render(
        &self,
        v: &Value,
        scope: &Scope,
        frame: &Frame,
        mode: Mode,
    ) -> Result<Value, WfExprError> {
        match v {
            Value::String(s) => {
                if !is_template(s) {
                    return Ok(v.clone());
                }
                if let Some(expr) = pure_expression(s) {
                    return self.eval(expr, scope, frame, mode);
                }
                self.render_text(s, scope, frame, mode).map(Value::String)
            }
            Value::Array(items) => items
                .iter()
                .map(|i| self.render(i, scope, frame, mode))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Value::Object(obj) => {
                let mut out = Map::new();
                for (k, val) in obj {
                    out.insert(k.clone(), self.render(val, scope, frame, mode)?);
                }
                Ok(Value::Object(out))
            }
            other => Ok(other.clone()),
        }
    }

    /// Evaluate a condition (`"{{ expr }}"`, bare `expr`, or mixed text whose
    /// rendering is then judged: `""`, `false`, `0`, `no`, `none`, `null` are false).
    /// Strict mode: undefined values are errors.
    pub fn condition(&self, cond: &str, scope: &Scope, frame: &Frame) -> Result<bool, WfExprError> {
        let trimmed = cond.trim();
        if let Some(expr) = pure_expression(trimmed) {
            return self
                .eval(expr, scope, frame, Mode::Strict)
                .map(|v| is_truthy(&v));
        }
        if is_template(trimmed) {
            let text = self.render_text(trimmed, scope, frame, Mode::Strict)?;
            let t = text.trim().to_ascii_lowercase();
            return Ok(!matches!(
                t.as_str(),
                "" | "false" | "0" | "no" | "none" | "null"
            ));
        }
        self.eval(trimmed, scope, frame, Mode::Strict)
            .map(|v| is_truthy(&v))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope() -> Scope {
        let mut s = Scope {
            parameters: Arc::new(json!({"n": 5, "name": "bob", "items": [1, 2, 3], "flag": true})),
            config: Arc::new(json!({"url": "http://x"})),
            keystore: Arc::new(json!({"tok": "s3cr3t"})),
            system: Arc::new(json!({"workflow_start": "2024-01-01T00:00:00Z"})),
            ..Default::default()
        };
        s.set_var("counter", json!(2));
        s.set_var("list", json!(["a", "b"]));
        s.set_task(
            "fetch",
            task_view(
                &json!({"succeeded": true, "exit_code": 0, "data": {"id": 42, "status": "inner"}}),
            ),
        );
        s
    }

    fn r(v: Value) -> Value {
        WfExpr::new()
            .render(&v, &scope(), &Frame::default(), Mode::Lenient)
            .unwrap()
    }

    #[test]
    fn mixed_text_renders_scalars_like_json() {
        assert_eq!(
            r(json!("flag={{ parameters.flag }} n={{ parameters.n }}")),
            json!("flag=true n=5")
        );
        assert_eq!(
            r(json!("items={{ parameters.items }} none=[{{ null }}]")),
            json!("items=[1,2,3] none=[]")
        );
    }

    #[test]
    fn pure_templates_keep_type() {
        assert_eq!(r(json!("{{ parameters.n }}")), json!(5));
        assert_eq!(r(json!("{{ parameters.items }}")), json!([1, 2, 3]));
        assert_eq!(r(json!("{{ parameters.flag }}")), json!(true));
        assert_eq!(r(json!("  {{ parameters.n + 1 }} ")), json!(6));
        assert_eq!(r(json!("{{ length(parameters.items) }}")), json!(3));
    }

    #[test]
    fn mixed_text_is_string_and_recursion() {
        assert_eq!(
            r(
                json!({"a": "n={{ parameters.n }}", "b": ["{{ parameters.name }}", 7, null],
                     "c": {"d": "{{ upper(parameters.name) }}"}, "e": "plain"})
            ),
            json!({"a": "n=5", "b": ["bob", 7, null], "c": {"d": "BOB"}, "e": "plain"})
        );
        assert_eq!(
            r(json!("{{ parameters.n }}-{{ parameters.n }}")),
            json!("5-5")
        );
    }

    #[test]
    fn namespaces_and_aliases() {
        assert_eq!(r(json!("{{ workflow.counter }}")), json!(2));
        assert_eq!(r(json!("{{ vars.counter }}")), json!(2));
        assert_eq!(r(json!("{{ variables.list[1] }}")), json!("b"));
        assert_eq!(r(json!("{{ counter }}")), json!(2));
        assert_eq!(r(json!("{{ config.url }}")), json!("http://x"));
        assert_eq!(r(json!("{{ keystore.tok }}")), json!("s3cr3t"));
        assert_eq!(
            r(json!("{{ system.workflow_start }}")),
            json!("2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn task_namespace_views() {
        assert_eq!(r(json!("{{ task.fetch.data.id }}")), json!(42));
        assert_eq!(r(json!("{{ task.fetch.id }}")), json!(42));
        assert_eq!(r(json!("{{ tasks.fetch.result.id }}")), json!(42));
        // `status` is only the result's own field (here in `data`), never the execution status.
        assert_eq!(r(json!("{{ task.fetch.status }}")), json!("inner"));
        assert_eq!(r(json!("{{ task.fetch.exit_code }}")), json!(0));
    }

    #[test]
    fn task_view_shapes() {
        let v = task_view(&json!({"stdout": "{\"a\": 1}\n", "succeeded": false}));
        assert_eq!(v["a"], json!(1));
        assert!(v.get("status").is_none(), "{v}");
        assert_eq!(v["result"]["succeeded"], json!(false));
        let v = task_view(&json!([1, 2]));
        assert_eq!(
            v,
            json!({"data": [1, 2], "result": [1, 2], "results": [1, 2]})
        );
    }

    #[test]
    fn item_and_index() {
        let f = Frame {
            item: Some(json!({"name": "x"})),
            index: Some(3),
            ..Default::default()
        };
        let e = WfExpr::new();
        let v = e
            .render(&json!({"n": "{{ item.name }}", "i": "{{ index }}", "s": "{{ item.name }}#{{ index }}"}),
                &scope(), &f, Mode::Lenient)
            .unwrap();
        assert_eq!(v, json!({"n": "x", "i": 3, "s": "x#3"}));
    }

    #[test]
    fn undefined_is_null_or_empty_in_lenient_mode() {
        assert_eq!(r(json!("{{ parameters.missing }}")), Value::Null);
        assert_eq!(r(json!("{{ parameters.missing.deeper }}")), Value::Null);
        assert_eq!(r(json!("{{ nothing }}")), Value::Null);
        assert_eq!(r(json!("x{{ parameters.missing }}y")), json!("xy"));
        assert_eq!(r(json!("{{ item }}")), Value::Null);
    }

    #[test]
    fn undefined_is_error_in_strict_mode_and_conditions() {
        let e = WfExpr::new();
        let s = scope();
        let f = Frame::default();
        assert!(e
            .render(&json!("{{ parameters.missing }}"), &s, &f, Mode::Strict)
            .is_err());
        assert!(e.condition("{{ parameters.missing }}", &s, &f).is_err());
        assert!(e
            .condition("{{ task.nope.status == 'x' }}", &s, &f)
            .is_err());
        assert!(e.condition("{{ bad syntax ( }}", &s, &f).is_err());
    }

    #[test]
    fn conditions_and_workflow_functions() {
        let e = WfExpr::new();
        let s = scope();
        let ok = Frame::finished(
            Outcome::Succeeded,
            Arc::new(json!({"code": 200, "data": {"x": 1}})),
        );
        let bad = Frame::finished(Outcome::Failed, Arc::new(json!({"error": "boom"})));
        let to = Frame::finished(Outcome::TimedOut, Arc::new(json!({"timed_out": true})));
        assert!(e.condition("{{ succeeded() }}", &s, &ok).unwrap());
        assert!(!e.condition("{{ failed() }}", &s, &ok).unwrap());
        assert!(e.condition("{{ failed() }}", &s, &bad).unwrap());
        assert!(e.condition("{{ timed_out() }}", &s, &to).unwrap());
        assert!(!e.condition("{{ succeeded() }}", &s, &to).unwrap());
        assert!(e
            .condition("succeeded() and result().code == 200", &s, &ok)
            .unwrap());
        assert!(e.condition("{{ not failed() }}", &s, &ok).unwrap());
        assert!(e.condition("{{ result().data.x == 1 }}", &s, &ok).unwrap());
        assert!(e.condition("{{ workflow.counter < 3 }}", &s, &ok).unwrap());
        assert!(e
            .condition("{{ contains(parameters.items, 2) }}", &s, &ok)
            .unwrap());
        assert!(!e
            .condition("{{ length(workflow.list) > 5 }}", &s, &ok)
            .unwrap());
        assert!(e.condition("{{ parameters.flag }} ", &s, &ok).unwrap());
        assert!(e.condition("{{ parameters.n }}x == no", &s, &ok).unwrap());
        assert_eq!(
            e.render(&json!("{{ result() }}"), &s, &bad, Mode::Lenient)
                .unwrap(),
            json!({"error": "boom"})
        );
        assert_eq!(
            e.render(&json!("{{ result().error }}"), &s, &bad, Mode::Lenient)
                .unwrap(),
            json!("boom")
        );
        // No current task: functions are false / null.
        let none = Frame::default();
        assert!(!e.condition("{{ succeeded() }}", &s, &none).unwrap());
        assert_eq!(
            e.render(&json!("{{ result() }}"), &s, &none, Mode::Lenient)
                .unwrap(),
            Value::Null
        );
    }

    #[test]
    fn whole_namespaces_serialize() {
        let v = r(json!("{{ workflow }}"));
        assert_eq!(v, json!({"counter": 2, "list": ["a", "b"]}));
        assert_eq!(r(json!("{{ length(workflow) }}")), json!(2));
    }

    #[test]
    fn pure_expression_detection() {
        assert_eq!(pure_expression("{{ a }}"), Some("a"));
        assert_eq!(pure_expression(" {{a.b}} "), Some("a.b"));
        assert_eq!(pure_expression("{{ a }} {{ b }}"), None);
        assert_eq!(pure_expression("x {{ a }}"), None);
        assert_eq!(pure_expression("{{ }}"), None);
    }
}
