//! `redflag serve` as a user runs it: a real process on 127.0.0.1, a real file watcher, real
//! HTTP. Every wait is on an event (a line of output, a reload event), bounded by a timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::example::copy_of_example as example_copy;

const TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `redflag serve --port 0` and waits for the line that names its address.
fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: u16 = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(TIMEOUT)
        .expect("the server printed its address");
    Server { child, port }
}

/// One HTTP/1.1 request; returns the status and the body.
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// A connection to the reload event stream.
struct Events {
    /// (event name, data) as they arrive.
    events: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__redflag/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let mut reader = BufReader::new(stream);
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert!(first.contains("200"), "{first}");
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event:") {
                    event = name.trim().to_owned();
                } else if let Some(data) = line.strip_prefix("data:") {
                    let _ = tx.send((event.clone(), data.trim().to_owned()));
                }
            }
        });
        Events { events: rx }
    }

    /// Waits for the next event named `name` and returns its data.
    fn next_named(&self, name: &str) -> String {
        loop {
            let (event, data) = self
                .events
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|_| panic!("a {name} event"));
            if event == name {
                return data;
            }
        }
    }

    /// Waits for the next reload event and returns its data.
    fn next(&self) -> String {
        self.next_named("reload")
    }
}

/// The version a preview page was served from (its live-reload script's `data-version`).
fn served_version(page: &str) -> String {
    let start = page
        .find("data-version=\"")
        .expect("the live-reload script")
        + 14;
    page[start..].split('"').next().unwrap().to_owned()
}

#[test]
fn a_page_served_before_a_save_it_did_not_hear_about_learns_it_is_out_of_date() {
    let site = example_copy("");
    let server = start(site.path());
    let page = "/advisories/virtual-kidnapping-calgary/";
    let (_, before) = request(server.port, "GET", page);
    let served = served_version(&before);
    let first = Events::connect(server.port);
    assert_eq!(first.next_named("version"), served, "up to date: no reload");

    let listener = Events::connect(server.port);
    listener.next_named("version");
    let file = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("title: ", "title: Unheard — ", 1)).unwrap();
    listener.next();

    // The page served before the save connects only now: the first event tells it.
    let late = Events::connect(server.port);
    let current = late.next_named("version");
    assert_ne!(
        current, served,
        "a page that missed the reload event sees a newer version"
    );
    let (_, after) = request(server.port, "GET", page);
    assert_eq!(served_version(&after), current);
    assert!(after.contains("Unheard — "));
}

#[test]
fn serves_pages_and_refuses_everything_else() {
    let site = example_copy("");
    let server = start(site.path());
    let (status, body) = request(server.port, "GET", "/fr/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__redflag/live.js"),
        "the preview injects its script"
    );
    assert_eq!(request(server.port, "HEAD", "/").0, 200);
    assert_eq!(request(server.port, "POST", "/").0, 405);
    assert_eq!(
        request(server.port, "GET", "/advisories/virtual-kidnapping-calgary").0,
        301
    );
    assert_eq!(request(server.port, "GET", "/no/such/page/").0, 404);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/..%5csite.toml",
        "/static/..\\..\\site.toml",
        "//etc/passwd",
    ] {
        let status = request(server.port, "GET", path).0;
        assert!(status == 400 || status == 404, "{path} answered {status}");
    }
    let long = format!("/{}", "a/".repeat(2000));
    assert!(matches!(
        request(server.port, "GET", &long).0,
        400 | 404 | 414
    ));
}

#[test]
fn a_save_reloads_errors_show_in_the_page_and_go_away_when_fixed() {
    let site = example_copy("");
    let server = start(site.path());
    let events = Events::connect(server.port);
    let file = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let good = std::fs::read_to_string(&file).unwrap();

    std::fs::write(&file, good.replacen("title: ", "title: Edited — ", 1)).unwrap();
    let changed = events.next();
    assert!(
        changed.contains("/advisories/virtual-kidnapping-calgary/"),
        "{changed}"
    );
    assert!(
        !changed.contains("\"*\""),
        "only the pages that changed: {changed}"
    );
    let (_, body) = request(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(body.contains("Edited — "));

    std::fs::write(&file, good.replacen("severity: high", "severity: [high", 1)).unwrap();
    assert_eq!(events.next(), "[\"*\"]");
    let (status, body) = request(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert_eq!(
        status, 200,
        "the server keeps serving the last good version"
    );
    assert!(body.contains("redflag-errors"));
    assert!(
        body.contains("content/advisories/virtual-kidnapping-calgary/index.md:"),
        "the overlay names the file"
    );
    assert!(
        body.contains("Edited — "),
        "under the overlay: the last good page"
    );

    std::fs::write(&file, &good).unwrap();
    assert_eq!(events.next(), "[\"*\"]");
    let (_, body) = request(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(!body.contains("redflag-errors"));
    assert!(!body.contains("Edited — "));
}

#[test]
fn editor_litter_and_renames_are_handled() {
    let site = example_copy("");
    let server = start(site.path());
    let events = Events::connect(server.port);
    let dir = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary");
    std::fs::write(dir.join(".index.md.swp"), "junk").unwrap();
    std::fs::write(dir.join("index.md~"), "junk").unwrap();
    // Save by rename, as vim and many editors do: write a new file, move it over the old one.
    let text = std::fs::read_to_string(dir.join("index.md")).unwrap();
    std::fs::write(
        dir.join("index.md.new-save"),
        text.replacen("title: ", "title: Renamed save — ", 1),
    )
    .unwrap();
    std::fs::rename(dir.join("index.md.new-save"), dir.join("index.md")).unwrap();
    let started = Instant::now();
    loop {
        let changed = events.next();
        if changed.contains("/advisories/virtual-kidnapping-calgary/") {
            break;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "no reload for the renamed save"
        );
    }
    let (_, body) = request(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(body.contains("Renamed save — "));
}
