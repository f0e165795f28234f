//! The translators' own tools the tests check translation files with: Python's polib and the
//! Translate Toolkit (from `.test-venv`), GNU `msgfmt` and `xmllint`; and filling a PO file with
//! polib as a translator's editor would.

use std::path::Path;

use super::{repository, tool};

/// The test venv's Python, with polib and the Translate Toolkit
/// (`bash scripts/install-test-deps.sh` makes it).
pub const PYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");

/// Runs the Python `script` with `args` (`sys.argv[1:]`) and returns what it printed.
pub fn python(script: &str, args: &[&str]) -> String {
    let mut all = vec!["-c", script];
    all.extend(args);
    tool(PYTHON, &all)
}

/// Asserts that GNU `msgfmt --check` accepts the PO file `po`.
pub fn msgfmt_check(po: &Path) {
    let shown = po.display().to_string();
    tool(
        "msgfmt",
        &["--check", "--statistics", "-o", "/dev/null", &shown],
    );
}

/// Asserts that the XLIFF file `file` validates against the OASIS XLIFF 1.2 strict schema.
pub fn assert_valid_xliff(file: &Path) {
    let schema = repository().join("tests/schemas/xliff-core-1.2-strict.xsd");
    let args = [
        "--noout",
        "--nonet",
        "--schema",
        &schema.display().to_string(),
        &file.display().to_string(),
    ];
    tool("xmllint", &args);
}

/// How `fill_po` translates a PO file.
pub enum Fill<'a> {
    /// These `(context, translation)` pairs, each entry also losing its `fuzzy` flag; every
    /// context must be in the file.
    Entries(&'a [(&'a str, &'a str)]),
    /// Every untranslated entry but those with these contexts, in Korean: "번역" and the entry's
    /// numbers, links (their text replaced), placeholders and code, as the import requires them
    /// kept.
    KoreanAllBut(&'a [&'a str]),
}

/// Sets the translation of the entries given as `context=text` arguments and saves the file.
const FILL_ENTRIES: &str = r#"
import sys, polib
po = polib.pofile(sys.argv[1])
wanted = dict(a.split("=", 1) for a in sys.argv[2:])
for e in po:
    if e.msgctxt in wanted:
        e.msgstr = wanted.pop(e.msgctxt)
        e.flags = [f for f in e.flags if f != "fuzzy"]
assert not wanted, wanted
po.save()
"#;

/// Fills every untranslated entry but those whose contexts are the arguments, as
/// `Fill::KoreanAllBut` says; prints the skipped entries' source texts.
const FILL_KOREAN: &str = r#"
import re, sys, polib
po = polib.pofile(sys.argv[1])
skip = sys.argv[2:]
kept = re.compile(r'!?\[[^\]]*\]\([^)]*\)|\{[a-z_]+\}|\+?\d[\d\-.,:/]*\d|\d|<[^>]+>|`[^`]*`|https?://\S+')
def korean(text):
    parts = [re.sub(r'^(!?)\[[^\]]*\]', r'\1[링크]', m.group(0)) for m in kept.finditer(text)]
    return " ".join(["번역"] + parts)
for e in po:
    if e.msgctxt in skip:
        print(e.msgid)
    elif e.msgid_plural:
        for k in e.msgstr_plural:
            e.msgstr_plural[k] = korean(e.msgid_plural)
    elif not e.msgstr:
        e.msgstr = korean(e.msgid)
po.save()
"#;

/// Translates the PO file `po` with polib as `fill` says, asserts that `msgfmt --check` still
/// accepts it, and returns the source texts of the entries skipped (in file order).
pub fn fill_po(po: &Path, fill: Fill) -> Vec<String> {
    let (script, args): (&str, Vec<String>) = match fill {
        Fill::Entries(pairs) => (
            FILL_ENTRIES,
            pairs.iter().map(|(c, t)| format!("{c}={t}")).collect(),
        ),
        Fill::KoreanAllBut(skip) => (FILL_KOREAN, skip.iter().map(|s| s.to_string()).collect()),
    };
    let shown = po.display().to_string();
    let mut all = vec![shown.as_str()];
    all.extend(args.iter().map(String::as_str));
    let printed = python(script, &all);
    msgfmt_check(po);
    printed.lines().map(str::to_owned).collect()
}
