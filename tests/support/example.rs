//! The bundled example site for tests: its output built once per test run (shared by every
//! test that only reads it), and copies of it for tests that edit it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::{copy_dir, repository};

/// The day the date-dependent tests run on, as `SOURCE_DATE_EPOCH` (2026-12-02T12:00:00Z, the
/// day the example's advisories were reviewed): what has expired must not depend on the day
/// the suite runs (the example's alerts expire after 2027-12-02).
pub const PINNED_TODAY: &str = "1796212800";

/// The output of `redflag build` on the unmodified example site, built once per run of the test
/// binary by the real binary in a process of its own, started inside the site folder as the
/// README says (`redflag build --out …`), into a fresh folder (so no poster comes from a cache).
/// Tests must only read it.
pub fn built_example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-public");
        build_fresh(&repository(), &out).unwrap_or_else(|err| panic!("{err}"));
        out
    })
}

/// Builds the site in `root` with the binary, started in `root`, into `out` (removed first, so
/// that the build starts from nothing: no poster is reused from an earlier build).
pub fn build_fresh(root: &Path, out: &Path) -> Result<(), String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("remove {}: {e}", out.display()))?;
    }
    let built = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(root)
        .args(["build", "--out"])
        .arg(out)
        .env("CI", "true")
        .env("SOURCE_DATE_EPOCH", PINNED_TODAY)
        .output()
        .map_err(|e| format!("run redflag: {e}"))?;
    if built.status.success() {
        Ok(())
    } else {
        Err(format!(
            "redflag build of {} failed:\n{}",
            root.display(),
            String::from_utf8_lossy(&built.stderr)
        ))
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

/// Like [`copy_of_example`], without the `[posters]` table: the site then makes no poster, for
/// tests that read only its pages, feeds and alerts (typesetting is most of a build's time).
pub fn copy_of_example_without_posters(settings: &str) -> tempfile::TempDir {
    let dir = copy_of_example(settings);
    let path = dir.path().join("site.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, without_table(&config, "[posters]")).unwrap();
    dir
}

/// Like [`copy_of_example_without_posters`], and without share cards and screen slides
/// (`[share]` keeps only the texts): nothing is typeset, for tests that read pages, feeds,
/// alerts and texts only.
pub fn copy_of_example_without_typesetting(settings: &str) -> tempfile::TempDir {
    let dir = copy_of_example_without_posters(settings);
    turn_off_share_images(dir.path());
    dir
}

/// Like [`copy_of_example`], without share cards and screen slides (`[share]` keeps only the
/// texts): only posters are typeset, for tests that read posters and pages only.
pub fn copy_of_example_without_share_images(settings: &str) -> tempfile::TempDir {
    let dir = copy_of_example(settings);
    turn_off_share_images(dir.path());
    dir
}

/// Sets `cards`, `slides` and `screens` in the `[share]` table of `root`'s `site.toml` to false.
fn turn_off_share_images(root: &Path) {
    let path = root.join("site.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    for switch in ["cards", "slides", "screens"] {
        let on = format!("\n{switch} = true\n");
        assert!(
            config.contains(&on),
            "the example's [share] no longer has `{switch} = true`"
        );
        config = config.replacen(&on, &format!("\n{switch} = false\n"), 1);
    }
    std::fs::write(&path, config).unwrap();
}

/// Adds `settings` (lines) at the top of the `[posters]` table of `root`'s `site.toml`.
pub fn add_to_posters_table(root: &Path, settings: &str) {
    let path = root.join("site.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    assert!(config.contains("\n[posters]\n"), "no [posters] table");
    let config = config.replacen("\n[posters]\n", &format!("\n[posters]\n{settings}\n"), 1);
    std::fs::write(&path, config).unwrap();
}

/// `toml` without the table whose header line is `header` (up to the next header).
pub fn without_table(toml: &str, header: &str) -> String {
    let mut inside = false;
    let mut found = false;
    let mut kept = String::new();
    for line in toml.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with(header);
            found |= inside;
        }
        if !inside {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    assert!(found, "no {header} table in site.toml");
    kept
}
