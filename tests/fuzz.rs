//! Property tests in the place of fuzzing (cargo-fuzz needs a nightly toolchain; these run on
//! stable with `proptest`): the front-matter splitter and the YAML readers, the Markdown renderer,
//! `site.toml`, and whole-advisory loading and rendering never panic on any input, and report
//! problems the way the fixtures expect (a hint; a column when there is a line; a line inside the
//! file).
//!
//! Inputs mix arbitrary text with fragments that are likely to reach deep code paths: known keys,
//! YAML anchors, aliases, tags, flow collections, tabs, CRLF, a BOM, `---` fences, raw HTML and
//! script payloads in Markdown.
//!
//! CI runs a bounded number of cases (`DEFAULT_CASES` per property; `SITE_CASES` whole sites,
//! each loaded and rendered without its search index, which is Pagefind's work, not the
//! loader's). For a longer run by hand:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --locked --test integration fuzz::
//! ```
//!
//! A failing input is shrunk and printed; add it as a regression: a fixture case under
//! `tests/fixtures/invalid/` (or a unit test next to the code) that fails before the fix.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use redflag::config::{load_config, parse_config};
use redflag::content::advisory::{Context, parse_advisory_file};
use redflag::content::contacts::{Contacts, parse_contacts};
use redflag::content::frontmatter::split_front_matter;
use redflag::content::taxonomies::parse_taxonomies;
use redflag::content::{LoadOptions, load_site};
use redflag::diagnostics::Diagnostic;
use redflag::markdown::{AlertLabels, MarkdownOptions, render_markdown};
use redflag::model::{Config, Taxonomies};
use redflag::schema::SchemaKind;
use redflag::source::normalise;
use redflag::yaml::YamlFile;

use crate::support::{copy_dir, properties, valid_site};

/// Cases per property unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 1024;
/// Whole sites written, loaded and rendered unless `PROPTEST_CASES` says otherwise: each is a
/// few hundred times the work of one parsed file, and the advisory texts it renders are
/// already drawn `DEFAULT_CASES` times by the properties above.
const SITE_CASES: u32 = 256;

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        // Failures are turned into fixtures or unit tests by hand, not into files beside this one.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The valid fixture site's configuration, taxonomies and contacts.
struct SiteParts {
    config: Config,
    taxonomies: Taxonomies,
    contacts: Contacts,
}

fn site_parts() -> &'static SiteParts {
    static PARTS: OnceLock<SiteParts> = OnceLock::new();
    PARTS.get_or_init(|| {
        let Ok(loaded) = load_config(&valid_site()) else {
            panic!("the valid site's site.toml does not load");
        };
        let config = loaded.config;
        let read = |name: &str| {
            std::fs::read_to_string(valid_site().join("content").join(name)).expect("read")
        };
        let taxonomies_text = read("taxonomies.yaml");
        let path = Path::new("content/taxonomies.yaml");
        let file = YamlFile::new(path, &taxonomies_text, &taxonomies_text, 0);
        let (taxonomies, _) = parse_taxonomies(&file, &config.languages);
        let contacts_text = read("contacts.yaml");
        let path = Path::new("content/contacts.yaml");
        let file = YamlFile::new(path, &contacts_text, &contacts_text, 0);
        let (contacts, _) = parse_contacts(&file, &config.languages, &taxonomies);
        SiteParts {
            config,
            taxonomies,
            contacts,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Input generators

/// Keys of nested maps (poster, contacts, sources), language tags and ids, beside the front
/// matter's own keys, which come from the schema ([`keys`]).
const OTHER_KEYS: &[&str] = &[
    "headline",
    "name",
    "kind",
    "phone",
    "hours",
    "url",
    "publisher",
    "en",
    "fr",
    "ar",
    "emergency",
    "calgary-police",
    "toronto",
    "calgary",
    "virtual-kidnapping",
];

/// The keys of an advisory's and a translation's front matter (as the schema lists them) and
/// [`OTHER_KEYS`].
fn keys() -> Vec<String> {
    let mut keys = properties(SchemaKind::FrontMatter);
    keys.extend(properties(SchemaKind::Translation));
    keys.extend(OTHER_KEYS.iter().map(|k| (*k).to_owned()));
    keys.into_iter().collect()
}

const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "yes",
    "2018-06-01",
    "2018-02-30",
    "1e999",
    "-0",
    "0x1F",
    "high",
    "urgent",
    "[a, b]",
    "[toronto, calgary]",
    "{ en: Hello, fr: Bonjour }",
    "{ de: Hallo }",
    "&anchor value",
    "*anchor",
    "*missing",
    "!!binary aGVsbG8=",
    "!custom tag",
    "|",
    ">-",
    "'unclosed",
    "\"escaped \\u00e9 \\x41\"",
    "\"+1 403-266-1234\"",
    "\"+1 900-555-0199\"",
    "\"911\"",
    "javascript:alert(1)",
    "https://example.org/",
    "data:text/html,<script>alert(1)</script>",
    "<script>alert(1)</script>",
    "{{ title }} {% raw %}",
    "[[[[[[[[",
    "? complex",
    "- - - nested",
    "<<: *anchor",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(keys()),
        1 => "[a-zA-Z_ ]{1,10}",
        1 => any::<String>().prop_map(|s| s.replace('\n', " ")),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(VALUES).prop_map(str::to_owned),
        2 => "[ -~]{0,24}",
        1 => any::<String>().prop_map(|s| s.chars().take(24).collect::<String>().replace('\n', " ")),
    ]
}

fn indent() -> impl Strategy<Value = &'static str> {
    select(&["", "", "  ", "    ", "\t", " ", "      "][..])
}

