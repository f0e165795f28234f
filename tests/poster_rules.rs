//! Poster rules, each on a small site made for it: what a full poster leaves out is reported
//! (build summary and `check`; an error on request, or when the action is lost); an institution
//! poster needs an emergency number; long unbreakable text wraps, and text that still runs off
//! the page, an over-full poster and uncovered characters are errors naming the field; author
//! text is never evaluated; the poster cache never republishes a damaged file.
//!
//! Needs poppler-utils and qpdf (`scripts/install-test-deps.sh`).

use std::path::{Path, PathBuf};

use redflag::build::{BuildError, BuildOptions, BuildReport, build};
use redflag::check::{CheckOptions, run_check};
use redflag::diagnostics::{Code, Diagnostic, Severity};

use crate::support::pdf::{holds, page_count, squash, text_of, tool};

const POSTER: &str = "advisories/test-advisory/poster-en-letter.pdf";

const SITE: &str = r#"
title = "Scam Alert"
base_url = "https://alerts.example.org"
default_language = "en"
[languages.en]
name = "English"
[languages.fr]
name = "Français"
[posters]
sizes = ["letter"]
tear_off = true
"#;

const CONTACTS: &str = r#"
emergency:
  name: Emergency
  kind: emergency
  phone: "911"
  source: { url: "https://www.tps.ca/", checked: 2026-01-01 }
campus:
  name: Campus Security
  kind: police
  phone: "+1 403-555-0142"
"#;

const TAXONOMIES: &str = "scam_types: {}\naudiences: {}\nregions:\n  calgary: { en: Calgary }\n";

fn today() -> jiff::civil::Date {
    jiff::civil::date(2024, 1, 1)
}

/// A YAML list of `items`, one per line.
fn list(key: &str, items: &[String]) -> String {
    let lines: String = items
        .iter()
        .map(|i| format!("  - {}\n", serde_json::to_string(i).unwrap()))
        .collect();
    format!("{key}:\n{lines}")
}

/// A one-advisory site: `SITE` with `config` appended (it lands in `[posters]` unless it opens a
/// table), and an advisory whose front matter ends with `extra` (lists, `poster:` …).
fn site_with(config: &str, title: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("site.toml"), format!("{SITE}{config}")).unwrap();
    std::fs::create_dir_all(root.join("content/advisories/test-advisory")).unwrap();
    std::fs::write(root.join("content/contacts.yaml"), CONTACTS).unwrap();
    std::fs::write(root.join("content/taxonomies.yaml"), TAXONOMIES).unwrap();
    let title = serde_json::to_string(title).unwrap();
    let index = format!(
        "---\ntitle: {title}\nsummary: A summary.\ndate: 2024-01-01\nseverity: high\nregions: [calgary]\ncontacts:\n  - emergency\n  - campus\n{extra}---\nBody.\n"
    );
    std::fs::write(
        root.join("content/advisories/test-advisory/index.md"),
        index,
    )
    .unwrap();
    dir
}

/// A site whose advisory has these red flags and one prevention tip.
fn small_site(title: &str, red_flags: &[String]) -> tempfile::TempDir {
    let extra = list("red_flags", red_flags) + &list("prevention", &["Hang up.".to_owned()]);
    site_with("", title, &extra)
}

fn build_site(root: &Path) -> (Result<BuildReport, BuildError>, PathBuf) {
    let out = root.join("public");
    let result = build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        today: today(),
        wait: redflag::output::Wait::No,
    });
    (result, out)
}

fn build_errors(root: &Path) -> Vec<Diagnostic> {
    match build_site(root).0 {
        Err(BuildError::Content(diagnostics)) => diagnostics,
        other => panic!("the build must fail: {other:?}"),
    }
}

fn check(root: &Path) -> Vec<Diagnostic> {
    run_check(&CheckOptions {
        root: root.to_path_buf(),
        today: today(),
        external: None,
        posters: Default::default(),
    })
}

/// `n` numbered copies of `text`.
fn many(n: usize, text: &str) -> Vec<String> {
    (1..=n).map(|i| format!("{i}. {text}")).collect()
}

#[test]
fn an_overflowing_advisory_is_a_clear_error_naming_the_field() {
    let long = "The caller says a great many things that go on and on, in long sentences that \
                do not stop, and asks you to keep listening for hours without telling anyone.";
    let site = small_site("Too much to say", &many(30, long));
    let diagnostics = build_errors(site.path());
    let d = diagnostics
        .iter()
        .find(|d| d.code == Code::Poster)
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert!(d.message.contains("does not fit on one page"), "{d:?}");
    assert!(d.message.contains("of `red_flags` is too long"), "{d:?}");
    assert!(
        d.file
            .ends_with("content/advisories/test-advisory/index.md"),
        "{d:?}"
    );
    assert!(!site.path().join("public").exists(), "nothing is written");
}

