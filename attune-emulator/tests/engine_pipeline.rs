//! Engine: webhook/event pipeline, worker results and environment, timers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use attune_emulator::engine::runner::Interpreters;
use attune_emulator::EmulatorConfig;
use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ECHO: &str = r#"printf '%s\n' "${message:-echo}""#;

async fn setup(pack: &str) -> Ctx {
    let c = common::start().await;
    c.create_pack(&c.admin, pack).await;
    c
}

fn terminal(items: &[Value], n: usize) -> bool {
    items.len() == n
        && items.iter().all(|e| {
            matches!(
                e["status"].as_str(),
                Some("completed" | "failed" | "cancelled" | "timeout")
            )
        })
}

#[tokio::test]
async fn webhook_to_completed_execution_with_links_and_templated_params() {
    let c = setup("p1").await;
    let action = c.shell_action("p1", "echo", ECHO).await;
    let (trigger, key) = c.webhook_trigger("p1", "hook").await;
    let rule = c
        .rule(
            "p1",
            "r",
            &trigger,
            &action,
            json!({"action_params": {
                "message": "user {{ event.payload.user.name }} #{{ event.payload.user.id }} via {{ event.trigger }}",
                "count": "{{ event.payload.count }}",
                "first_tag": "{{ event.payload.tags.0 }}",
                "obj": "{{ event.payload.user }}",
                "missing": "{{ event.payload.nope }}",
                "rule": "{{ system.rule.ref }}"
            }}),
        )
        .await;
    let payload = json!({"user": {"name": "alice", "id": 42}, "count": 7, "tags": ["red", "blue"]});
    let event_id = c.fire(&key, payload.clone()).await;

    let execs = c
        .wait_items("/api/v1/executions?rule_ref=p1.r", 10, |i| terminal(i, 1))
        .await;
    let exec = c.execution(execs[0]["id"].as_i64().unwrap()).await;
    assert_eq!(exec["status"], "completed", "{exec}");
    let msg = format!("user alice #42 via {trigger}");
    assert_eq!(exec["config"]["message"], msg.as_str());
    assert_eq!(exec["config"]["count"], 7);
    assert_eq!(exec["config"]["first_tag"], "red");
    assert_eq!(exec["config"]["obj"], json!({"name": "alice", "id": 42}));
    assert_eq!(exec["config"]["missing"], Value::Null);
    assert_eq!(exec["config"]["rule"], "p1.r");
    assert_eq!(exec["result"]["stdout"], format!("{msg}\n").as_str());
    assert_eq!(exec["result"]["succeeded"], true);
    assert_eq!(exec["result"]["exit_code"], 0);
    assert_eq!(exec["executor"], rule["owner_identity"]);
    assert_eq!(exec["trace_tag"], format!("{trigger}.{event_id}").as_str());
    assert!(exec["started_at"].is_string());
    assert!(exec["updated"].as_str() >= exec["created"].as_str());

    let enfs = c
        .items(&format!("/api/v1/enforcements?event={event_id}"))
        .await;
    assert_eq!(enfs.len(), 1);
    let (_, enf) = c
        .get(&format!("/api/v1/enforcements/{}", enfs[0]["id"]), &c.admin)
        .await;
    let enf = &enf["data"];
    assert_eq!(enf["status"], "processed");
    assert_eq!(enf["condition"], "all");
    assert_eq!(enf["payload"], payload);
    assert_eq!(enf["config"]["count"], 7);
    assert_eq!(enf["rule_ref"], "p1.r");
    assert!(enf["resolved_at"].is_string());
    assert_eq!(exec["enforcement"], enf["id"]);
}

