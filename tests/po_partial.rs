//! A volunteer who skips a few texts: the Korean loop from inside a copy of the example, every
//! entry of the exported file filled with polib but one red flag and one body block of the
//! Calgary advisory. The import writes the translated items and blocks, the skipped ones left
//! to the source (`null`, `body_untranslated:`); a re-import changes no byte, a new export
//! shows exactly those two untranslated, `check` passes, and the Korean page is Korean but for
//! those two texts, which are in English and say so (`lang="en"`), named by the notice.

use std::path::Path;

use crate::po::site_with_korean;
use crate::support::ok;
use crate::support::translators::{Fill, fill_po, python};

const PAGE: &str = "public/ko/advisories/virtual-kidnapping-calgary/index.html";
const FILE: &str = "content/advisories/virtual-kidnapping-calgary/index.ko.md";
const SKIPPED: [&str; 2] = [
    "virtual-kidnapping-calgary/red_flags/5",
    "virtual-kidnapping-calgary/body/3",
];

fn untranslated(po: &Path) -> Vec<String> {
    let script = "import polib, sys\nfor e in polib.pofile(sys.argv[1]).untranslated_entries(): print(e.msgctxt)";
    python(script, &[&po.display().to_string()])
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The texts of the page (scripts, styles and the share panel's plain-text boxes aside) with
/// a word of Latin letters, each with the nearest `lang` around it.
fn latin_texts(page: &scraper::Html) -> Vec<(String, String)> {
    let word = |t: &str| {
        t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 3)
    };
    page.tree
        .nodes()
        .filter_map(|node| Some((node, node.value().as_text()?)))
        .filter(|(_, text)| word(text))
        .filter_map(|(node, text)| {
            let elements: Vec<&scraper::node::Element> = node
                .ancestors()
                .filter_map(|a| a.value().as_element())
                .collect();
            if elements
                .iter()
                .any(|e| matches!(e.name(), "script" | "style" | "textarea" | "title"))
            {
                return None;
            }
            let lang = elements.iter().find_map(|e| e.attr("lang"))?;
            Some((lang.to_owned(), text.trim().to_owned()))
        })
        .collect()
}

#[test]
fn a_volunteer_who_skips_a_red_flag_and_a_paragraph_sees_only_those_in_english_marked() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let po = site.join("translations/ko.po");
    let sources = fill_po(&po, Fill::KoreanAllBut(&SKIPPED));
    assert_eq!(sources.len(), 2, "{sources:?}");

    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert!(
        printed.contains(
            "virtual-kidnapping-calgary: not translated, so the page shows the source text \
             there, marked: red_flags 5; body 3"
        ),
        "{printed}"
    );
    let written = std::fs::read_to_string(site.join(FILE)).unwrap();
    assert!(written.contains("  - null # not translated"), "{written}");
    assert!(written.contains("\nbody_untranslated: [3]\n"), "{written}");
    assert!(
        written.contains(&sources[1]),
        "the body keeps block 3's source text"
    );

    let before = std::fs::read(site.join(FILE)).unwrap();
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert!(!printed.contains("Wrote"), "{printed}");
    assert_eq!(std::fs::read(site.join(FILE)).unwrap(), before);

    ok(
        site,
        &["translations", "export", "--lang", "ko", "--out", "again"],
    );
    assert_eq!(untranslated(&site.join("again/ko.po")), SKIPPED);
    ok(site, &["check"]);

    ok(site, &["build", "--out", "public"]);
    let html = std::fs::read_to_string(site.join(PAGE)).unwrap();
    let page = scraper::Html::parse_document(&html);
    let english: Vec<String> = latin_texts(&page)
        .into_iter()
        .filter(|(lang, text)| {
            // File names (`email.eml`, a web address) and format names are not English.
            let english = text
                .split(|c: char| c.is_whitespace() || "()".contains(c))
                .filter(|token| !token.contains('.'))
                .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
                .any(|w| w.len() >= 3 && !["PDF", "Atom"].contains(&w));
            lang == "ko" && english
        })
        .map(|(_, text)| text)
        .collect();
    assert_eq!(english, Vec::<String>::new(), "Latin text marked Korean");
    let marked = scraper::Selector::parse("li.untranslated[lang=en][dir=ltr]").unwrap();
    let items: Vec<String> = page.select(&marked).map(|e| e.text().collect()).collect();
    assert_eq!(items, [sources[0].clone()]);
    let span = scraper::Selector::parse("span[lang=en][dir=ltr]").unwrap();
    assert!(
        page.select(&span)
            .any(|e| e.text().collect::<String>() == sources[1]),
        "block 3 marked English"
    );
    let notice = scraper::Selector::parse(".notice-partial").unwrap();
    let notice: String = page.select(&notice).flat_map(|e| e.text()).collect();
    assert!(
        notice.contains("위험 신호") && notice.contains("영어"),
        "{notice}"
    );
}
