//! Copies of the bundled example site for tests that edit it.

use std::path::{Path, PathBuf};

/// The repository root, where the example site lives.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example site's `site.toml` and `content/` in a temporary directory, with
/// `settings` (top-level `site.toml` keys, one per line; or nothing) added at the top of its
/// `site.toml`.
pub fn copy_of_example(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(repository().join("site.toml")).unwrap();
    std::fs::write(dir.path().join("site.toml"), format!("{settings}{config}")).unwrap();
    copy_dir(&repository().join("content"), &dir.path().join("content"));
    dir
}
