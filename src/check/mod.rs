//! `redflag check`: everything `build` validates, a full render into memory (nothing is
//! written; no search index), and the checks a reviewer would otherwise do by hand: links (internal always,
//! external on request), translations and UI strings, contacts, content quality, and what
//! posters leave out to fit on one page.
//!
//! Every check reads the loaded model and what the render generated; the source files are read
//! again only to point diagnostics at their lines (`sources`). Diagnostics come back sorted by
//! file and position; the command layer prints them and picks the exit code.
//!
//! Posters are typeset as `build` typesets them, reusing the unchanged posters of the last build
//! in the output folder (`PosterCheck::Typeset`), or not at all (`--no-posters`): what they
//! leave out to fit is then reported as not checked.
//!
//! One run reports everything it can: when some advisories have errors, the rest of the site
//! (everything that loaded) is still rendered and checked, so template and link problems come
//! out with the content's errors, not in later rounds. Links into the advisories left out are
//! not judged, and nor are unused contacts (who uses what is then not known) or, when
//! `contacts.yaml` has errors, institutions' posters (their contacts are then not known).

mod cap;
mod contacts;
mod coverage;
pub mod external;
mod labels;
mod languages;
pub mod links;
pub mod pages;
mod quality;
pub mod readability;
mod resolve;
mod share;
pub mod sources;

use std::borrow::Cow;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::build::write_posters;
use crate::content::{LoadOptions, load_partial_site};
use crate::diagnostics::{Diagnostic, Severity, has_errors, sort};
use crate::plan::Prepared;
use crate::plan::posters::PosterJob;
use crate::plan::urls::{BUNDLE_DIR, BUNDLE_UI};
use crate::poster::{NoCache, PosterCache, PreviousPosters};
use crate::render::{RenderOptions, render_site};
use crate::theme::Theme;
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
    /// Whether posters are typeset (and from which previous build they may be reused).
    pub posters: PosterCheck,
}

/// What `check` does with posters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PosterCheck {
    /// Typesets every poster, reusing those of the build in this output folder whose inputs
    /// are unchanged (the build's poster cache; `None`: typeset all).
    Typeset(Option<PathBuf>),
    /// Typesets none: what posters leave out to fit is not checked.
    Skip,
}

impl Default for PosterCheck {
    /// Typeset every poster, reuse none.
    fn default() -> Self {
        PosterCheck::Typeset(None)
    }
}

/// How many posters `check` looked at, and how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PosterCounts {
    /// Typeset in this run.
    pub typeset: usize,
    /// Taken unchanged from the previous build (their fit is as recorded then).
    pub reused: usize,
    /// Not typeset at all (`--no-posters`): their fit is not checked.
    pub not_checked: usize,
}

/// Everything one `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The posters.
    pub posters: PosterCounts,
}

/// Runs every check; returns every diagnostic (errors, warnings and infos), sorted.
pub fn run_check(options: &CheckOptions) -> Vec<Diagnostic> {
    run_check_report(options).diagnostics
}

/// Runs every check; returns every diagnostic, sorted, and what was done with the posters.
pub fn run_check_report(options: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    if let Some(loaded) = load_what_loads(&options.root, &mut report.diagnostics) {
        report.posters = check_loaded(&loaded, options, &mut report.diagnostics);
    }
    sort(&mut report.diagnostics);
    report
}

/// What loaded of a site that may have errors.
struct Loaded {
    /// The site, its theme, UI strings and plans.
    prepared: Prepared,
    /// Advisory folders with errors, left out of `site`.
    failed: Vec<String>,
    /// Whether everything loaded (no error at all so far).
    complete: bool,
    /// Whether every contact loaded (see `PartialSite::contacts_complete`).
    contacts_complete: bool,
}

