//! Older-generation inquiries (the June 2026 server): an execution whose result carries
//! an `__inquiry` object at its top level, which is what the core action `core.ask`
//! produces, creates an inquiry for its own execution and pauses that
//! execution (it stays `running`) until the inquiry is answered or expires. What the
//! execution shows, as a June 2026 server records it:
//!
//! * pending: a `core.ask` execution's result is `{"inquiry_id": <id>, "status": "pending"}`;
//!   any other action's result keeps its fields plus `__inquiry_id` and
//!   `__inquiry_created_published: true`;
//! * answered: `completed` with `{"response": <response>, "__inquiry_id": <id>,
//!   "__inquiry_created_published": true}` (the action's other fields are gone);
//! * timed out: status `timeout` with `{"error": "inquiry timed out", "__inquiry_id": <id>}`
//!   and `workflow_task.timed_out = true`, which a workflow sees as `timed_out()`;
//! * cancelled: `failed` with `"error": "Inquiry <id> was cancelled"` (the emulator's choice:
//!   a June server leaves such an execution running).
//!
//! `__inquiry` fields: `prompt` (string), `response_schema` (object), `assigned_to`
//! (identity id; a login is accepted too) and `timeout_seconds`. `core.ask` takes `prompt`,
//! `response_schema` and `assigned_to`; its deadline is the workflow task's `timeout:`.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::service::Inner;
use crate::state::executions::ExecutionStatus;
use crate::state::inquiries::{self, NewInquiry};
use crate::state::{identities, now, Store};

/// The `__inquiry` request at the top level of a result, if any. A June 2026 worker
/// stores a script's parsed stdout under `result.data`, where its executor never looks,
/// so in practice only `core.ask` (whose native result is the request itself) pauses.
pub fn inquiry_request(result: &Value) -> Option<serde_json::Map<String, Value>> {
    result.get("__inquiry").and_then(Value::as_object).cloned()
}

/// The result `core.ask` produces from its parameters (an `__inquiry` request);
/// `task_timeout` is the workflow task's `timeout:` in seconds, the inquiry's deadline.
pub fn ask_result(params: &Value, task_timeout: Option<i64>) -> Value {
    let mut req = serde_json::Map::new();
    for k in ["prompt", "response_schema", "assigned_to"] {
        if let Some(v) = params.get(k).filter(|v| !v.is_null()) {
            req.insert(k.into(), v.clone());
        }
    }
    if !req.contains_key("prompt") {
        req.insert("prompt".into(), json!("Please respond"));
    }
    if let Some(t) = task_timeout.filter(|t| *t > 0) {
        req.insert("timeout_seconds".into(), json!(t));
    }
    json!({"__inquiry": req})
}

fn timeout_at(req: &serde_json::Map<String, Value>) -> Option<DateTime<Utc>> {
    req.get("timeout_seconds")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
        .map(|s| now() + Duration::milliseconds((s * 1000.0) as i64))
}

fn assignee(store: &Store, v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s
            .parse::<i64>()
            .ok()
            .or_else(|| identities::find_by_login(store, s).map(|i| i.id)),
        _ => None,
    }
}

