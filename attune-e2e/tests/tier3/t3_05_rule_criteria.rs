//! T3.5 — rule conditions filter events: `{"expression": ...}` evaluated against `event` only
//! (platform-semantics §3.2). Every post is stored as an event; only rules whose condition holds get an
//! enforcement and run their action.

use std::collections::BTreeSet;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_executions, wait_for_terminal_executions};
use attune_testkit::{hold_for, CountOp, Probe, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;
use crate::tier3::helpers::*;

/// One rule: its condition expression and the indexes of the posts it must match.
struct Criterion {
    expression: &'static str,
    matches: Vec<usize>,
}

fn c(expression: &'static str, matches: &[usize]) -> Criterion {
    Criterion {
        expression,
        matches: matches.to_vec(),
    }
}

#[rstest]
#[case::level_equality(
    vec![c("event.payload.level == 'info'", &[0]), c("event.payload.level == 'error'", &[1])],
    vec![json!({"level": "info"}), json!({"level": "error"}), json!({"level": "debug"})]
)]
#[case::wrapped_in_braces(
    vec![c("{{ event.payload.level == 'info' }}", &[0]), c("{{ event.payload.level == 'error' }}", &[1])],
    vec![json!({"level": "info"}), json!({"level": "error"}), json!({"level": "debug"})]
)]
#[case::numeric_thresholds(
    vec![c("event.payload.priority <= 3", &[0]), c("event.payload.priority >= 7", &[1])],
    vec![json!({"priority": 2}), json!({"priority": 9}), json!({"priority": 5})]
)]
#[case::complex_and_or(
    vec![c("(event.payload.level == 'error' and event.payload.priority > 5) or event.payload.environment == 'production'", &[0, 1])],
    vec![
        json!({"level": "error", "priority": 8, "environment": "staging"}),
        json!({"level": "info", "priority": 2, "environment": "production"}),
        json!({"level": "info", "priority": 3, "environment": "staging"}),
    ]
)]
#[case::list_membership(
    vec![c("event.payload.region in ['us-east', 'eu-west']", &[0, 2]), c("not (event.payload.region in ['us-east', 'eu-west'])", &[1])],
    vec![json!({"region": "us-east"}), json!({"region": "ap-south"}), json!({"region": "eu-west"})]
)]
#[case::missing_field_never_matches(
    vec![c("event.payload.level == 'info'", &[1]), c("trigger.payload.level == 'info'", &[])],
    vec![json!({"other": 1}), json!({"level": "info"})]
)]
#[tokio::test]
async fn t3_5_conditions_select_which_rules_fire(
    #[future(awt)] scope: Scope,
    #[case] criteria: Vec<Criterion>,
    #[case] posts: Vec<Value>,
) -> Result<()> {
    let hook = scope.webhook_trigger().await?;
    let mut rules = Vec::new();
    for criterion in &criteria {
        let action = scope.echo_action().await?;
        let rule = scope
            .rule(&hook.trigger_ref, &action.r#ref)
            .conditions(json!({"expression": criterion.expression}))
            .action_params(json!({"message": "{{ event.payload.post }}"}))
            .create()
            .await?;
        rules.push((action, rule));
    }

    for (i, post) in posts.iter().enumerate() {
        let mut payload = post.clone();
        payload["post"] = json!(i);
        hook.fire(payload).await?;
    }
    // Every post is stored as an event, matching or not.
    wait_for_events(
        scope.client(),
        events_of_trigger(&hook.trigger_ref),
        CountOp::Exactly,
        posts.len() as u64,
        SHORT,
    )
    .await?;

    for (criterion, (action, rule)) in criteria.iter().zip(&rules) {
        let n = criterion.matches.len() as u64;
        let execs = if n > 0 {
            wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), n, SHORT).await?
        } else {
            wait_for_executions(
                scope.client(),
                by_rule(&rule.r#ref),
                CountOp::Exactly,
                0,
                SHORT,
            )
            .await?
        };
        let mut got = BTreeSet::new();
        for summary in &execs {
            let exec = scope.client().executions().get(summary.id).await?;
            assert_eq!(
                exec.status,
                ExecutionStatus::Completed,
                "execution {}: {}",
                exec.id,
                exec.result
            );
            assert_eq!(exec.action_ref, action.r#ref);
            got.insert(exec.config["message"].as_u64().unwrap_or(u64::MAX) as usize);
        }
        let want: BTreeSet<usize> = criterion.matches.iter().copied().collect();
        assert_eq!(got, want, "posts matched by `{}`", criterion.expression);
    }

    // Non-matching posts stay without enforcements or executions (give stragglers a moment to show up).
    hold_for(
        "no execution for a non-matching post",
        SETTLE,
        HOLD_POLL,
        || {
            let scope = scope.clone();
            let expected: Vec<(String, usize)> = criteria
                .iter()
                .zip(&rules)
                .map(|(c, (_, r))| (r.r#ref.clone(), c.matches.len()))
                .collect();
            async move {
                for (rule_ref, n) in &expected {
                    let enfs = match enforcement_and_execution_counts(&scope, rule_ref).await {
                        Ok(v) => v,
                        Err(e) => return Probe::Fail(e.to_string()),
                    };
                    if enfs.0 != *n || enfs.1 != *n {
                        return Probe::Fail(format!(
                        "rule {rule_ref}: {} enforcements and {} executions, expected {n} of each",
                        enfs.0, enfs.1
                    ));
                    }
                }
                Probe::Pending("counts unchanged".into())
            }
        },
    )
    .await?;
    Ok(())
}

async fn enforcement_and_execution_counts(scope: &Scope, rule_ref: &str) -> Result<(usize, usize)> {
    let enfs =
        attune_testkit::waiters::all_enforcements(scope.client(), &enforcements_of_rule(rule_ref))
            .await?;
    let execs = executions(scope, &by_rule(rule_ref)).await?;
    Ok((enfs.len(), execs.len()))
}
