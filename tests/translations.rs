//! Translation status told truthfully, run as the binary from inside a copy of the valid
//! fixture site: a fresh `new --lang` skeleton is a draft that counts as untranslated; a partial
//! translation marks the parts shown in another language; a stale translation names the source
//! fields that changed (from the site's git history); `check` warns about labels a language
//! lacks and about UI-string keys redflag does not know. Also: expired advisories leave the
//! alerts feed and are marked and listed last.

use std::path::Path;

use crate::support::{copy_dir, git, ok, run_in, valid_site};

const TORONTO: &str = "content/advisories/police-calls-toronto";
const CALGARY: &str = "content/advisories/virtual-kidnapping-calgary";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&valid_site(), dir.path());
    dir
}

fn page(site: &Path, path: &str) -> scraper::Html {
    let html = std::fs::read_to_string(site.join("public").join(path)).unwrap();
    scraper::Html::parse_document(&html)
}

fn select<'a>(document: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    document.select(&selector).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect()
}

/// The `check --format json` diagnostics with this code.
fn diagnostics(site: &Path, code: &str) -> Vec<serde_json::Value> {
    let output = run_in(site, &["check", "--format", "json"]);
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn a_new_translation_skeleton_is_a_draft_that_counts_as_untranslated() {
    let dir = site();
    let site = dir.path();
    ok(site, &["new", "police-calls-toronto", "--lang", "fr"]);
    let skeleton = std::fs::read_to_string(site.join(TORONTO).join("index.fr.md")).unwrap();
    let front: serde_yaml::Value =
        serde_yaml::from_str(skeleton.split("---").nth(1).unwrap()).unwrap();
    assert_eq!(front["status"], "draft", "{skeleton}");
    assert!(front.get("source_digest").is_none(), "{skeleton}");

    let report: serde_json::Value =
        serde_json::from_str(&ok(site, &["translations", "--format", "json"]).stdout).unwrap();
    let row = report["advisories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "police-calls-toronto")
        .unwrap();
    assert_eq!(row["languages"]["fr"]["status"], "draft");
    assert_eq!(report["coverage"]["fr"]["draft"], 1);
    assert_eq!(
        report["coverage"]["fr"]["current"], 1,
        "only the Calgary advisory"
    );
    let table = ok(site, &["translations"]).stdout;
    let line = table
        .lines()
        .find(|l| l.starts_with("police-calls-toronto"))
        .unwrap();
    assert!(line.contains("draft (untranslated)"), "{table}");

    ok(site, &["build"]);
    let document = page(site, "fr/advisories/police-calls-toronto/index.html");
    assert_eq!(
        select(&document, ".notice-fallback").len(),
        1,
        "a notice, as untranslated"
    );
    let h1 = &select(&document, "h1")[0];
    assert_eq!(
        h1.attr("lang"),
        Some("en"),
        "the English text is marked as English"
    );
}

#[test]
fn a_partial_translation_marks_the_parts_shown_in_another_language() {
    let dir = site();
    let site = dir.path();
    std::fs::write(
        site.join(CALGARY).join("index.ar.md"),
        "---\ntitle: عملية احتيال الاختطاف الوهمي تستهدف الطلاب الدوليين\n---\n",
    )
    .unwrap();
    ok(site, &["build"]);
    let document = page(site, "ar/advisories/virtual-kidnapping-calgary/index.html");
    let h1 = &select(&document, "h1")[0];
    assert_eq!(h1.attr("lang"), None, "the title is translated");
    for css in [".summary", ".flag-list", ".tip-list", ".body"] {
        let part = &select(&document, css)[0];
        assert_eq!(
            (part.attr("lang"), part.attr("dir")),
            (Some("en"), Some("ltr")),
            "{css} is English"
        );
    }
    let notices = select(&document, ".notice-partial");
    assert_eq!(notices.len(), 1, "one notice for the inherited parts");
    let notice = text(&notices[0]);
    for part in ["علامات الخطر", "الملخص"] {
        assert!(notice.contains(part), "`{part}` not named in: {notice}");
    }
    assert!(select(&document, ".notice-fallback").is_empty());
}

#[test]
fn a_stale_translation_names_the_fields_that_changed() {
    let dir = site();
    let site = dir.path();
    git(site, &["init", "-q"]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-qm", "first"]);
    let source = site.join(CALGARY).join("index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    let changed = text.replacen("summary: ", "summary: Changed. ", 1);
    assert_ne!(text, changed);
    std::fs::write(&source, changed).unwrap();

    let stale = diagnostics(site, "RF029");
    assert_eq!(stale.len(), 1, "{stale:?}");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(
        message.contains("changed since then: `summary`"),
        "{message}"
    );
    ok(site, &["build"]);
    let document = page(site, "fr/advisories/virtual-kidnapping-calgary/index.html");
    let notice = text_of_first(&document, ".notice-stale");
    assert!(notice.contains("Résumé"), "{notice}");

    std::fs::remove_dir_all(site.join(".git")).unwrap();
    let stale = diagnostics(site, "RF029");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(
        message.contains("which of its fields changed is unknown"),
        "{message}"
    );
}

fn text_of_first(document: &scraper::Html, css: &str) -> String {
    select(document, css).first().map(text).unwrap_or_default()
}

#[test]
fn check_warns_about_labels_a_language_lacks() {
    let dir = site();
    let warnings = diagnostics(dir.path(), "RF050");
    let campus = warnings
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`campus-security`"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(campus["severity"], "warning");
    assert_eq!(campus["file"], "content/contacts.yaml");
    assert!(campus["line"].as_u64().unwrap() > 0);
    let message = campus["message"].as_str().unwrap();
    assert!(message.contains("fr (Français), ar (العربية)"), "{message}");
    assert!(
        !warnings
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("site title")),
        "the valid site's title is in every language: {warnings:?}"
    );
}

#[test]
fn unknown_ui_string_keys_are_warnings_in_check() {
    let dir = site();
    let site = dir.path();
    let fr = site.join("themes/default/i18n/fr.yaml");
    std::fs::create_dir_all(fr.parent().unwrap()).unwrap();
    std::fs::write(&fr, "red_flags: Signaux d’alerte\nred_flag: Signal\n").unwrap();
    let unknown = diagnostics(site, "RF004");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["severity"], "warning");
    assert_eq!(unknown[0]["file"], "themes/default/i18n/fr.yaml");
    assert_eq!(
        (unknown[0]["line"].as_u64(), unknown[0]["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(unknown[0]["hint"], "did you mean `red_flags`?");
    ok(site, &["build"]);
}

#[test]
fn an_expired_advisory_leaves_the_alerts_feed_and_is_marked_and_listed_last() {
    let dir = site();
    let site = dir.path();
    let source = site.join(TORONTO).join("index.md");
    let front = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        front.replacen(
            "date: 2025-04-04",
            "date: 2025-04-04\nexpires: 2025-05-01",
            1,
        ),
    )
    .unwrap();
    ok(site, &["build"]);
    let out = site.join("public");

    let feed = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let linked: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(
        linked
            .iter()
            .any(|h| h.contains("virtual-kidnapping-calgary")),
        "{linked:?}"
    );
    assert!(
        !linked.iter().any(|h| h.contains("police-calls-toronto")),
        "{linked:?}"
    );
    let cap =
        std::fs::read_to_string(out.join("advisories/police-calls-toronto/alert.cap.xml")).unwrap();
    assert!(
        cap.contains("<expires>2025-05-01T23:59:59-00:00</expires>"),
        "{cap}"
    );

    for (path, expired) in [
        ("index.html", "Expired"),
        ("fr/index.html", "Expiré"),
        ("ar/index.html", "منتهي الصلاحية"),
        ("regions/toronto/index.html", "Expired"),
    ] {
        let document = page(site, path);
        let cards = select(&document, ".card");
        assert!(!cards.is_empty(), "{path}: no cards");
        let last = cards.last().unwrap();
        assert!(
            last.html().contains("police-calls-toronto"),
            "{path}: the expired advisory comes last"
        );
        let marks = select(&document, ".card-expired");
        assert_eq!(marks.len(), 1, "{path}: one card is marked");
        assert_eq!(text(&marks[0]), expired, "{path}");
        for card in &cards[..cards.len() - 1] {
            assert!(
                !card.html().contains("card-expired"),
                "{path}: current cards are not marked"
            );
        }
    }
}
