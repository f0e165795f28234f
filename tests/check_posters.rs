//! `check` and posters: a poster that must leave parts out to fit is reported by `check`; with
//! `--no-posters` nothing is typeset and the summary says the posters were not checked; after a
//! build, `check` reuses the build's unchanged posters (its poster cache) and reports exactly
//! what it reports without them. A poster's PNG preview is drawn only for a sink that reads it
//! (`check`'s records only that it exists).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use redflag::check::{CheckOptions, PosterCheck, PosterCounts, run_check_report};
use redflag::output::Sink;

const SITE: &str = r#"
title = "Scam Alert"
base_url = "https://alerts.example.org"
default_language = "en"
[languages.en]
name = "English"
[posters]
sizes = ["letter"]
"#;

const CONTACTS: &str = "emergency:\n  name: Emergency\n  kind: emergency\n  phone: \"911\"\n  source: { url: \"https://www.tps.ca/\", checked: 2026-01-01 }\n";

const TAXONOMIES: &str = "scam_types: {}\naudiences: {}\nregions:\n  calgary: { en: Calgary }\n";

/// A YAML list of `n` numbered copies of `text`.
fn list(key: &str, n: usize, text: &str) -> String {
    let lines: String = (1..=n).map(|i| format!("  - \"{i}. {text}\"\n")).collect();
    format!("{key}:\n{lines}")
}

/// A one-advisory site whose poster fits on one page only when its prevention tips are left out.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let folder = root.join("content/advisories/full");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(root.join("site.toml"), SITE).unwrap();
    std::fs::write(root.join("content/contacts.yaml"), CONTACTS).unwrap();
    std::fs::write(root.join("content/taxonomies.yaml"), TAXONOMIES).unwrap();
    let flag = "The caller says they are from the police and that you are in trouble with the law.";
    let tip = "Hang up and call the police yourself, at a number you looked up on their website, \
               never at one the caller gives you, however urgent the caller makes it sound.";
    let lists = list("red_flags", 6, flag)
        + &list("prevention", 5, tip)
        + "if_targeted:\n  - Call the police. Do not send money.\n";
    let index = format!(
        "---\ntitle: Fits when smaller\nsummary: A summary.\ndate: 2024-01-01\nseverity: high\nregions: [calgary]\ncontacts:\n  - emergency\n{lists}---\nBody.\n"
    );
    std::fs::write(folder.join("index.md"), index).unwrap();
    dir
}

/// Runs the binary inside `root` (relative paths, as a user does); returns stdout and stderr.
fn redflag(root: &Path, args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(args)
        .current_dir(root)
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (text(&output.stdout), text(&output.stderr))
}

#[test]
fn check_reports_what_a_poster_leaves_out_unless_posters_are_skipped() {
    let site = site();
    let root = site.path();
    let (json, _) = redflag(root, &["check", "--format", "json"]);
    assert!(
        json.contains("\"RF042\"") && json.contains("poster-en-letter.pdf"),
        "the poster's fit problem is reported: {json}"
    );

    let (json, _) = redflag(root, &["check", "--format", "json", "--no-posters"]);
    assert!(!json.contains("\"RF042\""), "nothing typeset: {json}");
    let (_, human) = redflag(root, &["check", "--no-posters"]);
    assert!(
        human.contains("1 poster not checked (--no-posters): whether it fits is not known."),
        "{human}"
    );
    let (_, human) = redflag(root, &["check"]);
    assert!(!human.contains("not checked"), "{human}");
}

#[test]
fn check_after_a_build_reuses_its_posters_and_reports_the_same() {
    let site = site();
    let root = site.path();
    let (cold, _) = redflag(root, &["check", "--format", "json"]);
    assert!(cold.contains("\"RF042\""), "{cold}");
    let (_, built) = redflag(root, &["build"]);
    assert!(
        root.join("public/.redflag-posters.json").is_file(),
        "{built}"
    );
    let (warm, _) = redflag(root, &["check", "--format", "json"]);
    assert_eq!(warm, cold, "the same diagnostics with the build's posters");

    let options = |posters| CheckOptions {
        root: root.to_path_buf(),
        today: jiff::civil::date(2024, 1, 2),
        external: None,
        posters,
    };
    let fresh = run_check_report(&options(PosterCheck::default()));
    let cached = run_check_report(&options(PosterCheck::Typeset(Some(root.join("public")))));
    assert_eq!(
        fresh.posters,
        PosterCounts {
            typeset: 1,
            ..PosterCounts::default()
        }
    );
    assert_eq!(
        cached.posters,
        PosterCounts {
            reused: 1,
            ..PosterCounts::default()
        },
        "the build's poster is reused, not typeset again"
    );
    assert_eq!(cached.diagnostics, fresh.diagnostics);
}

/// A sink that keeps every file written and reads PNG files only when `reads_previews`.
struct Files {
    reads_previews: bool,
    written: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for Files {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut written = self.written.lock().unwrap();
        written.insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }

    fn reads(&self, path: &str) -> bool {
        self.reads_previews || !path.ends_with(".png")
    }
}

#[test]
fn a_posters_preview_is_drawn_only_for_a_sink_that_reads_it() {
    let site = site();
    let prepared = redflag::build::load(site.path(), &redflag::content::LoadOptions::default())
        .expect("the site loads");
    for reads_previews in [true, false] {
        let sink = Files {
            reads_previews,
            written: Mutex::default(),
        };
        redflag::build::write_posters(
            &prepared,
            (&prepared.posters, &[]),
            &redflag::poster::NoCache,
            &sink,
        )
        .expect("the poster is made");
        let written = sink.written.into_inner().unwrap();
        let pdf = &written["advisories/full/poster-en-letter.pdf"];
        let png = &written["advisories/full/poster-en-letter.png"];
        assert!(pdf.starts_with(b"%PDF-"), "the PDF is always made");
        if reads_previews {
            let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
            let info = decoder.read_info().expect("a PNG preview").info().clone();
            assert!(info.width > 100 && info.height > 100, "{info:?}");
        } else {
            assert!(png.is_empty(), "a preview nobody reads is not drawn");
        }
    }
}