#[test]
fn a_site_title_that_fills_the_poster_is_named_in_site_toml() {
    let title = "Scam Alert of the Campus Safety and International Student Services Office ";
    let site = site_with(
        "",
        "Scam",
        &(list("red_flags", &many(6, "The caller asks for money."))
            + &list("prevention", &["Hang up.".to_owned()])),
    );
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let config = config.replacen(
        "title = \"Scam Alert\"",
        &format!("title = \"{}\"", title.repeat(14).trim_end()),
        1,
    );
    std::fs::write(site.path().join("site.toml"), config).unwrap();
    let diagnostics = build_errors(site.path());
    let d = diagnostics
        .iter()
        .find(|d| d.code == Code::Poster && d.file.ends_with("site.toml"))
        .unwrap_or_else(|| panic!("site.toml is named: {diagnostics:?}"));
    assert!(d.message.contains("`title` is too long"), "{d:?}");
    assert_eq!(d.line, 2, "at the title's line: {d:?}");
}

/// An advisory with many long red flags, prevention tips and steps: it fits on one page only
/// when parts are left out.
fn full_advisory(poster: &str) -> String {
    let flag = "The caller says they are from the police and that you are in trouble with the law.";
    let tip = "Hang up and call the police yourself, at a number you looked up on their website, \
               never at one the caller gives you, however urgent the caller makes it sound.";
    list("red_flags", &many(6, flag))
        + &list("prevention", &many(5, tip))
        + &list(
            "if_targeted",
            &["Call the police. Do not send money.".to_owned()],
        )
        + poster
}

#[test]
fn what_a_full_poster_leaves_out_is_reported_in_the_build_summary_and_by_check() {
    let site = site_with("", "Fits when smaller", &full_advisory(""));
    let (result, out) = build_site(site.path());
    let report = result.unwrap_or_else(|e| panic!("{e:?}"));
    let warning = report
        .posters
        .diagnostics
        .iter()
        .find(|d| d.code == Code::PosterLeftOut && d.message.contains(POSTER))
        .unwrap_or_else(|| panic!("reported: {:?}", report.posters.diagnostics));
    assert_eq!(warning.severity, Severity::Warning, "{warning:?}");
    assert!(
        warning.message.contains("the prevention tips"),
        "{warning:?}"
    );
    let pdf = out.join(POSTER);
    assert_eq!(
        page_count(&tool("pdfinfo", &[pdf.to_str().unwrap()])),
        Some("1")
    );
    let text = text_of(&pdf);
    assert!(
        !text.contains("How to protect yourself") && !holds(&text, "never at one the caller", "en"),
        "the prevention tips are left out, as reported:\n{text}"
    );
    assert!(holds(
        &text,
        "6. The caller says they are from the police",
        "en"
    ));
    assert!(
        holds(&text, "Call the police. Do not send money.", "en"),
        "the action stays"
    );
    let checked = check(site.path());
    assert!(
        checked.iter().any(|d| d == warning),
        "check reports the same warning: {checked:?}"
    );

    // The same poster is an error when the site asks for it, and nothing is written.
    let strict = tempfile::tempdir().unwrap();
    crate::support::copy_dir(site.path(), strict.path());
    std::fs::remove_dir_all(strict.path().join("public")).unwrap();
    let config = std::fs::read_to_string(strict.path().join("site.toml")).unwrap();
    std::fs::write(
        strict.path().join("site.toml"),
        config + "drop = \"error\"\n",
    )
    .unwrap();
    let errors = build_errors(strict.path());
    assert!(
        errors
            .iter()
            .any(|d| d.code == Code::PosterLeftOut && d.severity == Severity::Error),
        "{errors:?}"
    );
    assert!(!strict.path().join("public").exists());

    // Parts the advisory allows are listed as information only.
    let allowed = site_with(
        "",
        "Fits when smaller",
        &full_advisory("poster:\n  optional: [summary, prevention]\n"),
    );
    let report = build_site(allowed.path()).0.unwrap();
    assert!(
        report
            .posters
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Info),
        "{:?}",
        report.posters.diagnostics
    );
}

