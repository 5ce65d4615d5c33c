//! Per-pack runtime environments, built on first use and reused.
//!
//! * Python: a virtualenv (`python3 -m venv`) with `pip install -r requirements.txt`, when the
//!   pack has a `requirements.txt`;
//! * Node.js: `npm install` of the pack's `package.json` (and `package-lock.json` if present)
//!   into a directory whose `node_modules` goes on `NODE_PATH`, when the pack has a
//!   `package.json`.
//!
//! An environment is keyed by runtime + interpreter + SHA-256 of the dependency file(s): two
//! packs (or two versions of one pack) with different dependency files never share one, while
//! the same dependency file always maps to the same, already built environment — also for the
//! uniquely named copies of one pack that test suites upload on every run, and across emulator
//! processes. (Upstream keys `runtime_envs/<pack>/<runtime>`; the pack ref is left out here so
//! those copies reuse the cache.) It lives in `<cache>/<runtime>/<hash>`, is built under an
//! exclusive `flock` on `<dir>.lock` (concurrent executions and other emulator processes build
//! it once), and is valid once its `.attune-env-ready` marker exists. A failed build leaves no
//! directory; its error (pip's/npm's own output) is remembered in memory by this cache and fails
//! the executions that need it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use parking_lot::Mutex;
use sha2::{Digest, Sha256};

use super::manifest::Runner;

const READY: &str = ".attune-env-ready";

/// Which kind of environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvKind {
    /// Python virtualenv.
    Python,
    /// Node.js modules.
    Node,
}

impl EnvKind {
    fn name(self) -> &'static str {
        match self {
            EnvKind::Python => "python",
            EnvKind::Node => "nodejs",
        }
    }

    fn dep_files(self) -> &'static [&'static str] {
        match self {
            EnvKind::Python => &["requirements.txt"],
            EnvKind::Node => &["package.json", "package-lock.json"],
        }
    }
}

/// A ready environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    /// Kind.
    pub kind: EnvKind,
    /// Directory.
    pub dir: PathBuf,
}

impl Env {
    /// The Python interpreter of a virtualenv.
    pub fn python(&self) -> PathBuf {
        self.dir.join("bin").join("python")
    }

    /// The `node_modules` directory of a Node.js environment.
    pub fn node_modules(&self) -> PathBuf {
        self.dir.join("node_modules")
    }
}

/// What a pack action needs: `None` when its runner has no dependency file in the pack.
pub fn needed(pack_dir: &Path, runner: &Runner) -> Option<EnvKind> {
    let kind = match runner {
        Runner::Python => EnvKind::Python,
        Runner::Node => EnvKind::Node,
        _ => return None,
    };
    pack_dir.join(kind.dep_files()[0]).is_file().then_some(kind)
}

/// The default cache directory: `$ATTUNE_EMULATOR_ENV_CACHE`, else
/// `<cargo target dir>/attune-emulator-envs` when the running program lives under a cargo
/// `target/` directory (tests, examples), else `<temp dir>/attune-emulator-envs`.
pub fn default_cache_dir() -> PathBuf {
    if let Some(v) = std::env::var_os("ATTUNE_EMULATOR_ENV_CACHE").filter(|v| !v.is_empty()) {
        return PathBuf::from(v);
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(t) = exe.ancestors().find(|a| a.join("CACHEDIR.TAG").is_file()) {
            return t.join("attune-emulator-envs");
        }
    }
    std::env::temp_dir().join("attune-emulator-envs")
}

/// The environment cache.
#[derive(Debug)]
pub struct EnvCache {
    dir: PathBuf,
    failures: Mutex<HashMap<PathBuf, String>>,
}

