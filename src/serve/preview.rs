//! The preview's state: the last good rendering of the site, held in memory, and the errors of
//! the last attempt. A failed rebuild keeps the last good pages (shown under an error overlay);
//! a panic while rebuilding becomes an error, never a dead server.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use jiff::civil::Date;

use crate::build::{load, render_into};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::render::Sink;

/// One file of the rendered site.
pub type File = Arc<[u8]>;

/// What the server shows: the last good files and the current errors.
#[derive(Default)]
pub struct Snapshot {
    /// Output files by path relative to the site root (`fr/advisories/x/index.html`).
    pub files: HashMap<String, File>,
    /// Errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
}

/// What a rebuild changed, for the reload event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Every page (errors appeared or went away, or assets changed).
    Everything,
    /// These URL paths (`/fr/advisories/x/`).
    Pages(Vec<String>),
}

/// A live preview of one site.
pub struct Preview {
    root: PathBuf,
    base_url: String,
    state: RwLock<Arc<Snapshot>>,
}

impl Preview {
    /// A preview of the site in `root`, published under `base_url` (the server's address).
    pub fn new(root: &Path, base_url: String) -> Self {
        Preview {
            root: root.to_path_buf(),
            base_url,
            state: RwLock::new(Arc::new(Snapshot::default())),
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.state
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    /// Rebuilds the site; returns what changed.
    pub fn rebuild(&self, today: Date) -> Changed {
        let result = catch_unwind(AssertUnwindSafe(|| {
            render_site_in_memory(&self.root, &self.base_url, today)
        }))
        .unwrap_or_else(|_| Err(vec![internal_error()]));
        let previous = self.snapshot();
        let (next, changed) = match result {
            Ok(files) => {
                let changed = if previous.errors.is_empty() {
                    changed_pages(&previous.files, &files)
                } else {
                    Changed::Everything
                };
                (
                    Snapshot {
                        files,
                        errors: Vec::new(),
                    },
                    changed,
                )
            }
            Err(errors) => (
                Snapshot {
                    files: previous.files.clone(),
                    errors,
                },
                Changed::Everything,
            ),
        };
        if let Ok(mut state) = self.state.write() {
            *state = Arc::new(next);
        }
        changed
    }
}

fn internal_error() -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new("(redflag)"),
        Position::default(),
        "internal error while rebuilding",
    )
    .with_hint("this is a bug in redflag: please report it with the file you just saved")
}

/// Loads and renders the site into memory.
fn render_site_in_memory(
    root: &Path,
    base_url: &str,
    today: Date,
) -> Result<HashMap<String, File>, Vec<Diagnostic>> {
    let (site, theme) = load(root, true, Some(base_url))?;
    let sink = MemorySink::default();
    render_into(&site, &theme, today, &sink)?;
    let files = sink.files.into_inner().unwrap_or_default();
    Ok(files
        .into_iter()
        .map(|(path, bytes)| (path, File::from(bytes)))
        .collect())
}

/// The URL paths whose file differs between two renderings.
fn changed_pages(before: &HashMap<String, File>, after: &HashMap<String, File>) -> Changed {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path).is_none_or(|old| old != *bytes))
        .map(|(path, _)| path.clone())
        .chain(before.keys().filter(|p| !after.contains_key(*p)).cloned())
        .collect();
    // A changed stylesheet or script can alter every page; feeds and alerts alter none.
    if changed
        .iter()
        .any(|p| p.ends_with(".css") || p.ends_with(".js"))
    {
        return Changed::Everything;
    }
    changed.retain(|p| p.ends_with(".html"));
    changed.sort();
    Changed::Pages(changed.iter().map(|p| url_of(p)).collect())
}

/// The URL path of an output file: `fr/x/index.html` → `/fr/x/`.
pub fn url_of(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// A sink that keeps files in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| std::io::Error::other("preview state poisoned"))?;
        files.insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> HashMap<String, File> {
        pairs
            .iter()
            .map(|(p, b)| ((*p).to_owned(), File::from(b.as_bytes())))
            .collect()
    }

    #[test]
    fn reports_changed_added_and_removed_pages() {
        let before = files(&[
            ("index.html", "a"),
            ("x/index.html", "b"),
            ("gone/index.html", "c"),
        ]);
        let after = files(&[
            ("index.html", "a"),
            ("x/index.html", "B"),
            ("new/index.html", "d"),
        ]);
        assert_eq!(
            changed_pages(&before, &after),
            Changed::Pages(vec!["/gone/".into(), "/new/".into(), "/x/".into()])
        );
        let feed = files(&[("index.html", "a"), ("atom.xml", "x")]);
        assert_eq!(
            changed_pages(&files(&[("index.html", "a")]), &feed),
            Changed::Pages(vec![])
        );
        let css = files(&[("index.html", "a"), ("static/style.css", "x")]);
        assert_eq!(
            changed_pages(&files(&[("index.html", "a")]), &css),
            Changed::Everything
        );
    }
}
