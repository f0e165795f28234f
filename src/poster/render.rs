//! A poster run: typesets the jobs in parallel (`typeset`), gathers what each reports, writes
//! the print-shop bundles (`bundle`) of the posters just made, then the cache manifest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use super::bundle::render_bundles;
use super::cache::{ManifestEntry, PosterCache, theme_digest};
use super::evictions::Evictions;
use super::qr::QrCodes;
use super::typeset::{Shared, WrittenPoster, make_poster, write_error};
use super::workers::typeset_each;
use super::world::{TEMPLATE, Typesetter};
use super::{CACHE_MANIFEST, PosterSummary};
use crate::diagnostics::{Code, Diagnostic, Position, Severity};
use crate::i18n::UiStrings;
use crate::model::Site;
use crate::output::Sink;
use crate::plan::bundles::BundleJob;
use crate::plan::posters::PosterJob;
use crate::plan::urls::Urls;
use crate::theme::Theme;

/// Typesets `jobs` in parallel and writes each PDF and its PNG preview to `sink`, then the
/// print-shop `bundles` of some of those posters, then the manifest of both.
pub fn render_posters(
    site: &Site,
    theme: &Theme,
    ui: &UiStrings,
    (jobs, bundles): (&[PosterJob], &[BundleJob]),
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<PosterSummary, Vec<Diagnostic>> {
    if jobs.is_empty() {
        return Ok(PosterSummary::default());
    }
    let started = Instant::now();
    let engine = Typesetter::new(theme).ok_or_else(|| {
        vec![Diagnostic::error(
            Code::Template,
            Path::new(TEMPLATE),
            Position::default(),
            "the theme has no poster template",
        )]
    })?;
    let urls = Urls::new(&site.config);
    let digest = theme_digest(theme);
    let qr_codes = QrCodes::default();
    let shared = Shared {
        engine: &engine,
        urls: &urls,
        theme_digest: &digest,
        qr_codes: &qr_codes,
        evictions: Evictions::default(),
    };
    let results = typeset_all(site, ui, &shared, (jobs, bundles), cache, sink);
    typst::comemo::evict(0);
    let mut gathered = gather(results)?;
    let documents = std::mem::take(&mut gathered.documents);
    let bundles = render_bundles(
        (site, ui, theme),
        &shared,
        bundles,
        (documents, &gathered.manifest),
        cache,
        sink,
    )?;
    let written = bundles.entries.len();
    gathered.manifest.extend(bundles.entries);
    let manifest = serde_json::to_vec_pretty(&gathered.manifest).unwrap_or_default();
    sink.write(CACHE_MANIFEST, &manifest)
        .map_err(|err| vec![write_error(CACHE_MANIFEST, &err)])?;
    Ok(PosterSummary {
        posters: jobs.len() - gathered.skipped,
        bundles: written,
        bundles_unchanged: bundles.unchanged,
        rendered: gathered.rendered,
        elapsed: started.elapsed(),
        slowest: gathered.slowest,
        diagnostics: gathered.reported,
        left_out: Vec::new(),
        not_made: gathered.not_made,
    })
}

/// What one poster came to: written (or reused), or the errors that kept it from being made.
type Made = Result<WrittenPoster, Vec<Diagnostic>>;

/// Makes every poster of `jobs` in parallel, keeping the laid-out document of those a bundle
/// of `bundles` reuses.
fn typeset_all(
    site: &Site,
    ui: &UiStrings,
    shared: &Shared,
    (jobs, bundles): (&[PosterJob], &[BundleJob]),
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Vec<Made> {
    let in_bundles: HashSet<&str> = bundles
        .iter()
        .flat_map(|b| b.posters.iter().map(|p| p.path.as_str()))
        .collect();
    typeset_each(jobs, |job| {
        let keep = in_bundles.contains(job.path.as_str());
        make_poster(site, ui, shared, (job, keep), cache, sink)
    })
}

/// The posters of a run, gathered: the summary's figures and diagnostics, the cache manifest
/// and the laid-out documents the bundles reuse.
#[derive(Default)]
struct Gathered {
    /// What the posters made report (warnings and infos, sorted).
    reported: Vec<Diagnostic>,
    /// The errors of the posters left out for want of a font covering their text.
    not_made: Vec<Diagnostic>,
    /// How many posters were left out that way.
    skipped: usize,
    /// How many posters were typeset (not reused), and the slowest of them.
    rendered: usize,
    slowest: Duration,
    manifest: BTreeMap<String, ManifestEntry>,
    documents: HashMap<String, PagedDocument>,
}

/// Gathers what each poster came to. Any other error than missing glyphs, whether it kept a
/// poster from being made or a made poster reported it, fails the run: all of them, sorted
/// and without duplicates.
fn gather(results: Vec<Made>) -> Result<Gathered, Vec<Diagnostic>> {
    let mut gathered = Gathered::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(mut outcome) => {
                if let Some(document) = outcome.document.take() {
                    gathered.documents.insert(outcome.path.clone(), document);
                }
                if let Some(time) = outcome.typeset {
                    gathered.rendered += 1;
                    gathered.slowest = gathered.slowest.max(time);
                }
                gathered.manifest.insert(outcome.path, outcome.entry);
                gathered.reported.extend(outcome.diagnostics);
            }
            Err(mut errs) if errs.iter().all(|d| d.code == Code::MissingGlyphs) => {
                gathered.skipped += 1;
                gathered.not_made.append(&mut errs);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    gathered.not_made.sort_by(by_file_and_message);
    let (mut refused, mut reported): (Vec<_>, Vec<_>) = std::mem::take(&mut gathered.reported)
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    errors.append(&mut refused);
    if !errors.is_empty() {
        errors.sort_by(by_file_and_message);
        errors.dedup();
        return Err(errors);
    }
    crate::diagnostics::sort(&mut reported);
    gathered.reported = reported;
    Ok(gathered)
}

/// Orders diagnostics by file, then message.
fn by_file_and_message(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, &a.message).cmp(&(&b.file, &b.message))
}
