//! Pure, deterministic orchestration state machine of one workflow execution.
//!
//! The host creates a [`WorkflowRun`] with [`WorkflowRun::start`] and executes
//! the returned [`Command`]s (create / dispatch / cancel child executions,
//! complete the workflow). It reports each child's end with
//! [`WorkflowRun::child_finished`], calls [`WorkflowRun::tick`] at (or after)
//! [`WorkflowRun::next_wake`] to release delayed retries, and forwards a user
//! cancel with [`WorkflowRun::cancel`]. No I/O, no clock: time only comes in
//! through the `now` arguments.
//!
//! # Semantics
//! * Entry tasks are the top-level tasks that no transition targets (all start
//!   together, in definition order); if every task is targeted, the first task.
//! * When a task ends, its transitions are evaluated in order and **every**
//!   matching one fires: its `publish` directives are applied immediately (so a
//!   later `when` sees them), its `do` targets are started after all transitions
//!   were evaluated. A legacy `decision` default branch fires only when no other
//!   transition matched. No matching transition = the branch ends.
//! * `join: n` waits for `n` distinct predecessors, `join: "all"` for every
//!   distinct task having a transition to it; the barrier then resets (cycles).
//!   Without `join`, each trigger starts a new run of the task. A barrier that
//!   can never be satisfied does not keep the workflow alive.
//! * `with_items`: all children are created up front (`CreateChild`, `task_index`
//!   = item index), only `concurrency` (default 1) with `dispatch: true`; the
//!   others are held and released with `DispatchChild` as earlier ones end.
//!   `batch_size` groups items (`item` = the batch array, `task_index` =
//!   `task_batch` = batch index). The task succeeds when all items succeed; its
//!   result is the array of item results. Remaining items keep being dispatched
//!   after an item failed. Zero items = immediate success with `[]`.
//! * `retry`: a `Failed` or `Timeout` child (whose `on_error`, if any, is truthy)
//!   with `retry_count < count` is re-created **at once** as a new child (new
//!   [`ChildId`], `retry_count + 1`, `next_retry_at` = now + the backoff delay,
//!   `original` = the first attempt) that is held until that moment and then
//!   released with `DispatchChild` (dispatched at once when the delay is 0), as
//!   the Attune executor does (live note G7). Transitions only see the final
//!   attempt.
//! * `parallel` tasks start all their sub-tasks at once and succeed when all
//!   succeed (result = `{sub_name: result}`); sub-task transitions are not
//!   evaluated.
//! * A task-level `when` that is falsy (or errors) skips the task: its branch
//!   ends (a skipped parallel sub-task counts as succeeded with `null`).
//! * An input / with_items rendering error fails the task without creating a
//!   child (`result = {"error": ...}`).
//! * Terminal status, once nothing is in flight or waiting for a timer:
//!   `Cancelled` after [`WorkflowRun::cancel`]; `Failed` when the last run of
//!   some task ended failed / timeout / cancelled and none of its matching
//!   transitions handled it (a matching transition handles it when it has `do`
//!   targets or a `when` condition); else `Completed`.
//! * Workflow result (as the Attune executor): on success the rendered
//!   `output_map` at the **top level** plus `succeeded: true` (unless the map
//!   defines `succeeded`); without `output_map`, `{"succeeded": true}`. Output
//!   map keys whose template fails (strict: undefined is an error) are omitted.
//!   On failure `{"succeeded": false, "error": "Task 'x' failed: ...",
//!   "failed_tasks": ["x"]}`; on cancel `{"succeeded": false, "cancelled": true,
//!   "error": "Workflow cancelled"}`.
//! * `wait_for: {inquiry}` (human approval): when the task becomes runnable
//!   (after its `when` and `delay`) the inquiry id is rendered (it must be a
//!   positive integer, else the task fails without a child) and the task
//!   waits: [`Command::WaitForInquiry`], **no** child, `inquiry.<task>` =
//!   `{id, status: "pending", response: null, ...}`; the workflow stays
//!   running. The host reports the inquiry's end with
//!   [`WorkflowRun::inquiry_resolved`]: `Responded` updates `inquiry.<task>`
//!   and creates the child (input rendered then, so it can read
//!   `inquiry.<task>.response`); `Timeout` / `Cancelled` end the task without a
//!   child with outcome `timed_out()` / `failed()` (result `{"succeeded":
//!   false, "error": ..., "inquiry": {...}}`) and its transitions run as usual.
//! * Cancellation: `allow_finish` cancels held (not yet dispatched) children
//!   (`before_start: true`; the host need not report them back), lets running
//!   children end and starts nothing new (retries and delays are dropped);
//!   `cancel_running` also sends `CancelChild { before_start: false }` to running
//!   children and waits for their report.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::definition::{
    CancellationPolicy, JoinSpec, PublishDirective, Task, TaskType, WorkflowDefinition,
};
use super::expr::{task_view, Frame, Mode, Outcome, Scope, WfExpr};

/// Identifier of one child execution (one attempt of one task / item), unique
/// within a run and never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChildId(pub u64);

/// Terminal status of a child execution as reported by the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildStatus {
    /// `completed`.
    Completed,
    /// `failed`.
    Failed,
    /// `timeout`.
    Timeout,
    /// `cancelled`.
    Cancelled,
}

/// End of a child execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildOutcome {
    /// Terminal status.
    pub status: ChildStatus,
    /// The child's `result`.
    pub result: Value,
}

/// Terminal status of the workflow execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowStatus {
    /// `completed`.
    Completed,
    /// `failed`.
    Failed,
    /// `cancelled`.
    Cancelled,
}

/// Terminal state of an inquiry a task waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InquiryResolution {
    /// `responded`: the guarded task's child is created.
    Responded,
    /// `timeout`: the task ends with a `timed_out()` outcome, no child.
    Timeout,
    /// `cancelled` (or deleted): the task ends with a `failed()` outcome, no child.
    Cancelled,
}

impl InquiryResolution {
    /// Inquiry status string.
    pub fn status(self) -> &'static str {
        match self {
            InquiryResolution::Responded => "responded",
            InquiryResolution::Timeout => "timeout",
            InquiryResolution::Cancelled => "cancelled",
        }
    }
}

/// Host-provided environment of a run.
#[derive(Debug, Clone, Default)]
pub struct RunEnv {
    /// Pack config (`config.*`).
    pub config: Value,
    /// Decrypted keys (`keystore.*`).
    pub keystore: Value,
    /// Id of the workflow execution (informational).
    pub workflow_execution_id: i64,
}

/// Instruction for the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Create a child execution (`parent` = the workflow execution).
    CreateChild {
        /// Child id (map it to the execution id).
        child: ChildId,
        /// `workflow_task.task_name`.
        task_name: String,
        /// Action to run.
        action_ref: String,
        /// Rendered parameters.
        input: Value,
        /// `workflow_task.task_index` (with_items).
        task_index: Option<i32>,
        /// `workflow_task.task_batch` (with_items + batch_size).
        task_batch: Option<i32>,
        /// `workflow_task.retry_count`.
        retry_count: i32,
        /// `workflow_task.max_retries`.
        max_retries: i32,
        /// `workflow_task.next_retry_at` of a retry: when it is released.
        next_retry_at: Option<DateTime<Utc>>,
        /// The first attempt of the task (unit) this child retries
        /// (`original_execution`); `None` for a first attempt.
        original: Option<ChildId>,
        /// `workflow_task.timeout_seconds` (the host enforces it; child ends `timeout`).
        timeout_seconds: Option<i64>,
        /// `false`: create it `requested` but hold it until `DispatchChild`.
        dispatch: bool,
    },
    /// Release a held child.
    DispatchChild {
        /// Child id.
        child: ChildId,
    },
    /// A guarded task waits for an inquiry (no child yet). The host reports
    /// the inquiry's end with [`WorkflowRun::inquiry_resolved`] (at once if it
    /// is already resolved).
    WaitForInquiry {
        /// Guarded task name.
        task: String,
        /// Inquiry id.
        inquiry_id: i64,
    },
    /// Cancel a child.
    CancelChild {
        /// Child id.
        child: ChildId,
        /// The child was held (never dispatched).
        before_start: bool,
    },
    /// The workflow is over.
    Complete {
        /// Terminal status.
        status: WorkflowStatus,
        /// Workflow execution result.
        result: Value,
    },
}

type ActId = u64;

