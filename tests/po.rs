//! Translations without git (`translations export` / `import`), run as the binary from inside a
//! copy of the example site, and checked with the translators' own tools: every PO file passes
//! GNU `msgfmt --check` and loads in Python's polib, `pofilter` finds nothing wrong in the
//! example's shipped files, every XLIFF file validates against the OASIS XLIFF 1.2 schema.
//! A round trip with every text "translated" as itself gives back the source, an untouched
//! export imports without writing a byte, a stale translation exports fuzzy with the previous
//! source text, and each kind of bad translation is refused with its PO line, writing nothing.

use std::path::{Path, PathBuf};

use redflag::translations::po;

use crate::support::example::copy_of_example_without_typesetting;
use crate::support::translators::{assert_valid_xliff, msgfmt_check, python};
use crate::support::{git, ok, repository, run_in, tool};

const CALGARY: &str = "content/advisories/virtual-kidnapping-calgary";

/// A copy of the example with Korean added as a language.
pub(crate) fn site_with_korean() -> tempfile::TempDir {
    let dir = copy_of_example_without_typesetting("");
    let path = dir.path().join("site.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    config.push_str("\n[languages.ko]\nname = \"한국어\"\n");
    std::fs::write(&path, config).unwrap();
    dir
}

fn read_po(path: &Path) -> po::Catalog {
    po::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every file under `content/`, with its bytes.
fn snapshot(site: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_text_translated_as_itself_gives_back_the_source_and_a_second_import_writes_nothing() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let mut catalog = read_po(&path);
    let advisories = |e: &&mut po::Entry| !e.context.split('/').next().unwrap().contains(':');
    assert!(
        catalog
            .entries
            .iter_mut()
            .filter(advisories)
            .all(|e| e.translation.is_empty())
    );
    for entry in catalog.entries.iter_mut().filter(advisories) {
        entry.translation = entry.source.clone();
    }
    std::fs::write(&path, po::write(&catalog)).unwrap();
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert_eq!(printed.matches("(new)").count(), 3, "{printed}");
    let loaded = redflag::content::load_site(site, &Default::default()).unwrap();
    for advisory in &loaded.advisories {
        let (source, ko) = (advisory.source(), &advisory.texts["ko"]);
        assert_eq!(ko.source_digest.as_deref(), Some(advisory.digest.as_str()));
        assert_eq!(ko.title, source.title);
        assert_eq!(ko.summary, source.summary);
        assert_eq!(ko.red_flags, source.red_flags);
        assert_eq!(ko.prevention, source.prevention);
        assert_eq!(ko.if_targeted, source.if_targeted);
        assert_eq!(ko.poster_headline, source.poster_headline);
        let canonical = redflag::blocks::canonical;
        assert_eq!(
            canonical(&ko.body),
            canonical(&source.body),
            "{}",
            advisory.slug
        );
    }
    let before = snapshot(site);
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert_eq!(printed.matches("Unchanged").count(), 3, "{printed}");
    assert_eq!(snapshot(site), before);
}

#[test]
fn an_untouched_export_of_the_example_imports_without_changing_a_byte() {
    let dir = copy_of_example_without_typesetting("");
    let site = dir.path();
    let before = snapshot(site);
    for lang in ["fr", "zh-Hans", "ar"] {
        ok(site, &["translations", "export", "--lang", lang]);
        let file = format!("translations/{lang}.po");
        let printed = ok(site, &["translations", "import", &file]).stderr;
        assert!(!printed.contains("Wrote"), "{lang}: {printed}");
    }
    assert_eq!(snapshot(site), before);
}

/// A PO file without its `X-Source-Revision` header line (the commit it was exported at).
fn without_revision(po: &str) -> String {
    po.lines()
        .filter(|l| !l.starts_with("\"X-Source-Revision:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_shipped_po_files_are_a_fresh_export_of_the_example() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    for lang in ["fr", "zh-Hans", "ar"] {
        ok(
            &repository(),
            &["translations", "export", "--lang", lang, "--out", out_arg],
        );
        let shipped = repository().join(format!("translations/{lang}.po"));
        let shipped = std::fs::read_to_string(&shipped).unwrap();
        let fresh = std::fs::read_to_string(out.path().join(format!("{lang}.po"))).unwrap();
        assert!(
            shipped.contains("\"X-Source-Revision:"),
            "{lang}.po has no source revision"
        );
        assert_eq!(
            without_revision(&shipped),
            without_revision(&fresh),
            "translations/{lang}.po is out of date: re-export it inside the repository with \
             `redflag translations export --lang {lang}`"
        );
    }
    let shipped: Vec<_> = std::fs::read_dir(repository().join("translations"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        shipped.len(),
        3,
        "unexpected files in translations/: {shipped:?}"
    );
}

#[test]
fn exported_files_pass_msgfmt_and_load_in_polib() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export"]);
    for lang in ["fr", "zh-Hans", "ar", "ko"] {
        ok(site, &["translations", "export", "--lang", lang]);
        ok(
            site,
            &[
                "translations",
                "export",
                "--lang",
                lang,
                "--split",
                "--out",
                "split",
            ],
        );
    }
    let mut files: Vec<PathBuf> = ["translations", "split"]
        .iter()
        .flat_map(|d| std::fs::read_dir(site.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // A template, one file per language, and per language one per advisory and `_site`.
    assert_eq!(files.len(), 1 + 4 + 4 * 4, "{files:?}");
    for file in &files {
        let shown = file.display().to_string();
        msgfmt_check(file);
        let catalog = read_po(file);
        let fuzzy = catalog.entries.iter().filter(|e| e.fuzzy).count();
        let script = "import polib, sys\n\
                      p = polib.pofile(sys.argv[1])\n\
                      print(len(p), len(p.fuzzy_entries()), p.metadata.get('Language', ''))";
        let loaded = python(script, &[&shown]);
        let language = catalog.header_field("Language").unwrap_or_default();
        assert_eq!(
            loaded.trim(),
            format!("{} {fuzzy} {language}", catalog.entries.len()).trim(),
            "{shown}"
        );
    }
    let fr = std::fs::read_to_string(site.join("translations/fr.po")).unwrap();
    assert!(fr.contains("msgctxt \"virtual-kidnapping-calgary/red_flags/2\""));
    assert!(fr.contains("#: content/advisories/virtual-kidnapping-calgary/index.md:"));
    assert!(fr.contains("\"Language: fr\\n\""));
    assert!(fr.contains("\"Plural-Forms: nplurals=3;"));
}

#[test]
fn pofilter_finds_no_errors_in_the_example_translations() {
    let shipped = repository().join("translations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&shipped)
        .expect("the example ships translations/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "po"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    let out = tempfile::tempdir().unwrap();
    let pofilter = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/pofilter");
    for file in files {
        let report = out.path().join("report.po");
        let mut args: Vec<String> = Vec::new();
        // Not `numbers` (it counts every digit, so "May 5" → "5月5日" is an error; the import
        // checks phone numbers and other long numbers itself) nor `brackets` (full-width
        // Chinese parentheses, prose that adds or drops a parenthesis).
        for test in [
            "urls",
            "emails",
            "xmltags",
            "escapes",
            "startwhitespace",
            "endwhitespace",
            "doublespacing",
            "printf",
            "variables",
        ] {
            args.extend(["-t".to_owned(), test.to_owned()]);
        }
        args.push(file.display().to_string());
        args.push(report.display().to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tool(pofilter, &args);
        // A list separator's whitespace is the language's own ("、" for ", ").
        let found: String = std::fs::read_to_string(&report)
            .unwrap_or_default()
            .split("\n\n")
            .filter(|entry| !entry.contains("msgctxt \"ui:list_separator\""))
            .collect::<Vec<_>>()
            .join("\n\n");
        assert!(
            !found.contains("(pofilter)"),
            "pofilter found problems in {}:\n{found}",
            file.display()
        );
    }
}

/// A site in git whose Calgary title changed after its French translation was made.
fn site_with_stale_french_title(in_git: bool) -> tempfile::TempDir {
    let dir = copy_of_example_without_typesetting("");
    let site = dir.path();
    if in_git {
        git(site, &["init", "-q"]);
        git(site, &["add", "."]);
        git(site, &["commit", "-q", "-m", "first"]);
    }
    let source = site.join(CALGARY).join("index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    let text = text.replace(
        "title: Virtual kidnapping scam targets international students",
        "title: Virtual kidnapping calls target international students",
    );
    std::fs::write(&source, text).unwrap();
    if in_git {
        git(site, &["commit", "-q", "-am", "new title"]);
    }
    dir
}

#[test]
fn a_stale_translation_exports_fuzzy_with_the_previous_source_text() {
    let dir = site_with_stale_french_title(true);
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "fr"]);
    let catalog = read_po(&site.join("translations/fr.po"));
    let entry = |context: &str| {
        catalog
            .entries
            .iter()
            .find(|e| e.context == context)
            .unwrap()
            .clone()
    };
    let title = entry("virtual-kidnapping-calgary/title");
    assert!(title.fuzzy);
    assert_eq!(
        title.previous.as_deref(),
        Some("Virtual kidnapping scam targets international students")
    );
    assert!(title.translation.starts_with("Une arnaque"));
    let summary = entry("virtual-kidnapping-calgary/summary");
    assert!(!summary.fuzzy && !summary.translation.is_empty());
    let script = "import polib, sys\n\
                  p = polib.pofile(sys.argv[1])\n\
                  e = [x for x in p if x.msgctxt == 'virtual-kidnapping-calgary/title'][0]\n\
                  print(e.fuzzy, e.previous_msgid)";
    let po = site.join("translations/fr.po").display().to_string();
    let loaded = python(script, &[&po]);
    assert_eq!(
        loaded.trim(),
        "True Virtual kidnapping scam targets international students",
        "{loaded:?}"
    );
    // Importing it unchanged keeps the translation marked stale: nothing is written.
    let before = snapshot(site);
    ok(site, &["translations", "import", "translations/fr.po"]);
    assert_eq!(snapshot(site), before);

    let dir = site_with_stale_french_title(false);
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "fr"]);
    let catalog = read_po(&site.join("translations/fr.po"));
    let title = catalog
        .entries
        .iter()
        .find(|e| e.context == "virtual-kidnapping-calgary/title")
        .unwrap();
    assert!(title.fuzzy && title.previous.is_none());
    assert!(
        title
            .notes
            .iter()
            .any(|n| n.contains("git history does not have"))
    );
}

/// Exports Korean, translates the Calgary advisory's texts with `edit`, and returns the site,
/// the PO file's text and the line of the entry `context`.
fn bad_import(context: &str, edit: impl Fn(&mut po::Entry)) -> (tempfile::TempDir, String) {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let mut catalog = read_po(&path);
    let mut edited = usize::MAX;
    for (i, entry) in catalog.entries.iter_mut().enumerate() {
        entry.translation = entry.source.clone();
        if entry.context == context {
            edit(entry);
            edited = i;
        }
    }
    let text = po::write(&catalog);
    std::fs::write(&path, &text).unwrap();
    let line = po::parse(&text).unwrap().entries[edited].line;
    (dir, format!("translations/ko.po:{line}: error: "))
}

fn refused(site: &Path, file: &str, wanted: &[&str]) {
    let before = snapshot(site);
    let output = run_in(site, &["translations", "import", file]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for needle in wanted {
        assert!(stderr.contains(needle), "`{needle}` in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(site), before);
}

/// A context, what the error must say, and how the translation is spoiled.
type Case = (&'static str, &'static str, fn(&mut po::Entry));

#[test]
fn bad_translations_are_refused_with_their_po_line_and_nothing_is_written() {
    let cases: [Case; 4] = [
        (
            "police-impersonation-calls-toronto/if_targeted/2",
            "number",
            |e| e.translation = e.translation.replacen("416-808-2222", "416-808-2223", 1),
        ),
        ("virtual-kidnapping-calgary/summary", "link target", |e| {
            e.source = "See [the release](https://example.org/a).".into();
            e.translation = "Voir le communiqué.".into();
        }),
        ("virtual-kidnapping-calgary/body/1", "`<script>`", |e| {
            e.translation.push_str(" <script>alert(1)</script>");
        }),
        ("virtual-kidnapping-calgary/title", "unknown context", |e| {
            e.context = "virtual-kidnapping-calgary/titel".into();
        }),
    ];
    for (context, wanted, edit) in cases {
        let (dir, at) = bad_import(context, edit);
        refused(dir.path(), "translations/ko.po", &[&at, wanted]);
    }
}

#[test]
fn a_wrong_language_header_or_encoding_is_refused() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("\"Language:"))
        .unwrap()
        + 1;
    std::fs::write(
        &path,
        text.replace("\"Language: ko\\n\"", "\"Language: fr\\n\""),
    )
    .unwrap();
    refused(
        site,
        "translations/ko.po",
        &[
            &format!("translations/ko.po:{line}: error: "),
            "named for `ko`",
        ],
    );
    std::fs::write(
        &path,
        text.replace("\"Language: ko\\n\"", "\"Language: de\\n\""),
    )
    .unwrap();
    refused(site, "translations/ko.po", &["not a language of this site"]);
    let mut latin1 = text.into_bytes();
    let at = latin1.windows(4).position(|w| w == b"msgs").unwrap();
    let line = latin1[..at].iter().filter(|b| **b == b'\n').count() + 1;
    latin1.splice(at..at, [0xe9]);
    std::fs::write(&path, latin1).unwrap();
    refused(
        site,
        "translations/ko.po",
        &[&format!("translations/ko.po:{line}: error: "), "not UTF-8"],
    );
}

#[test]
fn a_fuzzy_text_of_a_new_translation_is_left_out_with_a_note() {
    let dir = site_with_korean();
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "ko"]);
    let path = site.join("translations/ko.po");
    let mut catalog = read_po(&path);
    for entry in catalog.entries.iter_mut() {
        entry.translation = entry.source.clone();
        entry.fuzzy = entry.context == "virtual-kidnapping-calgary/title";
    }
    std::fs::write(&path, po::write(&catalog)).unwrap();
    let printed = ok(site, &["translations", "import", "translations/ko.po"]).stderr;
    assert!(
        printed.contains("virtual-kidnapping-calgary: 1 fuzzy text(s) left out"),
        "{printed}"
    );
    let loaded = redflag::content::load_site(site, &Default::default()).unwrap();
    for advisory in &loaded.advisories {
        let ko = &advisory.texts["ko"];
        let calgary = advisory.slug == "virtual-kidnapping-calgary";
        assert_eq!(ko.title.is_none(), calgary, "{}", advisory.slug);
        assert_eq!(ko.summary, advisory.source().summary, "{}", advisory.slug);
    }
}

#[test]
fn a_translation_edited_by_hand_since_the_export_is_replaced_only_with_force() {
    let dir = copy_of_example_without_typesetting("");
    let site = dir.path();
    ok(site, &["translations", "export", "--lang", "fr"]);
    let path = site.join("translations/fr.po");
    let mut catalog = read_po(&path);
    let title = catalog
        .entries
        .iter_mut()
        .find(|e| e.context == "virtual-kidnapping-calgary/title")
        .unwrap();
    title.translation = "Arnaque à l'enlèvement virtuel".into();
    std::fs::write(&path, po::write(&catalog)).unwrap();
    let file = site.join(CALGARY).join("index.fr.md");
    let edited = std::fs::read_to_string(&file).unwrap() + "\nUne phrase ajoutée à la main.\n";
    std::fs::write(&file, &edited).unwrap();
    refused(
        site,
        "translations/fr.po",
        &["was changed since this file was exported"],
    );
    let printed = ok(
        site,
        &["translations", "import", "--force", "translations/fr.po"],
    )
    .stderr;
    assert!(printed.contains("index.fr.md (updated)"), "{printed}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("title: \"Arnaque à l'enlèvement virtuel\""));
    // Imported once, the file may be replaced by the next import of the same PO file.
    let again = ok(site, &["translations", "import", "translations/fr.po"]).stderr;
    assert!(again.contains("Unchanged"), "{again}");
}

#[test]
fn xliff_exports_validate_against_the_oasis_schema_and_import_like_po() {
    let dir = site_with_stale_french_title(true);
    let site = dir.path();
    for lang in ["fr", "ar"] {
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
    }
    ok(site, &["translations", "export", "--format", "xliff"]);
    for name in ["fr.xlf", "ar.xlf", "redflag.xlf"] {
        assert_valid_xliff(&site.join("translations").join(name));
    }
    let fr = std::fs::read_to_string(site.join("translations/fr.xlf")).unwrap();
    assert!(fr.contains("state=\"needs-review-translation\""));
    assert!(fr.contains("Previous source: Virtual kidnapping scam targets international students"));
    assert!(fr.contains("state=\"translated\""));
    let before = snapshot(site);
    let printed = ok(site, &["translations", "import", "translations/fr.xlf"]).stderr;
    assert!(printed.contains("Unchanged"), "{printed}");
    assert_eq!(snapshot(site), before);
}
