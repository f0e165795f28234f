//! Validation fixtures: one case per rule of the content format, run through the real binary.
//!
//! `tests/fixtures/valid-site/` is a small, complete, valid site. Every case under
//! `tests/fixtures/invalid/<case>/` is an overlay on it: its files replace or add files at the
//! same relative paths (a `<name>.delete` file deletes `<name>`), and `expected.txt` lists the
//! errors the overlaid site must produce, one per line:
//!
//! ```text
//! RF011 content/advisories/virtual-kidnapping-calgary/index.md:6:11 unknown severity `urgent`
//! help: use low, medium
//! ```
//!
//! that is `CODE FILE:LINE[:COLUMN] MESSAGE-SUBSTRING`, optionally followed by
//! `help: HINT-SUBSTRING`. The list is exact and in redflag's order (by file, line, column): a
//! diagnostic nobody expected fails the case too. Each case starts with the output of a
//! successful build of the valid site in its output directory; the overlaid site is then built
//! into that directory, and the build must exit with 1, print every diagnostic with its location,
//! offending line and `help:`, and leave the previous output byte for byte as it was.
//! `redflag check --format json` and the library's `build::load` must report the same errors: the
//! rest of the site, which `check` still renders and checks, adds none.
//!
//! Cases under `tests/fixtures/valid-variants/<case>/` are overlays that must build; their
//! `expected.txt` lists output files (relative to the output directory) that must exist.
//!
//! Cases whose files cannot live in git (a 20 MB body, a 100,000-item list, symbolic links, a
//! pipe, an unreadable file, text that is not UTF-8) are generated into the copied site by the
//! function that `tests/support/generated.rs` registers under the case's folder name.
//! A location with spaces is quoted: `RF007 "content/advisories/a b":0 …`. Every run of
//! redflag is bounded in time and must not panic.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use redflag::source::normalise;
use serde::Deserialize;

use crate::support::copy_dir;
use crate::support::{generated, watchdog};

const BIN: &str = env!("CARGO_BIN_EXE_redflag");
/// When one run of redflag is given up: a hang (on a pipe, say) fails its case, not the suite,
/// and a busy machine (a 20 MB body takes minutes of wall time when other tests share the
/// cores) fails nothing. The largest case takes well under a minute of CPU in a debug build.
const RUN_LIMITS: watchdog::Limits = watchdog::Limits {
    cpu: Duration::from_secs(300),
    idle: Duration::from_secs(30),
    wall: Duration::from_secs(1200),
};
/// How a run that was given up is marked in its standard error.
const KILLED: &str = "\n(killed: it ";
/// Longest the library may take to load a case in this process (it has no CPU of its own to
/// watch): a hang fails the case instead of the whole test run.
const LIBRARY_LIMIT: Duration = Duration::from_secs(600);

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A diagnostic as printed by `redflag check --format json`.
#[derive(Debug, Clone, Deserialize)]
struct JsonDiagnostic {
    severity: String,
    code: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
    hint: Option<String>,
}

impl JsonDiagnostic {
    fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (line, 0) => format!("{}:{line}", self.file),
            (line, column) => format!("{}:{line}:{column}", self.file),
        }
    }
}

/// One line of `expected.txt`.
#[derive(Debug)]
struct Expected {
    code: String,
    file: String,
    line: usize,
    column: Option<usize>,
    message: String,
    hint: Option<String>,
}

impl Expected {
    fn matches(&self, d: &JsonDiagnostic) -> bool {
        d.code == self.code
            && d.file == self.file
            && d.line == self.line
            && self.column.is_none_or(|c| c == d.column)
            && d.message.contains(&self.message)
            && self
                .hint
                .as_ref()
                .is_none_or(|h| d.hint.as_deref().is_some_and(|hint| hint.contains(h)))
    }

    fn describe(&self) -> String {
        let column = self.column.map(|c| format!(":{c}")).unwrap_or_default();
        let hint = self
            .hint
            .as_ref()
            .map(|h| format!(" (help: …{h}…)"))
            .unwrap_or_default();
        format!(
            "{} {}:{}{column} …{}…{hint}",
            self.code, self.file, self.line, self.message
        )
    }
}