/// The size, in points, of the text on the poster line that starts with `line` (pdftohtml's
/// font of that text, at zoom 3: whole pixels are thirds of a point).
fn size_of_line(pdf: &Path, line: &str) -> f64 {
    let xml = tool(
        "pdftohtml",
        &[
            "-xml",
            "-i",
            "-zoom",
            "3",
            "-stdout",
            "-q",
            pdf.to_str().unwrap(),
        ],
    );
    let attribute = |element: &str, name: &str| -> Option<String> {
        let value = element.split(&format!("{name}=\"")).nth(1)?;
        Some(value.split('"').next()?.to_owned())
    };
    let font = xml
        .split("<text ")
        .skip(1)
        .find(|element| {
            element
                .split_once('>')
                .is_some_and(|(_, t)| t.starts_with(line))
        })
        .and_then(|element| attribute(element, "font"))
        .unwrap_or_else(|| panic!("no line starting with {line:?} in\n{xml}"));
    let size = xml
        .split("<fontspec ")
        .skip(1)
        .find(|spec| attribute(spec, "id").as_deref() == Some(font.as_str()))
        .and_then(|spec| attribute(spec, "size"))
        .and_then(|size| size.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no size for font {font} in\n{xml}"));
    size / 3.0
}

#[test]
fn a_fuller_poster_shrinks_its_type_before_leaving_anything_out() {
    let flag = "The caller says they are from the police and that you are in trouble with the law.";
    let tip = "Hang up and call the police yourself, at a number you looked up on their website.";
    let action = "Call the police. Do not send money.";
    let mut sizes = Vec::new();
    // (red flags, prevention tips): the light poster fits in its largest type; the fuller one
    // does not, and fits in smaller type with nothing left out.
    for (flags, tips) in [(2, 1), (6, 2)] {
        let site = site_with(
            "",
            "Shrinks",
            &(list("red_flags", &many(flags, flag))
                + &list("prevention", &many(tips, tip))
                + &list("if_targeted", &[action.to_owned()])),
        );
        let (result, out) = build_site(site.path());
        let report = result.unwrap_or_else(|e| panic!("{flags} red flags: {e:?}"));
        assert_eq!(
            report.posters.diagnostics,
            [],
            "{flags} red flags: nothing is left out"
        );
        let pdf = out.join(POSTER);
        let text = text_of(&pdf);
        for shown in [
            format!("{flags}. The caller says"),
            format!("{tips}. Hang up and call"),
            action.to_owned(),
        ] {
            assert!(
                holds(&text, &shown, "en"),
                "{flags} red flags: {shown}\n{text}"
            );
        }
        sizes.push(size_of_line(&pdf, "1. The caller says"));
    }
    assert!(
        sizes[1] < sizes[0] - 1.0,
        "the fuller poster sets its red flags smaller ({} pt) than the light one ({} pt)",
        sizes[1],
        sizes[0]
    );
}

/// Steps so long that the poster fits only without "If it has happened to you".
fn advisory_losing_its_action(poster: &str) -> String {
    let step = "Call the police at once, tell them everything the caller said, keep every \
                message, and ask your bank to stop any payment you made in the last days.";
    list(
        "red_flags",
        &many(6, "The caller asks for money in gift cards."),
    ) + &list("prevention", &["Hang up.".to_owned()])
        + &list("if_targeted", &many(14, step))
        + poster
}

#[test]
fn a_poster_that_loses_its_action_is_an_error_unless_the_headline_carries_it() {
    let site = site_with("", "Scam", &advisory_losing_its_action(""));
    let errors = build_errors(site.path());
    let d = errors
        .iter()
        .find(|d| d.code == Code::PosterLeftOut)
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("'If it has happened to you'"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or("").contains("action: true"),
        "{d:?}"
    );

    let marked = site_with(
        "",
        "Scam",
        &advisory_losing_its_action(
            "poster:\n  headline: \"Asked for gift cards? Hang up. Call police.\"\n  action: true\n",
        ),
    );
    let (result, out) = build_site(marked.path());
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let text = text_of(&out.join(POSTER));
    assert!(
        holds(&text, "Asked for gift cards? Hang up. Call police.", "en"),
        "{text}"
    );
}

#[test]
fn an_institution_poster_without_an_emergency_number_is_an_error_at_the_institution() {
    let institution = "\n[[institutions]]\nid = \"northgate\"\nname = \"Northgate College\"\nregions = [\"calgary\"]\nlanguages = [\"en\"]\ncontacts = [\"campus\"]\n";
    let without = site_with(
        institution,
        "Scam",
        &(list("red_flags", &["A call.".to_owned()])
            + &list("prevention", &["Hang up.".to_owned()])),
    );
    // The advisory lists 911 too: take it out, so that the institution's poster has none.
    let index = without
        .path()
        .join("content/advisories/test-advisory/index.md");
    let text = std::fs::read_to_string(&index)
        .unwrap()
        .replace("  - emergency\n", "");
    std::fs::write(&index, text).unwrap();
    let errors = build_errors(without.path());
    let d = errors
        .iter()
        .find(|d| d.file.ends_with("site.toml"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(d.code, Code::Poster);
    assert!(d.message.contains("no emergency number"), "{d:?}");
    let config = std::fs::read_to_string(without.path().join("site.toml")).unwrap();
    let id_line = config.lines().position(|l| l.starts_with("id = ")).unwrap() + 1;
    assert_eq!(d.line, id_line, "at the institution's id: {d:?}");

    let with = without.path();
    std::fs::write(
        with.join("site.toml"),
        config.replace(
            "contacts = [\"campus\"]",
            "contacts = [\"emergency\", \"campus\"]",
        ),
    )
    .unwrap();
    let (result, out) = build_site(with);
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let text = text_of(&out.join("posters/northgate/test-advisory-letter.pdf"));
    let first_number = text
        .split(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
        .find(|t| t.chars().filter(char::is_ascii_digit).count() >= 3);
    assert_eq!(first_number, Some("911"), "{text}");
}

#[test]
fn a_wallet_address_in_a_headline_wraps_inside_the_page() {
    let wallet = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
    let headline = format!("Never pay to {wallet}. Hang up.");
    let site = site_with(
        "",
        "Scam",
        &(list("red_flags", &["A call.".to_owned()])
            + &list("prevention", &["Hang up.".to_owned()])
            + &format!("poster:\n  headline: \"{headline}\"\n")),
    );
    let (result, out) = build_site(site.path());
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let pdf = out.join(POSTER);
    let text = text_of(&pdf);
    assert!(
        squash(&text).contains(wallet),
        "the whole address is printed:\n{text}"
    );
    // Every word, as pdftotext places it, lies within the page (612 pt wide) and a quarter inch
    // from its edges.
    let words = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut checked = 0;
    for word in words.split("<word ").skip(1) {
        let number = |name: &str| -> f64 {
            word.split(&format!("{name}=\""))
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let (x_min, x_max) = (number("xMin"), number("xMax"));
        assert!(
            x_min >= 17.5 && x_max <= 612.0 - 17.5,
            "a word runs off the page ({x_min}..{x_max}): {word}"
        );
        checked += 1;
    }
    assert!(checked > 20, "{words}");
}

#[test]
fn text_that_cannot_break_and_runs_off_the_page_is_an_error_naming_the_field() {
    // Arabic letters joined without a space: no line may break there (a break would cut the
    // joins), so a run longer than the page cannot be set.
    let run = "شرطةتورنتولنتتصلبكأبدالتطالبكبالدفع".repeat(3);
    let site = site_with(
        "",
        "Scam",
        &(list("red_flags", &["A call.".to_owned()])
            + &list("prevention", &["Hang up.".to_owned()])
            + &format!("poster:\n  headline: \"{run}\"\n")),
    );
    let errors = build_errors(site.path());
    let d = errors
        .iter()
        .find(|d| d.code == Code::Poster)
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert!(d.message.contains("`poster.headline`"), "{d:?}");
    assert!(d.message.contains("runs off the printable area"), "{d:?}");
    assert!(d.file.ends_with("index.md"), "{d:?}");
}

#[test]
fn author_text_is_printed_never_evaluated() {
    let hostile = r#"#panic("boom") $x^2$ #image("/etc/passwd") ] [ \ // */"#;
    let site = small_site(hostile, &[hostile.to_owned()]);
    let (result, out) = build_site(site.path());
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let text = text_of(&out.join(POSTER));
    assert!(holds(&text, hostile, "en"), "{text}");
}

#[test]
fn a_damaged_poster_in_the_output_is_typeset_again_not_republished() {
    let site = small_site("Scam", &["A call.".to_owned()]);
    let (first, out) = build_site(site.path());
    assert_eq!(first.unwrap().posters.rendered, 1);
    let pdf = out.join(POSTER);
    let good = std::fs::read(&pdf).unwrap();
    let (second, _) = build_site(site.path());
    assert_eq!(second.unwrap().posters.rendered, 0, "unchanged: reused");

    std::fs::write(&pdf, &good[..good.len() / 3]).unwrap();
    let (third, _) = build_site(site.path());
    assert_eq!(
        third.unwrap().posters.rendered,
        1,
        "a truncated PDF is typeset again"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), good);
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);

    let png = out.join(POSTER.replace(".pdf", ".png"));
    std::fs::write(&png, b"").unwrap();
    let (fourth, _) = build_site(site.path());
    assert_eq!(
        fourth.unwrap().posters.rendered,
        1,
        "an emptied preview is made again"
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}