impl EnvCache {
    /// A cache rooted at `dir` (created on first build).
    pub fn new(dir: PathBuf) -> EnvCache {
        EnvCache {
            dir,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// The root directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory of the environment of `kind` for the pack in `pack_dir`, built with
    /// `interpreter` (python or npm).
    pub fn env_dir(&self, pack_dir: &Path, kind: EnvKind, interpreter: &Path) -> PathBuf {
        let mut h = Sha256::new();
        h.update(kind.name().as_bytes());
        h.update([0]);
        h.update(interpreter.as_os_str().as_encoded_bytes());
        for f in kind.dep_files() {
            if let Ok(bytes) = std::fs::read(pack_dir.join(f)) {
                h.update(f.as_bytes());
                h.update([0]);
                h.update(&bytes);
            }
        }
        let hash: String = h
            .finalize()
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect();
        self.dir.join(kind.name()).join(hash)
    }

    /// The ready environment, building it first if needed (blocking: call from a blocking
    /// thread). `Err` is the text to fail executions with (the installer's own output).
    pub fn ensure(
        &self,
        pack_ref: &str,
        pack_dir: &Path,
        kind: EnvKind,
        python: &Path,
        npm: &Path,
    ) -> Result<Env, String> {
        let tool = match kind {
            EnvKind::Python => python,
            EnvKind::Node => npm,
        };
        let dir = self.env_dir(pack_dir, kind, tool);
        let env = Env {
            kind,
            dir: dir.clone(),
        };
        if dir.join(READY).is_file() {
            return Ok(env);
        }
        if let Some(e) = self.failures.lock().get(&dir) {
            return Err(e.clone());
        }
        let prep = |m: String| format!("Failed to prepare execution context: {m}");
        let parent = dir.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&parent)
            .map_err(|e| prep(format!("cannot create {}: {e}", parent.display())))?;
        let lock_path = dir.with_extension("lock");
        let lock_file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| prep(format!("cannot open {}: {e}", lock_path.display())))?;
        let _guard = nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusive)
            .map_err(|(_, e)| prep(format!("cannot lock {}: {e}", lock_path.display())))?;
        if dir.join(READY).is_file() {
            return Ok(env);
        }
        let _ = std::fs::remove_dir_all(&dir);
        let built = match kind {
            EnvKind::Python => build_python(pack_ref, pack_dir, &dir, python),
            EnvKind::Node => build_node(pack_ref, pack_dir, &dir, npm),
        };
        match built {
            Ok(()) => {
                std::fs::write(dir.join(READY), b"")
                    .map_err(|e| prep(format!("cannot mark environment ready: {e}")))?;
                Ok(env)
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                let msg = prep(e);
                self.failures.lock().insert(dir, msg.clone());
                Err(msg)
            }
        }
    }
}

/// Run a command; `Err` carries its output (last 60 lines of stderr, else stdout).
fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&out.stderr).to_string();
    if text.trim().is_empty() {
        text = String::from_utf8_lossy(&out.stdout).to_string();
    }
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(60)..].join("\n");
    Err(format!(
        "{what} failed ({}):\n{tail}",
        out.status.code().map_or_else(
            || "killed by a signal".to_string(),
            |c| format!("exit code {c}")
        )
    ))
}

fn build_python(pack_ref: &str, pack_dir: &Path, dir: &Path, python: &Path) -> Result<(), String> {
    run(
        Command::new(python).arg("-m").arg("venv").arg(dir),
        &format!(
            "creating the virtualenv of pack '{pack_ref}' ({} -m venv)",
            python.display()
        ),
    )?;
    run(
        Command::new(dir.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--no-input",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(pack_dir.join("requirements.txt"))
            .current_dir(pack_dir),
        &format!("pip install -r requirements.txt for pack '{pack_ref}'"),
    )
}

fn build_node(pack_ref: &str, pack_dir: &Path, dir: &Path, npm: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for f in EnvKind::Node.dep_files() {
        let src = pack_dir.join(f);
        if src.is_file() {
            std::fs::copy(&src, dir.join(f)).map_err(|e| format!("cannot copy {f}: {e}"))?;
        }
    }
    run(
        Command::new(npm)
            .args([
                "install",
                "--omit=dev",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(dir),
        &format!("npm install for pack '{pack_ref}'"),
    )
}
