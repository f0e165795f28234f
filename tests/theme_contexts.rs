//! The sample template contexts in `tests/theme-contexts/` (which docs/theming.md points theme
//! authors to) are the real ones, so they cannot drift: this test renders copies of the example
//! site with a theme override whose page templates print the whole context they receive
//! (`{{ __tera_context }}`), and compares every sample file with it. A sample that differs, is
//! missing, or has no page to come from fails the test.
//!
//! After an intended change of a context, rewrite the samples and review the diff:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --locked --test integration theme_contexts::
//! ```
//!
//! One thing is normalised: the stylesheet's version (`style.css?v=<hash of its bytes>`) is
//! written `?v=HASH`, so that a change of the CSS alone does not rewrite every sample.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use redflag::output::MemorySink;
use redflag::render::{RenderOptions, render_site};
use serde_json::Value;

use crate::support::example::copy_of_example;
use crate::support::{repository, tera_dump};

/// The page templates, each replaced by one that prints its context.
const PAGE_TEMPLATES: [&str; 6] = [
    "home.html",
    "advisory.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "search.html",
];

/// Samples of the unmodified example site: (sample name, page).
const SAMPLES: [(&str, &str); 12] = [
    ("404-en", "404.html"),
    (
        "advisory-en",
        "advisories/virtual-kidnapping-calgary/index.html",
    ),
    (
        "advisory-ar",
        "ar/advisories/virtual-kidnapping-calgary/index.html",
    ),
    (
        "advisory-fr-fallback",
        "fr/advisories/fake-chinese-police-video-calls/index.html",
    ),
    ("home-en", "index.html"),
    ("home-ar", "ar/index.html"),
    ("home-zh-Hans", "zh-hans/index.html"),
    ("search-en", "search/index.html"),
    ("taxonomy-en", "scam-types/index.html"),
    ("taxonomy-ar", "ar/audiences/index.html"),
    ("term-en", "audiences/international-students/index.html"),
    ("term-fr", "fr/regions/calgary/index.html"),
];

/// Samples of the example site with the Toronto advisory changed since its translations were
/// made (stale) and the video-call advisory expired.
const CHANGED_SAMPLES: [(&str, &str); 2] = [
    (
        "advisory-zh-Hans-stale",
        "zh-hans/advisories/police-impersonation-calls-toronto/index.html",
    ),
    (
        "advisory-en-expired",
        "advisories/fake-chinese-police-video-calls/index.html",
    ),
];

fn samples_dir() -> PathBuf {
    repository().join("tests/theme-contexts")
}

/// Replaces `from` (which must occur) by `to` in a file of the site in `root`.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Renders the site in `root` with the context-printing templates; returns the context of each
/// of `pages`, as JSON.
fn contexts(root: &Path, pages: &[(&str, &str)]) -> BTreeMap<String, Value> {
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    for name in PAGE_TEMPLATES {
        std::fs::write(templates.join(name), "{{ __tera_context | safe }}").unwrap();
    }
    let prepared = redflag::build::load(root, &redflag::content::LoadOptions::default())
        .unwrap_or_else(|d| panic!("the site does not load: {d:?}"));
    let sink = MemorySink::default();
    let options = RenderOptions {
        today: jiff::civil::date(2026, 1, 1),
    };
    render_site(&prepared, options, None, &sink)
        .unwrap_or_else(|d| panic!("the site does not render: {d:?}"));
    let files = sink.into_files();
    pages
        .iter()
        .map(|(name, page)| {
            let bytes = files
                .get(*page)
                .unwrap_or_else(|| panic!("no page {page} for the sample {name}"));
            let dump = String::from_utf8_lossy(bytes);
            let mut value = tera_dump::parse(&dump)
                .unwrap_or_else(|e| panic!("{page}: the context does not parse: {e}"));
            normalise(&mut value);
            ((*name).to_owned(), value)
        })
        .collect()
}

/// Writes the stylesheet's version as `HASH` (see the module's documentation).
fn normalise(context: &mut Value) {
    if let Some(Value::String(css)) = context.pointer_mut("/assets/css")
        && let Some((path, _)) = css.split_once("?v=")
    {
        *css = format!("{path}?v=HASH");
    }
}

#[test]
fn the_sample_contexts_are_what_the_templates_receive() {
    let unmodified = copy_of_example("");
    let mut generated = contexts(unmodified.path(), &SAMPLES);
    let changed = copy_of_example("");
    edit(
        changed.path(),
        "content/advisories/police-impersonation-calls-toronto/index.md",
        "title: ",
        "title: Updated — ",
    );
    edit(
        changed.path(),
        "content/advisories/fake-chinese-police-video-calls/index.md",
        "severity:",
        "expires: 2025-06-01\nseverity:",
    );
    generated.extend(contexts(changed.path(), &CHANGED_SAMPLES));

    let update = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
    let mut problems = Vec::new();
    for (name, context) in &generated {
        let path = samples_dir().join(format!("{name}.json"));
        let text = serde_json::to_string_pretty(context).expect("JSON") + "\n";
        if update {
            std::fs::write(&path, &text).expect("write the sample");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            problems.push(format!(
                "{}: differs from what the template receives",
                path.display()
            ));
        }
    }
    for entry in std::fs::read_dir(samples_dir())
        .expect("the samples folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".json").unwrap_or(&name);
        if generated.contains_key(stem) {
            continue;
        }
        if update {
            std::fs::remove_file(entry.path()).expect("remove the sample");
        } else {
            problems.push(format!("{name}: a sample no page produces"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended: INSTA_UPDATE=always cargo test --locked --test integration \
         theme_contexts:: and review the diff.",
        problems.join("\n")
    );
}
