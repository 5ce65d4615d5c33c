//! T1.2 — the one-shot date timer fires exactly once near `fire_at`; a past `fire_at` never fires (the timer
//! sensor refuses to schedule it, the rule itself is still created); a far-future one does not fire early.

use std::time::Duration;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    all_events, wait_for_events, wait_for_execution_status, wait_for_executions,
};
use attune_testkit::{hold_for, CountOp, Probe, Result, Scope};
use chrono::Utc;
use rstest::rstest;

use crate::support::*;

/// Watches the events of `rule_ref` for `window` and fails if their number ever differs from `expected`.
async fn events_stay_at(
    scope: &Scope,
    rule_ref: &str,
    expected: usize,
    window: Duration,
) -> Result<()> {
    hold_for(
        format!("rule {rule_ref} keeps exactly {expected} event(s)"),
        window,
        Duration::from_millis(250),
        || async {
            match all_events(scope.client(), &events_of_rule(rule_ref)).await {
                Ok(events) if events.len() == expected => Probe::Ready(()),
                Ok(events) => Probe::Fail(format!(
                    "found {} events: {:?}",
                    events.len(),
                    events.iter().map(|e| e.id).collect::<Vec<_>>()
                )),
                Err(e) => Probe::Fail(format!("listing events: {e}")),
            }
        },
    )
    .await?;
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_2_date_timer_fires_once_near_fire_at(#[future(awt)] scope: Scope) -> Result<()> {
    let action = scope.echo_action().await?;
    // On a live target timer tests take turns (B4): wait for the turn before reading the clock, so the
    // time this test aims at is still ahead when its rule is created.
    scope.take_timer_turn().await;
    let fire_at = Utc::now() + chrono::Duration::seconds(3);
    let rule = scope.datetime_rule(&action.r#ref, fire_at).await?;

    let events = wait_for_events(
        scope.client(),
        events_of_rule(&rule.r#ref),
        CountOp::AtLeast,
        1,
        SHORT,
    )
    .await?;
    let event = scope.client().events().get(events[0].id).await?;
    let lateness = secs_between(fire_at, event.created);
    assert!(
        (-0.5..=2.0).contains(&lateness),
        "event created {lateness:.3}s after fire_at"
    );
    assert_eq!(event.payload["type"], "one_shot");
    let fired_at = ts(&event.payload, "fired_at")?;
    assert!(
        secs_between(fire_at, fired_at).abs() <= 2.0,
        "payload fired_at {fired_at} vs fire_at {fire_at}"
    );

    let execs = wait_for_executions(
        scope.client(),
        by_rule(&rule.r#ref),
        CountOp::Exactly,
        1,
        SHORT,
    )
    .await?;
    wait_for_execution_status(
        scope.client(),
        execs[0].id,
        ExecutionStatus::Completed,
        SHORT,
    )
    .await?;

    // One shot: nothing more, ever.
    events_stay_at(&scope, &rule.r#ref, 1, Duration::from_secs(4)).await?;
    let execs = wait_for_executions(
        scope.client(),
        by_rule(&rule.r#ref),
        CountOp::Exactly,
        1,
        SHORT,
    )
    .await?;
    assert_eq!(execs.len(), 1);
    Ok(())
}

#[rstest]
#[case::just_missed(-1)]
#[case::an_hour_ago(-3600)]
#[case::a_year_ago(-365 * 24 * 3600)]
#[tokio::test]
async fn t1_2_date_timer_in_the_past_never_fires(
    #[future(awt)] scope: Scope,
    #[case] offset_secs: i64,
) -> Result<()> {
    let action = scope.echo_action().await?;
    // On a live target timer tests take turns (B4): wait for the turn before reading the clock, so the
    // time this test aims at is still ahead when its rule is created.
    scope.take_timer_turn().await;
    let fire_at = Utc::now() + chrono::Duration::seconds(offset_secs);
    // Rule creation itself succeeds; the timer sensor refuses the schedule.
    let rule = scope.datetime_rule(&action.r#ref, fire_at).await?;
    assert!(rule.enabled);
    events_stay_at(&scope, &rule.r#ref, 0, Duration::from_secs(3)).await?;
    let execs =
        attune_testkit::waiters::all_executions(scope.client(), &by_rule(&rule.r#ref)).await?;
    assert!(
        execs.is_empty(),
        "a past fire_at produced executions: {execs:?}"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_2_date_timer_far_future_does_not_fire_early(#[future(awt)] scope: Scope) -> Result<()> {
    let action = scope.echo_action().await?;
    let rule = scope
        .datetime_rule(&action.r#ref, Utc::now() + chrono::Duration::hours(1))
        .await?;
    events_stay_at(&scope, &rule.r#ref, 0, Duration::from_secs(3)).await?;
    let still = scope.client().rules().get(&rule.r#ref).await?;
    assert!(still.enabled, "the rule stays enabled while it waits");
    Ok(())
}
