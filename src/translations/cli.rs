//! The `translations export` and `translations import` commands: files in and out, and what
//! they print (on standard error). Exit codes: 1 for problems in the translated files, 2 for
//! usage and I/O errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::CatalogFormat;
use crate::model::Site;

use super::export::export as export_files;
use super::import::import as import_files;
use super::po;
use super::units::State;
use super::xliff;

/// What a command prints, or what it prints and its exit code.
pub type ActionResult = Result<String, (String, u8)>;

/// Writes the export files of `lang` into `out`.
pub fn export(
    root: &Path,
    site: &Site,
    lang: Option<&str>,
    format: CatalogFormat,
    out: &Path,
    split: bool,
) -> ActionResult {
    let files = export_files(root, site, lang, split).map_err(|m| (format!("error: {m}\n"), 2))?;
    std::fs::create_dir_all(out).map_err(|err| {
        (
            format!("error: cannot create {}: {err}\n", out.display()),
            2,
        )
    })?;
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
        std::fs::write(&path, text).map_err(|err| {
            (
                format!("error: cannot write {}: {err}\n", path.display()),
                2,
            )
        })?;
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
        Err(problems) => {
            let mut printed = String::new();
            for p in &problems {
                let _ = writeln!(
                    printed,
                    "{}:{}: error: {}",
                    p.file.display(),
                    p.line,
                    p.message
                );
            }
            let _ = writeln!(
                printed,
                "{} problem{} found; nothing was written.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            Err((printed, 1))
        }
    }
}
