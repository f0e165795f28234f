//! Reusing a language's search index from the previous output: the manifest
//! [`SEARCH_MANIFEST`], written into the output beside `pagefind/`, records for each language the
//! digest of everything its index is made from (`language_key`), the language's own Pagefind
//! entry file, and the files its bundle holds with their digests. A language whose key is
//! unchanged and whose files in the previous output are still exactly the bytes recorded is not
//! indexed again: its bundle is read back and merged with the others as a fresh one would be, so
//! the output is byte-identical to a fresh build. Anything in doubt (no manifest, an unreadable
//! one, a missing or changed file) means indexing again, never a failed build.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Bundle, ENTRY_FILE, Record};
use crate::output::{File, file_digest, is_inside};
use crate::plan::urls::BUNDLE_DIR;

/// The manifest of the search index, at the root of the output.
pub const SEARCH_MANIFEST: &str = ".redflag-search.json";

/// The manifest: each language's entry, by language tag.
pub type Manifest = BTreeMap<String, LanguageEntry>;

/// What the manifest records about one language's index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// The digest of its inputs (`language_key`).
    pub key: String,
    /// Its bundle's own entry file (merged into the output's with the other languages').
    pub entry: String,
    /// The other files of its bundle (below `pagefind/`) and their BLAKE3 digests.
    pub files: BTreeMap<String, String>,
}

impl LanguageEntry {
    /// The entry of a bundle just made from inputs with digest `key`; `None` if the bundle has
    /// no entry file it can record.
    pub fn new(key: String, bundle: &Bundle) -> Option<LanguageEntry> {
        let entry = String::from_utf8(bundle.get(ENTRY_FILE)?.clone()).ok()?;
        let files = bundle
            .iter()
            .filter(|(name, _)| *name != ENTRY_FILE)
            .map(|(name, bytes)| (name.clone(), file_digest(bytes)))
            .collect();
        Some(LanguageEntry { key, entry, files })
    }

    /// The bundle this entry describes, its files read with `read`, if each is exactly the
    /// bytes recorded.
    fn bundle(&self, read: impl Fn(&str) -> Option<Vec<u8>>) -> Option<Bundle> {
        let mut bundle = Bundle::new();
        for (name, recorded) in &self.files {
            let bytes = read(name).filter(|bytes| file_digest(bytes) == *recorded)?;
            bundle.insert(name.clone(), bytes);
        }
        bundle.insert(ENTRY_FILE.to_owned(), self.entry.clone().into_bytes());
        Some(bundle)
    }
}

/// Search indexes of a previous build, reused when their inputs have not changed.
pub trait SearchCache: Sync {
    /// The bundle previously made for `language` from inputs with digest `key`, if its files
    /// are intact.
    fn get(&self, language: &str, key: &str) -> Option<Bundle>;
}

/// No previous index: every language is indexed.
pub struct NoSearchCache;

impl SearchCache for NoSearchCache {
    fn get(&self, _language: &str, _key: &str) -> Option<Bundle> {
        None
    }
}

/// Reads a file of the previous output by its path below the output (`pagefind/…`).
type ReadFile = Box<dyn Fn(&str) -> Option<Vec<u8>> + Sync>;

/// The search index of a previous build, reused when its inputs have not changed: in an output
/// folder (`open`), or in the preview's memory (`in_memory`).
pub struct PreviousSearch {
    read: ReadFile,
    manifest: Manifest,
}

impl PreviousSearch {
    /// Reads the search manifest of the output folder `dir` (none, or one that does not read:
    /// nothing to reuse).
    pub fn open(dir: &Path) -> PreviousSearch {
        let dir = dir.to_path_buf();
        PreviousSearch::new(Box::new(move |path| {
            // The names come from the manifest: only files inside the output are read back.
            is_inside(path)
                .then(|| std::fs::read(dir.join(path)).ok())
                .flatten()
        }))
    }

    /// The index of the files a previous version of the site wrote into memory (the preview's),
    /// by their paths below the output.
    pub fn in_memory(files: HashMap<String, File>) -> PreviousSearch {
        PreviousSearch::new(Box::new(move |path| files.get(path).map(|f| f.to_vec())))
    }

    fn new(read: ReadFile) -> PreviousSearch {
        let manifest = read(SEARCH_MANIFEST)
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        PreviousSearch { read, manifest }
    }
}

impl SearchCache for PreviousSearch {
    fn get(&self, language: &str, key: &str) -> Option<Bundle> {
        let entry = self.manifest.get(language).filter(|e| e.key == key)?;
        entry.bundle(|name| (self.read)(&format!("{BUNDLE_DIR}{name}")))
    }
}