fn parse_expected(text: &str) -> Result<Vec<Expected>, String> {
    let mut expected: Vec<Expected> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(hint) = line.strip_prefix("help:") {
            let last = expected.last_mut().ok_or("`help:` before any diagnostic")?;
            last.hint = Some(hint.trim().to_owned());
            continue;
        }
        let (code, rest) = line.split_once(' ').ok_or(format!("bad line `{line}`"))?;
        let (file, rest) = match rest.strip_prefix('"') {
            Some(quoted) => quoted
                .split_once('"')
                .ok_or(format!("`{line}`: unclosed quote"))?,
            None => rest.split_once(':').unwrap_or((rest, "")),
        };
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let (location, message) = rest.split_once(' ').unwrap_or((rest, ""));
        let mut parts = location.split(':');
        let file = file.to_owned();
        let number =
            |p: Option<&str>| p.map(|n| n.parse::<usize>().map_err(|e| format!("`{line}`: {e}")));
        let line_no = number(parts.next()).ok_or(format!("`{line}`: no line number"))??;
        let column = number(parts.next()).transpose()?;
        expected.push(Expected {
            code: code.to_owned(),
            file,
            line: line_no,
            column,
            message: message.trim().to_owned(),
            hint: None,
        });
    }
    Ok(expected)
}

