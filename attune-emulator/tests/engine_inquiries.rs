//! Engine: human approval (`wait_for: {inquiry}`) inside workflows, end to end
//! through the HTTP API (platform-semantics §8 "Human approval", §9).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Creates an inquiry with the execution token and prints `{"inquiry_id": <id>}`.
fn creator_script(timeout_seconds: i64) -> String {
    format!(
        r#"body='{{"purpose":"approval","prompt":"Approve?","response_schema":{{"approved":{{"type":"boolean","required":true}}}},"timeout_seconds":{timeout_seconds}}}'
resp=$(curl -sS -f -X POST "$ATTUNE_API_URL/api/v1/inquiries" -H "Authorization: Bearer $ATTUNE_API_TOKEN" -H 'Content-Type: application/json' -d "$body") || exit 1
id=$(printf '%s' "$resp" | grep -o '"id": *[0-9]*' | head -n1 | grep -o '[0-9]*$')
printf '{{"inquiry_id": %s}}\n' "$id""#
    )
}

async fn approval_workflow(c: &Ctx, pack: &str, timeout_seconds: i64) -> String {
    c.create_pack(&c.admin, pack).await;
    let creator = c
        .action_with(
            pack,
            "ask",
            json!({"entrypoint": creator_script(timeout_seconds), "runtime_ref": "core.shell",
                   "default_execution_permission_set_refs": ["core.admin"]}),
        )
        .await;
    let r = format!("{pack}.approval");
    let def = json!({"ref": r, "version": "1.0.0", "tasks": [
        {"name": "request_inquiry", "action": creator, "next": [{"when": "{{ succeeded() }}", "do": ["guarded_task"]}]},
        {"name": "guarded_task", "action": "core.echo",
         "wait_for": {"inquiry": "{{ task.request_inquiry.inquiry_id }}"},
         "input": {"message": "approved={{ 'yes' if inquiry.guarded_task.response.approved else 'no' }}"},
         "next": [
            {"when": "{{ succeeded() and inquiry.guarded_task.response.approved == true }}",
             "publish": [{"outcome": "approved"}, {"response": "{{ inquiry.guarded_task.response }}"}],
             "do": ["approved_handler"]},
            {"when": "{{ succeeded() and inquiry.guarded_task.response.approved == false }}",
             "publish": [{"outcome": "denied"}], "do": ["denied_handler"]},
            {"when": "{{ timed_out() }}", "publish": [{"outcome": "timeout"}], "do": ["timeout_handler"]}
         ]},
        {"name": "approved_handler", "action": "core.echo", "input": {"message": "approved"}},
        {"name": "denied_handler", "action": "core.echo", "input": {"message": "denied"}},
        {"name": "timeout_handler", "action": "core.echo", "input": {"message": "timeout"}}
    ], "output_map": {"outcome": "{{ workflow.outcome }}", "response": "{{ workflow.response }}",
                      "inquiry_id": "{{ task.request_inquiry.inquiry_id }}"}});
    let (s, v) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            json!({"ref": r, "pack_ref": pack, "label": "approval", "version": "1.0.0", "definition": def}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    r
}

async fn kids_of(c: &Ctx, parent: i64, task: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for k in c
        .items(&format!("/api/v1/executions?parent={parent}&per_page=1000"))
        .await
    {
        let e = c.execution(k["id"].as_i64().unwrap()).await;
        if e["workflow_task"]["task_name"] == task {
            out.push(e);
        }
    }
    out
}

/// Waits for the single pending inquiry of the workflow's creator task.
async fn pending_inquiry(c: &Ctx, wf: i64) -> (Value, Value) {
    let kids = c
        .wait_items(&format!("/api/v1/executions?parent={wf}"), 20, |k| {
            !k.is_empty()
        })
        .await;
    let creator = c.execution(kids[0]["id"].as_i64().unwrap()).await;
    assert_eq!(creator["workflow_task"]["task_name"], "request_inquiry");
    assert_eq!(creator["parent"], wf);
    let cid = creator["id"].as_i64().unwrap();
    let listed = c
        .wait_items(
            &format!("/api/v1/inquiries?created_by_execution={cid}&status=pending&limit=10"),
            20,
            |i| i.len() == 1,
        )
        .await;
    let id = listed[0]["id"].as_i64().unwrap();
    let (s, v) = c.get(&format!("/api/v1/inquiries/{id}"), &c.admin).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (creator, v["data"].clone())
}

#[tokio::test]
async fn response_releases_the_guarded_task() {
    let c = common::start().await;
    let wf_ref = approval_workflow(&c, "inq1", 300).await;
    let wf = c.execute(json!({"action_ref": wf_ref})).await;
    let (creator, inq) = pending_inquiry(&c, wf).await;
    assert_eq!(inq["created_by_execution"], creator["id"]);
    assert_eq!(inq["execution"], creator["id"]);
    assert_eq!(inq["workflow_execution"], wf);
    assert_eq!(inq["workflow_task_name"], "request_inquiry");
    assert_eq!(inq["purpose"], "approval");
    assert_eq!(inq["status"], "pending");
    let id = inq["id"].as_i64().unwrap();

    // Wait for the creator to end: the guarded task is then waiting, with no child.
    let done = c.wait_terminal(creator["id"].as_i64().unwrap(), 20).await;
    assert_eq!(done["status"], "completed", "{done}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(kids_of(&c, wf, "guarded_task").await.is_empty());
    assert_eq!(c.execution(wf).await["status"], "running");

    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": "yes"}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["data"]["status"], "responded");

    let e = c.wait_terminal(wf, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["outcome"], "approved");
    assert_eq!(e["result"]["response"], json!({"approved": true}));
    assert_eq!(e["result"]["inquiry_id"], id);
    let guarded = kids_of(&c, wf, "guarded_task").await;
    assert_eq!(guarded.len(), 1);
    assert_eq!(guarded[0]["status"], "completed");
    assert_eq!(guarded[0]["result"]["stdout"], "approved=yes\n");
    assert_eq!(kids_of(&c, wf, "approved_handler").await.len(), 1);
    assert!(kids_of(&c, wf, "denied_handler").await.is_empty());

    let (s, _) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": false}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn timeout_takes_the_timed_out_transition_without_a_child() {
    let c = common::start().await;
    let wf_ref = approval_workflow(&c, "inq2", 1).await;
    let wf = c.execute(json!({"action_ref": wf_ref})).await;
    let (_, inq) = pending_inquiry(&c, wf).await;
    let id = inq["id"].as_i64().unwrap();
    let e = c.wait_terminal(wf, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["outcome"], "timeout");
    let (_, v) = c.get(&format!("/api/v1/inquiries/{id}"), &c.admin).await;
    assert_eq!(v["data"]["status"], "timeout");
    assert!(v["data"]["response"].is_null());
    assert!(kids_of(&c, wf, "guarded_task").await.is_empty());
    assert_eq!(kids_of(&c, wf, "timeout_handler").await.len(), 1);
    let (s, _) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"approved": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn inquiry_already_answered_before_the_task_waits_releases_at_once() {
    let c = common::start().await;
    c.create_pack(&c.admin, "inq3").await;
    // An inquiry answered up front (legacy create body, admin token).
    let anchor = c.execute(json!({"action_ref": "core.noop"})).await;
    let (s, v) = c
        .post(
            "/api/v1/inquiries",
            &c.admin,
            json!({"execution": anchor, "prompt": "ok?", "response_schema": {"ok": {"type": "boolean"}}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    let (s, v) = c
        .post(
            &format!("/api/v1/inquiries/{id}/respond"),
            &c.admin,
            json!({"response": {"ok": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let def = json!({"ref": "inq3.pre", "version": "1.0.0", "tasks": [
        {"name": "g", "action": "core.echo", "wait_for": {"inquiry": "{{ parameters.inquiry }}"},
         "input": {"message": "ok={{ 'yes' if inquiry.g.response.ok else 'no' }} {{ inquiry.g.status }}"}}
    ], "output_map": {"status": "{{ inquiry.g.status }}"}});
    let (s, v) = c
        .post(
            "/api/v1/workflows",
            &c.admin,
            json!({"ref": "inq3.pre", "pack_ref": "inq3", "label": "pre", "version": "1.0.0", "definition": def}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let wf = c
        .execute(json!({"action_ref": "inq3.pre", "parameters": {"inquiry": id}}))
        .await;
    let e = c.wait_terminal(wf, 20).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["status"], "responded");
    let g = kids_of(&c, wf, "g").await;
    assert_eq!(g.len(), 1);
    assert_eq!(g[0]["result"]["stdout"], "ok=yes responded\n");
}
