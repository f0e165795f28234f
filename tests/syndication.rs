//! Feeds, CAP alerts, sitemap and search index of a built site: validated against the
//! standards' schemas in `tests/schemas/` (xmllint for XML, the `jsonschema` crate for JSON
//! Feed) and checked for what the schemas cannot say (languages, offsets, links, escaping).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use redflag::build::{BuildOptions, build};
use serde_json::Value;

use crate::support::example as example_copy;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// The example site's languages: (tag, output folder).
const LANGUAGES: [(&str, &str); 4] = [
    ("en", ""),
    ("fr", "fr/"),
    ("zh-Hans", "zh-hans/"),
    ("ar", "ar/"),
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> PathBuf {
    repo().join("tests/schemas").join(name)
}

fn build_site(root: &Path, out: &Path, base_url: Option<&str>) {
    build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: base_url.map(str::to_owned),
        drafts: false,
        today: jiff::civil::date(2026, 1, 1),
        wait: redflag::output::Wait::No,
    })
    .unwrap_or_else(|err| panic!("the site does not build: {err:?}"));
}

/// The example site, built once for the test binary.
fn example() -> &'static Path {
    example_copy::built_example()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Runs xmllint with `args` on `file`; fails the test with its messages.
fn xmllint(args: &[&str], file: &Path) {
    let output = Command::new("xmllint")
        .arg("--noout")
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint runs (Debian package libxml2-utils; scripts/install-test-deps.sh)");
    assert!(
        output.status.success(),
        "{} does not validate:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn xsd(name: &str, file: &Path) {
    xmllint(&["--schema", schema(name).to_str().unwrap()], file);
}

fn relaxng(file: &Path) {
    xmllint(&["--relaxng", schema("atom.rng").to_str().unwrap()], file);
}

/// The example's advisory slugs, sorted.
fn advisory_slugs() -> Vec<String> {
    crate::support::advisory_slugs(repo())
}

/// The languages an advisory is translated into (the default language included).
fn translated(slug: &str) -> BTreeSet<String> {
    let dir = repo().join("content/advisories").join(slug);
    LANGUAGES
        .iter()
        .filter(|(tag, _)| {
            let file = if *tag == "en" {
                "index.md".to_owned()
            } else {
                format!("index.{tag}.md")
            };
            dir.join(file).is_file()
        })
        .map(|(tag, _)| (*tag).to_owned())
        .collect()
}

/// The CAP `<language>` of a site language: the example maps en and fr to CAP-CP's tags.
fn cap_language(tag: &str) -> String {
    match tag {
        "en" => "en-CA".to_owned(),
        "fr" => "fr-CA".to_owned(),
        other => other.to_owned(),
    }
}

fn child<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ns, name)))
}

