//! `serve --cms`: a translation the content manager creates records the source it was made from.
//! The form cannot compute a `source_digest`, so a translation file that *appears* while the
//! preview runs (it did not exist before), without a `source_digest`, is given the digest of
//! its source as the preview has just loaded it: the text the translator had beside the form.
//! A file that already existed is never stamped, so a stale translation is never marked current.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::preview::Preview;

/// The translation files (`content/advisories/<slug>/index.<lang>.md`) seen so far.
pub struct Stamper {
    known: BTreeSet<PathBuf>,
}

impl Stamper {
    /// Knows the translation files below `root` now.
    pub fn new(root: &Path) -> Self {
        let advisories = root.join("content").join("advisories");
        let bundles = std::fs::read_dir(advisories)
            .into_iter()
            .flatten()
            .flatten();
        let files = bundles
            .flat_map(|bundle| {
                std::fs::read_dir(bundle.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .map(|entry| entry.path())
            .filter(|path| is_translation(path));
        Stamper {
            known: files.collect(),
        }
    }

    /// After the preview rebuilt for `paths`: records the digest in every translation file among
    /// them that is new and has none; returns the files it wrote. Nothing is written while the
    /// preview has errors (its model may not be what the folder holds).
    pub fn stamp_new(&mut self, preview: &Preview, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut new = Vec::new();
        for path in paths.iter().filter(|p| is_translation(p)) {
            if !path.is_file() {
                self.known.remove(path);
            } else if self.known.insert(path.clone()) {
                new.push(path);
            }
        }
        let snapshot = preview.snapshot();
        let Some(model) = snapshot
            .model
            .as_ref()
            .filter(|_| snapshot.errors.is_empty())
        else {
            return Vec::new();
        };
        let texts = model.prepared.site.advisories.iter().flat_map(|advisory| {
            let digest = advisory.digest.as_str();
            advisory.texts.values().map(move |text| (text, digest))
        });
        let mut stamped = Vec::new();
        for (text, digest) in texts {
            let Some(path) = new.iter().find(|p| p.ends_with(&text.file)) else {
                continue;
            };
            if text.source_digest.is_none() && record_digest(path, digest).is_ok() {
                stamped.push((*path).clone());
            }
        }
        stamped
    }
}

/// `index.<lang>.md` in a bundle of `content/advisories/`.
fn is_translation(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let in_advisories = path
        .parent()
        .and_then(Path::parent)
        .is_some_and(|dir| dir.ends_with("content/advisories"));
    in_advisories && name.starts_with("index.") && name.ends_with(".md") && name != "index.md"
}

/// Writes `source_digest: <digest>` as the first line of the front matter of `path`, where the
/// content manager writes it (its hidden field comes first in the form).
fn record_digest(path: &Path, digest: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(std::io::Error::other("no front matter"));
    };
    std::fs::write(path, format!("---\nsource_digest: {digest}\n{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_the_index_files_of_other_languages_in_a_bundle() {
        let bundle = Path::new("/site/content/advisories/x");
        assert!(is_translation(&bundle.join("index.fr.md")));
        assert!(is_translation(&bundle.join("index.zh-Hans.md")));
        assert!(!is_translation(&bundle.join("index.md")));
        assert!(!is_translation(&bundle.join("notes.fr.md")));
        assert!(!is_translation(Path::new("/site/content/index.fr.md")));
    }

    #[test]
    fn the_digest_becomes_the_first_line_of_the_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.fr.md");
        std::fs::write(&file, "---\ntitle: Titre\n---\n\nTexte.\n").unwrap();
        record_digest(&file, "cab725382a20").unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text,
            "---\nsource_digest: cab725382a20\ntitle: Titre\n---\n\nTexte.\n"
        );
        std::fs::write(&file, "title: no front matter\n").unwrap();
        assert!(record_digest(&file, "cab725382a20").is_err());
    }

    #[test]
    fn only_a_file_that_appears_is_new() {
        let site = tempfile::tempdir().unwrap();
        let bundle = site.path().join("content/advisories/x");
        std::fs::create_dir_all(&bundle).unwrap();
        let old = bundle.join("index.fr.md");
        std::fs::write(&old, "---\ntitle: Titre\n---\n").unwrap();
        let mut stamper = Stamper::new(site.path());
        assert!(
            stamper.known.contains(&old),
            "an existing translation is known"
        );
        let preview = Preview::new(site.path(), "http://127.0.0.1:1".into());
        let new = bundle.join("index.ar.md");
        std::fs::write(&new, "---\ntitle: عنوان\n---\n").unwrap();
        // The preview has no model of the folder (it never built): nothing is written.
        assert!(
            stamper
                .stamp_new(&preview, &[old.clone(), new.clone()])
                .is_empty()
        );
        assert!(stamper.known.contains(&new), "seen once, never new again");
        assert_eq!(
            std::fs::read_to_string(&new).unwrap(),
            "---\ntitle: عنوان\n---\n"
        );
    }
}
