//! Helpers shared by the integration tests.

pub mod alloc;
pub mod cap;
pub mod example;
pub mod generated;
pub mod json_schema;
pub mod pdf;
pub mod preview;
pub mod rng;
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

/// `redflag <args>` run as a user runs it: started inside `cwd`, with `CI` unset (CI=true makes
/// the build's summary quiet).
pub fn redflag_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(cwd)
        .args(args)
        .env_remove("CI")
        .output()
        .expect("run redflag")
}

/// What a process printed: its standard output, then its standard error.
pub fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The top-level property names of the JSON Schema redflag writes for `kind`: the one list of
/// keys (front matter, contacts, …) that tests draw on.
pub fn properties(kind: redflag::schema::SchemaKind) -> std::collections::BTreeSet<String> {
    let value = redflag::schema::schema(kind).to_value();
    value["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}
