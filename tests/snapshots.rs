//! Diagnostics as a user sees them, kept as reviewed snapshots (the `insta` crate): for a
//! representative set of broken sites, what `redflag check` prints in each of its three formats
//! (human on standard error, `--format json` and `--format github` on standard output) and its
//! exit code, run inside the site folder. A change of wording, location or layout then shows as
//! a diff in `tests/snapshots/diagnostics/` to review, never as a silent change.
//!
//! Cases are the fixture overlays of `tests/fixtures/invalid/`, plus theme templates that do not
//! parse or do not render (RF019), which need a theme and so are not fixtures of the loader.
//! After an intended change: `INSTA_UPDATE=always cargo test --locked --test integration
//! snapshots::`, then review the diff of the `.snap` files.

use std::path::Path;

use crate::fixtures::{apply_overlay, valid_output};
use crate::support::{copy_dir, redflag_in, valid_site};

/// Fixture cases whose diagnostics are kept as snapshots: one of each kind of location and
/// message (YAML, TOML, encodings, lists, phone numbers, ids, several files at once).
const CASES: &[&str] = &[
    "institution-id-duplicate",
    "not-utf8",
    "phone-premium-rate",
    "several-errors-in-several-files",
    "severity-unknown",
    "site-toml-syntax-error",
    "translation-list-length",
    "unknown-key-top-level",
    "yaml-syntax-error",
    "yaml-tab-indentation",
];

const TEMPLATE: &str = "themes/default/templates/404.html";

/// `redflag check` in the three formats, as one text to keep.
/// `check` in each format, as after a build of the valid site (`--out` its output, shared with the
/// fixtures): posters the case leaves unchanged are reused instead of typeset three times.
fn rendered_diagnostics(site: &Path) -> String {
    let out = valid_output().expect("the valid site builds");
    let out = out.to_str().expect("utf-8 path");
    let check = |format: &str| redflag_in(site, &["check", "--out", out, "--format", format]);
    let (human, json, github) = (check("human"), check("json"), check("github"));
    for run in [&json, &github] {
        assert_eq!(run.status.code(), human.status.code(), "the same exit code");
    }
    format!(
        "exit code: {:?}\n--- human (standard error)\n{}--- json (standard output)\n{}\
         --- github (standard output)\n{}",
        human.status.code(),
        String::from_utf8_lossy(&human.stderr),
        String::from_utf8_lossy(&json.stdout),
        String::from_utf8_lossy(&github.stdout),
    )
}

/// The valid fixture site with `change` applied to it, in a temporary folder.
fn site_with(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&valid_site(), dir.path());
    change(dir.path());
    dir
}

fn assert_diagnostics_snapshot(name: &str, site: &Path) {
    let text = rendered_diagnostics(site);
    insta::with_settings!({
        snapshot_path => "snapshots/diagnostics",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn fixture_diagnostics_in_every_format() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for case in CASES {
        let site = site_with(|site| apply_overlay(&fixtures.join(case), site));
        assert_diagnostics_snapshot(case, site.path());
    }
}

/// A valid site whose theme's `404.html` is `template`: the one RF019 diagnostic `check` reports
/// for it (which must fail), after its file and line are asserted and the rendered diagnostics
/// are compared with the snapshot `name`.
fn template_diagnostic(name: &str, template: &str, line: u64) -> serde_json::Value {
    let site = site_with(|site| {
        std::fs::create_dir_all(site.join("themes/default/templates")).unwrap();
        std::fs::write(site.join(TEMPLATE), template).unwrap();
    });
    let run = redflag_in(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(1), "check must fail");
    let found: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object per line"))
        .filter(|d| d["code"] == "RF019")
        .collect();
    assert_eq!(found.len(), 1, "one RF019: {found:#?}");
    let found = found.into_iter().next().unwrap();
    assert_eq!(found["file"], TEMPLATE, "{found}");
    assert_eq!(found["line"], line, "{found}");
    assert_diagnostics_snapshot(name, site.path());
    found
}

#[test]
fn a_template_that_does_not_parse_is_rf019_at_its_line_and_column() {
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ t.not_found_title }</h1>\n{% endblock content %}\n";
    let found = template_diagnostic("template-syntax-error", template, 3);
    assert!(found["column"].as_u64().is_some_and(|c| c > 0), "{found}");
}

#[test]
fn a_template_that_uses_an_unknown_variable_is_rf019_where_it_uses_it() {
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ t.not_found_title }}</h1>\n<p>{{ page.no_such_field }}</p>\n{% endblock content %}\n";
    template_diagnostic("template-unknown-variable", template, 4);
}
