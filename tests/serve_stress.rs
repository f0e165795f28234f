//! `redflag serve` under stress, as a real process on 127.0.0.1: 1,000 scripted edits in bursts
//! (titles, broken YAML, renames, deletions and creations of advisories and translations, a
//! template and a UI string of a theme override) while a client keeps requesting pages (paced,
//! at most `MAX_REQUESTS`). The server must answer every request, end with exactly the output of
//! a fresh `redflag build`, and not grow its memory without bound; path-traversal requests get
//! 400 or 404.
//!
//! Hundreds of idle and half-sent connections at once must not keep a new request out.
//!
//! The edits are random but seeded (`SEED`), so a failure can be replayed. Every wait is on an
//! event (a line of output, a reload event), bounded by a timeout; the test ends the server.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::preview::{Events, Server, TIMEOUT, request};
use crate::support::rng::Rng;
use crate::support::{copy_dir, valid_site};

const SEED: u64 = 0x5eed_2025_0611;
const EDITS: usize = 1000;
const MAX_BURST: usize = 20;
/// Requests the client makes at most (it stops earlier when the edits are done).
const MAX_REQUESTS: usize = 20_000;
/// The client's pace: a pause after each request, so that it reads like a busy browser (a few
/// hundred requests a second) and leaves the cores to the server and to the other tests.
const PACE: Duration = Duration::from_millis(2);
/// The start of the injected live-reload script (its version attribute varies), removed before
/// comparing with a fresh build.
const LIVE_SCRIPT: &str = "<script src=\"/__redflag/live.js\" data-version=\"";

/// The valid fixture site plus a theme override (a template and the English UI strings).
fn site(dir: &Path) {
    copy_dir(&valid_site(), dir);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in ["templates/base.html", "i18n/en.yaml"] {
        let target = dir.join("themes/default").join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("create theme dir");
        std::fs::copy(theme.join(file), target).expect("copy theme file");
    }
}

/// What the client saw.
#[derive(Default)]
struct ClientReport {
    requests: AtomicUsize,
    failures: Mutex<Vec<String>>,
}

/// Requests `paths` in a loop, paced, until `stop` or `MAX_REQUESTS`; any status other than
/// 200, 301 and 404 (a page that a rename or deletion removed), an incomplete page and any
/// connection error is a failure.
fn client(port: u16, paths: Vec<String>, stop: Arc<AtomicBool>, report: Arc<ClientReport>) {
    for path in paths.iter().cycle() {
        if stop.load(Ordering::Relaxed) || report.requests.load(Ordering::Relaxed) >= MAX_REQUESTS {
            return;
        }
        report.requests.fetch_add(1, Ordering::Relaxed);
        match request(port, "GET", path) {
            Ok((200, body)) if path.ends_with('/') && !body.ends_with(b"</html>\n") => report
                .failures
                .lock()
                .expect("lock")
                .push(format!("{path}: an incomplete page")),
            Ok((200 | 301 | 404, _)) => {}
            Ok((status, _)) => report
                .failures
                .lock()
                .expect("lock")
                .push(format!("{path}: {status}")),
            Err(err) => report
                .failures
                .lock()
                .expect("lock")
                .push(format!("{path}: {err}")),
        }
        std::thread::sleep(PACE);
    }
}

/// The edit script's view of the site: which advisories and translations exist.
struct Editor {
    root: PathBuf,
    rng: Rng,
    /// Slugs of the advisories that exist now.
    slugs: Vec<String>,
    template: String,
    strings: String,
    advisory: String,
    translation: String,
    created: usize,
}

const ADVISORIES: &str = "content/advisories";

impl Editor {
    fn new(root: &Path) -> Editor {
        let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("read");
        Editor {
            root: root.to_path_buf(),
            rng: Rng(SEED),
            slugs: vec![
                "police-calls-toronto".into(),
                "virtual-kidnapping-calgary".into(),
            ],
            template: read("themes/default/templates/base.html"),
            strings: read("themes/default/i18n/en.yaml"),
            advisory: read("content/advisories/virtual-kidnapping-calgary/index.md"),
            translation: read("content/advisories/virtual-kidnapping-calgary/index.fr.md"),
            created: 0,
        }
    }

    fn dir(&self, slug: &str) -> PathBuf {
        self.root.join(ADVISORIES).join(slug)
    }

    fn write(&self, path: &Path, text: &str) {
        std::fs::write(path, text).expect("write");
    }

    fn pick(&mut self) -> String {
        let i = self.rng.below(self.slugs.len());
        self.slugs[i].clone()
    }

