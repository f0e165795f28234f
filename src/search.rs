//! Site search: a Pagefind index of the rendered advisory pages, built in-process with the
//! `pagefind` library and written with Pagefind's self-hosted UI under `pagefind/`.
//!
//! Pagefind splits its index by each page's `<html lang>`, so every language has its own index
//! and a language's search page searches that language only (Chinese and Japanese text is
//! segmented into words by the library's `extended` feature); the languages are indexed in
//! parallel and their bundles merged. What is indexed is decided here,
//! from the model: each advisory page in a language the advisory is translated into. Listings,
//! the 404 and search pages, posters, and the fallback copies of untranslated advisories (whose
//! text is already indexed in its own language) are not, so no text is found twice.
//!
//! The pages arrive as rendered HTML, captured on their way to the output by a [`Recorder`]:
//! search never reads files and never re-renders. A site with `search = false` in `site.toml`
//! has no index and no search page.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::Site;
use crate::output::Sink;
use crate::plan::urls::{BUNDLE_DIR, PageKind, Urls};

/// A page to index: its site-root-relative URL and the tag of its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedPage {
    /// Its site-root-relative URL.
    pub url: String,
    /// Its language tag (`zh-Hans`).
    pub language: String,
}

/// The pages to index, by output file.
pub fn indexed_pages(site: &Site) -> HashMap<String, IndexedPage> {
    let urls = Urls::new(&site.config);
    site.advisories
        .iter()
        .flat_map(|advisory| {
            let page = PageKind::Advisory(advisory.slug.clone());
            site.config
                .languages
                .iter()
                .filter(|lang| advisory.has_own_text(&lang.tag))
                .map(|lang| {
                    let indexed = IndexedPage {
                        url: urls.url(&page, lang),
                        language: lang.tag.clone(),
                    };
                    (urls.output_file(&page, lang), indexed)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A page captured for indexing.
#[derive(Debug, Clone)]
pub struct CapturedPage {
    /// Where it is and in which language.
    pub page: IndexedPage,
    /// Its HTML.
    pub html: String,
}

/// A sink that passes every file on and keeps a copy of the pages to index.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    wanted: HashMap<String, IndexedPage>,
    captured: Mutex<Vec<CapturedPage>>,
}

impl<'a> Recorder<'a> {
    /// Records the pages of `wanted` (by output file) written through it into `inner`.
    pub fn new(inner: &'a dyn Sink, wanted: HashMap<String, IndexedPage>) -> Self {
        Recorder {
            inner,
            wanted,
            captured: Mutex::new(Vec::new()),
        }
    }

    /// The captured pages, in the order they were written.
    pub fn into_pages(self) -> Vec<CapturedPage> {
        self.captured
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(page) = self.wanted.get(path) {
            let page = CapturedPage {
                page: page.clone(),
                html: String::from_utf8_lossy(bytes).into_owned(),
            };
            self.captured
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(page);
        }
        self.inner.write(path, bytes)
    }
}

/// What indexing produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Pages indexed.
    pub pages: usize,
    /// Files written under `pagefind/`.
    pub files: usize,
}

/// The file in which Pagefind lists the languages of the bundle.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// Indexes `pages` and writes the index and the Pagefind UI under [`BUNDLE_DIR`].
///
/// Pagefind keeps one index per language, so each language is indexed on its own, in
/// parallel (Pagefind's library indexes the pages it is given one after the other); the
/// bundles share every file but the entry file, whose lists of languages are merged.
pub fn write_index(pages: Vec<CapturedPage>, sink: &dyn Sink) -> Result<SearchSummary, Diagnostic> {
    let indexed = pages.len();
    let bundles = by_language(pages)
        .into_par_iter()
        .map(index_language)
        .collect::<Result<Vec<_>, _>>()?;
    let files = merge_bundles(bundles)?;
    for (name, contents) in &files {
        let path = format!("{BUNDLE_DIR}{name}");
        sink.write(&path, contents)
            .map_err(|err| search_error(&format!("cannot write {path}: {err}")))?;
    }
    Ok(SearchSummary {
        pages: indexed,
        files: files.len(),
    })
}

/// The pages grouped by language, each group sorted by URL so that the index does not depend
/// on the order in which the pages were rendered.
fn by_language(pages: Vec<CapturedPage>) -> Vec<Vec<CapturedPage>> {
    let mut groups: BTreeMap<String, Vec<CapturedPage>> = BTreeMap::new();
    for page in pages {
        groups
            .entry(page.page.language.clone())
            .or_default()
            .push(page);
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_by(|a, b| a.page.url.cmp(&b.page.url));
    }
    groups
}

/// A Pagefind bundle: file name below [`BUNDLE_DIR`] → contents.
type Bundle = BTreeMap<String, Vec<u8>>;

/// Indexes the pages of one language into a bundle of its own.
fn index_language(pages: Vec<CapturedPage>) -> Result<Bundle, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| search_error(&err.to_string()))?;
    let files = runtime
        .block_on(build_index(pages))
        .map_err(|err| search_error(&format!("{err:#}")))?;
    Ok(files
        .into_iter()
        .map(|file| (file.filename.to_string_lossy().into_owned(), file.contents))
        .collect())
}

async fn build_index(pages: Vec<CapturedPage>) -> anyhow::Result<Vec<SyntheticFile>> {
    let options = PagefindServiceConfig::builder()
        .keep_index_url(false)
        .build();
    let mut index = PagefindIndex::new(Some(options))?;
    for page in pages {
        index
            .add_html_file(None, Some(page.page.url), page.html)
            .await?;
    }
    index.get_files().await
}

/// One bundle from the bundles of each language: their files, and one entry file listing
/// every language.
fn merge_bundles(bundles: Vec<Bundle>) -> Result<Bundle, Diagnostic> {
    let mut merged = Bundle::new();
    let mut languages = serde_json::Map::new();
    let mut entry: Option<serde_json::Value> = None;
    for bundle in bundles {
        for (name, contents) in bundle {
            if name != ENTRY_FILE {
                merged.entry(name).or_insert(contents);
                continue;
            }
            let mut this: serde_json::Value = serde_json::from_slice(&contents)
                .map_err(|err| search_error(&format!("unreadable {ENTRY_FILE}: {err}")))?;
            if let Some(serde_json::Value::Object(langs)) =
                this.get_mut("languages").map(std::mem::take)
            {
                languages.extend(langs);
            }
            entry.get_or_insert(this);
        }
    }
    if let Some(mut entry) = entry {
        entry["languages"] = serde_json::Value::Object(languages);
        let json = serde_json::to_vec(&entry)
            .map_err(|err| search_error(&format!("cannot write {ENTRY_FILE}: {err}")))?;
        merged.insert(ENTRY_FILE.to_owned(), json);
    }
    Ok(merged)
}

fn search_error(message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(BUNDLE_DIR),
        Position::default(),
        format!("cannot build the search index: {message}"),
    )
}
