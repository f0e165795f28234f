//! Printable posters: the `Site` model → one-page PDFs (and PNG previews) typeset in-process by
//! typst from the theme's `poster/poster.typ`, with the theme's bundled fonts.
//!
//! `plan::posters` says which posters a build makes and where they go (the advisory pages link to
//! them); `render_posters` typesets them in parallel and hands them to a `Sink`. A poster that
//! does not fit on one page first gets smaller type (never below 14 pt), then loses its
//! lowest-priority sections (reported), and otherwise fails with an error naming the field to
//! shorten. Emergency numbers come first on every poster; an institution poster without one is
//! an error. Text below 12 pt and text that runs off the page are errors. A poster with text
//! that no font of the theme can show is not made (`coverage`): it is reported on its own and
//! the rest of the site is written. Rendering reads no file and the output is byte-for-byte
//! reproducible.

mod cache;
mod checks;
mod content;
mod coverage;
mod export;
mod fields;
mod fit;
mod fonts;
mod inspect;
mod qr;
mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::PaperSize;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, UiStrings};
use crate::model::{Advisory, Site};
use crate::output::Sink;
use crate::plan::posters::{PosterJob, language_job, plan_posters};
use crate::plan::urls::{PageKind, Urls};
use crate::theme::Theme;
use crate::views::Localizer;
pub use cache::{
    CACHE_MANIFEST, CachedPoster, ManifestEntry, NoCache, PosterCache, PreviousPosters,
};
use cache::{poster_key, theme_digest};
use checks::{check_emergency, check_layout};
pub use content::{Omit, PosterData, breakable, short_url};
use content::{PosterInput, poster_data};
use coverage::check_coverage;
pub use coverage::check_poster_coverage;
use export::{export_pdf, export_png};
use fit::{fit, left_out_diagnostics};
pub use fonts::{FontSet, describe_chars};
pub use inspect::{MIN_TEXT_PT, PRINTABLE_INSET_PT};
pub use qr::{QrSvg, qr_svg};
pub use world::{Engine, TEMPLATE};

/// The smallest body text a poster may have, in points (clear-print guidelines).
pub const MIN_BODY_PT: f64 = 14.0;

/// Pixels per point of the PNG previews (a Letter poster becomes 459 × 594 pixels).
const PREVIEW_PIXELS_PER_PT: f64 = 0.75;

impl PosterJob {
    /// The PNG preview's width and height in pixels.
    pub fn preview_size(&self) -> [u32; 2] {
        self.size
            .dimensions_pt()
            .map(|pt| (pt * PREVIEW_PIXELS_PER_PT).round() as u32)
    }
}

/// Which posters `redflag posters` makes; empty fields select everything the build makes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only this institution's posters.
    pub institution: Option<String>,
    /// These languages (one, or two for a bilingual poster).
    pub languages: Vec<String>,
    /// These sizes instead of `[posters] sizes`.
    pub sizes: Vec<PaperSize>,
    /// Only these advisories (slugs).
    pub advisories: Vec<String>,
}

/// Memoised typst results unused for this many posters are dropped.
const EVICT_AFTER: usize = 8;

/// Stack size of the threads that typeset posters.
const POSTER_STACK: usize = 64 * 1024 * 1024;

/// One poster written: where, its manifest entry, what its layout reports, and how long
/// typesetting took (`None` when it was reused unchanged).
struct Outcome {
    path: String,
    entry: ManifestEntry,
    diagnostics: Vec<Diagnostic>,
    typeset: Option<Duration>,
}

/// What rendering posters produced.
#[derive(Debug, Clone, Default)]
pub struct PosterSummary {
    /// PDFs written.
    pub posters: usize,
    /// Of those, how many were typeset (the others were unchanged and reused).
    pub rendered: usize,
    /// Wall time spent typesetting, exporting and writing them.
    pub elapsed: Duration,
    /// The slowest single poster.
    pub slowest: Duration,
    /// What posters left out to fit on one page (warnings; infos for what the advisory allows).
    pub diagnostics: Vec<Diagnostic>,
    /// Errors of the posters that could not be made because no bundled font covers some of
    /// their text; the rest of the site is made without them (and links none of them).
    pub not_made: Vec<Diagnostic>,
}

