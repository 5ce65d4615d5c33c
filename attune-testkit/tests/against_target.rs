//! The test kit against its target: the embedded emulator by default, or the live Attune named by
//! `ATTUNE_API_URL` (the same code runs against both; nothing here is emulator-only).
//!
//! Covers: the admin client and its cached tokens, fresh users without grants and `grant`, `unique_ref`, every
//! `Scope` builder producing a working resource, clean-up on drop (also when the test panics), and the rstest
//! fixtures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::time::Duration;

use attune_client::models::{
    CreatePackRequest, ExecutionStatus, ListEnforcementsParams, ListEventsParams,
    ListExecutionsParams, ListKeysParams,
};
use attune_client::AttuneClient;
use attune_testkit::refs::is_valid_identifier;
use attune_testkit::rstest_fixtures::{admin, env, scope, user};
use attune_testkit::waiters::{
    wait_for_children, wait_for_enforcements, wait_for_events, wait_for_execution_status,
    wait_for_executions, wait_for_terminal_executions,
};
use attune_testkit::{
    unique_login, unique_ref, wait_until, CountOp, Probe, Result, Scope, TestEnv, TestUser,
};
use chrono::Utc;
use rstest::rstest;
use serde_json::json;

/// Generous limit for things that normally take well under a second.
const SHORT: Duration = Duration::from_secs(20);

fn by_rule(rule_ref: &str) -> ListExecutionsParams {
    ListExecutionsParams {
        rule_ref: Some(rule_ref.to_string()),
        ..Default::default()
    }
}

fn expect_status<T: std::fmt::Debug>(result: attune_client::Result<T>, status: u16, what: &str) {
    match result {
        Ok(v) => panic!("{what}: expected HTTP {status}, got success {v:?}"),
        Err(e) => assert_eq!(e.status(), Some(status), "{what}: {e}"),
    }
}

fn pack_request(pack: &str) -> CreatePackRequest {
    CreatePackRequest::new(pack.to_string(), format!("testkit {pack}"), "1.0.0")
}

// ---------------------------------------------------------------------------------------------------------
// target, clients and users
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn admin_client_works_and_reuses_its_tokens() -> Result<()> {
    let env = TestEnv::get().await?;
    // Admin clients built concurrently (as tests starting together do) share one login.
    let clients = futures::future::join_all((0..8).map(|_| env.admin())).await;
    let mut tokens = HashSet::new();
    for client in clients {
        tokens.insert(client?.access_token().await);
    }
    assert_eq!(
        tokens.len(),
        1,
        "one admin login for concurrent callers: {} tokens",
        tokens.len()
    );
    let first = env.admin().await?;
    let me = first.auth().me().await?;
    assert!(!me.login.is_empty());
    let issued_by = Utc::now().timestamp();
    // Tokens carry their issue time in seconds: once the clock has moved on, a fresh login would yield a
    // different token, so equal tokens prove the second client reused the cached one.
    wait_until(
        "the clock to pass the first token's second",
        Duration::from_secs(3),
        || async {
            let now = Utc::now().timestamp();
            if now > issued_by {
                Probe::Ready(())
            } else {
                Probe::Pending(format!("now = {now}"))
            }
        },
    )
    .await?;
    let second = env.admin().await?;
    assert_eq!(second.auth().me().await?.id, me.id, "the same identity");
    let (a, b) = (first.access_token().await, second.access_token().await);
    assert!(a.is_some(), "the admin client holds a token");
    assert_eq!(
        a, b,
        "a later admin client reuses the cached token instead of logging in again"
    );
    // The same environment is handed out to every test of the process.
    let again = TestEnv::get().await?;
    assert_eq!(again.base_url(), env.base_url());
    assert_eq!(again.target(), env.target());
    Ok(())
}

#[tokio::test]
async fn anonymous_client_is_refused_where_login_is_required() -> Result<()> {
    let env = TestEnv::get().await?;
    let anon = env.anonymous()?;
    anon.health().check().await?;
    expect_status(anon.auth().me().await, 401, "GET /auth/me without a token");
    Ok(())
}