    /// One random edit; `n` numbers it (for unique titles and slugs).
    fn edit(&mut self, n: usize) {
        let slug = self.pick();
        let dir = self.dir(&slug);
        match self.rng.below(10) {
            0..=2 => {
                let text = self
                    .advisory
                    .replacen("title: ", &format!("title: Edit {n} — "), 1);
                self.write(&dir.join("index.md"), &text);
            }
            3 => {
                let broken = self
                    .advisory
                    .replacen("severity: high", "severity: [high", 1);
                self.write(&dir.join("index.md"), &broken);
            }
            4 => {
                let text = self
                    .translation
                    .replacen("title: ", &format!("title: Fr {n} — "), 1);
                self.write(&dir.join("index.fr.md"), &text);
            }
            5 => {
                // Removes the translation, or writes it back when it is gone: every edit changes
                // a file, so that every burst causes a reload event.
                let path = dir.join("index.fr.md");
                if path.exists() {
                    std::fs::remove_file(&path).expect("remove translation");
                } else {
                    self.write(&path, &self.translation);
                }
            }
            6 if self.slugs.len() > 1 => {
                let to = format!("renamed-{n}");
                std::fs::rename(&dir, self.dir(&to)).expect("rename advisory");
                self.slugs.retain(|s| *s != slug);
                self.slugs.push(to);
            }
            7 if self.slugs.len() > 1 => {
                std::fs::remove_dir_all(&dir).expect("delete advisory");
                self.slugs.retain(|s| *s != slug);
            }
            7 | 8 => self.create(n),
            6 | 9 => {
                if self.rng.below(2) == 0 {
                    let template =
                        self.template
                            .replacen("</body>", &format!("<!-- edit {n} --></body>"), 1);
                    self.write(
                        &self.root.join("themes/default/templates/base.html"),
                        &template,
                    );
                } else {
                    let strings =
                        self.strings
                            .replacen("home: Home", &format!("home: Home {n}"), 1);
                    self.write(&self.root.join("themes/default/i18n/en.yaml"), &strings);
                }
            }
            _ => unreachable!("below(10)"),
        }
    }

    fn create(&mut self, n: usize) {
        self.created += 1;
        let slug = format!("created-{n}");
        let dir = self.dir(&slug);
        std::fs::create_dir_all(&dir).expect("create advisory");
        let text = self
            .advisory
            .replacen("title: ", &format!("title: New {n} — "), 1);
        self.write(&dir.join("index.md"), &text);
        self.slugs.push(slug);
    }

    /// Leaves every advisory valid (some edits break one), with a final title to wait for.
    fn repair(&mut self) {
        let slugs = self.slugs.clone();
        for slug in slugs {
            let text = self.advisory.replacen("title: ", "title: Final — ", 1);
            self.write(&self.dir(&slug).join("index.md"), &text);
        }
    }
}

/// Every file of a fresh build of `root` published at the server's address, by URL path.
fn fresh_build(root: &Path, port: u16) -> BTreeMap<String, Vec<u8>> {
    let out = root.parent().expect("parent").join("fresh-public");
    let _ = std::fs::remove_dir_all(&out);
    let built = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(["--base-url", &format!("http://127.0.0.1:{port}")])
        .env("CI", "true")
        .output()
        .expect("run build");
    assert!(
        built.status.success(),
        "fresh build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&out).expect("inside");
            let rel = rel.to_str().expect("utf-8").replace('\\', "/");
            (!rel.split('/').any(|p| p.starts_with('.')))
                .then(|| (format!("/{rel}"), std::fs::read(e.path()).expect("read")))
        })
        .collect()
}

/// A served page without the live-reload script the preview adds.
fn without_live_script(page: &str) -> String {
    let Some(start) = page.find(LIVE_SCRIPT) else {
        return page.to_owned();
    };
    let end = page[start..]
        .find("</script>")
        .map_or(page.len(), |at| start + at + "</script>".len());
    format!("{}{}", &page[..start], &page[end..])
}

/// The served files that differ from `expected` (the live-reload script removed from pages).
fn differences(port: u16, expected: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut different = Vec::new();
    for (path, bytes) in expected {
        match request(port, "GET", path) {
            Ok((200, body)) => {
                let body = if path.ends_with(".html") {
                    without_live_script(&String::from_utf8_lossy(&body)).into_bytes()
                } else {
                    body
                };
                if body != *bytes {
                    different.push(format!("{path}: different bytes"));
                }
            }
            Ok((status, _)) => different.push(format!("{path}: {status}")),
            Err(err) => different.push(format!("{path}: {err}")),
        }
    }
    different
}

fn page_paths(expected: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    expected
        .keys()
        .map(|p| p.strip_suffix("index.html").unwrap_or(p).to_owned())
        .collect()
}