/// The posters `redflag posters` makes for a selection; an error names what does not exist.
pub fn select_posters(
    site: &Site,
    theme: &Theme,
    selection: &Selection,
) -> Result<Vec<PosterJob>, String> {
    if theme.file(TEMPLATE).is_none() {
        return Err(format!("the theme has no poster template ({TEMPLATE})"));
    }
    for slug in &selection.advisories {
        if !site.advisories.iter().any(|a| a.slug == *slug) {
            return Err(format!("there is no advisory `{slug}`"));
        }
    }
    for tag in &selection.languages {
        if site.config.language(tag).is_none() {
            return Err(format!("the site has no language `{tag}`"));
        }
    }
    if selection.languages.len() > 2 {
        return Err("a poster carries one or two languages".into());
    }
    let institution = match &selection.institution {
        Some(id) => Some(
            site.config
                .institutions
                .iter()
                .position(|i| i.id == *id)
                .ok_or_else(|| format!("there is no institution `{id}` in site.toml"))?,
        ),
        None => None,
    };
    let mut plan = plan_posters(site, theme);
    plan.retain(|job| {
        (selection.advisories.is_empty()
            || selection
                .advisories
                .contains(&site.advisories[job.advisory].slug))
            && (selection.sizes.is_empty() || selection.sizes.contains(&job.size))
    });
    let sizes = if selection.sizes.is_empty() {
        site.config.posters.sizes.clone()
    } else {
        selection.sizes.clone()
    };
    let covered: Vec<(usize, PaperSize)> = plan.iter().map(|j| (j.advisory, j.size)).collect();
    let mut jobs: Vec<PosterJob> = Vec::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        if !selection.advisories.is_empty() && !selection.advisories.contains(&advisory.slug) {
            continue;
        }
        for size in &sizes {
            jobs.extend(selected_jobs(
                &plan,
                (index, advisory),
                *size,
                institution,
                &selection.languages,
                covered.contains(&(index, *size)),
            ));
        }
    }
    Ok(jobs)
}

/// The selected posters of one advisory and size.
fn selected_jobs(
    plan: &[PosterJob],
    (index, advisory): (usize, &Advisory),
    size: PaperSize,
    institution: Option<usize>,
    languages: &[String],
    planned: bool,
) -> Vec<PosterJob> {
    let planned_jobs = plan
        .iter()
        .filter(|j| j.advisory == index && j.size == size);
    match (institution, languages.is_empty()) {
        (Some(i), true) => planned_jobs
            .filter(|j| j.institution == Some(i))
            .cloned()
            .collect(),
        (Some(i), false) => planned_jobs
            .filter(|j| j.institution == Some(i))
            .map(|j| PosterJob {
                languages: languages.to_vec(),
                ..j.clone()
            })
            .collect(),
        (None, true) if planned => planned_jobs.cloned().collect(),
        (None, true) => Vec::new(),
        (None, false) => vec![language_job(advisory, index, languages.to_vec(), size)],
    }
}