/// The digest of everything a language's index is made from: the redflag binary (`identity`:
/// its version, Pagefind's and the other dependencies'), the index options, the language and its
/// records. Equal keys give byte-identical bundles.
pub fn language_key(options: &str, language: &str, records: &[Record]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [
        crate::identity::identity(),
        options.as_bytes(),
        language.as_bytes(),
    ] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    for record in records {
        for field in [&record.url, &record.title, &record.content] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
    }
    hasher.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Bundle {
        Bundle::from([
            (
                ENTRY_FILE.to_owned(),
                br#"{"languages":{"en":{}}}"#.to_vec(),
            ),
            ("pagefind.js".to_owned(), b"js".to_vec()),
            ("index/en_1.pf_index".to_owned(), b"index".to_vec()),
        ])
    }

    #[test]
    fn an_entry_gives_back_only_the_bytes_it_recorded() {
        let made = bundle();
        let entry = LanguageEntry::new("k".into(), &made).expect("an entry file");
        let files = made.clone();
        assert_eq!(entry.bundle(|name| files.get(name).cloned()), Some(made));
        let truncated = |name: &str| files.get(name).map(|b| b[..1].to_vec());
        assert_eq!(entry.bundle(truncated), None);
        assert_eq!(entry.bundle(|_| None), None);
    }

    #[test]
    fn a_previous_output_gives_back_only_intact_bundles_of_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let made = bundle();
        for (name, bytes) in &made {
            let path = dir.path().join(BUNDLE_DIR).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let entry = LanguageEntry::new("k".into(), &made).unwrap();
        let manifest = serde_json::to_vec(&Manifest::from([("en".to_owned(), entry)])).unwrap();
        std::fs::write(dir.path().join(SEARCH_MANIFEST), manifest).unwrap();
        let previous = PreviousSearch::open(dir.path());
        assert_eq!(previous.get("en", "k"), Some(made));
        assert_eq!(previous.get("en", "other key"), None);
        assert_eq!(previous.get("fr", "k"), None);
        std::fs::write(dir.path().join("pagefind/pagefind.js"), b"changed").unwrap();
        assert_eq!(previous.get("en", "k"), None);
        std::fs::write(dir.path().join(SEARCH_MANIFEST), b"{ not json").unwrap();
        assert_eq!(PreviousSearch::open(dir.path()).get("en", "k"), None);
    }

    #[test]
    fn a_manifest_naming_a_file_outside_the_output_is_never_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"secret").unwrap();
        let mut made = bundle();
        made.insert("../../secret.txt".into(), b"secret".to_vec());
        let entry = LanguageEntry::new("k".into(), &made).unwrap();
        let manifest = serde_json::to_vec(&Manifest::from([("en".to_owned(), entry)])).unwrap();
        std::fs::write(out.join(SEARCH_MANIFEST), manifest).unwrap();
        for (name, bytes) in bundle() {
            let path = out.join(BUNDLE_DIR).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        assert_eq!(PreviousSearch::open(&out).get("en", "k"), None);
    }

    #[test]
    fn a_previous_version_in_memory_gives_back_only_intact_bundles_of_the_same_key() {
        let made = bundle();
        let entry = LanguageEntry::new("k".into(), &made).unwrap();
        let manifest = serde_json::to_vec(&Manifest::from([("en".to_owned(), entry)])).unwrap();
        let mut files: HashMap<String, File> = made
            .iter()
            .map(|(name, bytes)| (format!("{BUNDLE_DIR}{name}"), File::from(bytes.as_slice())))
            .collect();
        files.insert(SEARCH_MANIFEST.to_owned(), File::from(manifest));
        assert_eq!(
            PreviousSearch::in_memory(files.clone()).get("en", "k"),
            Some(made)
        );
        assert_eq!(
            PreviousSearch::in_memory(files.clone()).get("en", "j"),
            None
        );
        files.insert(
            format!("{BUNDLE_DIR}pagefind.js"),
            File::from(&b"changed"[..]),
        );
        assert_eq!(PreviousSearch::in_memory(files).get("en", "k"), None);
    }

    #[test]
    fn the_key_changes_with_every_input() {
        let record = |content: &str| Record {
            url: "/en/advisories/a/".into(),
            title: "A".into(),
            content: content.into(),
        };
        let key = language_key("options", "en", &[record("text")]);
        assert_eq!(key, language_key("options", "en", &[record("text")]));
        for other in [
            language_key("options", "fr", &[record("text")]),
            language_key("other options", "en", &[record("text")]),
            language_key("options", "en", &[record("text!")]),
            language_key("options", "en", &[]),
        ] {
            assert_ne!(key, other);
        }
    }
}
