//! The shared expression engine, built on minijinja expressions.
//!
//! Attune evaluates rule conditions (`{"expression": "..."}`) and workflow
//! expressions with one engine. This module reproduces it on top of
//! [minijinja](https://docs.rs/minijinja) expressions:
//!
//! * operators `and or not == != < <= > >= in`, arithmetic (`+ - * / % //`),
//!   parentheses, list/map literals, dot and index access — all minijinja's;
//! * literals `true`/`false`, `null`/`none`, numbers, strings;
//! * the Attune functions, registered as globals by [`base_env`]:
//!   `contains(v, item)`, `length(v)`, `lower(s)`, `upper(s)`,
//!   `match(pattern, s)`, `int(v)`, `string(v)`, plus the rest of the real
//!   engine's helpers (`number`, `bool`, `type_of`, `keys`, `values`, `trim`,
//!   `split`, `join`, `replace`, `starts_with`, `ends_with`, `abs`, `floor`,
//!   `ceil`, `round`, `sum`, `min`, `max`);
//! * **strict lookups**: an unknown variable or a missing attribute
//!   (`event.payload.nope`) is an error, not an "undefined" value. This
//!   mirrors Attune, whose engine raises on missing fields, so a condition that
//!   touches a missing field never matches.
//!
//! [`base_env`] is composable: the workflow engine adds its own functions
//! (`succeeded()`, `result()`, …) to the returned environment and evaluates
//! with [`eval_with_env`].

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectExt, ObjectRepr, Rest, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde_json::Value as Json;

/// Error raised while compiling or evaluating an expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExprError {
    /// The expression text could not be parsed.
    #[error("expression syntax error: {0}")]
    Syntax(String),
    /// Evaluation failed (unknown variable, missing field, type error, …).
    #[error("expression evaluation error: {0}")]
    Eval(String),
    /// The context passed in was not a JSON object.
    #[error("expression context must be a JSON object")]
    BadContext,
}

/// Build the base environment: strict undefined handling plus the Attune
/// functions as global functions and `null` as a literal-like global.
///
/// Callers may add more functions/globals before evaluating with
/// [`eval_with_env`].
pub fn base_env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_formatter(format_like_json);
    env.add_global("null", Value::from(()));
    env.add_global("NULL", Value::from(()));
    env.add_function("contains", fn_contains);
    env.add_function("length", fn_length);
    env.add_function("lower", fn_lower);
    env.add_function("upper", fn_upper);
    env.add_function("match", fn_match);
    env.add_function("int", fn_int);
    env.add_function("string", fn_string);
    env.add_function("number", fn_number);
    env.add_function("bool", fn_bool);
    env.add_function("type_of", fn_type_of);
    env.add_function("keys", fn_keys);
    env.add_function("values", fn_values);
    env.add_function("trim", fn_trim);
    env.add_function("split", fn_split);
    env.add_function("join", fn_join);
    env.add_function("replace", fn_replace);
    env.add_function("starts_with", fn_starts_with);
    env.add_function("ends_with", fn_ends_with);
    env.add_function("abs", fn_abs);
    env.add_function("floor", fn_floor);
    env.add_function("ceil", fn_ceil);
    env.add_function("round", fn_round);
    env.add_function("sum", fn_sum);
    env.add_function("min", fn_min);
    env.add_function("max", fn_max);
    env
}

fn shared_env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(base_env)
}

/// Strip one optional surrounding `{{ … }}` (only when it wraps the whole,
/// trimmed string) and trim.
pub fn strip_braces(expr: &str) -> &str {
    let t = expr.trim();
    if let Some(inner) = t.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
        inner.trim()
    } else {
        t
    }
}

/// Evaluate `expr` with [`base_env`] against `ctx`, whose top-level keys are
/// the variables in scope (e.g. `{"event": {...}}`).
///
/// A surrounding `{{ }}` is stripped. Unknown variables and missing
/// attributes are errors.
pub fn eval_expression(expr: &str, ctx: &Json) -> Result<Json, ExprError> {
    eval_with_env(shared_env(), expr, ctx)
}

