//! T3.14 — execution notifications over the notifier WebSocket (platform-semantics §14; Attune's
//! `tier3/test_t3_14_execution_notifications.py` and the WebSocket part of `test_t3_23_websocket_security.py`):
//! welcome frame, `entity_type:execution` subscription, `execution_created` and an
//! `execution_status_changed` with `payload.status` `completed` (or `failed`); upgrades without a valid
//! token are refused with 401; browser-style subprotocol auth selects `attune.v1`; a user without grants may
//! not subscribe to another user's `user:<id>` (nor, on attune-sdk 0.5.4, to executions). The payload keys
//! and the denial text are those of the target's API generation.

use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{ApiGeneration, Result, Scope};
use rstest::rstest;
use serde_json::json;
use std::collections::BTreeSet;

use crate::tier3::notifier::*;

#[rstest]
#[tokio::test]
async fn t3_14_execution_completion_notification(#[future(awt)] scope: Scope) -> Result<()> {
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    assert_eq!(ws.welcome["type"], "welcome", "{}", ws.welcome);
    assert_eq!(
        ws.welcome["message"], "Connected to Attune Notifier",
        "{}",
        ws.welcome
    );
    assert!(
        ws.welcome["client_id"]
            .as_str()
            .is_some_and(|c| c.starts_with("client_")),
        "{}",
        ws.welcome
    );
    assert_eq!(ws.protocol.as_deref(), Some("attune.v1"));

    ws.subscribe("entity_type:execution").await?;
    ws.barrier().await?;

    let action = scope.echo_action().await?;
    let exec = scope
        .execute(&action.r#ref, json!({"message": "notify me"}))
        .await?;
    let done = ws
        .wait_for(
            &format!(
                "execution_status_changed 'completed' of execution {}",
                exec.id
            ),
            FRAME,
            |f| {
                f["type"] == "notification"
                    && f["notification_type"] == "execution_status_changed"
                    && f["entity_id"] == exec.id
                    && f["payload"]["status"] == "completed"
            },
        )
        .await?;
    assert_eq!(done["entity_type"], "execution", "{done}");
    assert!(done["user_id"].is_null(), "{done}");
    assert!(done["timestamp"].is_string(), "{done}");
    let payload = &done["payload"];
    assert_eq!(payload["id"], exec.id, "{done}");
    assert_eq!(payload["entity_id"], exec.id, "{done}");
    assert_eq!(payload["entity_type"], "execution", "{done}");
    assert_eq!(payload["action_ref"], action.r#ref.as_str(), "{done}");
    assert!(payload["old_status"].is_string(), "{done}");
    let keys: BTreeSet<&str> = payload
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let common: BTreeSet<&str> = EXECUTION_PAYLOAD_KEYS.into_iter().collect();
    match scope.env().profile().await?.generation {
        // June 2026: exactly these keys (no auth_mode, no trace_tag).
        ApiGeneration::June2026 => assert_eq!(keys, common, "{done}"),
        // attune-sdk 0.5.4 adds the delivery mode (and the trace tag).
        _ => {
            assert!(
                keys.is_superset(&common),
                "payload lacks {:?}: {done}",
                common.difference(&keys)
            );
            assert_eq!(payload["auth_mode"], "full", "{done}");
        }
    }
    assert!(
        ws.seen
            .iter()
            .any(|f| f["notification_type"] == "execution_created"
                && f["entity_type"] == "execution"
                && f["entity_id"] == exec.id),
        "an execution_created notification came first: {:?}",
        ws.seen
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_14_execution_failure_notification(#[future(awt)] scope: Scope) -> Result<()> {
    let token = token_of(scope.client()).await?;
    let mut ws = connect(scope.env(), &token).await?;
    ws.subscribe("entity_type:execution").await?;
    ws.barrier().await?;

    let action = scope.failing_action(3, "boom").await?;
    let exec = scope.execute(&action.r#ref, json!({})).await?;
    let failed = ws
        .wait_for(
            &format!("execution_status_changed 'failed' of execution {}", exec.id),
            FRAME,
            |f| {
                f["notification_type"] == "execution_status_changed"
                    && f["entity_id"] == exec.id
                    && f["payload"]["status"] == "failed"
            },
        )
        .await?;
    assert_eq!(failed["entity_type"], "execution", "{failed}");
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_14_websocket_security(#[future(awt)] scope: Scope) -> Result<()> {
    let url = scope.env().notifier_url();
    let token = token_of(scope.client()).await?;

    // No token, a bogus token, or a token in the query string: the upgrade is refused with 401.
    assert_eq!(try_connect(&url, WsAuth::None).await?.err(), Some(401));
    assert_eq!(
        try_connect(&url, WsAuth::Bearer("not-a-valid-jwt"))
            .await?
            .err(),
        Some(401)
    );
    let with_query = format!("{url}?token={token}");
    assert_eq!(
        try_connect(&with_query, WsAuth::None).await?.err(),
        Some(401)
    );

    // Browser auth: the JWT travels as a subprotocol and the server selects attune.v1.
    let browser = try_connect(&url, WsAuth::Subprotocol(&token))
        .await?
        .map_err(|s| {
            attune_testkit::TestkitError::Other(format!("subprotocol auth refused: {s}"))
        })?;
    assert_eq!(browser.protocol.as_deref(), Some("attune.v1"));
    assert_eq!(browser.welcome["type"], "welcome", "{}", browser.welcome);

    // A fresh user without grants: another user's stream is denied (an error frame, no close). June 2026
    // checks no other filter; attune-sdk 0.5.4 also denies executions to a user without `executions:read`.
    let generation = scope.env().profile().await?.generation;
    let user = scope.env().new_user().await?;
    let user_token = token_of(&user.client).await?;
    let mut ws = connect(scope.env(), &user_token).await?;
    ws.subscribe(&format!("user:{}", user.id + 10_000)).await?;
    let denied = ws
        .wait_for("the denial of user:<other>", BARRIER, |f| {
            f["type"] == "error"
        })
        .await?;
    assert!(is_unauthorized(&denied, generation), "{denied}");
    ws.subscribe("entity_type:execution").await?;
    match generation {
        ApiGeneration::June2026 => {
            // accepted: the next error frame is the barrier's, not a denial
            let next = ws.barrier().await?;
            assert_eq!(
                next["message"],
                "Invalid filter 'invalid-filter': Invalid filter format: invalid-filter",
                "entity_type:execution is accepted on June 2026: {next}"
            );
        }
        _ => {
            let denied = ws
                .wait_for("the denial of entity_type:execution", BARRIER, |f| {
                    f["type"] == "error"
                })
                .await?;
            assert!(is_unauthorized(&denied, generation), "{denied}");
        }
    }
    // the connection stays usable and reports a malformed filter the same way
    ws.subscribe("bad").await?;
    let err = ws
        .wait_for("the error of filter 'bad'", BARRIER, |f| {
            f["type"] == "error"
        })
        .await?;
    assert_eq!(
        err["message"], "Invalid filter 'bad': Invalid filter format: bad",
        "{err}"
    );
    Ok(())
}
