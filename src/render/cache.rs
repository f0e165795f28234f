//! Reusing pages from the previous output: the manifest [`PAGES_MANIFEST`], written at the
//! output's root, records for every page the digest of everything it is made from (its key,
//! `keys`) and the files its rendering wrote (its HTML, an advisory's `share/` texts) with their
//! digests. A page whose key is unchanged and whose files in the previous output are still
//! exactly the bytes recorded is not rendered again: its files are read back and written as a
//! fresh render would write them, so the output is byte-identical to a fresh build. Anything in
//! doubt (no manifest, an unreadable one, a missing or changed file) means rendering again.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::write_error;
use crate::diagnostics::Diagnostic;
use crate::output::{Sink, file_digest, is_inside, read_manifest};

/// The manifest of the pages, at the root of the output.
pub const PAGES_MANIFEST: &str = ".redflag-pages.json";

/// What the manifest records: every page, by the path of its HTML file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The pages.
    pub pages: BTreeMap<String, PageEntry>,
}

/// What the manifest records about one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageEntry {
    /// The digest of its inputs.
    pub key: String,
    /// The files its rendering wrote (below the output) and their BLAKE3 digests.
    pub files: BTreeMap<String, String>,
}

/// A page of the previous build, found intact: its manifest entry and its files' bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Kept {
    /// Its entry, as the previous manifest recorded it.
    pub entry: PageEntry,
    /// Each of its files with its bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Pages of a previous build, reused when their inputs have not changed.
pub trait PageCache: Sync {
    /// The page whose HTML is at `page`, made from inputs with digest `key`, if its files are
    /// intact.
    fn get(&self, page: &str, key: &str) -> Option<Kept>;
}

/// No previous pages: every page is rendered.
pub struct NoPageCache;

impl PageCache for NoPageCache {
    fn get(&self, _page: &str, _key: &str) -> Option<Kept> {
        None
    }
}

/// The pages of the output folder a previous build wrote.
pub struct PreviousPages {
    dir: PathBuf,
    manifest: Manifest,
}

impl PreviousPages {
    /// Reads the pages manifest of the output folder `dir` (none, or one that does not read:
    /// nothing to reuse).
    pub fn open(dir: &Path) -> PreviousPages {
        let manifest = read_manifest(dir, PAGES_MANIFEST);
        PreviousPages {
            dir: dir.to_path_buf(),
            manifest,
        }
    }
}

impl PageCache for PreviousPages {
    fn get(&self, page: &str, key: &str) -> Option<Kept> {
        let entry = self.manifest.pages.get(page).filter(|e| e.key == key)?;
        let files = entry
            .files
            .iter()
            .map(|(path, recorded)| {
                // The names come from the manifest: only files inside the output are read back.
                if !is_inside(path) {
                    return None;
                }
                let bytes = std::fs::read(self.dir.join(path)).ok()?;
                (file_digest(&bytes) == *recorded).then(|| (path.clone(), bytes))
            })
            .collect::<Option<_>>()?;
        Some(Kept {
            entry: entry.clone(),
            files,
        })
    }
}

/// A render that reuses the pages `cache` holds for their keys, and records every page's
/// entry for the next build's manifest.
pub(super) struct Reuse<'c> {
    keys: HashMap<String, String>,
    cache: &'c dyn PageCache,
    made: Mutex<BTreeMap<String, PageEntry>>,
}