/// Like [`eval_expression`] but with a caller-provided environment (normally
/// [`base_env`] plus extra functions).
pub fn eval_with_env(env: &Environment<'_>, expr: &str, ctx: &Json) -> Result<Json, ExprError> {
    let vars = ctx.as_object().ok_or(ExprError::BadContext)?;
    let src = strip_braces(expr);
    let compiled = env
        .compile_expression(src)
        .map_err(|e| ExprError::Syntax(describe(&e)))?;
    let globals: HashSet<String> = env.globals().map(|(n, _)| n.to_string()).collect();
    let root = Value::from_object(RootContext {
        vars: vars.clone(),
        globals,
    });
    let out = compiled
        .eval(root)
        .map_err(|e| ExprError::Eval(describe(&e)))?;
    value_to_json(&out)
}

/// Truthiness of a JSON value as the engine sees it: `null`, `false`, `0`,
/// `""`, `[]` and `{}` are false; everything else is true.
pub fn is_truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

/// Convert a JSON value into a minijinja value with strict attribute access
/// (missing attributes are errors; `key in obj` still works).
pub fn json_to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::from(()),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(a) => Value::from_object(JsonSeq(a.clone())),
        Json::Object(o) => Value::from_object(JsonMap(o.clone())),
    }
}

/// How values print inside mixed text: like Attune's templating (JSON scalars), not like Jinja.
/// `true`/`false` (not `True`), null prints nothing (not `none`), arrays and objects print as compact JSON.
fn format_like_json(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::None => Ok(()),
        ValueKind::Bool => write!(out, "{}", value.is_true()).map_err(Error::from),
        ValueKind::Seq | ValueKind::Map => {
            let text = serde_json::to_string(value)
                .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
            out.write_str(&text).map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Convert a minijinja value back to JSON. An undefined result is an error.
pub fn value_to_json(v: &Value) -> Result<Json, ExprError> {
    if v.is_undefined() {
        return Err(ExprError::Eval(
            "expression evaluated to an undefined value".into(),
        ));
    }
    serde_json::to_value(v).map_err(|e| ExprError::Eval(e.to_string()))
}

fn describe(e: &Error) -> String {
    match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    }
}

fn missing(what: String) -> Value {
    Value::from(Error::new(ErrorKind::UndefinedError, what))
}

/// The root context: variables, erroring on unknown names that are not
/// environment globals (functions).
#[derive(Debug)]
struct RootContext {
    vars: serde_json::Map<String, Json>,
    globals: HashSet<String>,
}

impl Object for RootContext {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        key.as_str()
            .and_then(|k| self.vars.get(k))
            .map(json_to_value)
    }
    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match self.vars.get(key) {
            Some(v) => Some(json_to_value(v)),
            None if self.globals.contains(key) => None,
            None => Some(missing(format!("unknown variable '{key}'"))),
        }
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| Box::new(this.vars.keys().map(|k| Value::from(k.as_str()))))
    }
}

#[derive(Debug)]
struct JsonMap(serde_json::Map<String, Json>);

impl Object for JsonMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }
    // Used by `obj[key]` and by `key in obj`: a missing key is "not there".
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        key.as_str().and_then(|k| self.0.get(k)).map(json_to_value)
    }
    // Used by dot access: a missing attribute is an error.
    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        Some(match self.0.get(key) {
            Some(v) => json_to_value(v),
            None => missing(format!("field '{key}' does not exist")),
        })
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| Box::new(this.0.keys().map(|k| Value::from(k.as_str()))))
    }
    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

#[derive(Debug)]
struct JsonSeq(Vec<Json>);

impl Object for JsonSeq {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let idx = key.as_i64()?;
        let len = self.0.len() as i64;
        let real = if idx < 0 { len + idx } else { idx };
        if real < 0 || real >= len {
            return Some(missing(format!("index {idx} out of range (length {len})")));
        }
        self.0.get(real as usize).map(json_to_value)
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

fn arg(v: &Value, func: &str) -> Result<Json, Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("undefined argument passed to {func}()"),
        ));
    }
    serde_json::to_value(v).map_err(|e| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{func}(): cannot convert argument: {e}"),
        )
    })
}

fn type_err(func: &str, expected: &str, got: &Json) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{func}() expects {expected}, got {}", type_name(got)),
    )
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn out(v: Json) -> Value {
    json_to_value(&v)
}

fn num(v: &Json) -> Option<f64> {
    v.as_f64()
}

fn num_out(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::from(f as i64)
    } else {
        Value::from(f)
    }
}

