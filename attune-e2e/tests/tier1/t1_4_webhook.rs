//! T1.4 — webhooks: the event keeps the posted payload exactly, N posts make N events and N executions, and
//! the action receives parameters templated from `event.payload`.

use attune_client::models::{ExecutionStatus, ListEnforcementsParams, ListExecutionsParams};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{
    wait_for_enforcements, wait_for_events, wait_for_execution_status, wait_for_executions,
    wait_for_terminal_executions,
};
use attune_testkit::{CountOp, Result, Scope};
use rstest::rstest;
use serde_json::{json, Value};

use crate::support::*;

#[rstest]
#[case::flat(json!({"event_type": "user.signup", "user_id": 12345, "email": "test@example.com"}))]
#[case::nested(json!({"metadata": {"source": "web", "campaign": {"name": "spring", "week": 12}}, "ok": true}))]
#[case::arrays(json!({"tags": ["new", "trial", "priority"], "matrix": [[1, 2], [3, 4]], "mixed": [1, "two", null, false, {"k": "v"}]}))]
#[case::empty(json!({}))]
#[tokio::test]
async fn t1_4_webhook_payload_is_preserved(
    #[future(awt)] scope: Scope,
    #[case] payload: Value,
) -> Result<()> {
    let auto = scope.webhook_automation(None).await?;
    let receipt = auto.webhook.fire(payload.clone()).await?;
    assert_eq!(receipt.trigger_ref, auto.webhook.trigger_ref);

    let event = scope.client().events().get(receipt.event_id).await?;
    assert_eq!(
        event.payload, payload,
        "the event payload is the posted payload, untouched"
    );
    assert_eq!(event.trigger_ref, auto.webhook.trigger_ref);
    assert_eq!(event.source_ref.as_deref(), Some("webhook"));
    let config = event.config.clone().unwrap_or_default();
    assert_eq!(config["source"], "webhook", "event config {config}");
    assert!(
        config.get("received_at").is_some(),
        "event config carries received_at: {config}"
    );

    let params = ListEnforcementsParams {
        event: Some(event.id),
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
        enforcement.payload, payload,
        "the enforcement copies the event payload"
    );

    let params = ListExecutionsParams {
        enforcement: Some(enforcement.id),
        ..Default::default()
    };
    let execs = wait_for_executions(scope.client(), params, CountOp::Exactly, 1, SHORT).await?;
    wait_for_execution_status(
        scope.client(),
        execs[0].id,
        ExecutionStatus::Completed,
        SHORT,
    )
    .await?;
    Ok(())
}

#[rstest]
#[case::one(1)]
#[case::three(3)]
#[case::eight(8)]
#[tokio::test]
async fn t1_4_webhook_n_posts_make_n_events_and_executions(
    #[future(awt)] scope: Scope,
    #[case] posts: u64,
) -> Result<()> {
    let auto = scope.webhook_automation(None).await?;
    let mut event_ids = Vec::new();
    for i in 0..posts {
        event_ids.push(auto.webhook.fire(json!({"seq": i})).await?.event_id);
    }
    let distinct: std::collections::BTreeSet<_> = event_ids.iter().collect();
    assert_eq!(
        distinct.len() as u64,
        posts,
        "every post gets its own event id"
    );

    let events = wait_for_events(
        scope.client(),
        events_of_trigger(&auto.webhook.trigger_ref),
        CountOp::Exactly,
        posts,
        SHORT,
    )
    .await?;
    let mut seqs: Vec<i64> = Vec::new();
    for summary in &events {
        seqs.push(
            scope.client().events().get(summary.id).await?.payload["seq"]
                .as_i64()
                .unwrap_or(-1),
        );
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (0..posts as i64).collect::<Vec<_>>());

    wait_for_enforcements(
        scope.client(),
        enforcements_of_rule(&auto.rule.r#ref),
        CountOp::Exactly,
        posts,
        SHORT,
    )
    .await?;
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&auto.rule.r#ref), posts, SHORT)
            .await?;
    assert_eq!(execs.len() as u64, posts, "exactly one execution per post");
    assert!(
        execs.iter().all(|e| e.status == ExecutionStatus::Completed),
        "{execs:?}"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t1_4_webhook_action_receives_templated_params(#[future(awt)] scope: Scope) -> Result<()> {
    let params = json!({
        "message": "user {{ event.payload.user.name }} #{{ event.payload.user.id }} via {{ event.trigger }}",
        "count": "{{ event.payload.count }}",
        "first_tag": "{{ event.payload.tags.0 }}",
        "missing": "{{ event.payload.does_not_exist }}"
    });
    let auto = scope.webhook_automation(Some(params)).await?;
    let receipt = auto
        .webhook
        .fire(json!({"user": {"name": "alice", "id": 42}, "count": 7, "tags": ["red", "blue"]}))
        .await?;

    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&auto.rule.r#ref), 1, SHORT).await?;
    let exec = scope.client().executions().get(execs[0].id).await?;
    assert_eq!(
        exec.status,
        ExecutionStatus::Completed,
        "result: {}",
        exec.result
    );
    let expected_message = format!("user alice #42 via {}", auto.webhook.trigger_ref);
    assert_eq!(
        exec.config["message"],
        expected_message.as_str(),
        "mixed text is interpolated"
    );
    assert_eq!(
        exec.config["count"], 7,
        "a whole-string template keeps the JSON type"
    );
    assert_eq!(exec.config["first_tag"], "red", "array elements by index");
    assert_eq!(
        exec.config["missing"],
        Value::Null,
        "an unresolved whole-string template is null"
    );
    assert_eq!(
        exec.result["stdout"],
        format!("{expected_message}\n").as_str(),
        "the action printed its message"
    );

    let enforcements = scope
        .client()
        .enforcements()
        .list(&ListEnforcementsParams {
            event: Some(receipt.event_id),
            ..Default::default()
        })
        .await?;
    let enforcement = scope
        .client()
        .enforcements()
        .get(enforcements.items[0].id)
        .await?;
    assert_eq!(
        enforcement.config["count"], 7,
        "the enforcement holds the rendered params"
    );
    Ok(())
}
