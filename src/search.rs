//! Site search: a Pagefind index of the advisory pages, built in-process with the `pagefind`
//! library and written with Pagefind's self-hosted UI under `pagefind/`.
//!
//! Pagefind splits its index by language, so every language has its own index and a
//! language's search page searches that language only (Chinese and Japanese text is segmented
//! into words by the library's `extended` feature). What is indexed is decided here, from the
//! model: each advisory page in a language the advisory is translated into, as a record of its
//! own text (`records`). Listings, the 404 and search pages, posters, and the fallback copies
//! of untranslated advisories (whose text is already indexed in its own language) are not, so
//! no text is found twice.
//!
//! Search never reads or parses the rendered pages: Pagefind is given the text the model
//! already holds (`add_custom_record`). Languages are indexed in parallel, at most
//! [`LANGUAGES_AT_ONCE`] at a time and the largest first, each language's records made when its
//! turn comes and dropped once indexed, so memory grows with the largest languages, not with
//! the site; their bundles are then merged. The peak is the index of the largest language being
//! built: Pagefind is patched (`vendor/pagefind/PATCHED.md`) not to copy a language's pages for
//! it, nor to hold every page's word map at once. A language whose records are those the previous
//! output was indexed from is not indexed again: its bundle is read back from there (`cache`).
//! A site with `search = false` in `site.toml` has no index and no search page.

mod cache;
mod records;

use std::collections::BTreeMap;
use std::path::Path;

use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::Site;
use crate::output::Sink;
use crate::plan::urls::BUNDLE_DIR;
use cache::{LanguageEntry, Manifest, language_key};
pub use cache::{NoSearchCache, PreviousSearch, SEARCH_MANIFEST, SearchCache};
pub use records::{Record, records};

/// How many languages are indexed at the same time: each holds its whole index in memory
/// until its bundle is written.
pub const LANGUAGES_AT_ONCE: usize = 2;

/// What indexing produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Pages indexed.
    pub pages: usize,
    /// Files written under `pagefind/`, and the manifest.
    pub files: usize,
    /// Languages with an index.
    pub languages: usize,
    /// Of those, the languages whose index was reused from the previous output.
    pub unchanged: usize,
}

/// The file in which Pagefind lists the languages of the bundle.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// Indexes the advisory pages of `site` and writes the index and the Pagefind UI under
/// [`BUNDLE_DIR`], and the manifest [`SEARCH_MANIFEST`]; a language whose index `cache` holds
/// for the same inputs is not indexed again.
///
/// Pagefind keeps one index per language, so each language is indexed on its own (Pagefind's
/// library indexes the records it is given one after the other); the bundles share every file
/// but the entry file, whose lists of languages are merged.
pub fn write_index(
    site: &Site,
    cache: &dyn SearchCache,
    sink: &dyn Sink,
) -> Result<SearchSummary, Diagnostic> {
    let mut languages: Vec<(&Language, usize)> = site
        .config
        .languages
        .iter()
        .map(|lang| (lang, records::count(site, lang)))
        .filter(|(_, pages)| *pages > 0)
        .collect();
    languages.sort_by_key(|(lang, pages)| (std::cmp::Reverse(*pages), lang.tag.clone()));
    let index_all = || {
        languages
            .par_iter()
            .with_max_len(1)
            .map(|(lang, _)| language_bundle(&lang.tag, records(site, lang), cache))
            .collect::<Result<Vec<_>, _>>()
    };
    let made = match rayon::ThreadPoolBuilder::new()
        .num_threads(LANGUAGES_AT_ONCE)
        .build()
    {
        Ok(pool) => pool.install(index_all),
        Err(_) => index_all(),
    }?;
    let mut manifest = Manifest::new();
    let mut bundles = Vec::with_capacity(made.len());
    let mut unchanged = 0;
    for (lang, made) in languages.iter().zip(made) {
        unchanged += usize::from(made.reused);
        if let Some(entry) = LanguageEntry::new(made.key, &made.bundle) {
            manifest.insert(lang.0.tag.clone(), entry);
        }
        bundles.push(made.bundle);
    }
    let files = merge_bundles(bundles)?;
    for (name, contents) in &files {
        write(sink, &format!("{BUNDLE_DIR}{name}"), contents)?;
    }
    let manifest = serde_json::to_vec_pretty(&manifest)
        .map_err(|err| search_error(&format!("cannot write {SEARCH_MANIFEST}: {err}")))?;
    write(sink, SEARCH_MANIFEST, &manifest)?;
    Ok(SearchSummary {
        pages: languages.iter().map(|(_, pages)| pages).sum(),
        files: files.len() + 1,
        languages: languages.len(),
        unchanged,
    })
}

fn write(sink: &dyn Sink, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, contents)
        .map_err(|err| search_error(&format!("cannot write {path}: {err}")))
}

/// A Pagefind bundle: file name below [`BUNDLE_DIR`] → contents.
type Bundle = BTreeMap<String, Vec<u8>>;

