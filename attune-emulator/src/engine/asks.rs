//! Older-generation inquiries (the June 2026 server): an action whose result carries
//! an `__inquiry` object (at the top level or in its parsed JSON `data`), or the core
//! action `core.ask`, creates an inquiry for its own execution and pauses that
//! execution (it stays `running`) until the inquiry is answered or expires.
//!
//! * answered: the execution ends `completed`; its result is the action's result
//!   without `__inquiry`, plus `response` (the stored response) and `inquiry` (its id);
//! * timed out: the execution ends `failed` with `{"succeeded": false, "error":
//!   "Inquiry <id> timed out", "inquiry": <id>}`;
//! * cancelled: the execution ends `failed` with `"error": "Inquiry <id> was cancelled"`.
//!
//! `__inquiry` fields: `prompt` (string), `response_schema` (object), `assigned_to`
//! (identity id or login), `timeout` (seconds) or `timeout_at` (RFC 3339).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::service::Inner;
use crate::state::executions::ExecutionStatus;
use crate::state::inquiries::{self, NewInquiry};
use crate::state::{identities, now, Store};

/// The `__inquiry` request in a result (top level, parsed `data`, or a JSON object
/// printed on stdout), if any.
pub fn inquiry_request(result: &Value) -> Option<serde_json::Map<String, Value>> {
    let direct = result
        .get("__inquiry")
        .or_else(|| result.get("data").and_then(|d| d.get("__inquiry")))
        .and_then(Value::as_object)
        .cloned();
    direct.or_else(|| {
        let out = result.get("stdout").and_then(Value::as_str)?;
        let v: Value = serde_json::from_str(out.trim()).ok()?;
        v.get("__inquiry").and_then(Value::as_object).cloned()
    })
}

/// The result `core.ask` produces from its parameters (an `__inquiry` request).
pub fn ask_result(params: &Value) -> Value {
    let mut req = serde_json::Map::new();
    for k in [
        "prompt",
        "response_schema",
        "assigned_to",
        "timeout",
        "timeout_at",
    ] {
        if let Some(v) = params.get(k).filter(|v| !v.is_null()) {
            req.insert(k.into(), v.clone());
        }
    }
    if !req.contains_key("prompt") {
        req.insert("prompt".into(), json!("Please respond"));
    }
    json!({"succeeded": true, "exit_code": 0, "__inquiry": req})
}

fn timeout_at(req: &serde_json::Map<String, Value>) -> Option<DateTime<Utc>> {
    if let Some(t) = req
        .get("timeout_at")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
    {
        return Some(t.with_timezone(&Utc));
    }
    req.get("timeout")
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
        let Some((exec_id, mut result)) = self.paused.lock().remove(&inquiry_id) else {
            return;
        };
        let (es, result) = match status.as_str() {
            "responded" => {
                if let Some(o) = result.as_object_mut() {
                    o.remove("__inquiry");
                    if let Some(d) = o.get_mut("data").and_then(Value::as_object_mut) {
                        d.remove("__inquiry");
                    }
                    o.insert("response".into(), response);
                    o.insert("inquiry".into(), json!(inquiry_id));
                }
                (ExecutionStatus::Completed, result)
            }
            "timeout" => (
                ExecutionStatus::Failed,
                json!({"succeeded": false, "inquiry": inquiry_id,
                       "error": format!("Inquiry {inquiry_id} timed out")}),
            ),
            _ => (
                ExecutionStatus::Failed,
                json!({"succeeded": false, "inquiry": inquiry_id,
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
    fn finds_the_request_at_top_level_or_in_data() {
        let r = json!({"__inquiry": {"prompt": "a"}});
        assert_eq!(inquiry_request(&r).unwrap()["prompt"], "a");
        let r = json!({"data": {"__inquiry": {"prompt": "b"}}});
        assert_eq!(inquiry_request(&r).unwrap()["prompt"], "b");
        let r = json!({"stdout": "{\"__inquiry\": {\"prompt\": \"c\"}}\n"});
        assert_eq!(inquiry_request(&r).unwrap()["prompt"], "c");
        assert!(inquiry_request(&json!({"data": {"x": 1}})).is_none());
    }

    #[test]
    fn ask_result_carries_the_parameters() {
        let r = ask_result(
            &json!({"prompt": "ok?", "timeout": 5, "response_schema": {"a": {"type": "boolean"}}}),
        );
        let req = inquiry_request(&r).unwrap();
        assert_eq!(req["prompt"], "ok?");
        assert_eq!(req["timeout"], 5);
        assert!(req.contains_key("response_schema"));
    }
}
