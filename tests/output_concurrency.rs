//! Two builds into one output folder at once (an editor's save hook and CI, two terminals), run
//! as the user runs them: the real binary, from inside the site folder, default `--out public`.
//! They run one after the other, the output is always exactly a fresh build, nothing but the
//! spare (the previous output, which the next build recycles) is left beside it, and on Linux `public/` never stops existing while a build replaces it.
//!
//! Every run of redflag is bounded in time; the stagger between the two starts is random (the
//! seed is printed) so that the second build lands at many different moments of the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, valid_site};

const BIN: &str = env!("CARGO_BIN_EXE_redflag");
/// Longest one build may take, waiting included.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
const PAIRS: usize = 20;

/// A copy of the valid site in `<temp>/site`.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&valid_site(), &site);
    (dir, site)
}

/// Starts redflag inside `site`; its standard error goes to `log`.
fn start(site: &Path, args: &[&str], log: &Path) -> Child {
    Command::new(BIN)
        .args(args)
        .current_dir(site)
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Waits for `child`, killing it and failing the test after `RUN_TIMEOUT`.
fn finish(mut child: Child, log: &Path) -> (ExitStatus, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("redflag still running after {RUN_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (status, std::fs::read_to_string(log).unwrap())
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The files that differ between two snapshots, for a readable failure.
fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<&PathBuf> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| match (a.contains_key(n), b.contains_key(n)) {
            (true, false) => format!("{} only in the output", n.display()),
            (false, true) => format!("{} missing from the output", n.display()),
            _ => format!("{} differs", n.display()),
        })
        .collect()
}

/// The names in the site folder: the site's own files and `public`, nothing else.
fn site_entries(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A small random number generator (xorshift), seeded from the clock; the seed is printed.
struct Stagger(u64);

impl Stagger {
    fn new() -> Self {
        let seed = std::env::var("REDFLAG_STAGGER_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            })
            .max(1);
        eprintln!("stagger seed: {seed} (REDFLAG_STAGGER_SEED={seed} repeats this run)");
        Stagger(seed)
    }

    /// A delay between 0 and 0.5 s (about the time a build of this site takes).
    fn next(&mut self) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(self.0 % 500)
    }
}

#[test]
fn concurrent_builds_into_one_output_run_one_after_the_other_and_leave_a_complete_site() {
    let (dir, site) = site();
    let reference_log = dir.path().join("reference.log");
    let reference = start(&site, &["build", "--out", "../reference"], &reference_log);
    let (status, log) = finish(reference, &reference_log);
    assert!(status.success(), "{log}");
    let expected = snapshot(&dir.path().join("reference"));
    assert!(expected.len() > 40, "{} files", expected.len());

    let mut stagger = Stagger::new();
    let mut waited = 0;
    for pair in 0..PAIRS {
        // Every fourth pair the second build is asked not to wait.
        let no_wait = pair % 4 == 3;
        let (log_a, log_b) = (dir.path().join("a.log"), dir.path().join("b.log"));
        let first = start(&site, &["build"], &log_a);
        std::thread::sleep(stagger.next());
        let second_args: &[&str] = if no_wait {
            &["build", "--no-wait"]
        } else {
            &["build"]
        };
        let second = start(&site, second_args, &log_b);
        let (status_a, log_a) = finish(first, &log_a);
        let (status_b, log_b) = finish(second, &log_b);
        assert!(status_a.success(), "pair {pair}, first build: {log_a}");
        let busy = status_b.code() == Some(2) && log_b.contains("is writing");
        assert!(
            status_b.success() || (no_wait && busy),
            "pair {pair}, second build ({second_args:?}) exited with {status_b}: {log_b}"
        );
        waited += usize::from(log_a.contains("Waiting for") || log_b.contains("Waiting for"));
        let found = snapshot(&site.join("public"));
        let different = differences(&found, &expected);
        assert!(
            different.is_empty(),
            "pair {pair}: the output is not a fresh build: {}",
            different.join(", ")
        );
        assert_eq!(
            site_entries(&site),
            [".public.redflag-spare", "content", "public", "site.toml"],
            "pair {pair}: something was left beside the output"
        );
        assert!(site.join(".public.redflag-spare/.redflag-output").is_file());
    }
    eprintln!("{waited} of {PAIRS} pairs overlapped (one build waited for the other)");
}

/// `public/` and its home page exist at every moment while builds replace it: the exchange is
/// one atomic step, so a reader never finds the folder missing, whenever it looks.
#[cfg(target_os = "linux")]
#[test]
fn public_never_goes_missing_while_builds_replace_it() {
    let (dir, site) = site();
    let log = dir.path().join("build.log");
    let (status, text) = finish(start(&site, &["build"], &log), &log);
    assert!(status.success(), "{text}");
    let home_page = site.join("public/index.html");
    let done = AtomicBool::new(false);
    let (looks, missing) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // The builds' results come out of the scope, so that the reader always stops first.
    let failed = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if std::fs::symlink_metadata(&home_page).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        });
        let failed = (0..10)
            .map(|_| finish(start(&site, &["build"], &log), &log))
            .find(|(status, _)| !status.success());
        done.store(true, Ordering::Relaxed);
        failed
    });
    if let Some((status, text)) = failed {
        panic!("a build failed ({status}): {text}");
    }
    assert!(looks.into_inner() > 0, "the reader never looked");
    assert_eq!(
        missing.into_inner(),
        0,
        "public/index.html was missing while a build replaced the output"
    );
}
