//! The site's own texts in translators' files: the Korean loop a volunteer runs from inside a
//! copy of the example (relative paths). Export Korean, fill the site title, a topic's label, a
//! contact's name and UI strings (one with plural forms), check the file with GNU `msgfmt` and
//! polib, import it, build, and read the Korean page: those texts are in Korean, and the files
//! they went into changed in those lines only. A bad import (a number changed in a contact's
//! text, a dropped `{count}`) is refused with each PO line, and nothing is written.

use std::path::{Path, PathBuf};

use redflag::translations::po;

const CALGARY: &str = "ko/advisories/virtual-kidnapping-calgary/index.html";

/// The files a site-text import may change, and the Calgary advisory's folder.
const WATCHED: [&str; 5] = [
    "site.toml",
    "content/taxonomies.yaml",
    "content/contacts.yaml",
    "themes/default/i18n/ko.yaml",
    "content/advisories/virtual-kidnapping-calgary",
];

// The Korean copy of the example is po.rs's.
use crate::po::site_with_korean;
use crate::support::translators::{msgfmt_check, python};
use crate::support::{ok, run_in};

/// Every watched file (and every file of the whole site tree), with its bytes.
pub(crate) fn snapshot(site: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.path().starts_with(site.join("public")))
        .filter(|e| !e.path().starts_with(site.join("translations")))
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn set(catalog: &mut po::Catalog, context: &str, translation: &str) -> usize {
    let entry = catalog
        .entries
        .iter_mut()
        .find(|e| e.context == context)
        .unwrap_or_else(|| panic!("no entry {context}"));
    entry.translation = translation.to_owned();
    entry.line
}

fn set_forms(catalog: &mut po::Catalog, context: &str, forms: &[&str]) -> usize {
    let entry = catalog
        .entries
        .iter_mut()
        .find(|e| e.context == context)
        .unwrap_or_else(|| panic!("no entry {context}"));
    assert!(entry.plural.is_some(), "{context} has plural forms");
    entry.forms = forms.iter().map(|f| (*f).to_owned()).collect();
    entry.line
}

/// The lines of `new` that are not in `old`, and the lines of `old` not in `new`.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let added = new
        .iter()
        .filter(|l| !old.contains(l))
        .map(|l| l.to_string());
    let removed = old
        .iter()
        .filter(|l| !new.contains(l))
        .map(|l| l.to_string());
    (added.collect(), removed.collect())
}