/// Applies a case's overlay (every file but `expected.txt`) onto the site in `site`.
pub(crate) fn apply_overlay(case: &Path, site: &Path) {
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.expect("walk case");
        let relative = entry.path().strip_prefix(case).expect("inside");
        if relative == Path::new("expected.txt") {
            continue;
        }
        let target = site.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else if let Some(deleted) = target.to_str().and_then(|t| t.strip_suffix(".delete")) {
            let deleted = Path::new(deleted);
            if deleted.is_dir() {
                std::fs::remove_dir_all(deleted).expect("delete dir");
            } else {
                std::fs::remove_file(deleted).expect("delete file");
            }
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir` with a hash of its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, blake3::Hash> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read output");
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                blake3::hash(&bytes),
            )
        })
        .collect()
}

/// Runs redflag, unprivileged when asked (see `generated::command`), killing it when it breaks
/// `RUN_LIMITS`.
fn run(args: &[&str], unprivileged: bool) -> Output {
    let mut child = generated::command(BIN, unprivileged)
        .args(args)
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run redflag");
    let collect = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = collect(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = collect(child.stderr.take().map(|p| Box::new(p) as _));
    let (status, killed) = watchdog::wait(&mut child, RUN_LIMITS);
    let mut stderr = stderr.join().expect("stderr reader");
    if let Some(why) = killed {
        stderr.extend_from_slice(format!("{KILLED}{why})\n").as_bytes());
    }
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr,
    }
}

fn build(site: &Path, out: &Path) -> Output {
    build_as(site, out, false)
}

fn build_as(site: &Path, out: &Path, unprivileged: bool) -> Output {
    run(
        &[
            "build",
            "--root",
            site.to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("utf-8 path"),
        ],
        unprivileged,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary copy of the valid site with a case laid over it, and in `public/` the output of a
/// successful build of the valid site.
struct Workspace {
    _dir: tempfile::TempDir,
    site: PathBuf,
    out: PathBuf,
    /// Whether redflag runs unprivileged for this case (see `generated::runs_unprivileged`).
    unprivileged: bool,
}

impl Drop for Workspace {
    fn drop(&mut self) {
        generated::restore_permissions(&self.site);
    }
}

/// The output of the valid site, built once per test run; each case starts from a copy of it
/// (the same as building it again into the case's output directory, without the cost); the
/// snapshots' `check --out` reads it as it is.
pub(crate) fn valid_output() -> Result<&'static Path, String> {
    static OUTPUT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    OUTPUT
        .get_or_init(|| {
            let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures-valid-public");
            let built = build(&fixtures_dir().join("valid-site"), &out);
            if built.status.success() {
                Ok(out)
            } else {
                Err(format!(
                    "the valid site did not build:\n{}",
                    text(&built.stderr)
                ))
            }
        })
        .as_deref()
        .map_err(Clone::clone)
}

fn prepare(case: &Path) -> Result<Workspace, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let out = dir.path().join("public");
    copy_dir(&fixtures_dir().join("valid-site"), &site);
    copy_dir(valid_output()?, &out);
    apply_overlay(case, &site);
    let name = case.file_name().unwrap_or_default().to_string_lossy();
    if let Some(generate) = generated::generator(&name) {
        generate(&site).map_err(|e| format!("generating the case: {e}"))?;
    }
    Ok(Workspace {
        _dir: dir,
        site,
        out,
        unprivileged: generated::runs_unprivileged(&name),
    })
}

/// Runs one invalid case; returns every way in which it failed.
fn run_invalid_case(case: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = match std::fs::read_to_string(case.join("expected.txt"))
        .map_err(|e| format!("expected.txt: {e}"))
        .and_then(|t| parse_expected(&t))
    {
        Ok(expected) if !expected.is_empty() => expected,
        Ok(_) => return vec!["expected.txt lists no diagnostic".into()],
        Err(e) => return vec![e],
    };
    let ws = match prepare(case) {
        Ok(ws) => ws,
        Err(e) => return vec![e],
    };
    let before = snapshot(&ws.out);
    if before.is_empty() {
        return vec!["the output of the valid site is empty".into()];
    }

    let built = build_as(&ws.site, &ws.out, ws.unprivileged);
    let human = text(&built.stderr);
    if human.contains("panicked") {
        problems.push(format!("redflag panicked:\n{human}"));
    }
    if built.status.code() != Some(1) {
        problems.push(format!(
            "`build` exited with {:?}, not 1",
            built.status.code()
        ));
    }
    if snapshot(&ws.out) != before {
        problems.push("the failed build changed the previous output".into());
    }
    let leftovers: Vec<_> = std::fs::read_dir(ws.out.parent().expect("parent"))
        .expect("list temp dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "public" && n != generated::OUTSIDE)
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!(
            "the failed build left {leftovers:?} beside the output"
        ));
    }

    // `--out`: as after a build, `check` reuses the valid site's posters where nothing they are
    // made from changed, and typesets the case's own.
    let checked = run(
        &[
            "check",
            "--root",
            ws.site.to_str().expect("utf-8 path"),
            "--out",
            ws.out.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ],
        ws.unprivileged,
    );
    if checked.status.code() != Some(1) {
        problems.push(format!(
            "`check` exited with {:?}, not 1",
            checked.status.code()
        ));
    }
    let found: Vec<JsonDiagnostic> = match text(&checked.stdout)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<Vec<JsonDiagnostic>, _>>()
    {
        // The warnings and infos `check` adds about the rest of the site (it checks what loaded)
        // are the valid site's own, the same in every case.
        Ok(found) => found
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect(),
        Err(e) => {
            problems.push(format!("`check --format json` printed invalid JSON: {e}"));
            Vec::new()
        }
    };

    compare_with_expected(&expected, &found, &mut problems);
    check_presentation(&found, &ws.site, &human, &mut problems);
    // The library runs in this process: it reads what the unprivileged binary cannot, and
    // where the binary hung (and was killed) it would hang too.
    let mut killed = false;
    for (command, output) in [("build", &built), ("check", &checked)] {
        let stderr = text(&output.stderr);
        if let Some(at) = stderr.find(KILLED) {
            killed = true;
            problems.push(format!("`{command}` was killed: {}", stderr[at..].trim()));
        }
    }
    if !ws.unprivileged && !killed {
        compare_with_library(&found, &ws.site, &mut problems);
    }
    if !problems.is_empty() {
        let mut listing = String::from("`check --format json` reported:");
        for d in &found {
            let _ = write!(
                listing,
                "\n      {} {} {} (help: {})",
                d.code,
                d.location(),
                d.message,
                d.hint.as_deref().unwrap_or("none")
            );
        }
        problems.push(listing);
    }
    problems
}

fn compare_with_expected(
    expected: &[Expected],
    found: &[JsonDiagnostic],
    problems: &mut Vec<String>,
) {
    let mut used = vec![false; found.len()];
    let mut order = Vec::new();
    for e in expected {
        match (0..found.len()).find(|&i| !used[i] && e.matches(&found[i])) {
            Some(i) => {
                used[i] = true;
                order.push(i);
            }
            None => problems.push(format!("missing: {}", e.describe())),
        }
    }
    if !order.is_sorted() {
        problems.push("expected.txt lists the diagnostics in another order than redflag".into());
    }
    for (d, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
        problems.push(format!(
            "unexpected: {} {} {}",
            d.code,
            d.location(),
            d.message
        ));
    }
    let keys: Vec<_> = found.iter().map(|d| (&d.file, d.line, d.column)).collect();
    if !keys.is_sorted() {
        problems.push("diagnostics are not sorted by file, line and column".into());
    }
}

/// Every diagnostic is an error with a hint and a column when it has a line, and the human
/// output shows its location, the offending line and the hint.
fn check_presentation(
    found: &[JsonDiagnostic],
    site: &Path,
    human: &str,
    problems: &mut Vec<String>,
) {
    let blocks: Vec<&str> = human.split("\n\n").collect();
    for d in found {
        let name = format!("{} at {}", d.code, d.location());
        if d.severity != "error" {
            problems.push(format!("{name}: severity {}, not error", d.severity));
        }
        if d.hint.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{name}: no hint"));
        }
        if d.line > 0 && d.column == 0 {
            problems.push(format!("{name}: a line but no column"));
        }
        let heading = format!("error[{}]: {}\n", d.code, d.message);
        let arrow = format!("--> {}\n", d.location());
        let Some(block) = blocks
            .iter()
            .find(|b| b.trim_start().starts_with(&heading) && b.contains(&arrow))
        else {
            problems.push(format!("{name}: not in the human output of `build`"));
            continue;
        };
        if !block.contains("= help: ") {
            problems.push(format!("{name}: no `help:` in the human output"));
        }
        if d.line > 0
            && let Some(source) = source_line(&site.join(&d.file), d.line)
            && !block.contains(&format!("{} | {source}", d.line))
        {
            problems.push(format!(
                "{name}: the human output does not quote line {} `{source}`",
                d.line
            ));
        }
    }
    let count = found.len();
    let summary = format!("{count} error{} found", if count == 1 { "" } else { "s" });
    if !human.contains(&summary) {
        problems.push(format!("the human output does not end with `{summary}`"));
    }
}

/// Line `line` of a file, as redflag quotes it (no BOM, LF line ends, invalid UTF-8 replaced,
/// control characters but tab shown as their symbols: `␀` for NUL).
fn source_line(path: &Path, line: usize) -> Option<String> {
    let text = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
    let line = normalise(text).lines().nth(line - 1)?.to_owned();
    Some(
        line.chars()
            .map(|c| match u32::from(c) {
                0x09 => c,
                code @ 0x00..=0x1F => char::from_u32(0x2400 + code).unwrap_or(c),
                0x7F => '\u{2421}',
                _ if c.is_control() => '\u{FFFD}',
                _ => c,
            })
            .collect(),
    )
}

/// The library (`build::load`: content, configuration and the theme's UI strings) reports the
/// same diagnostics as the binary.
fn compare_with_library(found: &[JsonDiagnostic], site: &Path, problems: &mut Vec<String>) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let root = site.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(redflag::build::load(
            &root,
            &redflag::content::LoadOptions::with_drafts(),
        ));
    });
    let from_library = match receiver.recv_timeout(LIBRARY_LIMIT) {
        Ok(Ok(_)) => Vec::new(),
        Ok(Err(diagnostics)) => diagnostics,
        Err(_) => {
            problems.push(format!(
                "build::load did not return within {LIBRARY_LIMIT:?}"
            ));
            return;
        }
    };
    let library: Vec<_> = from_library
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_owned(),
                d.file.to_string_lossy().into_owned(),
                d.line,
                d.column,
            )
        })
        .collect();
    let binary: Vec<_> = found
        .iter()
        .map(|d| (d.code.clone(), d.file.clone(), d.line, d.column))
        .collect();
    if library != binary {
        problems.push(format!(
            "build::load reported {library:?}, the binary {binary:?}"
        ));
    }
}

fn cases(folder: &str) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures_dir().join(folder))
        .expect("fixture folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Runs `check` on every case, a few at a time, and fails listing every failing case.
fn run_all(cases: &[PathBuf], check: impl Fn(&Path) -> Vec<String> + Sync) {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let problems = check(case);
                    if !problems.is_empty() {
                        let name = case.file_name().unwrap_or_default().to_string_lossy();
                        let mut report = format!("{name}:");
                        for p in problems {
                            let _ = write!(report, "\n  - {p}");
                        }
                        failures.lock().expect("lock").push(report);
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_generated_case_has_a_folder() {
    for (name, _) in generated::GENERATED {
        let found = ["invalid", "valid-variants"]
            .iter()
            .any(|kind| fixtures_dir().join(kind).join(name).is_dir());
        assert!(
            found,
            "generated case `{name}` has no folder with its expected.txt"
        );
    }
}

#[test]
fn every_invalid_fixture_reports_its_diagnostics_and_writes_nothing() {
    let cases = cases("invalid");
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    run_all(&cases, run_invalid_case);
}

/// Builds an overlay that must succeed and checks the files its `expected.txt` lists.
fn run_valid_variant(case: &Path) -> Vec<String> {
    let ws = match prepare(case) {
        Ok(ws) => ws,
        Err(e) => return vec![e],
    };
    let built = build(&ws.site, &ws.out);
    if !built.status.success() {
        return vec![format!("the build failed:\n{}", text(&built.stderr))];
    }
    let listed = match std::fs::read_to_string(case.join("expected.txt")) {
        Ok(listed) => listed,
        Err(e) => return vec![format!("expected.txt: {e}")],
    };
    let files: Vec<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if files.is_empty() {
        return vec!["expected.txt lists no file".into()];
    }
    files
        .into_iter()
        .filter(|l| !ws.out.join(l).is_file())
        .map(|l| format!("{l} was not written"))
        .collect()
}

#[test]
fn valid_variants_build() {
    run_all(&cases("valid-variants"), run_valid_variant);
}

#[test]
fn the_valid_site_has_every_page_in_every_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let built = build(&fixtures_dir().join("valid-site"), &out);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let languages = [
        ("en", "", "ltr"),
        ("fr", "fr/", "ltr"),
        ("ar", "ar/", "rtl"),
    ];
    let pages = [
        "index.html",
        "404.html",
        "advisories/virtual-kidnapping-calgary/index.html",
        "advisories/police-calls-toronto/index.html",
        "scam-types/index.html",
        "scam-types/virtual-kidnapping/index.html",
        "scam-types/official-impersonation/index.html",
        "audiences/index.html",
        "audiences/international-students/index.html",
        "audiences/families/index.html",
        "regions/index.html",
        "regions/calgary/index.html",
        "regions/toronto/index.html",
    ];
    let html = scraper::Selector::parse("html").expect("selector");
    let mut missing = Vec::new();
    for (lang, prefix, dir) in languages {
        for page in pages {
            let path = out.join(format!("{prefix}{page}"));
            let Ok(source) = std::fs::read_to_string(&path) else {
                missing.push(format!("{prefix}{page} is missing"));
                continue;
            };
            let document = scraper::Html::parse_document(&source);
            let root = document.select(&html).next().expect("an <html> element");
            let attrs = (root.attr("lang"), root.attr("dir"));
            if attrs != (Some(lang), Some(dir)) {
                missing.push(format!("{prefix}{page}: <html lang dir> is {attrs:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
