//! What an import plans and reports, shared by the advisories' import (`import`) and the site's
//! own texts (`site_import`): the problems that stop it, the files it would write, and what it
//! did.

use std::path::PathBuf;

/// A problem that stops the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The PO file.
    pub file: PathBuf,
    /// Its line (1-based).
    pub line: usize,
    /// What is wrong, and what to do.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written (relative to the site root), with whether they are new.
    pub written: Vec<(PathBuf, bool)>,
    /// Files that already held exactly this translation.
    pub unchanged: Vec<PathBuf>,
    /// What the translator should know (parts left out, fuzzy texts).
    pub notes: Vec<String>,
}

/// A file to write.
pub(super) struct Planned {
    /// Where, relative to the site root.
    pub(super) path: PathBuf,
    /// Its new text.
    pub(super) text: String,
    /// Whether the file is new.
    pub(super) new: bool,
}