#[test]
fn a_thousand_edits_in_bursts_while_a_client_reads() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    site(&root);
    let server = Server::start(&root);
    let events = Events::connect(server.port);
    let initial = fresh_build(&root, server.port);
    let before = differences(server.port, &initial);
    assert!(
        before.is_empty(),
        "the preview differs from a build before any edit: {before:?}"
    );
    let rss_start = server.rss_kb();

    let stop = Arc::new(AtomicBool::new(false));
    let report = Arc::new(ClientReport::default());
    let reader = {
        let (stop, report, paths) = (Arc::clone(&stop), Arc::clone(&report), page_paths(&initial));
        let port = server.port;
        std::thread::spawn(move || client(port, paths, stop, report))
    };

    let mut editor = Editor::new(&root);
    let mut rng = Rng(SEED ^ 0xb0b);
    let (mut done, mut bursts, mut missed) = (0, 0, 0);
    while done < EDITS {
        let burst = (1 + rng.below(MAX_BURST)).min(EDITS - done);
        for _ in 0..burst {
            editor.edit(done);
            done += 1;
        }
        bursts += 1;
        if events.next_named("reload", TIMEOUT).is_none() {
            missed += 1;
        }
    }
    editor.repair();

    // Quiescence: after each reload event, compare with a fresh build of the final tree.
    let expected = fresh_build(&root, server.port);
    let mut last = differences(server.port, &expected);
    while !last.is_empty() {
        if events.next_named("reload", TIMEOUT).is_none() {
            break;
        }
        last = differences(server.port, &expected);
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().expect("client thread");
    let rss_end = server.rss_kb();
    let requests = report.requests.load(Ordering::Relaxed);
    let failures = report.failures.lock().expect("lock").clone();
    eprintln!(
        "serve stress: {EDITS} edits in {bursts} bursts ({} advisories created), {requests} requests, \
         {} failed, RSS {rss_start} kB → {rss_end} kB, {} bursts without a reload event, {:.1} s",
        editor.created,
        failures.len(),
        missed,
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failed requests, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert!(requests > 0, "the client made no request");
    assert!(
        last.is_empty(),
        "after the last reload the preview differs from a fresh build: {:?}",
        &last[..last.len().min(10)]
    );
    assert_eq!(missed, 0, "bursts that caused no reload event");
    assert!(
        rss_end < rss_start * 3 + 50 * 1024,
        "memory grew from {rss_start} kB to {rss_end} kB"
    );
}

/// The content of a file beside the site that no request may reach.
const SECRET: &str = "TOP-SECRET-8731";

#[test]
fn traversal_and_malformed_paths_get_400_or_404() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    site(&root);
    std::fs::write(dir.path().join("secret.txt"), SECRET).expect("write secret");
    let server = Server::start(&root);
    let absolute = format!("http://127.0.0.1:{}/../../secret.txt", server.port);
    let overlong = format!("/{}", "a/".repeat(1500));
    let overlong_dots = format!("/{}secret.txt", "../".repeat(1000));
    let targets = [
        "/../secret.txt",
        "/../../site.toml",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%2E%2E%2F%2E%2E%2Fsite.toml",
        "/static/%2e%2e/%2e%2e/site.toml",
        "/..%2fsecret.txt",
        "/..\\secret.txt",
        "/static/..\\..\\site.toml",
        "/..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/.%2e/secret.txt",
        "/./index.html/../../site.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/c:%5cwindows",
        "/%00",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%ff",
        absolute.as_str(),
        overlong.as_str(),
        overlong_dots.as_str(),
    ];
    let mut wrong = Vec::new();
    for target in targets {
        match request(server.port, "GET", target) {
            Ok((400 | 404, body)) => {
                if String::from_utf8_lossy(&body).contains(SECRET) {
                    wrong.push(format!("{target}: leaked the file"));
                }
            }
            Ok((status, _)) => wrong.push(format!("{target}: {status}")),
            Err(err) => wrong.push(format!("{target}: {err}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(request(server.port, "GET", "/").expect("home").0, 200);
}

/// Idle connections opened at once: more than the server may have files open in the test.
const IDLE_CONNECTIONS: usize = 300;
/// The server's limit of open files in the test (`ulimit -n`; macOS's default).
const FILE_LIMIT: u32 = 256;

#[test]
fn hundreds_of_idle_and_slow_connections_do_not_shut_out_a_new_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    site(&root);
    let server = Server::start_with_file_limit(&root, FILE_LIMIT);
    // Half never send a byte; the others start a request head and never finish it. Together
    // they hold every file descriptor the server has, so it can accept nothing more until it
    // closes some of them.
    let mut idle = Vec::with_capacity(IDLE_CONNECTIONS);
    for n in 0..IDLE_CONNECTIONS {
        let mut stream =
            std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("an idle connection");
        if n % 2 == 1 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .expect("half a request head");
        }
        idle.push(stream);
    }
    // The request waits in the listen queue until the server's own timeouts close the idle
    // connections; its read timeout (TIMEOUT) is well above them.
    match request(server.port, "GET", "/") {
        Ok((status, _)) => assert_eq!(status, 200),
        Err(err) => panic!(
            "with {IDLE_CONNECTIONS} idle connections open a new request got no answer: {err}"
        ),
    }
    drop(idle);
}
