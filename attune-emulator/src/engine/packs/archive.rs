//! Unpacking uploaded pack archives safely.
//!
//! Accepted: gzip-compressed tar (`.tar.gz` / `.tgz`), plain tar and zip, recognised by their
//! magic bytes (the file name is not trusted). Every entry is checked before anything is written
//! outside a fresh directory: absolute paths and `..` components are refused, symlinks and hard
//! links must resolve inside the archive, and the unpacked size is bounded. Devices, FIFOs and
//! other special entries are skipped.

use std::io::{Cursor, Read};
use std::path::{Component, Path, PathBuf};

use super::PackError;

/// Limits applied while unpacking.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted archive (compressed bytes).
    pub max_archive_bytes: usize,
    /// Largest total unpacked size.
    pub max_unpacked_bytes: u64,
    /// Largest number of entries.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_archive_bytes: 100 * 1024 * 1024,
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_entries: 100_000,
        }
    }
}

/// Format of an archive, by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// gzip-compressed tar.
    TarGz,
    /// Uncompressed tar.
    Tar,
    /// zip.
    Zip,
}

/// The format of `bytes`, if it is one this module unpacks.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some(Format::TarGz)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        Some(Format::Tar)
    } else {
        None
    }
}

fn extract_err(msg: impl std::fmt::Display) -> PackError {
    PackError::BadRequest(format!(
        "Failed to extract pack archive (must be a valid .tar.gz or .zip): {msg}"
    ))
}

/// A relative, normal path inside the archive, or the error for `raw`.
fn safe_relative(raw: &Path) -> Result<PathBuf, PackError> {
    let mut out = PathBuf::new();
    for c in raw.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(PackError::BadRequest(format!(
                    "Pack archive entry '{}' escapes the pack directory",
                    raw.display()
                )))
            }
        }
    }
    Ok(out)
}

/// Whether a link at `entry` (relative) pointing to `target` stays inside the root.
fn link_stays_inside(entry: &Path, target: &Path) -> bool {
    if target.is_absolute() {
        return false;
    }
    let mut depth: i64 = entry.parent().map_or(0, |p| p.components().count() as i64);
    for c in target.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

struct Budget {
    limits: Limits,
    written: u64,
    entries: usize,
}

impl Budget {
    fn entry(&mut self) -> Result<(), PackError> {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(PackError::BadRequest(format!(
                "Pack archive has too many entries (max {})",
                self.limits.max_entries
            )));
        }
        Ok(())
    }

    fn write(&mut self, dest: &Path, reader: &mut dyn Read) -> Result<(), PackError> {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(PackError::io)?;
        }
        let mut file = std::fs::File::create(dest).map_err(PackError::io)?;
        let room = self.limits.max_unpacked_bytes.saturating_sub(self.written);
        let copied = std::io::copy(&mut reader.take(room + 1), &mut file).map_err(extract_err)?;
        self.written += copied;
        if copied > room {
            return Err(PackError::BadRequest(format!(
                "Pack archive too large when unpacked (max {} bytes)",
                self.limits.max_unpacked_bytes
            )));
        }
        Ok(())
    }
}

/// Unpack `bytes` into `dest` (an empty directory). On error `dest` may hold a partial tree:
/// the caller removes it.
pub fn unpack(bytes: &[u8], dest: &Path, limits: Limits) -> Result<(), PackError> {
    if bytes.len() > limits.max_archive_bytes {
        return Err(PackError::BadRequest(format!(
            "Pack archive too large: {} bytes (max {} bytes)",
            bytes.len(),
            limits.max_archive_bytes
        )));
    }
    let mut budget = Budget {
        limits,
        written: 0,
        entries: 0,
    };
    match detect(bytes) {
        Some(Format::TarGz) => unpack_tar(
            flate2::read::GzDecoder::new(Cursor::new(bytes)),
            dest,
            &mut budget,
        ),
        Some(Format::Tar) => unpack_tar(Cursor::new(bytes), dest, &mut budget),
        Some(Format::Zip) => unpack_zip(bytes, dest, &mut budget),
        None => Err(extract_err("not a gzip, tar or zip archive")),
    }
}

