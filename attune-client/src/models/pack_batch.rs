//! Models of the pack maintenance operations that work on several packs at once (server-side paths):
//! `POST /api/v1/packs/download`, `/dependencies`, `/build-envs` and `/register-batch`.
//!
//! Decoding is lenient: every response field has a default, unknown fields are ignored, and nested
//! records a server may extend (per-runtime environment details, validation results) stay JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Body of `POST /api/v1/packs/download`: fetch packs from sources (git URLs, archive URLs, registry refs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DownloadPacksRequest {
    /// Pack sources.
    pub packs: Vec<String>,
    /// Git ref (branch, tag, commit) for git sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_spec: Option<String>,
}

impl DownloadPacksRequest {
    /// A request for these sources.
    pub fn new<S: Into<String>>(packs: impl IntoIterator<Item = S>) -> Self {
        Self {
            packs: packs.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

setters!(DownloadPacksRequest {
    /// Set `ref_spec`.
    with_ref_spec(ref_spec: into String),
});

/// A pack the server downloaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DownloadedPack {
    /// Where the server put it.
    pub pack_path: String,
    /// Its ref.
    pub pack_ref: String,
    /// Its version.
    pub pack_version: String,
    /// The source it came from.
    pub source: String,
    /// `git`, `archive`, `registry`, ...
    pub source_type: String,
    /// Archive checksum, when known.
    pub checksum: Option<String>,
    /// Git commit, for git sources.
    pub git_commit: Option<String>,
}

/// A source that could not be downloaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FailedPack {
    /// The source.
    pub source: String,
    /// Why.
    pub error: String,
}

/// Response of `POST /api/v1/packs/download`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DownloadPacksResponse {
    /// Downloaded packs.
    pub downloaded_packs: Vec<DownloadedPack>,
    /// Failed sources.
    pub failed_packs: Vec<FailedPack>,
    /// How many failed.
    pub failure_count: i64,
    /// How many succeeded.
    pub success_count: i64,
    /// How many were asked for.
    pub total_count: i64,
}

/// Body of `POST /api/v1/packs/dependencies`: analyse packs on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackDependenciesRequest {
    /// Server-side pack directories.
    pub pack_paths: Vec<String>,
    /// Skip validating the packs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_validation: Option<bool>,
}

impl PackDependenciesRequest {
    /// A request for these directories.
    pub fn new<S: Into<String>>(pack_paths: impl IntoIterator<Item = S>) -> Self {
        Self {
            pack_paths: pack_paths.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

setters!(PackDependenciesRequest {
    /// Set `skip_validation`.
    with_skip_validation(skip_validation: bool),
});

/// A pack that was analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AnalyzedPack {
    /// Its directory.
    pub pack_path: String,
    /// Its ref.
    pub pack_ref: String,
    /// Whether it depends on other packs.
    pub has_dependencies: bool,
    /// How many packs it depends on.
    pub dependency_count: i64,
}

/// A dependency of one pack on another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackDependency {
    /// The pack depended on.
    pub pack_ref: String,
    /// The version it must satisfy.
    pub version_spec: String,
    /// The pack that needs it.
    pub required_by: String,
    /// Whether the server already has it.
    pub already_installed: bool,
}

/// A pack that could not be analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DependencyError {
    /// Its directory.
    pub pack_path: String,
    /// Why.
    pub error: String,
}

/// Response of `POST /api/v1/packs/dependencies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackDependenciesResponse {
    /// The packs analysed.
    pub analyzed_packs: Vec<AnalyzedPack>,
    /// Every dependency found.
    pub dependencies: Vec<PackDependency>,
    /// Dependencies the server does not have.
    pub missing_dependencies: Vec<PackDependency>,
    /// Packs that could not be analysed.
    pub errors: Vec<DependencyError>,
    /// Runtime requirements by pack (shape left to the server).
    pub runtime_requirements: Value,
}

/// Body of `POST /api/v1/packs/build-envs`: build Python / Node.js environments for packs on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BuildPackEnvsRequest {
    /// Server-side pack directories.
    pub pack_paths: Vec<String>,
    /// Rebuild existing environments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_rebuild: Option<bool>,
    /// Node.js version to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodejs_version: Option<String>,
    /// Base directory the paths are relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packs_base_dir: Option<String>,
    /// Python version to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python_version: Option<String>,
    /// Do not build Node.js environments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_nodejs: Option<bool>,
    /// Do not build Python environments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_python: Option<bool>,
    /// Time limit in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
}