fn text(document: &scraper::Html, css: &str) -> String {
    let selector = scraper::Selector::parse(css).unwrap();
    document
        .select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_volunteer_translates_the_site_texts_into_korean_and_sees_them_on_the_page() {
    let dir = site_with_korean();
    let site = dir.path();
    let printed = ok(site, &["translations", "export", "--lang", "ko"]).stderr;
    assert!(printed.contains("Wrote translations/ko.po"), "{printed}");
    let path = site.join("translations/ko.po");
    let exported = std::fs::read_to_string(&path).unwrap();
    for wanted in [
        "msgctxt \"site:title\"",
        "#: site.toml:",
        "msgctxt \"taxonomy:scam_types/virtual-kidnapping/label\"",
        "#: content/taxonomies.yaml:",
        "msgctxt \"contact:calgary-police-non-emergency/name\"",
        "#: content/contacts.yaml:",
        "msgctxt \"ui:advisory_count\"\nmsgid \"{count} advisory\"\nmsgid_plural \"{count} advisories\"\nmsgstr[0] \"경고 {count}건\"\n",
        "i18n/en.yaml:",
        "\"Plural-Forms: nplurals=1; plural=0;\\n\"",
    ] {
        assert!(exported.contains(wanted), "{wanted} in\n{exported}");
    }
    let mut catalog = po::parse(&exported).unwrap();
    set(&mut catalog, "site:title", "사기 경보");
    set(
        &mut catalog,
        "taxonomy:scam_types/virtual-kidnapping/label",
        "가상 납치",
    );
    set(
        &mut catalog,
        "contact:calgary-police-non-emergency/name",
        "캘거리 경찰청 (비긴급)",
    );
    set(&mut catalog, "ui:red_flags", "이런 점을 조심하세요");
    set_forms(&mut catalog, "ui:advisory_count", &["{count}개의 경고"]);
    std::fs::write(&path, po::write(&catalog)).unwrap();

    msgfmt_check(&path);
    let script = "import polib, sys\n\
                  p = polib.pofile(sys.argv[1])\n\
                  e = [x for x in p if x.msgctxt == 'ui:advisory_count'][0]\n\
                  print(p.metadata['Plural-Forms'], '|', e.msgstr_plural[0])";
    let loaded = python(script, &[&path.display().to_string()]);
    assert_eq!(loaded.trim(), "nplurals=1; plural=0; | {count}개의 경고");

    // The copy has no themes/ folder: its Korean UI strings are the built-in theme's, and the
    // import writes the site's own file, from that one.
    assert!(!site.join(WATCHED[3]).exists());
    let built_in = crate::support::repository().join(WATCHED[3]);
    let before: Vec<String> = WATCHED[..4]
        .iter()
        .map(|f| std::fs::read_to_string(site.join(f)).unwrap_or_default())
        .enumerate()
        .map(|(i, t)| {
            if i == 3 {
                std::fs::read_to_string(&built_in).unwrap()
            } else {
                t
            }
        })
        .collect();
    let everything = snapshot(site);
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    for file in &WATCHED[..3] {
        assert!(
            printed.contains(&format!("Wrote {file} (updated)")),
            "{printed}"
        );
    }
    assert!(
        printed.contains(&format!("Wrote {} (new)", WATCHED[3])),
        "{printed}"
    );
    let expected: [(&[&str], &[&str]); 4] = [
        (
            &[
                "title = { en = \"Scam Alert\", fr = \"Alerte aux arnaques\", zh-Hans = \"防诈骗警示\", ar = \"تنبيه من الاحتيال\", ko = \"사기 경보\" }",
            ],
            &[
                "title = { en = \"Scam Alert\", fr = \"Alerte aux arnaques\", zh-Hans = \"防诈骗警示\", ar = \"تنبيه من الاحتيال\" }",
            ],
        ),
        (&["    ko: \"가상 납치\""], &[]),
        (&["    ko: \"캘거리 경찰청 (비긴급)\""], &[]),
        (
            &[
                "  other: \"{count}개의 경고\"",
                "red_flags: \"이런 점을 조심하세요\"",
            ],
            &["  other: \"경고 {count}건\"", "red_flags: \"위험 신호\""],
        ),
    ];
    for ((file, old), (added, removed)) in WATCHED[..4].iter().zip(&before).zip(expected) {
        let new = std::fs::read_to_string(site.join(file)).unwrap();
        let (got_added, got_removed) = changed_lines(old, &new);
        assert_eq!(got_added, added, "{file}");
        assert_eq!(got_removed, removed, "{file}");
        assert_eq!(
            new.lines().count(),
            old.lines().count() + added.len() - removed.len()
        );
    }
    let after = snapshot(site);
    let others: Vec<&PathBuf> = after
        .iter()
        .filter(|file| !everything.contains(file))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(others.len(), 4, "only the four files changed: {others:?}");

    let again = snapshot(site);
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert!(!printed.contains("Wrote"), "{printed}");
    assert_eq!(
        snapshot(site),
        again,
        "an unchanged re-import writes nothing"
    );

    ok(site, &["build", "--out", "public"]);
    let html = std::fs::read_to_string(site.join("public").join(CALGARY)).unwrap();
    let page = scraper::Html::parse_document(&html);
    assert!(
        text(&page, "title").contains("사기 경보"),
        "{}",
        text(&page, "title")
    );
    assert!(text(&page, "h2").contains("이런 점을 조심하세요"));
    assert!(text(&page, "a").contains("가상 납치"));
    assert!(html.contains("캘거리 경찰청 (비긴급)"));
    let topic =
        std::fs::read_to_string(site.join("public/ko/scam-types/virtual-kidnapping/index.html"))
            .unwrap();
    let topic = scraper::Html::parse_document(&topic);
    assert!(
        text(&topic, "h1").contains("가상 납치"),
        "{}",
        text(&topic, "h1")
    );
}

#[test]
fn a_changed_number_or_a_dropped_placeholder_is_refused_with_its_po_line() {
    let dir = site_with_korean();
    let site = dir.path();
    let contacts = site.join("content/contacts.yaml");
    let text = std::fs::read_to_string(&contacts).unwrap().replacen(
        "    en: Monday to Friday, 9 am to 4 pm\n",
        "    en: Monday to Friday, 9 am to 4 pm; after hours 403-555-0142\n",
        1,
    );
    std::fs::write(&contacts, text).unwrap();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let mut catalog = po::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    set(
        &mut catalog,
        "contact:northgate-international-office/hours",
        "월요일~금요일 오전 9시~오후 4시, 업무 시간 외 403-555-0199",
    );
    set_forms(&mut catalog, "ui:advisory_count", &["경고 여러 건"]);
    set(&mut catalog, "site:title", "사기 경보");
    std::fs::write(&path, po::write(&catalog)).unwrap();
    let written = po::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let line = |context: &str| {
        written
            .entries
            .iter()
            .find(|e| e.context == context)
            .unwrap()
            .line
    };

    let before = snapshot(site);
    let output = run_in(site, &["translations", "import", "translations/ko.po"]);
    let printed = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    let hours_at = format!(
        "translations/ko.po:{}: error:",
        line("contact:northgate-international-office/hours")
    );
    let count_at = format!("translations/ko.po:{}: error:", line("ui:advisory_count"));
    assert!(
        printed.contains(&format!(
            "{hours_at} contact:northgate-international-office/hours: the number `0142`"
        )),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "{count_at} ui:advisory_count: plural form `other`: the placeholder `{{count}}`"
        )),
        "{printed}"
    );
    assert!(printed.contains("nothing was written"), "{printed}");
    assert_eq!(snapshot(site), before, "a refused import writes nothing");
}

