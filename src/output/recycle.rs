//! Recycling the previous output (double buffering): after a swap the tree that was the output
//! is kept beside it as the spare (`.public.redflag-spare`, ours: it carries the marker), and the
//! next build takes it as its staging folder instead of creating an empty one. Most of its files
//! already are the current output's (hard links made by the build before), so an unchanged
//! rebuild creates and removes almost no names: it keeps those files, links or writes only what
//! changed, and removes what it did not write (`Recycled::remove_unwritten`) before the swap.
//!
//! A recycled staging folder holds names this build did not write, so a stale file may stand
//! where a folder must go or a stale folder where a file must go: these are cleared on the way,
//! while a clash between two files of this build stays an error as in a fresh folder.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::MARKER;

/// Takes the spare at `spare` as the staging folder `temp` when it is ours (a directory, not a
/// link, with the marker); `false` (nothing touched) otherwise.
pub fn take_spare(spare: &Path, temp: &Path) -> bool {
    let ours = fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(spare.join(MARKER)).is_ok_and(|m| m.is_file());
    ours && fs::rename(spare, temp).is_ok()
}

/// Keeps `previous` (the tree the swap replaced, ours) as the spare, unless something already
/// has the spare's name (never replaced): then it is given back for removal.
pub fn keep_as_spare(previous: PathBuf, spare: &Path) -> Option<PathBuf> {
    if fs::symlink_metadata(spare).is_err() && fs::rename(&previous, spare).is_ok() {
        return None;
    }
    Some(previous)
}

/// The files a build wrote into a recycled staging folder, relative to it.
#[derive(Default)]
pub struct Recycled {
    written: Mutex<HashSet<PathBuf>>,
}

/// `path` (`/`-separated, relative) as the walk of the staging folder names it.
fn relative(path: &str) -> PathBuf {
    Path::new(path)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

impl Recycled {
    fn written(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Notes that the build writes `path`.
    pub fn record(&self, path: &str) {
        self.written().insert(relative(path));
    }

    /// Makes sure `folder` (below `root`, its parent already made sure of) is a real folder: a
    /// stale file or symbolic link in its place is removed first, so that nothing is ever
    /// written through a link into another folder; a file of this build there is an error.
    pub fn make_folder(&self, root: &Path, folder: &Path) -> io::Result<()> {
        match fs::symlink_metadata(folder) {
            Ok(metadata) if metadata.is_dir() => return Ok(()),
            Ok(_) => {
                let rel = folder.strip_prefix(root).map_err(io::Error::other)?;
                if self.written().contains(rel) {
                    return Err(clash(rel));
                }
                ignore_missing(fs::remove_file(folder))?;
            }
            Err(_) => {}
        }
        match fs::create_dir(folder) {
            // Another writer of this build made it meanwhile.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => Ok(()),
            done => done,
        }
    }

    /// Removes the stale folder at `path` (below `root`) where a file must go; `false` when
    /// there is none, and an error when this build wrote a file in it.
    pub fn clear_folder_in_way(&self, root: &Path, path: &str) -> io::Result<bool> {
        let rel = relative(path);
        if !fs::symlink_metadata(root.join(&rel)).is_ok_and(|m| m.is_dir()) {
            return Ok(false);
        }
        if self
            .written()
            .iter()
            .any(|w| w != &rel && w.starts_with(&rel))
        {
            return Err(clash(&rel));
        }
        ignore_missing(fs::remove_dir_all(root.join(&rel)))?;
        Ok(true)
    }

    /// Removes from the staging folder `root` every file and folder this build did not write
    /// (the marker stays), in one walk that does not enter folders holding nothing written.
    pub fn remove_unwritten(&self, root: &Path) -> io::Result<()> {
        let files = self.written();
        let folders: HashSet<&Path> = files.iter().flat_map(|f| f.ancestors().skip(1)).collect();
        remove_unwritten_below(root, Path::new(""), &files, &folders)
    }
}

fn remove_unwritten_below(
    root: &Path,
    rel: &Path,
    files: &HashSet<PathBuf>,
    folders: &HashSet<&Path>,
) -> io::Result<()> {
    for entry in fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let path = rel.join(entry.file_name());
        if path.as_os_str() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            if folders.contains(path.as_path()) {
                remove_unwritten_below(root, &path, files, folders)?;
            } else {
                fs::remove_dir_all(entry.path())?;
            }
        } else if !files.contains(&path) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn clash(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} is both a file and a folder of this build",
            path.display()
        ),
    )
}