fn json_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn fn_contains(haystack: Value, needle: Value) -> Result<bool, Error> {
    let h = arg(&haystack, "contains")?;
    let n = arg(&needle, "contains")?;
    match &h {
        Json::Array(items) => Ok(items.iter().any(|i| json_eq(i, &n))),
        Json::String(s) => match &n {
            Json::String(sub) => Ok(s.contains(sub.as_str())),
            other => Ok(s.contains(&json_to_text(other))),
        },
        Json::Object(map) => match &n {
            Json::String(k) => Ok(map.contains_key(k)),
            other => Err(type_err("contains", "a string key for an object", other)),
        },
        other => Err(type_err("contains", "an array, string or object", other)),
    }
}

fn fn_length(v: Value) -> Result<usize, Error> {
    match arg(&v, "length")? {
        Json::String(s) => Ok(s.chars().count()),
        Json::Array(a) => Ok(a.len()),
        Json::Object(o) => Ok(o.len()),
        other => Err(type_err("length", "a string, array or object", &other)),
    }
}

fn str_arg(v: &Value, func: &str) -> Result<String, Error> {
    match arg(v, func)? {
        Json::String(s) => Ok(s),
        other => Err(type_err(func, "a string", &other)),
    }
}

fn fn_lower(v: Value) -> Result<String, Error> {
    Ok(str_arg(&v, "lower")?.to_lowercase())
}

fn fn_upper(v: Value) -> Result<String, Error> {
    Ok(str_arg(&v, "upper")?.to_uppercase())
}

fn fn_match(pattern: Value, s: Value) -> Result<bool, Error> {
    let p = str_arg(&pattern, "match")?;
    let s = str_arg(&s, "match")?;
    let re = regex::Regex::new(&p).map_err(|e| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("match(): invalid regex: {e}"),
        )
    })?;
    Ok(re.is_match(&s))
}

fn fn_int(v: Value) -> Result<Value, Error> {
    match arg(&v, "int")? {
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Value::from(i))
            } else if let Some(u) = n.as_u64() {
                Ok(Value::from(u))
            } else {
                Ok(Value::from(n.as_f64().unwrap_or(0.0).trunc() as i64))
            }
        }
        Json::String(s) => {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                Ok(Value::from(i))
            } else if let Ok(f) = t.parse::<f64>() {
                Ok(Value::from(f.trunc() as i64))
            } else {
                Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("int(): cannot convert '{s}' to an integer"),
                ))
            }
        }
        Json::Bool(b) => Ok(Value::from(i64::from(b))),
        other => Err(type_err("int", "a number, string or bool", &other)),
    }
}

/// Text form of a JSON value as `string()` renders it: strings raw, other
/// values as compact JSON (`null`, `true`, `42`, `[1,2]`).
pub fn json_to_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn fn_string(v: Value) -> Result<String, Error> {
    Ok(json_to_text(&arg(&v, "string")?))
}

fn fn_number(v: Value) -> Result<Value, Error> {
    match arg(&v, "number")? {
        Json::Number(n) => Ok(out(Json::Number(n))),
        Json::String(s) => {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                Ok(Value::from(i))
            } else if let Ok(f) = t.parse::<f64>() {
                Ok(Value::from(f))
            } else {
                Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("number(): cannot convert '{s}' to a number"),
                ))
            }
        }
        Json::Bool(b) => Ok(Value::from(i64::from(b))),
        other => Err(type_err("number", "a number, string or bool", &other)),
    }
}

fn fn_bool(v: Value) -> Result<bool, Error> {
    Ok(is_truthy(&arg(&v, "bool")?))
}

fn fn_type_of(v: Value) -> Result<&'static str, Error> {
    Ok(type_name(&arg(&v, "type_of")?))
}

fn fn_keys(v: Value) -> Result<Value, Error> {
    match arg(&v, "keys")? {
        Json::Object(o) => Ok(out(Json::Array(
            o.keys().cloned().map(Json::String).collect(),
        ))),
        other => Err(type_err("keys", "an object", &other)),
    }
}

fn fn_values(v: Value) -> Result<Value, Error> {
    match arg(&v, "values")? {
        Json::Object(o) => Ok(out(Json::Array(o.values().cloned().collect()))),
        other => Err(type_err("values", "an object", &other)),
    }
}

