//! Rule condition matching (platform-semantics §3.2, api-contract §2.9).
//!
//! * `null`, `{}` or `[]` ⇒ match; an event whose payload is `null` ⇒ match
//!   before conditions are looked at.
//! * `{"expression": "<expr>"}` ⇒ evaluated by [`super::expr`] with **only**
//!   `event` in scope; truthy ⇒ match, any error ⇒ no match.
//! * `[{"field", "operator", "value"}, …]` ⇒ all must hold; `field` is a
//!   payload-relative dot path (numeric segments index arrays); operators
//!   `equals`, `not_equals`, `contains` (substring, strings only); an unknown
//!   operator is false; a missing field is an error ⇒ no match.
//! * any other shape ⇒ no match.

use serde_json::Value as Json;

use super::expr::{eval_expression, is_truthy};

/// Why a rule's conditions did not match (or could not be evaluated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionOutcome {
    /// The conditions hold (or there are none).
    Match,
    /// The conditions were evaluated and do not hold.
    NoMatch,
    /// Evaluation failed (missing field, expression error, bad shape); the
    /// rule does not match. The string is a log-worthy reason.
    Error(String),
}

impl ConditionOutcome {
    /// `true` only for [`ConditionOutcome::Match`].
    pub fn is_match(&self) -> bool {
        matches!(self, ConditionOutcome::Match)
    }
}

/// Does `event` (`{id, trigger, trigger_ref, payload, created}`) satisfy the
/// rule `conditions`?
pub fn rule_matches(conditions: &Json, event: &Json) -> bool {
    let outcome = evaluate_conditions(conditions, event);
    if let ConditionOutcome::Error(reason) = &outcome {
        tracing::warn!(%reason, "rule condition evaluation failed; treating as no match");
    }
    outcome.is_match()
}

/// Like [`rule_matches`] but tells a plain mismatch from an evaluation error.
pub fn evaluate_conditions(conditions: &Json, event: &Json) -> ConditionOutcome {
    // An event without a payload matches by default.
    if event.get("payload").is_none_or(Json::is_null) {
        return ConditionOutcome::Match;
    }
    match conditions {
        Json::Null => ConditionOutcome::Match,
        Json::Object(o) if o.is_empty() => ConditionOutcome::Match,
        Json::Array(a) if a.is_empty() => ConditionOutcome::Match,
        Json::Object(o) => match o.get("expression") {
            Some(Json::String(expr)) => eval_expression_condition(expr, event),
            Some(other) => ConditionOutcome::Error(format!(
                "condition 'expression' must be a string, got {other}"
            )),
            None => ConditionOutcome::Error("conditions is not an array".to_string()),
        },
        Json::Array(items) => eval_array_conditions(items, &event["payload"]),
        other => ConditionOutcome::Error(format!("conditions is not an array: {other}")),
    }
}

fn eval_expression_condition(expr: &str, event: &Json) -> ConditionOutcome {
    let scope = serde_json::json!({ "event": event_scope(event) });
    match eval_expression(expr, &scope) {
        Ok(v) if is_truthy(&v) => ConditionOutcome::Match,
        Ok(_) => ConditionOutcome::NoMatch,
        Err(e) => ConditionOutcome::Error(format!("expression '{expr}': {e}")),
    }
}

/// The `event` variable: exactly `{id, trigger, trigger_ref, payload, created}`.
fn event_scope(event: &Json) -> Json {
    let mut m = serde_json::Map::new();
    for key in ["id", "trigger", "trigger_ref", "payload", "created"] {
        m.insert(
            key.to_string(),
            event.get(key).cloned().unwrap_or(Json::Null),
        );
    }
    Json::Object(m)
}

fn eval_array_conditions(items: &[Json], payload: &Json) -> ConditionOutcome {
    for (i, cond) in items.iter().enumerate() {
        let Some(field) = cond.get("field").and_then(Json::as_str) else {
            return ConditionOutcome::Error(format!("condition #{i} has no string 'field'"));
        };
        let operator = cond.get("operator").and_then(Json::as_str).unwrap_or("");
        let expected = cond.get("value").unwrap_or(&Json::Null);
        let Some(actual) = resolve_path(payload, field) else {
            return ConditionOutcome::Error(format!("field '{field}' not found in event payload"));
        };
        let holds = match operator {
            "equals" => actual == expected,
            "not_equals" => actual != expected,
            "contains" => match (actual, expected) {
                (Json::String(a), Json::String(e)) => a.contains(e.as_str()),
                _ => false,
            },
            _ => false,
        };
        if !holds {
            return ConditionOutcome::NoMatch;
        }
    }
    ConditionOutcome::Match
}

