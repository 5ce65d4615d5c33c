//! T3.16 — rule notifications (platform-semantics §3 and §14; Attune's plan has no `notify_on_trigger`, the
//! real streams are `rule_lifecycle_changed`, `event_created` and `enforcement_created`): a `trigger_ref:<ref>`
//! subscription sees `rule_lifecycle_changed` for rule create, disable, enable and delete (attune-sdk 0.5.4;
//! a June 2026 notifier has no such stream and refuses the `trigger_ref:` filter as an unknown filter type);
//! `entity_type` subscriptions see the `event_created` and `enforcement_created` of a webhook post.

use attune_client::models::ListEnforcementsParams;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_enforcements;
use attune_testkit::{ApiGeneration, CountOp, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::SHORT;
use crate::tier3::notifier::*;

#[rstest]
#[tokio::test]
async fn t3_16_rule_lifecycle_notifications(#[future(awt)] scope: Scope) -> Result<()> {
    let webhook = scope.webhook_trigger().await?;
    let action = scope.echo_action().await?;
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    let filter = format!("trigger_ref:{}", webhook.trigger_ref);
    ws.subscribe(&filter).await?;
    if scope.env().profile().await?.generation == ApiGeneration::June2026 {
        // June 2026 has no rule lifecycle stream: its filters are only all, entity_type, notification_type,
        // user and entity, and it says so.
        let refused = ws
            .wait_for(&format!("the refusal of {filter}"), BARRIER, |f| {
                f["type"] == "error"
            })
            .await?;
        assert_eq!(
            refused,
            json!({
                "type": "error",
                "message": format!("Invalid filter '{filter}': Unknown filter type: trigger_ref"),
            }),
            "{refused}"
        );
        return Ok(());
    }
    ws.barrier().await?;

    let rule = scope
        .rule(&webhook.trigger_ref, &action.r#ref)
        .create()
        .await?;
    let rules = scope.client().rules();
    rules.disable(&rule.r#ref).await?;
    rules.enable(&rule.r#ref).await?;
    rules.delete(&rule.r#ref).await?;

    // The trigger is this test's own, so every lifecycle notification on it belongs to this rule.
    for step in ["create", "disable", "enable", "delete"] {
        let frame = ws
            .wait_for(&format!("rule_lifecycle_changed ({step})"), FRAME, |f| {
                f["type"] == "notification" && f["notification_type"] == "rule_lifecycle_changed"
            })
            .await?;
        assert!(frame["payload"].is_object(), "{frame}");
    }
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_16_event_and_enforcement_notifications(#[future(awt)] scope: Scope) -> Result<()> {
    let auto = scope.webhook_automation(None).await?;
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    ws.subscribe("entity_type:event").await?;
    ws.subscribe("entity_type:enforcement").await?;
    ws.barrier().await?;

    let receipt = auto.webhook.fire(json!({"who": "notifier"})).await?;
    let event = ws
        .wait_notification("event_created", "event", receipt.event_id, FRAME)
        .await?;
    assert!(event["user_id"].is_null(), "{event}");

    let enforcements = wait_for_enforcements(
        scope.client(),
        ListEnforcementsParams {
            event: Some(receipt.event_id),
            ..Default::default()
        },
        CountOp::AtLeast,
        1,
        SHORT,
    )
    .await?;
    let enf_id = enforcements[0].id;
    let seen_before = ws.seen.iter().any(|f| {
        f["notification_type"] == "enforcement_created"
            && f["entity_type"] == "enforcement"
            && f["entity_id"] == enf_id
    });
    if !seen_before {
        ws.wait_notification("enforcement_created", "enforcement", enf_id, FRAME)
            .await?;
    }
    Ok(())
}
