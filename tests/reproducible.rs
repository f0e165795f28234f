//! A build is reproducible: the example site built by two `redflag build` processes into two
//! fresh folders gives the same files, byte for byte; every poster (PDF and PNG preview) above
//! all. Two processes, not two builds in one: typst's caches live as long as the process and
//! could hide nondeterminism between two builds that share them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::example::{build_fresh, built_example};
use crate::support::repository;

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read output");
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                bytes,
            )
        })
        .collect()
}

#[test]
fn two_builds_in_separate_processes_write_the_same_bytes() {
    let first = files(built_example());
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build_fresh(&repository(), &out).unwrap_or_else(|err| panic!("{err}"));
    let second = files(&out);

    let posters = first
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    // 2 sizes × (4 + 4 + 2 advisory languages + 3 institution posters).
    assert_eq!(posters, 26, "the example site's posters");
    let names = |files: &BTreeMap<PathBuf, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second), "the same files");
    let different: Vec<&PathBuf> = first
        .iter()
        .filter(|(path, bytes)| second.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        different.is_empty(),
        "{} files differ between two builds, e.g. {:?}",
        different.len(),
        &different[..different.len().min(10)]
    );
}
