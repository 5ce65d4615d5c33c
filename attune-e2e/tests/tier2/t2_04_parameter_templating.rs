//! T2.4 — rule `action_params` templating (platform-semantics §4): `{{ path }}` over `event.payload.*` (nested,
//! arrays by numeric segment), `event.id`, `event.trigger` (the trigger ref), `system.rule.ref` / `.id`; a
//! whole-string template keeps its JSON type, mixed text interpolates (null → empty, objects → compact JSON);
//! an unresolved path is `null` (whole) or empty (inside text); filters are not supported and roots such as
//! `trigger.*` do not exist. The resolved object is both `enforcement.config` and `execution.config`.

use attune_client::models::{ExecutionStatus, ListEnforcementsParams, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    wait_for_enforcements, wait_for_execution_terminal, wait_for_executions,
};
use attune_testkit::{CountOp, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::SHORT;
use crate::tier2::helpers::*;

fn payload() -> Value {
    json!({
        "user": {"id": 7, "profile": {"email": "ada@example.com", "langs": ["rust", "sql"]}},
        "tags": ["first", "second", "third"],
        "count": 42,
        "ratio": 0.5,
        "flag": true,
        "nothing": null,
        "single": {"k": "v"},
        "name": "ada"
    })
}

/// What the rendered parameter must be.
#[derive(Debug, Clone)]
enum Expect {
    Value(Value),
    EventId,
    EventIdText(&'static str),
    TriggerRef,
    RuleRef,
    RuleId,
}

#[rstest]
#[case::nested_path("string", json!("{{ event.payload.user.profile.email }}"), Expect::Value(json!("ada@example.com")))]
#[case::array_index("string", json!("{{ event.payload.tags.1 }}"), Expect::Value(json!("second")))]
#[case::nested_array_index("string", json!("{{ event.payload.user.profile.langs.0 }}"), Expect::Value(json!("rust")))]
#[case::pure_integer_keeps_type("integer", json!("{{ event.payload.count }}"), Expect::Value(json!(42)))]
#[case::pure_number_keeps_type("number", json!("{{ event.payload.ratio }}"), Expect::Value(json!(0.5)))]
#[case::pure_boolean_keeps_type("boolean", json!("{{ event.payload.flag }}"), Expect::Value(json!(true)))]
#[case::pure_object_keeps_type("object", json!("{{ event.payload.user }}"), Expect::Value(payload()["user"].clone()))]
#[case::pure_array_keeps_type("array", json!("{{ event.payload.tags }}"), Expect::Value(payload()["tags"].clone()))]
#[case::mixed_text_stringifies("string", json!("n={{ event.payload.count }} f={{ event.payload.flag }} who={{ event.payload.name }}"), Expect::Value(json!("n=42 f=true who=ada")))]
#[case::mixed_text_object_is_compact_json("string", json!("s={{ event.payload.single }}"), Expect::Value(json!("s={\"k\":\"v\"}")))]
#[case::mixed_text_null_is_empty("string", json!("[{{ event.payload.nothing }}]"), Expect::Value(json!("[]")))]
#[case::missing_whole_is_null("string", json!("{{ event.payload.does_not_exist }}"), Expect::Value(Value::Null))]
#[case::missing_in_text_is_empty("string", json!("x{{ event.payload.does_not_exist }}y"), Expect::Value(json!("xy")))]
#[case::missing_array_index_is_null("string", json!("{{ event.payload.tags.9 }}"), Expect::Value(Value::Null))]
#[case::filter_unsupported_whole("string", json!("{{ event.payload.name | upper }}"), Expect::Value(Value::Null))]
#[case::filter_unsupported_in_text("string", json!("v={{ event.payload.name | upper }}"), Expect::Value(json!("v=")))]
#[case::unknown_root_trigger("string", json!("{{ trigger.data.name }}"), Expect::Value(Value::Null))]
#[case::event_id("integer", json!("{{ event.id }}"), Expect::EventId)]
#[case::event_id_in_text("string", json!("event-{{ event.id }}"), Expect::EventIdText("event-"))]
#[case::event_trigger_is_ref("string", json!("{{ event.trigger }}"), Expect::TriggerRef)]
#[case::system_rule_ref("string", json!("{{ system.rule.ref }}"), Expect::RuleRef)]
#[case::system_rule_id("integer", json!("{{ system.rule.id }}"), Expect::RuleId)]
#[case::literal_scalar_untouched("integer", json!(7), Expect::Value(json!(7)))]
#[case::nested_structure_rendered("object", json!({"a": ["{{ event.payload.count }}", "x{{ event.payload.name }}"], "b": {"c": "{{ event.payload.flag }}"}}), Expect::Value(json!({"a": [42, "xada"], "b": {"c": true}})))]
#[tokio::test]
async fn t2_4_action_params_are_rendered(
    #[future(awt)] scope: Scope,
    #[case] param_type: &str,
    #[case] template: Value,
    #[case] expect: Expect,
) -> Result<()> {
    let hook = scope.webhook_trigger().await?;
    let action = scope
        .shell_action(
            "tmpl",
            r#"printf '%s\n' "${value-}""#,
            json!({"value": {"type": param_type}}),
        )
        .await?;
    let rule = scope
        .rule(&hook.trigger_ref, &action.r#ref)
        .action_params(json!({"value": template}))
        .create()
        .await?;

    let receipt = hook.fire(payload()).await?;
    let expected = match expect {
        Expect::Value(v) => v,
        Expect::EventId => json!(receipt.event_id),
        Expect::EventIdText(prefix) => json!(format!("{prefix}{}", receipt.event_id)),
        Expect::TriggerRef => json!(hook.trigger_ref),
        Expect::RuleRef => json!(rule.r#ref),
        Expect::RuleId => json!(rule.id),
    };

    let params = ListEnforcementsParams {
        event: Some(receipt.event_id),
        ..Default::default()
    };
    let enforcements =
        wait_for_enforcements(scope.client(), params, CountOp::Exactly, 1, SHORT).await?;
    let enforcement = scope
        .client()
        .enforcements()
        .get(enforcements[0].id)
        .await?;
    assert_eq!(
        enforcement
            .config
            .get("value")
            .cloned()
            .unwrap_or(Value::Null),
        expected,
        "enforcement.config.value for template {template}: {}",
        enforcement.config
    );

    let params = ListExecutionsParams {
        enforcement: Some(enforcement.id),
        ..Default::default()
    };
    let execs = wait_for_executions(scope.client(), params, CountOp::Exactly, 1, SHORT).await?;
    let exec = wait_for_execution_terminal(scope.client(), execs[0].id, SHORT).await?;
    assert_eq!(
        exec.config.get("value").cloned().unwrap_or(Value::Null),
        expected,
        "execution.config.value (the action's parameters) for template {template}: {}",
        exec.config
    );
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    if let Value::String(text) = &expected {
        assert_eq!(
            stdout_line(&exec),
            *text,
            "the action received the rendered text"
        );
    }
    Ok(())
}
