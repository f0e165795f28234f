//! The preview follows every field of the views a theme may print, not only those the default
//! theme shows: a theme that prints each card field on listings and each term's count on
//! advisory pages, a seeded random sequence of edits to dates, expiry, severity, terms, titles
//! and translations (and copies and deletions, which change term counts on other advisories'
//! pages), and after each edit the preview's output equals a fresh build of the same tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use redflag::build::{load, render_web};
use redflag::output::MemorySink;
use redflag::serve::preview::Preview;

use crate::support::example::copy_of_example_without_typesetting;
use crate::support::rng::Rng;
use crate::support::{advisory_slugs, copy_dir, repository};

const BASE: &str = "http://127.0.0.1:1111";

/// Every field of a card, printed where the default theme prints the card list.
const CARDS: &str = r#"{% for a in advisories %}<p class="card-fields">{{ a.slug }} {{ a.url }} {{ a.title.text }} {{ a.title.lang }} {{ a.title.dir }} {{ a.title.fallback }} {{ a.summary.text }} {{ a.summary.lang }} {{ a.summary.fallback }} {{ a.severity.id }} {{ a.severity.label }} {{ a.published.iso }} {{ a.published.display }} {{ a.expired }}</p>{% endfor %}"#;

/// Each term of an advisory with its count, on the advisory's page.
const TERMS: &str = r#"{% for tax in advisory.taxonomies %}{% for term in tax.terms %}<p class="term-count">{{ term.id }} {{ term.count }} {{ term.count_label }}</p>{% endfor %}{% endfor %}"#;

const REGIONS: [&str; 3] = ["calgary", "toronto", "british-columbia"];
const AUDIENCES: [&str; 4] = [
    "international-students",
    "families",
    "chinese-community",
    "general-public",
];
const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
}

fn pages(files: HashMap<String, Arc<[u8]>>) -> HashMap<String, Arc<[u8]>> {
    files
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .collect()
}

fn assert_same(preview: &Preview, root: &Path, step: &str) {
    let shown = pages(preview.snapshot().all_files());
    let prepared = load(
        root,
        &redflag::content::LoadOptions {
            drafts: true,
            base_url: Some(BASE.to_owned()),
        },
    )
    .expect("the tree is valid");
    let sink = MemorySink::default();
    render_web(&prepared, today(), &redflag::build::Previous::none(), &sink).expect("it renders");
    let fresh = pages(sink.into_files());
    let mut wrong: Vec<&String> = fresh
        .keys()
        .chain(shown.keys())
        .filter(|k| fresh.get(*k) != shown.get(*k))
        .collect();
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "after {step}: stale pages {wrong:?}");
}

/// `text` with the front-matter field `key` (on one line, or a block of indented lines below
/// `key:` as the CMS writes lists) set to `key: value` (added after `date:` when missing), or
/// removed when `value` is `None`.
fn set_field(text: &str, key: &str, value: Option<&str>) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines.iter().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r == ":" || r.starts_with(": "))
    });
    if let Some(at) = at {
        let block = lines[at + 1..]
            .iter()
            .take_while(|l| l.starts_with(' '))
            .count();
        lines.drain(at..=at + block);
    }
    if let Some(value) = value {
        let after = match at {
            Some(at) => at,
            None => lines.iter().position(|l| l.starts_with("date: ")).unwrap() + 1,
        };
        lines.insert(after, format!("{key}: {value}"));
    }
    lines.join("\n") + "\n"
}

struct Tree {
    root: PathBuf,
}

impl Tree {
    fn advisories(&self) -> Vec<String> {
        advisory_slugs(&self.root)
    }

    fn folder(&self, slug: &str) -> PathBuf {
        self.root.join("content/advisories").join(slug)
    }