#[tokio::test]
async fn new_users_are_unique_and_have_no_grants() -> Result<()> {
    let env = TestEnv::get().await?;
    let (a, b) = (env.new_user().await?, env.new_user().await?);
    assert_ne!(a.login, b.login);
    assert_ne!(a.id, b.id);
    for user in [&a, &b] {
        let me = user.client.auth().me().await?;
        assert_eq!(
            (me.id, me.login.as_str()),
            (user.id, user.login.as_str()),
            "the client is logged in as the user"
        );
        expect_status(
            user.client
                .packs()
                .create(&pack_request(&unique_ref("nogrant")))
                .await,
            403,
            "a user without grants creating a pack",
        );
    }
    Ok(())
}

#[tokio::test]
async fn granting_viewer_allows_reading_but_not_creating() -> Result<()> {
    let env = TestEnv::get().await?;
    let user = env.new_user().await?;
    let keys = ListKeysParams::default();
    expect_status(
        user.client.keys().list(&keys).await,
        403,
        "listing keys without grants",
    );

    env.grant(&user, "core.viewer").await?;
    user.client.keys().list(&keys).await?;
    expect_status(
        user.client
            .packs()
            .create(&pack_request(&unique_ref("viewer")))
            .await,
        403,
        "a viewer creating a pack",
    );
    Ok(())
}

