//! T3.8 — chained webhooks: an action posts to the next trigger's webhook URL (the receiver needs no
//! authentication, platform-semantics §6), whose rule runs the next action. Data passes along the chain and
//! the chain stops at its end (no loops).

use attune_client::models::ExecutionStatus;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_terminal_executions};
use attune_testkit::{hold_for, unique_ref, CountOp, Probe, Result, Scope, WebhookTrigger};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

/// Forwards `{"msg": $msg, "hop": $hop + 1}` to the webhook `$key` of the same server, without credentials.
const FORWARDER: &str = r#"next=$((hop + 1))
body="{\"payload\":{\"msg\":\"${msg}\",\"hop\":${next}}}"
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "${ATTUNE_API_URL}/api/v1/webhooks/${key}" \
  -H 'Content-Type: application/json' -d "$body")
echo "forwarded hop ${next}: HTTP ${code}"
case "$code" in 2*) exit 0 ;; *) exit 1 ;; esac"#;

#[rstest]
#[case::a_to_b(2)]
#[case::a_to_b_to_c(3)]
#[tokio::test]
async fn t3_8_an_action_fires_the_next_webhook(
    #[future(awt)] scope: Scope,
    #[case] hops: usize,
) -> Result<()> {
    let hooks: Vec<WebhookTrigger> = {
        let mut v = Vec::new();
        for _ in 0..hops {
            v.push(scope.webhook_trigger().await?);
        }
        v
    };
    let forwarder = scope
        .shell_action(
            "forward",
            FORWARDER,
            json!({"key": {"type": "string", "required": true}, "msg": {"type": "string"}, "hop": {"type": "integer"}}),
        )
        .await?;
    let last = scope.echo_action().await?;

    let mut rules = Vec::new();
    for (i, hook) in hooks.iter().enumerate() {
        let rule = if i + 1 < hops {
            scope
                .rule(&hook.trigger_ref, &forwarder.r#ref)
                .action_params(json!({
                    "key": hooks[i + 1].key,
                    "msg": "{{ event.payload.msg }}",
                    "hop": "{{ event.payload.hop }}"
                }))
                .create()
                .await?
        } else {
            scope
                .rule(&hook.trigger_ref, &last.r#ref)
                .action_params(
                    json!({"message": "{{ event.payload.msg }}@{{ event.payload.hop }}"}),
                )
                .create()
                .await?
        };
        rules.push(rule);
    }

    let msg = unique_ref("chain");
    hooks[0].fire(json!({"msg": msg, "hop": 0})).await?;

    for (i, (hook, rule)) in hooks.iter().zip(&rules).enumerate() {
        let evs = wait_for_events(
            scope.client(),
            events_of_trigger(&hook.trigger_ref),
            CountOp::Exactly,
            1,
            SHORT,
        )
        .await?;
        let event = scope.client().events().get(evs[0].id).await?;
        assert_eq!(
            event.payload,
            json!({"msg": msg, "hop": i}),
            "hop {i} carries the data along"
        );
        assert_eq!(
            event.source_ref.as_deref(),
            Some("webhook"),
            "hop {i} arrived through the webhook receiver"
        );

        let execs =
            wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), 1, SHORT).await?;
        let exec = scope.client().executions().get(execs[0].id).await?;
        assert_eq!(
            exec.status,
            ExecutionStatus::Completed,
            "hop {i}: {}",
            exec.result
        );
        if i + 1 < hops {
            assert_eq!(
                exec.config["hop"], i,
                "hop {i}: the whole-string template keeps the number"
            );
            assert_eq!(
                exec.stdout(),
                Some(format!("forwarded hop {}: HTTP 200\n", i + 1).as_str()),
                "the receiver answers 200"
            );
        } else {
            assert_eq!(
                exec.stdout(),
                Some(format!("{msg}@{i}\n").as_str()),
                "the last action got the chained data"
            );
        }
    }

    // The chain ends: no further events on any hook.
    hold_for("the chain to stay finished", SETTLE, HOLD_POLL, || {
        let scope = scope.clone();
        let triggers: Vec<String> = hooks.iter().map(|h| h.trigger_ref.clone()).collect();
        async move {
            for t in &triggers {
                match events(&scope, &events_of_trigger(t)).await {
                    Ok(evs) if evs.len() == 1 => {}
                    Ok(evs) => {
                        return Probe::Fail(format!("{t} has {} events, expected 1", evs.len()))
                    }
                    Err(e) => return Probe::Fail(e.to_string()),
                }
            }
            Probe::Pending("one event per hook".into())
        }
    })
    .await?;
    Ok(())
}