#[tokio::test]
async fn conditions_both_forms_and_non_matching_events_are_stored() {
    let c = setup("p2").await;
    let action = c.shell_action("p2", "a", "true").await;
    let (trigger, key) = c.webhook_trigger("p2", "hook").await;
    c.rule(
        "p2",
        "arr",
        &trigger,
        &action,
        json!({"conditions": [{"field": "severity", "operator": "equals", "value": "high"},
                               {"field": "host", "operator": "contains", "value": "prod"}]}),
    )
    .await;
    c.rule(
        "p2",
        "expr",
        &trigger,
        &action,
        json!({"conditions": {"expression": "event.payload.count > 5 and 'x' in event.payload.tags"}}),
    )
    .await;
    c.rule(
        "p2",
        "bad",
        &trigger,
        &action,
        json!({"conditions": {"expression": "{{ trigger.data.x == 1 }}"}}),
    )
    .await;
    let e1 = c
        .fire(
            &key,
            json!({"severity": "high", "host": "prod-1", "count": 1, "tags": []}),
        )
        .await;
    let e2 = c
        .fire(
            &key,
            json!({"severity": "low", "host": "prod-1", "count": 9, "tags": ["x"]}),
        )
        .await;
    let e3 = c.fire(&key, json!({"count": 2})).await; // matches nothing; array form: missing field
    c.wait_items("/api/v1/executions?pack_name=p2", 10, |i| terminal(i, 2))
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let arr = c.items("/api/v1/enforcements?rule_ref=p2.arr").await;
    let expr = c.items("/api/v1/enforcements?rule_ref=p2.expr").await;
    let bad = c.items("/api/v1/enforcements?rule_ref=p2.bad").await;
    assert_eq!(arr.len(), 1);
    assert_eq!(arr[0]["event"], e1);
    assert_eq!(expr.len(), 1);
    assert_eq!(expr[0]["event"], e2);
    assert!(bad.is_empty());
    let events = c
        .items(&format!("/api/v1/events?trigger_ref={trigger}"))
        .await;
    assert_eq!(events.len(), 3);
    assert!(events.iter().any(|e| e["id"] == e3));
}

