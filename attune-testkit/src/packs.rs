//! Installing a local pack directory under a unique ref: [`Scope::pack_from_dir`].

use std::path::{Path, PathBuf};

use attune_client::models::{PackInstallResponse, UploadPackOptions};
use attune_client::pack_archive::tar_gz_dir;

use crate::cleanup::Resource;
use crate::error::{Context, Result, TestkitError};
use crate::fixtures::Scope;
use crate::refs::unique_ref;

/// A pack uploaded by [`Scope::pack_from_dir`]; deleted with the scope's clean-up.
#[derive(Debug, Clone)]
pub struct UploadedPack {
    /// The unique ref the pack was installed under.
    pub pack_ref: String,
    /// The ref written in the directory's `pack.yaml`.
    pub original_ref: String,
    /// The server's answer to the upload.
    pub install: PackInstallResponse,
}

impl UploadedPack {
    /// A component ref of this pack: `<pack_ref>.<name>`.
    pub fn component(&self, name: &str) -> String {
        format!("{}.{name}", self.pack_ref)
    }
}

impl Scope {
    /// Upload the pack in directory `dir` under a unique ref (`<ref>_<suffix>`), rewriting
    /// `ref: <ref>` in `pack.yaml` and every `<ref>.` prefix in its YAML/JSON files, and track it for
    /// deletion. Works the same on the emulator and on a real server (`POST /api/v1/packs/upload`);
    /// the scope's clean-up deletes the pack (and with it everything it brought).
    pub async fn pack_from_dir(&self, dir: impl AsRef<Path>) -> Result<UploadedPack> {
        let dir = dir.as_ref().to_path_buf();
        let original_ref = pack_ref_of(&dir)?;
        let pack_ref = unique_ref(&original_ref);
        let archive = {
            let (dir, from, to) = (dir.clone(), original_ref.clone(), pack_ref.clone());
            tokio::task::spawn_blocking(move || rewritten_archive(&dir, &from, &to))
                .await
                .map_err(|e| TestkitError::Other(format!("archiving task failed: {e}")))??
        };
        let install = self
            .client()
            .packs()
            .upload(&archive, "pack.tar.gz", UploadPackOptions::default())
            .await
            .with_context(|| format!("uploading pack {} as '{pack_ref}'", dir.display()))?;
        self.cleanup()
            .track(self.client(), Resource::Pack(pack_ref.clone()))
            .await;
        Ok(UploadedPack {
            pack_ref,
            original_ref,
            install,
        })
    }

    /// Update an uploaded pack from directory `dir` (a new version of the same pack): the
    /// directory's `ref` and component prefixes are rewritten to `pack.pack_ref` and the archive
    /// is uploaded with `force=true`, which replaces the pack in place.
    pub async fn update_pack_from_dir(
        &self,
        pack: &UploadedPack,
        dir: impl AsRef<Path>,
    ) -> Result<UploadedPack> {
        self.upload_pack_version(pack, dir, true).await
    }

    /// Upload directory `dir` as a new version of `pack` (refs rewritten to `pack.pack_ref`), with
    /// `force` as given: without it a real server (and the emulator) answers 409 because the pack
    /// exists.
    pub async fn upload_pack_version(
        &self,
        pack: &UploadedPack,
        dir: impl AsRef<Path>,
        force: bool,
    ) -> Result<UploadedPack> {
        let dir = dir.as_ref().to_path_buf();
        let original_ref = pack_ref_of(&dir)?;
        let archive = {
            let (dir, from, to) = (dir.clone(), original_ref.clone(), pack.pack_ref.clone());
            tokio::task::spawn_blocking(move || rewritten_archive(&dir, &from, &to))
                .await
                .map_err(|e| TestkitError::Other(format!("archiving task failed: {e}")))??
        };
        let install = self
            .client()
            .packs()
            .upload(
                &archive,
                "pack.tar.gz",
                UploadPackOptions::default().with_force(force),
            )
            .await
            .with_context(|| format!("updating pack '{}' from {}", pack.pack_ref, dir.display()))?;
        Ok(UploadedPack {
            pack_ref: pack.pack_ref.clone(),
            original_ref,
            install,
        })
    }
}

/// A package registry a pack's dependencies come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// PyPI (`pip install`).
    PyPi,
    /// The npm registry (`npm install`).
    Npm,
}

impl Registry {
    fn host(self) -> &'static str {
        match self {
            Registry::PyPi => "pypi.org",
            Registry::Npm => "registry.npmjs.org",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Registry::PyPi => "PyPI",
            Registry::Npm => "the npm registry",
        }
    }
}

