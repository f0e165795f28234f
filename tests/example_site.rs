//! Builds the bundled example site (and edited copies of it) and checks the output through a
//! real HTML parser: every page in every language, lang/dir, hreflang, canonical, notices,
//! contacts as tel: links, and that script in Markdown never survives.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use redflag::build::{BuildOptions, build};
use scraper::{Html, Selector};

use crate::support::example::{
    add_to_posters_table, built_example, copy_of_example_without_share_images,
    copy_of_example_without_typesetting,
};

const LANGUAGES: [(&str, &str, &str); 4] = [
    ("en", "", "ltr"),
    ("fr", "fr/", "ltr"),
    ("zh-Hans", "zh-hans/", "ltr"),
    ("ar", "ar/", "rtl"),
];
const ADVISORIES: [&str; 3] = [
    "virtual-kidnapping-calgary",
    "police-impersonation-calls-toronto",
    "fake-chinese-police-video-calls",
];
const BASE: &str = "https://alerts.example.org/";

fn build_into(root: &Path, out: &Path) {
    let today = jiff::civil::date(2026, 1, 1);
    build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        today,
        wait: redflag::output::Wait::No,
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
}

fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn attr<'a>(html: &'a Html, css: &str, name: &str) -> Option<&'a str> {
    select(html, css).first().and_then(|e| e.value().attr(name))
}

#[test]
fn every_page_exists_in_every_language_with_lang_dir_canonical_and_hreflang() {
    let out = built_example();
    let mut pages = vec![
        "index.html".to_owned(),
        "404.html".to_owned(),
        "scam-types/index.html".to_owned(),
        "regions/calgary/index.html".to_owned(),
    ];
    pages.extend(
        ADVISORIES
            .iter()
            .map(|a| format!("advisories/{a}/index.html")),
    );
    for (tag, prefix, dir) in LANGUAGES {
        for rel in &pages {
            let path = format!("{prefix}{rel}");
            let html = page(out, &path);
            assert_eq!(attr(&html, "html", "lang"), Some(tag), "{path}");
            assert_eq!(attr(&html, "html", "dir"), Some(dir), "{path}");
            let hreflangs: Vec<&str> = select(&html, "link[rel=alternate][hreflang]")
                .iter()
                .filter_map(|e| e.value().attr("hreflang"))
                .collect();
            assert_eq!(
                hreflangs,
                ["en", "fr", "zh-Hans", "ar", "x-default"],
                "{path}"
            );
            for link in select(&html, "link[rel=alternate][hreflang]") {
                assert!(
                    link.value().attr("href").unwrap().starts_with(BASE),
                    "{path}"
                );
            }
            if rel != "404.html" {
                let expected = format!("{BASE}{path}")
                    .trim_end_matches("index.html")
                    .to_owned();
                assert_eq!(
                    attr(&html, "link[rel=canonical]", "href"),
                    Some(expected.as_str()),
                    "{path}"
                );
            }
            let switcher = select(&html, "nav.lang-switcher a");
            assert_eq!(switcher.len(), 4, "{path}");
            for link in switcher {
                assert!(
                    link.value().attr("lang").is_some() && link.value().attr("hreflang").is_some(),
                    "{path}"
                );
            }
        }
    }
}

#[test]
fn untranslated_advisories_fall_back_with_a_notice_and_their_own_lang() {
    let out = built_example();
    let html = page(
        out,
        "fr/advisories/fake-chinese-police-video-calls/index.html",
    );
    assert_eq!(select(&html, ".notice-fallback").len(), 1);
    assert_eq!(attr(&html, "h1", "lang"), Some("en"));
    assert_eq!(attr(&html, "#red-flags ul", "lang"), Some("en"));
    let ar = page(
        out,
        "ar/advisories/fake-chinese-police-video-calls/index.html",
    );
    assert_eq!(attr(&ar, "#red-flags ul", "dir"), Some("ltr"));
    let translated = page(
        out,
        "zh-hans/advisories/fake-chinese-police-video-calls/index.html",
    );
    assert!(select(&translated, ".notice").is_empty());
    assert_eq!(attr(&translated, "h1", "lang"), None);
}

