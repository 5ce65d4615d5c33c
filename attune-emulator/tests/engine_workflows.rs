//! Engine: workflow executions end to end through the HTTP API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ECHO: &str = r#"printf '%s\n' "${message:-echo}""#;

async fn setup(pack: &str) -> Ctx {
    let c = common::start().await;
    c.create_pack(&c.admin, pack).await;
    c
}

async fn workflow(c: &Ctx, pack: &str, name: &str, def: Value) -> String {
    let r = format!("{pack}.{name}");
    let mut def = def;
    def["ref"] = json!(r);
    def["version"] = json!("1.0.0");
    let (s, v) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            json!({"ref": r, "pack_ref": pack, "label": name, "version": "1.0.0", "definition": def}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    r
}

/// Children of `parent`, full records, by id.
async fn children(c: &Ctx, parent: i64) -> Vec<Value> {
    let mut out = Vec::new();
    for s in c
        .items(&format!("/api/v1/executions?parent={parent}&per_page=1000"))
        .await
    {
        out.push(c.execution(s["id"].as_i64().unwrap()).await);
    }
    out.sort_by_key(|e| e["id"].as_i64());
    out
}

#[tokio::test]
async fn sequential_with_publish_and_output_map() {
    let c = setup("w1").await;
    let echo = c.shell_action("w1", "echo", ECHO).await;
    let wf = workflow(
        &c,
        "w1",
        "seq",
        json!({"tasks": [
            {"name": "a", "action": echo, "input": {"message": "hello {{ parameters.who }}"},
             "next": [{"when": "{{ succeeded() }}", "publish": [{"greeting": "{{ result().stdout }}"}], "do": ["b"]}]},
            {"name": "b", "action": echo, "input": {"message": "b saw {{ workflow.greeting | trim }}"}}
        ], "output_map": {"greeting": "{{ workflow.greeting }}", "n": "{{ parameters.n }}"}}),
    )
    .await;
    let id = c
        .execute(json!({"action_ref": wf, "parameters": {"who": "bob", "n": 3}}))
        .await;
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["greeting"], "hello bob\n");
    assert_eq!(e["result"]["n"], 3);
    let kids = children(&c, id).await;
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[0]["workflow_task"]["task_name"], "a");
    assert_eq!(kids[1]["workflow_task"]["task_name"], "b");
    assert_eq!(kids[1]["workflow_task"]["triggered_by"], "a");
    // Both tasks name the run's workflow-execution record (its own id sequence).
    let record = kids[0]["workflow_task"]["workflow_execution"].clone();
    assert!(record.as_i64().is_some_and(|r| r > 0), "{record}");
    assert_eq!(kids[1]["workflow_task"]["workflow_execution"], record);
    assert_eq!(kids[1]["result"]["stdout"], "b saw hello bob\n");
    for k in &kids {
        assert_eq!(k["parent"], id);
        assert_eq!(k["executor"], e["executor"]);
        let wt = &k["workflow_task"];
        assert!(
            wt["started_at"].is_string() && wt["completed_at"].is_string(),
            "{wt}"
        );
        assert!(wt["duration_ms"].is_i64());
        assert_eq!(wt["timed_out"], false);
    }
    // A second run gets the next record, not its execution id (3 executions came first).
    let again = c
        .execute(json!({"action_ref": wf, "parameters": {"who": "ann", "n": 1}}))
        .await;
    assert_eq!(c.wait_terminal(again, 20).await["status"], "completed");
    let kids = children(&c, again).await;
    let next = kids[0]["workflow_task"]["workflow_execution"].as_i64();
    assert_eq!(next, record.as_i64().map(|r| r + 1), "{kids:?}");
    assert_ne!(
        next,
        Some(again),
        "the record is not the parent execution id"
    );
}

