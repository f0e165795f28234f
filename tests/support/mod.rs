//! Helpers shared by the integration tests.

pub mod alloc;
pub mod cap;
pub mod example;
pub mod generated;
pub mod json_schema;
pub mod pdf;
pub mod preview;
pub mod tera_dump;
pub mod watchdog;

use std::path::{Path, PathBuf};

/// The repository root, where the example site lives.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The smallest complete site of the fixtures (`tests/fixtures/valid-site`).
pub fn valid_site() -> PathBuf {
    repository().join("tests/fixtures/valid-site")
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