fn child_text<'a>(node: roxmltree::Node<'a, '_>, ns: &str, name: &str) -> &'a str {
    child(node, ns, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn is_cap_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 25
        && jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", &text[..19]).is_ok()
        && matches!(bytes[19], b'+' | b'-')
        && text[20..22].bytes().all(|b| b.is_ascii_digit())
        && bytes[22] == b':'
        && text[23..].bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn every_cap_alert_validates_and_maps_the_advisory() {
    let out = example();
    for slug in advisory_slugs() {
        let file = out.join("advisories").join(&slug).join("alert.cap.xml");
        xsd("CAP-v1.2.xsd", &file);
        let text = read(&file);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let alert = doc.root_element();
        for field in ["identifier", "sender"] {
            let value = child_text(alert, CAP_NS, field);
            assert!(
                !value.contains([' ', ',', '<', '&']) && !value.is_empty(),
                "{slug}: {field} {value:?}"
            );
        }
        assert!(
            is_cap_time(child_text(alert, CAP_NS, "sent")),
            "{slug}: sent"
        );
        assert_eq!(child_text(alert, CAP_NS, "status"), "Actual");
        assert_eq!(child_text(alert, CAP_NS, "msgType"), "Alert");
        assert_eq!(child_text(alert, CAP_NS, "scope"), "Public");
        let infos: Vec<_> = alert
            .children()
            .filter(|c| c.has_tag_name((CAP_NS, "info")))
            .collect();
        let languages: BTreeSet<String> = infos
            .iter()
            .map(|i| child_text(*i, CAP_NS, "language").to_owned())
            .collect();
        assert_eq!(
            languages,
            translated(&slug).iter().map(|t| cap_language(t)).collect(),
            "{slug}: one <info> per translation"
        );
        assert_eq!(
            infos.len(),
            languages.len(),
            "{slug}: one <info> per language"
        );
        for info in infos {
            assert_eq!(child_text(info, CAP_NS, "category"), "Security");
            assert_eq!(child_text(info, CAP_NS, "responseType"), "Avoid");
            for field in ["urgency", "severity", "certainty"] {
                assert_ne!(
                    child_text(info, CAP_NS, field),
                    "Unknown",
                    "{slug}: {field}"
                );
            }
            for field in ["headline", "description", "instruction", "web", "contact"] {
                assert!(
                    !child_text(info, CAP_NS, field).trim().is_empty(),
                    "{slug}: {field}"
                );
            }
            let area = child(info, CAP_NS, "area").expect("regions give an <area>");
            assert!(!child_text(area, CAP_NS, "areaDesc").is_empty());
        }
        assert!(!text.contains("Z</"), "{slug}: a time in Z form");
    }
}

#[test]
fn the_alerts_index_links_every_alert_as_cap() {
    let out = example();
    let file = out.join("alerts.cap.xml");
    relaxng(&file);
    let text = read(&file);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let cap_links: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM_NS, "link")))
        .filter(|n| n.attribute("type") == Some("application/cap+xml"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    let expected: BTreeSet<String> = advisory_slugs()
        .iter()
        .map(|s| format!("https://alerts.example.org/advisories/{s}/alert.cap.xml"))
        .collect();
    assert_eq!(
        cap_links,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
}

#[test]
fn every_atom_feed_validates_with_the_required_elements() {
    let out = example();
    for (tag, folder) in LANGUAGES {
        let file = out.join(format!("{folder}atom.xml"));
        relaxng(&file);
        let text = read(&file);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let feed = doc.root_element();
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(tag)
        );
        for field in ["id", "title", "updated"] {
            assert!(
                !child_text(feed, ATOM_NS, field).is_empty(),
                "{tag}: {field}"
            );
        }
        let author = child(feed, ATOM_NS, "author").expect("feed author");
        assert!(!child_text(author, ATOM_NS, "name").is_empty());
        let self_link = feed
            .children()
            .find(|c| c.has_tag_name((ATOM_NS, "link")) && c.attribute("rel") == Some("self"))
            .and_then(|c| c.attribute("href"));
        assert_eq!(
            self_link,
            Some(format!("https://alerts.example.org/{folder}atom.xml").as_str())
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
            .collect();
        assert_eq!(
            entries.len(),
            advisory_slugs().len(),
            "{tag}: every advisory"
        );
        for entry in entries {
            assert!(!child_text(entry, ATOM_NS, "summary").is_empty());
            let content = child(entry, ATOM_NS, "content").expect("entry content");
            assert_eq!(content.attribute("type"), Some("html"));
            let html = content.text().unwrap_or_default();
            assert!(
                html.contains("<li>") && html.contains("href=\"tel:"),
                "{tag}: full text"
            );
            assert!(
                !html.contains("href=\"../"),
                "{tag}: relative link in a feed"
            );
        }
    }
}

#[test]
fn every_json_feed_validates_against_json_feed_1_1() {
    let out = example();
    let schema: Value = serde_json::from_str(&read(&schema("jsonfeed-1.1.schema.json"))).unwrap();
    let feeds: Vec<(String, Value)> = LANGUAGES
        .iter()
        .map(|(tag, folder)| {
            let file = out.join(format!("{folder}feed.json"));
            (
                format!("{tag}/feed.json"),
                serde_json::from_str(&read(&file)).unwrap(),
            )
        })
        .collect();
    let named: Vec<(&str, &Value)> = feeds.iter().map(|(n, v)| (n.as_str(), v)).collect();
    let errors = crate::support::json_schema::errors(&schema, &named);
    assert!(errors.is_empty(), "{errors:#?}");
    for (&(tag, _), (_, feed)) in LANGUAGES.iter().zip(&feeds) {
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(feed["language"], tag);
        assert!(feed["title"].as_str().is_some_and(|t| !t.is_empty()));
        let items = feed["items"].as_array().unwrap();
        assert_eq!(items.len(), advisory_slugs().len());
        for item in items {
            for field in ["id", "content_html", "date_published"] {
                assert!(
                    item[field].as_str().is_some_and(|v| !v.is_empty()),
                    "{tag}: {field}"
                );
            }
            assert!(item["authors"].as_array().is_some_and(|a| !a.is_empty()));
        }
    }
}

#[test]
fn the_sitemap_validates_with_every_language_and_x_default_on_every_url() {
    let out = example();
    let file = out.join("sitemap.xml");
    xsd("sitemap-hreflang.xsd", &file);
    let text = read(&file);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut expected: BTreeSet<&str> = LANGUAGES.iter().map(|(t, _)| *t).collect();
    expected.insert("x-default");
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP_NS, "url")))
        .collect();
    assert!(urls.len() >= LANGUAGES.len() * (1 + advisory_slugs().len()));
    for url in urls {
        let loc = child_text(url, SITEMAP_NS, "loc");
        let hreflangs: BTreeSet<&str> = url
            .children()
            .filter(|c| c.has_tag_name((XHTML_NS, "link")))
            .filter_map(|c| c.attribute("hreflang"))
            .collect();
        assert_eq!(hreflangs, expected, "{loc}");
        assert!(
            !loc.contains("/search/") && !loc.ends_with("404.html"),
            "{loc}"
        );
    }
    let robots = read(&out.join("robots.txt"));
    assert!(
        robots.contains("Sitemap: https://alerts.example.org/sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn search_has_one_index_per_language_without_fallback_copies() {
    let out = example();
    let entry: Value =
        serde_json::from_str(&read(&out.join("pagefind/pagefind-entry.json"))).unwrap();
    for (tag, folder) in LANGUAGES {
        let translations = advisory_slugs()
            .iter()
            .filter(|s| translated(s).contains(tag))
            .count();
        let key = tag.to_lowercase();
        assert_eq!(
            entry["languages"][&key]["page_count"], translations,
            "{tag}: only translated advisory pages are indexed"
        );
        let page = read(&out.join(format!("{folder}search/index.html")));
        assert!(
            page.contains("src=\"/pagefind/pagefind-ui.js\""),
            "{tag}: self-hosted UI"
        );
        assert!(page.contains("<noscript>"), "{tag}: no-JavaScript fallback");
    }
    for file in ["pagefind.js", "pagefind-ui.js", "pagefind-ui.css"] {
        assert!(out.join("pagefind").join(file).is_file(), "{file}");
    }
}

/// The example site with hostile author text and an update, built under a base path.
fn fixture() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("syndication-fixture");
    let _ = fs::remove_dir_all(&dir);
    let site = dir.join("site");
    let advisories = site.join("content/advisories");
    fs::create_dir_all(&advisories).unwrap();
    // Without posters: this site is read for its feeds, alerts and pages only.
    let config = example_copy::without_table(&read(&repo().join("site.toml")), "[posters]");
    fs::write(site.join("site.toml"), config).unwrap();
    for file in ["contacts.yaml", "taxonomies.yaml"] {
        fs::copy(
            repo().join("content").join(file),
            site.join("content").join(file),
        )
        .unwrap();
    }
    let source = repo().join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = read(&source)
        .replacen(
            "title: Virtual kidnapping scam targets international students",
            "title: 'Virtual <kidnapping> & \"ransom\", scam ]]> targets students'\nupdated: 2018-06-04",
            1,
        );
    let slug = advisories.join("virtual-kidnapping-calgary");
    fs::create_dir_all(&slug).unwrap();
    fs::write(slug.join("index.md"), text).unwrap();
    let out = dir.join("public");
    build_site(&site, &out, Some("https://example.org/campus/"));
    out
}

