//! Typed shapes of the worker-placement fields (`worker_selector`,
//! `worker_tolerations`, `worker_affinity`) the real server deserializes
//! into typed structs; used only to reject mistyped input (the stored value
//! stays the JSON that was sent).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::ApiResult;

/// `worker_selector`: exact label requirements.
pub type WorkerSelector = BTreeMap<String, String>;

/// One `match_expressions` entry.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct LabelExpression {
    key: String,
    operator: LabelOperator,
    #[serde(default)]
    values: Vec<String>,
}

/// Operator of a label expression.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelOperator {
    /// Label value in `values`.
    In,
    /// Label value not in `values`.
    NotIn,
    /// Label present.
    Exists,
    /// Label absent.
    DoesNotExist,
}

/// A selector term (`match_labels` and/or `match_expressions`).
#[derive(Debug, Default, Deserialize)]
#[allow(dead_code)]
pub struct SelectorTerm {
    #[serde(default)]
    match_labels: BTreeMap<String, String>,
    #[serde(default)]
    match_expressions: Vec<LabelExpression>,
}

/// A weighted preferred term.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct PreferredTerm {
    preference: SelectorTerm,
    #[serde(default)]
    weight: i32,
}

/// `worker_affinity`.
#[derive(Debug, Default, Deserialize)]
#[allow(dead_code)]
pub struct WorkerAffinity {
    #[serde(default)]
    required: Vec<SelectorTerm>,
    #[serde(default)]
    preferred: Vec<PreferredTerm>,
    #[serde(default)]
    anti_affinity: Vec<SelectorTerm>,
}

/// Toleration operator.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TolerationOperator {
    /// Key and value must match.
    #[default]
    Equal,
    /// Key must exist.
    Exists,
}

/// Taint effect.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaintEffect {
    /// Never schedule.
    NoSchedule,
    /// Avoid scheduling.
    PreferNoSchedule,
}

/// One `worker_tolerations` entry.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct WorkerToleration {
    key: String,
    #[serde(default)]
    operator: TolerationOperator,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    effect: Option<TaintEffect>,
}

/// Type-checks the placement fields present in a request body (422 on mismatch).
pub fn check_placement_fields(body: &Map<String, Value>) -> ApiResult<()> {
    super::routes::field::<WorkerSelector>(body, "worker_selector")?;
    super::routes::field::<Vec<WorkerToleration>>(body, "worker_tolerations")?;
    super::routes::field::<WorkerAffinity>(body, "worker_affinity")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> bool {
        v.as_object()
            .is_some_and(|m| check_placement_fields(m).is_ok())
    }

    #[test]
    fn accepts_well_typed_and_rejects_mistyped_placement() {
        assert!(check(json!({
            "worker_selector": {"zone": "a"},
            "worker_tolerations": [{"key": "gpu", "operator": "exists", "effect": "no_schedule"}],
            "worker_affinity": {"required": [{"match_labels": {"os": "linux"},
                "match_expressions": [{"key": "arch", "operator": "in", "values": ["x86_64"]}]}],
                "preferred": [{"preference": {}, "weight": 5}]}
        })));
        assert!(check(
            json!({"worker_affinity": {}, "worker_selector": {}, "worker_tolerations": []})
        ));
        assert!(!check(json!({"worker_affinity": 0})));
        assert!(!check(json!({"worker_selector": {"zone": {}}})));
        assert!(!check(
            json!({"worker_tolerations": [{"operator": "equal"}]})
        ));
        assert!(!check(
            json!({"worker_affinity": {"required": [{"match_expressions": [{"key": "k", "operator": "near"}]}]}})
        ));
    }
}
