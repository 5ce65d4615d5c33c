//! T1.1 — a rule on the interval timer fires its action repeatedly: every event yields one enforcement and
//! one execution, linked to each other, all `completed`.

use std::time::Duration;

use attune_client::models::{ExecutionStatus, ListEnforcementsParams, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    wait_for_enforcements, wait_for_events, wait_for_execution_status, wait_for_executions,
};
use attune_testkit::{CountOp, Result, Scope};
use rstest::rstest;

use crate::support::*;

#[rstest]
#[tokio::test]
async fn t1_1_interval_timer_fires_three_linked_executions(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let auto = scope.timer_automation(5).await?;
    let rule = &auto.rule;

    let events = wait_for_events(
        scope.client(),
        events_of_rule(&rule.r#ref),
        CountOp::AtLeast,
        3,
        LONG,
    )
    .await?;
    // Disable only once the third fire has its execution: a real Attune stores the enforcement of an event
    // that arrives while the rule is being disabled as `disabled`, with no execution.
    wait_for_executions(
        scope.client(),
        by_rule(&rule.r#ref),
        CountOp::AtLeast,
        3,
        LONG,
    )
    .await?;
    scope.client().rules().disable(&rule.r#ref).await?;

    let mut events = full_events(&scope, events.iter().map(|e| e.id)).await?;
    events.truncate(3);
    // The first fire comes one full interval after the rule became active, not at once.
    let fires = events.iter().map(fired_at).collect::<Result<Vec<_>>>()?;
    let first_delay = secs_between(rule.created, fires[0]);
    assert!(
        first_delay > 4.0,
        "first event {first_delay:.2}s after the rule was created; expected ~5s"
    );
    for (pair, at) in events.windows(2).zip(fires.windows(2)) {
        let gap = secs_between(at[0], at[1]);
        assert!(
            (gap - 5.0).abs() < 1.5,
            "events {} and {} are {gap:.2}s apart; expected 5s",
            pair[0].id,
            pair[1].id
        );
    }

    for event in &events {
        assert_eq!(event.trigger_ref, "core.intervaltimer");
        assert_eq!(
            event.rule_ref.as_deref(),
            Some(rule.r#ref.as_str()),
            "timer events carry their rule"
        );
        assert_eq!(event.payload["type"], "interval");
        assert_eq!(event.payload["interval_seconds"], 5);

        let params = ListEnforcementsParams {
            event: Some(event.id),
            ..Default::default()
        };
        let enforcements =
            wait_for_enforcements(scope.client(), params, CountOp::Exactly, 1, SHORT).await?;
        let enforcement = &enforcements[0];
        assert_eq!(enforcement.rule_ref, rule.r#ref);
        assert_eq!(enforcement.event, Some(event.id));

        let params = ListExecutionsParams {
            enforcement: Some(enforcement.id),
            ..Default::default()
        };
        let executions =
            wait_for_executions(scope.client(), params, CountOp::Exactly, 1, SHORT).await?;
        let exec = wait_for_execution_status(
            scope.client(),
            executions[0].id,
            ExecutionStatus::Completed,
            SHORT,
        )
        .await?;
        assert_eq!(exec.action_ref, auto.action.r#ref);
        assert_eq!(exec.enforcement, Some(enforcement.id));
        assert_eq!(exec.result["succeeded"], true);
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_1_interval_timer_precision(#[future(awt)] scope: Scope) -> Result<()> {
    let auto = scope.timer_automation(3).await?;
    let events = wait_for_events(
        scope.client(),
        events_of_rule(&auto.rule.r#ref),
        CountOp::AtLeast,
        5,
        Duration::from_secs(40),
    )
    .await?;
    scope.client().rules().disable(&auto.rule.r#ref).await?;
    let mut events = full_events(&scope, events.iter().map(|e| e.id)).await?;
    events.truncate(5);
    let fires = events.iter().map(fired_at).collect::<Result<Vec<_>>>()?;
    let gaps: Vec<f64> = fires.windows(2).map(|p| secs_between(p[0], p[1])).collect();
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    assert!(
        (mean - 3.0).abs() <= 1.0,
        "mean gap {mean:.3}s over {gaps:?}; expected 3s ± 1s"
    );
    // execution_count counts fires of this rule's job from 1.
    let counts: Vec<i64> = events
        .iter()
        .filter_map(|e| e.payload["execution_count"].as_i64())
        .collect();
    assert_eq!(
        counts,
        vec![1, 2, 3, 4, 5],
        "execution_count of the first five fires"
    );
    Ok(())
}