fn fn_trim(v: Value) -> Result<String, Error> {
    Ok(str_arg(&v, "trim")?.trim().to_string())
}

fn fn_split(s: Value, sep: Value) -> Result<Value, Error> {
    let s = str_arg(&s, "split")?;
    let sep = str_arg(&sep, "split")?;
    let parts: Vec<Json> = if sep.is_empty() {
        s.chars().map(|c| Json::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str())
            .map(|p| Json::String(p.to_string()))
            .collect()
    };
    Ok(out(Json::Array(parts)))
}

fn fn_join(arr: Value, sep: Value) -> Result<String, Error> {
    let sep = str_arg(&sep, "join")?;
    match arg(&arr, "join")? {
        Json::Array(a) => Ok(a.iter().map(json_to_text).collect::<Vec<_>>().join(&sep)),
        other => Err(type_err("join", "an array", &other)),
    }
}

fn fn_replace(s: Value, old: Value, new: Value) -> Result<String, Error> {
    let s = str_arg(&s, "replace")?;
    let old = str_arg(&old, "replace")?;
    let new = str_arg(&new, "replace")?;
    Ok(s.replace(&old, &new))
}

fn fn_starts_with(s: Value, p: Value) -> Result<bool, Error> {
    Ok(str_arg(&s, "starts_with")?.starts_with(&str_arg(&p, "starts_with")?))
}

fn fn_ends_with(s: Value, p: Value) -> Result<bool, Error> {
    Ok(str_arg(&s, "ends_with")?.ends_with(&str_arg(&p, "ends_with")?))
}

fn num_arg(v: &Value, func: &str) -> Result<Json, Error> {
    let j = arg(v, func)?;
    if j.is_number() {
        Ok(j)
    } else {
        Err(type_err(func, "a number", &j))
    }
}

fn fn_abs(v: Value) -> Result<Value, Error> {
    let j = num_arg(&v, "abs")?;
    Ok(if let Some(i) = j.as_i64() {
        Value::from(i.saturating_abs())
    } else if let Some(u) = j.as_u64() {
        Value::from(u)
    } else {
        Value::from(j.as_f64().unwrap_or(0.0).abs())
    })
}

fn fn_floor(v: Value) -> Result<Value, Error> {
    let j = num_arg(&v, "floor")?;
    Ok(num_out(num(&j).unwrap_or(0.0).floor()))
}

fn fn_ceil(v: Value) -> Result<Value, Error> {
    let j = num_arg(&v, "ceil")?;
    Ok(num_out(num(&j).unwrap_or(0.0).ceil()))
}

fn fn_round(v: Value) -> Result<Value, Error> {
    let j = num_arg(&v, "round")?;
    Ok(num_out(num(&j).unwrap_or(0.0).round()))
}

fn fn_sum(v: Value) -> Result<Value, Error> {
    match arg(&v, "sum")? {
        Json::Array(a) => {
            let mut all_int = true;
            let mut isum: i64 = 0;
            let mut fsum = 0.0;
            for x in &a {
                match x {
                    Json::Number(n) => {
                        if let Some(i) = n.as_i64() {
                            isum = isum.saturating_add(i);
                        } else {
                            all_int = false;
                        }
                        fsum += n.as_f64().unwrap_or(0.0);
                    }
                    other => return Err(type_err("sum", "an array of numbers", other)),
                }
            }
            Ok(if all_int {
                Value::from(isum)
            } else {
                Value::from(fsum)
            })
        }
        other => Err(type_err("sum", "an array", &other)),
    }
}

fn extreme(args: Rest<Value>, func: &str, want_max: bool) -> Result<Value, Error> {
    let items: Vec<Json> = if args.len() == 1 {
        match arg(&args[0], func)? {
            Json::Array(a) => a,
            other => vec![other],
        }
    } else {
        args.iter()
            .map(|v| arg(v, func))
            .collect::<Result<_, _>>()?
    };
    let mut best: Option<Json> = None;
    for it in items {
        let f = num(&it).ok_or_else(|| type_err(func, "numbers", &it))?;
        let better = match &best {
            None => true,
            Some(b) => {
                let bf = num(b).unwrap_or(0.0);
                if want_max {
                    f > bf
                } else {
                    f < bf
                }
            }
        };
        if better {
            best = Some(it);
        }
    }
    best.map(out).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{func}() of an empty sequence"),
        )
    })
}