/// One language's bundle, and whether it was taken from the previous output.
struct Made {
    bundle: Bundle,
    key: String,
    reused: bool,
}

/// The bundle of one language: the previous one when `cache` has it for these records,
/// otherwise indexed now.
fn language_bundle(
    language: &str,
    records: Vec<Record>,
    cache: &dyn SearchCache,
) -> Result<Made, Diagnostic> {
    let key = language_key(&format!("{:?}", index_options()), language, &records);
    if let Some(bundle) = cache.get(language, &key) {
        return Ok(Made {
            bundle,
            key,
            reused: true,
        });
    }
    Ok(Made {
        bundle: index_language(language, records, index_options())?,
        key,
        reused: false,
    })
}

/// Indexes the records of one language into a bundle of its own.
fn index_language(
    language: &str,
    records: Vec<Record>,
    options: PagefindServiceConfig,
) -> Result<Bundle, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| search_error(&err.to_string()))?;
    let files = runtime
        .block_on(build_index(language, records, options))
        .map_err(|err| search_error(&format!("{err:#}")))?;
    Ok(files
        .into_iter()
        .map(|file| (file.filename.to_string_lossy().into_owned(), file.contents))
        .collect())
}

async fn build_index(
    language: &str,
    records: Vec<Record>,
    options: PagefindServiceConfig,
) -> anyhow::Result<Vec<SyntheticFile>> {
    let mut index = PagefindIndex::new(Some(options))?;
    // Pagefind reads an HTML page's language lower-cased (`zh-hans`), and its UI looks the
    // index up so.
    let language = language.to_lowercase();
    for record in records {
        let meta = BTreeMap::from([("title".to_owned(), record.title)]);
        index
            .add_custom_record(
                record.url,
                record.content,
                language.clone(),
                Some(meta),
                None,
                None,
            )
            .await?;
    }
    index.get_files().await
}

/// The gzip level of the index files: zlib's default. At Pagefind's own, 9, indexing took about
/// a sixth more CPU for files 1 % smaller (1,000 advisories × 3 languages: 12.78 and 12.91 MB).
const COMPRESSION_LEVEL: u32 = 6;

/// The options every language is indexed with.
fn index_options() -> PagefindServiceConfig {
    PagefindServiceConfig::builder()
        .keep_index_url(false)
        .compression_level(COMPRESSION_LEVEL)
        .build()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Pagefind is patched (`vendor/pagefind/PATCHED.md`) to build an index a batch of pages at
    /// a time; the index must stay the one the published Pagefind 1.6.0 builds. These records
    /// span three batches and spell one word two ways ("élève", "élevé": one word, two
    /// variants, whose order in the index is the order of the pages); the digest was taken with
    /// the published, unpatched crate, with its own gzip level (9).
    #[test]
    fn the_patched_pagefind_indexes_as_the_published_one() {
        let published = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let bundle = index_language("fr", french_records(), published).expect("an index");
        let mut hasher = blake3::Hasher::new();
        for (name, contents) in &bundle {
            hasher.update(name.as_bytes());
            hasher.update(&(contents.len() as u64).to_le_bytes());
            hasher.update(contents);
        }
        assert_eq!(
            hasher.finalize().to_hex().as_str(),
            "64484e8522e3f236869c2b6821321562f6caec4ae5ebaed61606bec153098312"
        );
    }

    fn french_records() -> Vec<Record> {
        (0..600)
            .map(|n| Record {
                url: format!("/fr/advisories/a-{n:03}/"),
                title: format!("Avis {n}"),
                content: match n % 2 {
                    0 => format!("Un élève reçoit l'appel {n}. Raccrochez."),
                    _ => format!("Un prix élevé est demandé {n}. Raccrochez."),
                },
            })
            .collect()
    }

    /// `name`'s contents, gunzipped when Pagefind compressed them.
    fn unpacked(name: &str, contents: &[u8]) -> Vec<u8> {
        if !name.contains(".pf_") {
            return contents.to_vec();
        }
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(contents), &mut out)
            .expect("a gzip file");
        out
    }

    /// The level redflag compresses at changes the files' bytes, never what they hold: the
    /// same file names (Pagefind names a file by its contents) with the same contents unpacked
    /// as at Pagefind's own level.
    #[test]
    fn the_index_holds_at_redflags_gzip_level_what_it_holds_at_pagefinds() {
        let at = |options| index_language("fr", french_records(), options).expect("an index");
        let ours = at(index_options());
        let pagefinds = at(PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build());
        assert!(ours.keys().any(|name| name.ends_with(".pf_fragment")));
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            pagefinds.keys().collect::<Vec<_>>()
        );
        for (name, contents) in &ours {
            assert_eq!(
                unpacked(name, contents),
                unpacked(name, &pagefinds[name]),
                "{name}"
            );
        }
        assert_ne!(ours, pagefinds, "the gzip level is not passed to Pagefind");
    }
}
