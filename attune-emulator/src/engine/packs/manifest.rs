//! Reading a pack directory into a [`PackManifest`].
//!
//! Layout and keys (as upstream's `packs/core/` and its fixture packs):
//!
//! * `pack.yaml`: `ref` (required), `label` (else `name`, else the ref), `version` (required),
//!   `description`, `conf_schema` (or `config_schema`), `config`, `meta` (or `metadata`), `tags`
//!   (or `keywords`), `runtime_deps`, `dependencies`;
//! * `actions/*.yaml`: `ref` (else `<pack>.<name>`, `name` else the file stem), `label`,
//!   `description`, `enabled`, `runner_type` (or `runtime`: `shell`, `python`, `nodejs`, ...),
//!   `entry_point` (a file under `actions/`), `workflow_file` (a workflow definition under
//!   `actions/`, making the action a workflow), `parameters`, `output`, `parameter_delivery`,
//!   `parameter_format` (`json` or `dotenv`), `output_format`, `timeout` /
//!   `timeout_seconds`, `default_execution_permission_set_refs`;
//! * `workflows/*.yaml`: a workflow definition (`ref` else `<pack>.<stem>`, `label`, `version`,
//!   `parameters`, `output`, `tasks`, ...);
//! * `triggers/*.yaml`: `ref`, `label`, `description`, `enabled`, `parameters`, `output` (or
//!   `payload_schema`);
//! * `sensors/*.yaml`: `ref`, `label`, `description`, `enabled`, `runner_type`, `entry_point`,
//!   `trigger_types` (or `trigger_type`), `parameters`, `config`;
//! * `rules/*.yaml`: `ref`, `label`, `description`, `enabled`, `trigger` (or `trigger_ref`),
//!   `action` (or `action_ref`), `conditions` (or `criteria`), `action_params` (or
//!   `parameters`), `trigger_params`.
//!
//! Dependency files at the pack root: `requirements.txt` (Python) and `package.json`
//! (Node.js).

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Map, Value};

use super::PackError;

/// How an action's program is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// `bash <file>`.
    Shell,
    /// `python -u <file>` in the pack's virtualenv.
    Python,
    /// `node <file>` with the pack's `node_modules`.
    Node,
    /// Any other runtime (stored; executions fail as on a worker without it).
    Other(String),
}

impl Runner {
    /// From `runner_type` / `runtime`.
    pub fn parse(s: &str) -> Runner {
        let l = s.trim().to_ascii_lowercase();
        let l = l.strip_prefix("core.").unwrap_or(&l).to_string();
        match l.as_str() {
            "shell" | "bash" | "sh" | "local-shell-script" | "local-shell-cmd" => Runner::Shell,
            "python" | "python3" | "python-script" => Runner::Python,
            "nodejs" | "node" | "javascript" | "js" => Runner::Node,
            _ => Runner::Other(l),
        }
    }

    /// The runtime ref actions of this runner get.
    pub fn runtime_ref(&self) -> String {
        match self {
            Runner::Shell => "core.shell".into(),
            Runner::Python => "core.python".into(),
            Runner::Node => "core.nodejs".into(),
            Runner::Other(o) => format!("core.{o}"),
        }
    }
}

/// An action read from `actions/<name>.yaml`.
#[derive(Debug, Clone)]
pub struct ActionDef {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Runner.
    pub runner: Runner,
    /// `entry_point` as written.
    pub entry_point: String,
    /// Program file, relative to the pack root (`actions/<entry_point>`); `None` for workflows.
    pub file: Option<PathBuf>,
    /// Workflow definition (from `workflow_file`).
    pub workflow: Option<Value>,
    /// Parameter schema.
    pub param_schema: Value,
    /// Output schema.
    pub out_schema: Value,
    /// `dotenv` parameters on stdin instead of JSON.
    pub dotenv_parameters: bool,
    /// `output_format`.
    pub output_format: Option<String>,
    /// Default timeout.
    pub timeout_seconds: Option<i64>,
    /// Default execution permission sets.
    pub permission_set_refs: Vec<String>,
}

/// A workflow read from `workflows/<name>.yaml`.
#[derive(Debug, Clone)]
pub struct WorkflowDef {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// The definition.
    pub definition: Value,
    /// Tags.
    pub tags: Vec<String>,
}

/// A trigger.
#[derive(Debug, Clone)]
pub struct TriggerDef {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Parameter schema.
    pub param_schema: Value,
    /// Payload schema.
    pub out_schema: Value,
}

