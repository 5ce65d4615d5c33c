//! Packs from files: archives, the pack layout, installation into the store, and the per-pack
//! runtime environments their actions run in.
//!
//! * [`archive`] — unpacking `.tar.gz` / tar / zip uploads safely (no `..`, no links out, bounded);
//! * [`manifest`] — reading a pack directory: `pack.yaml`, `actions/*.yaml` (+ their scripts and
//!   `workflow_file`s), `triggers/`, `sensors/`, `rules/`, `workflows/*.yaml`;
//! * [`install`] — applying a read pack to the store (create, or `force` update in place),
//!   all-or-nothing;
//! * [`envs`] — Python virtualenvs (`requirements.txt`) and Node.js `node_modules`
//!   (`package.json`), keyed by pack ref + runtime + dependency-file hash, cached on disk and
//!   shared by emulator instances.
//!
//! Nothing here knows HTTP: errors are [`PackError`]s, mapped to the real server's statuses by
//! the routes.

pub mod archive;
pub mod envs;
pub mod install;
pub mod manifest;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::ApiError;

/// Why a pack could not be read or installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// Bad archive or pack content (400).
    BadRequest(String),
    /// A pack with that ref exists and `force` was not set (409).
    Conflict(String),
    /// Local I/O failure (500 on the real server too).
    Io(String),
}

impl PackError {
    /// An I/O error.
    pub fn io(e: std::io::Error) -> PackError {
        PackError::Io(e.to_string())
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            PackError::BadRequest(m) | PackError::Conflict(m) | PackError::Io(m) => m,
        }
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl From<PackError> for ApiError {
    fn from(e: PackError) -> ApiError {
        match e {
            PackError::BadRequest(m) => ApiError::bad_request(m),
            PackError::Conflict(m) => ApiError::conflict(m),
            PackError::Io(m) => ApiError::internal(m),
        }
    }
}

/// Where installed pack files live (one directory per installation, so a running execution keeps
/// its files while the pack is updated) and the environment cache.
#[derive(Debug)]
pub struct PackFiles {
    root: std::sync::OnceLock<tempfile::TempDir>,
    seq: AtomicU64,
    /// Runtime environments.
    pub envs: envs::EnvCache,
}

impl PackFiles {
    /// A store under the system temp dir (created on first use), with environments cached in `env_cache`
    /// (see [`envs::default_cache_dir`]).
    pub fn new(env_cache: PathBuf) -> PackFiles {
        PackFiles {
            root: std::sync::OnceLock::new(),
            seq: AtomicU64::new(0),
            envs: envs::EnvCache::new(env_cache),
        }
    }

    fn root_dir(&self) -> std::io::Result<&Path> {
        if self.root.get().is_none() {
            let dir = tempfile::Builder::new()
                .prefix("attune-emulator-packs-")
                .tempdir()?;
            let _ = self.root.set(dir);
        }
        self.root
            .get()
            .map(tempfile::TempDir::path)
            .ok_or_else(|| std::io::Error::other("pack directory unavailable"))
    }

    /// A new, empty directory to unpack or copy one installation into.
    pub fn new_install_dir(&self, pack_hint: &str) -> std::io::Result<PathBuf> {
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        let safe: String = pack_hint
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .take(64)
            .collect();
        let dir = self.root_dir()?.join(format!("{n:06}-{safe}"));
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

/// Copy a pack directory (no symlinks followed out of it; `.git`, `node_modules`, `__pycache__`
/// and `.venv` skipped) into `dest`.
pub fn copy_pack_dir(src: &Path, dest: &Path) -> Result<(), PackError> {
    copy_rec(src, src, dest)
}

fn copy_rec(root: &Path, src: &Path, dest: &Path) -> Result<(), PackError> {
    std::fs::create_dir_all(dest).map_err(PackError::io)?;
    for entry in std::fs::read_dir(src).map_err(PackError::io)? {
        let entry = entry.map_err(PackError::io)?;
        let name = entry.file_name();
        if matches!(
            name.to_str(),
            Some(".git" | "node_modules" | "__pycache__" | ".venv")
        ) {
            continue;
        }
        let from = entry.path();
        let to = dest.join(&name);
        let ft = entry.file_type().map_err(PackError::io)?;
        if ft.is_symlink() {
            let resolved = std::fs::canonicalize(&from).map_err(PackError::io)?;
            let canon_root = std::fs::canonicalize(root).map_err(PackError::io)?;
            if !resolved.starts_with(&canon_root) {
                return Err(PackError::BadRequest(format!(
                    "Pack file '{}' links outside the pack directory",
                    from.display()
                )));
            }
            if resolved.is_dir() {
                copy_rec(root, &resolved, &to)?;
            } else {
                std::fs::copy(&resolved, &to).map_err(PackError::io)?;
            }
        } else if ft.is_dir() {
            copy_rec(root, &from, &to)?;
        } else if ft.is_file() {
            std::fs::copy(&from, &to).map_err(PackError::io)?;
        }
    }
    Ok(())
}

/// The result of installing a pack.
#[derive(Debug, Clone)]
pub struct InstallReport {
    /// The pack as read.
    pub manifest: manifest::PackManifest,
    /// What changed.
    pub installed: install::Installed,
}

fn cleanup_on_err<T>(dir: &Path, r: Result<T, PackError>) -> Result<T, PackError> {
    if r.is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
    r
}

/// Install the pack in directory `src` (copied first, so later edits of `src` do not change the
/// installed pack). Blocking (file I/O): call from a blocking thread.
pub fn install_dir(
    state: &crate::state::AppState,
    src: &Path,
    owner: Option<i64>,
    force: bool,
) -> Result<InstallReport, PackError> {
    if !src.is_dir() {
        return Err(PackError::BadRequest(format!(
            "Pack directory does not exist: {}",
            src.display()
        )));
    }
    if !src.join("pack.yaml").is_file() {
        return Err(PackError::BadRequest(format!(
            "pack.yaml not found in directory: {}",
            src.display()
        )));
    }
    let hint = src
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dest = state
        .pack_files
        .new_install_dir(&hint)
        .map_err(PackError::io)?;
    let r = copy_pack_dir(src, &dest).and_then(|()| {
        let m = manifest::read_pack(&dest)?;
        let installed = install::install(state, &m, dest.clone(), owner, force)?;
        Ok(InstallReport {
            manifest: m,
            installed,
        })
    });
    cleanup_on_err(&dest, r)
}

/// Install the pack in archive `bytes` (tar.gz, tar or zip; `pack.yaml` at the root or in a
/// single top-level directory). Blocking: call from a blocking thread.
pub fn install_archive(
    state: &crate::state::AppState,
    bytes: &[u8],
    owner: Option<i64>,
    force: bool,
) -> Result<InstallReport, PackError> {
    let limits = archive::Limits {
        max_archive_bytes: state.config.max_pack_bytes,
        ..archive::Limits::default()
    };
    let dest = state
        .pack_files
        .new_install_dir("upload")
        .map_err(PackError::io)?;
    let r = archive::unpack(bytes, &dest, limits).and_then(|()| {
        let root = archive::find_pack_root(&dest).ok_or_else(|| {
            PackError::BadRequest(
                "Could not find pack.yaml in the uploaded archive. Ensure the archive contains \
                 pack.yaml at its root or in a single top-level directory."
                    .into(),
            )
        })?;
        let m = manifest::read_pack(&root)?;
        let installed = install::install(state, &m, root, owner, force)?;
        Ok(InstallReport {
            manifest: m,
            installed,
        })
    });
    cleanup_on_err(&dest, r)
}
