//! `redflag serve` as a user runs it: a real process on 127.0.0.1, a real file watcher, real
//! HTTP. Every wait is on an event (a line of output, a reload event), bounded by a timeout.

use crate::support::example::copy_of_example as example_copy;
use crate::support::preview::{Events, Server, TIMEOUT, request, request_to};

/// One request; returns the status and the body as text.
fn fetch(port: u16, method: &str, path: &str) -> (u16, String) {
    let (status, body) = request(port, method, path).expect("a response");
    (status, String::from_utf8_lossy(&body).into_owned())
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
    let server = Server::start(site.path());
    let page = "/advisories/virtual-kidnapping-calgary/";
    let (_, before) = fetch(server.port, "GET", page);
    let served = served_version(&before);
    let first = Events::connect(server.port);
    assert_eq!(
        first
            .next_named("version", TIMEOUT)
            .expect("a version event"),
        served,
        "up to date: no reload"
    );

    let listener = Events::connect(server.port);
    listener
        .next_named("version", TIMEOUT)
        .expect("a version event");
    let file = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("title: ", "title: Unheard — ", 1)).unwrap();
    listener.reload();

    // The page served before the save connects only now: the first event tells it.
    let late = Events::connect(server.port);
    let current = late
        .next_named("version", TIMEOUT)
        .expect("a version event");
    assert_ne!(
        current, served,
        "a page that missed the reload event sees a newer version"
    );
    let (_, after) = fetch(server.port, "GET", page);
    assert_eq!(served_version(&after), current);
    assert!(after.contains("Unheard — "));
}

#[test]
fn serves_pages_and_refuses_everything_else() {
    let site = example_copy("");
    let server = Server::start(site.path());
    let (status, body) = fetch(server.port, "GET", "/fr/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__redflag/live.js"),
        "the preview injects its script"
    );
    assert_eq!(fetch(server.port, "HEAD", "/").0, 200);
    assert_eq!(fetch(server.port, "POST", "/").0, 405);
    assert_eq!(
        fetch(server.port, "GET", "/advisories/virtual-kidnapping-calgary").0,
        301
    );
    assert_eq!(fetch(server.port, "GET", "/no/such/page/").0, 404);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/..%5csite.toml",
        "/static/..\\..\\site.toml",
        "//etc/passwd",
    ] {
        let status = fetch(server.port, "GET", path).0;
        assert!(status == 400 || status == 404, "{path} answered {status}");
    }
    let long = format!("/{}", "a/".repeat(2000));
    assert!(matches!(
        fetch(server.port, "GET", &long).0,
        400 | 404 | 414
    ));
}

#[test]
fn a_save_reloads_errors_show_in_the_page_and_go_away_when_fixed() {
    let site = example_copy("");
    let server = Server::start(site.path());
    let events = Events::connect(server.port);
    let file = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let good = std::fs::read_to_string(&file).unwrap();

    std::fs::write(&file, good.replacen("title: ", "title: Edited — ", 1)).unwrap();
    let changed = events.reload();
    assert!(
        changed.contains("/advisories/virtual-kidnapping-calgary/"),
        "{changed}"
    );
    assert!(
        !changed.contains("\"*\""),
        "only the pages that changed: {changed}"
    );
    let (_, body) = fetch(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(body.contains("Edited — "));

    std::fs::write(&file, good.replacen("severity: high", "severity: [high", 1)).unwrap();
    assert_eq!(events.reload(), "[\"*\"]");
    let (status, body) = fetch(
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
    assert_eq!(events.reload(), "[\"*\"]");
    let (_, body) = fetch(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(!body.contains("redflag-errors"));
    assert!(!body.contains("Edited — "));
}

/// Files editors write beside the one being edited (vim, emacs, JetBrains, Kate, gedit).
const LITTER: [&str; 8] = [
    ".index.md.swp",
    "index.md~",
    "4913",
    "#index.md#",
    ".#index.md",
    "index.md___jb_tmp___",
    "index.md.kate-swp",
    ".goutputstream-ABC123",
];

#[test]
fn editor_litter_causes_no_rebuild_and_an_atomic_save_one() {
    let site = example_copy("");
    let server = Server::start(site.path());
    let first = Events::connect(server.port);
    let version: u64 = first
        .next_named("version", TIMEOUT)
        .expect("a version event")
        .parse()
        .expect("a number");
    let dir = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary");
    for name in LITTER {
        std::fs::write(dir.join(name), "junk").unwrap();
    }
    std::fs::write(site.path().join("content/.contacts.yaml.swp"), "junk").unwrap();
    // An atomic save, as JetBrains editors and many others make it: write a temporary file (its
    // events are litter too), then move it over the real one.
    let text = std::fs::read_to_string(dir.join("index.md")).unwrap();
    let temporary = dir.join("index.md___jb_tmp___");
    std::fs::write(
        &temporary,
        text.replacen("title: ", "title: Renamed save — ", 1),
    )
    .unwrap();
    std::fs::rename(&temporary, dir.join("index.md")).unwrap();

    // Every rebuild prints the files that caused it (a few, then how many more); the litter
    // came first, so a rebuild it caused is printed before the save's, or with it.
    let printed = server.lines_until(|line| {
        line.starts_with("Changed:") && line.contains("virtual-kidnapping-calgary/index.md")
    });
    let rebuilds: Vec<&String> = printed
        .iter()
        .filter(|l| l.starts_with("Changed:"))
        .collect();
    assert_eq!(
        rebuilds,
        ["Changed: content/advisories/virtual-kidnapping-calgary/index.md"],
        "one rebuild, for the saved file alone (none of {LITTER:?})"
    );
    let changed = first.reload();
    assert!(
        changed.contains("/advisories/virtual-kidnapping-calgary/"),
        "{changed}"
    );
    let (_, body) = fetch(
        server.port,
        "GET",
        "/advisories/virtual-kidnapping-calgary/",
    );
    assert!(body.contains("Renamed save — "));
    // The version counts rebuilds: the save's is the only one.
    let late = Events::connect(server.port);
    let now: u64 = late
        .next_named("version", TIMEOUT)
        .expect("a version event")
        .parse()
        .expect("a number");
    assert_eq!(now, version + 1, "the litter caused a rebuild of its own");
}

#[test]
fn answers_only_requests_addressed_to_its_own_address() {
    let site = example_copy("");
    let server = Server::start(site.path());
    let port = server.port;
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, body) = request_to(port, &host, "GET", "/").expect("a response");
        assert_eq!(status, 200, "{host}");
        assert!(String::from_utf8_lossy(&body).contains("</html>"), "{host}");
    }
    let other_port = if port == 1111 { 1112 } else { 1111 };
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_owned(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("localhost:{other_port}"),
        String::new(),
    ] {
        for target in [
            "/",
            "/advisories/virtual-kidnapping-calgary/",
            "/__redflag/events",
        ] {
            let (status, body) = request_to(port, &host, "GET", target).expect("a response");
            let body = String::from_utf8_lossy(&body);
            assert_eq!(status, 421, "Host {host:?}, {target}: {body}");
            assert!(!body.contains("<html"), "Host {host:?}, {target}: no page");
        }
    }
    // An absolute request target names the server instead of the Host header.
    let absolute = format!("http://attacker.example:{port}/");
    let (status, _) = request_to(port, &format!("127.0.0.1:{port}"), "GET", &absolute).unwrap();
    assert_eq!(status, 421);
}