/// A sensor (registered, not run: see docs/emulator.md).
#[derive(Debug, Clone)]
pub struct SensorDef {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Runner.
    pub runner: Runner,
    /// Entry point.
    pub entry_point: String,
    /// Trigger refs.
    pub trigger_types: Vec<String>,
    /// Parameter schema.
    pub param_schema: Value,
    /// Config.
    pub config: Value,
}

/// A rule.
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Enabled.
    pub enabled: bool,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Action ref.
    pub action_ref: String,
    /// Conditions.
    pub conditions: Value,
    /// Action parameters.
    pub action_params: Value,
    /// Trigger parameters.
    pub trigger_params: Value,
}

/// A whole pack directory, read and checked.
#[derive(Debug, Clone)]
pub struct PackManifest {
    /// Ref.
    pub r#ref: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// Config schema.
    pub conf_schema: Value,
    /// Default config.
    pub config: Value,
    /// Meta.
    pub meta: Value,
    /// Tags.
    pub tags: Vec<String>,
    /// Runtime deps.
    pub runtime_deps: Vec<String>,
    /// Pack deps.
    pub dependencies: Vec<String>,
    /// Actions.
    pub actions: Vec<ActionDef>,
    /// Workflows (`workflows/*.yaml`).
    pub workflows: Vec<WorkflowDef>,
    /// Triggers.
    pub triggers: Vec<TriggerDef>,
    /// Sensors.
    pub sensors: Vec<SensorDef>,
    /// Rules.
    pub rules: Vec<RuleDef>,
}

fn bad(m: impl Into<String>) -> PackError {
    PackError::BadRequest(m.into())
}

/// Parse a YAML file into JSON.
fn read_yaml(root: &Path, rel: &Path) -> Result<Value, PackError> {
    let text = std::fs::read_to_string(root.join(rel))
        .map_err(|e| bad(format!("Failed to read {}: {e}", rel.display())))?;
    let v: Value = serde_yaml_ng::from_str(&text)
        .map_err(|e| bad(format!("Failed to parse {}: {e}", rel.display())))?;
    match v {
        Value::Object(_) => Ok(v),
        Value::Null => Err(bad(format!("{} is empty", rel.display()))),
        _ => Err(bad(format!("{} must be a YAML mapping", rel.display()))),
    }
}

fn text(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

fn obj(v: &Value, keys: &[&str], default: Value) -> Value {
    keys.iter()
        .find_map(|k| v.get(*k).filter(|x| !x.is_null()).cloned())
        .unwrap_or(default)
}

fn list(v: &Value, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .find_map(|k| match v.get(*k) {
            Some(Value::Array(a)) => Some(
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            ),
            Some(Value::String(s)) => Some(vec![s.clone()]),
            _ => None,
        })
        .unwrap_or_default()
}

fn flag(v: &Value, key: &str, default: bool) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(default)
}

/// `^[a-z][a-z0-9_-]*$` (pack refs and component names).
pub fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_lowercase())
        && c.all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == '_' || x == '-')
}

/// The component ref `<pack>.<name>` of a YAML document (its `ref`, else `name`, else the
/// file stem), checked to belong to the pack.
fn component_ref(kind: &str, pack: &str, doc: &Value, stem: &str) -> Result<String, PackError> {
    let r = match text(doc, &["ref"]) {
        Some(r) => r,
        None => format!(
            "{pack}.{}",
            text(doc, &["name"]).unwrap_or_else(|| stem.into())
        ),
    };
    match r.split_once('.') {
        Some((p, n)) if p == pack && is_identifier(n) => Ok(r),
        Some((p, _)) if p != pack => Err(bad(format!(
            "{kind} ref '{r}' does not belong to pack '{pack}'"
        ))),
        _ => Err(bad(format!(
            "Invalid {kind} ref '{r}': expected '{pack}.<name>' with a lowercase name ([a-z][a-z0-9_-]*)"
        ))),
    }
}

/// A relative path under `base`, refusing `..` and absolute paths.
fn inside(base: &str, p: &str, what: &str) -> Result<PathBuf, PackError> {
    let rel = Path::new(p);
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        || p.is_empty()
    {
        return Err(bad(format!(
            "{what} '{p}' must be a relative path inside the pack"
        )));
    }
    Ok(Path::new(base).join(rel))
}