/// Creates the inquiry of an execution whose result asked for one; returns its id.
pub fn open(store: &mut Store, exec_id: i64, req: &serde_json::Map<String, Value>) -> i64 {
    let (wf, task) = store
        .executions
        .get(exec_id)
        .map(|e| {
            (
                e.parent,
                e.workflow_task
                    .as_ref()
                    .and_then(|w| w.get("task_name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            )
        })
        .unwrap_or_default();
    let n = NewInquiry {
        execution: exec_id,
        prompt: req
            .get("prompt")
            .and_then(Value::as_str)
            .unwrap_or("Please respond")
            .to_string(),
        response_schema: req.get("response_schema").cloned().unwrap_or(Value::Null),
        assigned_to: assignee(store, req.get("assigned_to")),
        timeout_at: timeout_at(req),
        created_by_execution: Some(exec_id),
        workflow_execution: wf,
        workflow_task_name: task,
        ..Default::default()
    };
    inquiries::create(store, n)
}

/// The result a paused execution shows while its inquiry is pending.
fn pending_result(action_ref: &str, result: &Value, inquiry_id: i64) -> Value {
    if action_ref == "core.ask" {
        return json!({"inquiry_id": inquiry_id, "status": "pending"});
    }
    let mut shown = result.clone();
    if let Some(o) = shown.as_object_mut() {
        o.insert("__inquiry_id".into(), json!(inquiry_id));
        o.insert("__inquiry_created_published".into(), json!(true));
    }
    shown
}

impl Inner {
    /// Pauses `exec_id` on the inquiry its result asks for (the execution stays
    /// `running`). Returns false when the result asks for none.
    pub(crate) fn pause_for_inquiry(&self, exec_id: i64, result: &Value) -> bool {
        let Some(req) = inquiry_request(result) else {
            return false;
        };
        let id = {
            let mut store = self.state.store.lock();
            open(&mut store, exec_id, &req)
        };
        {
            let mut store = self.state.store.lock();
            if let Some(e) = store.executions.get_mut(exec_id) {
                e.result = pending_result(&e.action_ref, result, id);
            }
        }
        self.paused.lock().insert(id, (exec_id, result.clone()));
        self.resume_paused(id);
        true
    }

    /// Resumes a paused execution once its inquiry is no longer pending.
    pub(crate) fn resume_paused(&self, inquiry_id: i64) {
        let (status, response) = {
            let mut store = self.state.store.lock();
            inquiries::expire_due(&mut store);
            match store.inquiries.get(inquiry_id) {
                Some(i) => (i.status.clone(), i.response.clone()),
                None => ("cancelled".into(), Value::Null),
            }
        };
        if status == "pending" {
            return;
        }
        let Some((exec_id, _)) = self.paused.lock().remove(&inquiry_id) else {
            return;
        };
        let (es, result) = match status.as_str() {
            "responded" => (
                ExecutionStatus::Completed,
                json!({"response": response, "__inquiry_id": inquiry_id,
                       "__inquiry_created_published": true}),
            ),
            "timeout" => (
                ExecutionStatus::Timeout,
                json!({"error": "inquiry timed out", "__inquiry_id": inquiry_id}),
            ),
            _ => (
                ExecutionStatus::Failed,
                json!({"succeeded": false, "__inquiry_id": inquiry_id,
                       "error": format!("Inquiry {inquiry_id} was cancelled")}),
            ),
        };
        self.finish_execution(exec_id, es, result);
    }

    /// Checks every paused execution (inquiry tick).
    pub(crate) fn poll_paused(&self) {
        let ids: Vec<i64> = self.paused.lock().keys().copied().collect();
        for id in ids {
            self.resume_paused(id);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_request_only_at_the_top_level() {
        let r = json!({"__inquiry": {"prompt": "a"}});
        assert_eq!(inquiry_request(&r).unwrap()["prompt"], "a");
        assert!(inquiry_request(&json!({"data": {"__inquiry": {"prompt": "b"}}})).is_none());
        assert!(inquiry_request(&json!({"stdout": "{\"__inquiry\": {}}\n"})).is_none());
    }

    #[test]
    fn ask_result_carries_the_parameters() {
        let r = ask_result(
            &json!({"prompt": "ok?", "response_schema": {"a": {"type": "boolean"}}}),
            Some(5),
        );
        let req = inquiry_request(&r).unwrap();
        assert_eq!(req["prompt"], "ok?");
        assert_eq!(req["timeout_seconds"], 5);
        assert!(req.contains_key("response_schema"));
        let r = ask_result(&json!({"prompt": "no deadline"}), None);
        assert!(!inquiry_request(&r).unwrap().contains_key("timeout_seconds"));
    }
}
