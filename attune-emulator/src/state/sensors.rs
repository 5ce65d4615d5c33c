//! Sensors (stored only; the emulator runs no sensor processes).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::Store;

/// A sensor.
#[derive(Debug, Clone)]
pub struct Sensor {
    /// Id.
    pub id: i64,
    /// Ref.
    pub r#ref: String,
    /// Pack id.
    pub pack: Option<i64>,
    /// Pack ref.
    pub pack_ref: Option<String>,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Entrypoint.
    pub entrypoint: String,
    /// Runtime id.
    pub runtime: i64,
    /// Runtime ref.
    pub runtime_ref: String,
    /// Trigger id.
    pub trigger: i64,
    /// Trigger ref.
    pub trigger_ref: String,
    /// Enabled.
    pub enabled: bool,
    /// Param schema (nullable).
    pub param_schema: Value,
    /// Instance config.
    pub config: Value,
    /// Worker selector.
    pub worker_selector: Value,
    /// Worker tolerations.
    pub worker_tolerations: Value,
    /// Worker affinity.
    pub worker_affinity: Value,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

impl Sensor {
    /// `SensorResponse`.
    pub fn response(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "pack": self.pack, "pack_ref": self.pack_ref,
            "label": self.label, "description": self.description, "entrypoint": self.entrypoint,
            "runtime": self.runtime, "runtime_ref": self.runtime_ref, "trigger_ref": self.trigger_ref,
            "enabled": self.enabled, "param_schema": self.param_schema,
            "worker_selector": self.worker_selector, "worker_tolerations": self.worker_tolerations,
            "worker_affinity": self.worker_affinity, "created": self.created, "updated": self.updated,
        })
    }
    /// `SensorSummary`.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "pack_ref": self.pack_ref, "label": self.label,
            "description": self.description, "enabled": self.enabled,
            "created": self.created, "updated": self.updated,
        })
    }
}

/// Sensor by ref.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Sensor> {
    store.sensors.iter().find(|s| s.r#ref == r)
}
