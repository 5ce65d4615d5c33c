//! T3.6 — events from a "sensor": anything holding a sensor or execution token may `POST /api/v1/events` for a
//! trigger (api-contract §2.10). Here an action whose default execution permission set is `core.admin` gets
//! an execution token (`ATTUNE_API_TOKEN`, platform-semantics §7.2) and emits an event for a custom trigger;
//! the rule on that trigger fires. `trigger_instance_id: "rule_<id>"` scopes matching to that one rule (§3.1).
//! User access tokens are refused with 403 — users must use webhooks (§12.1, api-contract §2.10).

use attune_client::models::{CreateActionRequest, CreateEventRequest, ExecutionStatus};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::{wait_for_events, wait_for_executions, wait_for_terminal_executions};
use attune_testkit::{hold_for, unique_ref, CountOp, Probe, Result, Scope, TestEnv};
use rstest::rstest;
use serde_json::json;

use crate::support::*;
use crate::tier3::helpers::*;

/// Posts `{"trigger_ref": $trigger_ref, "payload": {"reading": $reading, "source": "e2e-sensor"}[, "trigger_instance_id": $instance]}`
/// to the API with the execution token, printing the HTTP status; fails on any non-2xx answer.
const EMITTER: &str = r#"if [ -z "${ATTUNE_API_TOKEN:-}" ]; then echo "no execution token" >&2; exit 3; fi
extra=""
if [ -n "${instance:-}" ]; then extra=",\"trigger_instance_id\":\"${instance}\""; fi
body="{\"trigger_ref\":\"${trigger_ref}\",\"payload\":{\"reading\":\"${reading}\",\"source\":\"e2e-sensor\"}${extra}}"
code=$(curl -sS -o /tmp/attune-e2e-emit-$$.json -w '%{http_code}' -X POST "${ATTUNE_API_URL}/api/v1/events" \
  -H "Authorization: Bearer ${ATTUNE_API_TOKEN}" -H 'Content-Type: application/json' -d "$body")
cat /tmp/attune-e2e-emit-$$.json >&2; rm -f /tmp/attune-e2e-emit-$$.json
echo "HTTP ${code}"
case "$code" in 2*) exit 0 ;; *) exit 1 ;; esac"#;

