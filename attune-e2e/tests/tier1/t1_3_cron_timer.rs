//! T1.3 — cron timers: 6 fields with seconds first, evaluated in UTC. Each case builds its expression from
//! the current second so no case waits for the next minute. The first fires each become a completed
//! execution; after the rule is disabled, an event that came just before the disable has its enforcement
//! marked `disabled` and gets no execution (what a real Attune does), any other is processed.

use std::collections::BTreeSet;

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_terminal_executions};
use attune_testkit::{CountOp, Result, Scope};
use chrono::{Timelike, Utc};
use rstest::rstest;

use crate::support::*;
use crate::tier1::helpers::*;

#[derive(Debug, Clone, Copy)]
enum Shape {
    SpecificSecond,
    List,
    Step,
    Range,
}

/// The expression, how many fires to wait for, and which seconds may fire.
///
/// The first second is 5 s ahead: a real Attune restarts its timer sensor when a timer rule is created
/// (live note B4), and fires due before the restart completes are lost.
fn plan(shape: Shape, now_second: u32) -> (String, usize, BTreeSet<u32>) {
    let at = |offset: u32| (now_second + offset + 2) % 60;
    match shape {
        Shape::SpecificSecond => {
            let a = at(3);
            (format!("{a} * * * * *"), 1, BTreeSet::from([a]))
        }
        Shape::List => {
            let set = BTreeSet::from([at(3), at(4), at(6)]);
            let list: Vec<String> = set.iter().map(u32::to_string).collect();
            (format!("{} * * * * *", list.join(",")), 3, set)
        }
        Shape::Step => ("*/2 * * * * *".to_string(), 3, (0..60).step_by(2).collect()),
        Shape::Range => {
            let mut a = at(3);
            if a + 2 >= 60 {
                a = 0;
            }
            (
                format!("{a}-{} * * * * *", a + 2),
                3,
                BTreeSet::from([a, a + 1, a + 2]),
            )
        }
    }
}

#[rstest]
#[case::specific_second(Shape::SpecificSecond)]
#[case::list(Shape::List)]
#[case::step(Shape::Step)]
#[case::range(Shape::Range)]
#[tokio::test]
async fn t1_3_cron_timer(#[future(awt)] scope: Scope, #[case] shape: Shape) -> Result<()> {
    let action = scope.echo_action().await?;
    // On a live target timer tests take turns (B4): wait for the turn before reading the clock, so the
    // time this test aims at is still ahead when its rule is created.
    scope.take_timer_turn().await;
    let (expression, fires, allowed) = plan(shape, Utc::now().second());
    let rule = scope.cron_rule(&action.r#ref, &expression).await?;

    let events = wait_for_events(
        scope.client(),
        events_of_rule(&rule.r#ref),
        CountOp::AtLeast,
        fires as u64,
        LONG,
    )
    .await?;
    let mut events = full_events(&scope, events.iter().map(|e| e.id)).await?;
    events.truncate(fires);
    // The first `fires` events each run the action to completion (while the rule is still enabled).
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), fires as u64, LONG)
            .await?;
    for exec in &execs {
        assert_eq!(
            exec.status,
            ExecutionStatus::Completed,
            "execution {} of cron rule",
            exec.id
        );
    }
    scope.client().rules().disable(&rule.r#ref).await?;
    let processed = assert_enforcements_after_disable(&scope, &rule.r#ref).await?;
    assert!(
        processed >= fires,
        "{processed} processed enforcements for the {fires} fires waited for"
    );

    let mut scheduled = Vec::new();
    for event in &events {
        let p = &event.payload;
        assert_eq!(p["type"], "cron", "payload {p}");
        assert_eq!(p["expression"], expression.as_str());
        assert_eq!(p["timezone"], "UTC", "cron timers are evaluated in UTC");
        let fired_at = ts(p, "fired_at")?;
        let at = if p.get("scheduled_at").is_some() {
            ts(p, "scheduled_at")?
        } else {
            fired_at
        };
        assert!(
            allowed.contains(&at.second()),
            "'{expression}' fired at second {} ({at}), allowed {allowed:?}",
            at.second()
        );
        assert!(
            secs_between(at, fired_at).abs() < 1.5,
            "fired_at {fired_at} is far from the schedule {at}"
        );
        scheduled.push(at);
    }
    if let Shape::Step = shape {
        for pair in scheduled.windows(2) {
            let gap = secs_between(pair[0], pair[1]);
            assert!((gap - 2.0).abs() < 0.5, "*/2 fires {gap:.3}s apart");
        }
    }
    if let Shape::Range | Shape::List = shape {
        let distinct: BTreeSet<u32> = scheduled.iter().map(|t| t.second()).collect();
        assert_eq!(
            distinct.len(),
            fires,
            "each listed second fires once: {scheduled:?}"
        );
    }
    Ok(())
}