#[test]
fn author_text_is_escaped_updates_reference_the_original_and_base_paths_hold() {
    let out = fixture();
    let title = "Virtual <kidnapping> & \"ransom\", scam ]]> targets students";

    let alert_file = out.join("advisories/virtual-kidnapping-calgary/alert.cap.xml");
    xsd("CAP-v1.2.xsd", &alert_file);
    let text = read(&alert_file);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let alert = doc.root_element();
    assert_eq!(child_text(alert, CAP_NS, "msgType"), "Update");
    assert_eq!(
        child_text(alert, CAP_NS, "sent"),
        "2018-06-04T00:00:00-06:00"
    );
    assert_eq!(
        child_text(alert, CAP_NS, "references"),
        "example.org,example.org.virtual-kidnapping-calgary.2018-06-01,2018-06-01T00:00:00-06:00"
    );
    let info = child(alert, CAP_NS, "info").unwrap();
    assert_eq!(child_text(info, CAP_NS, "headline"), title);

    let atom_file = out.join("atom.xml");
    relaxng(&atom_file);
    let atom = read(&atom_file);
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entry = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name((ATOM_NS, "entry")))
        .unwrap();
    assert_eq!(child_text(entry, ATOM_NS, "title"), title);
    assert!(
        atom.contains("href=\"https://example.org/campus/atom.xml\""),
        "self link"
    );

    let feed: Value = serde_json::from_str(&read(&out.join("feed.json"))).unwrap();
    assert_eq!(feed["items"][0]["title"], title);
    assert_eq!(feed["feed_url"], "https://example.org/campus/feed.json");

    xsd("sitemap-hreflang.xsd", &out.join("sitemap.xml"));
    assert!(
        read(&out.join("robots.txt")).contains("Sitemap: https://example.org/campus/sitemap.xml")
    );
    let search = read(&out.join("fr/search/index.html"));
    assert!(
        search.contains("src=\"/campus/pagefind/pagefind-ui.js\""),
        "{search}"
    );
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("href=\"/campus/atom.xml\""),
        "feed link in the head"
    );
}

