//! Initial data: permission sets, the admin identity, the `core` pack with its
//! runtimes, timer triggers, timer sensor and core actions.

use serde_json::{json, Value};

use super::actions::Action;
use super::identities::{assign, create_identity, IdentityRole, PermissionSet, PermissionSetRole};
use super::packs::Pack;
use super::runtimes::Runtime;
use super::sensors::Sensor;
use super::triggers::Trigger;
use super::{now, Store};
use crate::auth::rbac::builtin_permission_sets;
use crate::config::EmulatorConfig;

/// The built-in runtime catalogue `(ref, name, description, interpreter)`.
pub const RUNTIMES: [(&str, &str, &str, &str); 9] = [
    (
        "core.shell",
        "Shell",
        "Shell (bash/sh) runtime",
        "/bin/bash",
    ),
    ("core.python", "Python", "Python 3 runtime", "python3"),
    ("core.nodejs", "Node.js", "Node.js runtime", "node"),
    ("core.go", "Go", "Go runtime", "go"),
    ("core.java", "Java", "Java runtime", "java"),
    (
        "core.native",
        "Native",
        "Native binaries (no interpreter)",
        "",
    ),
    ("core.perl", "Perl", "Perl runtime", "perl"),
    ("core.r", "R", "R runtime", "Rscript"),
    ("core.ruby", "Ruby", "Ruby runtime", "ruby"),
];