#[derive(Debug)]
struct TaskSpec {
    def: Task,
    subs: Vec<usize>,
    join_required: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitState {
    Held(ChildId),
    Running(ChildId),
    Done,
}

#[derive(Debug)]
struct Unit {
    index: Option<i32>,
    batch: Option<i32>,
    input: Value,
    retry_count: i32,
    /// Child of the first attempt (set once created).
    first_child: Option<ChildId>,
    state: UnitState,
    outcome: Option<(Outcome, Value)>,
}

#[derive(Debug)]
enum Body {
    Pending,
    WaitInquiry,
    Units {
        units: Vec<Unit>,
        items: bool,
        next_held: usize,
        done: usize,
    },
    Parallel {
        remaining: usize,
        failed: bool,
        results: Map<String, Value>,
    },
}

#[derive(Debug)]
struct Activation {
    task: usize,
    triggered_by: Option<String>,
    frame: Frame,
    parent: Option<ActId>,
    body: Body,
    /// The `wait_for` inquiry was responded: the body may start.
    released: bool,
}

#[derive(Debug, Clone, Copy)]
enum Timer {
    Retry { act: ActId, unit: usize },
    Delay { act: ActId },
}

#[derive(Debug, Clone, Copy)]
struct ChildRef {
    act: ActId,
    unit: usize,
}

const MAX_STEPS_PER_CALL: usize = 200_000;

/// One running workflow execution.
#[derive(Debug)]
pub struct WorkflowRun {
    output_map: Map<String, Value>,
    policy: CancellationPolicy,
    tasks: Vec<TaskSpec>,
    by_name: HashMap<String, usize>,
    expr: WfExpr,
    scope: Scope,
    acts: HashMap<ActId, Activation>,
    next_act: ActId,
    next_child: u64,
    children: BTreeMap<ChildId, ChildRef>,
    timers: BTreeMap<(DateTime<Utc>, u64), Timer>,
    timer_seq: u64,
    joins: HashMap<usize, HashSet<String>>,
    /// inquiry id → activations waiting for it.
    waits: BTreeMap<i64, Vec<ActId>>,
    finished_queue: VecDeque<(ActId, Outcome, Value)>,
    failures: HashMap<String, (u64, String)>,
    failure_seq: u64,
    cancelling: bool,
    finished: bool,
    out: Vec<Command>,
}

fn outcome_of(s: ChildStatus) -> Outcome {
    match s {
        ChildStatus::Completed => Outcome::Succeeded,
        ChildStatus::Failed => Outcome::Failed,
        ChildStatus::Timeout => Outcome::TimedOut,
        ChildStatus::Cancelled => Outcome::Cancelled,
    }
}

fn to_i32(v: usize) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl WorkflowRun {
    /// Start a run of `def` (already validated) with the workflow `parameters`.
    pub fn start(
        def: WorkflowDefinition,
        parameters: Value,
        env: RunEnv,
        now: DateTime<Utc>,
    ) -> (Self, Vec<Command>) {
        let WorkflowDefinition {
            vars,
            tasks,
            output_map,
            cancellation_policy,
            ..
        } = def;
        let mut specs = Vec::new();
        let mut by_name = HashMap::new();
        let top: Vec<usize> = tasks.into_iter().map(|t| add_spec(&mut specs, t)).collect();
        for &i in &top {
            by_name.entry(specs[i].def.name.clone()).or_insert(i);
        }
        // Predecessors (distinct top-level tasks) for `join: all`, and entry tasks.
        let mut preds: HashMap<usize, HashSet<usize>> = HashMap::new();
        for &i in &top {
            for target in specs[i].def.targets() {
                if let Some(&t) = by_name.get(target) {
                    preds.entry(t).or_default().insert(i);
                }
            }
        }
        for &i in &top {
            specs[i].join_required = match specs[i].def.join {
                Some(JoinSpec::Count(n)) => Some(usize::try_from(n.max(1)).unwrap_or(1)),
                Some(JoinSpec::All) => Some(preds.get(&i).map_or(1, |p| p.len().max(1))),
                None => None,
            };
        }
        let mut entries: Vec<usize> = top
            .iter()
            .copied()
            .filter(|i| !preds.contains_key(i))
            .collect();
        if entries.is_empty() {
            entries.extend(top.first().copied());
        }

        let mut system = Map::new();
        system.insert(
            "workflow_start".into(),
            Value::String(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        );
        system.insert(
            "workflow_execution".into(),
            Value::from(env.workflow_execution_id),
        );
        let scope = Scope {
            parameters: Arc::new(if parameters.is_null() {
                Value::Object(Map::new())
            } else {
                parameters
            }),
            config: Arc::new(env.config),
            keystore: Arc::new(env.keystore),
            system: Arc::new(Value::Object(system)),
            ..Default::default()
        };
        let mut run = WorkflowRun {
            output_map,
            policy: cancellation_policy,
            tasks: specs,
            by_name,
            expr: WfExpr::new(),
            scope,
            acts: HashMap::new(),
            next_act: 1,
            next_child: 1,
            children: BTreeMap::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            joins: HashMap::new(),
            waits: BTreeMap::new(),
            finished_queue: VecDeque::new(),
            failures: HashMap::new(),
            failure_seq: 0,
            cancelling: false,
            finished: false,
            out: Vec::new(),
        };
        // Initial vars are rendered in order (each sees the previous ones).
        for (k, v) in vars {
            let rendered = run
                .expr
                .render(&v, &run.scope, &Frame::default(), Mode::Lenient)
                .unwrap_or(v);
            run.scope.set_var(&k, rendered);
        }
        for e in entries {
            run.trigger(e, None, Frame::default(), now);
        }
        run.drain(now);
        let cmds = run.take();
        (run, cmds)
    }

    /// Report the end of a child. Unknown (or already cancelled-held) children are ignored.
    pub fn child_finished(
        &mut self,
        child: ChildId,
        outcome: ChildOutcome,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        if self.finished {
            return Vec::new();
        }
        let Some(cref) = self.children.remove(&child) else {
            return Vec::new();
        };
        let oc = outcome_of(outcome.status);
        self.unit_ended(cref.act, cref.unit, oc, outcome.result, now);
        self.drain(now);
        self.take()
    }

    /// An inquiry some task waits for has ended. `details` (an object, may be
    /// `null`) supplies the other fields of `inquiry.<task>` (`response`,
    /// `assigned_to`, `responded_by`, `responded_at`, `timeout_at`); `id` and
    /// `status` are set from the arguments. Unknown inquiries are ignored.
    pub fn inquiry_resolved(
        &mut self,
        inquiry_id: i64,
        resolution: InquiryResolution,
        details: Value,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        if self.finished {
            return Vec::new();
        }
        let Some(acts) = self.waits.remove(&inquiry_id) else {
            return Vec::new();
        };
        let mut view = match details {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        view.insert("id".into(), Value::from(inquiry_id));
        view.insert("status".into(), Value::from(resolution.status()));
        for k in [
            "response",
            "assigned_to",
            "responded_by",
            "responded_at",
            "timeout_at",
        ] {
            view.entry(k.to_string()).or_insert(Value::Null);
        }
        for act in acts {
            let Some(a) = self.acts.get_mut(&act) else {
                continue;
            };
            if !matches!(a.body, Body::WaitInquiry) {
                continue;
            }
            a.body = Body::Pending;
            let name = self.tasks[a.task].def.name.clone();
            self.scope.set_inquiry(&name, Value::Object(view.clone()));
            let (outcome, what) = match resolution {
                InquiryResolution::Responded => {
                    if let Some(a) = self.acts.get_mut(&act) {
                        a.released = true;
                    }
                    self.start_body(act, now);
                    continue;
                }
                InquiryResolution::Timeout => (Outcome::TimedOut, "timed out"),
                InquiryResolution::Cancelled => (Outcome::Failed, "was cancelled"),
            };
            let mut m = Map::new();
            m.insert("succeeded".into(), Value::Bool(false));
            m.insert(
                "error".into(),
                Value::String(format!("Inquiry {inquiry_id} {what}")),
            );
            m.insert("inquiry".into(), Value::Object(view.clone()));
            self.finished_queue
                .push_back((act, outcome, Value::Object(m)));
        }
        self.drain(now);
        self.take()
    }

    /// Inquiry ids some task currently waits for.
    pub fn waiting_inquiries(&self) -> Vec<i64> {
        self.waits.keys().copied().collect()
    }

    /// Release the retries / delayed tasks whose time has come.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        if self.finished {
            return Vec::new();
        }
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let timer = entry.remove();
            match timer {
                Timer::Retry { act, unit } => self.release_retry(act, unit),
                Timer::Delay { act } => self.start_body(act, now),
            }
        }
        self.drain(now);
        self.take()
    }

