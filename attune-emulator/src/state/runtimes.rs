//! Runtimes (the built-in catalogue plus API-created ones).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::Store;

/// A runtime.
#[derive(Debug, Clone)]
pub struct Runtime {
    /// Id.
    pub id: i64,
    /// Ref (`core.shell`).
    pub r#ref: String,
    /// Name (`Shell`).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Pack id.
    pub pack: Option<i64>,
    /// Pack ref.
    pub pack_ref: Option<String>,
    /// Distributions.
    pub distributions: Value,
    /// Execution config (interpreter etc.).
    pub execution_config: Value,
    /// Installation (nullable).
    pub installation: Value,
    /// Created.
    pub created: DateTime<Utc>,
    /// Updated.
    pub updated: DateTime<Utc>,
}

impl Runtime {
    /// `RuntimeResponse`.
    pub fn response(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "name": self.name, "description": self.description,
            "pack": self.pack, "pack_ref": self.pack_ref, "distributions": self.distributions,
            "execution_config": self.execution_config, "installation": self.installation,
            "created": self.created, "updated": self.updated,
        })
    }
    /// `RuntimeSummary`.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id, "ref": self.r#ref, "name": self.name, "description": self.description,
            "pack_ref": self.pack_ref, "created": self.created, "updated": self.updated,
        })
    }
}

/// Runtime by ref; also accepts aliases (`shell`, `bash`, `sh`, `python`, ...) and case-insensitive names.
pub fn find<'a>(store: &'a Store, r: &str) -> Option<&'a Runtime> {
    let lower = r.to_lowercase();
    let canonical = match lower.as_str() {
        "shell" | "bash" | "sh" => "core.shell".to_string(),
        "python" | "python3" => "core.python".to_string(),
        "node" | "nodejs" => "core.nodejs".to_string(),
        other if !other.contains('.') => format!("core.{other}"),
        other => other.to_string(),
    };
    store
        .runtimes
        .iter()
        .find(|x| x.r#ref == r)
        .or_else(|| store.runtimes.iter().find(|x| x.r#ref == canonical))
}
