//! A contact written inline in an advisory's front matter, in translators' files: from inside
//! a copy of the example with one inline contact added to the Calgary advisory, export French;
//! the contact's name and hours are entries with the advisory file's line and a note with the
//! number. Filled with polib (checked by GNU `msgfmt`), the import writes them into the
//! advisory's front matter (those two lines only), a re-import changes no byte, `check`
//! passes, and the French page shows the French name and hours. A number added in one entry
//! is refused with its PO line, and nothing is written.

use std::path::PathBuf;

use crate::po_site::snapshot;
use crate::support::example::copy_of_example_without_typesetting;
use crate::support::translators::{Fill, fill_po};
use crate::support::{ok, run_in};

const FILE: &str = "content/advisories/virtual-kidnapping-calgary/index.md";
const NAME: &str = "contact:virtual-kidnapping-calgary#4/name";
const HOURS: &str = "contact:virtual-kidnapping-calgary#4/hours";
/// A fictional support line (a 555-01xx number), written inline after the three contact ids.
const INLINE: &str = "  - name: Calgary Newcomer Support Line
    kind: support
    phone: +1 403-555-0142
    hours: Weekdays, 9:00 to 17:00
";

/// The PO entry with `context`: its comment lines and its msgid line.
fn entry<'a>(po: &'a str, context: &str) -> (Vec<&'a str>, &'a str) {
    let lines: Vec<&str> = po.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("msgctxt \"{context}\""))
        .unwrap_or_else(|| panic!("no entry {context} in\n{po}"));
    let comments = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .copied()
        .collect();
    (comments, lines[at + 1])
}

#[test]
fn an_inline_contacts_name_and_hours_are_translated_into_its_advisorys_front_matter() {
    let dir = copy_of_example_without_typesetting("");
    let site = dir.path();
    let path = site.join(FILE);
    let source = std::fs::read_to_string(&path).unwrap();
    let anchor = "  - canadian-anti-fraud-centre\n";
    assert!(
        source.contains(anchor),
        "the example's Calgary contacts changed"
    );
    let source = source.replacen(anchor, &format!("{anchor}{INLINE}"), 1);
    std::fs::write(&path, &source).unwrap();
    let line_of = |text: &str| 1 + source.lines().position(|l| l.contains(text)).unwrap();

    ok(site, &["translations", "export", "--lang", "fr"]);
    let po = site.join("translations/fr.po");
    let exported = std::fs::read_to_string(&po).unwrap();
    for (context, msgid, line) in [
        (
            NAME,
            "Calgary Newcomer Support Line",
            line_of("name: Calgary"),
        ),
        (HOURS, "Weekdays, 9:00 to 17:00", line_of("hours: Weekdays")),
    ] {
        let (comments, id) = entry(&exported, context);
        assert_eq!(id, format!("msgid \"{msgid}\""));
        assert!(
            comments.contains(&format!("#: {FILE}:{line}").as_str()),
            "{comments:?}"
        );
        assert!(
            comments
                .iter()
                .any(|c| c.starts_with("#. ") && c.contains("+1 403-555-0142")),
            "{comments:?}"
        );
    }

    let before = snapshot(site);
    let pairs = [
        (NAME, "Ligne d'aide aux nouveaux arrivants de Calgary"),
        (HOURS, "En semaine, de 9:00 à 17:00 (403-555-0199)"),
    ];
    fill_po(&po, Fill::Entries(&pairs));
    let refused = run_in(site, &["translations", "import", "translations/fr.po"]);
    assert!(!refused.status.success(), "an added number is refused");
    let filled = std::fs::read_to_string(&po).unwrap();
    let (comments, _) = entry(&filled, HOURS);
    let msgctxt = filled
        .lines()
        .position(|l| l == format!("msgctxt \"{HOURS}\""));
    let hours_line = 1 + msgctxt.unwrap() - comments.len();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!("fr.po:{hours_line}")) && stderr.contains(HOURS),
        "{stderr}"
    );
    assert_eq!(snapshot(site), before, "nothing is written");

    fill_po(
        &po,
        Fill::Entries(&[(HOURS, "En semaine, de 9:00 à 17:00")]),
    );
    ok(site, &["translations", "import", "translations/fr.po"]);
    let written = std::fs::read_to_string(&path).unwrap();
    let old: Vec<&str> = source.lines().collect();
    let new: Vec<&str> = written.lines().collect();
    let added: Vec<&str> = new.iter().filter(|l| !old.contains(l)).copied().collect();
    let removed: Vec<&str> = old.iter().filter(|l| !new.contains(l)).copied().collect();
    assert_eq!(
        added,
        [
            "  - name: { en: Calgary Newcomer Support Line, fr: \"Ligne d'aide aux nouveaux arrivants de Calgary\" }",
            "    hours: { en: \"Weekdays, 9:00 to 17:00\", fr: \"En semaine, de 9:00 à 17:00\" }",
        ],
        "{written}"
    );
    assert_eq!(
        removed,
        [
            "  - name: Calgary Newcomer Support Line",
            "    hours: Weekdays, 9:00 to 17:00"
        ]
    );
    let after = snapshot(site);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|f| !before.contains(f))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed, [&path], "only the advisory's front matter changed");

    ok(site, &["translations", "import", "translations/fr.po"]);
    assert_eq!(snapshot(site), after, "a re-import changes no byte");
    ok(site, &["check"]);
    ok(site, &["build"]);
    let page = |lang: &str| {
        let file = format!("public/{lang}advisories/virtual-kidnapping-calgary/index.html");
        std::fs::read_to_string(site.join(file)).unwrap()
    };
    let fr = page("fr/");
    assert!(
        fr.contains("Ligne d&#39;aide aux nouveaux arrivants de Calgary")
            || fr.contains("Ligne d'aide aux nouveaux arrivants de Calgary"),
        "French name"
    );
    assert!(fr.contains("En semaine, de 9:00 à 17:00"), "French hours");
    assert!(
        !fr.contains("Calgary Newcomer Support Line"),
        "no English name on the French page"
    );
    let en = page("");
    assert!(
        en.contains("Calgary Newcomer Support Line"),
        "the English page keeps it"
    );
}
