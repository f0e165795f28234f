//! Copies of the bundled example site for tests that edit it.

use super::{copy_dir, repository};

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