#[rstest]
#[case::all_rules_of_the_trigger(false)]
#[case::scoped_to_one_rule(true)]
#[tokio::test]
async fn t3_6_event_posted_with_an_execution_token_fires_the_rule(
    #[future(awt)] scope: Scope,
    #[case] scoped: bool,
) -> Result<()> {
    let trigger_ref = scope.trigger("sensed").await?;
    let echo = scope.echo_action().await?;
    let first = scope
        .rule(&trigger_ref, &echo.r#ref)
        .action_params(
            json!({"message": "first {{ event.payload.reading }} from {{ event.payload.source }}"}),
        )
        .create()
        .await?;
    let second = scope
        .rule(&trigger_ref, &echo.r#ref)
        .action_params(json!({"message": "second {{ event.payload.reading }}"}))
        .create()
        .await?;

    let emitter = scope
        .create_action(
            CreateActionRequest::new(
                scope.component_ref("emit"),
                scope.pack(),
                "event emitter",
                EMITTER,
            )
            .with_runtime_ref("core.shell")
            .with_default_execution_permission_set_refs(vec!["core.admin".to_string()]),
        )
        .await?;
    let reading = unique_ref("reading");
    let instance = if scoped {
        format!("rule_{}", first.id)
    } else {
        String::new()
    };
    let run = scope
        .run(
            &emitter.r#ref,
            json!({"trigger_ref": trigger_ref, "reading": reading, "instance": instance}),
            SHORT,
        )
        .await?;
    assert_eq!(
        run.status,
        ExecutionStatus::Completed,
        "the emitter posted its event: {}",
        run.result
    );
    assert!(
        run.stdout().unwrap_or_default().contains("HTTP 201"),
        "POST /api/v1/events answers 201: {}",
        run.result
    );

    let evs = wait_for_events(
        scope.client(),
        events_of_trigger(&trigger_ref),
        CountOp::Exactly,
        1,
        SHORT,
    )
    .await?;
    let event = scope.client().events().get(evs[0].id).await?;
    assert_eq!(event.trigger_ref, trigger_ref);
    assert_eq!(
        event.payload,
        json!({"reading": reading, "source": "e2e-sensor"}),
        "the posted payload is kept"
    );
    if scoped {
        assert_eq!(
            event.rule,
            Some(first.id),
            "trigger_instance_id rule_<id> binds the event to that rule"
        );
        assert_eq!(event.rule_ref.as_deref(), Some(first.r#ref.as_str()));
    } else {
        assert_eq!(event.rule, None, "an unscoped event belongs to no rule");
    }
    if let Some(tag) = &run.trace_tag {
        assert_eq!(
            event.trace_tag.as_ref(),
            Some(tag),
            "an execution-token event inherits the execution's trace tag"
        );
    }

    let fired =
        wait_for_terminal_executions(scope.client(), by_rule(&first.r#ref), 1, SHORT).await?;
    let exec = scope.client().executions().get(fired[0].id).await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(
        exec.config["message"],
        format!("first {reading} from e2e-sensor"),
        "templated from the event"
    );
    assert_eq!(
        exec.stdout(),
        Some(format!("first {reading} from e2e-sensor\n").as_str())
    );

    if scoped {
        hold_for(
            "the other rule of the trigger stays silent",
            SETTLE,
            HOLD_POLL,
            || {
                let scope = scope.clone();
                let other = second.r#ref.clone();
                async move {
                    match executions(&scope, &by_rule(&other)).await {
                        Ok(list) => at_most("executions of the unscoped rule", list.len(), 0),
                        Err(e) => Probe::Fail(e.to_string()),
                    }
                }
            },
        )
        .await?;
    } else {
        let other = wait_for_executions(
            scope.client(),
            by_rule(&second.r#ref),
            CountOp::Exactly,
            1,
            SHORT,
        )
        .await?;
        let exec = attune_testkit::waiters::wait_for_execution_status(
            scope.client(),
            other[0].id,
            ExecutionStatus::Completed,
            SHORT,
        )
        .await?;
        assert_eq!(exec.config["message"], format!("second {reading}"));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Caller {
    /// The seeded admin (or the live server's user).
    Admin,
    /// A fresh user holding `core.admin`.
    AdminUser,
    /// A fresh user with no grants.
    PlainUser,
}

#[rstest]
#[case::admin(Caller::Admin)]
#[case::user_with_core_admin(Caller::AdminUser)]
#[case::user_without_grants(Caller::PlainUser)]
#[tokio::test]
async fn t3_6_user_access_tokens_cannot_post_events(
    #[future(awt)] scope: Scope,
    #[case] caller: Caller,
) -> Result<()> {
    let env = TestEnv::get().await?;
    let trigger_ref = scope.trigger("sensed").await?;
    let echo = scope.echo_action().await?;
    let rule = scope.rule(&trigger_ref, &echo.r#ref).create().await?;
    // Keep the user alive for the whole test: its identity is deleted when the `TestUser` is dropped.
    let user = match caller {
        Caller::Admin => None,
        Caller::AdminUser => Some(env.new_user_with("core.admin").await?),
        Caller::PlainUser => Some(env.new_user().await?),
    };
    let client = match &user {
        Some(user) => user.client.clone(),
        None => env.admin().await?,
    };
    let req = CreateEventRequest::new(trigger_ref.clone())
        .with_payload(json!({"reading": "from a user"}));
    let err = expect_status(
        client.events().create(&req).await,
        403,
        "POST /api/v1/events with a user access token",
    )?;
    assert_eq!(err.code(), Some("FORBIDDEN"), "standard error body: {err}");

    hold_for("no event and no execution", SETTLE, HOLD_POLL, || {
        let scope = scope.clone();
        let trigger_ref = trigger_ref.clone();
        let rule_ref = rule.r#ref.clone();
        async move {
            match (
                events(&scope, &events_of_trigger(&trigger_ref)).await,
                executions(&scope, &by_rule(&rule_ref)).await,
            ) {
                (Ok(evs), Ok(execs)) => at_most("events + executions", evs.len() + execs.len(), 0),
                (Err(e), _) | (_, Err(e)) => Probe::Fail(e.to_string()),
            }
        }
    })
    .await?;
    Ok(())
}
