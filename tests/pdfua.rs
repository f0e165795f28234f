//! PDF/UA-1 on every poster of the example site, by two independent checkers from PyPI
//! (`page-validation` and `pdfua`, run in one Python process over every poster), with qpdf,
//! pdffonts and pdfinfo; and proof that both checkers fail a poster whose tags are removed.
//!
//! Needs `.test-venv` and poppler-utils, qpdf (`scripts/install-test-deps.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::support::example::built_example;
use crate::support::pdf::tool;

const PYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
const CHECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/pdfua_check.py");

/// Every PDF below `dir`, sorted.
fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    found.sort();
    found
}

/// What either checker finds wrong with each of `files` (besides the known false positive), and
/// a missing title or language: empty when all are PDF/UA-1 by both.
pub fn ua1_problems(files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, v) in files.iter().zip(check(files)) {
        let name = file.display();
        problems.extend(verdict_problems(&name, &v));
        if v["lang"].as_str().unwrap().is_empty() {
            problems.push(format!("{name}: no lang"));
        }
    }
    problems
}

/// What one file's `verdict` (a line of `check`) says is wrong, each line led by `name`: either
/// checker's findings (besides the known false positive) and a missing title. The language is
/// the caller's to judge.
fn verdict_problems(name: &dyn std::fmt::Display, verdict: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let failures: Vec<&str> = verdict["page"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .filter(|f| !is_known_false_positive(f))
        .collect();
    if !failures.is_empty() {
        problems.push(format!("{name}: page-validation: {failures:?}"));
    }
    if verdict["pdfua"]["exit_code"] != 0 {
        problems.push(format!("{name}: pdfua: {}", verdict["pdfua"]["findings"]));
    }
    if verdict["title"].as_str().unwrap().is_empty() {
        problems.push(format!("{name}: no title"));
    }
    problems
}

/// Both checkers' verdicts on `files`, one JSON object per file.
fn check(files: &[PathBuf]) -> Vec<Value> {
    let output = Command::new(PYTHON)
        .arg(CHECK)
        .args(files)
        .output()
        .unwrap_or_else(|err| {
            panic!("cannot run {PYTHON} ({err}): run `bash scripts/install-test-deps.sh`")
        });
    assert!(
        output.status.success(),
        "the PDF/UA checkers failed to run (run `bash scripts/install-test-deps.sh`): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The language tag the PDF should declare for an advisory poster's file name
/// (`poster-zh-Hans+en-letter.pdf` → `zh`): the first language, as typst writes it.
fn declared_lang(file: &Path) -> Option<&'static str> {
    let name = file.file_name()?.to_str()?;
    let first = name.strip_prefix("poster-")?.split(['+', '-']).next()?;
    Some(match first {
        "en" => "en",
        "fr" => "fr",
        "zh" => "zh",
        "ar" => "ar",
        "es" => "es",
        _ => return None,
    })
}

/// page-validation 0.11 reads width 0 for the first glyph of the bundled Noto Sans CJK (a
/// CID-keyed CFF font) where the font program says 1000, the PDF's /W too (fontTools reads 1000
/// from the embedded program; pdfua and qpdf find nothing). Writing every width explicitly into
/// the charstrings, and removing the hints, did not change its verdict: a checker bug, accepted
/// for that font (bold, and regular where a bundle's index prints a title in it) and that rule
/// only.
fn is_known_false_positive(failure: &str) -> bool {
    failure.starts_with("PDFUA1-FONT-GLYPH-WIDTH-001: ")
        && failure.contains("has rendered CID 1 width 0.000 in its embedded CIDFontType0C program")
        && (failure.ends_with("+NotoSansCJKsc-Bold-Identity-H]")
            || failure.ends_with("+NotoSansCJKsc-Regular-Identity-H]"))
}

#[test]
fn every_example_poster_is_pdf_ua_1_by_two_checkers() {
    let out = built_example();
    let files = pdfs_under(out);
    assert!(files.len() >= 20, "too few posters: {files:?}");
    let started = Instant::now();
    let verdicts = check(&files);
    eprintln!(
        "two PDF/UA-1 checkers on {} posters: {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(verdicts.len(), files.len());
    let mut problems = Vec::new();
    for (file, v) in files.iter().zip(&verdicts) {
        let name = file.strip_prefix(out).unwrap().display();
        problems.extend(verdict_problems(&name, v));
        let lang = v["lang"].as_str().unwrap();
        match declared_lang(file) {
            Some(expected) if !lang.starts_with(expected) => {
                problems.push(format!("{name}: /Lang {lang:?}, expected {expected}"));
            }
            None if lang.is_empty() => problems.push(format!("{name}: no /Lang")),
            _ => {}
        }
    }
    // A bilingual poster's second language is tagged on its own structure elements.
    for (poster, second) in [
        (
            "posters/northgate-college/virtual-kidnapping-calgary-letter.pdf",
            "zh",
        ),
        (
            "posters/lakeshore-polytechnic/police-impersonation-calls-toronto-letter.pdf",
            "ar",
        ),
    ] {
        let at = files.iter().position(|f| f.ends_with(poster)).unwrap();
        let langs = &verdicts[at]["struct_langs"];
        if !langs.as_array().unwrap().iter().any(|l| l == second) {
            problems.push(format!("{poster}: no text tagged {second}: {langs}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_example_poster_is_tagged_titled_valid_and_embeds_its_fonts() {
    let out = built_example();
    for file in pdfs_under(out) {
        let path = file.to_str().unwrap();
        tool("qpdf", &["--check", path]);
        // pdfinfo warns on stderr about krilla's valid `/Suspects false`: only stdout is read.
        let info = tool("pdfinfo", &[path]);
        assert!(info.contains("\nTagged:          yes"), "{path}: {info}");
        let title = info.lines().find_map(|l| l.strip_prefix("Title:"));
        assert!(
            title.is_some_and(|t| !t.trim().is_empty()),
            "{path}: {info}"
        );
        let version = info.lines().find_map(|l| l.strip_prefix("PDF version:"));
        assert_eq!(version.map(str::trim), Some("1.7"), "{path}: {info}");
        let fonts = tool("pdffonts", &[path]);
        for row in fonts.lines().skip(2) {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let n = columns.len();
            assert_eq!(columns[n - 5], "yes", "{path}: font not embedded: {row}");
        }
    }
}

#[test]
fn both_checkers_fail_a_poster_without_its_tags() {
    let out = built_example();
    let poster = pdfs_under(out).into_iter().next().expect("a poster");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("untagged.pdf");
    // Copies the page alone: the structure tree, /MarkInfo, /Lang and the metadata stay behind.
    let status = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .arg(&poster)
        .arg("--")
        .arg(&broken)
        .status()
        .expect("qpdf runs (scripts/install-test-deps.sh installs it)");
    assert!(status.success());
    let verdict = &check(&[broken])[0];
    assert_eq!(verdict["page"]["compliant"], false, "{verdict}");
    assert!(verdict["page"]["failed"].as_u64().unwrap() > 0, "{verdict}");
    assert_eq!(verdict["pdfua"]["exit_code"], 3, "{verdict}");
}
