//! T3.3 — several interval rules on the shared `core.intervaltimer` trigger run independent timer jobs (one per
//! rule, platform-semantics §5): each fires at its own rate, its events carry its rule and its interval, and its
//! executions run its own action only.

use std::collections::BTreeSet;

use attune_client::models::{Action, ExecutionStatus, Rule};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_terminal_executions};
use attune_testkit::{CountOp, Result, Scope};
use rstest::rstest;

use crate::support::*;
use crate::tier3::helpers::*;

#[rstest]
#[case::one_two_three_seconds(vec![1, 2, 3])]
#[case::two_rules_same_interval(vec![2, 2])]
#[tokio::test]
async fn t3_3_concurrent_interval_timers_fire_independently(
    #[future(awt)] scope: Scope,
    #[case] intervals: Vec<u64>,
) -> Result<()> {
    let mut timers: Vec<(u64, Action, Rule)> = Vec::new();
    for &seconds in &intervals {
        let action = scope.echo_action().await?;
        let rule = scope
            .rule(attune_testkit::fixtures::INTERVAL_TIMER, &action.r#ref)
            .trigger_params(serde_json::json!({"unit": "seconds", "interval": seconds}))
            .action_params(serde_json::json!({"message": format!("every {seconds}s")}))
            .create()
            .await?;
        timers.push((seconds, action, rule));
    }

    // Run until the slowest timer has fired twice (~6 s for a 3 s interval), then stop them all.
    let slowest = timers
        .iter()
        .max_by_key(|t| t.0)
        .map(|t| t.2.r#ref.clone())
        .unwrap_or_default();
    wait_for_events(
        scope.client(),
        events_of_rule(&slowest),
        CountOp::AtLeast,
        2,
        LONG,
    )
    .await?;
    let mut stopped = Vec::new();
    for (_, _, rule) in &timers {
        stopped.push(scope.client().rules().disable(&rule.r#ref).await?.updated);
    }

    for ((seconds, action, rule), stopped_at) in timers.iter().zip(stopped) {
        let evs = full_events(
            &scope,
            events(&scope, &events_of_rule(&rule.r#ref))
                .await?
                .iter()
                .map(|e| e.id),
        )
        .await?;
        // Events are created while the job runs: about (stop - start) / interval of them, ±1 for phase and the
        // one fire that may be in flight when the rule is disabled.
        let window = secs_between(rule.created, stopped_at);
        let expected = (window / *seconds as f64).floor() as i64;
        let got = evs.len() as i64;
        assert!(
            (got - expected).abs() <= 1,
            "rule {} ({seconds}s) fired {got} times in {window:.2}s; expected {expected} ± 1",
            rule.r#ref
        );
        for event in &evs {
            assert_eq!(
                event.rule_ref.as_deref(),
                Some(rule.r#ref.as_str()),
                "event {} belongs to its rule",
                event.id
            );
            assert_eq!(
                event.payload["interval_seconds"], *seconds,
                "event {} carries its own interval",
                event.id
            );
        }
        let counts: Vec<i64> = evs
            .iter()
            .filter_map(|e| e.payload["execution_count"].as_i64())
            .collect();
        assert_eq!(
            counts,
            (1..=got).collect::<Vec<_>>(),
            "execution_count of rule {} counts its own fires",
            rule.r#ref
        );
        let fires = evs.iter().map(fired_at).collect::<Result<Vec<_>>>()?;
        let (offsets, phase) = schedule_offsets(rule.created, &fires, *seconds as f64);
        assert!(
            offsets.iter().all(|o| (o - phase).abs() <= 1.5),
            "rule {} ({seconds}s) drifts from its schedule: offsets {offsets:?} around phase {phase:.3}s",
            rule.r#ref
        );

        // No cross-talk: this rule's executions run this rule's action, and this action runs for this rule only.
        let by_rule_execs =
            wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), 1, SHORT).await?;
        for exec in &by_rule_execs {
            assert_eq!(
                exec.action_ref, action.r#ref,
                "execution {} of rule {} runs its action",
                exec.id, rule.r#ref
            );
            assert_eq!(exec.status, ExecutionStatus::Completed);
        }
        let by_action_execs = executions(&scope, &by_action(&action.r#ref)).await?;
        let rules: BTreeSet<_> = by_action_execs.iter().map(|e| e.rule_ref.clone()).collect();
        assert_eq!(
            rules,
            BTreeSet::from([Some(rule.r#ref.clone())]),
            "action {} ran only for its rule",
            action.r#ref
        );
        assert!(
            by_rule_execs.len() <= evs.len(),
            "at most one execution per event"
        );
    }
    Ok(())
}