    fn edit(&self, slug: &str, change: impl FnOnce(String) -> String) -> PathBuf {
        let path = self.folder(slug).join("index.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, change(text)).unwrap();
        path
    }

    /// Puts the card fields and term counts into a copy of the default theme's templates.
    fn theme_printing_every_view(&self) {
        let templates = self.root.join("themes/default/templates");
        copy_dir(&repository().join("themes/default/templates"), &templates);
        for page in ["home.html", "term.html"] {
            edit_file(&templates.join(page), |t| {
                t.replacen(
                    "{%- block content %}",
                    &format!("{{%- block content %}}{CARDS}"),
                    1,
                )
            });
        }
        edit_file(&templates.join("advisory.html"), |t| {
            t.replacen(
                "{%- block content %}",
                &format!("{{%- block content %}}{TERMS}"),
                1,
            )
        });
    }
}

fn edit_file(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text, "{} has the expected shape", path.display());
    std::fs::write(path, changed).unwrap();
}

/// One random edit of one advisory: what it did and the paths it changed.
fn random_edit(tree: &Tree, rng: &mut Rng, step: usize) -> (String, Vec<PathBuf>) {
    let slugs = tree.advisories();
    let slug = slugs[rng.below(slugs.len())].clone();
    match rng.below(9) {
        0 => {
            let region = REGIONS[rng.below(REGIONS.len())];
            let path = tree.edit(&slug, |t| {
                set_field(&t, "regions", Some(&format!("[{region}]")))
            });
            (format!("move {slug} to {region}"), vec![path])
        }
        1 => {
            let audience = AUDIENCES[rng.below(AUDIENCES.len())];
            let value = format!("[{audience}, general-public]");
            let path = tree.edit(&slug, |t| set_field(&t, "audiences", Some(&value)));
            (format!("audiences of {slug}: {value}"), vec![path])
        }
        2 => {
            let new = format!("copy-{step}");
            copy_dir(&tree.folder(&slug), &tree.folder(&new));
            (format!("copy {slug} to {new}"), vec![tree.folder(&new)])
        }
        3 if slugs.len() > 2 => {
            std::fs::remove_dir_all(tree.folder(&slug)).unwrap();
            (format!("delete {slug}"), vec![tree.folder(&slug)])
        }
        4 => {
            let date = format!(
                "20{}-0{}-1{}",
                18 + rng.below(8),
                1 + rng.below(9),
                rng.below(9)
            );
            let path = tree.edit(&slug, |t| set_field(&t, "date", Some(&date)));
            (format!("date {slug} {date}"), vec![path])
        }
        5 => {
            let expires = ["2025-12-31", "2027-06-30"][rng.below(2)];
            let value = (rng.below(3) > 0).then_some(expires);
            let path = tree.edit(&slug, |t| set_field(&t, "expires", value));
            (format!("expiry of {slug}: {value:?}"), vec![path])
        }
        6 => {
            let severity = SEVERITIES[rng.below(SEVERITIES.len())];
            let path = tree.edit(&slug, |t| set_field(&t, "severity", Some(severity)));
            (format!("severity of {slug}: {severity}"), vec![path])
        }
        7 => {
            let path = tree.folder(&slug).join("index.zh-Hans.md");
            if path.exists() {
                std::fs::remove_file(&path).unwrap();
            }
            (format!("delete the Chinese {slug}"), vec![path])
        }
        _ => {
            let path = tree.edit(&slug, |t| {
                t.replacen("summary: ", &format!("summary: Step {step}. "), 1)
            });
            (format!("summary of {slug}"), vec![path])
        }
    }
}

#[test]
fn the_preview_follows_every_field_of_cards_and_term_counts() {
    // Two advisories per listing page: dates, expiry, copies and deletions move cards between
    // pages and add or remove pages.
    let dir = copy_of_example_without_typesetting("paginate_by = 2\n");
    let tree = Tree {
        root: dir.path().to_path_buf(),
    };
    tree.theme_printing_every_view();
    let preview = Preview::new(&tree.root, BASE.into());
    preview.rebuild(today());
    assert_same(&preview, &tree.root, "the first build");
    let mut rng = Rng(15);
    for step in 0..30 {
        let (what, paths) = random_edit(&tree, &mut rng, step);
        preview.apply(&paths, today());
        let errors = &preview.snapshot().errors;
        assert!(errors.is_empty(), "step {step} ({what}): {errors:?}");
        assert_same(&preview, &tree.root, &format!("step {step} ({what})"));
    }
}
