//! T3.4 — one webhook trigger with several rules: every post makes one event; every (rule, event) pair makes
//! exactly one enforcement and one execution (platform-semantics §3.1), each with the same payload.

use std::collections::BTreeMap;

use attune_client::models::{ExecutionStatus, ListEnforcementsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    wait_for_enforcements, wait_for_events, wait_for_terminal_executions,
};
use attune_testkit::{hold_for, CountOp, Probe, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

#[rstest]
#[case::one_post_three_rules(1, 3)]
#[case::three_posts_two_rules(3, 2)]
#[case::two_posts_four_rules(2, 4)]
#[tokio::test]
async fn t3_4_every_rule_fires_once_per_post(
    #[future(awt)] scope: Scope,
    #[case] posts: usize,
    #[case] rules: usize,
) -> Result<()> {
    let hook = scope.webhook_trigger().await?;
    let mut wired = Vec::new();
    for i in 0..rules {
        let action = scope.echo_action().await?;
        let rule = scope
            .rule(&hook.trigger_ref, &action.r#ref)
            .action_params(json!({"message": format!("rule{i}:{{{{ event.payload.seq }}}}:{{{{ event.payload.tag }}}}")}))
            .create()
            .await?;
        wired.push((i, action, rule));
    }

    let mut payloads = BTreeMap::new();
    for seq in 0..posts {
        let payload = json!({"seq": seq, "tag": format!("post-{seq}"), "nested": {"rules": rules}});
        let receipt = hook.fire(payload.clone()).await?;
        payloads.insert(receipt.event_id, payload);
    }
    assert_eq!(payloads.len(), posts, "each post has its own event");

    let evs = wait_for_events(
        scope.client(),
        events_of_trigger(&hook.trigger_ref),
        CountOp::Exactly,
        posts as u64,
        SHORT,
    )
    .await?;
    assert_eq!(evs.len(), posts, "one event per post, not one per rule");

    for (&event_id, payload) in &payloads {
        let params = ListEnforcementsParams {
            event: Some(event_id),
            ..Default::default()
        };
        let enfs = wait_for_enforcements(
            scope.client(),
            params,
            CountOp::Exactly,
            rules as u64,
            SHORT,
        )
        .await?;
        let mut seen_rules: Vec<_> = enfs.iter().map(|e| e.rule_ref.clone()).collect();
        seen_rules.sort();
        let mut want: Vec<_> = wired.iter().map(|w| w.2.r#ref.clone()).collect();
        want.sort();
        assert_eq!(
            seen_rules, want,
            "event {event_id}: one enforcement per rule"
        );
        for summary in &enfs {
            let enf = scope.client().enforcements().get(summary.id).await?;
            assert_eq!(
                &enf.payload, payload,
                "enforcement {} copies the event payload",
                enf.id
            );
        }
    }

    for (i, action, rule) in &wired {
        let execs =
            wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), posts as u64, SHORT)
                .await?;
        assert_eq!(execs.len(), posts, "rule {i}: one execution per post");
        let mut messages = Vec::new();
        for summary in &execs {
            let exec = scope.client().executions().get(summary.id).await?;
            assert_eq!(
                exec.status,
                ExecutionStatus::Completed,
                "execution {}: {}",
                exec.id,
                exec.result
            );
            assert_eq!(
                exec.action_ref, action.r#ref,
                "rule {i} runs its own action"
            );
            messages.push(
                exec.config["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        messages.sort();
        let want: Vec<String> = (0..posts)
            .map(|s| format!("rule{i}:{s}:post-{s}"))
            .collect();
        assert_eq!(
            messages, want,
            "rule {i}: each execution got its own post's payload"
        );
    }

    // Nothing more arrives later: exactly posts × rules executions in total.
    let expected_total = posts * rules;
    hold_for("no extra executions", SETTLE, HOLD_POLL, || {
        let scope = scope.clone();
        let rule_refs: Vec<String> = wired.iter().map(|w| w.2.r#ref.clone()).collect();
        async move {
            let mut total = 0;
            for r in &rule_refs {
                match executions(&scope, &by_rule(r)).await {
                    Ok(list) => total += list.len(),
                    Err(e) => return Probe::Fail(e.to_string()),
                }
            }
            if total == expected_total {
                Probe::Pending(format!("{total} executions"))
            } else {
                Probe::Fail(format!(
                    "{total} executions, expected exactly {expected_total}"
                ))
            }
        }
    })
    .await?;
    Ok(())
}