/// Resolve a dot path (`a.b.0.c`) inside `root`; numeric segments index
/// arrays. `None` when any segment is missing.
pub fn resolve_path<'a>(root: &'a Json, path: &str) -> Option<&'a Json> {
    let mut cur = root;
    for seg in path.split('.') {
        cur = match cur {
            Json::Object(m) => m.get(seg)?,
            Json::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(payload: Json) -> Json {
        json!({
            "id": 11,
            "trigger": 2,
            "trigger_ref": "core.webhook",
            "payload": payload,
            "created": "2026-03-01T12:00:00Z"
        })
    }

    fn ev() -> Json {
        event(json!({
            "severity": "high",
            "count": 3,
            "host": {"name": "web-01", "tags": ["prod", "eu"]},
            "message": "disk almost full",
            "flag": false
        }))
    }

    #[test]
    fn empty_conditions_match() {
        assert!(rule_matches(&json!(null), &ev()));
        assert!(rule_matches(&json!({}), &ev()));
        assert!(rule_matches(&json!([]), &ev()));
    }

    #[test]
    fn null_payload_matches_before_conditions() {
        let e = event(Json::Null);
        assert!(rule_matches(&json!({"expression": "false"}), &e));
        assert!(rule_matches(
            &json!([{"field": "x", "operator": "equals", "value": 1}]),
            &e
        ));
        let mut no_payload = ev();
        no_payload.as_object_mut().unwrap().remove("payload");
        assert!(rule_matches(&json!({"expression": "false"}), &no_payload));
    }

    #[test]
    fn expression_form() {
        let c = |e: &str| rule_matches(&json!({ "expression": e }), &ev());
        assert!(c("event.payload.severity == 'high'"));
        assert!(c("{{ event.payload.severity == 'high' }}"));
        assert!(!c("event.payload.severity == 'low'"));
        assert!(c(
            "event.payload.count >= 3 and 'prod' in event.payload.host.tags"
        ));
        assert!(c(
            "contains(event.payload.message, 'disk') and length(event.payload.host.tags) == 2"
        ));
        assert!(c("upper(event.payload.severity) == 'HIGH'"));
        assert!(c("match('^web-\\\\d+$', event.payload.host.name)"));
        assert!(c("event.trigger_ref == 'core.webhook' and event.id == 11"));
        assert!(c("event.created == '2026-03-01T12:00:00Z'"));
        assert!(c("not event.payload.flag"));
        // truthiness of non-bool results
        assert!(c("event.payload.count"));
        assert!(!c("event.payload.flag"));
        assert!(!c("''"));
        // errors never match
        assert!(!c("trigger.data.severity == 'high'"));
        assert!(!c("event.payload.missing != 'x'"));
        assert!(!c("event.payload.severity +"));
        assert!(!c("int(event.payload.severity) > 1"));
        // only `event` is in scope
        assert!(!c("payload.severity == 'high'"));
        assert!(!c("rule.id == 1"));
    }

    #[test]
    fn expression_non_string_is_no_match() {
        assert!(!rule_matches(&json!({"expression": true}), &ev()));
    }

    #[test]
    fn array_form() {
        let c = |conds: Json| rule_matches(&conds, &ev());
        assert!(c(
            json!([{"field": "severity", "operator": "equals", "value": "high"}])
        ));
        assert!(!c(
            json!([{"field": "severity", "operator": "equals", "value": "low"}])
        ));
        assert!(c(
            json!([{"field": "severity", "operator": "not_equals", "value": "low"}])
        ));
        assert!(c(
            json!([{"field": "count", "operator": "equals", "value": 3}])
        ));
        assert!(!c(
            json!([{"field": "count", "operator": "equals", "value": "3"}])
        ));
        assert!(c(
            json!([{"field": "host.name", "operator": "equals", "value": "web-01"}])
        ));
        assert!(c(
            json!([{"field": "host.tags.1", "operator": "equals", "value": "eu"}])
        ));
        assert!(c(
            json!([{"field": "host.tags", "operator": "equals", "value": ["prod", "eu"]}])
        ));
        assert!(c(
            json!([{"field": "message", "operator": "contains", "value": "almost"}])
        ));
        // contains is substring on strings only
        assert!(!c(
            json!([{"field": "host.tags", "operator": "contains", "value": "prod"}])
        ));
        assert!(!c(
            json!([{"field": "count", "operator": "contains", "value": 3}])
        ));
        // AND of all
        assert!(c(json!([
            {"field": "severity", "operator": "equals", "value": "high"},
            {"field": "count", "operator": "not_equals", "value": 4}
        ])));
        assert!(!c(json!([
            {"field": "severity", "operator": "equals", "value": "high"},
            {"field": "count", "operator": "equals", "value": 4}
        ])));
        // unknown operator is false
        assert!(!c(
            json!([{"field": "count", "operator": "greater_than", "value": 1}])
        ));
        // missing field ⇒ no match, even for not_equals
        assert!(!c(
            json!([{"field": "nope", "operator": "not_equals", "value": 1}])
        ));
        assert!(!c(
            json!([{"field": "host.tags.9", "operator": "not_equals", "value": 1}])
        ));
        // paths are payload-relative
        assert!(!c(
            json!([{"field": "payload.severity", "operator": "equals", "value": "high"}])
        ));
        // malformed entries
        assert!(!c(json!([{"operator": "equals", "value": 1}])));
    }

    #[test]
    fn other_shapes_do_not_match() {
        assert!(!rule_matches(&json!({"and": [{"==": [1, 1]}]}), &ev()));
        assert!(!rule_matches(&json!("event.payload.count > 1"), &ev()));
        assert!(!rule_matches(&json!(true), &ev()));
        assert_eq!(
            evaluate_conditions(&json!({"and": []}), &ev()),
            ConditionOutcome::Error("conditions is not an array".into())
        );
    }

    #[test]
    fn outcome_distinguishes_errors() {
        assert_eq!(
            evaluate_conditions(&json!({"expression": "1 == 2"}), &ev()),
            ConditionOutcome::NoMatch
        );
        assert!(matches!(
            evaluate_conditions(&json!({"expression": "x == 2"}), &ev()),
            ConditionOutcome::Error(_)
        ));
    }

    #[test]
    fn resolve_path_works() {
        let p = json!({"a": {"b": [10, {"c": true}]}});
        assert_eq!(resolve_path(&p, "a.b.1.c"), Some(&json!(true)));
        assert_eq!(resolve_path(&p, "a.b.0"), Some(&json!(10)));
        assert_eq!(resolve_path(&p, "a.b.x"), None);
        assert_eq!(resolve_path(&p, "a.z"), None);
    }
}
