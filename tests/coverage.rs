//! `[languages.xx] min_coverage`: a language whose share of translated, current words is below
//! its threshold is left out of the language switcher, the sitemap and the feeds; its pages
//! still build and say that the translation is incomplete; `check` reports it (RF060); once
//! enough is translated, it is listed again.

use std::path::Path;

use scraper::{Html, Selector};

use crate::support::example::copy_of_example_without_typesetting;
use crate::support::run_in;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `hreflang` of each language-switcher link of a page, read with an HTML parser.
fn switcher(page: &Path) -> Vec<String> {
    let html = Html::parse_document(&read(page));
    let links = Selector::parse("nav.lang-switcher a").unwrap();
    html.select(&links)
        .filter_map(|a| a.value().attr("hreflang").map(str::to_owned))
        .collect()
}

/// The text of the page's incomplete-translation notice, if it has one.
fn incomplete_notice(page: &Path) -> Option<String> {
    let html = Html::parse_document(&read(page));
    let notice = Selector::parse("main p.notice-incomplete").unwrap();
    html.select(&notice).next().map(|p| p.text().collect())
}

/// Builds `site` into `out`; returns what `check` printed (it must not fail).
fn build_and_check(site: &Path) -> String {
    let built = run_in(site, &["build", "--out", "public"]);
    assert!(
        built.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let checked = run_in(site, &["check"]);
    assert!(
        checked.status.success(),
        "check failed:\n{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    String::from_utf8_lossy(&checked.stdout).into_owned()
        + &String::from_utf8_lossy(&checked.stderr)
}

#[test]
fn a_language_below_min_coverage_is_unlisted_until_translated_enough() {
    let site = copy_of_example_without_typesetting("");
    let config = site.path().join("site.toml");
    let toml = read(&config);
    assert!(toml.contains("[languages.ar]\n"), "the example has Arabic");
    let toml = toml.replacen(
        "[languages.ar]\n",
        "[languages.ar]\nmin_coverage = 0.8\n",
        1,
    );
    std::fs::write(&config, toml).unwrap();

    // Arabic translates two advisories of three (66% of the words).
    let report = build_and_check(site.path());
    let out = site.path().join("public");
    assert!(
        report.contains("RF060") && report.contains("(ar) has 66%"),
        "check does not report Arabic below its min_coverage:\n{report}"
    );
    assert_eq!(switcher(&out.join("index.html")), ["en", "fr", "zh-Hans"]);
    assert_eq!(
        switcher(&out.join("fr/index.html")),
        ["en", "fr", "zh-Hans"]
    );
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(!sitemap.contains("/ar/") && !sitemap.contains("hreflang=\"ar\""));
    assert!(sitemap.contains("/fr/"));
    assert!(!out.join("ar/atom.xml").exists() && !out.join("ar/feed.json").exists());
    assert!(out.join("fr/atom.xml").exists());
    let home = out.join("ar/index.html");
    let notice = incomplete_notice(&home).expect("the Arabic home page says it is incomplete");
    assert!(notice.contains("العربية"), "{notice}");
    assert!(
        !read(&home).contains("atom.xml"),
        "no link to a feed not written"
    );
    let page = out.join("ar/advisories/virtual-kidnapping-calgary/index.html");
    assert!(incomplete_notice(&page).is_some());
    assert!(incomplete_notice(&out.join("fr/index.html")).is_none());

    // Translating the third advisory brings Arabic to 100%: listed again, no notice.
    let advisory = site
        .path()
        .join("content/advisories/fake-chinese-police-video-calls");
    std::fs::copy(
        advisory.join("index.zh-Hans.md"),
        advisory.join("index.ar.md"),
    )
    .unwrap();
    let report = build_and_check(site.path());
    assert!(!report.contains("RF060"), "{report}");
    assert_eq!(
        switcher(&out.join("index.html")),
        ["en", "fr", "zh-Hans", "ar"]
    );
    assert!(read(&out.join("sitemap.xml")).contains("/ar/"));
    assert!(out.join("ar/atom.xml").exists() && out.join("ar/feed.json").exists());
    assert!(incomplete_notice(&out.join("ar/index.html")).is_none());
}
