//! `redflag check` reports everything it can in one run, as an author runs it: from inside the
//! site folder, no `--root`. A site with a content error, a template error and a broken link
//! gets all three at once (not one round each); a broken link in a body shown in several
//! languages is reported once, at its line, naming the languages.

use std::path::Path;
use std::process::Command;

use redflag::scaffold::init_site;

const ADVISORY: &str = "content/advisories/fake-police-calls/index.md";

/// `redflag check --format json` run inside `site`: the diagnostics and the exit code.
fn check_json(site: &Path) -> (Vec<serde_json::Value>, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(["check", "--format", "json"])
        .current_dir(site)
        .env_remove("CI")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let found = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    (found, output.status.code().unwrap_or(-1))
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line and column of the first `needle` in a file of the site.
fn position(site: &Path, file: &str, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(site.join(file)).unwrap();
    let (line, column) = crate::support::line_column(&text, needle);
    (line as u64, column as u64)
}

/// The diagnostics with `code`, as (file, line, column, message).
fn with_code(found: &[serde_json::Value], code: &str) -> Vec<(String, u64, u64, String)> {
    found
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn content_template_and_link_errors_come_out_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    init_site(site).unwrap();
    // A content error in a second advisory.
    let second = "content/advisories/second-advisory/index.md";
    std::fs::create_dir_all(site.join("content/advisories/second-advisory")).unwrap();
    std::fs::copy(site.join(ADVISORY), site.join(second)).unwrap();
    edit(site, second, "severity: high", "severity: urgent");
    // A broken link in the first.
    edit(
        site,
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](../nowhere/)",
    );
    // A template error in the site's own theme.
    let template = "themes/default/templates/taxonomy.html";
    std::fs::create_dir_all(site.join("themes/default/templates")).unwrap();
    std::fs::write(
        site.join(template),
        "{% extends \"base.html\" %}\n{% block content %}{{ oops( }}{% endblock %}\n",
    )
    .unwrap();

    let (found, code) = check_json(site);
    assert_eq!(code, 1, "{found:?}");
    let (line, column) = position(site, second, "urgent");
    assert_eq!(
        with_code(&found, "RF011"),
        [(
            second.to_owned(),
            line,
            column,
            "unknown severity `urgent`".to_owned()
        )]
    );
    let template_errors = with_code(&found, "RF019");
    assert_eq!(template_errors.len(), 1, "{found:?}");
    assert_eq!(
        (template_errors[0].0.as_str(), template_errors[0].1),
        (template, 2)
    );
    let (line, column) = position(site, ADVISORY, "../nowhere/");
    assert_eq!(
        with_code(&found, "RF025"),
        [(
            ADVISORY.to_owned(),
            line,
            column,
            "broken link `../nowhere/`: the site has no page `/advisories/nowhere/`".to_owned()
        )]
    );
}

#[test]
fn links_into_an_advisory_with_errors_are_not_judged() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    init_site(site).unwrap();
    let second = "content/advisories/second-advisory/index.md";
    std::fs::create_dir_all(site.join("content/advisories/second-advisory")).unwrap();
    std::fs::copy(site.join(ADVISORY), site.join(second)).unwrap();
    edit(site, second, "severity: high", "severity: urgent");
    edit(
        site,
        ADVISORY,
        "[red flags](#red-flags)",
        "[the other one](../second-advisory/#red-flags)",
    );
    let (found, code) = check_json(site);
    assert_eq!(code, 1);
    let errors: Vec<_> = found.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "only the content error: {errors:?}");
    assert_eq!(errors[0]["code"], "RF011");
}

#[test]
fn a_broken_body_link_is_reported_once_listing_its_languages() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    init_site(site).unwrap();
    // Two more languages without a translation: their pages show the English body.
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        format!(
            "{config}\n[languages.es]\nname = \"Español\"\n\n[languages.de]\nname = \"Deutsch\"\n"
        ),
    )
    .unwrap();
    edit(
        site,
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](../nowhere/)",
    );
    let (found, code) = check_json(site);
    assert_eq!(code, 1, "{found:?}");
    let (line, column) = position(site, ADVISORY, "../nowhere/");
    assert_eq!(
        with_code(&found, "RF025"),
        [(
            ADVISORY.to_owned(),
            line,
            column,
            "broken link `../nowhere/`: the site has no page `/advisories/nowhere/` \
             (on the en page; likewise on the es, de pages)"
                .to_owned()
        )]
    );

    // A root-relative link is the same broken page in every language that shows it.
    edit(site, ADVISORY, "../nowhere/", "/nowhere/");
    let (found, _) = check_json(site);
    let broken = with_code(&found, "RF025");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(
        broken[0].3,
        "broken link `/nowhere/`: the site has no page `/nowhere/` (on the en, es, de pages)"
    );
}
