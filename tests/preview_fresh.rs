//! The live preview is never stale: a seeded random sequence of edits (change, add, rename and
//! delete advisories and translations, break and fix front matter, edit templates and UI
//! strings), and after each step the preview's output equals a fresh full build of the same tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use redflag::build::{load, render_web};
use redflag::content::LoadOptions;
use redflag::output::MemorySink;
use redflag::serve::preview::Preview;

use crate::support::example::copy_of_example;
use crate::support::rng::Rng;
use crate::support::{advisory_slugs, copy_dir, repository};

const BASE: &str = "http://127.0.0.1:1111";

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
}

/// Files a build writes, posters aside (the preview renders those on request), and the pages
/// manifest aside (a build's record of its pages for the next build; the preview keeps its
/// pages in memory).
fn comparable(files: HashMap<String, Arc<[u8]>>) -> HashMap<String, Arc<[u8]>> {
    files
        .into_iter()
        .filter(|(path, _)| !path.ends_with(".pdf") && !path.ends_with(".png"))
        .filter(|(path, _)| path != redflag::render::cache::PAGES_MANIFEST)
        .collect()
}

fn fresh_build(root: &Path) -> HashMap<String, Arc<[u8]>> {
    let prepared = load(
        root,
        &LoadOptions {
            drafts: true,
            base_url: Some(BASE.to_owned()),
        },
    )
    .expect("the tree is valid");
    let sink = MemorySink::default();
    render_web(&prepared, today(), &redflag::build::Previous::none(), &sink).expect("it renders");
    comparable(sink.into_files())
}

fn assert_same(preview: &Preview, root: &Path, step: &str) {
    let shown = comparable(preview.snapshot().all_files());
    let fresh = fresh_build(root);
    let mut missing: Vec<_> = fresh.keys().filter(|k| !shown.contains_key(*k)).collect();
    let mut extra: Vec<_> = shown.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let mut differ: Vec<_> = fresh
        .iter()
        .filter(|(k, v)| shown.get(*k).is_some_and(|s| s != *v))
        .map(|(k, _)| k)
        .collect();
    missing.sort();
    extra.sort();
    differ.sort();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {step}: the preview is stale\n missing {missing:?}\n extra {extra:?}\n differ {differ:?}"
    );
}

struct Tree {
    root: PathBuf,
}

impl Tree {
    fn advisories(&self) -> Vec<String> {
        advisory_slugs(&self.root)
    }

    fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) -> PathBuf {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, change(text)).unwrap();
        path
    }
}