/// One line of YAML-like text.
fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (indent(), key(), value()).prop_map(|(i, k, v)| format!("{i}{k}: {v}")),
        3 => (indent(), value()).prop_map(|(i, v)| format!("{i}- {v}")),
        1 => (indent(), key()).prop_map(|(i, k)| format!("{i}{k}:")),
        1 => Just("---".to_owned()),
        1 => Just("...".to_owned()),
        1 => "[ -~]{0,30}",
        1 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ]
}

fn yaml() -> impl Strategy<Value = String> {
    prop::collection::vec(yaml_line(), 0..24).prop_map(|lines| lines.join("\n") + "\n")
}

/// Markdown-like text with raw HTML, script payloads and every construct the renderer rewrites.
fn markdown() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "# Heading {#main}\n",
        "## Heading {.cls onclick=alert(1) #id}\n",
        "> [!WARNING]\n> careful\n",
        "> [!NOTE]\n",
        "[link](javascript:alert(1))",
        "[link](JaVaScRiPt:alert(1))",
        "[link](java\tscript:alert(1))",
        "[link](&#106;avascript:alert(1))",
        "[link]( javascript:alert(1) )",
        "[ref]\n\n[ref]: javascript:alert(1)\n",
        "![img](data:image/svg+xml,<svg onload=alert(1)>)",
        "<javascript:alert(1)>",
        "<https://example.org/>",
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"https://example.org\"></iframe>",
        "<style>body{}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p id=main>dup</p>",
        "</script><script>alert(1)</script>",
        "{{ title }}",
        "{% if true %}x{% endif %}",
        "text[^1]\n\n[^1]: note\n",
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
        "`code <script>`",
        "```html\n<script>alert(1)</script>\n```\n",
        "~~struck~~",
        "*emphasis **strong***",
        "\n\n",
        "\n",
        "  ",
        "- item\n  - nested\n",
        "1. one\n",
        "&lt;script&gt;",
        "&#x3C;script&#x3E;",
        "<!-- comment -->",
        "<![CDATA[x]]>",
    ];
    prop::collection::vec(
        prop_oneof![
            4 => select(PIECES).prop_map(str::to_owned),
            2 => "[ -~]{0,20}",
            1 => any::<String>().prop_map(|s| s.chars().take(20).collect()),
        ],
        0..32,
    )
    .prop_map(|pieces| pieces.concat())
}

