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
pub mod translators;
pub mod trees;
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

/// Writes at `out` a synthetic site of `n` advisories, each translated into every language of
/// `langs` (`en,fr,zh-Hans`, the first the default), with `benches/gen_site.py` and a fixed seed:
/// search on, no posters, no share images.
pub fn gen_site(out: &Path, n: usize, langs: &str) {
    let generated = std::process::Command::new("python3")
        .arg(repository().join("benches/gen_site.py"))
        .args([
            "--n",
            &n.to_string(),
            "--langs",
            langs,
            "--seed",
            "7",
            "--out",
        ])
        .arg(out)
        .output()
        .expect("run python3 (install it with bash scripts/install-test-deps.sh)");
    assert!(
        generated.status.success(),
        "gen_site.py failed: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
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

/// `redflag <args>` run inside `site` with relative paths, as the README shows, with `CI=true`
/// (the build's summary quiet).
pub fn run_in(site: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(args)
        .current_dir(site)
        .env("CI", "true")
        .output()
        .expect("run redflag")
}

/// What a successful `run_in` printed, each stream on its own.
pub struct Printed {
    pub stdout: String,
    pub stderr: String,
}

/// `run_in`, asserting that redflag succeeded (its standard error in the message).
pub fn ok(site: &Path, args: &[&str]) -> Printed {
    let output = run_in(site, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "redflag {args:?}: {stderr}");
    Printed {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    }
}

/// Runs `name` with `args` and returns its standard output; panics (naming the tool and how to
/// install it) when it cannot run or fails.
pub fn tool(name: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "cannot run {name} ({err}): install the test tools with scripts/install-test-deps.sh"
            )
        });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `git <args>` inside `dir`, as a test author with a fixed name; asserts that it succeeded.
pub fn git(dir: &Path, args: &[&str]) {
    let done = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(done.status.success(), "git {args:?}: {done:?}");
}

/// The advisories' folder names under `site/content/advisories`, sorted.
pub fn advisory_slugs(site: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(site.join("content/advisories"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

/// The 1-based line and column (in characters) of the first `needle` in `text`.
pub fn line_column(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
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
