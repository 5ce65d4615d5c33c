//! T2.5 — rule criteria (`rule.conditions`, platform-semantics §3.2): the expression form
//! `{"expression": "..."}` sees only `event` (`==`, `!=`, `>`, `in`, `and`/`or`, a wrapping `{{ }}` is
//! stripped; `trigger.*` or a missing field is an error ⇒ no match); the array form
//! `[{"field", "operator": equals|not_equals|contains, "value"}]` is AND-ed over payload-relative paths;
//! `{}` / `[]` match everything; other shapes never match. Every event is stored; only matching ones get an
//! enforcement (carrying a copy of the conditions) and an execution.

use std::collections::BTreeSet;
use std::time::Duration;

use attune_client::models::{ExecutionStatus, ListEnforcementsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    all_enforcements, wait_for_enforcements, wait_for_terminal_executions,
};
use attune_testkit::{hold_for, CountOp, Probe, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;

#[rstest]
#[case::equality(
    json!({"expression": "event.payload.status == 'critical'"}),
    vec![(json!({"status": "info"}), false), (json!({"status": "critical"}), true)]
)]
#[case::wrapped_in_braces(
    json!({"expression": "{{ event.payload.status == 'critical' }}"}),
    vec![(json!({"status": "critical"}), true), (json!({"status": "warning"}), false)]
)]
#[case::not_equal(
    json!({"expression": "event.payload.status != 'ok'"}),
    vec![(json!({"status": "ok"}), false), (json!({"status": "degraded"}), true)]
)]
#[case::greater_than(
    json!({"expression": "event.payload.cpu > 90"}),
    vec![(json!({"cpu": 95}), true), (json!({"cpu": 90}), false), (json!({"cpu": 12.5}), false)]
)]
#[case::in_list(
    json!({"expression": "event.payload.env in ['prod', 'staging']"}),
    vec![(json!({"env": "staging"}), true), (json!({"env": "dev"}), false)]
)]
#[case::and_or(
    json!({"expression": "event.payload.level == 'error' and (event.payload.count > 3 or event.payload.force == true)"}),
    vec![
        (json!({"level": "error", "count": 5, "force": false}), true),
        (json!({"level": "error", "count": 1, "force": true}), true),
        (json!({"level": "error", "count": 1, "force": false}), false),
        (json!({"level": "info", "count": 9, "force": true}), false),
    ]
)]
#[case::trigger_data_is_not_a_variable(
    json!({"expression": "trigger.data.status == 'critical'"}),
    vec![(json!({"status": "critical"}), false)]
)]
#[case::missing_field_never_matches(
    json!({"expression": "event.payload.missing == 'x'"}),
    vec![(json!({"status": "x"}), false)]
)]
#[case::array_equals(
    json!([{"field": "severity", "operator": "equals", "value": "high"}]),
    vec![(json!({"severity": "high"}), true), (json!({"severity": "low"}), false), (json!({"other": 1}), false)]
)]
#[case::array_not_equals(
    json!([{"field": "severity", "operator": "not_equals", "value": "low"}]),
    vec![(json!({"severity": "low"}), false), (json!({"severity": "high"}), true)]
)]
#[case::array_contains_substring(
    json!([{"field": "message", "operator": "contains", "value": "disk"}]),
    vec![(json!({"message": "disk full on /var"}), true), (json!({"message": "cpu hot"}), false)]
)]
#[case::array_all_must_hold(
    json!([
        {"field": "severity", "operator": "equals", "value": "high"},
        {"field": "service.name", "operator": "equals", "value": "db"}
    ]),
    vec![
        (json!({"severity": "high", "service": {"name": "db"}}), true),
        (json!({"severity": "high", "service": {"name": "web"}}), false),
        (json!({"severity": "low", "service": {"name": "db"}}), false),
    ]
)]
#[case::array_unknown_operator(
    json!([{"field": "severity", "operator": "greater_than", "value": "a"}]),
    vec![(json!({"severity": "high"}), false)]
)]
#[case::empty_object_matches_all(json!({}), vec![(json!({"a": 1}), true), (json!({}), true)])]
#[case::empty_array_matches_all(json!([]), vec![(json!({"a": 1}), true)])]
#[case::json_logic_shape_never_matches(
    json!({"and": [{"==": [{"var": "status"}, "critical"]}]}),
    vec![(json!({"status": "critical"}), false)]
)]
#[tokio::test]
async fn t2_5_conditions_select_events(
    #[future(awt)] scope: Scope,
    #[case] conditions: Value,
    #[case] events: Vec<(Value, bool)>,
) -> Result<()> {
    let hook = scope.webhook_trigger().await?;
    let echo = scope.echo_action().await?;
    let rule = scope
        .rule(&hook.trigger_ref, &echo.r#ref)
        .conditions(conditions.clone())
        .create()
        .await?;
    // A rule without conditions on the same trigger: once it has handled every event, the rule under test
    // has been evaluated for them too.
    let barrier = scope.rule(&hook.trigger_ref, &echo.r#ref).create().await?;

    let mut matching = BTreeSet::new();
    let mut fired = Vec::new();
    for (payload, should_match) in &events {
        let receipt = hook.fire(payload.clone()).await?;
        if *should_match {
            matching.insert(receipt.event_id);
        }
        fired.push((receipt.event_id, payload.clone()));
    }
    let n = events.len() as u64;
    let expected = matching.len() as u64;

    for (id, payload) in &fired {
        let event = scope.client().events().get(*id).await?;
        assert_eq!(
            &event.payload, payload,
            "every event is stored, matching or not"
        );
    }
    wait_for_enforcements(
        scope.client(),
        enforcements_of_rule(&barrier.r#ref),
        CountOp::Exactly,
        n,
        SHORT,
    )
    .await?;
    wait_for_terminal_executions(scope.client(), by_rule(&barrier.r#ref), n, SHORT).await?;

    wait_for_enforcements(
        scope.client(),
        enforcements_of_rule(&rule.r#ref),
        CountOp::Exactly,
        expected,
        SHORT,
    )
    .await?;
    let client = scope.client().clone();
    let rule_ref = rule.r#ref.clone();
    hold_for(
        format!("rule '{rule_ref}' to keep exactly {expected} enforcements"),
        Duration::from_millis(300),
        Duration::from_millis(100),
        || {
            let client = client.clone();
            let params = ListEnforcementsParams {
                rule_ref: Some(rule_ref.clone()),
                ..Default::default()
            };
            async move {
                match all_enforcements(&client, &params).await {
                    Ok(items) if items.len() as u64 == expected => Probe::Ready(()),
                    Ok(items) => Probe::Fail(format!("{} enforcements", items.len())),
                    Err(e) => Probe::Pending(e.to_string()),
                }
            }
        },
    )
    .await?;

    let enforcements = all_enforcements(scope.client(), &enforcements_of_rule(&rule.r#ref)).await?;
    let enforced: BTreeSet<i64> = enforcements.iter().filter_map(|e| e.event).collect();
    assert_eq!(
        enforced, matching,
        "enforcements exist exactly for the matching events"
    );
    for summary in &enforcements {
        let enforcement = scope.client().enforcements().get(summary.id).await?;
        assert_eq!(
            enforcement.conditions, conditions,
            "the enforcement copies the rule's conditions"
        );
    }
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), expected, SHORT).await?;
    assert_eq!(
        execs.len() as u64,
        expected,
        "one execution per matching event"
    );
    assert!(
        execs.iter().all(|e| e.status == ExecutionStatus::Completed),
        "{execs:?}"
    );
    Ok(())
}
