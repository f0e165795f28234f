//! `redflag translations`: the translation table, and `export` / `import` of translators' files.

use std::path::Path;
use std::process::ExitCode;

use redflag::build::load;
use redflag::cli::{Format, TableFormat, TranslationsAction};
use redflag::content::LoadOptions;
use redflag::translations::cli::ActionError;
use redflag::translations::export::ExportError;
use redflag::translations::{cli, render_table, translation_report};

use super::{print_diagnostics, report_errors, write_stderr, write_stdout};

/// Prints which advisories of the site at `root` are translated, stale or missing.
pub fn run(root: &Path, format: TableFormat) -> ExitCode {
    match load(root, &LoadOptions::with_drafts()) {
        Ok(prepared) => {
            let report = translation_report(&prepared.site);
            let text = match format {
                TableFormat::Human => render_table(&report),
                TableFormat::Json => {
                    serde_json::to_string_pretty(&report).expect("report serialises") + "\n"
                }
            };
            match write_stdout(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Err(diagnostics) => report_errors(&diagnostics, Format::Human),
    }
}

/// `redflag translations export|import`.
pub fn run_action(action: TranslationsAction) -> ExitCode {
    let root = match &action {
        TranslationsAction::Export { root, .. } | TranslationsAction::Import { root, .. } => root,
    };
    let site = match load(root, &LoadOptions::with_drafts()) {
        Ok(prepared) => prepared.site,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let result = match action {
        TranslationsAction::Export {
            root,
            lang,
            format,
            out,
            split,
        } => cli::export(&root, &site, lang.as_deref(), format, &out, split),
        TranslationsAction::Import { files, root, force } => {
            cli::import(&root, &site, &files, force)
        }
    };
    match result {
        Ok(lines) => {
            write_stderr(&lines);
            ExitCode::SUCCESS
        }
        Err(error) => {
            match &error {
                // A theme file the user edits: named with its line and column.
                ActionError::Export(ExportError::Theme(diagnostic)) => {
                    let _ = print_diagnostics(std::slice::from_ref(diagnostic), Format::Human);
                }
                _ => write_stderr(&error.printed()),
            }
            ExitCode::from(error.exit_code())
        }
    }
}