/// Seeds the store.
pub fn seed(store: &mut Store, config: &EmulatorConfig) {
    let t = now();
    // permission sets, each bound to a role named after its short name
    let mut admin_set = 0;
    for (r, label, desc, grants) in builtin_permission_sets() {
        let sid = store.permission_sets.insert_with(|id| PermissionSet {
            id,
            r#ref: r.to_string(),
            label: Some(label.to_string()),
            description: Some(desc.to_string()),
            pack_ref: Some("core".into()),
            grants,
            created: t,
        });
        if r == "core.admin" {
            admin_set = sid;
        }
    }
    // admin identity
    if let Ok(admin) = create_identity(
        store,
        &config.admin_login,
        Some(config.admin_display_name.clone()),
        Some(&config.admin_password),
        json!({}),
    ) {
        let _ = assign(store, admin, admin_set);
        store.set_roles.insert_with(|id| PermissionSetRole {
            id,
            permission_set_id: admin_set,
            role: "attune-admin".into(),
            created: t,
        });
        store.identity_roles.insert_with(|id| IdentityRole {
            id,
            identity_id: admin,
            role: "attune-admin".into(),
            created: t,
        });
    }

    // core pack
    let core = store.packs.insert_with(|id| {
        let mut p = Pack::new(id, "core", "Core", "1.0.0");
        p.description =
            Some("Core pack: built-in runtimes, timer triggers and basic actions".into());
        p.is_standard = true;
        p.tags = vec!["core".into(), "system".into()];
        p
    });

    for (r, name, desc, interp) in RUNTIMES {
        store.runtimes.insert_with(|id| Runtime {
            id,
            r#ref: r.to_string(),
            name: name.to_string(),
            description: Some(desc.to_string()),
            pack: Some(core),
            pack_ref: Some("core".into()),
            distributions: json!({}),
            execution_config: if interp.is_empty() {
                json!({})
            } else {
                json!({"interpreter": {"binary": interp}})
            },
            installation: Value::Null,
            created: t,
            updated: t,
        });
    }
    let runtime_id = |s: &Store, r: &str| s.runtimes.iter().find(|x| x.r#ref == r).map(|x| x.id);

    let timers: [(&str, &str, &str, Value); 3] = [
        (
            "core.intervaltimer",
            "Interval Timer",
            "Fires at a fixed interval",
            json!({
                "unit": {"type": "string", "enum": ["seconds", "minutes", "hours", "days"], "default": "seconds",
                          "description": "Time unit of the interval"},
                "interval": {"type": "integer", "required": true, "description": "Number of units between fires"}
            }),
        ),
        (
            "core.crontimer",
            "Cron Timer",
            "Fires on a cron schedule (6 fields, seconds first, UTC)",
            json!({
                "expression": {"type": "string", "required": true, "description": "Cron expression (sec min hour dom mon dow)"},
                "timezone": {"type": "string", "description": "Ignored; schedules are evaluated in UTC"}
            }),
        ),
        (
            "core.datetimetimer",
            "DateTime Timer",
            "Fires once at a specific date and time",
            json!({
                "fire_at": {"type": "string", "required": true, "description": "RFC 3339 timestamp"},
                "timezone": {"type": "string", "description": "Ignored; UTC"}
            }),
        ),
    ];
    let mut timer_ids = Vec::new();
    let more_triggers: [(&str, &str, &str, Value); 4] = [
        (
            "core.rruletimer",
            "RRule Timer",
            "Fires on an RFC 5545 recurrence rule (registered; not scheduled by the emulator)",
            json!({
                "rrule": {"type": "string", "required": true, "description": "RFC 5545 RRULE"},
                "dtstart": {"type": "string", "description": "RFC 3339 start"},
                "timezone": {"type": "string", "description": "Time zone"}
            }),
        ),
        (
            "core.alert",
            "Alert",
            "A generic alert posted by a sensor or a webhook",
            json!({}),
        ),
        (
            "core.queue_started",
            "Queue Started",
            "A work queue started processing",
            json!({"queue": {"type": "string", "description": "Queue ref"}}),
        ),
        (
            "core.queue_empty",
            "Queue Empty",
            "A work queue has no more pending items",
            json!({"queue": {"type": "string", "description": "Queue ref"}}),
        ),
    ];
    for (r, label, desc, schema) in timers.into_iter().chain(more_triggers) {
        let is_timer = r.ends_with("timer") && r != "core.rruletimer";
        let id = store.triggers.insert_with(|id| {
            let mut tr = Trigger::new(id, r, Some((core, "core".into())), label);
            tr.description = Some(desc.to_string());
            tr.param_schema = schema;
            tr.out_schema = json!({});
            tr.is_adhoc = false;
            tr
        });
        if is_timer {
            timer_ids.push(id);
        }
    }
    if let (Some(native), Some(&first)) = (runtime_id(store, "core.native"), timer_ids.first()) {
        let sensor = store.sensors.insert_with(|id| Sensor {
            id,
            r#ref: "core.timer_sensor".into(),
            pack: Some(core),
            pack_ref: Some("core".into()),
            label: "Timer Sensor".into(),
            description: Some("Built-in timer sensor (interval, cron, datetime)".into()),
            entrypoint: "attune-core-timer-sensor".into(),
            runtime: native,
            runtime_ref: "core.native".into(),
            trigger: first,
            trigger_ref: "core.intervaltimer".into(),
            enabled: true,
            param_schema: json!({"check_interval_seconds": {"type": "integer", "default": 1}}),
            config: json!({}),
            worker_selector: json!({}),
            worker_tolerations: json!([]),
            worker_affinity: json!({}),
            created: t,
            updated: t,
        });
        for tid in &timer_ids {
            if let Some(tr) = store.triggers.get_mut(*tid) {
                tr.sensor = Some(sensor);
                tr.sensor_ref = Some("core.timer_sensor".into());
            }
        }
    }

    let shell = runtime_id(store, "core.shell");
    type CoreAction = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Value,
        Option<i64>,
    );
    let actions: [CoreAction; 11] = [
        (
            "core.echo",
            "Echo",
            "Echo a message to stdout",
            "echo.sh",
            json!({"message": {"type": "string", "description": "Message to echo", "default": "Hello, World!"}}),
            Some(30),
        ),
        (
            "core.noop",
            "No Operation",
            "Does nothing and succeeds",
            "noop.sh",
            json!({}),
            Some(30),
        ),
        (
            "core.sleep",
            "Sleep",
            "Sleep for a number of seconds",
            "sleep.sh",
            json!({"seconds": {"type": "integer", "description": "Seconds to sleep", "default": 1}}),
            Some(3600),
        ),
        (
            "core.http_request",
            "HTTP Request",
            "Make an HTTP request and return status, headers and body",
            "http_request.sh",
            json!({
                "url": {"type": "string", "required": true, "description": "URL to request"},
                "method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], "default": "GET"},
                "headers": {"type": "object", "description": "Request headers"},
                "body": {"type": "string", "description": "Raw request body"},
                "json_body": {"type": "object", "description": "JSON request body"},
                "query_params": {"type": "object", "description": "Query parameters"},
                "timeout": {"type": "integer", "default": 30, "minimum": 1, "maximum": 300},
                "verify_ssl": {"type": "boolean", "default": true},
                "auth_type": {"type": "string", "enum": ["none", "basic", "bearer"], "default": "none"},
                "auth_username": {"type": "string"},
                "auth_password": {"type": "string", "secret": true},
                "auth_token": {"type": "string", "secret": true},
                "follow_redirects": {"type": "boolean", "default": true},
                "max_redirects": {"type": "integer", "default": 10}
            }),
            Some(330),
        ),
        (
            "core.ask",
            "Ask",
            "Ask a human: creates an inquiry and pauses the execution until it is answered",
            "ask.sh",
            json!({
                "prompt": {"type": "string", "required": true, "description": "Question shown to the responder"},
                "response_schema": {"type": "object", "description": "Schema the response must satisfy"},
                "assigned_to": {"type": "integer", "description": "Identity id allowed to respond"}
            }),
            None,
        ),
        (
            "core.download_packs",
            "Download Packs",
            "Download packs from Git/archive URLs (not emulated: fails)",
            "download_packs.sh",
            json!({"packs": {"type": "array", "required": true}, "destination_dir": {"type": "string"}}),
            Some(300),
        ),
        (
            "core.build_pack_envs",
            "Build Pack Environments",
            "Build runtime environments for packs (not emulated: fails)",
            "build_pack_envs.sh",
            json!({"pack_paths": {"type": "array", "required": true}}),
            Some(600),
        ),
        (
            "core.register_packs",
            "Register Packs",
            "Register packs in the database (not emulated: fails)",
            "register_packs.sh",
            json!({"pack_paths": {"type": "array", "required": true}}),
            Some(300),
        ),
        (
            "core.get_pack_dependencies",
            "Get Pack Dependencies",
            "Analyse pack dependencies (not emulated: fails)",
            "get_pack_dependencies.sh",
            json!({"pack_paths": {"type": "array", "required": true}}),
            Some(300),
        ),
        (
            "core.generate_ssh_key_pair",
            "Generate SSH Key Pair",
            "Generate an SSH key pair (not emulated: fails)",
            "generate_ssh_key_pair.py",
            json!({"key_type": {"type": "string", "default": "ed25519"}, "comment": {"type": "string"}}),
            Some(60),
        ),
        (
            "core.run_agent_command",
            "Run Agent Command",
            "Launch an AI/agent harness (not emulated: fails)",
            "run_agent_command.sh",
            json!({"command": {"type": "string", "required": true}}),
            Some(3600),
        ),
    ];
    for (r, label, desc, entry, schema, timeout) in actions {
        store.actions.insert_with(|id| {
            let mut a = Action::new(id, r, core, "core", label, entry);
            a.description = Some(desc.to_string());
            a.runtime = shell;
            a.runtime_ref = Some("core.shell".into());
            a.param_schema = schema;
            a.out_schema = json!({});
            a.is_adhoc = false;
            a.timeout_seconds = timeout;
            a
        });
    }
}