fn unpack_tar<R: Read>(reader: R, dest: &Path, budget: &mut Budget) -> Result<(), PackError> {
    let mut archive = tar::Archive::new(reader);
    let entries = archive.entries().map_err(extract_err)?;
    for entry in entries {
        let mut entry = entry.map_err(extract_err)?;
        budget.entry()?;
        let raw = entry.path().map_err(extract_err)?.into_owned();
        let rel = safe_relative(&raw)?;
        if rel.as_os_str().is_empty() {
            continue;
        }
        let target = dest.join(&rel);
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(PackError::io)?;
        } else if kind.is_symlink() || kind.is_hard_link() {
            let link = entry
                .link_name()
                .map_err(extract_err)?
                .map(|l| l.into_owned())
                .unwrap_or_default();
            // hard-link names are archive paths; symlink targets are relative to the link
            let inside = if kind.is_hard_link() {
                safe_relative(&link).is_ok()
            } else {
                link_stays_inside(&rel, &link)
            };
            if !inside {
                return Err(PackError::BadRequest(format!(
                    "Pack archive entry '{}' links outside the pack directory ('{}')",
                    raw.display(),
                    link.display()
                )));
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(PackError::io)?;
            }
            if kind.is_hard_link() {
                std::fs::copy(dest.join(safe_relative(&link)?), &target).map_err(PackError::io)?;
            } else {
                std::os::unix::fs::symlink(&link, &target).map_err(PackError::io)?;
            }
        } else if kind.is_file() || kind == tar::EntryType::Continuous {
            let mode = entry.header().mode().unwrap_or(0o644);
            budget.write(&target, &mut entry)?;
            set_mode(&target, mode);
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(
        path,
        std::fs::Permissions::from_mode((mode & 0o755) | 0o600),
    );
}

fn unpack_zip(bytes: &[u8], dest: &Path, budget: &mut Budget) -> Result<(), PackError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(extract_err)?;
    for i in 0..zip.len() {
        budget.entry()?;
        let mut file = zip.by_index(i).map_err(extract_err)?;
        let raw = PathBuf::from(file.name());
        let rel = safe_relative(&raw)?;
        if rel.as_os_str().is_empty() {
            continue;
        }
        let target = dest.join(&rel);
        let mode = file.unix_mode();
        let is_symlink = mode.is_some_and(|m| m & 0o170000 == 0o120000);
        if file.is_dir() {
            std::fs::create_dir_all(&target).map_err(PackError::io)?;
        } else if is_symlink {
            let mut link = String::new();
            file.read_to_string(&mut link).map_err(extract_err)?;
            if !link_stays_inside(&rel, Path::new(&link)) {
                return Err(PackError::BadRequest(format!(
                    "Pack archive entry '{}' links outside the pack directory ('{link}')",
                    raw.display()
                )));
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(PackError::io)?;
            }
            std::os::unix::fs::symlink(&link, &target).map_err(PackError::io)?;
        } else {
            budget.write(&target, &mut file)?;
            set_mode(&target, mode.unwrap_or(0o644));
        }
    }
    Ok(())
}

/// The directory holding `pack.yaml`: `root` itself, or its single top-level directory
/// (archives made with a wrapping folder, like GitHub tarballs).
pub fn find_pack_root(root: &Path) -> Option<PathBuf> {
    if root.join("pack.yaml").is_file() {
        return Some(root.to_path_buf());
    }
    let dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    match dirs.as_slice() {
        [only] if only.join("pack.yaml").is_file() => Some(only.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_and_outside() {
        assert!(link_stays_inside(Path::new("a/b"), Path::new("c")));
        assert!(link_stays_inside(Path::new("a/b"), Path::new("../c")));
        assert!(!link_stays_inside(Path::new("a/b"), Path::new("../../c")));
        assert!(!link_stays_inside(Path::new("b"), Path::new("/etc/passwd")));
    }

    #[test]
    fn parent_components_are_refused() {
        assert!(safe_relative(Path::new("../x")).is_err());
        assert!(safe_relative(Path::new("/x")).is_err());
        assert_eq!(
            safe_relative(Path::new("./a/b")).ok(),
            Some(PathBuf::from("a/b"))
        );
    }
}