#[test]
fn after_every_edit_the_preview_equals_a_fresh_build() {
    // Two advisories per listing page: adding, deleting and retitling advisories moves cards
    // between pages and adds or removes pages.
    let dir = copy_of_example("paginate_by = 2\n");
    let repo = repository();
    copy_dir(
        &repo.join("themes/default/templates"),
        &dir.path().join("themes/default/templates"),
    );
    copy_dir(
        &repo.join("themes/default/i18n"),
        &dir.path().join("themes/default/i18n"),
    );
    let tree = Tree {
        root: dir.path().to_path_buf(),
    };
    let preview = Preview::new(&tree.root, BASE.into());
    preview.rebuild(today());
    assert_same(&preview, &tree.root, "the first build");

    // Every advisory retitled once, so that a card on every page of the listings changes.
    for slug in tree.advisories() {
        let index = format!("content/advisories/{slug}/index.md");
        let path = tree.edit(&index, |t| t.replacen("title: ", "title: Retitled — ", 1));
        preview.apply(&[path], today());
        assert_same(&preview, &tree.root, &format!("retitle {slug}"));
    }

    let mut rng = Rng(2026);
    for step in 0..24 {
        let slugs = tree.advisories();
        let slug = slugs[rng.below(slugs.len())].clone();
        let index = format!("content/advisories/{slug}/index.md");
        let (what, paths): (String, Vec<PathBuf>) = match rng.below(10) {
            0 => (
                format!("retitle {slug}"),
                vec![tree.edit(&index, |t| {
                    t.replacen("title: ", &format!("title: Step {step} — "), 1)
                })],
            ),
            1 => (
                format!("edit the body of {slug}"),
                vec![tree.edit(&index, |t| {
                    t + &format!("\nA new paragraph, step {step}.\n")
                })],
            ),
            2 => {
                let slug_dir = tree.root.join("content/advisories").join(&slug);
                let translation = std::fs::read_dir(&slug_dir)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(".fr.md"));
                match translation {
                    Some(path) => {
                        let text = std::fs::read_to_string(&path).unwrap();
                        std::fs::write(
                            &path,
                            text.replacen("title: ", &format!("title: Étape {step} — "), 1),
                        )
                        .unwrap();
                        (format!("retitle the French {slug}"), vec![path])
                    }
                    None => (format!("nothing to translate in {slug}"), vec![]),
                }
            }
            3 => {
                let new = format!("copy-{step}");
                copy_dir(
                    &tree.root.join("content/advisories").join(&slug),
                    &tree.root.join("content/advisories").join(&new),
                );
                (
                    format!("copy {slug} to {new}"),
                    vec![tree.root.join("content/advisories").join(&new)],
                )
            }
            4 if slugs.len() > 2 => {
                let gone = tree.root.join("content/advisories").join(&slug);
                std::fs::remove_dir_all(&gone).unwrap();
                (format!("delete {slug}"), vec![gone])
            }
            5 => {
                let from = tree.root.join("content/advisories").join(&slug);
                let to = tree
                    .root
                    .join("content/advisories")
                    .join(format!("renamed-{step}"));
                std::fs::rename(&from, &to).unwrap();
                (format!("rename {slug}"), vec![from, to])
            }
            6 => {
                let path = tree
                    .root
                    .join("content/advisories")
                    .join(&slug)
                    .join("index.zh-Hans.md");
                if path.exists() {
                    std::fs::remove_file(&path).unwrap();
                }
                (format!("delete the Chinese {slug}"), vec![path])
            }
            7 => {
                let good = std::fs::read_to_string(tree.root.join(&index)).unwrap();
                let path = tree.edit(&index, |t| t.replacen("severity: ", "severity: [", 1));
                preview.apply(std::slice::from_ref(&path), today());
                assert!(
                    !preview.snapshot().errors.is_empty(),
                    "step {step}: broken front matter is reported"
                );
                std::fs::write(&path, good).unwrap();
                (format!("break and fix {slug}"), vec![path])
            }
            8 => (
                "edit a template".into(),
                vec![tree.edit("themes/default/templates/404.html", |t| {
                    t.replacen("</h1>", &format!(" ({step})</h1>"), 1)
                })],
            ),
            _ => (
                "edit a UI string".into(),
                vec![tree.edit("themes/default/i18n/fr.yaml", |t| {
                    t.replacen("red_flags: ", &format!("red_flags: {step} "), 1)
                })],
            ),
        };
        preview.apply(&paths, today());
        assert!(
            preview.snapshot().errors.is_empty(),
            "step {step} ({what}): {:?}",
            preview.snapshot().errors
        );
        assert_same(&preview, &tree.root, &format!("step {step} ({what})"));
    }
}

/// The languages a fresh build of `root` lists (those at or above their `min_coverage`).
fn listed_languages(root: &Path) -> Vec<String> {
    let options = LoadOptions {
        drafts: true,
        base_url: Some(BASE.to_owned()),
    };
    let prepared = load(root, &options).expect("the tree is valid");
    let site = &prepared.site;
    site.listed_languages()
        .iter()
        .map(|l| l.tag.clone())
        .collect()
}

/// A language is listed (language switcher, sitemap, feeds) only while enough of the site is
/// translated into it (`min_coverage`): one advisory's translation deleted takes French below
/// it, which changes every page, not only the pages that show that advisory.
#[test]
fn an_edit_that_takes_a_language_below_its_minimum_coverage_reaches_every_page() {
    let dir = copy_of_example("");
    let config = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let with_minimum = text.replacen(
        "[languages.fr]\n",
        "[languages.fr]\nmin_coverage = 0.5\n",
        1,
    );
    assert_ne!(with_minimum, text, "site.toml has French");
    std::fs::write(&config, with_minimum).unwrap();
    assert!(listed_languages(dir.path()).contains(&"fr".to_owned()));
    let preview = Preview::new(dir.path(), BASE.into());
    preview.rebuild(today());
    assert_same(&preview, dir.path(), "the first build");

    let gone = dir
        .path()
        .join("content/advisories/police-impersonation-calls-toronto/index.fr.md");
    std::fs::remove_file(&gone).unwrap();
    assert!(!listed_languages(dir.path()).contains(&"fr".to_owned()));
    preview.apply(&[gone], today());
    assert_same(&preview, dir.path(), "French below its minimum coverage");
}