#[test]
fn a_regions_area_description_is_translated_for_the_korean_alert() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let mut catalog = po::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let context = "taxonomy:regions/calgary/area_desc";
    let entry = catalog.entries.iter().find(|e| e.context == context);
    let entry = entry.unwrap_or_else(|| panic!("no {context}"));
    assert_eq!(entry.source, "City of Calgary, Alberta");
    assert_eq!(
        entry.reference.as_deref(),
        Some("content/taxonomies.yaml:45")
    );
    set(&mut catalog, context, "앨버타주 캘거리시");
    // The alert has a Korean info once the advisory has a Korean text.
    set(
        &mut catalog,
        "virtual-kidnapping-calgary/title",
        "가상 납치",
    );
    std::fs::write(&path, po::write(&catalog)).unwrap();
    let before = std::fs::read_to_string(site.join(WATCHED[1])).unwrap();
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert!(
        printed.contains("Wrote content/taxonomies.yaml (updated)"),
        "{printed}"
    );
    let after = std::fs::read_to_string(site.join(WATCHED[1])).unwrap();
    let (added, removed) = changed_lines(&before, &after);
    assert_eq!(added, ["      ko: \"앨버타주 캘거리시\""]);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(
        after.contains("      fr: Ville de Calgary (Alberta)\n      ko: \"앨버타주 캘거리시\"\n"),
        "{after}"
    );
    ok(site, &["build", "--out", "public"]);
    let cap = std::fs::read_to_string(
        site.join("public/advisories/virtual-kidnapping-calgary/alert.cap.xml"),
    )
    .unwrap();
    let korean = cap
        .split("<language>ko</language>")
        .nth(1)
        .expect("a Korean info");
    assert!(
        korean.contains("<areaDesc>앨버타주 캘거리시</areaDesc>"),
        "{korean}"
    );
}
