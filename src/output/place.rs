//! Where a build may write: the destination's absolute form, and the places and contents
//! redflag refuses to replace (the file-system root, the home directory, the site or its
//! sources, a folder it did not create).

use std::fs;
use std::path::{Path, PathBuf};

use super::{MARKER, OutputError, io_error};

/// An absolute, normalised form of `path` (following symlinks of its existing part).
pub fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(path).map_err(io_error("cannot resolve", path))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    Ok(resolved)
}

fn refuse(path: &Path, reason: impl Into<String>) -> OutputError {
    OutputError::Refused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Refuses destinations redflag must never replace, whatever they hold.
pub fn check_place(dest: &Path, root: &Path) -> Result<(), OutputError> {
    if dest.parent().is_none() {
        return Err(refuse(dest, "that is the file-system root"));
    }
    if std::env::home_dir().is_some_and(|home| absolute(&home).is_ok_and(|h| h == dest)) {
        return Err(refuse(dest, "that is your home directory"));
    }
    if root.starts_with(dest) {
        return Err(refuse(
            dest,
            "it contains the site itself; choose a folder such as public/",
        ));
    }
    for source in ["content", "themes", "static", "site.toml"] {
        if dest.starts_with(root.join(source)) {
            return Err(refuse(
                dest,
                format!("it is inside the site's {source}; choose a folder such as public/"),
            ));
        }
    }
    Ok(())
}

/// Refuses a destination that exists and is not an empty folder or one redflag made.
pub fn check_contents(dest: &Path) -> Result<(), OutputError> {
    let metadata = match fs::symlink_metadata(dest) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if metadata.file_type().is_symlink() || !metadata.is_dir() {
        return Err(refuse(dest, "it exists and is not a directory"));
    }
    let is_empty = fs::read_dir(dest)
        .map_err(io_error("cannot read", dest))?
        .next()
        .is_none();
    if !is_empty && !dest.join(MARKER).is_file() {
        return Err(refuse(
            dest,
            format!(
                "it is not empty and was not created by redflag (no {MARKER} file); move it away or choose another --out"
            ),
        ));
    }
    Ok(())
}