/// A whole advisory file: maybe a BOM, maybe fences, YAML, a body, LF or CRLF.
fn advisory_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        select(&["---\n", "---\n", "---\n", "", "--- \n", "---\r\n"][..]),
        yaml(),
        select(&["---\n", "---\n", "", "---"][..]),
        markdown(),
        any::<bool>(),
    )
        .prop_map(|(bom, open, yaml, close, body, crlf)| {
            let mut text = format!("{open}{yaml}{close}{body}");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Every way in which `diagnostics` break the rules the fixtures check; `text` is their file.
fn badly_reported(diagnostics: &[Diagnostic], text: &str) -> Vec<String> {
    let lines = text.lines().count().max(1);
    diagnostics
        .iter()
        .filter_map(|d| {
            let problem = if d.hint.as_deref().is_none_or(str::is_empty) {
                "no hint"
            } else if d.line > 0 && d.column == 0 {
                "a line but no column"
            } else if d.line > lines + 1 {
                "a line after the end of the file"
            } else {
                return None;
            };
            Some(format!(
                "{problem}: {} {}:{}:{} {}",
                d.code.as_str(),
                d.file.display(),
                d.line,
                d.column,
                d.message
            ))
        })
        .collect()
}

fn parse_as_advisory(text: &str, lang: &str, is_default: bool) -> Vec<Diagnostic> {
    let parts = site_parts();
    let cx = Context {
        languages: &parts.config.languages,
        taxonomies: &parts.taxonomies,
        contacts: &parts.contacts,
    };
    parse_advisory_file(Path::new("index.md"), text, lang, is_default, &cx).diagnostics
}

fn alert_labels() -> AlertLabels {
    AlertLabels {
        note: "Note".into(),
        tip: "Tip".into(),
        important: "Important".into(),
        warning: "Warning".into(),
        caution: "Caution".into(),
    }
}

/// Everything in rendered HTML that could run script: a script-like element, an event-handler
/// attribute, a `javascript:`/`data:`/`vbscript:` address.
fn script_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        found.push("`<script` in the output".to_owned());
    }
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        if [
            "script", "iframe", "object", "embed", "svg", "math", "style", "form", "base",
        ]
        .contains(&name)
        {
            found.push(format!("a <{name}> element"));
        }
        for (attr, value) in element.attrs() {
            let cleaned: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let table_alignment = attr == "style"
                && ["text-align:left", "text-align:center", "text-align:right"]
                    .contains(&cleaned.as_str());
            if attr.to_ascii_lowercase().starts_with("on") || (attr == "style" && !table_alignment)
            {
                found.push(format!("attribute {attr}=\"{value}\" on <{name}>"));
            }
            if ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|scheme| cleaned.starts_with(scheme))
            {
                found.push(format!("address {attr}=\"{value}\" on <{name}>"));
            }
        }
    }
    found
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES))]

    #[test]
    fn front_matter_splits_into_parts_of_the_text(text in advisory_text()) {
        let text = normalise(text);
        if let Ok(split) = split_front_matter(&text) {
            prop_assert!(text.contains(split.yaml));
            prop_assert!(text.ends_with(split.body));
            let before_body = &text[..text.len() - split.body.len()];
            // (A closing fence at the very end, without a line end, has no body line after it.)
            if before_body.ends_with('\n') {
                prop_assert_eq!(before_body.matches('\n').count() + 1, split.body_line);
            }
        }
    }

    #[test]
    fn advisory_files_never_panic_and_report_with_hints(
        text in advisory_text(),
        lang in select(&["en", "fr", "ar"][..]),
    ) {
        let text = normalise(text);
        let diagnostics = parse_as_advisory(&text, lang, lang == "en");
        let problems = badly_reported(&diagnostics, &text);
        prop_assert!(problems.is_empty(), "{:#?}\n--- input:\n{}", problems, text);
    }

    #[test]
    fn contacts_and_taxonomies_never_panic(text in yaml()) {
        let parts = site_parts();
        let path = Path::new("content/contacts.yaml");
        let file = YamlFile::new(path, &text, &text, 0);
        let (_, diagnostics) = parse_contacts(&file, &parts.config.languages, &parts.taxonomies);
        let problems = badly_reported(&diagnostics, &text);
        prop_assert!(problems.is_empty(), "{:#?}\n--- input:\n{}", problems, text);
        let (_, diagnostics) = parse_taxonomies(&file, &parts.config.languages);
        let problems = badly_reported(&diagnostics, &text);
        prop_assert!(problems.is_empty(), "{:#?}\n--- input:\n{}", problems, text);
    }

    #[test]
    fn site_toml_never_panics(
        lines in prop::collection::vec(
            prop_oneof![
                select(&[
                    "title = \"x\"", "base_url = \"https://x.example\"", "default_language = \"en\"",
                    "[languages.en]", "name = \"English\"", "[languages.zh-hans]", "[[institutions]]",
                    "id = \"Bad Id\"", "languages = [\"en\", \"xx-!!\"]", "contacts = [1, 2]",
                    "[posters]", "sizes = [\"letter\", \"a5\"]", "title = { en = \"x\", de = \"y\" }",
                    "regions = \"calgary\"", "unknown = true", "[languages.ar]", "theme = \"../../etc\"",
                ][..]).prop_map(str::to_owned),
                "[ -~]{0,30}",
            ],
            0..16,
        )
    ) {
        let text = lines.join("\n");
        let (Err(diagnostics) | Ok(redflag::config::LoadedConfig { diagnostics, .. })) =
            parse_config(Path::new("site.toml"), &text);
        let problems = badly_reported(&diagnostics, &text);
        prop_assert!(problems.is_empty(), "{:#?}\n--- input:\n{}", problems, text);
    }

    #[test]
    fn markdown_never_runs_script(source in markdown()) {
        let labels = alert_labels();
        let options = MarkdownOptions {
            alert_labels: &labels,
            reserved_ids: &["main", "red-flags"],
            heading_offset: 1,
        };
        let rendered = render_markdown(&source, &options);
        let found = script_in(&rendered.html);
        prop_assert!(found.is_empty(), "{:?}\n--- input:\n{}\n--- output:\n{}", found, source, rendered.html);
        for heading in &rendered.headings {
            prop_assert!(!["main", "red-flags"].contains(&heading.id.as_str()));
        }
    }
}

