//! Memory / time bench of the workflow state machine.
//!
//! `cargo run --release -p attune-emulator --example workflow_mem`
//!
//! `workflow_mem` (no argument) runs every scenario in its own child process
//! (so that the peak RSS of one does not hide the next) and prints a table;
//! `workflow_mem seq N` / `workflow_mem items N` runs one scenario and prints
//! one line. Children complete instantly (the simulated host answers each
//! `CreateChild` / `DispatchChild` with `child_finished(Completed)`).

use std::collections::VecDeque;
use std::time::Instant;

use attune_emulator::engine::workflow::{
    parse_and_validate, ActionLookup, ChildOutcome, ChildStatus, Command, RunEnv, WorkflowRun,
    WorkflowStatus,
};
use chrono::Utc;
use serde_json::{json, Value};

fn proc_status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn sequential_def(n: usize) -> Value {
    let tasks: Vec<Value> = (0..n)
        .map(|i| {
            let mut t = json!({
                "name": format!("task_{i}"),
                "action": "bench.noop",
                "input": {"i": i, "prev": "{{ result().data.i }}", "msg": "step {{ workflow.count }}"}
            });
            if i + 1 < n {
                t["next"] = json!([{
                    "when": "{{ succeeded() }}",
                    "publish": [{"count": "{{ workflow.count + 1 }}"}],
                    "do": [format!("task_{}", i + 1)]
                }]);
            }
            t
        })
        .collect();
    json!({"ref": "bench.seq", "version": "1", "vars": {"count": 0}, "tasks": tasks,
           "output_map": {"count": "{{ workflow.count }}"}})
}

fn items_def() -> Value {
    json!({"ref": "bench.items", "version": "1", "tasks": [
        {"name": "each", "action": "bench.noop", "with_items": "{{ parameters.items }}",
         "concurrency": 10, "input": {"v": "{{ item }}", "i": "{{ index }}"},
         "next": [{"when": "{{ succeeded() }}", "publish": [{"n": "{{ length(result()) }}"}]}]}
    ], "output_map": {"n": "{{ workflow.n }}"}})
}

fn run_scenario(kind: &str, n: usize) -> Result<(), String> {
    let base_rss = proc_status_kb("VmRSS:");
    let started = Instant::now();
    let (def, params) = match kind {
        "seq" => (sequential_def(n), json!({})),
        "items" => (
            items_def(),
            json!({"items": (0..n).collect::<Vec<usize>>()}),
        ),
        other => return Err(format!("unknown scenario {other}")),
    };
    let def = parse_and_validate(&def, &|_: &str| ActionLookup::Found { is_workflow: false })
        .map_err(|e| e.to_string())?;
    let now = Utc::now();
    let (mut run, cmds) = WorkflowRun::start(def, params, RunEnv::default(), now);
    let mut queue: VecDeque<Command> = cmds.into();
    let mut ready = VecDeque::new();
    let mut children = 0usize;
    let mut done: Option<(WorkflowStatus, Value)> = None;
    loop {
        while let Some(c) = queue.pop_front() {
            match c {
                Command::CreateChild {
                    child,
                    dispatch,
                    input,
                    ..
                } => {
                    children += 1;
                    if dispatch {
                        ready.push_back((child, input));
                    }
                }
                Command::DispatchChild { child } => ready.push_back((child, Value::Null)),
                Command::CancelChild { .. } | Command::WaitForInquiry { .. } => {}
                Command::Complete { status, result } => done = Some((status, result)),
            }
        }
        let Some((child, input)) = ready.pop_front() else {
            break;
        };
        let result = json!({"succeeded": true, "exit_code": 0, "data": {"i": input.get("i").cloned().unwrap_or(Value::Null)}});
        let out = run.child_finished(
            child,
            ChildOutcome {
                status: ChildStatus::Completed,
                result,
            },
            now,
        );
        queue.extend(out);
    }
    let elapsed = started.elapsed();
    let (status, result) = done.ok_or("workflow did not complete")?;
    if status != WorkflowStatus::Completed {
        return Err(format!("workflow ended {status:?}: {result}"));
    }
    let peak = proc_status_kb("VmHWM:");
    println!(
        "{kind:>5} {n:>6} children={children:>6} time_ms={:>8.1} us_per_child={:>7.1} peak_rss_kb={peak:>7} rss_growth_kb={:>7} result={result}",
        elapsed.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64() * 1e6 / children.max(1) as f64,
        peak.saturating_sub(base_rss)
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 {
        let n = args[2].parse::<usize>().unwrap_or(100);
        if let Err(e) = run_scenario(&args[1], n) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find own executable");
        std::process::exit(1);
    };
    for kind in ["seq", "items"] {
        for n in [100usize, 1000, 10000] {
            match std::process::Command::new(&exe)
                .arg(kind)
                .arg(n.to_string())
                .output()
            {
                Ok(o) => {
                    print!("{}", String::from_utf8_lossy(&o.stdout));
                    eprint!("{}", String::from_utf8_lossy(&o.stderr));
                }
                Err(e) => eprintln!("failed to run {kind} {n}: {e}"),
            }
        }
    }
}
