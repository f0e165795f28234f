//! The `translations export` and `translations import` commands: files in and out, and what
//! they print (on standard error). Exit codes: 1 for problems in the translated files, 2 for
//! usage and I/O errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::CatalogFormat;
use crate::model::Site;

use super::export::{ExportError, export as export_files};
use super::import::{Problem, import as import_files};
use super::po;
use super::units::State;
use super::xliff;

/// What a command prints, or why it stopped.
pub type ActionResult = Result<String, ActionError>;

/// Why `export` or `import` stopped; nothing was written into the site.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// The export cannot start (language, theme).
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The output folder or a file in it cannot be made.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// `create`, `write`.
        action: &'static str,
        /// The folder or file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Problems in the translated files, each at its line.
    #[error(
        "{} problem{} found; nothing was written.",
        .0.len(),
        if .0.len() == 1 { "" } else { "s" }
    )]
    Problems(Vec<Problem>),
}

impl ActionError {
    /// The exit code: 1 for problems in the translated files, 2 for usage and I/O errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            ActionError::Problems(_) => 1,
            ActionError::Export(_) | ActionError::Io { .. } => 2,
        }
    }

    /// What the command prints on standard error: each problem at its file and line, then
    /// the summary; or the one error.
    pub fn printed(&self) -> String {
        let mut printed = String::new();
        if let ActionError::Problems(problems) = self {
            for p in problems {
                let _ = writeln!(
                    printed,
                    "{}:{}: error: {}",
                    p.file.display(),
                    p.line,
                    p.message
                );
            }
            let _ = writeln!(printed, "{self}");
        } else {
            let _ = writeln!(printed, "error: {self}");
        }
        printed
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ActionError {
    let path = path.to_path_buf();
    move |source| ActionError::Io {
        action,
        path,
        source,
    }
}

/// Writes the export files of `lang` into `out`.
pub fn export(
    root: &Path,
    site: &Site,
    lang: Option<&str>,
    format: CatalogFormat,
    out: &Path,
    split: bool,
) -> ActionResult {
    let files = export_files(root, site, lang, split)?;
    std::fs::create_dir_all(out).map_err(io_error("create", out))?;
    let mut printed = String::new();
    for file in files {
        let (name, text) = match format {
            CatalogFormat::Po => (file.name.clone(), po::write(&file.catalog)),
            CatalogFormat::Xliff => {
                let name = file
                    .name
                    .trim_end_matches(".pot")
                    .trim_end_matches(".po")
                    .to_owned()
                    + ".xlf";
                (name, xliff::write(site, lang, &file.units))
            }
        };
        let path = out.join(&name);
        std::fs::write(&path, text).map_err(io_error("write", &path))?;
        let count = |state: State| file.units.iter().filter(|u| u.state == state).count();
        let _ = writeln!(
            printed,
            "Wrote {}: {} texts ({} translated, {} fuzzy, {} untranslated)",
            path.display(),
            file.units.len(),
            count(State::Translated),
            count(State::Fuzzy),
            count(State::Untranslated)
        );
    }
    Ok(printed)
}

/// Imports `files` into the site.
pub fn import(root: &Path, site: &Site, files: &[PathBuf], force: bool) -> ActionResult {
    match import_files(root, site, files, force) {
        Ok(report) => {
            let mut printed = String::new();
            for note in &report.notes {
                let _ = writeln!(printed, "note: {note}");
            }
            for (path, new) in &report.written {
                let _ = writeln!(
                    printed,
                    "Wrote {} ({})",
                    path.display(),
                    if *new { "new" } else { "updated" }
                );
            }
            for path in &report.unchanged {
                let _ = writeln!(printed, "Unchanged {}", path.display());
            }
            if report.written.is_empty() && report.unchanged.is_empty() {
                printed.push_str("Nothing to write: no text of these files is translated.\n");
            }
            Ok(printed)
        }
        Err(problems) => Err(ActionError::Problems(problems)),
    }
}
