//! Reusing the posters of a previous build: the digest of everything a poster is made from, and
//! the manifest written beside the posters that records, for each poster, that digest, the
//! digests of the PDF and PNG it produced and what it left out (for a print-shop bundle: its
//! digest and its PDF's, with no PNG). A poster is reused only when its
//! inputs are unchanged *and* the files on disk are still the bytes it wrote: a truncated or
//! edited PDF in the output is typeset again, never published again.

use serde::{Deserialize, Serialize};

use super::content::{Omit, PosterInput, poster_data};
use super::{MIN_BODY_PT, PosterJob};
use crate::model::PosterPart;
use crate::theme::Theme;

/// The file, written beside the posters, that maps each poster's PDF path to its entry.
pub const CACHE_MANIFEST: &str = ".redflag-posters.json";

/// What the manifest records about one poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The digest of its inputs (`poster_key`).
    pub key: String,
    /// The BLAKE3 digest of the PDF written.
    pub pdf: String,
    /// The BLAKE3 digest of the PNG preview written.
    pub png: String,
    /// The parts it left out to fit on one page (`PosterPart::id`).
    #[serde(default)]
    pub left_out: Vec<String>,
}

/// A poster taken from a previous build.
#[derive(Debug, Clone)]
pub struct CachedPoster {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its PNG preview.
    pub png: Vec<u8>,
    /// What it left out.
    pub omitted: Omit,
}

impl ManifestEntry {
    /// The entry of a poster just made.
    pub fn new(key: String, pdf: &[u8], png: &[u8], omitted: Omit) -> ManifestEntry {
        ManifestEntry {
            key,
            pdf: crate::output::file_digest(pdf),
            png: crate::output::file_digest(png),
            left_out: omitted
                .parts()
                .into_iter()
                .map(|p| p.id().to_owned())
                .collect(),
        }
    }

    /// The poster this entry describes, if `pdf` and `png` are exactly the bytes it recorded.
    pub fn reuse(&self, pdf: Vec<u8>, png: Vec<u8>) -> Option<CachedPoster> {
        if blake3::hash(&pdf).to_hex().as_str() != self.pdf
            || blake3::hash(&png).to_hex().as_str() != self.png
        {
            return None;
        }
        let mut omitted = Omit::NOTHING;
        for id in &self.left_out {
            omitted = omitted.with(PosterPart::ALL.into_iter().find(|p| p.id() == id)?);
        }
        Some(CachedPoster { pdf, png, omitted })
    }
}

/// Posters of a previous build, reused when their inputs have not changed.
pub trait PosterCache: Sync {
    /// The poster previously made at `pdf` and `png` from inputs with digest `key`, if its files
    /// are intact.
    fn get(&self, pdf: &str, png: &str, key: &str) -> Option<CachedPoster>;

    /// The print-shop bundle previously written at `pdf` from inputs with digest `key`, if its
    /// file is intact.
    fn bundle(&self, pdf: &str, key: &str) -> Option<Vec<u8>>;
}

/// No previous posters: every poster is typeset.
pub struct NoCache;

impl PosterCache for NoCache {
    fn get(&self, _pdf: &str, _png: &str, _key: &str) -> Option<CachedPoster> {
        None
    }

    fn bundle(&self, _pdf: &str, _key: &str) -> Option<Vec<u8>> {
        None
    }
}

/// The digest of everything a poster is made from: its data, paper, path, the advisory's poster
/// options (they decide what a full poster leaves out), the PDF standards, the theme's poster
/// template and fonts, and the binary's identity (its typesetting and QR encoder). Equal digests
/// give byte-identical posters. The QR codes are not made for it: `input` has none, and the page
/// URLs they encode are in the data.
pub fn poster_key(theme_digest: &str, input: &PosterInput, job: &PosterJob) -> String {
    let data =
        serde_json::to_vec(&poster_data(input, MIN_BODY_PT, Omit::NOTHING)).unwrap_or_default();
    let mut hasher = blake3::Hasher::new();
    hasher.update(crate::identity::identity());
    hasher.update(super::export::STANDARDS_NAMES.as_bytes());
    hasher.update(theme_digest.as_bytes());
    hasher.update(job.path.as_bytes());
    hasher.update(format!("{:?} {:?}", job.size, job.layout).as_bytes());
    hasher.update(format!("{:?}", input.advisory.poster).as_bytes());
    hasher.update(&data);
    hasher.finalize().to_hex().to_string()
}

/// The digest of the theme files posters are made from (template and fonts).
pub fn theme_digest(theme: &Theme) -> String {
    let mut hasher = blake3::Hasher::new();
    for prefix in ["poster", "fonts"] {
        for (path, file) in theme.files_under(prefix) {
            hasher.update(path.as_bytes());
            hasher.update(&file.bytes);
        }
    }
    hasher.finalize().to_hex().to_string()
}

/// The posters of the previous build in an output directory, for reuse when unchanged.
pub struct PreviousPosters {
    dir: std::path::PathBuf,
    entries: std::collections::HashMap<String, ManifestEntry>,
}

impl PreviousPosters {
    /// Reads the poster manifest of the output directory `dir` (none yet, or one written by an
    /// older redflag: nothing to reuse).
    pub fn open(dir: &std::path::Path) -> PreviousPosters {
        let entries = crate::output::read_manifest(dir, CACHE_MANIFEST);
        PreviousPosters {
            dir: dir.to_path_buf(),
            entries,
        }
    }
}

impl PosterCache for PreviousPosters {
    fn get(&self, pdf: &str, png: &str, key: &str) -> Option<CachedPoster> {
        let entry = self.entries.get(pdf).filter(|e| e.key == key)?;
        entry.reuse(
            std::fs::read(self.dir.join(pdf)).ok()?,
            std::fs::read(self.dir.join(png)).ok()?,
        )
    }

    fn bundle(&self, pdf: &str, key: &str) -> Option<Vec<u8>> {
        let entry = self.entries.get(pdf).filter(|e| e.key == key)?;
        let bundle = entry.reuse(std::fs::read(self.dir.join(pdf)).ok()?, Vec::new())?;
        Some(bundle.pdf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reuses_only_the_bytes_it_recorded() {
        let omitted = Omit::NOTHING.with(PosterPart::Prevention);
        let entry = ManifestEntry::new("k".into(), b"%PDF-1.7 whole", b"png", omitted);
        let reused = entry
            .reuse(b"%PDF-1.7 whole".to_vec(), b"png".to_vec())
            .expect("intact files are reused");
        assert_eq!(reused.omitted, omitted);
        assert!(
            entry
                .reuse(b"%PDF-1.7 wh".to_vec(), b"png".to_vec())
                .is_none()
        );
        assert!(
            entry
                .reuse(b"%PDF-1.7 whole".to_vec(), Vec::new())
                .is_none()
        );
    }
}
