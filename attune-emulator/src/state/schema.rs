//! Validation of values against Attune's flat parameter schemas
//! (`{"name": {"type": "string", "required": true, "enum": [...]}}`).
//! JSON-Schema-style `{"type":"object","properties":{..},"required":[..]}` is also understood.

use serde_json::{Map, Value};

/// One property of a flat schema.
struct Prop<'a> {
    name: &'a str,
    ty: Option<&'a str>,
    required: bool,
    enumeration: Option<&'a Vec<Value>>,
}

fn props(schema: &Value) -> Vec<Prop<'_>> {
    let Some(obj) = schema.as_object() else {
        return Vec::new();
    };
    // JSON-Schema style
    if let Some(Value::Object(p)) = obj.get("properties") {
        let req: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        return p
            .iter()
            .map(|(k, v)| Prop {
                name: k,
                ty: v.get("type").and_then(Value::as_str),
                required: req.contains(&k.as_str())
                    || v.get("required").and_then(Value::as_bool).unwrap_or(false),
                enumeration: v.get("enum").and_then(Value::as_array),
            })
            .collect();
    }
    obj.iter()
        .filter(|(_, v)| v.is_object())
        .map(|(k, v)| Prop {
            name: k,
            ty: v.get("type").and_then(Value::as_str),
            required: v.get("required").and_then(Value::as_bool).unwrap_or(false),
            enumeration: v.get("enum").and_then(Value::as_array),
        })
        .collect()
}

/// Whether `v` matches a schema type name.
pub fn type_matches(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" | "bool" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn is_template(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.contains("{{"))
}

/// Validates `value` (an object) against a flat schema.
///
/// * required keys must be present (at top level);
/// * present keys must match the declared type and `enum`;
/// * with `allow_templates`, a string containing `{{` is accepted for any type.
///
/// Returns the list of violations (empty = valid).
pub fn validate(schema: &Value, value: &Map<String, Value>, allow_templates: bool) -> Vec<String> {
    let mut errs = Vec::new();
    for p in props(schema) {
        match value.get(p.name) {
            None | Some(Value::Null) => {
                if p.required {
                    errs.push(format!("\"{}\" is a required property", p.name));
                }
            }
            Some(v) => {
                if allow_templates && is_template(v) {
                    continue;
                }
                if let Some(ty) = p.ty {
                    if !type_matches(ty, v) {
                        errs.push(format!("'{}': {} is not of type '{}'", p.name, v, ty));
                        continue;
                    }
                }
                if let Some(en) = p.enumeration {
                    if !en.contains(v) {
                        errs.push(format!(
                            "'{}': {} is not one of {}",
                            p.name,
                            v,
                            Value::Array(en.clone())
                        ));
                    }
                }
            }
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn flat_schema() {
        let s = json!({"n": {"type": "integer", "required": true}, "u": {"type": "string", "enum": ["a", "b"]}});
        assert!(validate(&s, &obj(json!({"n": 1})), false).is_empty());
        assert_eq!(validate(&s, &obj(json!({})), false).len(), 1);
        assert_eq!(validate(&s, &obj(json!({"n": "x"})), false).len(), 1);
        assert!(validate(&s, &obj(json!({"n": "{{ event.payload.n }}"})), true).is_empty());
        assert_eq!(
            validate(&s, &obj(json!({"n": 1, "u": "c"})), false).len(),
            1
        );
    }

    #[test]
    fn json_schema_style() {
        let s =
            json!({"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]});
        assert_eq!(validate(&s, &obj(json!({})), false).len(), 1);
        assert!(validate(&s, &obj(json!({"x": "1"})), false).is_empty());
    }
}