#[test]
fn contacts_are_tel_links_with_numbers_isolated() {
    let out = built_example();
    let mut seen = HashSet::new();
    for (_, prefix, _) in LANGUAGES {
        for slug in ADVISORIES {
            let html = page(out, &format!("{prefix}advisories/{slug}/index.html"));
            let links = select(&html, "a[href^='tel:']");
            assert!(!links.is_empty(), "{prefix}{slug}");
            for link in links {
                let href = link.value().attr("href").unwrap();
                let digits = href.trim_start_matches("tel:");
                let valid = (digits.starts_with('+')
                    && digits.len() >= 8
                    && digits[1..].bytes().all(|b| b.is_ascii_digit()))
                    || (digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()));
                assert!(valid, "{href} is not E.164");
                assert_eq!(
                    link.select(&Selector::parse("bdi").unwrap()).count(),
                    1,
                    "{href} has no <bdi>"
                );
                seen.insert(href.to_owned());
            }
        }
    }
    assert!(seen.contains("tel:+14168082300"), "{seen:?}");
}

#[test]
fn json_ld_is_an_article_in_the_page_language() {
    let out = built_example();
    let html = page(
        out,
        "zh-hans/advisories/virtual-kidnapping-calgary/index.html",
    );
    let script = select(&html, "script[type='application/ld+json']");
    let value: serde_json::Value = serde_json::from_str(&script[0].inner_html()).unwrap();
    assert_eq!(value["@type"], "Article");
    assert_eq!(value["inLanguage"], "zh-Hans");
    assert_eq!(
        value["mentions"][0]["contactPoint"]["@type"],
        "ContactPoint"
    );
}

