//! A poster run: typesets the jobs in parallel (`typeset`), gathers what each reports, writes
//! the cache manifest, then the print-shop bundles (`bundle`) of the posters just made.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst_layout::PagedDocument;

use super::bundle::render_bundles;
use super::cache::{PosterCache, theme_digest};
use super::typeset::{POSTER_STACK, Shared, WrittenPoster, make_poster, write_error};
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
/// print-shop `bundles` of some of those posters.
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
    let shared = Shared {
        engine: &engine,
        urls: &urls,
        theme_digest: &digest,
    };
    let in_bundles: HashSet<&str> = bundles
        .iter()
        .flat_map(|b| b.posters.iter().map(|p| p.path.as_str()))
        .collect();
    let typeset_all = || -> Vec<Result<WrittenPoster, Vec<Diagnostic>>> {
        jobs.par_iter()
            .map(|job| {
                let keep = in_bundles.contains(job.path.as_str());
                make_poster(site, ui, &shared, (job, keep), cache, sink)
            })
            .collect()
    };
    // Typesetting recurses deeply (more so in debug builds): give its threads room.
    let results = match rayon::ThreadPoolBuilder::new()
        .stack_size(POSTER_STACK)
        .build()
    {
        Ok(pool) => pool.install(typeset_all),
        Err(_) => typeset_all(),
    };
    typst::comemo::evict(0);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut reported: Vec<Diagnostic> = Vec::new();
    let mut not_made: Vec<Diagnostic> = Vec::new();
    let mut skipped = 0;
    let mut slowest = Duration::ZERO;
    let mut rendered = 0;
    let mut manifest = BTreeMap::new();
    let mut documents: HashMap<String, PagedDocument> = HashMap::new();
    for result in results {
        match result {
            Ok(mut outcome) => {
                if let Some(document) = outcome.document.take() {
                    documents.insert(outcome.path.clone(), document);
                }
                if let Some(time) = outcome.typeset {
                    rendered += 1;
                    slowest = slowest.max(time);
                }
                manifest.insert(outcome.path, outcome.entry);
                reported.extend(outcome.diagnostics);
            }
            Err(mut errs) if errs.iter().all(|d| d.code == Code::MissingGlyphs) => {
                skipped += 1;
                not_made.append(&mut errs);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    not_made.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    let (mut refused, mut reported): (Vec<_>, Vec<_>) = reported
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    errors.append(&mut refused);
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        errors.dedup();
        return Err(errors);
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    sink.write(CACHE_MANIFEST, &manifest)
        .map_err(|err| vec![write_error(CACHE_MANIFEST, &err)])?;
    crate::diagnostics::sort(&mut reported);
    let bundles = render_bundles(site, ui, &shared, theme, bundles, documents, sink)?;
    Ok(PosterSummary {
        posters: jobs.len() - skipped,
        bundles,
        rendered,
        elapsed: started.elapsed(),
        slowest,
        diagnostics: reported,
        left_out: Vec::new(),
        not_made,
    })
}