/// YAML files (`*.yaml`, `*.yml`) directly in `root/sub`, sorted; empty when the folder is absent.
fn yaml_files(root: &Path, sub: &str) -> Result<Vec<(PathBuf, String)>, PackError> {
    let dir = root.join(sub);
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).map_err(PackError::io)? {
        let e = e.map_err(PackError::io)?;
        let p = e.path();
        if !p.is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy().to_string();
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        if let Some(stem) = stem {
            let stem = stem.strip_suffix(".workflow").unwrap_or(stem).to_string();
            out.push((Path::new(sub).join(&name), stem));
        }
    }
    out.sort();
    Ok(out)
}

/// Read and check the pack in `root` (the directory holding `pack.yaml`).
pub fn read_pack(root: &Path) -> Result<PackManifest, PackError> {
    if !root.join("pack.yaml").is_file() {
        return Err(bad(format!(
            "pack.yaml not found in directory: {}",
            root.display()
        )));
    }
    let pack = read_yaml(root, Path::new("pack.yaml"))?;
    let r = text(&pack, &["ref"]).ok_or_else(|| bad("Missing 'ref' field in pack.yaml"))?;
    if !is_identifier(&r) || r.len() > 255 {
        return Err(bad(format!(
            "Invalid pack ref '{r}': must match [a-z][a-z0-9_-]*"
        )));
    }
    let version =
        text(&pack, &["version"]).ok_or_else(|| bad("Missing 'version' field in pack.yaml"))?;
    let mut m = PackManifest {
        label: text(&pack, &["label", "name"]).unwrap_or_else(|| r.clone()),
        description: text(&pack, &["description"]),
        version,
        conf_schema: obj(&pack, &["conf_schema", "config_schema"], json!({})),
        config: obj(&pack, &["config"], json!({})),
        meta: obj(&pack, &["meta", "metadata"], json!({})),
        tags: list(&pack, &["tags", "keywords"]),
        runtime_deps: list(&pack, &["runtime_deps"]),
        dependencies: list(&pack, &["dependencies"]),
        r#ref: r.clone(),
        actions: vec![],
        workflows: vec![],
        triggers: vec![],
        sensors: vec![],
        rules: vec![],
    };
    for (rel, stem) in yaml_files(root, "actions")? {
        let doc = read_yaml(root, &rel)?;
        m.actions.push(read_action(root, &r, &rel, &stem, &doc)?);
    }
    for (rel, stem) in yaml_files(root, "workflows")? {
        let doc = read_yaml(root, &rel)?;
        let wr = component_ref("Workflow", &r, &doc, &stem)?;
        m.workflows.push(WorkflowDef {
            label: text(&doc, &["label", "name"]).unwrap_or_else(|| wr.clone()),
            description: text(&doc, &["description"]),
            version: text(&doc, &["version"]).unwrap_or_else(|| "1.0.0".into()),
            tags: list(&doc, &["tags"]),
            definition: with_ref(doc, &wr),
            r#ref: wr,
        });
    }
    for (rel, stem) in yaml_files(root, "triggers")? {
        let doc = read_yaml(root, &rel)?;
        let tr = component_ref("Trigger", &r, &doc, &stem)?;
        m.triggers.push(TriggerDef {
            label: text(&doc, &["label", "name"]).unwrap_or_else(|| tr.clone()),
            description: text(&doc, &["description"]),
            enabled: flag(&doc, "enabled", true),
            param_schema: obj(&doc, &["parameters", "param_schema"], Value::Null),
            out_schema: obj(
                &doc,
                &["output", "payload_schema", "out_schema"],
                Value::Null,
            ),
            r#ref: tr,
        });
    }
    for (rel, stem) in yaml_files(root, "sensors")? {
        let doc = read_yaml(root, &rel)?;
        let sr = component_ref("Sensor", &r, &doc, &stem)?;
        m.sensors.push(SensorDef {
            label: text(&doc, &["label", "name"]).unwrap_or_else(|| sr.clone()),
            description: text(&doc, &["description"]),
            enabled: flag(&doc, "enabled", true),
            runner: Runner::parse(&text(&doc, &["runner_type", "runtime"]).unwrap_or_default()),
            entry_point: text(&doc, &["entry_point"]).unwrap_or_default(),
            trigger_types: list(&doc, &["trigger_types", "trigger_type", "trigger"]),
            param_schema: obj(&doc, &["parameters"], Value::Null),
            config: obj(&doc, &["config"], json!({})),
            r#ref: sr,
        });
    }
    for (rel, stem) in yaml_files(root, "rules")? {
        let doc = read_yaml(root, &rel)?;
        let rr = component_ref("Rule", &r, &doc, &stem)?;
        let trigger_ref = text(&doc, &["trigger_ref", "trigger"])
            .or_else(|| {
                doc.pointer("/trigger/type")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .ok_or_else(|| bad(format!("{}: missing 'trigger_ref'", rel.display())))?;
        let action_ref = text(&doc, &["action_ref", "action"])
            .or_else(|| {
                doc.pointer("/action/ref")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .ok_or_else(|| bad(format!("{}: missing 'action_ref'", rel.display())))?;
        let action_params = match doc.get("action_params") {
            Some(v) if !v.is_null() => v.clone(),
            _ => doc
                .pointer("/action/parameters")
                .or_else(|| doc.get("parameters"))
                .cloned()
                .unwrap_or(json!({})),
        };
        m.rules.push(RuleDef {
            label: text(&doc, &["label", "name"]).unwrap_or_else(|| rr.clone()),
            description: text(&doc, &["description"]),
            enabled: flag(&doc, "enabled", true),
            trigger_ref,
            action_ref,
            conditions: obj(&doc, &["conditions", "criteria"], json!({})),
            action_params,
            trigger_params: obj(&doc, &["trigger_params"], json!({})),
            r#ref: rr,
        });
    }
    check_unique(&m)?;
    Ok(m)
}

fn with_ref(mut doc: Value, r: &str) -> Value {
    if let Some(o) = doc.as_object_mut() {
        o.insert("ref".into(), json!(r));
    }
    doc
}

fn read_action(
    root: &Path,
    pack: &str,
    rel: &Path,
    stem: &str,
    doc: &Value,
) -> Result<ActionDef, PackError> {
    let ar = component_ref("Action", pack, doc, stem)?;
    let runner = Runner::parse(&text(doc, &["runner_type", "runtime"]).unwrap_or_default());
    let entry_point = text(doc, &["entry_point", "entrypoint"]).unwrap_or_default();
    let (file, workflow) = match text(doc, &["workflow_file"]) {
        Some(wf) => {
            let p = inside("actions", &wf, "workflow_file")?;
            if !root.join(&p).is_file() {
                return Err(bad(format!(
                    "{}: workflow_file '{wf}' not found",
                    rel.display()
                )));
            }
            (None, Some(with_ref(read_yaml(root, &p)?, &ar)))
        }
        None => {
            if entry_point.is_empty() {
                return Err(bad(format!("{}: missing 'entry_point'", rel.display())));
            }
            let p = inside("actions", &entry_point, "entry_point")?;
            if !root.join(&p).is_file() {
                return Err(bad(format!(
                    "{}: entry_point file '{}' not found",
                    rel.display(),
                    p.display()
                )));
            }
            (Some(p), None)
        }
    };
    let format = text(doc, &["parameter_format"]).unwrap_or_else(|| "json".into());
    Ok(ActionDef {
        label: text(doc, &["label", "name"]).unwrap_or_else(|| ar.clone()),
        description: text(doc, &["description"]),
        enabled: flag(doc, "enabled", true),
        runner,
        entry_point,
        file,
        workflow,
        param_schema: obj(doc, &["parameters", "param_schema"], Value::Null),
        out_schema: obj(doc, &["output", "output_schema", "out_schema"], Value::Null),
        dotenv_parameters: format.eq_ignore_ascii_case("dotenv"),
        output_format: text(doc, &["output_format"]),
        timeout_seconds: doc
            .get("timeout_seconds")
            .or_else(|| doc.get("timeout"))
            .and_then(Value::as_i64),
        permission_set_refs: list(doc, &["default_execution_permission_set_refs"]),
        r#ref: ar,
    })
}

fn check_unique(m: &PackManifest) -> Result<(), PackError> {
    let mut seen = std::collections::HashSet::new();
    for r in m
        .actions
        .iter()
        .map(|a| &a.r#ref)
        .chain(m.workflows.iter().map(|w| &w.r#ref))
    {
        if !seen.insert(r.clone()) {
            return Err(bad(format!(
                "Action or workflow ref '{r}' is defined twice"
            )));
        }
    }
    Ok(())
}

/// Parameters as `KEY='value'` lines (`parameter_format: dotenv`): strings raw, other values as
/// compact JSON, single quotes written as `'\''`.
pub fn dotenv(params: &Value) -> String {
    let mut out = String::new();
    if let Some(o) = params.as_object() {
        for (k, v) in o {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            out.push_str(&format!("{k}='{}'\n", s.replace('\'', "'\\''")));
        }
    }
    out
}

/// An empty JSON object.
pub fn empty() -> Value {
    Value::Object(Map::new())
}