/// Another writer of the same build may have cleared it first.
fn ignore_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::super::{MARKER, MARKER_TEXT, Sink, Staging, Wait, sibling};
    use super::*;

    const WAIT: Wait = Wait::Yes(|_| {});

    fn build(out: &Path, files: &[(&str, &[u8])]) {
        let site = out.parent().unwrap();
        let staging = Staging::create(out, site, WAIT).unwrap();
        let sink = staging.sink();
        for (path, bytes) in files {
            sink.write(path, bytes).unwrap();
        }
        staging.commit().unwrap();
    }

    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::symlink_metadata(path).unwrap())
    }

    /// Every file below `dir` (relative) with its bytes.
    fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(folder).unwrap().flatten() {
                if entry.file_type().unwrap().is_dir() {
                    folders.push(entry.path());
                } else {
                    let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                    files.push((rel, fs::read(entry.path()).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn the_previous_output_is_kept_as_the_spare_and_recycled_without_writing_through_it() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let spare = sibling(&out, "spare");
        build(&out, &[("a.html", b"same"), ("b.html", b"one")]);
        assert!(!spare.exists(), "no previous output, no spare");
        build(&out, &[("a.html", b"same"), ("b.html", b"two")]);
        assert!(spare.join(MARKER).is_file());
        assert_eq!(fs::read(spare.join("b.html")).unwrap(), b"one");
        let a = inode(&out.join("a.html"));
        assert_eq!(inode(&spare.join("a.html")), a, "linked from the output");

        // The spare becomes the staging folder; the output is never written through it.
        let staging = Staging::create(&out, site.path(), WAIT).unwrap();
        assert!(!spare.exists() && staging.recycled.is_some());
        let sink = staging.sink();
        sink.write("a.html", b"same").unwrap();
        assert_eq!(inode(&staging.temp.join("a.html")), a, "kept as it is");
        sink.write("a.html", b"new!").unwrap();
        sink.write("b.html", b"two").unwrap();
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"same");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        sink.write("a.html", b"same").unwrap();
        staging.commit().unwrap();
        assert_eq!(inode(&out.join("a.html")), a);
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        assert_eq!(fs::read(spare.join("b.html")).unwrap(), b"two");
        assert_eq!(inode(&spare.join("b.html")), inode(&out.join("b.html")));
    }

    #[test]
    fn a_recycled_spare_loses_every_file_and_folder_the_build_did_not_write() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let first: &[(&str, &[u8])] = &[
            ("keep.html", b"keep"),
            ("stale.html", b"old"),
            ("gone/deep/f.css", b"old"),
            ("file/x.html", b"old"),
            ("folder", b"old"),
        ];
        build(&out, first);
        build(&out, first);
        // Recycles the first build's tree: a stale file stands where a folder goes, and a
        // stale folder where a file goes.
        let last: &[(&str, &[u8])] = &[
            ("keep.html", b"keep"),
            ("file", b"now a file"),
            ("folder/y.html", b"now a folder"),
        ];
        build(&out, last);
        let mut expected: Vec<(PathBuf, Vec<u8>)> = last
            .iter()
            .map(|(path, bytes)| (PathBuf::from(path), bytes.to_vec()))
            .collect();
        expected.push((PathBuf::from(MARKER), MARKER_TEXT.as_bytes().to_vec()));
        expected.sort();
        assert_eq!(tree(&out), expected);
        assert!(!out.join("gone").exists(), "stale folders removed");
    }

    #[test]
    fn a_symbolic_link_in_the_spare_is_never_written_through() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir(outside.path().join("deep")).unwrap();
        let out = site.path().join("public");
        let files: &[(&str, &[u8])] = &[("a/deep/f.html", b"page"), ("b.html", b"page")];
        build(&out, files);
        build(&out, files);
        // Folders of the spare replaced by links to a folder that is not ours.
        let spare = sibling(&out, "spare");
        fs::remove_dir_all(spare.join("a")).unwrap();
        std::os::unix::fs::symlink(outside.path(), spare.join("a")).unwrap();
        std::os::unix::fs::symlink(outside.path(), spare.join("c")).unwrap();
        build(&out, &[("a/deep/f.html", b"new"), ("c/g.html", b"new")]);
        assert_eq!(tree(outside.path()), Vec::new(), "nothing written outside");
        assert!(
            outside.path().join("deep").is_dir(),
            "nothing removed outside"
        );
        for link in ["a", "c"] {
            let kind = fs::symlink_metadata(out.join(link)).unwrap().file_type();
            assert!(
                kind.is_dir() && !kind.is_symlink(),
                "{link} is a real folder"
            );
        }
        assert_eq!(fs::read(out.join("a/deep/f.html")).unwrap(), b"new");
    }

    #[test]
    fn a_files_clash_within_one_build_is_still_an_error_in_a_recycled_spare() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build(&out, &[("a.html", b"a")]);
        build(&out, &[("a.html", b"a")]);
        let staging = Staging::create(&out, site.path(), WAIT).unwrap();
        let sink = staging.sink();
        sink.write("x/y.html", b"y").unwrap();
        assert!(sink.write("x", b"x").is_err());
        sink.write("z", b"z").unwrap();
        assert!(sink.write("z/w.html", b"w").is_err());
    }

    #[test]
    fn a_users_hard_link_to_an_output_file_is_never_shared_or_changed() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let spare = sibling(&out, "spare");
        build(&out, &[("a.html", b"same"), ("b.html", b"same")]);
        build(&out, &[("a.html", b"same"), ("b.html", b"same")]);
        let mine = site.path().join("mine.html");
        let theirs = site.path().join("theirs.html");
        fs::hard_link(out.join("a.html"), &mine).unwrap();
        fs::hard_link(spare.join("b.html"), &theirs).unwrap();
        build(&out, &[("a.html", b"same"), ("b.html", b"same")]);
        assert_ne!(inode(&out.join("a.html")), inode(&mine));
        assert_ne!(inode(&out.join("b.html")), inode(&theirs));
        build(&out, &[("a.html", b"edit"), ("b.html", b"edit")]);
        build(&out, &[("a.html", b"more"), ("b.html", b"more")]);
        assert_eq!(fs::read(&mine).unwrap(), b"same");
        assert_eq!(fs::read(&theirs).unwrap(), b"same");
        for path in ["a.html", "b.html"] {
            for tree in [&out, &spare] {
                let ino = inode(&tree.join(path));
                assert!(
                    ino != inode(&mine) && ino != inode(&theirs),
                    "{tree:?}/{path}"
                );
            }
        }
    }

    #[test]
    fn a_spare_without_the_marker_is_never_touched() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let spare = sibling(&out, "spare");
        fs::create_dir(&spare).unwrap();
        fs::write(spare.join("keep.txt"), "mine").unwrap();
        build(&out, &[("a.html", b"one")]);
        build(&out, &[("a.html", b"two")]);
        build(&out, &[("a.html", b"three")]);
        assert_eq!(
            tree(&spare),
            [(PathBuf::from("keep.txt"), b"mine".to_vec())]
        );
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"three");
        let mut names: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [OsString::from(".public.redflag-spare"), "public".into()]
        );
    }

    #[test]
    fn a_dead_build_that_had_taken_the_spare_is_removed_and_the_next_builds_anew() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build(&out, &[("a.html", b"one")]);
        build(&out, &[("a.html", b"two")]);
        // Killed after taking the spare: its temporary folder is a dead build's.
        let dead = sibling(&out, "tmp-99999999");
        fs::rename(sibling(&out, "spare"), &dead).unwrap();
        let staging = Staging::create(&out, site.path(), WAIT).unwrap();
        assert!(!dead.exists() && staging.recycled.is_none());
        staging.sink().write("a.html", b"three").unwrap();
        staging.commit().unwrap();
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"three");
        assert_eq!(
            fs::read(sibling(&out, "spare").join("a.html")).unwrap(),
            b"two"
        );
    }
}
