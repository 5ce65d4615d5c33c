//! Rule `action_params` templating (platform-semantics §4).
//!
//! This is **not** Jinja: Attune's template resolver finds `{{ path }}` with
//! the regex `\{\{\s*([^}]+?)\s*\}\}` and resolves the dotted path against a
//! fixed context. Filters (`| upper`) are not supported: the whole inner text
//! is taken as a path, which then does not resolve.
//!
//! * Allowed paths: `event.payload[.…]`, `event.id`, `event.trigger` (the
//!   trigger **ref**), `event.created`, `pack.config[.…]`,
//!   `system.timestamp`, `system.rule.id`, `system.rule.ref`. Anything else is
//!   unresolved.
//! * A string that is exactly one template keeps the JSON type of the value;
//!   unresolved ⇒ `null`.
//! * Mixed text interpolates: strings raw, numbers/bools as text, `null` ⇒
//!   empty, objects/arrays as compact JSON, unresolved ⇒ empty.
//! * Applied recursively through objects and arrays; other scalars are kept.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::{json, Value as Json};

use super::conditions::resolve_path;

fn template_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\{\{\s*([^}]+?)\s*\}\}").ok())
        .as_ref()
}

/// Build the template context
/// `{"event": {id, trigger, created, payload}, "pack": {"config": …},
/// "system": {"timestamp", "rule": {"id", "ref"}}}`.
///
/// `trigger_ref` is what `{{ event.trigger }}` yields; `created` and
/// `timestamp` should be RFC 3339 strings.
#[allow(clippy::too_many_arguments)]
pub fn build_context(
    event_id: i64,
    trigger_ref: &str,
    created: &str,
    payload: &Json,
    pack_config: &Json,
    rule_id: i64,
    rule_ref: &str,
    timestamp: &str,
) -> Json {
    json!({
        "event": {
            "id": event_id,
            "trigger": trigger_ref,
            "created": created,
            "payload": payload,
        },
        "pack": { "config": pack_config },
        "system": {
            "timestamp": timestamp,
            "rule": { "id": rule_id, "ref": rule_ref },
        },
    })
}

/// Resolve all templates in `params` (recursively) against `ctx` (see
/// [`build_context`]).
pub fn resolve_params(params: &Json, ctx: &Json) -> Json {
    match params {
        Json::String(s) => resolve_string(s, ctx),
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve_params(v, ctx)))
                .collect(),
        ),
        Json::Array(a) => Json::Array(a.iter().map(|v| resolve_params(v, ctx)).collect()),
        other => other.clone(),
    }
}

/// Resolve one template path (the text inside `{{ }}`), or `None` when it is
/// not an allowed path or does not exist.
pub fn lookup(path: &str, ctx: &Json) -> Option<Json> {
    let path = path.trim();
    let allowed = path == "event.payload"
        || path.starts_with("event.payload.")
        || matches!(path, "event.id" | "event.trigger" | "event.created")
        || path == "pack.config"
        || path.starts_with("pack.config.")
        || matches!(
            path,
            "system.timestamp" | "system.rule.id" | "system.rule.ref"
        );
    if !allowed {
        tracing::debug!(path, "template path not resolvable");
        return None;
    }
    resolve_path(ctx, path).cloned()
}

fn resolve_string(s: &str, ctx: &Json) -> Json {
    let Some(re) = template_regex() else {
        return Json::String(s.to_string());
    };
    if let Some(caps) = re.captures(s) {
        if let (Some(whole), Some(inner)) = (caps.get(0), caps.get(1)) {
            if whole.start() == 0 && whole.end() == s.len() {
                return lookup(inner.as_str(), ctx).unwrap_or(Json::Null);
            }
        } else {
            return Json::String(s.to_string());
        }
    } else {
        return Json::String(s.to_string());
    }
    let out = re.replace_all(s, |caps: &regex::Captures<'_>| {
        caps.get(1)
            .and_then(|m| lookup(m.as_str(), ctx))
            .map(|v| interpolate(&v))
            .unwrap_or_default()
    });
    Json::String(out.into_owned())
}

