//! Pack archives: build a `.tar.gz` from a local pack directory, and the multipart body of
//! `POST /api/v1/packs/upload`.

use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::error::{Error, Result};

/// Pack a local directory into a gzip-compressed tar archive with the directory's files at the root
/// (`pack.yaml`, `actions/...`), the layout the server's upload expects.
///
/// Symbolic links are stored as links (never followed); `.git` and `__pycache__`
/// directories are skipped. Blocking I/O: call it from `spawn_blocking` in async code if the
/// directory is large.
pub fn tar_gz_dir(dir: impl AsRef<Path>) -> Result<Vec<u8>> {
    let dir = dir.as_ref();
    if !dir.join("pack.yaml").is_file() {
        return Err(Error::Encode(format!(
            "{} is not a pack directory (no pack.yaml)",
            dir.display()
        )));
    }
    let io = |e: std::io::Error| Error::Encode(format!("archiving {}: {e}", dir.display()));
    let enc = GzEncoder::new(Vec::new(), Compression::fast());
    let mut tar = tar::Builder::new(enc);
    tar.follow_symlinks(false);
    append_dir(&mut tar, dir, Path::new("")).map_err(io)?;
    let enc = tar.into_inner().map_err(io)?;
    enc.finish().map_err(io)
}

fn append_dir<W: std::io::Write>(
    tar: &mut tar::Builder<W>,
    root: &Path,
    rel: &Path,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name == ".git" || name == "__pycache__" {
            continue;
        }
        let rel_path = rel.join(&name);
        let ft = entry.file_type()?;
        if ft.is_dir() {
            tar.append_dir(&rel_path, entry.path())?;
            append_dir(tar, root, &rel_path)?;
        } else {
            tar.append_path_with_name(entry.path(), &rel_path)?;
        }
    }
    Ok(())
}

/// A `multipart/form-data` body: returns `(content_type, body)`.
///
/// `file` is `(field name, file name, bytes)`; `fields` are plain text fields.
pub fn multipart_body(file: (&str, &str, &[u8]), fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = format!("attune-rs-{:032x}", rand::random::<u128>());
    let mut body = Vec::with_capacity(file.2.len() + 512);
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: application/gzip\r\n\r\n",
            file.0, file.1
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.2);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
