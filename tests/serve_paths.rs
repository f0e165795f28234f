//! `redflag serve` started the way its users start it: inside the site folder with no `--root`,
//! or with a relative `--root` from a sibling folder; then folders renamed away and back or
//! created while it runs, and a site that is already broken when it starts. Each test edits a
//! file and waits for the page to show it: every wait is on a reload event, bounded by a timeout.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::support::example::copy_of_example;
use crate::support::preview::{Events, Server, TIMEOUT, request};
use crate::support::{copy_dir, repository};

const SLUG: &str = "virtual-kidnapping-calgary";
const PAGE: &str = "/advisories/virtual-kidnapping-calgary/";

fn advisory(site: &Path) -> PathBuf {
    site.join("content/advisories").join(SLUG).join("index.md")
}

/// Writes the example's advisory back with a title starting with `marker`.
fn retitle(site: &Path, marker: &str) {
    let original = std::fs::read_to_string(advisory(&repository())).expect("read advisory");
    let edited = original.replacen("title: ", &format!("title: {marker} — "), 1);
    std::fs::write(advisory(site), edited).expect("write advisory");
}

/// One GET; the status and the body as text.
fn fetch(port: u16, path: &str) -> (u16, String) {
    let (status, body) = request(port, "GET", path).expect("a response");
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until `path` answers 200 with a page for which `wanted` holds, checking once now and
/// again after every reload event; panics with the last page when no reload comes in time.
fn wait_for_page(server: &Server, events: &Events, path: &str, wanted: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let (status, body) = fetch(server.port, path);
        if status == 200 && wanted(&body) {
            return;
        }
        let left = deadline
            .checked_duration_since(Instant::now())
            .unwrap_or_default();
        assert!(
            events.next_named("reload", left).is_some(),
            "{path} never showed the change (no reload event within {TIMEOUT:?}); last answer \
             {status}:\n{}",
            &body[..body.len().min(2000)]
        );
    }
}

/// Edits the advisory's title to start with `marker` and waits for its page to show it.
fn edit_and_see(server: &Server, events: &Events, site: &Path, marker: &str) {
    retitle(site, marker);
    wait_for_page(server, events, PAGE, |page| {
        page.contains(&format!("{marker} — ")) && !page.contains("redflag-errors")
    });
}

#[test]
fn started_inside_the_site_folder_without_root_it_shows_every_save() {
    let site = copy_of_example("");
    let server = Server::start(site.path());
    let events = Events::connect(server.port);
    edit_and_see(&server, &events, site.path(), "Inside one");
    edit_and_see(&server, &events, site.path(), "Inside two");
}

#[test]
fn started_with_a_relative_root_from_a_sibling_folder_it_shows_every_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir(&site).expect("site folder");
    std::fs::copy(repository().join("site.toml"), site.join("site.toml")).expect("site.toml");
    copy_dir(&repository().join("content"), &site.join("content"));
    let sibling = dir.path().join("notes");
    std::fs::create_dir(&sibling).expect("sibling folder");
    let server = Server::start_in(&sibling, &["--root", "../site"]);
    let events = Events::connect(server.port);
    edit_and_see(&server, &events, &site, "Sibling one");
    edit_and_see(&server, &events, &site, "Sibling two");
}

#[test]
fn content_renamed_away_and_back_is_still_followed() {
    let site = copy_of_example("");
    let server = Server::start(site.path());
    let events = Events::connect(server.port);
    let content = site.path().join("content");
    let away = site.path().join("c");
    std::fs::rename(&content, &away).expect("rename content away");
    wait_for_page(&server, &events, PAGE, |page| {
        page.contains("redflag-errors")
    });
    std::fs::rename(&away, &content).expect("rename content back");
    wait_for_page(&server, &events, PAGE, |page| {
        !page.contains("redflag-errors")
    });
    edit_and_see(&server, &events, site.path(), "After the rename");
    edit_and_see(&server, &events, site.path(), "And again");
}

#[test]
fn a_theme_folder_created_after_start_is_followed_on_every_save() {
    let site = copy_of_example("");
    assert!(!site.path().join("themes").exists(), "no theme folder yet");
    let server = Server::start(site.path());
    let events = Events::connect(server.port);
    let base = std::fs::read_to_string(repository().join("themes/default/templates/base.html"))
        .expect("read the default base template");
    let templates = site.path().join("themes/default/templates");
    let with_mark =
        |n: usize| base.replacen("</body>", &format!("<!-- override {n} --></body>"), 1);
    std::fs::create_dir_all(&templates).expect("create the theme folder");
    for n in 1..=3 {
        std::fs::write(templates.join("base.html"), with_mark(n)).expect("write the override");
        wait_for_page(&server, &events, PAGE, |page| {
            page.contains(&format!("<!-- override {n} -->"))
        });
    }
}

/// The overlay names the advisory as `content/advisories/<slug>/index.md:<line>:<column>`.
fn names_file_line_and_column(page: &str) -> bool {
    let file = format!("content/advisories/{SLUG}/index.md:");
    page.match_indices(&file).any(|(at, _)| {
        let rest = &page[at + file.len()..];
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or_default();
        let column: String = parts
            .next()
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) && !column.is_empty()
    })
}

#[test]
fn a_site_broken_at_start_shows_its_errors_on_every_url_and_the_site_once_fixed() {
    let site = copy_of_example("");
    let file = advisory(site.path());
    let good = std::fs::read_to_string(&file).expect("read advisory");
    std::fs::write(&file, good.replacen("severity: high", "severity: [high", 1))
        .expect("break the advisory");
    let server = Server::start(site.path());
    for path in [
        "/",
        "/fr/",
        PAGE,
        "/static/style.css",
        "/atom.xml",
        "/no/such/page/",
    ] {
        let (status, body) = fetch(server.port, path);
        assert_eq!(status, 500, "{path}: the errors, not a page");
        assert!(body.contains("id=\"redflag-errors\""), "{path}: {body}");
        assert!(names_file_line_and_column(&body), "{path}: {body}");
        assert!(body.contains("help:"), "{path}: a hint: {body}");
        assert!(
            body.contains("<script src=\"/__redflag/live.js\""),
            "{path}: the reload script, so that the fix shows by itself: {body}"
        );
    }
    let events = Events::connect(server.port);
    std::fs::write(&file, &good).expect("fix the advisory");
    assert_eq!(events.reload(), "[\"*\"]", "every page reloads");
    let (status, page) = fetch(server.port, PAGE);
    assert_eq!(status, 200);
    assert!(!page.contains("redflag-errors"), "{page}");
    assert!(
        page.contains("id=\"red-flags\""),
        "the advisory itself: {page}"
    );
}
