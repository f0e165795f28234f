//! An advisory's life: a draft stays off the whole site (pages in every language, listings, feeds,
//! sitemap, alerts, search index) until `--drafts` asks for it; an advisory past its `expires`
//! date says so on its pages and its CAP alert carries `<expires>`. Sites are built by the binary
//! started inside the site folder (`redflag build`), as the README says, without posters.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

use crate::support::example::{PINNED_TODAY, copy_of_example_without_typesetting};

const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
/// The example site's language folders.
const FOLDERS: [&str; 4] = ["", "fr/", "zh-hans/", "ar/"];
const DRAFT: &str = "draft-bank-inspector-calls";
const CALGARY: &str = "virtual-kidnapping-calgary";
const TORONTO: &str = "police-impersonation-calls-toronto";
const VIDEO_CALLS: &str = "fake-chinese-police-video-calls";

/// Runs `redflag <args>` inside the site folder `site` on the pinned day; fails the test when
/// it fails.
fn redflag_in(site: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(site)
        .args(args)
        .env("CI", "true")
        .env("SOURCE_DATE_EPOCH", PINNED_TODAY)
        .output()
        .expect("run redflag");
    assert!(
        output.status.success(),
        "redflag {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces `from` (which must occur) by `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The example site without posters, with a draft advisory (and its French translation) added.
fn site_with_a_draft() -> tempfile::TempDir {
    let site = copy_of_example_without_typesetting("");
    let advisories = site.path().join("content/advisories");
    let draft = advisories.join(DRAFT);
    std::fs::create_dir(&draft).unwrap();
    for file in ["index.md", "index.fr.md"] {
        std::fs::copy(advisories.join(CALGARY).join(file), draft.join(file)).unwrap();
    }
    edit(&draft.join("index.md"), "draft: false", "draft: true");
    edit(
        &draft.join("index.md"),
        "title: Virtual kidnapping scam targets international students",
        "title: Callers posing as bank inspectors (not yet reviewed)",
    );
    site
}

/// Every file of a built site that mentions `needle`: its path (the search index's fragments
/// are read decompressed), or its text.
fn files_mentioning(out: &Path, needle: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let path = e.path();
            let bytes = std::fs::read(path).expect("read output");
            let text = if path.extension().is_some_and(|x| x == "pf_fragment") {
                let mut text = String::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_string(&mut text)
                    .expect("a gzip-compressed search fragment");
                text
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            path.to_string_lossy().contains(needle) || text.contains(needle)
        })
        .map(|e| e.path().strip_prefix(out).expect("inside").to_path_buf())
        .collect()
}

#[test]
fn a_draft_stays_off_every_output_until_drafts_is_asked_for() {
    let site = site_with_a_draft();
    redflag_in(site.path(), &["build"]);
    let out = site.path().join("public");
    assert!(
        out.join(format!("advisories/{CALGARY}/index.html"))
            .is_file(),
        "the site was built"
    );
    let leaks = files_mentioning(&out, DRAFT);
    assert!(leaks.is_empty(), "the draft shows in {leaks:?}");
    let title = files_mentioning(&out, "bank inspectors");
    assert!(title.is_empty(), "the draft's title shows in {title:?}");

    redflag_in(site.path(), &["build", "--drafts", "--out", "preview"]);
    let preview = site.path().join("preview");
    let found = files_mentioning(&preview, DRAFT);
    let has = |file: &str| found.iter().any(|f| f == Path::new(file));
    for folder in FOLDERS {
        let page = format!("{folder}advisories/{DRAFT}/index.html");
        assert!(has(&page), "--drafts: no {page}");
        for listing in ["index.html", "atom.xml", "feed.json"] {
            let file = format!("{folder}{listing}");
            assert!(has(&file), "--drafts: the draft is not in {file}");
        }
    }
    for file in [
        "sitemap.xml",
        "alerts.cap.xml",
        &format!("advisories/{DRAFT}/alert.cap.xml"),
    ] {
        assert!(has(file), "--drafts: the draft is not in {file}");
    }
    assert!(
        found.iter().any(|f| f.starts_with("pagefind/fragment")),
        "--drafts: the draft is not in the search index: {found:?}"
    );
}

/// The `<expires>` of each `<info>` of a CAP alert.
fn cap_expires(file: &Path) -> Vec<Option<String>> {
    let text = read(file);
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.root_element()
        .children()
        .filter(|c| c.has_tag_name((CAP_NS, "info")))
        .map(|info| {
            info.children()
                .find(|c| c.has_tag_name((CAP_NS, "expires")))
                .and_then(|c| c.text())
                .map(str::to_owned)
        })
        .collect()
}

/// The texts of the expired notices of a page.
fn expired_notices(file: &Path) -> Vec<String> {
    let html = Html::parse_document(&read(file));
    let selector = Selector::parse(".notice-expired").unwrap();
    html.select(&selector)
        .map(|n| n.text().collect::<String>())
        .collect()
}

#[test]
fn an_expired_advisory_says_so_and_its_alert_carries_expires() {
    let site = copy_of_example_without_typesetting("");
    let advisories = site.path().join("content/advisories");
    // Expired long ago, and one that expires after any day this test runs on.
    edit(
        &advisories.join(CALGARY).join("index.md"),
        "severity: high\n",
        "severity: high\nexpires: 2019-06-01\n",
    );
    edit(
        &advisories.join(TORONTO).join("index.md"),
        "severity:",
        "expires: 2099-12-31\nseverity:",
    );
    redflag_in(site.path(), &["build"]);
    let out = site.path().join("public");

    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/CAP-v1.2.xsd");
    // The offset of a far-future day is whatever the time-zone database bundled with redflag
    // says for the site's zone then (Alberta's rules changed after Debian's tzdata 2025b).
    let far_future = jiff::tz::TimeZone::get("America/Edmonton")
        .unwrap()
        .to_ambiguous_zoned(jiff::civil::date(2099, 12, 31).at(23, 59, 59, 0))
        .compatible()
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    // From the review period: a year after `reviewed: 2026-12-02`.
    let reviewed = jiff::tz::TimeZone::get("America/Edmonton")
        .unwrap()
        .to_ambiguous_zoned(jiff::civil::date(2027, 12, 2).at(23, 59, 59, 0))
        .compatible()
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    for (slug, expires) in [
        (CALGARY, Some("2019-06-01T23:59:59-06:00")),
        (TORONTO, Some(far_future.as_str())),
        (VIDEO_CALLS, Some(reviewed.as_str())),
    ] {
        let alert = out.join(format!("advisories/{slug}/alert.cap.xml"));
        let valid = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(&alert)
            .output()
            .expect("xmllint runs (scripts/install-test-deps.sh)");
        assert!(
            valid.status.success(),
            "{}",
            String::from_utf8_lossy(&valid.stderr)
        );
        let found = cap_expires(&alert);
        assert!(!found.is_empty(), "{slug}: no <info>");
        for info in found {
            assert_eq!(info.as_deref(), expires, "{slug}: <expires> of an <info>");
        }
    }
    for folder in FOLDERS {
        let page = |slug: &str| out.join(format!("{folder}advisories/{slug}/index.html"));
        let notices = expired_notices(&page(CALGARY));
        assert_eq!(notices.len(), 1, "{folder}{CALGARY}: one expired notice");
        for slug in [TORONTO, VIDEO_CALLS] {
            assert!(
                expired_notices(&page(slug)).is_empty(),
                "{folder}{slug}: an expired notice on a current advisory"
            );
        }
    }
    let english = expired_notices(&out.join(format!("advisories/{CALGARY}/index.html")));
    assert!(
        english[0].contains("June 1, 2019"),
        "the notice names the date: {english:?}"
    );
}
