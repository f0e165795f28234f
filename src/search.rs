//! Site search: a Pagefind index of the rendered advisory pages, built in-process with the
//! `pagefind` library and written with Pagefind's self-hosted UI under `pagefind/`.
//!
//! Pagefind splits its index by each page's `<html lang>`, so every language has its own index
//! and a language's search page searches that language only (Chinese and Japanese text is
//! segmented into words by the library's `extended` feature). What is indexed is decided here,
//! from the model: each advisory page in a language the advisory is translated into. Listings,
//! the 404 and search pages, posters, and the fallback copies of untranslated advisories (whose
//! text is already indexed in its own language) are not, so no text is found twice.
//!
//! The pages arrive as rendered HTML, captured on their way to the output by a [`Recorder`]:
//! search never reads files and never re-renders.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::Site;
use crate::render::Sink;
use crate::render::urls::{PageKind, Urls};

/// Where the index and the Pagefind UI are written, below the site root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The pages to index: output file → site-root-relative URL.
pub fn indexed_pages(site: &Site) -> HashMap<String, String> {
    let urls = Urls::new(&site.config);
    site.advisories
        .iter()
        .flat_map(|advisory| {
            let page = PageKind::Advisory(advisory.slug.clone());
            site.config
                .languages
                .iter()
                .filter(|lang| advisory.is_translated(&lang.tag))
                .map(|lang| (urls.output_file(&page, lang), urls.url(&page, lang)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A page captured for indexing.
#[derive(Debug, Clone)]
pub struct CapturedPage {
    /// Its site-root-relative URL.
    pub url: String,
    /// Its HTML.
    pub html: String,
}

/// A sink that passes every file on and keeps a copy of the pages to index.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    wanted: HashMap<String, String>,
    captured: Mutex<Vec<CapturedPage>>,
}

impl<'a> Recorder<'a> {
    /// Records the pages of `wanted` (output file → URL) written through it into `inner`.
    pub fn new(inner: &'a dyn Sink, wanted: HashMap<String, String>) -> Self {
        Recorder {
            inner,
            wanted,
            captured: Mutex::new(Vec::new()),
        }
    }

    /// The captured pages, sorted by URL so the index does not depend on rendering order.
    pub fn into_pages(self) -> Vec<CapturedPage> {
        let mut pages = self
            .captured
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        pages
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(url) = self.wanted.get(path) {
            let page = CapturedPage {
                url: url.clone(),
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

/// Indexes `pages` and writes the index and the Pagefind UI under [`BUNDLE_DIR`].
pub fn write_index(pages: Vec<CapturedPage>, sink: &dyn Sink) -> Result<SearchSummary, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| search_error(&err.to_string()))?;
    let files = runtime
        .block_on(build_index(&pages))
        .map_err(|err| search_error(&format!("{err:#}")))?;
    for file in &files {
        let path = format!("{BUNDLE_DIR}{}", file.filename.to_string_lossy());
        sink.write(&path, &file.contents)
            .map_err(|err| search_error(&format!("cannot write {path}: {err}")))?;
    }
    Ok(SearchSummary {
        pages: pages.len(),
        files: files.len(),
    })
}

async fn build_index(pages: &[CapturedPage]) -> anyhow::Result<Vec<pagefind::api::SyntheticFile>> {
    let options = PagefindServiceConfig::builder()
        .keep_index_url(false)
        .build();
    let mut index = PagefindIndex::new(Some(options))?;
    for page in pages {
        index
            .add_html_file(None, Some(page.url.clone()), page.html.clone())
            .await?;
    }
    index.get_files().await
}

fn search_error(message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(BUNDLE_DIR),
        Position::default(),
        format!("cannot build the search index: {message}"),
    )
}