/// The valid Toronto advisory with its text fields replaced.
fn advisory_with(title: &str, summary: &str, red_flag: &str, body: &str) -> String {
    let quote = |s: &str| serde_json::to_string(s).expect("JSON string is YAML");
    format!(
        "---\ntitle: {}\nsummary: {}\ndate: 2025-04-04\nregions: [toronto]\nred_flags:\n  - {}\n\
         prevention:\n  - Hang up.\ncontacts:\n  - toronto-police\n---\n{body}",
        quote(title),
        quote(summary),
        quote(red_flag)
    )
}

/// The valid fixture site, without search, in a new temporary folder.
fn site_without_search() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&valid_site(), dir.path());
    let config = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&config).expect("read site.toml");
    std::fs::write(&config, format!("search = false\n{text}")).expect("write site.toml");
    dir
}

proptest! {
    // Each case writes a site and loads it (and renders it when it loads): fewer cases.
    #![proptest_config(config(SITE_CASES))]

    #[test]
    fn whole_advisories_load_and_render_without_panicking(
        text in prop_oneof![
            advisory_text(),
            ("[ -~]{0,40}", any::<String>(), "[ -~]{0,40}", markdown())
                .prop_map(|(t, s, r, b)| advisory_with(&t, &s, &r, &b)),
        ],
    ) {
        let dir = site_without_search();
        let file = dir.path().join("content/advisories/police-calls-toronto/index.md");
        std::fs::write(&file, &text).expect("write advisory");
        match load_site(dir.path(), &LoadOptions::with_drafts()) {
            Err(diagnostics) => {
                let normalised = normalise(text.clone());
                let problems = badly_reported(&diagnostics, &normalised);
                prop_assert!(problems.is_empty(), "{:#?}\n--- input:\n{}", problems, text);
            }
            Ok(_) => {
                let prepared = redflag::build::load(dir.path(), &LoadOptions::with_drafts())
                    .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
                let sink = redflag::output::MemorySink::default();
                let today = jiff::civil::date(2025, 6, 1);
                let rendered = redflag::build::render_web(&prepared, today, &redflag::build::Previous::none(), &sink);
                prop_assert!(rendered.is_ok(), "{:?}\n--- input:\n{}", rendered.err(), text);
            }
        }
    }
}