#[test]
fn ids_are_unique_on_every_page() {
    let out = built_example();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
            let mut ids = HashSet::new();
            for element in select(&html, "[id]") {
                let id = element.value().attr("id").unwrap();
                assert!(
                    ids.insert(id.to_owned()),
                    "duplicate id {id} in {}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn a_changed_source_marks_translations_stale() {
    let dir = copy_of_example_without_typesetting("");
    let source = dir
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replacen("title:", "title: Updated —", 1)).unwrap();
    let out = dir.path().join("public");
    build_into(dir.path(), &out);
    let html = page(&out, "fr/advisories/virtual-kidnapping-calgary/index.html");
    assert_eq!(select(&html, ".notice-stale").len(), 1);
    let other = page(
        &out,
        "fr/advisories/police-impersonation-calls-toronto/index.html",
    );
    assert!(select(&other, ".notice").is_empty());
}

#[test]
fn script_in_markdown_never_survives() {
    let dir = copy_of_example_without_typesetting("");
    let source = dir
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let mut text = std::fs::read_to_string(&source).unwrap();
    text.push_str("\n<script>window.pwned = 1</script>\n\n<img src=x onerror=\"window.pwned=1\">\n\n[click](javascript:alert(1)) {{ title }} {% if x %}\n");
    std::fs::write(&source, text).unwrap();
    let out = dir.path().join("public");
    build_into(dir.path(), &out);
    let raw = std::fs::read_to_string(out.join("advisories/virtual-kidnapping-calgary/index.html"))
        .unwrap();
    let html = Html::parse_document(&raw);
    // The page's own scripts: its JSON-LD and the theme's share script (empty, from the site's
    // own static files); anything else came from the Markdown.
    let theme_script = |s: &scraper::ElementRef| {
        s.value()
            .attr("src")
            .is_some_and(|src| src.starts_with('/') && src.ends_with("/share.js"))
            && s.inner_html().is_empty()
    };
    let scripts = select(&html, "script");
    assert!(
        scripts
            .iter()
            .all(|s| s.value().attr("type") == Some("application/ld+json") || theme_script(s)),
        "a script survived"
    );
    assert!(select(&html, "[onerror]").is_empty());
    assert!(select(&html, "a[href^='javascript']").is_empty());
    assert!(
        raw.contains("{{ title }}") && raw.contains("{% if x %}"),
        "template syntax must stay literal"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = copy_of_example_without_typesetting("");
    let out = dir.path().join("public");
    build_into(dir.path(), &out);
    let before = std::fs::read(out.join("index.html")).unwrap();
    let source = dir
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replacen("severity: high", "severity: urgent", 1),
    )
    .unwrap();
    let today = jiff::civil::date(2026, 1, 1);
    let err = build(&BuildOptions {
        root: dir.path().to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        today,
        wait: redflag::output::Wait::No,
    })
    .unwrap_err();
    let redflag::build::BuildError::Content(diagnostics) = err else {
        panic!("expected content errors")
    };
    assert_eq!(diagnostics[0].code.as_str(), "RF011");
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
}

#[test]
fn a_rebuild_typesets_only_the_posters_whose_inputs_changed() {
    // English posters of the advisories only, and no share images: enough posters to see which
    // are typeset again, without typesetting the whole example three times.
    let dir = copy_of_example_without_share_images("");
    add_to_posters_table(dir.path(), "languages = [\"en\"]\ninstitutions = []");
    let out = dir.path().join("public");
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        today: jiff::civil::date(2026, 1, 1),
        wait: redflag::output::Wait::No,
    };
    let first = build(&options).unwrap();
    assert!(first.posters.posters > 0);
    assert_eq!(first.posters.rendered, first.posters.posters);
    let poster = out.join("advisories/virtual-kidnapping-calgary/poster-en-letter.pdf");
    let before = std::fs::read(&poster).unwrap();

    let second = build(&options).unwrap();
    assert_eq!(
        second.posters.rendered, 0,
        "nothing changed: no poster is typeset"
    );
    assert_eq!(std::fs::read(&poster).unwrap(), before);

    let source = dir
        .path()
        .join("content/advisories/police-impersonation-calls-toronto/index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replacen("red_flags:\n  - ", "red_flags:\n  - Updated. ", 1),
    )
    .unwrap();
    let third = build(&options).unwrap();
    assert!(
        third.posters.rendered > 0 && third.posters.rendered < third.posters.posters,
        "{:?}",
        third.posters
    );
    assert_eq!(
        std::fs::read(&poster).unwrap(),
        before,
        "the Calgary poster did not change"
    );

    // Published elsewhere, every poster's QR code and address change: none is reused (the QR
    // codes are not made to key a poster; the addresses they encode are in its key).
    let moved = BuildOptions {
        base_url: Some("https://advisories.example.net".into()),
        ..options
    };
    let fourth = build(&moved).unwrap();
    assert_eq!(
        fourth.posters.rendered, fourth.posters.posters,
        "{:?}",
        fourth.posters
    );
    assert_ne!(std::fs::read(&poster).unwrap(), before);
}