fn fn_min(args: Rest<Value>) -> Result<Value, Error> {
    extreme(args, "min", false)
}

fn fn_max(args: Rest<Value>) -> Result<Value, Error> {
    extreme(args, "max", true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Json {
        json!({
            "event": {
                "id": 7,
                "trigger": 3,
                "trigger_ref": "core.webhook",
                "created": "2026-01-01T00:00:00Z",
                "payload": {
                    "severity": "High",
                    "count": 5,
                    "ratio": 0.5,
                    "tags": ["a", "b", "prod"],
                    "nested": {"x": {"y": 1}},
                    "none": null,
                    "flag": true,
                    "msg": "disk full on host-12"
                }
            }
        })
    }

    fn ev(e: &str) -> Json {
        eval_expression(e, &ctx()).unwrap()
    }

    fn err(e: &str) -> ExprError {
        eval_expression(e, &ctx()).unwrap_err()
    }

    #[test]
    fn comparisons_and_logic() {
        assert_eq!(ev("event.payload.count == 5"), json!(true));
        assert_eq!(ev("event.payload.count != 5"), json!(false));
        assert_eq!(
            ev("event.payload.count > 3 and event.payload.count <= 5"),
            json!(true)
        );
        assert_eq!(
            ev("event.payload.count < 3 or event.payload.flag"),
            json!(true)
        );
        assert_eq!(ev("not event.payload.flag"), json!(false));
        assert_eq!(ev("(1 + 2) * 3"), json!(9));
        assert_eq!(ev("7 % 4"), json!(3));
        assert_eq!(ev("3 == 3.0"), json!(true));
        assert_eq!(ev("'ab' ~ 'c'"), json!("abc"));
        assert_eq!(ev("'ab' + 'c'"), json!("abc"));
        assert_eq!(ev("event.payload.ratio >= 0.5"), json!(true));
    }

    #[test]
    fn braces_are_stripped() {
        assert_eq!(ev("{{ event.payload.severity == 'High' }}"), json!(true));
        assert_eq!(ev("  {{event.id}}  "), json!(7));
        assert_eq!(strip_braces("{{ a }}"), "a");
        assert_eq!(strip_braces("a == '{{'"), "a == '{{'");
    }

    #[test]
    fn access_and_literals() {
        assert_eq!(ev("event.payload.tags[2]"), json!("prod"));
        assert_eq!(ev("event.payload.tags[-1]"), json!("prod"));
        assert_eq!(ev("event.payload['severity']"), json!("High"));
        assert_eq!(ev("event.payload.nested.x.y"), json!(1));
        assert_eq!(ev("event.payload.none == null"), json!(true));
        assert_eq!(ev("event.payload.none is none"), json!(true));
        assert_eq!(ev("[1, 2, 3]"), json!([1, 2, 3]));
        assert_eq!(ev("{'a': 1}"), json!({"a": 1}));
        assert_eq!(ev("event.payload"), ctx()["event"]["payload"]);
    }

    #[test]
    fn in_operator() {
        assert_eq!(ev("'prod' in event.payload.tags"), json!(true));
        assert_eq!(ev("'dev' in event.payload.tags"), json!(false));
        assert_eq!(ev("'severity' in event.payload"), json!(true));
        assert_eq!(ev("'nope' in event.payload"), json!(false));
        assert_eq!(ev("'disk' in event.payload.msg"), json!(true));
        assert_eq!(
            ev("event.payload.severity in ['High', 'Critical']"),
            json!(true)
        );
        assert_eq!(ev("'nope' not in event.payload"), json!(true));
    }

    #[test]
    fn attune_functions() {
        assert_eq!(ev("contains(event.payload.tags, 'prod')"), json!(true));
        assert_eq!(ev("contains(event.payload.msg, 'full')"), json!(true));
        assert_eq!(ev("contains(event.payload, 'count')"), json!(true));
        assert_eq!(ev("contains([1, 2], 2.0)"), json!(true));
        assert_eq!(ev("length(event.payload.tags)"), json!(3));
        assert_eq!(ev("length('héllo')"), json!(5));
        assert_eq!(ev("length(event.payload.nested)"), json!(1));
        assert_eq!(ev("lower(event.payload.severity) == 'high'"), json!(true));
        assert_eq!(ev("upper('abc')"), json!("ABC"));
        assert_eq!(
            ev("match('^disk .* host-\\\\d+$', event.payload.msg)"),
            json!(true)
        );
        assert_eq!(ev("match('cpu', event.payload.msg)"), json!(false));
        assert_eq!(ev("int('42') + 1"), json!(43));
        assert_eq!(ev("int(3.9)"), json!(3));
        assert_eq!(ev("int(true)"), json!(1));
        assert_eq!(ev("string(event.payload.count)"), json!("5"));
        assert_eq!(
            ev("string(event.payload.tags)"),
            json!("[\"a\",\"b\",\"prod\"]")
        );
        assert_eq!(ev("string(null)"), json!("null"));
        assert_eq!(ev("number('2.5')"), json!(2.5));
        assert_eq!(ev("bool('')"), json!(false));
        assert_eq!(ev("type_of(event.payload.tags)"), json!("array"));
        assert_eq!(ev("keys(event.payload.nested)"), json!(["x"]));
        assert_eq!(ev("trim('  a ')"), json!("a"));
        assert_eq!(ev("split('a,b', ',')"), json!(["a", "b"]));
        assert_eq!(ev("join(['a', 1], '-')"), json!("a-1"));
        assert_eq!(ev("replace('aXb', 'X', '-')"), json!("a-b"));
        assert_eq!(
            ev("starts_with('hello', 'he') and ends_with('hello', 'lo')"),
            json!(true)
        );
        assert_eq!(ev("abs(-3)"), json!(3));
        assert_eq!(ev("floor(2.7)"), json!(2));
        assert_eq!(ev("ceil(2.1)"), json!(3));
        assert_eq!(ev("round(2.5)"), json!(3));
        assert_eq!(ev("sum([1, 2, 3])"), json!(6));
        assert_eq!(ev("min(3, 1, 2)"), json!(1));
        assert_eq!(ev("max([3, 9, 2])"), json!(9));
    }

    #[test]
    fn strict_errors() {
        // unknown variables
        assert!(matches!(err("trigger.data.x == 1"), ExprError::Eval(_)));
        assert!(matches!(err("trigger == 1"), ExprError::Eval(_)));
        // missing attributes, even when only compared
        assert!(matches!(
            err("event.payload.nope == 'x'"),
            ExprError::Eval(_)
        ));
        assert!(matches!(
            err("event.payload.nope != 'x'"),
            ExprError::Eval(_)
        ));
        assert!(matches!(err("event.nope"), ExprError::Eval(_)));
        assert!(matches!(
            err("event.payload.tags[10] == 'x'"),
            ExprError::Eval(_)
        ));
        // type errors
        assert!(matches!(err("lower(5)"), ExprError::Eval(_)));
        assert!(matches!(err("length(5)"), ExprError::Eval(_)));
        assert!(matches!(err("int('abc')"), ExprError::Eval(_)));
        assert!(matches!(err("match('(', 'x')"), ExprError::Eval(_)));
        assert!(matches!(
            err("event.payload.severity - 1"),
            ExprError::Eval(_)
        ));
        // syntax
        assert!(matches!(
            err("event.payload.count =="),
            ExprError::Syntax(_)
        ));
        assert!(matches!(err("{% if x %}"), ExprError::Syntax(_)));
        // bad context
        assert_eq!(
            eval_expression("1", &json!([1])).unwrap_err(),
            ExprError::BadContext
        );
    }

    #[test]
    fn truthiness() {
        for v in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!is_truthy(&v), "{v} should be falsy");
        }
        for v in [
            json!(true),
            json!(1),
            json!(-0.5),
            json!("x"),
            json!([0]),
            json!({"a": 0}),
        ] {
            assert!(is_truthy(&v), "{v} should be truthy");
        }
    }

    #[test]
    fn base_env_is_composable() {
        let mut env = base_env();
        env.add_function("succeeded", || true);
        let r = eval_with_env(&env, "succeeded() and length([1]) == 1", &json!({})).unwrap();
        assert_eq!(r, json!(true));
        // the new function is a global, so it is not an "unknown variable"
        let r = eval_with_env(&env, "succeeded()", &json!({"x": 1})).unwrap();
        assert_eq!(r, json!(true));
    }
}