#[tokio::test]
async fn disabled_rule_makes_nothing() {
    let c = setup("p3").await;
    let action = c.shell_action("p3", "a", "true").await;
    let (trigger, key) = c.webhook_trigger("p3", "hook").await;
    c.rule("p3", "r", &trigger, &action, json!({"enabled": false}))
        .await;
    let ev = c.fire(&key, json!({"a": 1})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(c
        .items(&format!("/api/v1/enforcements?event={ev}"))
        .await
        .is_empty());
    assert!(c.items("/api/v1/executions?rule_ref=p3.r").await.is_empty());
    let (s, _) = c.get(&format!("/api/v1/events/{ev}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn worker_failed_timeout_and_cancel_results() {
    let c = setup("p4").await;
    let fail = c
        .shell_action("p4", "fail", "printf 'boom: disk on fire\\n' >&2\nexit 3")
        .await;
    let slow = c.shell_action("p4", "slow", "echo started\nsleep 20").await;

    let id = c.execute(json!({"action_ref": fail})).await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "failed");
    assert_eq!(e["result"]["exit_code"], 3);
    assert_eq!(e["result"]["succeeded"], false);
    assert!(e["result"]["error"]
        .as_str()
        .unwrap()
        .contains("boom: disk on fire"));
    assert!(e["started_at"].is_string());

    let id = c
        .execute(json!({"action_ref": slow, "timeout_seconds": 1}))
        .await;
    let e = c.wait_terminal(id, 20).await;
    // the real worker reports a timed-out run as `failed`, with no `timed_out` key
    assert_eq!(e["status"], "failed", "{e}");
    assert_eq!(e["timeout_seconds"], 1);
    assert!(e["result"].get("timed_out").is_none(), "{e}");
    assert_eq!(e["result"]["succeeded"], false);
    assert!(e["result"]["duration_ms"].is_u64());
    assert_eq!(e["result"]["exit_code"], -1);
    assert_eq!(e["result"]["error"], "Execution timed out after 1 seconds");

    let id = c.execute(json!({"action_ref": slow})).await;
    c.wait_exec(id, 10, |s| s == "running").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (s, v) = c
        .post(
            &format!("/api/v1/executions/{id}/cancel"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["data"]["status"], "canceling");
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "cancelled", "{e}");
    assert_eq!(e["result"]["cancelled"], true);
    assert_eq!(e["result"]["error"], "Execution cancelled by user");
    assert_eq!(e["result"]["stdout"], "started\n");
    let (s, _) = c
        .post(
            &format!("/api/v1/executions/{id}/cancel"),
            &c.admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn parameter_values_cannot_inject_code() {
    let c = setup("p5").await;
    let action = c.shell_action("p5", "echo", ECHO).await;
    let evil = "'; touch /tmp/attune_emu_pwned; echo '$(id) `id` ${HOME} \" \\ \n done";
    let id = c
        .execute(json!({"action_ref": action, "parameters": {"message": evil, "a b": "$(id)"}}))
        .await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["stdout"], format!("{evil}\n").as_str());
    assert!(!std::path::Path::new("/tmp/attune_emu_pwned").exists());
}

#[tokio::test]
async fn keys_are_variables_not_environment_and_attune_env_is_set() {
    let c = setup("p6").await;
    let (s, v) = c
        .post(
            "/api/v1/keys",
            &c.admin,
            json!({"local_ref": "emu_k1", "name": "emu_k1", "value": "s3cret", "owner_type": "system", "encrypted": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let action = c
        .shell_action(
            "p6",
            "env",
            "printf 'KEY=%s ENV=%s\\n' \"${emu_k1:-}\" \"$(printenv emu_k1 || true)\"\nprintenv | grep -E '^(ATTUNE_|FOO=)' | sort",
        )
        .await;
    let id = c
        .execute(json!({"action_ref": action, "env_vars": {"FOO": "bar", "ATTUNE_EXEC_ID": "999"}}))
        .await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    let out = e["result"]["stdout"].as_str().unwrap();
    assert!(out.starts_with("KEY=s3cret ENV=\n"), "{out}");
    assert!(out.contains(&format!("ATTUNE_EXEC_ID={id}\n")), "{out}");
    assert!(out.contains(&format!("ATTUNE_ACTION={action}\n")), "{out}");
    assert!(
        out.contains(&format!("ATTUNE_API_URL={}\n", c.emu.base_url())),
        "{out}"
    );
    assert!(out.contains("ATTUNE_PACK_REF=p6\n"), "{out}");
    assert!(out.contains("FOO=bar\n"), "{out}");
    assert!(
        !out.contains("ATTUNE_API_TOKEN"),
        "no permission sets, no token: {out}"
    );
    assert!(!out.contains("ATTUNE_RULE"), "{out}");
}

#[tokio::test]
async fn execution_token_lets_an_action_call_the_api() {
    let c = setup("p7").await;
    let script = r#"curl -sf -H "Authorization: Bearer $ATTUNE_API_TOKEN" "$ATTUNE_API_URL/api/v1/executions/$ATTUNE_EXEC_ID" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["id"], d["status"])'"#;
    let action = c
        .action_with(
            "p7",
            "callback",
            json!({"entrypoint": script, "runtime_ref": "core.shell",
                   "default_execution_permission_set_refs": ["core.admin"]}),
        )
        .await;
    let (trigger, key) = c.webhook_trigger("p7", "hook").await;
    c.rule("p7", "r", &trigger, &action, json!({})).await;
    c.fire(&key, json!({})).await;
    let execs = c
        .wait_items("/api/v1/executions?rule_ref=p7.r", 15, |i| terminal(i, 1))
        .await;
    let e = c.execution(execs[0]["id"].as_i64().unwrap()).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(
        e["result"]["stdout"],
        format!("{} running\n", e["id"]).as_str()
    );
}

#[tokio::test]
async fn python_action_and_missing_interpreter_fails_fast() {
    let c = common::start_with(EmulatorConfig::default().with_interpreters(Interpreters {
        node: "/nonexistent/node".into(),
        ..Interpreters::default()
    }))
    .await;
    c.create_pack(&c.admin, "p8").await;
    let py = c
        .action_with(
            "p8",
            "py",
            json!({"runtime_ref": "core.python",
                   "entrypoint": "import json,sys\np=json.load(sys.stdin)\nprint(json.dumps({'double': p['n']*2}))"}),
        )
        .await;
    let node = c
        .action_with(
            "p8",
            "js",
            json!({"runtime_ref": "core.nodejs", "entrypoint": "console.log(1)"}),
        )
        .await;
    let ruby = c
        .action_with(
            "p8",
            "rb",
            json!({"runtime_ref": "core.ruby", "entrypoint": "puts 1"}),
        )
        .await;
    let id = c
        .execute(json!({"action_ref": py, "parameters": {"n": 21}}))
        .await;
    let e = c.wait_terminal(id, 15).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["data"], json!({"double": 42}));

    let started = std::time::Instant::now();
    let id = c.execute(json!({"action_ref": node})).await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "failed", "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        e["result"]["error"].as_str().unwrap().contains("node"),
        "{e}"
    );

    let id = c.execute(json!({"action_ref": ruby})).await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "failed", "{e}");
    assert!(
        e["result"]["error"].as_str().unwrap().contains("core.ruby"),
        "{e}"
    );
}

#[tokio::test]
async fn core_actions_run() {
    let c = common::start().await;
    let id = c
        .execute(json!({"action_ref": "core.echo", "parameters": {"message": "hi there"}}))
        .await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["stdout"], "hi there\n");
    let id = c.execute(json!({"action_ref": "core.noop"})).await;
    assert_eq!(c.wait_terminal(id, 10).await["status"], "completed");
}

async fn rule_events(c: &Ctx, rule: &str) -> Vec<Value> {
    let mut v = c.items(&format!("/api/v1/events?rule_ref={rule}")).await;
    v.reverse();
    let mut out = Vec::new();
    for e in v {
        let (_, full) = c
            .get(&format!("/api/v1/events/{}", e["id"]), &c.admin)
            .await;
        out.push(full["data"].clone());
    }
    out
}

fn ts(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn interval_timer_fires_after_one_interval_and_disable_stops_it() {
    let c = setup("t1").await;
    let action = c.shell_action("t1", "a", ECHO).await;
    let rule = c
        .rule(
            "t1",
            "tick",
            "core.intervaltimer",
            &action,
            json!({"trigger_params": {"unit": "seconds", "interval": 1}}),
        )
        .await;
    c.wait_items("/api/v1/events?rule_ref=t1.tick", 10, |i| i.len() >= 2)
        .await;
    let (s, _) = c
        .post("/api/v1/rules/t1.tick/disable", &c.admin, json!({}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let events = rule_events(&c, "t1.tick").await;
    let first = (ts(&events[0]["created"]) - ts(&rule["created"])).num_milliseconds();
    assert!((900..1500).contains(&first), "first fire after {first} ms");
    assert_eq!(events[0]["payload"]["type"], "interval");
    assert_eq!(events[0]["payload"]["interval_seconds"], 1);
    assert_eq!(events[0]["payload"]["execution_count"], 1);
    assert_eq!(events[1]["payload"]["execution_count"], 2);
    assert_eq!(events[0]["source_ref"], "core.timer_sensor");
    assert_eq!(events[0]["trigger_ref"], "core.intervaltimer");
    assert_eq!(events[0]["rule_ref"], "t1.tick");
    let n = events.len();
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(
        rule_events(&c, "t1.tick").await.len(),
        n,
        "disabled timers stop"
    );
    let execs = c
        .wait_items("/api/v1/executions?rule_ref=t1.tick", 10, |i| {
            terminal(i, n)
        })
        .await;
    assert!(execs.iter().all(|e| e["status"] == "completed"));
    let exec = c.execution(execs[0]["id"].as_i64().unwrap()).await;
    assert!(exec["trace_tag"]
        .as_str()
        .unwrap()
        .starts_with("core.intervaltimer."));
}

#[tokio::test]
async fn cron_and_datetime_timers() {
    let c = setup("t2").await;
    let action = c.shell_action("t2", "a", "true").await;
    c.rule(
        "t2",
        "cron",
        "core.crontimer",
        &action,
        json!({"trigger_params": {"expression": "* * * * * *", "timezone": "UTC"}}),
    )
    .await;
    let fire_at = chrono::Utc::now() + chrono::Duration::milliseconds(1200);
    c.rule(
        "t2",
        "once",
        "core.datetimetimer",
        &action,
        json!({"trigger_params": {"fire_at": fire_at.to_rfc3339()}}),
    )
    .await;
    let past = chrono::Utc::now() - chrono::Duration::seconds(5);
    c.rule(
        "t2",
        "past",
        "core.datetimetimer",
        &action,
        json!({"trigger_params": {"fire_at": past.to_rfc3339()}}),
    )
    .await;
    c.wait_items("/api/v1/events?rule_ref=t2.cron", 10, |i| i.len() >= 2)
        .await;
    c.post("/api/v1/rules/t2.cron/disable", &c.admin, json!({}))
        .await;
    let cron = rule_events(&c, "t2.cron").await;
    let p = &cron[0]["payload"];
    assert_eq!(p["type"], "cron");
    assert_eq!(p["expression"], "* * * * * *");
    assert_eq!(p["timezone"], "UTC");
    let lag = (ts(&p["fired_at"]) - ts(&p["scheduled_at"])).num_milliseconds();
    assert!(
        (0..500).contains(&lag),
        "cron fired {lag} ms after schedule"
    );

    c.wait_items("/api/v1/events?rule_ref=t2.once", 10, |i| !i.is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let once = rule_events(&c, "t2.once").await;
    assert_eq!(once.len(), 1);
    assert_eq!(once[0]["payload"]["type"], "one_shot");
    let late = (ts(&once[0]["created"]) - fire_at).num_milliseconds();
    assert!((0..500).contains(&late), "one-shot {late} ms late");
    assert!(
        rule_events(&c, "t2.past").await.is_empty(),
        "a past fire_at never fires"
    );
    let execs = c
        .wait_items("/api/v1/executions?rule_ref=t2.once", 10, |i| {
            terminal(i, 1)
        })
        .await;
    assert_eq!(execs[0]["status"], "completed");
}

#[tokio::test]
async fn events_endpoint_feeds_the_pipeline_with_rule_scoping() {
    let c = setup("p9").await;
    let action = c.shell_action("p9", "a", "true").await;
    let (trigger, _key) = c.webhook_trigger("p9", "hook").await;
    let r1 = c.rule("p9", "one", &trigger, &action, json!({})).await;
    c.rule("p9", "two", &trigger, &action, json!({})).await;
    // An execution token (from a manual execution with a permission set) may post events.
    let token = c
        .emu
        .state()
        .jwt
        .issue(
            1,
            "execution:0",
            attune_emulator::auth::jwt::TokenType::Execution,
            600,
            Some(json!({"execution_id": 0, "permission_set_refs": ["core.admin"]})),
        )
        .unwrap();
    let (s, v) = c
        .post(
            "/api/v1/events",
            &token,
            json!({"trigger_ref": trigger, "payload": {"x": 1}, "trigger_instance_id": format!("rule_{}", r1["id"])}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    c.wait_items("/api/v1/executions?rule_ref=p9.one", 10, |i| terminal(i, 1))
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(c
        .items("/api/v1/executions?rule_ref=p9.two")
        .await
        .is_empty());
}
