//! Reusing the previous output's files: a file a build would write with exactly the bytes it
//! already has in the previous output is hard-linked from there into the new tree instead, or,
//! in a recycled staging folder (`recycle`) that already holds that very file, left as it is.
//! The kernel then allocates and writes nothing for it, and the tree the swap replaces shares
//! almost all its data with the new output, which is what made rebuilding into an existing
//! output as slow as a fresh build on disks that discard freed blocks.
//!
//! The new output must never share data with a name that is not ours (a user's hard link to an
//! output file): the user's file would change or vanish with ours. So a previous file is reused
//! only when its links are all ours: one link (the output's own), or two when the other is the
//! staging file at the same path (same device and inode: the spare, which a build before linked
//! from the output). Any other count means a name elsewhere, and the file is written afresh.
//! The previous output is only read and linked from, never changed; a file of the staging folder
//! is never written through either (it may be the output's), only replaced by a new one.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

/// Puts `previous` at `target` when it is a regular file of `len` bytes that `holds` the
/// contents to write and whose links are all ours (see the module's doc): keeps `target` when
/// it already is that file, links it otherwise (replacing what is there). `false` (nothing
/// done) when it cannot be reused, for the caller to write the file.
pub fn reuse_if_unchanged(
    previous: &Path,
    target: &Path,
    len: usize,
    holds: impl FnOnce(&Path) -> bool,
) -> bool {
    let Ok(metadata) = fs::symlink_metadata(previous) else {
        return false;
    };
    let staged = fs::symlink_metadata(target).ok();
    let kept = staged
        .as_ref()
        .is_some_and(|s| identity(s).is_some() && identity(s) == identity(&metadata));
    let ours = if kept { 2 } else { 1 };
    if !metadata.is_file() || metadata.len() != len as u64 || links(&metadata) != ours {
        return false;
    }
    if !holds(previous) {
        return false;
    }
    kept || replacing(target, || fs::hard_link(previous, target)).is_ok()
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

/// Whether the file `previous` holds exactly `bytes`.
pub fn holds(previous: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = fs::File::open(previous) else {
        return false;
    };
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

#[cfg(unix)]
fn identity(metadata: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

/// Elsewhere a file's identity is not known: never the same file.
#[cfg(not(unix))]
fn identity(_metadata: &fs::Metadata) -> Option<(u64, u64)> {
    None
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
    use std::os::unix::fs::MetadataExt;

    fn ino(path: &Path) -> u64 {
        fs::symlink_metadata(path).unwrap().ino()
    }

    #[test]
    fn only_an_unchanged_regular_file_whose_links_are_ours_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("same.html"), "same").unwrap();
        fs::write(old.join("changed.html"), "before").unwrap();
        fs::write(old.join("shared.html"), "same").unwrap();
        fs::hard_link(old.join("shared.html"), dir.path().join("elsewhere")).unwrap();
        assert!(reuse_if_unchanged(
            &old.join("same.html"),
            &new.join("same.html"),
            b"same".len(),
            |p| holds(p, b"same")
        ));
        assert_eq!(fs::read(new.join("same.html")).unwrap(), b"same");
        assert_eq!(ino(&new.join("same.html")), ino(&old.join("same.html")));
        assert!(!reuse_if_unchanged(
            &old.join("changed.html"),
            &new.join("changed.html"),
            b"after!".len(),
            |p| holds(p, b"after!")
        ));
        assert!(!reuse_if_unchanged(
            &old.join("changed.html"),
            &new.join("changed.html"),
            b"behind".len(),
            |p| holds(p, b"behind")
        ));
        assert!(!reuse_if_unchanged(
            &old.join("shared.html"),
            &new.join("shared.html"),
            b"same".len(),
            |p| holds(p, b"same")
        ));
        assert!(!reuse_if_unchanged(
            &old.join("missing.html"),
            &new.join("missing.html"),
            b"".len(),
            |p| holds(p, b"")
        ));
        assert!(!new.join("changed.html").exists() && !new.join("shared.html").exists());
    }

    #[test]
    fn a_second_link_is_ours_only_when_it_is_the_staging_file_at_the_same_path() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        // The spare's file at the same path: kept as it is.
        fs::write(old.join("kept.html"), "same").unwrap();
        fs::hard_link(old.join("kept.html"), new.join("kept.html")).unwrap();
        let kept = ino(&old.join("kept.html"));
        assert!(reuse_if_unchanged(
            &old.join("kept.html"),
            &new.join("kept.html"),
            b"same".len(),
            |p| holds(p, b"same")
        ));
        assert_eq!(ino(&new.join("kept.html")), kept);
        // The second link is the staging file at another path: not ours to share.
        fs::write(old.join("a.html"), "same").unwrap();
        fs::hard_link(old.join("a.html"), new.join("b.html")).unwrap();
        fs::write(new.join("a.html"), "stale").unwrap();
        assert!(!reuse_if_unchanged(
            &old.join("a.html"),
            &new.join("a.html"),
            b"same".len(),
            |p| holds(p, b"same")
        ));
        assert_eq!(fs::read(new.join("a.html")).unwrap(), b"stale");
        // Output, spare and a user's link: three names, one not ours.
        fs::write(old.join("user.html"), "same").unwrap();
        fs::hard_link(old.join("user.html"), new.join("user.html")).unwrap();
        fs::hard_link(old.join("user.html"), dir.path().join("mine.html")).unwrap();
        assert!(!reuse_if_unchanged(
            &old.join("user.html"),
            &new.join("user.html"),
            b"same".len(),
            |p| holds(p, b"same")
        ));
        // The same file, but not these bytes: never kept.
        assert!(!reuse_if_unchanged(
            &old.join("kept.html"),
            &new.join("kept.html"),
            b"sam!".len(),
            |p| holds(p, b"sam!")
        ));
    }
}