/// Midnight of `date` in the example's time zone (America/Edmonton), as feeds write it.
fn edmonton_midnight(date: jiff::civil::Date) -> String {
    let zone = jiff::tz::TimeZone::get("America/Edmonton").unwrap();
    let zoned = zone.to_ambiguous_zoned(date.to_datetime(jiff::civil::Time::midnight()));
    zoned
        .compatible()
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The publication date of every advisory of the site in `root`, by slug, read from its
/// content files with a YAML parser (not through redflag).
fn publication_dates(root: &Path) -> Vec<(String, jiff::civil::Date)> {
    let mut dates = Vec::new();
    for entry in fs::read_dir(root.join("content/advisories"))
        .unwrap()
        .flatten()
    {
        let text = read(&entry.path().join("index.md"));
        let front = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(front, _)| front)
            .expect("front matter");
        let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let date = yaml["date"].as_str().expect("a date").parse().unwrap();
        dates.push((entry.file_name().to_string_lossy().into_owned(), date));
    }
    dates
}

/// The slug of an advisory page's address.
fn slug_in(url: &str) -> String {
    let (_, rest) = url.split_once("/advisories/").expect("an advisory page");
    rest.trim_end_matches('/').to_owned()
}

/// (slug, published) of each entry of an Atom feed, in order, from its alternate link.
fn atom_entries(file: &Path) -> Vec<(String, String)> {
    let text = read(file);
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
        .map(|entry| {
            let link = entry
                .children()
                .find(|c| {
                    c.has_tag_name((ATOM_NS, "link")) && c.attribute("rel") == Some("alternate")
                })
                .and_then(|c| c.attribute("href"))
                .expect("an alternate link");
            (
                slug_in(link),
                child_text(entry, ATOM_NS, "published").to_owned(),
            )
        })
        .collect()
}

/// (slug, date_published) of each item of a JSON Feed, in order.
fn json_items(file: &Path) -> Vec<(String, String)> {
    let feed: Value = serde_json::from_str(&read(file)).unwrap();
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                slug_in(item["url"].as_str().expect("url")),
                item["date_published"]
                    .as_str()
                    .expect("date_published")
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn feed_limit_keeps_the_newest_advisories_and_search_false_leaves_search_out() {
    const LIMIT: usize = 2;
    let site = example_copy::copy_of_example_without_typesetting(&format!(
        "feed_limit = {LIMIT}\nsearch = false\n"
    ));
    // Distinct dates whose newest-first order is neither the slugs' order nor its reverse.
    for (slug, date) in [
        ("virtual-kidnapping-calgary", "2025-05-01"),
        ("fake-chinese-police-video-calls", "2025-04-04"),
        ("police-impersonation-calls-toronto", "2025-03-02"),
    ] {
        let file = site
            .path()
            .join("content/advisories")
            .join(slug)
            .join("index.md");
        let text = read(&file);
        let line = text
            .lines()
            .find(|l| l.starts_with("date: "))
            .unwrap()
            .to_owned();
        fs::write(&file, text.replacen(&line, &format!("date: {date}"), 1)).unwrap();
    }
    let mut newest_first = publication_dates(site.path());
    newest_first.sort_by_key(|(_, date)| std::cmp::Reverse(*date));
    assert!(newest_first.len() > LIMIT, "the limit must leave some out");
    let expected: Vec<(String, String)> = newest_first[..LIMIT]
        .iter()
        .map(|(slug, date)| (slug.clone(), edmonton_midnight(*date)))
        .collect();
    let out = site.path().join("public");
    build_site(site.path(), &out, None);

    for (tag, folder) in LANGUAGES {
        let atom = out.join(format!("{folder}atom.xml"));
        relaxng(&atom);
        assert_eq!(
            atom_entries(&atom),
            expected,
            "{tag}: atom.xml, the newest first"
        );
        let json = out.join(format!("{folder}feed.json"));
        assert_eq!(
            json_items(&json),
            expected,
            "{tag}: feed.json, the newest first"
        );
        assert!(
            !out.join(format!("{folder}search")).exists(),
            "{tag}: no search page"
        );
        let home = read(&out.join(format!("{folder}index.html")));
        assert!(
            !home.contains("search/\""),
            "{tag}: no link to a search page"
        );
    }
    assert!(!out.join("pagefind").exists(), "no search index");
    let alerts = read(&out.join("alerts.cap.xml"));
    assert_eq!(
        alerts.matches("<entry>").count(),
        advisory_slugs().len(),
        "the alerts index lists every alert"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    for slug in advisory_slugs() {
        assert!(
            sitemap.contains(&format!("/advisories/{slug}/")),
            "{slug} in the sitemap"
        );
    }
    assert!(
        !sitemap.contains("/search/"),
        "no search page in the sitemap"
    );
}
