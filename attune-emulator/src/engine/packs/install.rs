//! Applying a [`PackManifest`] to the store.
//!
//! All checks run before the first change (pack conflict, rule triggers/actions, workflow
//! definitions), so a refused pack leaves the store as it was. A `force` install of an existing
//! pack updates it in place, as the real server does: the pack keeps its id and its user-set
//! `config`, components keep their ids, components no longer in the files are removed
//! (components created through the API, `is_adhoc`, stay). Executions are history and are never
//! touched.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

use super::manifest::{ActionDef, PackManifest, Runner};
use super::PackError;
use crate::engine::workflow::{parse_and_validate, ActionLookup};
use crate::hooks::RuleChange;
use crate::state::actions::{self, Action};
use crate::state::packs::{self, Pack};
use crate::state::rules::Rule;
use crate::state::sensors::Sensor;
use crate::state::triggers::Trigger;
use crate::state::workflows::Workflow;
use crate::state::{now, AppState, Store};

/// An action that runs from a file of an installed pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAction {
    /// Absolute path of the program.
    pub file: PathBuf,
    /// Runner.
    pub runner: Runner,
    /// Parameters as dotenv lines on stdin (else JSON).
    pub dotenv_parameters: bool,
    /// `output_format`.
    pub output_format: Option<String>,
}

/// The files of an installed pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledFiles {
    /// The pack directory (holds `pack.yaml`).
    pub dir: PathBuf,
    /// Actions run from files, by ref.
    pub actions: HashMap<String, FileAction>,
}

/// What an installation changed.
#[derive(Debug, Clone)]
pub struct Installed {
    /// Pack id.
    pub pack_id: i64,
    /// Whether the pack existed before (force update).
    pub updated: bool,
    /// The previous installation's files (to remove once nothing runs from them).
    pub previous_dir: Option<PathBuf>,
}

/// Install `m` (read from `dir`) as `owner`. `Conflict` when the pack exists and `force` is
/// false.
pub fn install(
    state: &AppState,
    m: &PackManifest,
    dir: PathBuf,
    owner: Option<i64>,
    force: bool,
) -> Result<Installed, PackError> {
    let mut rule_changes: Vec<(i64, String, RuleChange)> = Vec::new();
    let mut wf_changes: Vec<i64> = Vec::new();
    let out = {
        let mut store = state.store.lock();
        let existing = packs::find(&store, &m.r#ref).map(|p| p.id);
        if existing.is_some() && !force {
            return Err(PackError::Conflict(format!(
                "Pack '{}' already exists. Use force=true to reinstall.",
                m.r#ref
            )));
        }
        if m.r#ref == "core" {
            return Err(PackError::Conflict(
                "Pack 'core' is a system pack and cannot be replaced".into(),
            ));
        }
        check(&store, m)?;
        apply(
            &mut store,
            m,
            dir,
            owner,
            existing,
            &mut rule_changes,
            &mut wf_changes,
        )
    };
    let hooks = state.hooks();
    for (id, r, change) in rule_changes {
        hooks.rule_changed(id, &r, change);
    }
    for id in wf_changes {
        hooks.workflow_changed(id);
    }
    Ok(out)
}

