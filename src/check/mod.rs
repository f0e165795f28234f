//! `redflag check`: everything `build` validates, a full render into memory (nothing is
//! written), and the checks a reviewer would otherwise do by hand: links (internal always,
//! external on request), translations and UI strings, contacts, content quality, and what
//! posters leave out to fit on one page.
//!
//! Every check reads the loaded model and what the render generated; the source files are read
//! again only to point diagnostics at their lines (`sources`). Diagnostics come back sorted by
//! file and position; the command layer prints them and picks the exit code.
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

use crate::build::{render_web, write_posters};
use crate::content::{LoadOptions, load_partial_site};
use crate::diagnostics::{Diagnostic, Severity, has_errors, sort};
use crate::model::Site;
use crate::plan::posters::{PosterJob, plan_posters};
use crate::render::load_ui_strings;
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
}

/// Runs every check; returns every diagnostic (errors, warnings and infos), sorted.
pub fn run_check(options: &CheckOptions) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(loaded) = load_what_loads(&options.root, &mut diagnostics) {
        check_loaded(&loaded, options, &mut diagnostics);
    }
    sort(&mut diagnostics);
    diagnostics
}

/// What loaded of a site that may have errors.
struct Loaded {
    site: Site,
    theme: Theme,
    /// Advisory folders with errors, left out of `site`.
    failed: Vec<String>,
    /// Whether everything loaded (no error at all so far).
    complete: bool,
    /// Whether every contact loaded (see `PartialSite::contacts_complete`).
    contacts_complete: bool,
}

/// Loads the site (drafts included) as far as it can, adding every problem to `diagnostics`;
/// `None` when nothing can be rendered (no usable `site.toml`, or no theme).
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
    match Theme::load(root, &site.config.theme) {
        Ok(theme) => Some(Loaded {
            complete: !has_errors(diagnostics),
            contacts_complete: partial.contacts_complete,
            site,
            theme,
            failed: partial.failed,
        }),
        Err(found) => {
            diagnostics.push(found);
            None
        }
    }
}

/// Renders what loaded into memory and runs every check over it.
fn check_loaded(loaded: &Loaded, options: &CheckOptions, diagnostics: &mut Vec<Diagnostic>) {
    let Loaded {
        site,
        theme,
        failed,
        complete,
        contacts_complete,
    } = loaded;
    let ui = match load_ui_strings(site, theme) {
        Ok(ui) => ui,
        Err(found) => {
            diagnostics.extend(found);
            return;
        }
    };
    let institutions = *contacts_complete;
    let Some((generated, theme)) =
        render_in_memory(site, theme, (options.today, institutions), diagnostics)
    else {
        return;
    };
    let theme = &theme;
    let sources = sources::SourceMap::new(&options.root);
    let (found, external_links) = links::LinkCheck::new(site, theme, &generated, &sources)
        .not_judging(failed)
        .run();
    diagnostics.extend(found);
    if let Some(limits) = options.external {
        diagnostics.extend(external::check_external(&external_links, limits));
    }
    diagnostics.extend(languages::check_translations(site, &sources));
    diagnostics.extend(languages::check_ui_strings(site, theme, &ui));
    diagnostics.extend(labels::check_labels(site, &sources));
    diagnostics.extend(coverage::check_coverage(site, &sources));
    if *complete {
        diagnostics.extend(contacts::check_unused_contacts(site, &sources));
    }
    diagnostics.extend(contacts::check_contact_sources(site, &sources));
    diagnostics.extend(quality::check_quality(site, options.today, &sources));
    diagnostics.extend(cap::check_cap(site, &sources));
    diagnostics.extend(share::check_sms(site, &ui, &sources));
}

/// Renders the site into memory, adding render errors to `diagnostics`; returns what was
/// generated and the theme it was generated with. When templates of the site's own theme have
/// errors, the built-in versions stand in for them, so that links are still checked; a poster
/// that cannot be made is reported, and its files are still counted as generated (links to
/// them are right, the poster is what must be fixed). Institutions' posters are typeset only
/// when `institutions` is true: they are made of the institution's contacts, and when
/// `contacts.yaml` has errors those are not known (a poster would lack its emergency number
/// only because the file it is defined in did not load).
fn render_in_memory<'t>(
    site: &Site,
    theme: &'t Theme,
    (today, institutions): (Date, bool),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(pages::Generated, Cow<'t, Theme>)> {
    let sink = pages::IndexSink::default();
    if let Err(found) = render_web(site, theme, today, &sink) {
        let broken: Vec<&std::path::Path> = found.iter().map(|d| d.file.as_path()).collect();
        let fallback = theme.with_built_in_for(&broken);
        diagnostics.extend(found);
        let fallback = fallback?;
        let (generated, _) =
            render_in_memory(site, &fallback, (today, institutions), &mut Vec::new())?;
        return Some((generated, Cow::Owned(fallback)));
    }
    let jobs = plan_posters(site, theme);
    let typeset: Vec<PosterJob> = jobs
        .iter()
        .filter(|job| institutions || job.institution.is_none())
        .cloned()
        .collect();
    match write_posters(site, theme, (&typeset, &[]), &crate::poster::NoCache, &sink) {
        Ok(posters) => {
            diagnostics.extend(posters.diagnostics);
            diagnostics.extend(posters.not_made);
        }
        Err(found) => diagnostics.extend(found),
    }
    let mut generated = sink.finish();
    for job in &jobs {
        generated.files.insert(job.path.clone());
        generated.files.insert(job.preview_path());
    }
    Some((generated, Cow::Borrowed(theme)))
}

/// Whether a run with these diagnostics fails: on errors, and on warnings when they are denied.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}