fn interpolate(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ctx() -> Json {
        build_context(
            42,
            "core.webhook",
            "2026-02-05T10:00:00Z",
            &json!({
                "service": "api-gateway",
                "count": 3,
                "ok": true,
                "ratio": 0.25,
                "none": null,
                "tags": ["a", "b"],
                "obj": {"k": "v", "n": 1},
                "deep": {"list": [{"x": "first"}]}
            }),
            &json!({"region": "eu-west-1", "limits": {"max": 10}}),
            9,
            "mypack.myrule",
            "2026-02-05T10:00:01Z",
        )
    }

    fn r(v: Json) -> Json {
        resolve_params(&v, &ctx())
    }

    #[test]
    fn whole_string_keeps_type() {
        assert_eq!(r(json!("{{ event.payload.count }}")), json!(3));
        assert_eq!(r(json!("{{event.payload.ok}}")), json!(true));
        assert_eq!(r(json!("{{ event.payload.ratio }}")), json!(0.25));
        assert_eq!(r(json!("{{ event.payload.tags }}")), json!(["a", "b"]));
        assert_eq!(
            r(json!("{{ event.payload.obj }}")),
            json!({"k": "v", "n": 1})
        );
        assert_eq!(r(json!("{{ event.payload.none }}")), json!(null));
        assert_eq!(r(json!("{{ event.payload.tags.1 }}")), json!("b"));
        assert_eq!(
            r(json!("{{ event.payload.deep.list.0.x }}")),
            json!("first")
        );
        assert_eq!(r(json!("{{ event.payload }}"))["count"], json!(3));
        assert_eq!(r(json!("{{ event.id }}")), json!(42));
        assert_eq!(r(json!("{{ event.trigger }}")), json!("core.webhook"));
        assert_eq!(
            r(json!("{{ event.created }}")),
            json!("2026-02-05T10:00:00Z")
        );
        assert_eq!(r(json!("{{ pack.config.region }}")), json!("eu-west-1"));
        assert_eq!(r(json!("{{ pack.config.limits.max }}")), json!(10));
        assert_eq!(
            r(json!("{{ system.timestamp }}")),
            json!("2026-02-05T10:00:01Z")
        );
        assert_eq!(r(json!("{{ system.rule.id }}")), json!(9));
        assert_eq!(r(json!("{{ system.rule.ref }}")), json!("mypack.myrule"));
    }

    #[test]
    fn unresolved_whole_is_null() {
        for t in [
            "{{ event.payload.nope }}",
            "{{ trigger.payload.service }}",
            "{{ config.region }}",
            "{{ datastore.key }}",
            "{{ system.event.id }}",
            "{{ system.rule }}",
            "{{ event.payload.tags.9 }}",
            "{{ event.payload.tags.x }}",
            "{{ event.payload.service | upper }}",
            "{{ event.payload.service | default('x') }}",
            "{{ pack.other }}",
        ] {
            assert_eq!(r(json!(t)), json!(null), "{t}");
        }
    }

    #[test]
    fn mixed_text_interpolates() {
        assert_eq!(
            r(json!(
                "Error in {{ event.payload.service }} ({{ event.payload.count }})"
            )),
            json!("Error in api-gateway (3)")
        );
        assert_eq!(r(json!("ok={{ event.payload.ok }}")), json!("ok=true"));
        assert_eq!(r(json!("n=[{{ event.payload.none }}]")), json!("n=[]"));
        assert_eq!(
            r(json!("t={{ event.payload.tags }}")),
            json!("t=[\"a\",\"b\"]")
        );
        assert_eq!(
            r(json!("o={{ event.payload.obj }}")),
            json!("o={\"k\":\"v\",\"n\":1}")
        );
        assert_eq!(r(json!("x={{ nope.path }}!")), json!("x=!"));
        assert_eq!(
            r(json!("u={{ event.payload.service | upper }}")),
            json!("u=")
        );
        assert_eq!(
            r(json!("{{ event.trigger }}.{{ event.id }}")),
            json!("core.webhook.42")
        );
        // leading/trailing text around a single template is interpolation
        assert_eq!(r(json!(" {{ event.payload.count }}")), json!(" 3"));
        assert_eq!(r(json!("{{ event.payload.count }} ")), json!("3 "));
    }

    #[test]
    fn recursive_and_untouched() {
        let out = r(json!({
            "a": "{{ event.payload.count }}",
            "list": ["{{ event.id }}", 5, {"inner": "svc={{ event.payload.service }}"}],
            "num": 1.5,
            "b": false,
            "n": null,
            "plain": "no templates {here}"
        }));
        assert_eq!(
            out,
            json!({
                "a": 3,
                "list": [42, 5, {"inner": "svc=api-gateway"}],
                "num": 1.5,
                "b": false,
                "n": null,
                "plain": "no templates {here}"
            })
        );
    }

    #[test]
    fn lookup_whitelist() {
        let c = ctx();
        assert_eq!(lookup("event.id", &c), Some(json!(42)));
        assert_eq!(lookup("  event.id ", &c), Some(json!(42)));
        assert_eq!(lookup("event", &c), None);
        assert_eq!(lookup("system", &c), None);
        assert_eq!(lookup("pack", &c), None);
    }
}