/// Every check that can refuse the pack, before any change.
fn check(store: &Store, m: &PackManifest) -> Result<(), PackError> {
    let own_action = |r: &str| -> Option<bool> {
        m.actions
            .iter()
            .find(|a| a.r#ref == r)
            .map(|a| a.workflow.is_some())
            .or_else(|| m.workflows.iter().any(|w| w.r#ref == r).then_some(true))
    };
    let lookup = |r: &str| -> ActionLookup {
        if let Some(is_workflow) = own_action(r) {
            return ActionLookup::Found { is_workflow };
        }
        if r.split_once('.').map(|x| x.0) == Some(m.r#ref.as_str()) {
            // the pack's old components disappear with this installation
            return ActionLookup::NotFound;
        }
        match actions::find(store, r) {
            Some(a) => ActionLookup::Found {
                is_workflow: a.workflow_def.is_some(),
            },
            None => ActionLookup::NotFound,
        }
    };
    let defs = m
        .actions
        .iter()
        .filter_map(|a| a.workflow.as_ref().map(|w| (&a.r#ref, w)))
        .chain(m.workflows.iter().map(|w| (&w.r#ref, &w.definition)));
    for (r, def) in defs {
        parse_and_validate(def, &lookup).map_err(|e| {
            PackError::BadRequest(format!("Workflow '{r}' is invalid: {}", e.message()))
        })?;
    }
    for rule in &m.rules {
        let trigger_known = m.triggers.iter().any(|t| t.r#ref == rule.trigger_ref)
            || (!rule.trigger_ref.starts_with(&format!("{}.", m.r#ref))
                && crate::state::triggers::find(store, &rule.trigger_ref).is_some());
        if !trigger_known {
            return Err(PackError::BadRequest(format!(
                "Rule '{}': trigger '{}' not found",
                rule.r#ref, rule.trigger_ref
            )));
        }
        if matches!(lookup(&rule.action_ref), ActionLookup::NotFound) {
            return Err(PackError::BadRequest(format!(
                "Rule '{}': action '{}' not found",
                rule.r#ref, rule.action_ref
            )));
        }
    }
    for s in &m.sensors {
        for t in &s.trigger_types {
            let known = m.triggers.iter().any(|x| &x.r#ref == t)
                || crate::state::triggers::find(store, t).is_some();
            if !known {
                return Err(PackError::BadRequest(format!(
                    "Sensor '{}': trigger '{t}' not found",
                    s.r#ref
                )));
            }
        }
    }
    Ok(())
}

fn runtime_id(store: &Store, r: &str) -> Option<i64> {
    store.runtimes.iter().find(|x| x.r#ref == r).map(|x| x.id)
}

#[allow(clippy::too_many_lines)]
fn apply(
    store: &mut Store,
    m: &PackManifest,
    dir: PathBuf,
    owner: Option<i64>,
    existing: Option<i64>,
    rule_changes: &mut Vec<(i64, String, RuleChange)>,
    wf_changes: &mut Vec<i64>,
) -> Installed {
    let t = now();
    let mut files = InstalledFiles {
        dir: dir.clone(),
        actions: HashMap::new(),
    };
    for a in &m.actions {
        if let Some(f) = &a.file {
            files.actions.insert(
                a.r#ref.clone(),
                FileAction {
                    file: dir.join(f),
                    runner: a.runner.clone(),
                    dotenv_parameters: a.dotenv_parameters,
                    output_format: a.output_format.clone(),
                },
            );
        }
    }
    let mut previous_dir = None;
    let pack_id = match existing.and_then(|id| store.packs.get_mut(id)) {
        Some(p) => {
            previous_dir = p.files.as_ref().map(|f| f.dir.clone());
            p.label = m.label.clone();
            p.description = m.description.clone();
            p.version = m.version.clone();
            p.conf_schema = m.conf_schema.clone();
            p.meta = m.meta.clone();
            p.tags = m.tags.clone();
            p.runtime_deps = m.runtime_deps.clone();
            p.dependencies = m.dependencies.clone();
            p.files = Some(files);
            p.updated = t;
            p.id
        }
        None => store.packs.insert_with(|id| {
            let mut p = Pack::new(id, &m.r#ref, &m.label, &m.version);
            p.description = m.description.clone();
            p.conf_schema = m.conf_schema.clone();
            p.config = m.config.clone();
            p.meta = m.meta.clone();
            p.tags = m.tags.clone();
            p.runtime_deps = m.runtime_deps.clone();
            p.dependencies = m.dependencies.clone();
            p.owner_identity = owner;
            p.files = Some(files);
            p
        }),
    };
    let pack_ref = m.r#ref.clone();

    // triggers
    let mut keep_triggers = Vec::new();
    for td in &m.triggers {
        let found = store
            .triggers
            .iter()
            .find(|x| x.r#ref == td.r#ref)
            .map(|x| x.id);
        let id = match found {
            Some(id) => id,
            None => store.triggers.insert_with(|id| {
                Trigger::new(id, &td.r#ref, Some((pack_id, pack_ref.clone())), &td.label)
            }),
        };
        if let Some(tr) = store.triggers.get_mut(id) {
            tr.label = td.label.clone();
            tr.description = td.description.clone();
            tr.enabled = td.enabled;
            tr.param_schema = td.param_schema.clone();
            tr.out_schema = td.out_schema.clone();
            tr.is_adhoc = false;
            tr.owner_identity = owner;
            tr.updated = t;
        }
        keep_triggers.push(id);
    }

    // actions (file actions and workflow companions)
    let mut keep_actions = Vec::new();
    let mut keep_workflows = Vec::new();
    for a in &m.actions {
        let aid = upsert_action(store, pack_id, &pack_ref, a, owner);
        keep_actions.push(aid);
        if let Some(def) = &a.workflow {
            let wid = upsert_workflow(
                store,
                WorkflowSpec {
                    pack_id,
                    pack_ref: &pack_ref,
                    r#ref: &a.r#ref,
                    label: &a.label,
                    description: a.description.clone(),
                    version: def
                        .get("version")
                        .and_then(Value::as_str)
                        .unwrap_or(&m.version),
                    definition: def,
                    param_schema: schema_or(&a.param_schema, def, "parameters"),
                    out_schema: schema_or(&a.out_schema, def, "output"),
                    tags: vec![],
                    owner,
                },
                aid,
            );
            keep_workflows.push(wid);
            wf_changes.push(wid);
        }
    }
    for w in &m.workflows {
        let def = &w.definition;
        let companion = ActionDef {
            r#ref: w.r#ref.clone(),
            label: w.label.clone(),
            description: w.description.clone(),
            enabled: true,
            runner: Runner::Other("workflow".into()),
            entry_point: format!(
                "workflows/{}.yaml",
                w.r#ref.split_once('.').map_or("", |x| x.1)
            ),
            file: None,
            workflow: Some(def.clone()),
            param_schema: def.get("parameters").cloned().unwrap_or(Value::Null),
            out_schema: def.get("output").cloned().unwrap_or(Value::Null),
            dotenv_parameters: false,
            output_format: None,
            timeout_seconds: None,
            permission_set_refs: vec![],
        };
        let aid = upsert_action(store, pack_id, &pack_ref, &companion, owner);
        keep_actions.push(aid);
        let wid = upsert_workflow(
            store,
            WorkflowSpec {
                pack_id,
                pack_ref: &pack_ref,
                r#ref: &w.r#ref,
                label: &w.label,
                description: w.description.clone(),
                version: &w.version,
                definition: def,
                param_schema: schema_or(&Value::Null, def, "parameters"),
                out_schema: schema_or(&Value::Null, def, "output"),
                tags: w.tags.clone(),
                owner,
            },
            aid,
        );
        keep_workflows.push(wid);
        wf_changes.push(wid);
    }

    // sensors (registered; not run)
    let mut keep_sensors = Vec::new();
    for s in &m.sensors {
        let rt_ref = s.runner.runtime_ref();
        let rt = runtime_id(store, &rt_ref).unwrap_or(0);
        let trig_ref = s.trigger_types.first().cloned().unwrap_or_default();
        let trig = crate::state::triggers::find(store, &trig_ref).map_or(0, |x| x.id);
        let build = |id: i64, created| Sensor {
            id,
            r#ref: s.r#ref.clone(),
            pack: Some(pack_id),
            pack_ref: Some(pack_ref.clone()),
            label: s.label.clone(),
            description: s.description.clone(),
            entrypoint: s.entry_point.clone(),
            runtime: rt,
            runtime_ref: rt_ref.clone(),
            trigger: trig,
            trigger_ref: trig_ref.clone(),
            enabled: s.enabled,
            param_schema: s.param_schema.clone(),
            config: s.config.clone(),
            worker_selector: json!({}),
            worker_tolerations: json!([]),
            worker_affinity: json!({}),
            created,
            updated: t,
        };
        let (id, _) = store
            .sensors
            .upsert_where(|x| x.r#ref == s.r#ref, |x| x.created, t, build);
        keep_sensors.push(id);
    }

    // rules
    let mut keep_rules = Vec::new();
    for rd in &m.rules {
        let action = actions::find(store, &rd.action_ref).map(|a| a.id);
        let trigger = crate::state::triggers::find(store, &rd.trigger_ref).map(|x| x.id);
        let build = |id: i64, created| Rule {
            id,
            r#ref: rd.r#ref.clone(),
            pack: pack_id,
            pack_ref: pack_ref.clone(),
            label: rd.label.clone(),
            description: rd.description.clone(),
            action,
            action_ref: rd.action_ref.clone(),
            trigger,
            trigger_ref: rd.trigger_ref.clone(),
            conditions: rd.conditions.clone(),
            action_params: rd.action_params.clone(),
            trigger_params: rd.trigger_params.clone(),
            enabled: rd.enabled,
            is_adhoc: false,
            owner_identity: owner,
            permission_set_refs: None,
            trace_tag_template: None,
            sensor_worker_selector: json!({}),
            sensor_worker_tolerations: json!([]),
            sensor_worker_affinity: json!({}),
            created,
            updated: t,
        };
        let (id, inserted) =
            store
                .rules
                .upsert_where(|x| x.r#ref == rd.r#ref, |x| x.created, t, build);
        let change = if inserted {
            RuleChange::Created
        } else {
            RuleChange::Updated
        };
        rule_changes.push((id, rd.r#ref.clone(), change));
        keep_rules.push(id);
    }

    // components of an earlier installation that are gone from the files
    if existing.is_some() {
        let gone_rules: Vec<(i64, String)> = store
            .rules
            .iter()
            .filter(|x| x.pack == pack_id && !x.is_adhoc && !keep_rules.contains(&x.id))
            .map(|x| (x.id, x.r#ref.clone()))
            .collect();
        for (id, r) in gone_rules {
            store.rules.remove(id);
            rule_changes.push((id, r, RuleChange::Deleted));
        }
        let gone: Vec<i64> = store
            .workflows
            .iter()
            .filter(|x| x.pack == pack_id && !keep_workflows.contains(&x.id))
            .map(|x| x.id)
            .collect();
        for id in gone {
            store.workflows.remove(id);
        }
        let gone: Vec<i64> = store
            .actions
            .iter()
            .filter(|x| x.pack == pack_id && !x.is_adhoc && !keep_actions.contains(&x.id))
            .map(|x| x.id)
            .collect();
        for id in gone {
            store.actions.remove(id);
        }
        let gone: Vec<i64> = store
            .sensors
            .iter()
            .filter(|x| x.pack == Some(pack_id) && !keep_sensors.contains(&x.id))
            .map(|x| x.id)
            .collect();
        for id in gone {
            store.sensors.remove(id);
        }
        let gone: Vec<i64> = store
            .triggers
            .iter()
            .filter(|x| x.pack == Some(pack_id) && !x.is_adhoc && !keep_triggers.contains(&x.id))
            .map(|x| x.id)
            .collect();
        for id in gone {
            store.triggers.remove(id);
        }
    }
    Installed {
        pack_id,
        updated: existing.is_some(),
        previous_dir,
    }
}

fn schema_or(given: &Value, def: &Value, key: &str) -> Value {
    if given.is_null() {
        def.get(key).cloned().unwrap_or(Value::Object(Map::new()))
    } else {
        given.clone()
    }
}

fn upsert_action(
    store: &mut Store,
    pack_id: i64,
    pack_ref: &str,
    a: &ActionDef,
    owner: Option<i64>,
) -> i64 {
    let rt_ref = (a.workflow.is_none()).then(|| a.runner.runtime_ref());
    let rt = rt_ref.as_deref().and_then(|r| runtime_id(store, r));
    let id = match actions::find(store, &a.r#ref).map(|x| x.id) {
        Some(id) => id,
        None => store
            .actions
            .insert_with(|id| Action::new(id, &a.r#ref, pack_id, pack_ref, &a.label, "")),
    };
    if let Some(x) = store.actions.get_mut(id) {
        x.label = a.label.clone();
        x.description = a.description.clone();
        x.entrypoint = a.entry_point.clone();
        x.runtime = rt;
        x.runtime_ref = rt_ref;
        x.enabled = a.enabled;
        x.param_schema = a.param_schema.clone();
        x.out_schema = a.out_schema.clone();
        x.is_adhoc = false;
        x.timeout_seconds = a.timeout_seconds;
        x.default_execution_permission_set_refs = a.permission_set_refs.clone();
        x.owner_identity = owner;
        x.updated = now();
    }
    id
}

struct WorkflowSpec<'a> {
    pack_id: i64,
    pack_ref: &'a str,
    r#ref: &'a str,
    label: &'a str,
    description: Option<String>,
    version: &'a str,
    definition: &'a Value,
    param_schema: Value,
    out_schema: Value,
    tags: Vec<String>,
    owner: Option<i64>,
}

fn upsert_workflow(store: &mut Store, w: WorkflowSpec<'_>, action_id: i64) -> i64 {
    let t = now();
    let build = |id: i64, created| Workflow {
        id,
        r#ref: w.r#ref.to_string(),
        pack: w.pack_id,
        pack_ref: w.pack_ref.to_string(),
        label: w.label.to_string(),
        description: w.description.clone(),
        version: w.version.to_string(),
        param_schema: w.param_schema.clone(),
        out_schema: w.out_schema.clone(),
        definition: w.definition.clone(),
        tags: w.tags.clone(),
        action: Some(action_id),
        owner_identity: w.owner,
        created,
        updated: t,
    };
    let (id, _) = store
        .workflows
        .upsert_where(|x| x.r#ref == w.r#ref, |x| x.created, t, build);
    if let Some(a) = store.actions.get_mut(action_id) {
        a.workflow_def = Some(id);
    }
    id
}
