//! Print-shop bundles (`redflag posters --bundle`, or `[posters] bundle = true`): one PDF per
//! institution and size, an index page and then that institution's posters in order, read with
//! independent tools — the page count by `pdfinfo`, each page's text by `pdftotext` against the
//! poster's own PDF, the file by `qpdf --check` and both PDF/UA-1 checkers — and the same bytes
//! from two runs in separate processes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::pdfua::ua1_problems;
use crate::support::example::copy_of_example;
use crate::support::pdf::{page_count, squash, tool};

/// Runs `redflag posters ARGS` inside `site` (relative paths, as a user does); returns what it
/// printed.
fn posters(site: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(site)
        .arg("posters")
        .args(args)
        .env_remove("CI")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("print-shop bundle"), "{stderr}");
    stderr
}

/// `redflag posters` of Lakeshore's Letter posters and their bundle into `out`.
fn lakeshore_letter_bundle(site: &Path, out: &str) -> String {
    posters(
        site,
        &[
            "--institution",
            "lakeshore-polytechnic",
            "--size",
            "letter",
            "--bundle",
            "--out",
            out,
        ],
    )
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    page_count(&info).unwrap().parse().unwrap()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    squash(&tool(
        "pdftotext",
        &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    ))
}

/// The institution's posters of `size` in `out`, in the order of the advisories' folders.
fn singles(out: &Path, institution: &str, size: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(out.join("posters").join(institution))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(&format!("-{size}.pdf")))
        .collect();
    found.sort();
    found
}

/// Checks the bundle: the index, then each single poster's page, valid and PDF/UA-1.
fn check_bundle(bundle: &Path, singles: &[PathBuf]) {
    assert!(!singles.is_empty());
    let total: usize = singles.iter().map(|p| pages(p)).sum();
    assert_eq!(pages(bundle), 1 + total, "{}", bundle.display());
    let index = page_text(bundle, 1);
    for (i, single) in singles.iter().enumerate() {
        assert_eq!(
            page_text(bundle, i + 2),
            page_text(single, 1),
            "page {} of {} is not {}",
            i + 2,
            bundle.display(),
            single.display()
        );
        assert!(
            index.contains(&(i + 2).to_string()),
            "the index does not give page {}: {index}",
            i + 2
        );
    }
    tool("qpdf", &["--check", bundle.to_str().unwrap()]);
    let info = tool("pdfinfo", &[bundle.to_str().unwrap()]);
    assert!(info.contains("\nTagged:          yes"), "{info}");
    let problems = ua1_problems(&[bundle.to_path_buf()]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_bundle_is_an_index_then_every_poster_in_order_pdf_ua_1_and_the_same_bytes_every_run() {
    let dir = copy_of_example("");
    let site = dir.path();
    for out in ["first", "second"] {
        lakeshore_letter_bundle(site, out);
    }
    let bundle = site.join("first/posters/lakeshore-polytechnic-letter.pdf");
    let again =
        std::fs::read(site.join("second/posters/lakeshore-polytechnic-letter.pdf")).unwrap();
    assert!(std::fs::read(&bundle).unwrap() == again, "bundles differ");
    let singles = singles(&site.join("first"), "lakeshore-polytechnic", "letter");
    assert_eq!(singles.len(), 2, "{singles:?}");
    check_bundle(&bundle, &singles);
}

#[test]
fn bundle_true_in_site_toml_bundles_a_bilingual_chinese_institution() {
    let dir = copy_of_example("");
    let site = dir.path();
    let toml = site.join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen("[posters]\n", "[posters]\nbundle = true\n", 1),
    )
    .unwrap();
    posters(
        site,
        &["--institution", "northgate-college", "--size", "a4"],
    );
    let out = site.join("public");
    let bundle = out.join("posters/northgate-college-a4.pdf");
    check_bundle(&bundle, &singles(&out, "northgate-college", "a4"));
    assert!(
        !out.join("posters/lakeshore-polytechnic-a4.pdf").exists(),
        "a bundle of an institution not asked for"
    );
}

#[test]
fn an_unchanged_bundle_is_reused_and_a_changed_or_damaged_one_made_again_as_a_fresh_run_makes_it() {
    let dir = copy_of_example("");
    let site = dir.path();
    let run = |out: &str| lakeshore_letter_bundle(site, out);
    let bundle = site.join("public/posters/lakeshore-polytechnic-letter.pdf");
    let fresh = |name: &str| {
        run(name);
        std::fs::read(
            site.join(name)
                .join("posters/lakeshore-polytechnic-letter.pdf"),
        )
        .unwrap()
    };
    let printed = run("public");
    assert!(printed.contains("(1 made, 0 unchanged;"), "{printed}");
    let first = std::fs::read(&bundle).unwrap();

    let printed = run("public");
    assert!(printed.contains("(0 made, 1 unchanged;"), "{printed}");
    assert!(
        std::fs::read(&bundle).unwrap() == first,
        "the reused bundle changed"
    );

    std::fs::write(&bundle, &first[..first.len() / 2]).unwrap();
    let printed = run("public");
    assert!(printed.contains("(1 made, 0 unchanged;"), "{printed}");
    assert!(
        std::fs::read(&bundle).unwrap() == first,
        "the damaged bundle was not made again"
    );

    // One of the two advisories of Lakeshore's region (Toronto) changes.
    let source = site.join("content/advisories/police-impersonation-calls-toronto/index.md");
    let text = std::fs::read_to_string(&source).unwrap();
    assert!(text.contains("red_flags:\n  - "));
    std::fs::write(
        &source,
        text.replacen("red_flags:\n  - ", "red_flags:\n  - Updated. ", 1),
    )
    .unwrap();
    let printed = run("public");
    assert!(printed.contains("(1 made, 0 unchanged;"), "{printed}");
    let remade = std::fs::read(&bundle).unwrap();
    assert!(remade != first, "the bundle did not change with its poster");
    assert!(
        remade == fresh("fresh"),
        "the remade bundle differs from a fresh run's"
    );
}
