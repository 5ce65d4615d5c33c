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
    /// deletion. Works the same on the emulator and on a real server (`POST /api/v1/packs/upload`).
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
    let tmp = std::env::temp_dir().join(format!("attune-testkit-{to}"));
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