#[tokio::test]
async fn granting_admin_allows_creating_a_pack() -> Result<()> {
    let env = TestEnv::get().await?;
    let user = env.new_user().await?;
    expect_status(
        user.client
            .packs()
            .create(&pack_request(&unique_ref("pre")))
            .await,
        403,
        "before the grant",
    );
    env.grant(&user, "core.admin").await?;
    // A scope acting as the user creates (and later deletes) its own pack.
    let scope = Scope::for_user(&env, &user).await?;
    let action = scope.echo_action().await?;
    assert_eq!(action.pack_ref, scope.pack());
    let made = env.new_user_with("core.admin").await?;
    let scope2 = Scope::for_user(&env, &made).await?;
    assert_ne!(scope2.pack(), scope.pack());
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// unique refs
// ---------------------------------------------------------------------------------------------------------

#[test]
fn unique_refs_are_unique_across_many_threads_and_follow_the_grammar() {
    let threads: Vec<_> = (0..16)
        .map(|t| {
            std::thread::spawn(move || {
                (0..1000)
                    .map(|_| unique_ref(&format!("T{t}.x")))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut seen = HashSet::new();
    for handle in threads {
        for r in handle.join().unwrap() {
            assert!(is_valid_identifier(&r), "{r:?} breaks [a-z][a-z0-9_-]*");
            assert!(r.len() <= 63, "{r:?} is too long for a key local_ref");
            assert!(seen.insert(r.clone()), "duplicate {r}");
        }
    }
    assert_eq!(seen.len(), 16_000);
    let login = unique_login("Some User");
    let (local, domain) = login.split_once('@').unwrap();
    assert!(
        is_valid_identifier(local) && domain == "attune.local",
        "{login}"
    );
}

#[tokio::test]
async fn the_server_accepts_unique_refs_as_pack_component_and_key_refs() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    // Awkward prefixes are normalised into the grammar; the server agrees.
    let scope = Scope::admin(&env).await?;
    let pack = unique_ref("9 Odd.Prefix!");
    admin.packs().create(&pack_request(&pack)).await?;
    scope
        .cleanup()
        .track(&admin, attune_testkit::Resource::Pack(pack.clone()))
        .await;
    assert_eq!(admin.packs().get(&pack).await?.r#ref, pack);
    let action = scope.echo_action().await?;
    assert!(
        action.r#ref.starts_with(&format!("{}.echo_", scope.pack())),
        "{}",
        action.r#ref
    );
    let key = scope.system_key(json!(1), false).await?;
    assert_eq!(key.r#ref, format!("system.{}", key.local_ref));
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn echo_action_prints_its_message() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let echo = scope.echo_action().await?;
    let exec = scope
        .run(&echo.r#ref, json!({"message": "hello there"}), SHORT)
        .await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(exec.result["stdout"], "hello there\n");
    let default = scope.run(&echo.r#ref, json!({}), SHORT).await?;
    assert_eq!(
        default.result["stdout"], "echo\n",
        "the message defaults to 'echo'"
    );
    Ok(())
}

#[tokio::test]
async fn failing_action_exits_with_its_code_and_stderr_message() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let fail = scope.failing_action(3, "it's broken: disk full").await?;
    let exec = scope.execute(&fail.r#ref, json!({})).await?;
    // The status waiter fails fast (not on timeout) and carries the result.
    let err = wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Completed, SHORT)
        .await
        .unwrap_err();
    assert!(!err.is_timeout(), "{err}");
    let done = scope.client().executions().get(exec.id).await?;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.exit_code(), Some(3), "{}", done.result);
    let error = done.result["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("it's broken: disk full"),
        "the stderr message (with its quote) is kept: {error:?}"
    );
    assert!(err.to_string().contains("disk full"), "{err}");
    Ok(())
}

#[tokio::test]
async fn sleep_action_runs_then_completes() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let nap = scope.sleep_action(1.0).await?;
    let exec = scope.execute(&nap.r#ref, json!({})).await?;
    let running =
        wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Running, SHORT).await?;
    assert_eq!(
        running.status,
        ExecutionStatus::Running,
        "observed while it sleeps"
    );
    let done =
        wait_for_execution_status(scope.client(), exec.id, ExecutionStatus::Completed, SHORT)
            .await?;
    assert_eq!(done.result["stdout"], "slept 1\n");
    Ok(())
}

#[tokio::test]
async fn key_reading_action_prints_the_key_value() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let key = scope
        .system_key(json!("https://api.example.com"), false)
        .await?;
    let reader = scope.key_reading_action(&key.name).await?;
    let exec = scope.run(&reader.r#ref, json!({}), SHORT).await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(exec.result["stdout"], "KEY=https://api.example.com\n");
    Ok(())
}

#[tokio::test]
async fn webhook_trigger_fire_creates_an_event_with_the_payload() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let hook = scope.webhook_trigger().await?;
    assert_eq!(
        hook.url,
        format!("{}/api/v1/webhooks/{}", scope.env().base_url(), hook.key)
    );
    let trigger = scope.client().triggers().get(&hook.trigger_ref).await?;
    assert_eq!(
        trigger.webhook_key.as_deref(),
        Some(hook.key.as_str()),
        "the webhook is enabled with that key"
    );
    let payload = json!({"host": "web-1", "nested": {"n": [1, 2]}});
    let receipt = hook.fire(payload.clone()).await?;
    let event = scope.client().events().get(receipt.event_id).await?;
    assert_eq!(event.trigger_ref, hook.trigger_ref);
    assert_eq!(event.payload, payload);
    let events = wait_for_events(
        scope.client(),
        ListEventsParams {
            trigger_ref: Some(hook.trigger_ref.clone()),
            ..Default::default()
        },
        CountOp::Exactly,
        1,
        SHORT,
    )
    .await?;
    assert_eq!(events[0].id, receipt.event_id);
    Ok(())
}

#[tokio::test]
async fn webhook_automation_runs_its_action_with_templated_params() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let auto = scope
        .webhook_automation(Some(json!({"message": "host={{ event.payload.host }}"})))
        .await?;
    auto.webhook.fire(json!({"host": "db-2"})).await?;
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&auto.rule.r#ref), 1, SHORT).await?;
    assert_eq!(execs.len(), 1);
    let exec = scope.client().executions().get(execs[0].id).await?;
    assert_eq!(exec.status, ExecutionStatus::Completed, "{}", exec.result);
    assert_eq!(exec.action_ref, auto.action.r#ref);
    assert_eq!(exec.result["stdout"], "host=db-2\n");
    wait_for_enforcements(
        scope.client(),
        ListEnforcementsParams {
            rule_ref: Some(auto.rule.r#ref.clone()),
            ..Default::default()
        },
        CountOp::Exactly,
        1,
        SHORT,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn rule_with_conditions_and_params_selects_events() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let hook = scope.webhook_trigger().await?;
    let echo = scope.echo_action().await?;
    let rule = scope
        .rule(&hook.trigger_ref, &echo.r#ref)
        .conditions(json!({"expression": "event.payload.level == 'error'"}))
        .action_params(json!({"message": "{{ event.payload.text }}"}))
        .create()
        .await?;
    assert_eq!(
        rule.conditions,
        json!({"expression": "event.payload.level == 'error'"})
    );
    // A rule without conditions on the same trigger: once it has handled both events, so has the rule above.
    let barrier = scope.rule(&hook.trigger_ref, &echo.r#ref).create().await?;
    hook.fire(json!({"level": "info", "text": "ignored"}))
        .await?;
    hook.fire(json!({"level": "error", "text": "disk full"}))
        .await?;
    wait_for_terminal_executions(scope.client(), by_rule(&barrier.r#ref), 2, SHORT).await?;
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), 1, SHORT).await?;
    assert_eq!(
        execs.len(),
        1,
        "only the matching event ran the rule: {execs:?}"
    );
    let exec = scope.client().executions().get(execs[0].id).await?;
    assert_eq!(exec.result["stdout"], "disk full\n");
    Ok(())
}

#[tokio::test]
async fn disabled_rule_is_created_disabled() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let hook = scope.webhook_trigger().await?;
    let echo = scope.echo_action().await?;
    let rule = scope
        .rule(&hook.trigger_ref, &echo.r#ref)
        .enabled(false)
        .create()
        .await?;
    assert!(!rule.enabled);
    assert!(!scope.client().rules().get(&rule.r#ref).await?.enabled);
    Ok(())
}

#[tokio::test]
async fn interval_rule_fires_its_action() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let auto = scope.timer_automation(1).await?;
    assert_eq!(auto.rule.trigger_ref, "core.intervaltimer");
    assert_eq!(
        auto.rule.trigger_params,
        json!({"unit": "seconds", "interval": 1})
    );
    let execs = wait_for_executions(
        scope.client(),
        by_rule(&auto.rule.r#ref),
        CountOp::AtLeast,
        1,
        SHORT,
    )
    .await?;
    assert_eq!(execs[0].action_ref, auto.action.r#ref);
    Ok(())
}

#[tokio::test]
async fn cron_rule_fires_its_action() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let echo = scope.echo_action().await?;
    let rule = scope.cron_rule(&echo.r#ref, "* * * * * *").await?;
    assert_eq!(rule.trigger_ref, "core.crontimer");
    assert_eq!(rule.trigger_params["expression"], "* * * * * *");
    wait_for_executions(
        scope.client(),
        by_rule(&rule.r#ref),
        CountOp::AtLeast,
        1,
        SHORT,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn datetime_rule_fires_once() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let echo = scope.echo_action().await?;
    let rule = scope
        .datetime_rule(&echo.r#ref, Utc::now() + chrono::Duration::seconds(1))
        .await?;
    assert_eq!(rule.trigger_ref, "core.datetimetimer");
    let execs =
        wait_for_terminal_executions(scope.client(), by_rule(&rule.r#ref), 1, SHORT).await?;
    assert_eq!(execs.len(), 1);
    assert_eq!(execs[0].status, ExecutionStatus::Completed);
    Ok(())
}

#[tokio::test]
async fn workflow_builder_makes_a_runnable_workflow() -> Result<()> {
    let scope = Scope::admin(&TestEnv::get().await?).await?;
    let echo = scope.echo_action().await?;
    let builder = scope
        .workflow("flow")
        .param_schema(json!({"items": {"type": "array", "required": true}}))
        .with_items_task(
            "each",
            &echo.r#ref,
            json!("{{ parameters.items }}"),
            Some(2),
            json!({"message": "{{ item }}"}),
        );
    let definition = builder.definition();
    assert_eq!(definition["tasks"][0]["concurrency"], 2);
    let wf = builder.create().await?;
    assert!(
        wf.r#ref.starts_with(&format!("{}.flow_", scope.pack())),
        "{}",
        wf.r#ref
    );

    let started = scope
        .execute(&wf.r#ref, json!({"items": ["a", "b", "c"]}))
        .await?;
    let parent = wait_for_execution_status(
        scope.client(),
        started.id,
        ExecutionStatus::Completed,
        SHORT,
    )
    .await?;
    let kids = wait_for_children(scope.client(), parent.id, CountOp::Exactly, 3, SHORT).await?;
    let mut outputs = Vec::new();
    for kid in &kids {
        let child = scope.client().executions().get(kid.id).await?;
        assert_eq!(child.parent, Some(parent.id));
        assert_eq!(child.status, ExecutionStatus::Completed, "{}", child.result);
        outputs.push(
            child.result["stdout"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    outputs.sort();
    assert_eq!(outputs, ["a\n", "b\n", "c\n"]);
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// clean-up
// ---------------------------------------------------------------------------------------------------------

/// Refs of everything `populate` created.
#[derive(Debug, Clone)]
struct Created {
    pack: String,
    action: String,
    trigger: String,
    rule: String,
    key: String,
    workflow: String,
}

async fn populate(scope: &Scope) -> Result<Created> {
    let auto = scope.webhook_automation(None).await?;
    let key = scope.system_key(json!("secret"), true).await?;
    let workflow = scope
        .workflow("wf")
        .task("one", &auto.action.r#ref, json!({}))
        .create()
        .await?;
    Ok(Created {
        pack: scope.pack().to_string(),
        action: auto.action.r#ref,
        trigger: auto.webhook.trigger_ref,
        rule: auto.rule.r#ref,
        key: key.r#ref,
        workflow: workflow.r#ref,
    })
}

async fn assert_exists(admin: &AttuneClient, c: &Created) -> Result<()> {
    admin.packs().get(&c.pack).await?;
    admin.actions().get(&c.action).await?;
    admin.triggers().get(&c.trigger).await?;
    admin.rules().get(&c.rule).await?;
    admin.keys().get(&c.key).await?;
    admin.workflows().get(&c.workflow).await?;
    Ok(())
}

async fn assert_all_gone(admin: &AttuneClient, c: &Created) {
    expect_status(admin.packs().get(&c.pack).await, 404, "pack");
    expect_status(admin.actions().get(&c.action).await, 404, "action");
    expect_status(admin.triggers().get(&c.trigger).await, 404, "trigger");
    expect_status(admin.rules().get(&c.rule).await, 404, "rule");
    expect_status(admin.keys().get(&c.key).await, 404, "key");
    expect_status(admin.workflows().get(&c.workflow).await, 404, "workflow");
}

#[tokio::test]
async fn dropping_a_scope_deletes_what_it_created() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    let created = {
        let scope = Scope::admin(&env).await?;
        let created = populate(&scope).await?;
        assert_exists(&admin, &created).await?;
        assert_eq!(
            scope.cleanup().len(),
            6,
            "pack, trigger, action, rule, key, workflow"
        );
        created
    };
    assert_all_gone(&admin, &created).await;
    Ok(())
}

#[tokio::test]
async fn a_panicking_test_still_cleans_up() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task_env = env.clone();
    let outcome = tokio::spawn(async move {
        let scope = Scope::admin(&task_env).await.unwrap();
        let created = populate(&scope).await.unwrap();
        assert_exists(&scope.env().admin().await.unwrap(), &created)
            .await
            .unwrap();
        tx.send(created).unwrap();
        panic!("the test body fails with its scope alive");
    })
    .await;
    let err = outcome.expect_err("the task panicked");
    assert!(err.is_panic());
    let created = rx
        .await
        .expect("the task created its resources before panicking");
    assert_all_gone(&admin, &created).await;
    Ok(())
}

#[test]
fn a_panicking_test_thread_still_cleans_up() {
    // A whole test (its own runtime, as `#[tokio::test]` makes) panicking on a thread.
    let (tx, rx) = std::sync::mpsc::channel();
    let joined = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let env = TestEnv::get().await.unwrap();
            let scope = Scope::admin(&env).await.unwrap();
            let created = populate(&scope).await.unwrap();
            assert_exists(&env.admin().await.unwrap(), &created)
                .await
                .unwrap();
            tx.send(created).unwrap();
            panic!("assertion failed in the test body");
        })
    })
    .join();
    assert!(joined.is_err(), "the thread panicked");
    let created = rx.recv().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let admin = TestEnv::get().await.unwrap().admin().await.unwrap();
        assert_all_gone(&admin, &created).await;
    });
}

#[tokio::test]
async fn only_the_last_clone_of_a_scope_cleans_up() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    let scope = Scope::admin(&env).await?;
    let created = populate(&scope).await?;
    let clone = scope.clone();
    drop(scope);
    assert_exists(&admin, &created).await?;
    drop(clone);
    assert_all_gone(&admin, &created).await;
    Ok(())
}

#[tokio::test]
async fn explicit_clean_up_deletes_early_and_forget_keeps_a_resource() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    let scope = Scope::admin(&env).await?;
    let created = populate(&scope).await?;
    scope.clean_up().await;
    assert!(scope.cleanup().is_empty());
    assert_all_gone(&admin, &created).await;

    // A resource the test deleted itself (or wants to keep) can be forgotten.
    let other = Scope::admin(&env).await?;
    let key = other.system_key(json!(1), false).await?;
    other
        .cleanup()
        .forget(&attune_testkit::Resource::Key(key.r#ref.clone()));
    other.clean_up().await;
    expect_status(
        admin.packs().get(other.pack()).await,
        404,
        "the pack is still cleaned up",
    );
    assert_eq!(
        admin.keys().get(&key.r#ref).await?.r#ref,
        key.r#ref,
        "the forgotten key stays"
    );
    admin.keys().delete(&key.r#ref).await?;
    Ok(())
}

#[tokio::test]
async fn a_users_scope_cleans_up_with_the_users_token() -> Result<()> {
    // A user's pack is private to that user, so existence and deletion are checked with the user's client.
    let env = TestEnv::get().await?;
    let user = env.new_user_with("core.admin").await?;
    let created = {
        let scope = Scope::for_user(&env, &user).await?;
        let created = populate(&scope).await?;
        assert_exists(&user.client, &created).await?;
        created
    };
    assert_all_gone(&user.client, &created).await;
    Ok(())
}

#[tokio::test]
async fn a_test_identity_is_deleted_after_its_scope_is_cleaned_up() -> Result<()> {
    let env = TestEnv::get().await?;
    let admin = env.admin().await?;
    let user = env.new_user_with("core.admin").await?;
    let id = user.id;
    let scope = Scope::for_user(&env, &user).await?;
    let created = populate(&scope).await?;
    // The user goes first; the scope still holds the identity, so it can clean up with the user's token.
    drop(user);
    assert_eq!(
        admin.identities().get(id).await?.id,
        id,
        "the identity lives while its scope does"
    );
    drop(scope);
    // Everything the scope made is gone (the admin can see all of it but the user-owned pack)...
    expect_status(admin.actions().get(&created.action).await, 404, "action");
    expect_status(admin.triggers().get(&created.trigger).await, 404, "trigger");
    expect_status(admin.rules().get(&created.rule).await, 404, "rule");
    expect_status(admin.keys().get(&created.key).await, 404, "key");
    expect_status(
        admin.workflows().get(&created.workflow).await,
        404,
        "workflow",
    );
    // ...and then the identity itself.
    expect_status(admin.identities().get(id).await, 404, "identity");
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// rstest fixtures
// ---------------------------------------------------------------------------------------------------------

#[rstest]
#[tokio::test]
async fn rstest_fixtures_are_ready_to_use(
    #[future(awt)] env: TestEnv,
    #[future(awt)] admin: AttuneClient,
    #[future(awt)] user: TestUser,
    #[future(awt)] scope: Scope,
) -> Result<()> {
    assert_eq!(admin.base_url(), env.base_url());
    admin.auth().me().await?;
    assert_eq!(user.client.auth().me().await?.login, user.login);
    expect_status(
        user.client
            .packs()
            .create(&pack_request(&unique_ref("fx")))
            .await,
        403,
        "fixture user",
    );
    assert_eq!(admin.packs().get(scope.pack()).await?.r#ref, scope.pack());
    Ok(())
}

#[rstest]
#[case::flat(json!({"a": 1}))]
#[case::nested(json!({"a": {"b": [1, 2]}}))]
#[tokio::test]
async fn rstest_scope_fixture_combines_with_cases(
    #[future(awt)] scope: Scope,
    #[case] payload: serde_json::Value,
) -> Result<()> {
    let hook = scope.webhook_trigger().await?;
    let receipt = hook.fire(payload.clone()).await?;
    assert_eq!(
        scope.client().events().get(receipt.event_id).await?.payload,
        payload
    );
    Ok(())
}