/// Typesets `jobs` in parallel and writes each PDF and its PNG preview to `sink`.
pub fn render_posters(
    site: &Site,
    theme: &Theme,
    ui: &UiStrings,
    jobs: &[PosterJob],
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<PosterSummary, Vec<Diagnostic>> {
    if jobs.is_empty() {
        return Ok(PosterSummary::default());
    }
    let started = Instant::now();
    let engine = Engine::new(theme).ok_or_else(|| {
        vec![Diagnostic::error(
            Code::Template,
            Path::new(TEMPLATE),
            Position::default(),
            "the theme has no poster template",
        )]
    })?;
    let urls = Urls::new(&site.config);
    let digest = theme_digest(theme);
    let typeset_all = || -> Vec<Result<Outcome, Vec<Diagnostic>>> {
        jobs.par_iter()
            .map(|job| make_poster(site, ui, (&engine, &urls, &digest), job, cache, sink))
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
    let mut manifest = std::collections::BTreeMap::new();
    for result in results {
        match result {
            Ok(outcome) => {
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
        .partition(|d| d.severity == crate::diagnostics::Severity::Error);
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
    Ok(PosterSummary {
        posters: jobs.len() - skipped,
        rendered,
        elapsed: started.elapsed(),
        slowest,
        diagnostics: reported,
        not_made,
    })
}

/// Makes one poster (or reuses it from `cache`), writes its PDF and PNG to `sink`.
fn make_poster(
    site: &Site,
    ui: &UiStrings,
    (engine, urls, theme_digest): (&Engine, &Urls, &str),
    job: &PosterJob,
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<Outcome, Vec<Diagnostic>> {
    let started = Instant::now();
    let input = poster_input(site, ui, urls, job)?;
    check_emergency(&input, job)?;
    let key = poster_key(theme_digest, &input, job);
    let (poster, time) = match cache.get(&job.path, &job.preview_path(), &key) {
        Some(cached) => (cached, None),
        None => {
            let poster = typeset(site, engine, &input, job);
            // Typst memoises across documents: let go of what older posters needed, so memory
            // stays flat however many posters a site has.
            typst::comemo::evict(EVICT_AFTER);
            let poster = poster?;
            let made = CachedPoster {
                pdf: poster.pdf,
                png: poster.png,
                omitted: poster.omitted,
            };
            (made, Some(started.elapsed()))
        }
    };
    for (path, bytes) in [
        (job.path.clone(), &poster.pdf),
        (job.preview_path(), &poster.png),
    ] {
        sink.write(&path, bytes)
            .map_err(|err| vec![write_error(&path, &err)])?;
    }
    Ok(Outcome {
        path: job.path.clone(),
        entry: ManifestEntry::new(key, &poster.pdf, &poster.png, poster.omitted),
        diagnostics: left_out_diagnostics(&input, job, poster.omitted),
        typeset: time,
    })
}

/// A typeset poster.
pub struct RenderedPoster {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its PNG preview.
    pub png: Vec<u8>,
    /// The body size it was set in.
    pub body: f64,
    /// What had to be left out.
    pub omitted: Omit,
}

/// Typesets one poster: checks its text against the fonts, fits it on one page, exports it.
pub fn render_poster(
    site: &Site,
    engine: &Engine,
    ui: &UiStrings,
    urls: &Urls,
    job: &PosterJob,
) -> Result<RenderedPoster, Vec<Diagnostic>> {
    let input = poster_input(site, ui, urls, job)?;
    typeset(site, engine, &input, job)
}

/// Everything a poster shows, gathered from the model.
fn poster_input<'a>(
    site: &'a Site,
    ui: &'a UiStrings,
    urls: &Urls,
    job: &PosterJob,
) -> Result<PosterInput<'a>, Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let languages: Vec<&Language> = job
        .languages
        .iter()
        .filter_map(|tag| site.config.language(tag))
        .collect();
    let page_urls: Vec<String> = languages
        .iter()
        .map(|l| urls.absolute(&PageKind::Advisory(advisory.slug.clone()), l))
        .collect();
    let qr: Vec<QrSvg> = page_urls
        .iter()
        .map(|url| qr_svg(url))
        .collect::<Result<_, _>>()
        .map_err(|message| vec![advisory_error(advisory, &job.languages[0], message)])?;
    Ok(PosterInput {
        site,
        advisory,
        institution: job.institution.map(|i| &site.config.institutions[i]),
        localizers: languages
            .iter()
            .map(|lang| Localizer { site, ui, lang })
            .collect(),
        urls: page_urls,
        qr,
        size: job.size,
    })
}

/// Checks the text against the fonts, fits it on one page and exports PDF and PNG.
fn typeset(
    site: &Site,
    engine: &Engine,
    input: &PosterInput,
    job: &PosterJob,
) -> Result<RenderedPoster, Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let languages: Vec<&Language> = job
        .languages
        .iter()
        .filter_map(|tag| site.config.language(tag))
        .collect();
    check_coverage(
        engine.fonts(),
        site,
        job,
        &poster_data(input, MIN_BODY_PT, Omit::NOTHING),
    )?;
    let fitted = fit(engine, input, job, &languages)?;
    check_layout(&fitted.document, input, job, &languages)?;
    let pdf = export_pdf(&fitted.document, advisory, job)?;
    let png = export_png(&fitted.document);
    Ok(RenderedPoster {
        pdf,
        png,
        body: fitted.body,
        omitted: fitted.omitted,
    })
}

/// An error about an advisory, located in its text in `lang` (or its source file).
fn advisory_error(advisory: &Advisory, lang: &str, message: String) -> Diagnostic {
    let file = advisory
        .texts
        .get(lang)
        .unwrap_or_else(|| advisory.source())
        .file
        .clone();
    Diagnostic::error(Code::Poster, &file, Position::default(), message)
}

fn template_error(message: world::TypstMessage) -> Diagnostic {
    let (line, column) = message.at.unwrap_or((0, 0));
    let file = message
        .file
        .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/{TEMPLATE}")));
    Diagnostic::error(
        Code::Template,
        &file,
        Position::new(line, column),
        format!("poster template: {}", message.message),
    )
}

fn write_error(path: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(path),
        Position::default(),
        format!("cannot write the poster: {err}"),
    )
    .with_hint("check the free disk space and the permissions of the output folder")
}