    /// Cancel the workflow according to its cancellation policy.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let policy = self.policy;
        self.cancel_with(policy, now)
    }

    /// Stop the workflow's running work regardless of its cancellation policy
    /// (held children cancelled before start, running children get
    /// `CancelChild`), as for a timed-out nested workflow. Ends with
    /// `Complete { Cancelled }` once every running child reported back; the
    /// host decides which status to write.
    pub fn abort(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        self.cancel_with(CancellationPolicy::CancelRunning, now)
    }

    /// Whether [`WorkflowRun::cancel`] or [`WorkflowRun::abort`] was called.
    pub fn is_cancelling(&self) -> bool {
        self.cancelling
    }

    fn cancel_with(&mut self, policy: CancellationPolicy, now: DateTime<Utc>) -> Vec<Command> {
        if self.finished || self.cancelling {
            return Vec::new();
        }
        self.cancelling = true;
        self.timers.clear();
        // Waiting guarded tasks never get a child.
        for (_, acts) in std::mem::take(&mut self.waits) {
            for a in acts {
                self.acts.remove(&a);
            }
        }
        let ids: Vec<(ChildId, ChildRef)> = self.children.iter().map(|(k, v)| (*k, *v)).collect();
        for (id, cref) in ids {
            let held = self
                .unit_mut(cref.act, cref.unit)
                .is_some_and(|u| matches!(u.state, UnitState::Held(_)));
            if held {
                self.children.remove(&id);
                if let Some(Activation {
                    body: Body::Units { units, done, .. },
                    ..
                }) = self.acts.get_mut(&cref.act)
                {
                    if let Some(u) = units.get_mut(cref.unit) {
                        u.state = UnitState::Done;
                        u.outcome = Some((
                            Outcome::Cancelled,
                            serde_json::json!({
                                "error": "Cancelled: parent workflow execution was cancelled"
                            }),
                        ));
                        *done += 1;
                    }
                }
                self.out.push(Command::CancelChild {
                    child: id,
                    before_start: true,
                });
            } else if policy == CancellationPolicy::CancelRunning {
                self.out.push(Command::CancelChild {
                    child: id,
                    before_start: false,
                });
            }
        }
        self.drain(now);
        self.take()
    }

    /// When [`WorkflowRun::tick`] should next be called.
    pub fn next_wake(&self) -> Option<DateTime<Utc>> {
        if self.finished {
            return None;
        }
        self.timers.keys().next().map(|(t, _)| *t)
    }

    /// Whether `Complete` was emitted.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Current workflow variables (`workflow.*`).
    pub fn variables(&self) -> &Map<String, Value> {
        &self.scope.vars
    }

    /// `workflow_task.triggered_by` of a live child: the task whose transition
    /// started this task run (`None` for entry tasks).
    pub fn triggered_by(&self, child: ChildId) -> Option<&str> {
        let cref = self.children.get(&child)?;
        self.acts.get(&cref.act)?.triggered_by.as_deref()
    }

    /// Number of children created and not yet reported (held + running).
    pub fn children_in_flight(&self) -> usize {
        self.children.len()
    }

    // ------------------------------------------------------------------

    fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.out)
    }

    fn unit_mut(&mut self, act: ActId, unit: usize) -> Option<&mut Unit> {
        match &mut self.acts.get_mut(&act)?.body {
            Body::Units { units, .. } => units.get_mut(unit),
            _ => None,
        }
    }

    fn new_child(&mut self) -> ChildId {
        let c = ChildId(self.next_child);
        self.next_child += 1;
        c
    }

    fn add_timer(&mut self, at: DateTime<Utc>, t: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), t);
    }

    /// A transition (or the start) wants to run `task`.
    fn trigger(&mut self, task: usize, from: Option<&str>, frame: Frame, now: DateTime<Utc>) {
        if self.cancelling {
            return;
        }
        if let Some(required) = self.tasks[task].join_required {
            let arrived = self.joins.entry(task).or_default();
            if let Some(f) = from {
                arrived.insert(f.to_string());
            }
            if arrived.len() < required && from.is_some() {
                return;
            }
            self.joins.remove(&task);
        }
        self.start_task(task, from.map(str::to_string), frame, None, now);
    }

    fn start_task(
        &mut self,
        task: usize,
        triggered_by: Option<String>,
        frame: Frame,
        parent: Option<ActId>,
        now: DateTime<Utc>,
    ) {
        let id = self.next_act;
        self.next_act += 1;
        self.acts.insert(
            id,
            Activation {
                task,
                triggered_by,
                frame,
                parent,
                body: Body::Pending,
                released: false,
            },
        );
        let def = &self.tasks[task].def;
        if let Some(cond) = def.when.clone() {
            let frame = self
                .acts
                .get(&id)
                .map(|a| a.frame.clone())
                .unwrap_or_default();
            let ok = self
                .expr
                .condition(&cond, &self.scope, &frame)
                .unwrap_or(false);
            if !ok {
                if parent.is_some() {
                    self.finished_queue
                        .push_back((id, Outcome::Succeeded, Value::Null));
                } else {
                    self.acts.remove(&id);
                }
                return;
            }
        }
        match self.tasks[task].def.delay {
            Some(d) if d > 0 => {
                self.add_timer(now + Duration::seconds(d), Timer::Delay { act: id })
            }
            _ => self.start_body(id, now),
        }
    }

    fn fail_now(&mut self, act: ActId, msg: String) {
        let mut m = Map::new();
        m.insert("succeeded".into(), Value::Bool(false));
        m.insert("error".into(), Value::String(msg));
        self.finished_queue
            .push_back((act, Outcome::Failed, Value::Object(m)));
    }

    fn start_body(&mut self, act: ActId, now: DateTime<Utc>) {
        if self.cancelling {
            self.acts.remove(&act);
            return;
        }
        let Some(a) = self.acts.get(&act) else {
            return;
        };
        let task = a.task;
        let frame = a.frame.clone();
        let released = a.released;
        let spec = &self.tasks[task];
        if !released && spec.def.task_type != TaskType::Parallel {
            if let Some(w) = &spec.def.wait_for {
                let name = spec.def.name.clone();
                let rendered = self
                    .expr
                    .render(&w.inquiry, &self.scope, &frame, Mode::Lenient);
                match rendered.as_ref().ok().and_then(inquiry_id_of) {
                    Some(id) => self.begin_wait(act, name, id),
                    None => {
                        let got = match rendered {
                            Ok(v) => v.to_string(),
                            Err(e) => e.to_string(),
                        };
                        self.fail_now(
                            act,
                            format!(
                                "wait_for.inquiry of task '{name}' did not resolve to a positive integer inquiry id (got {got})"
                            ),
                        );
                    }
                }
                return;
            }
        }
        let spec = &self.tasks[task];
        if spec.def.task_type == TaskType::Parallel {
            let subs = spec.subs.clone();
            let name = spec.def.name.clone();
            if let Some(a) = self.acts.get_mut(&act) {
                a.body = Body::Parallel {
                    remaining: subs.len(),
                    failed: false,
                    results: Map::new(),
                };
            }
            if subs.is_empty() {
                self.finished_queue
                    .push_back((act, Outcome::Succeeded, Value::Object(Map::new())));
            }
            for s in subs {
                self.start_task(s, Some(name.clone()), frame.clone(), Some(act), now);
            }
            return;
        }
        let def = &spec.def;
        // Resolve items.
        let items: Option<Vec<Value>> = match &def.with_items {
            None => None,
            Some(spec_items) => {
                match self
                    .expr
                    .render(spec_items, &self.scope, &frame, Mode::Lenient)
                {
                    Ok(Value::Array(v)) => Some(v),
                    Ok(Value::String(s)) => match serde_json::from_str::<Value>(&s) {
                        Ok(Value::Array(v)) => Some(v),
                        _ => {
                            let msg = format!(
                                "with_items of task '{}' did not resolve to an array",
                                def.name
                            );
                            self.fail_now(act, msg);
                            return;
                        }
                    },
                    Ok(other) => {
                        let msg = format!(
                            "with_items of task '{}' did not resolve to an array (got {})",
                            def.name, other
                        );
                        self.fail_now(act, msg);
                        return;
                    }
                    Err(e) => {
                        let msg =
                            format!("failed to resolve with_items of task '{}': {e}", def.name);
                        self.fail_now(act, msg);
                        return;
                    }
                }
            }
        };
        let batch = def
            .batch_size
            .filter(|b| *b > 0)
            .map(|b| usize::try_from(b).unwrap_or(1));
        // (item, index, task_index, task_batch)
        let work: Vec<(Option<Value>, Option<i32>, Option<i32>)> = match (&items, batch) {
            (None, _) => vec![(None, None, None)],
            (Some(items), None) => items
                .iter()
                .enumerate()
                .map(|(i, it)| (Some(it.clone()), Some(to_i32(i)), None))
                .collect(),
            (Some(items), Some(b)) => items
                .chunks(b)
                .enumerate()
                .map(|(i, c)| {
                    (
                        Some(Value::Array(c.to_vec())),
                        Some(to_i32(i)),
                        Some(to_i32(i)),
                    )
                })
                .collect(),
        };
        let input_tpl = Value::Object(def.input.clone());
        let mut units = Vec::with_capacity(work.len());
        for (item, index, batch_no) in work {
            let f = Frame {
                item: item.clone(),
                index: index.map(i64::from),
                ..frame.clone()
            };
            match self.expr.render(&input_tpl, &self.scope, &f, Mode::Lenient) {
                Ok(input) => units.push(Unit {
                    index,
                    batch: batch_no,
                    input,
                    retry_count: 0,
                    first_child: None,
                    state: UnitState::Done,
                    outcome: None,
                }),
                Err(e) => {
                    let msg = format!("failed to render input of task '{}': {e}", def.name);
                    self.fail_now(act, msg);
                    return;
                }
            }
        }
        let is_items = items.is_some();
        if units.is_empty() {
            self.finished_queue
                .push_back((act, Outcome::Succeeded, Value::Array(Vec::new())));
            if let Some(a) = self.acts.get_mut(&act) {
                a.body = Body::Units {
                    units,
                    items: true,
                    next_held: 0,
                    done: 0,
                };
            }
            return;
        }
        let concurrency = if is_items {
            def.concurrency
                .filter(|c| *c > 0)
                .map_or(1, |c| usize::try_from(c).unwrap_or(usize::MAX))
        } else {
            1
        };
        let name = def.name.clone();
        let action = def.action.clone().unwrap_or_default();
        let max_retries = def
            .retry
            .as_ref()
            .map_or(0, |r| i32::try_from(r.count).unwrap_or(0));
        let timeout = def.timeout;
        let next_held = concurrency.min(units.len());
        for (i, u) in units.iter_mut().enumerate() {
            let child = ChildId(self.next_child);
            self.next_child += 1;
            let dispatch = i < concurrency;
            u.first_child = Some(child);
            u.state = if dispatch {
                UnitState::Running(child)
            } else {
                UnitState::Held(child)
            };
            self.children.insert(child, ChildRef { act, unit: i });
            self.out.push(Command::CreateChild {
                child,
                task_name: name.clone(),
                action_ref: action.clone(),
                input: u.input.clone(),
                task_index: u.index,
                task_batch: u.batch,
                retry_count: 0,
                max_retries,
                next_retry_at: None,
                original: None,
                timeout_seconds: timeout,
                dispatch,
            });
        }
        if let Some(a) = self.acts.get_mut(&act) {
            a.body = Body::Units {
                units,
                items: is_items,
                next_held,
                done: 0,
            };
        }
    }

    fn begin_wait(&mut self, act: ActId, name: String, inquiry_id: i64) {
        if let Some(a) = self.acts.get_mut(&act) {
            a.body = Body::WaitInquiry;
        }
        self.waits.entry(inquiry_id).or_default().push(act);
        let mut view = Map::new();
        view.insert("id".into(), Value::from(inquiry_id));
        view.insert("status".into(), Value::from("pending"));
        for k in [
            "response",
            "assigned_to",
            "responded_by",
            "responded_at",
            "timeout_at",
        ] {
            view.insert(k.into(), Value::Null);
        }
        self.scope.set_inquiry(&name, Value::Object(view));
        self.out.push(Command::WaitForInquiry {
            task: name,
            inquiry_id,
        });
    }

    /// Creates the retry child of a failed unit at once: dispatched now when
    /// `delay <= 0`, else held until `now + delay` (a [`Timer::Retry`]).
    fn create_retry(&mut self, act: ActId, unit: usize, delay: i64, now: DateTime<Utc>) {
        if self.cancelling {
            return;
        }
        let child = self.new_child();
        let Some(a) = self.acts.get(&act) else {
            return;
        };
        let def = &self.tasks[a.task].def;
        let name = def.name.clone();
        let action = def.action.clone().unwrap_or_default();
        let max_retries = def
            .retry
            .as_ref()
            .map_or(0, |r| i32::try_from(r.count).unwrap_or(0));
        let timeout = def.timeout;
        let dispatch = delay <= 0;
        let due = now + Duration::seconds(delay.max(0));
        let Some(u) = self.unit_mut(act, unit) else {
            return;
        };
        u.retry_count += 1;
        u.state = if dispatch {
            UnitState::Running(child)
        } else {
            UnitState::Held(child)
        };
        let cmd = Command::CreateChild {
            child,
            task_name: name,
            action_ref: action,
            input: u.input.clone(),
            task_index: u.index,
            task_batch: u.batch,
            retry_count: u.retry_count,
            max_retries,
            next_retry_at: Some(due),
            original: u.first_child,
            timeout_seconds: timeout,
            dispatch,
        };
        self.children.insert(child, ChildRef { act, unit });
        self.out.push(cmd);
        if !dispatch {
            self.add_timer(due, Timer::Retry { act, unit });
        }
    }

    /// The delay of a held retry child is over: dispatch it.
    fn release_retry(&mut self, act: ActId, unit: usize) {
        if self.cancelling {
            return;
        }
        let Some(u) = self.unit_mut(act, unit) else {
            return;
        };
        if let UnitState::Held(child) = u.state {
            u.state = UnitState::Running(child);
            self.out.push(Command::DispatchChild { child });
        }
    }

    fn unit_ended(
        &mut self,
        act: ActId,
        unit: usize,
        oc: Outcome,
        result: Value,
        now: DateTime<Utc>,
    ) {
        let Some(a) = self.acts.get(&act) else {
            return;
        };
        let def = &self.tasks[a.task].def;
        // Retry?
        if matches!(oc, Outcome::Failed | Outcome::TimedOut) && !self.cancelling {
            if let Some(r) = def.retry.clone() {
                let retry_count = match &a.body {
                    Body::Units { units, .. } => {
                        units.get(unit).map_or(i32::MAX, |u| u.retry_count)
                    }
                    _ => i32::MAX,
                };
                if i64::from(retry_count) < r.count {
                    let wanted = match &r.on_error {
                        None => true,
                        Some(cond) => {
                            let frame = Frame::finished(oc, Arc::new(result.clone()));
                            self.expr
                                .condition(cond, &self.scope, &frame)
                                .unwrap_or(false)
                        }
                    };
                    if wanted {
                        let delay = r.delay_for(i64::from(retry_count) + 1);
                        self.create_retry(act, unit, delay, now);
                        return;
                    }
                }
            }
        }
        let cancelling = self.cancelling;
        let Some(a) = self.acts.get_mut(&act) else {
            return;
        };
        let Body::Units {
            units,
            items,
            next_held,
            done,
        } = &mut a.body
        else {
            return;
        };
        if let Some(u) = units.get_mut(unit) {
            u.state = UnitState::Done;
            u.outcome = Some((oc, result));
        }
        *done += 1;
        // Release the next held item.
        let mut dispatch = None;
        if !cancelling {
            while *next_held < units.len() {
                let i = *next_held;
                *next_held += 1;
                if let UnitState::Held(c) = units[i].state {
                    units[i].state = UnitState::Running(c);
                    dispatch = Some(c);
                    break;
                }
            }
        }
        let all_done = *done >= units.len();
        let finished = if all_done {
            let is_items = *items;
            let mut results = Vec::with_capacity(units.len());
            let mut agg = Outcome::Succeeded;
            let mut cancelled = false;
            for u in units.iter_mut() {
                let (o, r) = u
                    .outcome
                    .take()
                    .unwrap_or((Outcome::Cancelled, Value::Null));
                match o {
                    Outcome::Failed => agg = Outcome::Failed,
                    Outcome::TimedOut if agg != Outcome::Failed => agg = Outcome::TimedOut,
                    Outcome::Cancelled => cancelled = true,
                    _ => {}
                }
                results.push(r);
            }
            if cancelled && agg == Outcome::Succeeded {
                agg = Outcome::Cancelled;
            }
            let result = if is_items {
                Value::Array(results)
            } else {
                results.pop().unwrap_or(Value::Null)
            };
            Some((agg, result))
        } else {
            None
        };
        if let Some(c) = dispatch {
            self.out.push(Command::DispatchChild { child: c });
        }
        if let Some((o, r)) = finished {
            self.finished_queue.push_back((act, o, r));
        }
    }

    /// Process finished activations (transitions, publishes, new tasks) until
    /// quiescent, then emit `Complete` if nothing remains.
    fn drain(&mut self, now: DateTime<Utc>) {
        let mut steps = 0usize;
        while let Some((act_id, outcome, result)) = self.finished_queue.pop_front() {
            steps += 1;
            if steps > MAX_STEPS_PER_CALL {
                self.failures.insert(
                    "<engine>".into(),
                    (
                        u64::MAX,
                        "workflow exceeded the step limit (infinite loop?)".into(),
                    ),
                );
                self.cancelling = true;
                self.finished_queue.clear();
                break;
            }
            let Some(act) = self.acts.remove(&act_id) else {
                continue;
            };
            let name = self.tasks[act.task].def.name.clone();
            self.scope.set_task(&name, task_view(&result));
            if let Some(parent) = act.parent {
                self.sub_task_ended(parent, &name, outcome, result);
                continue;
            }
            self.evaluate_transitions(act.task, &name, outcome, result, now);
        }
        self.maybe_complete();
    }

    fn sub_task_ended(&mut self, parent: ActId, name: &str, outcome: Outcome, result: Value) {
        let Some(p) = self.acts.get_mut(&parent) else {
            return;
        };
        if let Body::Parallel {
            remaining,
            failed,
            results,
        } = &mut p.body
        {
            if outcome != Outcome::Succeeded {
                *failed = true;
            }
            results.insert(name.to_string(), result);
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                let o = if *failed {
                    Outcome::Failed
                } else {
                    Outcome::Succeeded
                };
                let r = Value::Object(std::mem::take(results));
                self.finished_queue.push_back((parent, o, r));
            }
        }
    }

    fn evaluate_transitions(
        &mut self,
        task: usize,
        name: &str,
        outcome: Outcome,
        result: Value,
        now: DateTime<Utc>,
    ) {
        let result = Arc::new(result);
        let frame = Frame::finished(outcome, result.clone());
        let mut targets: Vec<String> = Vec::new();
        let mut matched_any = false;
        let mut handled = false;
        let n = self.tasks[task].def.next.len();
        let mut defaults = Vec::new();
        for ti in 0..n {
            let tr = &self.tasks[task].def.next[ti];
            if tr.default {
                defaults.push(ti);
                continue;
            }
            let ok = match &tr.when {
                None => true,
                Some(c) => self.expr.condition(c, &self.scope, &frame).unwrap_or(false),
            };
            if ok {
                matched_any = true;
                handled |= self.fire(task, ti, &frame, &result, &mut targets);
            }
        }
        if !matched_any {
            for ti in defaults {
                let ok = match &self.tasks[task].def.next[ti].when {
                    None => true,
                    Some(c) => self.expr.condition(c, &self.scope, &frame).unwrap_or(false),
                };
                if ok {
                    handled |= self.fire(task, ti, &frame, &result, &mut targets);
                }
            }
        }
        if outcome == Outcome::Succeeded || handled {
            self.failures.remove(name);
        } else {
            let detail = result
                .get("error")
                .and_then(Value::as_str)
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            let msg = match outcome {
                Outcome::TimedOut => format!("Task '{name}' timed out{detail}"),
                Outcome::Cancelled => format!("Task '{name}' was cancelled{detail}"),
                _ => format!("Task '{name}' failed{detail}"),
            };
            self.failure_seq += 1;
            self.failures
                .insert(name.to_string(), (self.failure_seq, msg));
        }
        for t in targets {
            if let Some(&idx) = self.by_name.get(&t) {
                self.trigger(idx, Some(name), frame.clone(), now);
            }
        }
    }

    /// Apply a matching transition's publishes and collect its targets.
    /// Returns whether it "handles" a failure.
    fn fire(
        &mut self,
        task: usize,
        ti: usize,
        frame: &Frame,
        result: &Arc<Value>,
        targets: &mut Vec<String>,
    ) -> bool {
        let tr = &self.tasks[task].def.next[ti];
        let publish = tr.publish.clone();
        targets.extend(tr.targets.iter().cloned());
        let handles = !tr.targets.is_empty() || tr.when.is_some();
        for p in publish {
            match p {
                PublishDirective::Value { name, value } => {
                    let v = match self.expr.render(&value, &self.scope, frame, Mode::Lenient) {
                        Ok(v) => v,
                        Err(e) => {
                            tracing::warn!(var = %name, error = %e, "workflow publish failed; publishing null");
                            Value::Null
                        }
                    };
                    self.scope.set_var(&name, v);
                }
                PublishDirective::Key(name) => self.scope.set_var(&name, (**result).clone()),
            }
        }
        handles
    }

    fn maybe_complete(&mut self) {
        if self.finished
            || !self.children.is_empty()
            || !self.waits.is_empty()
            || !self.timers.is_empty()
            || !self.finished_queue.is_empty()
        {
            return;
        }
        self.finished = true;
        let (status, result) = if self.cancelling && !self.failures.contains_key("<engine>") {
            let mut m = Map::new();
            m.insert("succeeded".into(), Value::Bool(false));
            m.insert("cancelled".into(), Value::Bool(true));
            m.insert("error".into(), Value::String("Workflow cancelled".into()));
            (WorkflowStatus::Cancelled, Value::Object(m))
        } else if !self.failures.is_empty() {
            let mut f: Vec<(&String, &(u64, String))> = self.failures.iter().collect();
            f.sort_by_key(|(_, (seq, _))| *seq);
            let msg = f
                .iter()
                .map(|(_, (_, m))| m.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let names: Vec<Value> = f.iter().map(|(n, _)| Value::String((*n).clone())).collect();
            let mut m = Map::new();
            m.insert("succeeded".into(), Value::Bool(false));
            m.insert("error".into(), Value::String(msg));
            m.insert("failed_tasks".into(), Value::Array(names));
            (WorkflowStatus::Failed, Value::Object(m))
        } else {
            let mut m = Map::new();
            for (k, tpl) in &self.output_map {
                match self
                    .expr
                    .render(tpl, &self.scope, &Frame::default(), Mode::Strict)
                {
                    Ok(v) => {
                        m.insert(k.clone(), v);
                    }
                    Err(e) => {
                        tracing::warn!(key = %k, error = %e, "output_map entry failed to render; omitted");
                    }
                }
            }
            m.entry("succeeded".to_string())
                .or_insert(Value::Bool(true));
            (WorkflowStatus::Completed, Value::Object(m))
        };
        self.out.push(Command::Complete { status, result });
    }
}