#[tokio::test]
async fn with_items_one_child_per_item_and_concurrency() {
    let c = setup("w2").await;
    let echo = c.shell_action("w2", "echo", ECHO).await;
    let nap = c.shell_action("w2", "nap", "sleep 0.3").await;
    let wf = workflow(
        &c,
        "w2",
        "items",
        json!({"tasks": [{"name": "each", "action": echo, "with_items": "{{ parameters.items }}",
                          "concurrency": 4, "input": {"message": "{{ item }}"}}]}),
    )
    .await;
    let items = json!([1, "two", true, {"k": "v"}, [5, 6], 7.5]);
    let id = c
        .execute(json!({"action_ref": wf, "parameters": {"items": items}}))
        .await;
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    let mut kids = children(&c, id).await;
    kids.sort_by_key(|k| k["workflow_task"]["task_index"].as_i64());
    assert_eq!(kids.len(), 6);
    for (i, (k, item)) in kids.iter().zip(items.as_array().unwrap()).enumerate() {
        assert_eq!(k["workflow_task"]["task_index"], i);
        assert_eq!(&k["config"]["message"], item);
        assert_eq!(k["status"], "completed");
    }

    let wf = workflow(
        &c,
        "w2",
        "conc",
        json!({"tasks": [{"name": "nap", "action": nap, "with_items": "{{ [\"a\", \"b\", \"c\", \"d\"] }}", "concurrency": 2}]}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    assert_eq!(c.wait_terminal(id, 20).await["status"], "completed");
    let kids = children(&c, id).await;
    let mut edges = Vec::new();
    for k in &kids {
        let wt = &k["workflow_task"];
        edges.push((wt["started_at"].as_str().unwrap().to_string(), 1));
        edges.push((wt["completed_at"].as_str().unwrap().to_string(), -1));
    }
    edges.sort();
    let (mut now, mut best) = (0, 0);
    for (_, d) in edges {
        now += d;
        best = best.max(now);
    }
    assert!(best <= 2, "{best} children overlapped");
}

#[tokio::test]
async fn retry_then_failure_fails_the_workflow() {
    let c = setup("w3").await;
    let fail = c.shell_action("w3", "fail", "echo nope >&2\nexit 1").await;
    let wf = workflow(
        &c,
        "w3",
        "retry",
        json!({"tasks": [{"name": "a", "action": fail, "retry": {"count": 2, "delay": 0}}]}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "failed", "{e}");
    assert_eq!(e["result"]["succeeded"], false);
    let kids = children(&c, id).await;
    assert_eq!(kids.len(), 3, "first attempt + 2 retries");
    let counts: Vec<i64> = kids
        .iter()
        .map(|k| k["workflow_task"]["retry_count"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, vec![0, 1, 2]);
    assert!(kids.iter().all(|k| k["workflow_task"]["max_retries"] == 2));
    // Retry rows name the first attempt; the first attempt has no original.
    assert!(kids[0]["original_execution"].is_null(), "{}", kids[0]);
    for k in &kids[1..] {
        assert_eq!(k["original_execution"], kids[0]["id"], "{k}");
        assert!(k["workflow_task"]["next_retry_at"].is_string(), "{k}");
    }
}

#[tokio::test]
async fn delayed_retry_row_is_created_at_once_and_held_until_due() {
    let c = setup("w3d").await;
    let fail = c.shell_action("w3d", "fail", "exit 1").await;
    let wf = workflow(
        &c,
        "w3d",
        "retry",
        json!({"tasks": [{"name": "a", "action": fail, "retry": {"count": 1, "delay": 2}}]}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    // The retry row exists as soon as the first attempt has failed, not yet started.
    c.wait_items(
        &format!("/api/v1/executions?parent={id}&per_page=1000"),
        10,
        |items| items.len() == 2,
    )
    .await;
    let kids = children(&c, id).await;
    assert_eq!(kids[0]["status"], "failed", "{kids:?}");
    assert_eq!(kids.len(), 2, "the retry row exists at once: {kids:?}");
    let retry = &kids[1];
    assert_eq!(
        retry["status"], "requested",
        "held until next_retry_at: {retry}"
    );
    assert_eq!(retry["original_execution"], kids[0]["id"]);
    let due: chrono::DateTime<chrono::Utc> = retry["workflow_task"]["next_retry_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let created: chrono::DateTime<chrono::Utc> =
        retry["created"].as_str().unwrap().parse().unwrap();
    let ms = (due - created).num_milliseconds();
    assert!((1800..=2200).contains(&ms), "due {ms} ms after creation");
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "failed", "{e}");
    let retry = c.execution(retry["id"].as_i64().unwrap()).await;
    let started: chrono::DateTime<chrono::Utc> =
        retry["started_at"].as_str().unwrap().parse().unwrap();
    assert!(
        started >= due,
        "started {started} before its next_retry_at {due}"
    );
}

#[tokio::test]
async fn task_timeout_times_the_child_out_and_fails_the_parent() {
    let c = setup("w4").await;
    let slow = c.shell_action("w4", "slow", "sleep 10").await;
    let wf = workflow(
        &c,
        "w4",
        "to",
        json!({"tasks": [{"name": "slow", "action": slow, "timeout": 1}]}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "failed", "{e}");
    let kids = children(&c, id).await;
    assert_eq!(
        kids[0]["status"], "failed",
        "a timed-out run is reported failed"
    );
    assert_eq!(kids[0]["timeout_seconds"], 1);
    assert_eq!(kids[0]["workflow_task"]["timeout_seconds"], 1);
    assert_eq!(kids[0]["workflow_task"]["timed_out"], true);
    assert!(kids[0]["result"]["error"]
        .as_str()
        .unwrap()
        .contains("timed out"));
}

#[tokio::test]
async fn nested_workflow_runs_as_a_child() {
    let c = setup("w5").await;
    let echo = c.shell_action("w5", "echo", ECHO).await;
    let inner = workflow(
        &c,
        "w5",
        "inner",
        json!({"tasks": [{"name": "say", "action": echo, "input": {"message": "{{ parameters.m }}"},
                          "next": [{"publish": [{"said": "{{ result().stdout }}"}]}]}],
               "output_map": {"said": "{{ workflow.said }}"}}),
    )
    .await;
    let outer = workflow(
        &c,
        "w5",
        "outer",
        json!({"tasks": [{"name": "sub", "action": inner, "input": {"m": "deep"},
                          "next": [{"when": "{{ succeeded() }}", "publish": [{"got": "{{ result().said }}"}]}]}],
               "output_map": {"got": "{{ workflow.got }}"}}),
    )
    .await;
    let id = c.execute(json!({"action_ref": outer})).await;
    let e = c.wait_terminal(id, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["got"], "deep\n");
    let kids = children(&c, id).await;
    assert_eq!(kids.len(), 1);
    assert_eq!(kids[0]["action_ref"], inner.as_str());
    assert_eq!(kids[0]["status"], "completed");
    let grandkids = children(&c, kids[0]["id"].as_i64().unwrap()).await;
    assert_eq!(grandkids.len(), 1);
    assert_eq!(grandkids[0]["result"]["stdout"], "deep\n");
}

#[tokio::test]
async fn nested_workflow_task_timeout_times_out_the_child_workflow() {
    let c = setup("w8").await;
    let slow = c.shell_action("w8", "slow", "sleep 30").await;
    let echo = c.shell_action("w8", "echo", ECHO).await;
    // allow_finish (the default) must not keep the timed-out nested workflow's work running.
    let inner = workflow(
        &c,
        "w8",
        "inner",
        json!({"tasks": [
            {"name": "nap", "action": slow, "next": [{"when": "{{ succeeded() }}", "do": ["after"]}]},
            {"name": "queued", "action": slow, "with_items": "{{ [1, 2, 3] }}", "concurrency": 1},
            {"name": "after", "action": echo}
        ]}),
    )
    .await;
    for (name, handled) in [("unhandled", false), ("handled", true)] {
        // Unhandled: only a succeeded() transition, which a timeout does not take.
        let mut sub = json!({"name": "sub", "action": inner, "timeout": 1,
                             "next": [{"when": "{{ succeeded() }}", "do": ["handler"]}]});
        if handled {
            sub["next"] = json!([{"when": "{{ timed_out() }}", "publish": [{"why": "{{ result().error }}"}],
                                  "do": ["handler"]}]);
        }
        let outer = workflow(
            &c,
            "w8",
            &format!("outer_{name}"),
            json!({"tasks": [sub, {"name": "handler", "action": echo, "input": {"message": "handled"}}],
                   "output_map": {"why": "{{ workflow.why }}"}}),
        )
        .await;
        let started = std::time::Instant::now();
        let id = c.execute(json!({"action_ref": outer})).await;
        let e = c.wait_terminal(id, 20).await;
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{name}: took {:?}",
            started.elapsed()
        );
        let kids = children(&c, id).await;
        let subs: Vec<&Value> = kids
            .iter()
            .filter(|k| k["workflow_task"]["task_name"] == "sub")
            .collect();
        assert_eq!(subs.len(), 1, "{name}: {kids:?}");
        let sub = subs[0];
        assert_eq!(sub["status"], "failed", "{name}: {sub}");
        assert_eq!(sub["timeout_seconds"], 1);
        assert_eq!(sub["workflow_task"]["timeout_seconds"], 1);
        assert_eq!(sub["workflow_task"]["timed_out"], true);
        assert!(sub["result"].get("timed_out").is_none(), "{sub}");
        assert_eq!(sub["result"]["succeeded"], false);
        assert!(
            sub["result"]["error"]
                .as_str()
                .unwrap()
                .contains("timed out"),
            "{sub}"
        );
        // The nested workflow's work was stopped: running tasks cancelled, held items never ran, the
        // successor never started.
        let grandkids = children(&c, sub["id"].as_i64().unwrap()).await;
        let of = |t: &str| -> Vec<&Value> {
            grandkids
                .iter()
                .filter(|g| g["workflow_task"]["task_name"] == t)
                .collect()
        };
        assert_eq!(of("nap").len(), 1, "{grandkids:?}");
        assert_eq!(of("queued").len(), 3, "{grandkids:?}");
        assert!(of("after").is_empty(), "{grandkids:?}");
        for g in &grandkids {
            assert_eq!(g["status"], "cancelled", "{name}: {g}");
        }
        for q in &of("queued")[1..] {
            assert_eq!(
                q["result"]["error"],
                "Cancelled: parent workflow execution was cancelled"
            );
        }
        let handlers = kids
            .iter()
            .filter(|k| k["workflow_task"]["task_name"] == "handler")
            .count();
        if handled {
            assert_eq!(e["status"], "completed", "{e}");
            assert_eq!(handlers, 1);
            assert!(
                e["result"]["why"].as_str().unwrap().contains("timed out"),
                "{e}"
            );
        } else {
            assert_eq!(e["status"], "failed", "{e}");
            assert_eq!(handlers, 0, "{kids:?}");
        }
    }
}

#[tokio::test]
async fn cancel_cascades_per_policy() {
    let c = setup("w6").await;
    let slow = c.shell_action("w6", "slow", "sleep 30").await;
    for (name, policy, running_child) in [
        ("finish", "allow_finish", "completed"),
        ("kill", "cancel_running", "cancelled"),
    ] {
        let script = if policy == "allow_finish" {
            "sleep 1"
        } else {
            "sleep 30"
        };
        let act = c.shell_action("w6", &format!("a_{name}"), script).await;
        let wf = workflow(
            &c,
            "w6",
            name,
            json!({"cancellation_policy": policy,
                   "tasks": [{"name": "many", "action": act, "with_items": "{{ [1, 2, 3] }}", "concurrency": 1}]}),
        )
        .await;
        let id = c.execute(json!({"action_ref": wf})).await;
        c.wait_exec(id, 10, |s| s == "running").await;
        c.wait_items(
            &format!("/api/v1/executions?parent={id}&status=running"),
            10,
            |i| i.len() == 1,
        )
        .await;
        let (s, v) = c
            .post(
                &format!("/api/v1/executions/{id}/cancel"),
                &c.admin,
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let e = c.wait_terminal(id, 20).await;
        assert_eq!(e["status"], "cancelled", "{policy}: {e}");
        let kids = children(&c, id).await;
        assert_eq!(kids.len(), 3);
        assert_eq!(kids[0]["status"], running_child, "{policy}: {}", kids[0]);
        for k in &kids[1..] {
            assert_eq!(k["status"], "cancelled");
            assert_eq!(
                k["result"]["error"],
                "Cancelled: parent workflow execution was cancelled"
            );
        }
    }
    let _ = slow;
}

#[tokio::test]
async fn hundred_sequential_tasks() {
    let c = setup("w7").await;
    let noop = c.shell_action("w7", "noop", "true").await;
    let tasks: Vec<Value> = (0..100)
        .map(|i| {
            let mut t = json!({"name": format!("t{i}"), "action": noop,
                               "next": [{"publish": [{"n": "{{ workflow.n + 1 }}"}]}]});
            if i < 99 {
                t["next"][0]["do"] = json!([format!("t{}", i + 1)]);
            }
            t
        })
        .collect();
    let wf = workflow(
        &c,
        "w7",
        "long",
        json!({"vars": {"n": 0}, "tasks": tasks, "output_map": {"n": "{{ workflow.n }}"}}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    let e = c.wait_terminal(id, 90).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["n"], 100);
    let kids = c
        .items(&format!("/api/v1/executions?parent={id}&per_page=1000"))
        .await;
    assert_eq!(kids.len(), 100);
}

#[tokio::test]
async fn invalid_definitions_are_400() {
    let c = setup("w8").await;
    for def in [
        json!({"version": "1", "tasks": [{"name": "a", "action": "w8.missing"}]}),
        json!({"version": "1", "tasks": [{"name": "a", "action": "core.echo", "next": [{"do": ["zzz"]}]}]}),
        json!({"version": "1", "tasks": []}),
    ] {
        let (s, v) = c
            .post(
                "/api/v1/workflows",
                &c.admin,
                json!({"ref": "w8.bad", "pack_ref": "w8", "label": "bad", "version": "1", "definition": def}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
}

#[tokio::test]
async fn literal_with_items_array_fails_the_execution_with_the_reason() {
    // A real Attune accepts the workflow (201) and never schedules it; the emulator fails it clearly.
    let c = setup("w9").await;
    let echo = c.shell_action("w9", "echo", ECHO).await;
    let wf = workflow(
        &c,
        "w9",
        "literal",
        json!({"tasks": [{"name": "each", "action": echo, "with_items": [1, 2], "input": {"message": "{{ item }}"}}]}),
    )
    .await;
    let id = c.execute(json!({"action_ref": wf})).await;
    let e = c.wait_terminal(id, 10).await;
    assert_eq!(e["status"], "failed", "{e}");
    let error = e["result"]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("Task 'each'") && error.contains("template string"),
        "{e}"
    );
    assert!(children(&c, id).await.is_empty(), "nothing was dispatched");
}
