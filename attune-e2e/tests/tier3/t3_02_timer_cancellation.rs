//! T3.2 — timer cancellation: disabling or deleting an interval rule stops its timer job (one in-flight fire
//! tolerated, platform-semantics §5 lifecycle, §3.1 rule cache); re-enabling starts the job again with a fresh
//! interval phase.

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_terminal_executions};
use attune_testkit::{hold_for, CountOp, Result, Scope};
use rstest::rstest;

use crate::support::*;
use crate::tier3::helpers::*;

#[derive(Debug, Clone, Copy)]
enum Stop {
    Disable,
    Delete,
}

#[rstest]
#[case::disable(Stop::Disable)]
#[case::delete(Stop::Delete)]
#[tokio::test]
async fn t3_2_stopping_the_rule_stops_the_timer(
    #[future(awt)] scope: Scope,
    #[case] stop: Stop,
) -> Result<()> {
    let auto = scope.timer_automation(1).await?;
    let rule_ref = auto.rule.r#ref.clone();
    wait_for_events(
        scope.client(),
        events_of_rule(&rule_ref),
        CountOp::AtLeast,
        2,
        SHORT,
    )
    .await?;

    match stop {
        Stop::Disable => {
            let rule = scope.client().rules().disable(&rule_ref).await?;
            assert!(!rule.enabled, "disable answers the rule with enabled=false");
        }
        Stop::Delete => {
            scope.client().rules().delete(&rule_ref).await?;
            expect_status(
                scope.client().rules().get(&rule_ref).await,
                404,
                "reading the deleted rule",
            )?;
        }
    }
    let at_stop = events(&scope, &events_of_rule(&rule_ref)).await?.len();

    // One fire already in flight when the rule stopped is tolerated; a running timer would add ~3 more.
    hold_for(
        "the stopped timer to stay quiet",
        SETTLE * 2,
        HOLD_POLL,
        || {
            let scope = scope.clone();
            let rule_ref = rule_ref.clone();
            async move {
                match events(&scope, &events_of_rule(&rule_ref)).await {
                    Ok(evs) => at_most(
                        &format!("events of {rule_ref} after {stop:?}"),
                        evs.len(),
                        at_stop + 1,
                    ),
                    Err(e) => attune_testkit::Probe::Fail(e.to_string()),
                }
            }
        },
    )
    .await?;

    // Executions already started finish normally.
    let execs = executions(&scope, &by_rule(&rule_ref)).await?;
    let finished = wait_for_terminal_executions(
        scope.client(),
        by_rule(&rule_ref),
        execs.len().max(1) as u64,
        SHORT,
    )
    .await?;
    assert!(
        !finished.is_empty(),
        "the timer fired at least twice before it was stopped"
    );
    for exec in &finished {
        assert_eq!(
            exec.status,
            ExecutionStatus::Completed,
            "in-flight execution {} finishes normally",
            exec.id
        );
    }
    let total_events = events(&scope, &events_of_rule(&rule_ref)).await?.len();
    assert!(
        finished.len() <= total_events,
        "never more executions ({}) than events ({total_events})",
        finished.len()
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_2_reenabling_resumes_the_timer(#[future(awt)] scope: Scope) -> Result<()> {
    let auto = scope.timer_automation(1).await?;
    let rule_ref = auto.rule.r#ref.clone();
    wait_for_events(
        scope.client(),
        events_of_rule(&rule_ref),
        CountOp::AtLeast,
        1,
        SHORT,
    )
    .await?;

    scope.client().rules().disable(&rule_ref).await?;
    let at_disable = events(&scope, &events_of_rule(&rule_ref)).await?.len();
    hold_for(
        "the disabled timer to stay quiet",
        SETTLE,
        HOLD_POLL,
        || {
            let scope = scope.clone();
            let rule_ref = rule_ref.clone();
            async move {
                match events(&scope, &events_of_rule(&rule_ref)).await {
                    Ok(evs) => at_most("events while disabled", evs.len(), at_disable + 1),
                    Err(e) => attune_testkit::Probe::Fail(e.to_string()),
                }
            }
        },
    )
    .await?;

    let before = events(&scope, &events_of_rule(&rule_ref)).await?;
    let newest_before = before.iter().map(|e| e.id).max().unwrap_or(0);
    let enabled = scope.client().rules().enable(&rule_ref).await?;
    assert!(enabled.enabled, "enable answers the rule with enabled=true");

    let after = wait_for_events(
        scope.client(),
        events_of_rule(&rule_ref),
        CountOp::AtLeast,
        before.len() as u64 + 2,
        SHORT,
    )
    .await?;
    let mut resumed: Vec<_> = after.iter().filter(|e| e.id > newest_before).collect();
    resumed.sort_by_key(|e| e.id);
    assert!(
        resumed.len() >= 2,
        "the timer fires again after re-enabling: {resumed:?}"
    );
    // Re-enabling restarts the job, so the first new fire comes about one interval after the enable.
    let first_gap = secs_between(enabled.updated, resumed[0].created);
    assert!(
        (0.5..=2.0).contains(&first_gap),
        "first fire {first_gap:.2}s after re-enabling; expected about one 1s interval"
    );
    let execs = wait_for_terminal_executions(
        scope.client(),
        by_rule(&rule_ref),
        before.len() as u64 + 2,
        SHORT,
    )
    .await?;
    assert!(
        execs.iter().all(|e| e.status == ExecutionStatus::Completed),
        "all executions completed: {execs:?}"
    );
    scope.client().rules().disable(&rule_ref).await?;
    Ok(())
}
