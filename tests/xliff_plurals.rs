//! Plural UI strings in XLIFF 1.2, the way the Translate Toolkit carries gettext plurals: a
//! `<group restype="x-gettext-plurals">` of one trans-unit per form. The exported file
//! validates against the OASIS strict schema, the Translate Toolkit's own XLIFF reader
//! (`poxliff`) reads each group as one plural unit with the language's forms, and an agency's
//! filled form is imported into the UI strings (a dropped `{count}` is refused with its line).

use crate::po::site_with_korean;
use crate::support::translators::{assert_valid_xliff, python};
use crate::support::{ok, run_in};

/// Prints each plural unit the Translate Toolkit reads: id, forms, the last source text (the
/// plural one; a one-form language has the singular only, as the toolkit writes it),
/// the target forms.
const READ: &str = r#"
import sys
from translate.storage import poxliff
for u in poxliff.PoXliffFile.parsefile(sys.argv[1]).units:
    if u.hasplural():
        print(u.getid().split("ui:")[-1], len(u.target.strings), u.source.strings[-1], "|".join(u.target.strings), sep="\t")
"#;

#[test]
fn plural_ui_strings_travel_in_xliff_groups_the_translate_toolkit_reads() {
    let dir = site_with_korean();
    let site = dir.path();
    for lang in ["ar", "ko"] {
        ok(
            site,
            &[
                "translations",
                "export",
                "--lang",
                lang,
                "--format",
                "xliff",
            ],
        );
        let file = site.join(format!("translations/{lang}.xlf"));
        assert_valid_xliff(&file);
        let read = python(READ, &[&file.display().to_string()]);
        let count = read.lines().find(|l| l.starts_with("advisory_count\t"));
        let count = count.unwrap_or_else(|| panic!("no plural advisory_count in {read}"));
        let wanted = if lang == "ar" {
            "advisory_count\t6\t{count} advisories\tلا توجد تحذيرات|تحذير واحد|تحذيران|{count} تحذيرات|{count} تحذيرًا|{count} تحذير"
        } else {
            "advisory_count\t1\t{count} advisory\t경고 {count}건"
        };
        assert_eq!(count, wanted);
    }

    let path = site.join("translations/ko.xlf");
    let exported = std::fs::read_to_string(&path).unwrap();
    let old = "<target state=\"translated\">경고 {count}건</target>";
    assert_eq!(exported.matches(old).count(), 1, "{exported}");
    let line = exported[..exported.find(old).unwrap()].lines().count();
    let dropped = exported.replace(old, "<target state=\"translated\">경고 여러 건</target>");
    std::fs::write(&path, dropped).unwrap();
    let refused = run_in(site, &["translations", "import", "translations/ko.xlf"]);
    let printed = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{printed}");
    assert!(
        printed.contains("ui:advisory_count: plural form `other`: the placeholder `{count}`"),
        "{printed}"
    );
    let group = exported[..exported.find(old).unwrap()]
        .rfind("<group")
        .map(|at| exported[..at].lines().count())
        .unwrap();
    assert!(
        printed.contains(&format!("ko.xlf:{group}:")),
        "line {group} (target at {line}): {printed}"
    );
    assert!(!site.join("themes/default/i18n/ko.yaml").exists());

    let filled = exported.replace(
        old,
        "<target state=\"translated\">{count}개의 경고</target>",
    );
    std::fs::write(&path, filled).unwrap();
    ok(site, &["translations", "import", "translations/ko.xlf"]);
    let ui = std::fs::read_to_string(site.join("themes/default/i18n/ko.yaml")).unwrap();
    assert!(ui.contains("  other: \"{count}개의 경고\""), "{ui}");
    let again = ok(site, &["translations", "import", "translations/ko.xlf"]).stderr;
    assert!(!again.contains("Wrote"), "{again}");
}
