//! Output trees compared file by file: every regular file below a folder by its relative path,
//! with the BLAKE3 digest of its bytes.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file below `dir`: relative path → BLAKE3 digest.
pub fn digests(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk the output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let bytes = std::fs::read(entry.path()).expect("read an output file");
            let path = entry.path().strip_prefix(dir).expect("inside");
            (
                path.to_string_lossy().into_owned(),
                blake3::hash(&bytes).to_hex().to_string(),
            )
        })
        .collect()
}

/// Asserts that `actual` holds exactly the files of `expected`, byte for byte; the message
/// names the files missing, extra or different (the first ten of each).
pub fn assert_same(
    actual: &BTreeMap<String, String>,
    expected: &BTreeMap<String, String>,
    what: &str,
) {
    let first_ten = |paths: Vec<&String>| {
        let count = paths.len();
        let shown: Vec<&String> = paths.into_iter().take(10).collect();
        format!("{count} {shown:?}")
    };
    let missing: Vec<&String> = expected
        .keys()
        .filter(|p| !actual.contains_key(*p))
        .collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    let different: Vec<&String> = expected
        .iter()
        .filter(|(path, digest)| actual.get(*path).is_some_and(|d| d != *digest))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && different.is_empty(),
        "{what}: not the files of a fresh build: missing {}, extra {}, different {}",
        first_ten(missing),
        first_ten(extra),
        first_ten(different)
    );
}