impl BuildPackEnvsRequest {
    /// A request for these directories.
    pub fn new<S: Into<String>>(pack_paths: impl IntoIterator<Item = S>) -> Self {
        Self {
            pack_paths: pack_paths.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

setters!(BuildPackEnvsRequest {
    /// Set `force_rebuild`.
    with_force_rebuild(force_rebuild: bool),
    /// Set `nodejs_version`.
    with_nodejs_version(nodejs_version: into String),
    /// Set `packs_base_dir`.
    with_packs_base_dir(packs_base_dir: into String),
    /// Set `python_version`.
    with_python_version(python_version: into String),
    /// Set `skip_nodejs`.
    with_skip_nodejs(skip_nodejs: bool),
    /// Set `skip_python`.
    with_skip_python(skip_python: bool),
    /// Set `timeout` (seconds).
    with_timeout(timeout: i64),
});

/// The environments built for one pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BuiltEnvironment {
    /// Its directory.
    pub pack_path: String,
    /// Its ref.
    pub pack_ref: String,
    /// How long the build took.
    pub duration_ms: i64,
    /// Per runtime (`python`, `nodejs`) details, as the server sends them.
    pub environments: Value,
}

/// An environment that could not be built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FailedEnvironment {
    /// Its directory.
    pub pack_path: String,
    /// Its ref.
    pub pack_ref: String,
    /// The runtime (`python`, `nodejs`).
    pub runtime: String,
    /// Why.
    pub error: String,
}

/// Totals of an environment build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BuildSummary {
    /// Packs asked for.
    pub total_packs: i64,
    /// Packs built.
    pub success_count: i64,
    /// Packs failed.
    pub failure_count: i64,
    /// Python environments built.
    pub python_envs_built: i64,
    /// Node.js environments built.
    pub nodejs_envs_built: i64,
    /// Whole duration.
    pub total_duration_ms: i64,
}

/// Response of `POST /api/v1/packs/build-envs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BuildPackEnvsResponse {
    /// Packs whose environments were built.
    pub built_environments: Vec<BuiltEnvironment>,
    /// Environments that failed.
    pub failed_environments: Vec<FailedEnvironment>,
    /// Totals.
    pub summary: BuildSummary,
}

/// Body of `POST /api/v1/packs/register-batch`: register several packs from server-side directories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterPacksRequest {
    /// Server-side pack directories.
    pub pack_paths: Vec<String>,
    /// Replace packs that exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// Base directory the paths are relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packs_base_dir: Option<String>,
    /// Do not run the packs' tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_tests: Option<bool>,
    /// Skip validating the packs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_validation: Option<bool>,
}

impl RegisterPacksRequest {
    /// A request for these directories.
    pub fn new<S: Into<String>>(pack_paths: impl IntoIterator<Item = S>) -> Self {
        Self {
            pack_paths: pack_paths.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

setters!(RegisterPacksRequest {
    /// Set `force`.
    with_force(force: bool),
    /// Set `packs_base_dir`.
    with_packs_base_dir(packs_base_dir: into String),
    /// Set `skip_tests`.
    with_skip_tests(skip_tests: bool),
    /// Set `skip_validation`.
    with_skip_validation(skip_validation: bool),
});

/// A pack registered by a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RegisteredPack {
    /// Its id.
    pub pack_id: i64,
    /// Its ref.
    pub pack_ref: String,
    /// Its version.
    pub pack_version: String,
    /// Where the server stores it.
    pub storage_path: String,
    /// Components registered, by kind (as the server sends them).
    pub components_registered: Value,
    /// Validation results (as the server sends them).
    pub validation_results: Value,
    /// Install record, when one was made.
    pub install_id: Option<i64>,
    /// Install status, when known.
    pub install_status: Option<String>,
    /// Test result, when tests ran.
    pub test_result: Option<Value>,
}

/// A pack a batch could not register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FailedPackRegistration {
    /// Its directory.
    pub pack_path: String,
    /// Its ref, when it could be read.
    pub pack_ref: String,
    /// Where it failed (`validation`, `registration`, `tests`, ...).
    pub error_stage: String,
    /// Why.
    pub error: String,
}

/// Response of `POST /api/v1/packs/register-batch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RegisterPacksResponse {
    /// Packs registered.
    pub registered_packs: Vec<RegisteredPack>,
    /// Packs that failed.
    pub failed_packs: Vec<FailedPackRegistration>,
    /// Totals (as the server sends them).
    pub summary: Value,
}