/// `Ok` when `registry` answers a TCP connection on port 443 within 5 s, else
/// [`TestkitError::NotApplicable`] saying that the test downloads from it (tests whose packs have
/// dependencies call this first, so an offline machine reports them as not applicable instead of
/// failing obscurely inside pip or npm).
pub async fn require_registry(registry: Registry) -> Result<()> {
    let host = registry.host();
    let attempt = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::net::TcpStream::connect((host, 443)),
    )
    .await;
    match attempt {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(unreachable(registry, &e.to_string())),
        Err(_) => Err(unreachable(registry, "no answer within 5 s")),
    }
}

fn unreachable(registry: Registry, why: &str) -> TestkitError {
    TestkitError::NotApplicable(format!(
        "not applicable: this test downloads a dependency from {} ({}:443), which is unreachable from here: {why}",
        registry.name(),
        registry.host()
    ))
}

/// When a failed execution's error is a registry/network failure of pip or npm, the
/// [`TestkitError::NotApplicable`] to return instead of a test failure; `None` otherwise.
pub fn registry_failure(registry: Registry, error_text: &str) -> Option<TestkitError> {
    const SIGNS: &[&str] = &[
        "Failed to establish a new connection",
        "Temporary failure in name resolution",
        "Network is unreachable",
        "ENOTFOUND",
        "EAI_AGAIN",
        "ECONNREFUSED",
        "ETIMEDOUT",
        "network request to",
        "Could not fetch URL",
        "ConnectTimeoutError",
    ];
    SIGNS
        .iter()
        .any(|s| error_text.contains(s))
        .then(|| unreachable(registry, error_text.lines().last().unwrap_or(error_text)))
}

/// The top-level `ref:` of `<dir>/pack.yaml`.
fn pack_ref_of(dir: &Path) -> Result<String> {
    let text = std::fs::read_to_string(dir.join("pack.yaml"))
        .map_err(|e| TestkitError::Other(format!("reading {}/pack.yaml: {e}", dir.display())))?;
    text.lines()
        .find_map(|l| l.strip_prefix("ref:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            TestkitError::Other(format!("{}/pack.yaml has no top-level ref", dir.display()))
        })
}

fn rewritten_archive(dir: &Path, from: &str, to: &str) -> Result<Vec<u8>> {
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = std::env::temp_dir().join(format!("attune-testkit-{to}-{}-{n}", std::process::id()));
    let io =
        |e: std::io::Error| TestkitError::Other(format!("copying pack {}: {e}", dir.display()));
    copy_rewriting(dir, &tmp, from, to).map_err(io)?;
    let out = tar_gz_dir(&tmp)
        .map_err(|e| TestkitError::Other(format!("archiving pack {}: {e}", dir.display())));
    let _ = std::fs::remove_dir_all(&tmp);
    out
}

fn copy_rewriting(src: &Path, dst: &PathBuf, from: &str, to: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dst)?;
    for entry in std::fs::read_dir(src)? {
        let entry = entry?;
        let name = entry.file_name();
        let target = dst.join(&name);
        let ft = entry.file_type()?;
        if ft.is_dir() {
            if name == ".git" || name == "node_modules" || name == "__pycache__" {
                continue;
            }
            copy_rewriting(&entry.path(), &target, from, to)?;
        } else if ft.is_file() {
            let is_text = matches!(
                Path::new(&name).extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            );
            if is_text {
                let text = std::fs::read_to_string(entry.path())?;
                std::fs::write(&target, rewrite_refs(&text, from, to))?;
            } else {
                std::fs::copy(entry.path(), &target)?;
            }
        }
    }
    Ok(())
}

/// Replace the pack ref in `ref: <from>` lines and in `<from>.` component prefixes.
fn rewrite_refs(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let value = trimmed
            .strip_prefix("ref:")
            .or_else(|| trimmed.strip_prefix("pack_ref:"))
            .map(|v| v.trim().trim_matches(['"', '\'']));
        if value == Some(from) {
            out.push_str(&line.replacen(from, to, 1));
        } else {
            out.push_str(&replace_prefix(line, from, to));
        }
    }
    out
}

/// Replace `<from>.` where it starts a word (not inside another identifier).
fn replace_prefix(line: &str, from: &str, to: &str) -> String {
    let needle = format!("{from}.");
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find(&needle) {
        let before = rest[..pos].chars().next_back();
        let boundary = before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        out.push_str(&rest[..pos]);
        out.push_str(if boundary { to } else { from });
        out.push('.');
        rest = &rest[pos + needle.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::rewrite_refs;

    #[test]
    fn rewrites_pack_ref_and_component_prefixes_only() {
        let yaml = "ref: demo\nlabel: demo pack\naction_ref: demo.hello\nother: xdemo.hello\n";
        let out = rewrite_refs(yaml, "demo", "demo_1");
        assert_eq!(
            out,
            "ref: demo_1\nlabel: demo pack\naction_ref: demo_1.hello\nother: xdemo.hello\n"
        );
    }
}
