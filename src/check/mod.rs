//! `redflag check`: everything `build` validates, a full render into memory (nothing is
//! written), and the checks a reviewer would otherwise do by hand: links (internal always,
//! external on request), translations and UI strings, contacts, and content quality.
//!
//! Every check reads the loaded model and what the render generated; the source files are read
//! again only to point diagnostics at their lines (`sources`). Diagnostics come back sorted by
//! file and position; the command layer prints them and picks the exit code.

mod contacts;
pub mod external;
mod labels;
mod languages;
pub mod links;
pub mod pages;
mod quality;
pub mod readability;
mod resolve;
pub mod sources;

use std::path::PathBuf;

use jiff::civil::Date;

use crate::build::{load, render_into};
use crate::diagnostics::{Diagnostic, Severity, sort};
use crate::render::load_ui_strings;
pub use external::ExternalOptions;
pub use quality::MAX_GRADE;

/// What `check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site root.
    pub root: PathBuf,
    /// Today's date (expiry).
    pub today: Date,
    /// Fetch external links with these limits; `None` leaves them alone.
    pub external: Option<ExternalOptions>,
}

/// Runs every check; returns every diagnostic (errors, warnings and infos), sorted.
pub fn run_check(options: &CheckOptions) -> Vec<Diagnostic> {
    let (site, theme) = match load(&options.root, true, None) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return diagnostics,
    };
    let ui = match load_ui_strings(&site, &theme) {
        Ok(ui) => ui,
        Err(diagnostics) => return diagnostics,
    };
    let sink = pages::IndexSink::default();
    let posters = match render_into(&site, &theme, options.today, &crate::poster::NoCache, &sink) {
        Ok((_, posters)) => posters,
        Err(diagnostics) => return diagnostics,
    };
    let generated = sink.finish();
    let sources = sources::SourceMap::new(&options.root);
    let (mut diagnostics, external_links) =
        links::LinkCheck::new(&site, &theme, &generated, &sources).run();
    diagnostics.extend(posters.not_made);
    if let Some(limits) = options.external {
        diagnostics.extend(external::check_external(&external_links, limits));
    }
    diagnostics.extend(languages::check_translations(&site, &sources));
    diagnostics.extend(languages::check_ui_strings(&site, &theme, &ui));
    diagnostics.extend(labels::check_labels(&site, &sources));
    diagnostics.extend(contacts::check_unused_contacts(&site, &sources));
    diagnostics.extend(quality::check_quality(&site, options.today, &sources));
    sort(&mut diagnostics);
    diagnostics
}

/// Whether a run with these diagnostics fails: on errors, and on warnings when they are denied.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}