/// Loads the site (drafts included) as far as it can, adding every problem to `diagnostics`;
/// `None` when nothing can be rendered (no usable `site.toml`, no theme, or UI strings with
/// errors).
fn load_what_loads(root: &std::path::Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Loaded> {
    let partial = match load_partial_site(root, &LoadOptions::with_drafts()) {
        Ok(partial) => partial,
        Err(found) => {
            diagnostics.extend(found);
            return None;
        }
    };
    diagnostics.extend(partial.diagnostics);
    let site = partial.site?;
    let theme = Theme::load(root, &site.config.theme)
        .map_err(|found| diagnostics.push(found))
        .ok()?;
    let prepared = Prepared::new(site, theme)
        .map_err(|found| diagnostics.extend(found))
        .ok()?;
    Some(Loaded {
        complete: !has_errors(diagnostics),
        contacts_complete: partial.contacts_complete,
        prepared,
        failed: partial.failed,
    })
}

/// Renders what loaded into memory and runs every check over it.
fn check_loaded(
    loaded: &Loaded,
    options: &CheckOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> PosterCounts {
    let Loaded {
        prepared,
        failed,
        complete,
        contacts_complete,
    } = loaded;
    let (site, ui) = (&prepared.site, &prepared.ui);
    let institutions = *contacts_complete;
    let posters = Posters {
        check: &options.posters,
        institutions,
    };
    let Some((generated, rendered, counts)) =
        render_in_memory(prepared, options.today, &posters, diagnostics)
    else {
        return PosterCounts::default();
    };
    let theme = &rendered.theme;
    let sources = sources::SourceMap::new(&options.root);
    let (found, external_links) = links::LinkCheck::new(site, theme, &generated, &sources)
        .not_judging(failed)
        .run();
    diagnostics.extend(found);
    if let Some(limits) = options.external {
        diagnostics.extend(external::check_external(&external_links, limits));
    }
    diagnostics.extend(languages::check_translations(site, &sources));
    diagnostics.extend(languages::check_ui_strings(site, theme, ui));
    diagnostics.extend(labels::check_labels(site, &sources));
    diagnostics.extend(coverage::check_coverage(site, &sources));
    if *complete {
        diagnostics.extend(contacts::check_unused_contacts(site, &sources));
    }
    diagnostics.extend(contacts::check_contact_sources(site, &sources));
    diagnostics.extend(quality::check_quality(site, options.today, &sources));
    diagnostics.extend(cap::check_cap(site, &sources));
    diagnostics.extend(share::check_sms(site, ui, &sources));
    counts
}

/// What to do with posters: typeset or not (and what may be reused), and whether institutions'
/// posters are typeset (only when every contact loaded: they are made of an institution's
/// contacts, and when `contacts.yaml` has errors those are not known).
struct Posters<'a> {
    check: &'a PosterCheck,
    institutions: bool,
}

/// Renders the site into memory, adding render errors to `diagnostics`; returns what was
/// generated, the site prepared with the theme it was generated with and what was done with
/// the posters. When
/// templates of the site's own theme have errors, the built-in versions stand in for them, so
/// that links are still checked; a poster that cannot be made (or is not typeset) is reported,
/// and its files are still counted as generated (links to them are right, the poster is what
/// must be fixed).
fn render_in_memory<'p>(
    prepared: &'p Prepared,
    today: Date,
    posters: &Posters,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(pages::Generated, Cow<'p, Prepared>, PosterCounts)> {
    let sink = pages::IndexSink::default();
    // No search index: nothing in it is checked, and it costs as much as the pages. Search
    // pages link the Pagefind UI, which the build writes.
    if let Err(found) = render_site(prepared, RenderOptions { today }, None, &sink) {
        let broken: Vec<&std::path::Path> = found.iter().map(|d| d.file.as_path()).collect();
        let fallback = prepared.theme.with_built_in_for(&broken);
        diagnostics.extend(found);
        let fallback = prepared.with_theme(fallback?);
        let (generated, _, counts) = render_in_memory(&fallback, today, posters, &mut Vec::new())?;
        return Some((generated, Cow::Owned(fallback), counts));
    }
    let counts = typeset_posters(prepared, posters, &sink, diagnostics);
    let mut generated = sink.finish();
    if prepared.site.config.search {
        generated
            .files
            .extend(BUNDLE_UI.map(|file| format!("{BUNDLE_DIR}{file}")));
    }
    for job in &prepared.posters {
        generated.files.insert(job.path.clone());
        generated.files.insert(job.preview_path());
    }
    Some((generated, Cow::Borrowed(prepared), counts))
}

/// Typesets the site's posters into `sink` as `posters` asks, adding what they report to
/// `diagnostics`.
fn typeset_posters(
    prepared: &Prepared,
    posters: &Posters,
    sink: &pages::IndexSink,
    diagnostics: &mut Vec<Diagnostic>,
) -> PosterCounts {
    let typeset: Vec<PosterJob> = (prepared.posters.iter())
        .filter(|job| posters.institutions || job.institution.is_none())
        .cloned()
        .collect();
    let previous = match posters.check {
        PosterCheck::Skip => {
            return PosterCounts {
                not_checked: typeset.len(),
                ..PosterCounts::default()
            };
        }
        PosterCheck::Typeset(Some(out)) => Some(PreviousPosters::open(out)),
        PosterCheck::Typeset(None) => None,
    };
    let cache: &dyn PosterCache = match &previous {
        Some(previous) => previous,
        None => &NoCache,
    };
    match write_posters(prepared, (&typeset, &[]), cache, sink) {
        Ok(made) => {
            diagnostics.extend(made.diagnostics);
            diagnostics.extend(made.not_made);
            PosterCounts {
                typeset: made.rendered,
                reused: made.posters - made.rendered,
                not_checked: 0,
            }
        }
        Err(found) => {
            diagnostics.extend(found);
            PosterCounts::default()
        }
    }
}

/// Whether a run with these diagnostics fails: on errors, and on warnings when they are denied.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}