impl<'c> Reuse<'c> {
    /// A render of the pages whose keys are `keys` (by the path of their HTML file).
    pub(super) fn new(keys: HashMap<String, String>, cache: &'c dyn PageCache) -> Reuse<'c> {
        Reuse {
            keys,
            cache,
            made: Mutex::default(),
        }
    }

    /// Writes the previous files of the page whose HTML is at `page` into `sink` when the
    /// cache holds them for its key; `false` (nothing written) when it must be rendered.
    pub(super) fn restore(&self, page: &str, sink: &dyn Sink) -> Result<bool, Diagnostic> {
        let Some(kept) = self
            .keys
            .get(page)
            .and_then(|key| self.cache.get(page, key))
        else {
            return Ok(false);
        };
        for (path, bytes) in &kept.files {
            sink.write_unchanged(path, bytes)
                .map_err(|err| write_error(path, &err))?;
        }
        self.insert(page, kept.entry);
        Ok(true)
    }

    /// Renders the page whose HTML is at `page` with `render`, recording the files it writes.
    pub(super) fn record(
        &self,
        page: &str,
        sink: &dyn Sink,
        render: impl FnOnce(&dyn Sink) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let Some(key) = self.keys.get(page) else {
            return render(sink);
        };
        let recording = Recording::new(sink);
        render(&recording)?;
        self.insert(page, recording.into_entry(key.clone()));
        Ok(())
    }

    fn insert(&self, page: &str, entry: PageEntry) {
        self.made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(page.to_owned(), entry);
    }

    /// The manifest of the pages written.
    pub(super) fn into_manifest(self) -> Manifest {
        Manifest {
            pages: self
                .made
                .into_inner()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }
}

/// A sink that passes every file on to another and records its digest: what one page's
/// rendering wrote.
struct Recording<'s> {
    inner: &'s dyn Sink,
    files: Mutex<BTreeMap<String, String>>,
}

impl<'s> Recording<'s> {
    /// Records what is written into `inner`.
    fn new(inner: &'s dyn Sink) -> Recording<'s> {
        Recording {
            inner,
            files: Mutex::default(),
        }
    }

    /// The entry of a page made from inputs with digest `key`.
    fn into_entry(self, key: String) -> PageEntry {
        let files = self
            .files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        PageEntry { key, files }
    }
}

impl Sink for Recording<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(path, bytes)?;
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), file_digest(bytes));
        Ok(())
    }

    fn reads(&self, path: &str) -> bool {
        self.inner.reads(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;

    #[test]
    fn a_previous_output_gives_back_only_intact_pages_of_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let sink = MemorySink::default();
        let recording = Recording::new(&sink);
        for (path, bytes) in [("fr/a/index.html", "page"), ("fr/a/share/sms.txt", "sms")] {
            recording.write(path, bytes.as_bytes()).unwrap();
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        let manifest = Manifest {
            pages: BTreeMap::from([(
                "fr/a/index.html".to_owned(),
                recording.into_entry("k".into()),
            )]),
        };
        assert_eq!(sink.into_files().len(), 2, "passed on");
        std::fs::write(
            dir.path().join(PAGES_MANIFEST),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
        let previous = PreviousPages::open(dir.path());
        let kept = previous.get("fr/a/index.html", "k").expect("intact");
        assert_eq!(
            kept.files,
            vec![
                ("fr/a/index.html".to_owned(), b"page".to_vec()),
                ("fr/a/share/sms.txt".to_owned(), b"sms".to_vec())
            ]
        );
        assert_eq!(kept.entry, manifest.pages["fr/a/index.html"]);
        assert_eq!(previous.get("fr/a/index.html", "other key"), None);
        assert_eq!(previous.get("fr/b/index.html", "k"), None);
        std::fs::write(dir.path().join("fr/a/share/sms.txt"), b"changed").unwrap();
        assert_eq!(previous.get("fr/a/index.html", "k"), None);
        std::fs::write(dir.path().join(PAGES_MANIFEST), b"{ not json").unwrap();
        assert_eq!(
            PreviousPages::open(dir.path()).get("fr/a/index.html", "k"),
            None
        );
    }

    #[test]
    fn a_manifest_naming_a_file_outside_the_output_is_never_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"secret").unwrap();
        let entry = PageEntry {
            key: "k".into(),
            files: BTreeMap::from([("../secret.txt".into(), file_digest(b"secret"))]),
        };
        let manifest = Manifest {
            pages: BTreeMap::from([("index.html".to_owned(), entry)]),
        };
        let json = serde_json::to_vec(&manifest).unwrap();
        std::fs::write(out.join(PAGES_MANIFEST), json).unwrap();
        assert_eq!(PreviousPages::open(&out).get("index.html", "k"), None);
    }
}