/// A positive integer inquiry id from a rendered `wait_for.inquiry`
/// (a number or a numeric string).
fn inquiry_id_of(v: &Value) -> Option<i64> {
    let id = match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    (id > 0).then_some(id)
}

fn add_spec(specs: &mut Vec<TaskSpec>, mut t: Task) -> usize {
    let subs_defs = t.tasks.take().unwrap_or_default();
    let idx = specs.len();
    specs.push(TaskSpec {
        def: t,
        subs: Vec::new(),
        join_required: None,
    });
    let subs: Vec<usize> = subs_defs.into_iter().map(|s| add_spec(specs, s)).collect();
    specs[idx].subs = subs;
    idx
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone)]
    struct Created {
        child: ChildId,
        task: String,
        action: String,
        input: Value,
        index: Option<i32>,
        batch: Option<i32>,
        retry_count: i32,
        max_retries: i32,
        next_retry_at: Option<DateTime<Utc>>,
        original: Option<ChildId>,
        timeout: Option<i64>,
    }

    struct Sim {
        run: WorkflowRun,
        now: DateTime<Utc>,
        created: Vec<Created>,
        running: BTreeMap<ChildId, Created>,
        held: BTreeMap<ChildId, Created>,
        cancels: Vec<(ChildId, bool)>,
        waits: Vec<(String, i64)>,
        completed: Option<(WorkflowStatus, Value)>,
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    impl Sim {
        fn new(def: Value, params: Value) -> Sim {
            let d = super::super::validate::parse_and_validate(&def, &|_: &str| {
                super::super::validate::ActionLookup::Found { is_workflow: false }
            })
            .unwrap();
            let env = RunEnv {
                config: json!({"region": "eu"}),
                keystore: json!({"tok": "k"}),
                workflow_execution_id: 7,
            };
            let (run, cmds) = WorkflowRun::start(d, params, env, t0());
            let mut s = Sim {
                run,
                now: t0(),
                created: Vec::new(),
                running: BTreeMap::new(),
                held: BTreeMap::new(),
                cancels: Vec::new(),
                waits: Vec::new(),
                completed: None,
            };
            s.apply(cmds);
            s
        }

        fn apply(&mut self, cmds: Vec<Command>) {
            for c in cmds {
                assert!(self.completed.is_none(), "command after Complete: {c:?}");
                match c {
                    Command::CreateChild {
                        child,
                        task_name,
                        action_ref,
                        input,
                        task_index,
                        task_batch,
                        retry_count,
                        max_retries,
                        next_retry_at,
                        original,
                        timeout_seconds,
                        dispatch,
                    } => {
                        let cr = Created {
                            child,
                            task: task_name,
                            action: action_ref,
                            input,
                            index: task_index,
                            batch: task_batch,
                            retry_count,
                            max_retries,
                            next_retry_at,
                            original,
                            timeout: timeout_seconds,
                        };
                        self.created.push(cr.clone());
                        if dispatch {
                            self.running.insert(child, cr);
                        } else {
                            self.held.insert(child, cr);
                        }
                    }
                    Command::DispatchChild { child } => {
                        let cr = self
                            .held
                            .remove(&child)
                            .expect("dispatch of unknown held child");
                        self.running.insert(child, cr);
                    }
                    Command::CancelChild {
                        child,
                        before_start,
                    } => {
                        if before_start {
                            assert!(self.held.remove(&child).is_some());
                        }
                        self.cancels.push((child, before_start));
                    }
                    Command::WaitForInquiry { task, inquiry_id } => {
                        self.waits.push((task, inquiry_id));
                    }
                    Command::Complete { status, result } => self.completed = Some((status, result)),
                }
            }
        }

        fn running_of(&self, task: &str) -> Vec<ChildId> {
            self.running
                .values()
                .filter(|c| c.task == task)
                .map(|c| c.child)
                .collect()
        }

        fn finish(&mut self, child: ChildId, status: ChildStatus, result: Value) {
            self.running.remove(&child);
            self.held.remove(&child);
            let cmds = self
                .run
                .child_finished(child, ChildOutcome { status, result }, self.now);
            self.apply(cmds);
        }

        fn finish_task(&mut self, task: &str, status: ChildStatus, result: Value) {
            let c = *self
                .running_of(task)
                .first()
                .unwrap_or_else(|| panic!("no running child of {task}: {:?}", self.running));
            self.finish(c, status, result);
        }

        fn ok(&mut self, task: &str) {
            self.finish_task(task, ChildStatus::Completed, json!({"succeeded": true}));
        }

        fn advance(&mut self, secs: i64) {
            self.now += Duration::seconds(secs);
            let cmds = self.run.tick(self.now);
            self.apply(cmds);
        }

        /// Complete every running child successfully with `f(created)` until done.
        fn run_all(&mut self, f: impl Fn(&Created) -> Value) {
            let mut guard = 0;
            while self.completed.is_none() {
                guard += 1;
                assert!(guard < 100_000, "no progress");
                let Some((&c, cr)) = self.running.iter().next() else {
                    panic!("stuck: nothing running and not completed");
                };
                let r = f(cr);
                self.finish(c, ChildStatus::Completed, r);
            }
        }

        fn status(&self) -> WorkflowStatus {
            self.completed.as_ref().expect("not completed").0
        }

        fn result(&self) -> &Value {
            &self.completed.as_ref().expect("not completed").1
        }

        fn task_runs(&self, task: &str) -> usize {
            self.created.iter().filter(|c| c.task == task).count()
        }
    }

    fn def(tasks: Value) -> Value {
        json!({"ref": "t.wf", "version": "1.0.0", "tasks": tasks})
    }

    #[test]
    fn sequential_with_publish_inputs_and_output_map() {
        let mut s = Sim::new(
            json!({"ref": "t.wf", "version": "1", "vars": {"greeting": "hi {{ parameters.name }}", "n": 0},
              "tasks": [
                {"name": "first", "action": "t.hello", "input": {"name": "{{ parameters.name }}", "g": "{{ workflow.greeting }}"},
                 "timeout": 30,
                 "next": [{"when": "{{ succeeded() }}", "publish": [{"out": "{{ result() }}"}, {"count": "{{ result().data.count }}"}], "do": ["second"]}]},
                {"name": "second", "action": "t.hello", "input": {"prev": "{{ result().data.count }}", "c": "{{ workflow.count + 1 }}", "cfg": "{{ config.region }}/{{ keystore.tok }}"}}
              ],
              "output_map": {"first_out": "{{ workflow.out.data }}", "count": "{{ workflow.count }}",
                             "text": "count={{ workflow.count }}", "second_ok": "{{ task.second.succeeded }}",
                             "second_status": "{{ task.second.status }}",
                             "missing": "{{ workflow.nope }}"}}),
            json!({"name": "bob"}),
        );
        assert_eq!(s.created.len(), 1);
        let first = s.created[0].clone();
        assert_eq!(first.task, "first");
        assert_eq!(first.action, "t.hello");
        assert_eq!(first.input, json!({"name": "bob", "g": "hi bob"}));
        assert_eq!(first.timeout, Some(30));
        assert_eq!(
            (
                first.index,
                first.batch,
                first.retry_count,
                first.max_retries
            ),
            (None, None, 0, 0)
        );
        assert_eq!(s.run.triggered_by(first.child), None);
        s.finish_task(
            "first",
            ChildStatus::Completed,
            json!({"succeeded": true, "data": {"count": 4}}),
        );
        assert_eq!(s.created.len(), 2);
        assert_eq!(
            s.created[1].input,
            json!({"prev": 4, "c": 5, "cfg": "eu/k"})
        );
        assert_eq!(s.run.triggered_by(s.created[1].child), Some("first"));
        assert!(s.completed.is_none());
        s.ok("second");
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(
            s.result(),
            &json!({"first_out": {"count": 4}, "count": 4, "text": "count=4",
                    "second_ok": true, "succeeded": true}),
            "`task.<name>` is the result: no `status` (the strict output_map omits it)"
        );
        assert!(s.run.is_finished());
        assert_eq!(s.run.next_wake(), None);
        assert!(s
            .run
            .child_finished(
                ChildId(1),
                ChildOutcome {
                    status: ChildStatus::Completed,
                    result: json!({})
                },
                t0()
            )
            .is_empty());
    }

    #[test]
    fn no_output_map_gives_succeeded_true_and_user_succeeded_wins() {
        let mut s = Sim::new(def(json!([{"name": "a", "action": "t.x"}])), json!({}));
        s.ok("a");
        assert_eq!(s.result(), &json!({"succeeded": true}));
        let mut s = Sim::new(
            json!({"version": "1", "tasks": [{"name": "a", "action": "t.x"}], "output_map": {"succeeded": "{{ 1 == 2 }}", "lst": ["{{ 1 + 1 }}"]}}),
            json!({}),
        );
        s.ok("a");
        assert_eq!(s.result(), &json!({"succeeded": false, "lst": [2]}));
    }

    #[test]
    fn every_matching_transition_fires_in_order() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "next": [
                    {"when": "{{ succeeded() }}", "publish": [{"v": 1}], "do": "b"},
                    {"when": "{{ workflow.v == 1 }}", "publish": [{"v": 2}], "do": ["c"]},
                    {"when": "{{ failed() }}", "do": "d"},
                    {"do": "e"}
                ]},
                {"name": "b", "action": "t.x", "input": {"v": "{{ workflow.v }}"}},
                {"name": "c", "action": "t.x"},
                {"name": "d", "action": "t.x"},
                {"name": "e", "action": "t.x"}
            ])),
            json!({}),
        );
        s.ok("a");
        let names: Vec<&str> = s.created.iter().map(|c| c.task.as_str()).collect();
        assert_eq!(names, vec!["a", "b", "c", "e"]);
        // Targets are started after all publishes.
        assert_eq!(s.created[1].input, json!({"v": 2}));
        s.run_all(|_| json!({}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn multiple_entry_tasks_start_together() {
        let s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "on_success": "c"},
                {"name": "b", "action": "t.x", "on_success": "c"},
                {"name": "c", "action": "t.x"}
            ])),
            json!({}),
        );
        let names: Vec<&str> = s.created.iter().map(|c| c.task.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
    }

    #[test]
    fn unhandled_failure_fails_workflow() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "on_success": "b"},
                {"name": "b", "action": "t.x"}
            ])),
            json!({}),
        );
        s.finish_task(
            "a",
            ChildStatus::Failed,
            json!({"succeeded": false, "error": "exit 1"}),
        );
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert_eq!(
            s.result(),
            &json!({"succeeded": false, "error": "Task 'a' failed: exit 1", "failed_tasks": ["a"]})
        );
        assert_eq!(s.task_runs("b"), 0);
    }

    #[test]
    fn failure_handled_by_failed_transition_completes() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "next": [
                    {"when": "{{ succeeded() }}", "do": "ok"},
                    {"when": "{{ failed() }}", "publish": [{"err": "{{ result().error }}"}], "do": "recover"}]},
                {"name": "ok", "action": "t.x"},
                {"name": "recover", "action": "t.x", "input": {"why": "{{ workflow.err }}"}}
            ])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({"error": "bad"}));
        assert_eq!(s.created[1].task, "recover");
        assert_eq!(s.created[1].input, json!({"why": "bad"}));
        s.ok("recover");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn failure_with_publish_only_failed_transition_is_handled() {
        let mut s = Sim::new(
            json!({"version": "1", "tasks": [{"name": "a", "action": "t.x",
                "next": [{"when": "{{ failed() }}", "publish": [{"e": "{{ result().error }}"}]}]}],
                "output_map": {"e": "{{ workflow.e }}"}}),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({"error": "x"}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.result(), &json!({"e": "x", "succeeded": true}));
    }

    #[test]
    fn on_complete_after_failure_counts_as_handled() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "on_complete": "b"},
                {"name": "b", "action": "t.x"}
            ])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({}));
        s.ok("b");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn timeout_unhandled_fails_and_handled_completes() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "timeout": 2}])),
            json!({}),
        );
        assert_eq!(s.created[0].timeout, Some(2));
        s.finish_task(
            "a",
            ChildStatus::Timeout,
            json!({"timed_out": true, "error": "Execution timed out"}),
        );
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert!(s.result()["error"].as_str().unwrap().contains("timed out"));

        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "timeout": 2, "on_timeout": "t", "on_failure": "f"},
                {"name": "t", "action": "t.x"},
                {"name": "f", "action": "t.x"}
            ])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Timeout, json!({"timed_out": true}));
        assert_eq!(s.task_runs("t"), 1);
        assert_eq!(s.task_runs("f"), 0);
        s.ok("t");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn legacy_decision_default_branch() {
        let mk = |v: i64| {
            let mut s = Sim::new(
                def(json!([
                    {"name": "a", "action": "t.x", "decision": [
                        {"when": "{{ result().data.v == 1 }}", "next": "one"},
                        {"next": "other", "default": true}]},
                    {"name": "one", "action": "t.x"},
                    {"name": "other", "action": "t.x"}
                ])),
                json!({}),
            );
            s.finish_task("a", ChildStatus::Completed, json!({"data": {"v": v}}));
            (s.task_runs("one"), s.task_runs("other"))
        };
        assert_eq!(mk(1), (1, 0));
        assert_eq!(mk(2), (0, 1));
    }

    #[test]
    fn undefined_in_when_means_not_taken() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "next": [{"when": "{{ workflow.nope > 1 }}", "do": "b"}]},
                {"name": "b", "action": "t.x"}
            ])),
            json!({}),
        );
        s.ok("a");
        assert_eq!(s.task_runs("b"), 0);
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn task_level_when_skips_task() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "on_success": "b"},
                {"name": "b", "action": "t.x", "when": "{{ parameters.run_b }}", "on_success": "c"},
                {"name": "c", "action": "t.x"}
            ])),
            json!({"run_b": false}),
        );
        s.ok("a");
        assert_eq!(s.task_runs("b"), 0);
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn with_items_concurrency_and_dispatch() {
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": "{{ parameters.items }}", "concurrency": 2,
                 "input": {"v": "{{ item }}", "i": "{{ index }}", "s": "{{ item }}-{{ index }}"},
                 "next": [{"when": "{{ succeeded() }}", "publish": [{"all": "{{ result() }}"}], "do": "after"}]},
                {"name": "after", "action": "t.x", "input": {"n": "{{ length(workflow.all) }}", "first": "{{ task.each.results[0].data }}"}}
            ])),
            json!({"items": ["a", "b", "c", "d", "e"]}),
        );
        assert_eq!(s.created.len(), 5);
        assert_eq!(s.running.len(), 2);
        assert_eq!(s.held.len(), 3);
        for (i, c) in s.created.iter().enumerate() {
            assert_eq!(c.index, Some(i as i32));
            assert_eq!(c.batch, None);
        }
        assert_eq!(s.created[2].input, json!({"v": "c", "i": 2, "s": "c-2"}));
        let first = s.created[0].child;
        s.finish(first, ChildStatus::Completed, json!({"data": "A"}));
        assert_eq!(s.running.len(), 2);
        assert_eq!(s.held.len(), 2);
        assert!(s.running.contains_key(&s.created[2].child));
        // finish out of order
        let c3 = s.created[2].child;
        s.finish(c3, ChildStatus::Completed, json!({"data": "C"}));
        assert!(s.running.contains_key(&s.created[3].child));
        while s.task_runs("after") == 0 {
            let c = *s.running.keys().next().unwrap();
            let idx = s.created.iter().position(|x| x.child == c).unwrap();
            s.finish(c, ChildStatus::Completed, json!({"data": idx}));
        }
        let after = s.created.last().unwrap().clone();
        assert_eq!(after.task, "after");
        assert_eq!(after.input, json!({"n": 5, "first": "A"}));
        s.ok("after");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn with_items_default_concurrency_is_one_and_literal_array() {
        let mut s = Sim::new(
            def(
                json!([{"name": "each", "action": "t.x", "with_items": [1, 2, 3], "input": {"v": "{{ item * 10 }}"}}]),
            ),
            json!({}),
        );
        assert_eq!(s.running.len(), 1);
        assert_eq!(s.held.len(), 2);
        let inputs: Vec<Value> = s.created.iter().map(|c| c.input["v"].clone()).collect();
        assert_eq!(inputs, vec![json!(10), json!(20), json!(30)]);
        s.run_all(|_| json!({}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn with_items_batches() {
        let mut s = Sim::new(
            def(
                json!([{"name": "each", "action": "t.x", "with_items": "{{ parameters.items }}",
                        "batch_size": 2, "concurrency": 5, "input": {"batch": "{{ item }}", "i": "{{ index }}"}}]),
            ),
            json!({"items": [1, 2, 3, 4, 5]}),
        );
        assert_eq!(s.created.len(), 3);
        assert_eq!(s.running.len(), 3);
        assert_eq!(s.created[0].input, json!({"batch": [1, 2], "i": 0}));
        assert_eq!(s.created[2].input, json!({"batch": [5], "i": 2}));
        assert_eq!(s.created[2].index, Some(2));
        assert_eq!(s.created[2].batch, Some(2));
        s.run_all(|_| json!({}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn with_items_zero_items_succeeds_immediately() {
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": "{{ parameters.items }}",
                 "next": [{"when": "{{ succeeded() }}", "publish": [{"r": "{{ result() }}"}], "do": "after"}]},
                {"name": "after", "action": "t.x", "input": {"r": "{{ workflow.r }}"}}
            ])),
            json!({"items": []}),
        );
        assert_eq!(s.created.len(), 1);
        assert_eq!(s.created[0].task, "after");
        assert_eq!(s.created[0].input, json!({"r": []}));
        s.ok("after");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn with_items_not_an_array_fails_task() {
        let s = Sim::new(
            def(json!([{"name": "each", "action": "t.x", "with_items": "{{ parameters.n }}"}])),
            json!({"n": 3}),
        );
        assert!(s.created.is_empty());
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert!(s.result()["error"].as_str().unwrap().contains("with_items"));
    }

    #[test]
    fn with_items_one_failure_fails_task_after_all_items() {
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": [1, 2, 3], "on_success": "after"},
                {"name": "after", "action": "t.x"}
            ])),
            json!({}),
        );
        s.finish_task("each", ChildStatus::Failed, json!({"error": "nope"}));
        assert!(s.completed.is_none());
        s.ok("each");
        s.ok("each");
        assert_eq!(s.task_runs("after"), 0);
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert_eq!(s.result()["error"], json!("Task 'each' failed"));
    }

    #[test]
    fn retry_with_exponential_backoff_then_success() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "input": {"k": 1},
                        "retry": {"count": 3, "delay": 2, "backoff": "exponential"}, "on_success": "b"},
                       {"name": "b", "action": "t.x"}])),
            json!({}),
        );
        assert_eq!(s.created[0].max_retries, 3);
        assert_eq!(
            (s.created[0].next_retry_at, s.created[0].original),
            (None, None)
        );
        let first = s.created[0].child;
        s.finish_task("a", ChildStatus::Failed, json!({"error": "e1"}));
        // The retry row exists at once, held until its next_retry_at.
        assert_eq!(s.task_runs("a"), 2);
        let retry = s.created[1].clone();
        assert_ne!(retry.child, first);
        assert!(s.held.contains_key(&retry.child), "held until due");
        assert_eq!((retry.retry_count, retry.max_retries), (1, 3));
        assert_eq!(retry.next_retry_at, Some(t0() + Duration::seconds(2)));
        assert_eq!(retry.original, Some(first));
        assert_eq!(retry.input, json!({"k": 1}));
        assert_eq!(s.run.next_wake(), Some(t0() + Duration::seconds(2)));
        s.advance(1);
        assert!(
            s.running_of("a").is_empty(),
            "not released before the delay"
        );
        s.advance(1);
        assert_eq!(s.running_of("a"), vec![retry.child]);
        assert_eq!(s.task_runs("a"), 2);
        s.finish_task("a", ChildStatus::Timeout, json!({"timed_out": true}));
        assert_eq!(s.run.next_wake(), Some(s.now + Duration::seconds(4)));
        assert_eq!(s.created[2].retry_count, 2);
        assert_eq!(
            s.created[2].next_retry_at,
            Some(s.now + Duration::seconds(4))
        );
        assert_eq!(
            s.created[2].original,
            Some(first),
            "always the first attempt"
        );
        s.advance(4);
        s.ok("a");
        assert_eq!(s.task_runs("b"), 1);
        s.ok("b");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn retry_exhausted_fails_and_zero_delay_is_immediate() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "retry": {"count": 2, "delay": 0}}])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({}));
        assert_eq!(s.task_runs("a"), 2);
        s.finish_task("a", ChildStatus::Failed, json!({}));
        assert_eq!(s.task_runs("a"), 3);
        s.finish_task("a", ChildStatus::Failed, json!({"error": "final"}));
        assert_eq!(s.task_runs("a"), 3);
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert_eq!(s.result()["error"], json!("Task 'a' failed: final"));
    }

    #[test]
    fn retry_on_error_condition_and_max_delay() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x",
                "retry": {"count": 5, "delay": 10, "backoff": "linear", "max_delay": 15,
                          "on_error": "{{ result().error == 'transient' }}"}}])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({"error": "transient"}));
        assert_eq!(s.run.next_wake(), Some(t0() + Duration::seconds(10)));
        s.advance(10);
        s.finish_task("a", ChildStatus::Failed, json!({"error": "transient"}));
        assert_eq!(s.run.next_wake(), Some(s.now + Duration::seconds(15)));
        s.advance(15);
        s.finish_task("a", ChildStatus::Failed, json!({"error": "fatal"}));
        assert_eq!(s.run.next_wake(), None, "on_error is falsy: no retry");
        assert_eq!(s.task_runs("a"), 3);
        assert_eq!(s.status(), WorkflowStatus::Failed);
    }

    #[test]
    fn with_items_item_retry_keeps_index() {
        let mut s = Sim::new(
            def(
                json!([{"name": "each", "action": "t.x", "with_items": ["x", "y"], "concurrency": 2,
                        "retry": {"count": 1, "delay": 0}}]),
            ),
            json!({}),
        );
        let second = s.created[1].child;
        s.finish(second, ChildStatus::Failed, json!({}));
        let retry = s.created.last().unwrap().clone();
        assert_eq!((retry.index, retry.retry_count), (Some(1), 1));
        s.run_all(|_| json!({}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn join_all_waits_for_every_predecessor() {
        let mut s = Sim::new(
            def(json!([
                {"name": "start", "action": "t.x", "next": [{"do": ["b", "c"]}]},
                {"name": "b", "action": "t.x", "on_success": "d"},
                {"name": "c", "action": "t.x", "on_success": "d"},
                {"name": "d", "action": "t.x", "join": "all"}
            ])),
            json!({}),
        );
        s.ok("start");
        s.ok("b");
        assert_eq!(s.task_runs("d"), 0);
        s.ok("c");
        assert_eq!(s.task_runs("d"), 1);
        s.ok("d");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn join_count_and_no_join_fan_in() {
        let mut s = Sim::new(
            def(json!([
                {"name": "start", "action": "t.x", "next": [{"do": ["b", "c"]}]},
                {"name": "b", "action": "t.x", "on_success": "d"},
                {"name": "c", "action": "t.x", "on_success": "d"},
                {"name": "d", "action": "t.x", "join": 1}
            ])),
            json!({}),
        );
        s.ok("start");
        s.ok("b");
        assert_eq!(s.task_runs("d"), 1);
        s.run_all(|_| json!({}));
        assert_eq!(s.task_runs("d"), 2); // barrier resets after firing

        let mut s = Sim::new(
            def(json!([
                {"name": "start", "action": "t.x", "next": [{"do": ["b", "c"]}]},
                {"name": "b", "action": "t.x", "on_success": "d"},
                {"name": "c", "action": "t.x", "on_success": "d"},
                {"name": "d", "action": "t.x"}
            ])),
            json!({}),
        );
        s.run_all(|_| json!({}));
        assert_eq!(s.task_runs("d"), 2);
    }

    #[test]
    fn unsatisfiable_join_does_not_hang() {
        let mut s = Sim::new(
            def(json!([
                {"name": "start", "action": "t.x", "next": [{"do": ["b", "c"]}]},
                {"name": "b", "action": "t.x", "on_success": "d"},
                {"name": "c", "action": "t.x", "on_success": "d", "on_failure": "h"},
                {"name": "d", "action": "t.x", "join": "all"},
                {"name": "h", "action": "t.x"}
            ])),
            json!({}),
        );
        s.ok("start");
        s.ok("b");
        s.finish_task("c", ChildStatus::Failed, json!({}));
        s.ok("h");
        assert_eq!(s.task_runs("d"), 0);
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn cycle_with_exit_condition() {
        let mut s = Sim::new(
            json!({"version": "1", "vars": {"i": 0}, "tasks": [
                {"name": "init", "action": "t.x", "on_success": "loop"},
                {"name": "loop", "action": "t.x", "input": {"i": "{{ workflow.i }}"}, "next": [
                    {"when": "{{ succeeded() }}", "publish": [{"i": "{{ workflow.i + 1 }}"}]},
                    {"when": "{{ succeeded() and workflow.i < 3 }}", "do": "loop"},
                    {"when": "{{ succeeded() and workflow.i >= 3 }}", "do": "done"}]},
                {"name": "done", "action": "t.x"}
            ], "output_map": {"i": "{{ workflow.i }}"}}),
            json!({}),
        );
        s.run_all(|_| json!({}));
        assert_eq!(s.task_runs("loop"), 3);
        let inputs: Vec<Value> = s
            .created
            .iter()
            .filter(|c| c.task == "loop")
            .map(|c| c.input["i"].clone())
            .collect();
        assert_eq!(inputs, vec![json!(0), json!(1), json!(2)]);
        assert_eq!(s.task_runs("done"), 1);
        assert_eq!(s.result(), &json!({"i": 3, "succeeded": true}));
        assert_eq!(s.run.variables()["i"], json!(3));
        // each run got a fresh child id
        let mut ids: Vec<u64> = s.created.iter().map(|c| c.child.0).collect();
        ids.dedup();
        assert_eq!(ids.len(), s.created.len());
    }

    #[test]
    fn all_tasks_in_cycle_starts_with_first() {
        let mut s = Sim::new(
            json!({"version": "1", "vars": {"n": 0}, "tasks": [
                {"name": "a", "action": "t.x", "next": [{"publish": [{"n": "{{ workflow.n + 1 }}"}], "do": "b"}]},
                {"name": "b", "action": "t.x", "next": [{"when": "{{ workflow.n < 2 }}", "do": "a"}]}
            ]}),
            json!({}),
        );
        assert_eq!(s.created[0].task, "a");
        s.run_all(|_| json!({}));
        assert_eq!(s.task_runs("a"), 2);
    }

    #[test]
    fn parallel_task_runs_sub_tasks_concurrently() {
        let mut s = Sim::new(
            def(json!([
                {"name": "p", "type": "parallel", "tasks": [
                    {"name": "s1", "action": "t.one", "input": {"x": "{{ parameters.x }}"}},
                    {"name": "s2", "action": "t.two"}],
                 "next": [{"when": "{{ succeeded() }}", "publish": [{"r": "{{ result() }}"}], "do": "after"},
                          {"when": "{{ failed() }}", "do": "recover"}]},
                {"name": "after", "action": "t.x", "input": {"s1": "{{ workflow.r.s1.data }}", "st": "{{ task.s2.result }}"}},
                {"name": "recover", "action": "t.x"}
            ])),
            json!({"x": 1}),
        );
        let names: Vec<&str> = s.created.iter().map(|c| c.task.as_str()).collect();
        assert_eq!(names, vec!["s1", "s2"]);
        assert_eq!(s.created[0].input, json!({"x": 1}));
        assert_eq!(s.run.triggered_by(s.created[0].child), Some("p"));
        s.finish_task("s2", ChildStatus::Completed, json!({"data": 2}));
        assert_eq!(s.task_runs("after"), 0);
        s.finish_task("s1", ChildStatus::Completed, json!({"data": 1}));
        assert_eq!(s.created.last().unwrap().input, json!({"s1": 1, "st": 2}));
        s.ok("after");
        assert_eq!(s.status(), WorkflowStatus::Completed);

        let mut s = Sim::new(
            def(json!([
                {"name": "p", "type": "parallel", "tasks": [
                    {"name": "s1", "action": "t.one"}, {"name": "s2", "action": "t.two"}],
                 "on_success": "after", "on_failure": "recover"},
                {"name": "after", "action": "t.x"},
                {"name": "recover", "action": "t.x"}
            ])),
            json!({}),
        );
        s.finish_task("s1", ChildStatus::Failed, json!({}));
        s.ok("s2");
        assert_eq!(s.task_runs("recover"), 1);
        assert_eq!(s.task_runs("after"), 0);
    }

    #[test]
    fn nested_workflow_task_is_a_plain_child() {
        let mut s = Sim::new(
            def(
                json!([{"name": "sub", "type": "workflow", "action": "t.subflow", "input": {"a": 1},
                        "next": [{"publish": [{"o": "{{ result().value }}"}]}]}]),
            ),
            json!({}),
        );
        assert_eq!(s.created[0].action, "t.subflow");
        s.finish_task(
            "sub",
            ChildStatus::Completed,
            json!({"succeeded": true, "value": 9}),
        );
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.run.variables()["o"], json!(9));
    }

    #[test]
    fn task_delay_uses_timer() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "delay": 5}])),
            json!({}),
        );
        assert!(s.created.is_empty());
        assert_eq!(s.run.next_wake(), Some(t0() + Duration::seconds(5)));
        s.advance(5);
        assert_eq!(s.created.len(), 1);
        s.ok("a");
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn cancel_allow_finish() {
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": [1, 2, 3], "on_success": "after"},
                {"name": "after", "action": "t.x"}
            ])),
            json!({}),
        );
        let cmds = s.run.cancel(s.now);
        s.apply(cmds);
        assert_eq!(
            s.cancels,
            vec![(s.created[1].child, true), (s.created[2].child, true)]
        );
        assert!(s.completed.is_none());
        assert!(s.run.cancel(s.now).is_empty());
        s.ok("each");
        assert_eq!(s.task_runs("after"), 0);
        assert_eq!(s.status(), WorkflowStatus::Cancelled);
        assert_eq!(s.result()["cancelled"], json!(true));
    }

    #[test]
    fn cancel_running_cancels_running_children() {
        let mut s = Sim::new(
            json!({"version": "1", "cancellation_policy": "cancel_running", "tasks": [
                {"name": "a", "action": "t.x"}, {"name": "b", "action": "t.x"}]}),
            json!({}),
        );
        let cmds = s.run.cancel(s.now);
        s.apply(cmds);
        assert_eq!(
            s.cancels,
            vec![(s.created[0].child, false), (s.created[1].child, false)]
        );
        s.finish_task("a", ChildStatus::Cancelled, json!({"cancelled": true}));
        assert!(s.completed.is_none());
        s.finish_task("b", ChildStatus::Cancelled, json!({"cancelled": true}));
        assert_eq!(s.status(), WorkflowStatus::Cancelled);
    }

    #[test]
    fn abort_cancels_running_children_whatever_the_policy() {
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": [1, 2], "on_success": "after"},
                {"name": "solo", "action": "t.x"},
                {"name": "after", "action": "t.x"}
            ])),
            json!({}),
        );
        assert!(!s.run.is_cancelling());
        let cmds = s.run.abort(s.now);
        s.apply(cmds);
        assert!(s.run.is_cancelling());
        assert_eq!(
            s.cancels,
            vec![
                (s.created[0].child, false),
                (s.created[1].child, true),
                (s.created[2].child, false)
            ]
        );
        assert!(s.run.abort(s.now).is_empty());
        assert!(s.run.cancel(s.now).is_empty());
        s.finish_task("each", ChildStatus::Cancelled, json!({"cancelled": true}));
        assert!(s.completed.is_none());
        s.finish_task("solo", ChildStatus::Cancelled, json!({"cancelled": true}));
        assert_eq!(s.task_runs("after"), 0);
        assert_eq!(s.status(), WorkflowStatus::Cancelled);
    }

    #[test]
    fn cancel_during_retry_wait_completes_immediately() {
        let mut s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "retry": {"count": 3, "delay": 60}}])),
            json!({}),
        );
        s.finish_task("a", ChildStatus::Failed, json!({}));
        assert!(s.run.next_wake().is_some());
        let retry = s.created[1].child;
        assert!(s.held.contains_key(&retry));
        let cmds = s.run.cancel(s.now);
        s.apply(cmds);
        assert_eq!(
            s.cancels,
            vec![(retry, true)],
            "the held retry row is cancelled"
        );
        assert_eq!(s.status(), WorkflowStatus::Cancelled);
        assert_eq!(s.run.next_wake(), None);
        assert!(s.run.tick(s.now + Duration::seconds(100)).is_empty());
    }

    #[test]
    fn child_cancelled_externally_fails_workflow() {
        let mut s = Sim::new(def(json!([{"name": "a", "action": "t.x"}])), json!({}));
        s.finish_task("a", ChildStatus::Cancelled, json!({}));
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert!(s.result()["error"].as_str().unwrap().contains("cancelled"));
    }

    #[test]
    fn unknown_child_is_ignored() {
        let mut s = Sim::new(def(json!([{"name": "a", "action": "t.x"}])), json!({}));
        let cmds = s.run.child_finished(
            ChildId(999),
            ChildOutcome {
                status: ChildStatus::Completed,
                result: json!({}),
            },
            t0(),
        );
        assert!(cmds.is_empty());
        assert_eq!(s.run.children_in_flight(), 1);
    }

    #[test]
    fn large_sequential_chain() {
        let n = 150;
        let tasks: Vec<Value> = (0..n)
            .map(|i| {
                let mut t = json!({"name": format!("t{i}"), "action": "t.x", "input": {"i": i, "prev": "{{ result().data }}"}});
                if i + 1 < n {
                    t["next"] = json!([{"when": "{{ succeeded() }}", "publish": [{"last": "{{ result().data }}"}], "do": format!("t{}", i + 1)}]);
                }
                t
            })
            .collect();
        let mut s = Sim::new(
            json!({"version": "1", "tasks": tasks, "output_map": {"last": "{{ workflow.last }}"}}),
            json!({}),
        );
        s.run_all(|c| json!({"data": c.input["i"].clone()}));
        assert_eq!(s.created.len(), n);
        assert_eq!(s.created[10].input, json!({"i": 10, "prev": 9}));
        assert_eq!(s.result(), &json!({"last": n - 2, "succeeded": true}));
    }

    #[test]
    fn large_with_items() {
        let items: Vec<i64> = (0..100).collect();
        let mut s = Sim::new(
            def(json!([
                {"name": "each", "action": "t.x", "with_items": "{{ parameters.items }}", "concurrency": 10,
                 "input": {"v": "{{ item }}"}, "on_success": "after"},
                {"name": "after", "action": "t.x"}
            ])),
            json!({"items": items}),
        );
        assert_eq!(s.created.len(), 100);
        assert_eq!(s.running.len(), 10);
        s.run_all(|_| json!({}));
        assert_eq!(s.task_runs("after"), 1);
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }

    #[test]
    fn input_render_error_fails_task_without_child() {
        let s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "input": {"v": "{{ 1 + }}"}}])),
            json!({}),
        );
        assert!(s.created.is_empty());
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert!(s.result()["error"]
            .as_str()
            .unwrap()
            .contains("failed to render input"));
    }

    #[test]
    fn infinite_zero_work_loop_is_stopped() {
        let s = Sim::new(
            def(json!([{"name": "a", "action": "t.x", "with_items": [], "next": [{"do": "a"}]}])),
            json!({}),
        );
        assert_eq!(s.status(), WorkflowStatus::Failed);
    }

    // ---------------------------------------------------------------- wait_for

    impl Sim {
        fn resolve(&mut self, id: i64, r: InquiryResolution, details: Value) {
            let cmds = self.run.inquiry_resolved(id, r, details, self.now);
            self.apply(cmds);
        }
    }

    /// The T2.6 shape: creator → guarded (wait_for) → approved / denied / timeout handlers.
    fn approval_def() -> Value {
        def(json!([
            {"name": "request_inquiry", "action": "t.ask", "next": [{"do": "guarded_task"}]},
            {"name": "guarded_task", "action": "t.echo",
             "wait_for": {"inquiry": "{{ task.request_inquiry.inquiry_id }}"},
             "input": {"message": "comment={{ inquiry.guarded_task.response.comment }}",
                       "approved": "{{ inquiry.guarded_task.response.approved }}"},
             "next": [
                {"when": "{{ succeeded() and inquiry.guarded_task.response.approved == true }}",
                 "publish": [{"outcome": "approved"}, {"response": "{{ inquiry.guarded_task.response }}"}],
                 "do": ["approved_handler"]},
                {"when": "{{ succeeded() and inquiry.guarded_task.response.approved == false }}",
                 "publish": [{"outcome": "denied"}], "do": ["denied_handler"]},
                {"when": "{{ timed_out() }}", "publish": [{"outcome": "timeout"}], "do": ["timeout_handler"]},
                {"when": "{{ failed() }}", "publish": [{"outcome": "{{ inquiry.guarded_task.status }}"}]}
             ]},
            {"name": "approved_handler", "action": "t.x"},
            {"name": "denied_handler", "action": "t.x"},
            {"name": "timeout_handler", "action": "t.x"}
        ]))
    }

    fn approval_sim() -> Sim {
        let mut d = approval_def();
        d["output_map"] = json!({"outcome": "{{ workflow.outcome }}", "response": "{{ workflow.response }}",
                                  "inquiry_id": "{{ task.request_inquiry.inquiry_id }}"});
        let mut s = Sim::new(d, json!({}));
        s.finish_task(
            "request_inquiry",
            ChildStatus::Completed,
            json!({"exit_code": 0, "stdout": "{\"inquiry_id\": 41}\n"}),
        );
        s
    }

    #[test]
    fn wait_for_creates_no_child_while_pending() {
        let s = approval_sim();
        assert_eq!(s.waits, vec![("guarded_task".to_string(), 41)]);
        assert_eq!(s.task_runs("guarded_task"), 0);
        assert!(s.running.is_empty() && s.held.is_empty());
        assert!(s.completed.is_none(), "workflow must stay running");
        assert_eq!(s.run.next_wake(), None);
        assert_eq!(s.run.waiting_inquiries(), vec![41]);
        assert_eq!(s.run.children_in_flight(), 0);
    }

    #[test]
    fn responded_inquiry_releases_guarded_task_with_response_in_context() {
        let mut s = approval_sim();
        s.resolve(
            41,
            InquiryResolution::Responded,
            json!({"response": {"approved": true, "comment": "ok"}, "responded_by": 1}),
        );
        assert!(s.run.waiting_inquiries().is_empty());
        assert_eq!(s.task_runs("guarded_task"), 1);
        let g = s.created.iter().find(|c| c.task == "guarded_task").unwrap();
        assert_eq!(g.action, "t.echo");
        assert_eq!(g.input, json!({"message": "comment=ok", "approved": true}));
        assert!(s.completed.is_none());
        s.ok("guarded_task");
        assert_eq!(s.task_runs("approved_handler"), 1);
        assert_eq!(s.task_runs("denied_handler"), 0);
        s.ok("approved_handler");
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.result()["outcome"], json!("approved"));
        assert_eq!(
            s.result()["response"],
            json!({"approved": true, "comment": "ok"})
        );
        assert_eq!(s.result()["inquiry_id"], json!(41));
        // A late duplicate report is ignored.
        assert!(s
            .run
            .inquiry_resolved(41, InquiryResolution::Timeout, Value::Null, s.now)
            .is_empty());
    }

    #[test]
    fn denied_response_takes_denied_branch() {
        let mut s = approval_sim();
        s.resolve(
            41,
            InquiryResolution::Responded,
            json!({"response": {"approved": false}}),
        );
        s.ok("guarded_task");
        assert_eq!(s.task_runs("approved_handler"), 0);
        assert_eq!(s.task_runs("denied_handler"), 1);
        s.ok("denied_handler");
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.result()["outcome"], json!("denied"));
    }

    #[test]
    fn inquiry_timeout_is_a_logical_timed_out_outcome_without_child() {
        let mut s = approval_sim();
        s.resolve(41, InquiryResolution::Timeout, json!({"response": null}));
        assert_eq!(s.task_runs("guarded_task"), 0);
        assert_eq!(s.task_runs("timeout_handler"), 1);
        assert_eq!(
            s.task_runs("approved_handler") + s.task_runs("denied_handler"),
            0
        );
        s.ok("timeout_handler");
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.result()["outcome"], json!("timeout"));
    }

    #[test]
    fn inquiry_cancel_is_a_failed_outcome_and_unhandled_fails_the_workflow() {
        let mut s = approval_sim();
        s.resolve(41, InquiryResolution::Cancelled, Value::Null);
        assert_eq!(s.task_runs("guarded_task"), 0);
        // `{{ failed() }}` with a `when` handles it: completed, outcome = inquiry status.
        assert_eq!(s.status(), WorkflowStatus::Completed);
        assert_eq!(s.result()["outcome"], json!("cancelled"));

        let mut s = Sim::new(
            def(json!([
                {"name": "g", "action": "t.x", "wait_for": {"inquiry": "{{ parameters.inq }}"}}
            ])),
            json!({"inq": "7"}),
        );
        assert_eq!(s.waits, vec![("g".to_string(), 7)]);
        s.resolve(7, InquiryResolution::Timeout, Value::Null);
        assert_eq!(s.status(), WorkflowStatus::Failed);
        let err = s.result()["error"].as_str().unwrap();
        assert!(
            err.contains("Task 'g' timed out") && err.contains("Inquiry 7 timed out"),
            "{err}"
        );
    }

    #[test]
    fn unresolvable_inquiry_id_fails_task_without_child() {
        let s = Sim::new(
            def(json!([
                {"name": "g", "action": "t.x", "wait_for": {"inquiry": "{{ parameters.missing }}"}}
            ])),
            json!({}),
        );
        assert!(s.waits.is_empty() && s.created.is_empty());
        assert_eq!(s.status(), WorkflowStatus::Failed);
        assert!(s.result()["error"]
            .as_str()
            .unwrap()
            .contains("positive integer inquiry id"));
    }

    #[test]
    fn unknown_inquiry_is_ignored_and_cancel_drops_waiting_tasks() {
        let mut s = approval_sim();
        assert!(s
            .run
            .inquiry_resolved(99, InquiryResolution::Responded, Value::Null, s.now)
            .is_empty());
        let cmds = s.run.cancel(s.now);
        s.apply(cmds);
        assert_eq!(s.status(), WorkflowStatus::Cancelled);
        assert_eq!(s.task_runs("guarded_task"), 0);
    }

    #[test]
    fn tasks_sharing_an_inquiry_and_delayed_wait() {
        let mut s = Sim::new(
            def(json!([
                {"name": "a", "action": "t.x", "wait_for": {"inquiry": 5},
                 "input": {"r": "{{ inquiry.a.response.v }}", "st": "{{ inquiry.a.status }}"}},
                {"name": "b", "action": "t.x", "delay": 3, "wait_for": {"inquiry": 5},
                 "input": {"id": "{{ inquiry.b.id }}"}}
            ])),
            json!({}),
        );
        assert_eq!(s.waits, vec![("a".to_string(), 5)]);
        s.advance(3);
        assert_eq!(s.waits.len(), 2);
        s.resolve(
            5,
            InquiryResolution::Responded,
            json!({"response": {"v": 1}}),
        );
        let a = s.created.iter().find(|c| c.task == "a").unwrap();
        assert_eq!(a.input, json!({"r": 1, "st": "responded"}));
        let b = s.created.iter().find(|c| c.task == "b").unwrap();
        assert_eq!(b.input, json!({"id": 5}));
        s.run_all(|_| json!({}));
        assert_eq!(s.status(), WorkflowStatus::Completed);
    }
}