/// The card titles of a listing page, in order.
fn card_links(html: &Html) -> Vec<String> {
    select(html, ".card-title a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn listings_are_paginated_with_links_between_pages_in_every_language() {
    let example = built_example();
    let dir = copy_of_example_without_typesetting("paginate_by = 2\n");
    let out = dir.path().join("public");
    build_into(dir.path(), &out);

    for (tag, folder, _) in LANGUAGES {
        let all = card_links(&page(example, &format!("{folder}index.html")));
        assert_eq!(all.len(), ADVISORIES.len(), "{tag}: one page unpaginated");
        let first = page(&out, &format!("{folder}index.html"));
        let second = page(&out, &format!("{folder}page/2/index.html"));
        let mut paged = card_links(&first);
        paged.extend(card_links(&second));
        assert_eq!(
            paged, all,
            "{tag}: the same cards, in order, over two pages"
        );
        assert_eq!(card_links(&first).len(), 2, "{tag}");
        assert!(
            !out.join(format!("{folder}page/3")).exists(),
            "{tag}: no empty page"
        );

        let home = format!("/{folder}");
        let second_url = format!("/{folder}page/2/");
        assert_eq!(
            attr(&first, ".pager a[rel=next]", "href"),
            Some(second_url.as_str())
        );
        assert!(select(&first, ".pager a[rel=prev]").is_empty(), "{tag}");
        assert_eq!(
            attr(&second, ".pager a[rel=prev]", "href"),
            Some(home.as_str())
        );
        assert!(select(&second, ".pager a[rel=next]").is_empty(), "{tag}");
        assert_eq!(
            attr(&second, "link[rel=canonical]", "href"),
            Some(format!("{BASE}{folder}page/2/").as_str())
        );
        for (other, other_folder, _) in LANGUAGES {
            let selector = format!("link[rel=alternate][hreflang={other}]");
            assert_eq!(
                attr(&second, &selector, "href"),
                Some(format!("{BASE}{other_folder}page/2/").as_str()),
                "{tag}: hreflang {other}"
            );
        }
        let titles: HashSet<String> = [&first, &second]
            .iter()
            .map(|html| select(html, "title")[0].text().collect())
            .collect();
        assert_eq!(titles.len(), 2, "{tag}: each page has its own title");
        let title = |html: &_| -> String { select(html, "title")[0].text().collect() };
        let unpaginated = page(example, &format!("{folder}index.html"));
        assert_eq!(
            title(&first),
            title(&unpaginated),
            "{tag}: the first page keeps the listing's title; only later pages name their number"
        );
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/page/2/"),
        "pages of listings stay out of the sitemap"
    );
}

/// Whether a Markdown body opens with a heading.
fn opens_with_heading(markdown: &str) -> bool {
    use pulldown_cmark::{Event, Parser, Tag};
    matches!(
        Parser::new(markdown).next(),
        Some(Event::Start(Tag::Heading { .. }))
    )
}

/// The headings of a Markdown body, as plain text.
fn body_headings(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut headings = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = &mut current {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    headings
}

/// The writers' guide once told authors to start the body with `## What happens`, which the
/// advisory page already prints above the body: no body of the example or of a new site (`init`)
/// opens with a heading (the translations' were near copies of the page's: "Comment se déroule
/// l'arnaque" under "Comment l'arnaque se déroule") or repeats one the page prints.
#[test]
fn no_body_repeats_a_heading_the_page_already_prints() {
    let init = tempfile::tempdir().unwrap();
    redflag::scaffold::init_site(init.path()).unwrap();
    for root in [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        init.path().to_path_buf(),
    ] {
        let prepared =
            redflag::build::load(&root, &redflag::content::LoadOptions::with_drafts()).unwrap();
        let (site, ui) = (&prepared.site, &*prepared.ui);
        let mut bodies = 0;
        for advisory in &site.advisories {
            for (lang, text) in &advisory.texts {
                let printed: Vec<String> = [
                    "details",
                    "red_flags",
                    "prevention",
                    "if_targeted",
                    "contacts",
                    "sources",
                ]
                .iter()
                .map(|key| ui.text(lang, key).to_lowercase())
                .collect();
                assert!(
                    !opens_with_heading(&text.body),
                    "{}: the body opens with a heading; the page prints one above it",
                    text.file.display()
                );
                for heading in body_headings(&text.body) {
                    assert!(
                        !printed.contains(&heading.trim().to_lowercase()),
                        "{}: the body repeats the heading `{heading}` the page prints",
                        text.file.display()
                    );
                }
                bodies += 1;
            }
        }
        assert!(bodies >= 2, "{}: bodies checked", root.display());
    }
}
