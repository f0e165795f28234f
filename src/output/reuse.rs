//! Reusing the previous output's files: a file a build would write with exactly the bytes it
//! already has in the previous output is hard-linked from there into the new tree instead. The
//! kernel then allocates and writes nothing for it, and removing the previous tree after the
//! swap frees almost nothing (only the files that changed), which is what made rebuilding into
//! an existing output as slow as a fresh build on disks that discard freed blocks.
//!
//! Only regular files with a single link are reused: a file that already shares its data with
//! another name (the user's hard link, or a tree not yet removed) is written afresh, so the new
//! output never shares data with anything but the previous output of the same folder, which the
//! build removes. The previous output is only read and linked from, never changed.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

/// Links `previous` at `target` (replacing what is there) when it is a regular file with one
/// link holding exactly `bytes`; `false` (and nothing done) otherwise, for the caller to write
/// the file.
pub fn link_if_unchanged(previous: &Path, target: &Path, bytes: &[u8]) -> bool {
    unchanged(previous, bytes) && replacing(target, || fs::hard_link(previous, target)).is_ok()
}

/// Writes `bytes` into a new file at `target`, replacing what is there. Never writes into an
/// existing file: a file written twice may have been linked from the previous output the first
/// time, and writing through that link would change the previous output.
pub fn write_new(target: &Path, bytes: &[u8]) -> io::Result<()> {
    replacing(target, || {
        fs::File::options()
            .write(true)
            .create_new(true)
            .open(target)?
            .write_all(bytes)
    })
}

/// Runs `create`, which fails when `target` exists; if it does, removes it and runs it again.
fn replacing(target: &Path, create: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match create() {
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(target)?;
            create()
        }
        done => done,
    }
}

fn unchanged(previous: &Path, bytes: &[u8]) -> bool {
    let Ok(metadata) = fs::symlink_metadata(previous) else {
        return false;
    };
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 || links(&metadata) != 1 {
        return false;
    }
    let Ok(mut file) = fs::File::open(previous) else {
        return false;
    };
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

#[cfg(unix)]
fn links(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

/// Elsewhere the link count is not known: never link.
#[cfg(not(unix))]
fn links(_metadata: &fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unchanged_singly_linked_regular_file_is_linked() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("same.html"), "same").unwrap();
        fs::write(old.join("changed.html"), "before").unwrap();
        fs::write(old.join("shared.html"), "same").unwrap();
        fs::hard_link(old.join("shared.html"), dir.path().join("elsewhere")).unwrap();
        assert!(link_if_unchanged(
            &old.join("same.html"),
            &new.join("same.html"),
            b"same"
        ));
        assert_eq!(fs::read(new.join("same.html")).unwrap(), b"same");
        assert!(!link_if_unchanged(
            &old.join("changed.html"),
            &new.join("changed.html"),
            b"after!"
        ));
        assert!(!link_if_unchanged(
            &old.join("changed.html"),
            &new.join("changed.html"),
            b"behind"
        ));
        assert!(!link_if_unchanged(
            &old.join("shared.html"),
            &new.join("shared.html"),
            b"same"
        ));
        assert!(!link_if_unchanged(
            &old.join("missing.html"),
            &new.join("missing.html"),
            b""
        ));
        assert!(!new.join("changed.html").exists() && !new.join("shared.html").exists());
    }
}
