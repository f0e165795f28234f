//! Printable posters: the `Site` model → one-page PDFs (and PNG previews) typeset in-process by
//! typst from the theme's `poster/poster.typ`, with the theme's bundled fonts.
//!
//! `plan_posters` says which posters a build makes and where they go (the advisory pages link to
//! them); `render_posters` typesets them in parallel and hands them to a `Sink`. A poster that
//! does not fit on one page first gets smaller type (never below 14 pt), then loses its
//! lowest-priority sections, and otherwise fails with an error naming the advisory. Text that no
//! bundled font can show is an error naming the language and the characters. Rendering reads no
//! file and the output is byte-for-byte reproducible.

mod content;
mod fonts;
mod qr;
mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::{Datetime, Smart};

use crate::config::PaperSize;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, UiStrings};
use crate::model::{Advisory, Site};
use crate::render::Sink;
use crate::render::context::Localizer;
use crate::render::urls::{PageKind, Urls};
use crate::theme::Theme;
pub use content::{Omit, PosterData, short_url};
use content::{PosterInput, languages_label, poster_data};
pub use fonts::{FontSet, describe_chars};
pub use qr::{QrSvg, qr_svg};
pub use world::{Engine, TEMPLATE};

/// Most missing characters an error lists.
const MAX_SHOWN_CHARS: usize = 20;

/// The smallest body text a poster may have, in points (clear-print guidelines).
pub const MIN_BODY_PT: f64 = 14.0;

/// Pixels per point of the PNG previews (a Letter poster becomes 459 × 594 pixels).
const PREVIEW_PIXELS_PER_PT: f64 = 0.75;

/// One poster to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterJob {
    /// Index of the advisory in `Site::advisories`.
    pub advisory: usize,
    /// Its languages (one or two tags), in the order they appear.
    pub languages: Vec<String>,
    /// Paper.
    pub size: PaperSize,
    /// Index of the institution in `Config::institutions`, for institution posters.
    pub institution: Option<usize>,
    /// The PDF's path below the output root.
    pub path: String,
}

impl PosterJob {
    /// The PNG preview's path below the output root.
    pub fn preview_path(&self) -> String {
        let stem = self.path.strip_suffix(".pdf").unwrap_or(&self.path);
        format!("{stem}.png")
    }

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

/// Posters of a previous build, reused when their inputs have not changed.
pub trait PosterCache: Sync {
    /// The PDF and PNG previously made at `pdf` and `png` from inputs with digest `key`, if any.
    fn get(&self, pdf: &str, png: &str, key: &str) -> Option<(Vec<u8>, Vec<u8>)>;
}

/// No previous posters: every poster is typeset.
pub struct NoCache;

impl PosterCache for NoCache {
    fn get(&self, _pdf: &str, _png: &str, _key: &str) -> Option<(Vec<u8>, Vec<u8>)> {
        None
    }
}

/// Memoised typst results unused for this many posters are dropped.
const EVICT_AFTER: usize = 8;

/// Stack size of the threads that typeset posters.
const POSTER_STACK: usize = 64 * 1024 * 1024;

/// One poster written: where, the digest of its inputs, and how long typesetting took (`None`
/// when it was reused unchanged).
struct Outcome {
    path: String,
    key: String,
    typeset: Option<Duration>,
}

/// The file, written beside the posters, that maps each poster to the digest of its inputs.
pub const CACHE_MANIFEST: &str = ".redflag-posters.json";

/// The digest of everything a poster is made from: its data, paper, path, and the theme's
/// poster template and fonts. Equal digests give byte-identical posters.
fn poster_key(theme_digest: &str, input: &PosterInput, job: &PosterJob) -> String {
    let data =
        serde_json::to_vec(&poster_data(input, MIN_BODY_PT, Omit::Nothing)).unwrap_or_default();
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(theme_digest.as_bytes());
    hasher.update(job.path.as_bytes());
    hasher.update(format!("{:?}", job.size).as_bytes());
    hasher.update(&data);
    hasher.finalize().to_hex().to_string()
}

/// The digest of the theme files posters are made from (template and fonts).
fn theme_digest(theme: &Theme) -> String {
    let mut hasher = blake3::Hasher::new();
    for prefix in ["poster", "fonts"] {
        for (path, file) in theme.files_under(prefix) {
            hasher.update(path.as_bytes());
            hasher.update(&file.bytes);
        }
    }
    hasher.finalize().to_hex().to_string()
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
    /// Errors of the posters that could not be made because no bundled font covers some of
    /// their text; the rest of the site is made without them (and links none of them).
    pub not_made: Vec<Diagnostic>,
}

/// The posters a build makes: for every advisory, one per language it is translated into and
/// size; for every institution, one per advisory of its regions and size, in its languages.
/// Empty when the theme has no poster template.
pub fn plan_posters(site: &Site, theme: &Theme) -> Vec<PosterJob> {
    if theme.file(TEMPLATE).is_none() {
        return Vec::new();
    }
    let sizes = &site.config.posters.sizes;
    let mut jobs = Vec::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        for language in translated_languages(site, advisory) {
            for size in sizes {
                jobs.push(language_job(
                    advisory,
                    index,
                    vec![language.tag.clone()],
                    *size,
                ));
            }
        }
    }
    for (i, institution) in site.config.institutions.iter().enumerate() {
        for (index, advisory) in site.advisories.iter().enumerate() {
            if !institution
                .regions
                .iter()
                .any(|r| advisory.terms.values().flatten().any(|t| t == r))
            {
                continue;
            }
            let languages = institution_languages(site, advisory, &institution.languages);
            for size in sizes {
                jobs.push(PosterJob {
                    advisory: index,
                    languages: languages.clone(),
                    size: *size,
                    institution: Some(i),
                    path: format!(
                        "posters/{}/{}-{}.pdf",
                        institution.id,
                        advisory.slug,
                        size.id()
                    ),
                });
            }
        }
    }
    jobs
}

fn language_job(
    advisory: &Advisory,
    index: usize,
    languages: Vec<String>,
    size: PaperSize,
) -> PosterJob {
    let path = format!(
        "advisories/{}/poster-{}-{}.pdf",
        advisory.slug,
        languages.join("+"),
        size.id()
    );
    PosterJob {
        advisory: index,
        languages,
        size,
        institution: None,
        path,
    }
}

/// The site's languages the advisory is translated into, in site order.
fn translated_languages<'a>(
    site: &'a Site,
    advisory: &'a Advisory,
) -> impl Iterator<Item = &'a Language> {
    site.config
        .languages
        .iter()
        .filter(|l| advisory.is_translated(&l.tag))
}

/// An institution's poster languages that have text of their own through the fallback chain
/// (`fr-CA` shows `fr` text); a language that would only repeat another block's text (the
/// default language's, or the same fallback) is left out; the default language if none is left.
fn institution_languages(site: &Site, advisory: &Advisory, wanted: &[String]) -> Vec<String> {
    let mut shown: Vec<&str> = Vec::new();
    let languages: Vec<String> = wanted
        .iter()
        .filter(|l| advisory.has_own_text(l))
        .filter(|l| {
            let text = advisory.text_language(l);
            let new = !shown.contains(&text);
            shown.push(text);
            new
        })
        .cloned()
        .collect();
    if languages.is_empty() {
        vec![site.config.default_language.clone()]
    } else {
        languages
    }
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
            .map(|job| {
                let one = Instant::now();
                let input = poster_input(site, ui, &urls, job)?;
                let key = poster_key(&digest, &input, job);
                let (pdf, png, time) = match cache.get(&job.path, &job.preview_path(), &key) {
                    Some((pdf, png)) => (pdf, png, None),
                    None => {
                        let poster = typeset(site, &engine, &input, job);
                        // Typst memoises across documents: let go of what older posters
                        // needed, so memory stays flat however many posters a site has.
                        typst::comemo::evict(EVICT_AFTER);
                        let poster = poster?;
                        (poster.pdf, poster.png, Some(one.elapsed()))
                    }
                };
                for (path, bytes) in [(job.path.clone(), &pdf), (job.preview_path(), &png)] {
                    sink.write(&path, bytes)
                        .map_err(|err| vec![write_error(&path, &err)])?;
                }
                Ok(Outcome {
                    path: job.path.clone(),
                    key,
                    typeset: time,
                })
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
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
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
                manifest.insert(outcome.path, outcome.key);
            }
            Err(mut errs) if errs.iter().all(|d| d.code == Code::MissingGlyphs) => {
                skipped += 1;
                not_made.append(&mut errs);
            }
            Err(mut errs) => diagnostics.append(&mut errs),
        }
    }
    not_made.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    if !diagnostics.is_empty() {
        diagnostics.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        diagnostics.dedup();
        return Err(diagnostics);
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    sink.write(CACHE_MANIFEST, &manifest)
        .map_err(|err| vec![write_error(CACHE_MANIFEST, &err)])?;
    Ok(PosterSummary {
        posters: jobs.len() - skipped,
        rendered,
        elapsed: started.elapsed(),
        slowest,
        not_made,
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
        &poster_data(input, MIN_BODY_PT, Omit::Nothing),
    )?;
    let (document, body, omitted) = fit(engine, input, job, &languages)?;
    let pdf = export_pdf(&document, advisory, job)?;
    let png = export_png(&document);
    Ok(RenderedPoster {
        pdf,
        png,
        body,
        omitted,
    })
}

/// Body sizes to try, largest first: shrink by a tenth at a time, down to 14 pt.
fn body_sizes(size: PaperSize, bilingual: bool) -> Vec<f64> {
    let paper = (size.dimensions_pt()[0] / 612.0).min(size.dimensions_pt()[1] / 792.0);
    let start = if bilingual { 16.0 } else { 20.0 } * paper;
    let mut sizes = Vec::new();
    let mut body = start.max(MIN_BODY_PT);
    while body > MIN_BODY_PT {
        sizes.push((body * 10.0).round() / 10.0);
        body *= 0.9;
    }
    sizes.push(MIN_BODY_PT);
    sizes
}

/// Lays the poster out on one page: the largest type that fits, leaving out as little as
/// possible; an error naming the advisory when nothing fits.
fn fit(
    engine: &Engine,
    input: &PosterInput,
    job: &PosterJob,
    languages: &[&Language],
) -> Result<(typst_layout::PagedDocument, f64, Omit), Vec<Diagnostic>> {
    let sizes = body_sizes(job.size, languages.len() > 1);
    let qr: Vec<String> = input.qr.iter().map(|q| q.svg.clone()).collect();
    let compile =
        |body: f64, omit: Omit| -> Result<Option<typst_layout::PagedDocument>, Vec<Diagnostic>> {
            let data = serde_json::to_vec(&poster_data(input, body, omit))
                .expect("poster data serialises");
            let document = engine
                .compile(&data, &qr)
                .map_err(|messages| messages.into_iter().map(template_error).collect::<Vec<_>>())?;
            Ok((document.pages().len() == 1).then_some(document))
        };
    for omit in Omit::LEVELS {
        // The smallest type first: when even that overflows, leave out more before trying others.
        let Some(smallest) = compile(MIN_BODY_PT, omit)? else {
            continue;
        };
        // Then the largest size that fits: the largest first (it usually does), else bisect.
        let (mut fits, mut fails) = (sizes.len() - 1, 0);
        let mut best = smallest;
        while fits > fails {
            let probe = if fails == 0 && fits == sizes.len() - 1 {
                0
            } else {
                (fits + fails) / 2
            };
            match compile(sizes[probe], omit)? {
                Some(document) => {
                    best = document;
                    fits = probe;
                }
                None => fails = probe + 1,
            }
        }
        return Ok((best, sizes[fits], omit));
    }
    let advisory = input.advisory;
    let lang = &job.languages[0];
    Err(vec![
        advisory_error(
            advisory,
            lang,
            format!(
                "advisory `{}`: the {} poster ({}{}) does not fit on one page, even with {MIN_BODY_PT} pt text and {}",
                advisory.slug,
                languages_label(languages),
                job.size.id(),
                job.institution
                    .map(|i| format!(", for {}", input.site.config.institutions[i].id))
                    .unwrap_or_default(),
                Omit::TearOff.describe()
            ),
        )
        .with_hint(
            "shorten the poster's text: give it a short `poster: headline:`, or fewer and shorter red flags",
        ),
    ])
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

/// Whether every character of a poster is in some bundled font (`Ok`), or the errors naming its
/// languages and the characters no font covers. Typesetting checks this first; advisory pages
/// link only the posters that pass.
pub fn check_poster_coverage(
    site: &Site,
    ui: &UiStrings,
    fonts: &FontSet,
    urls: &Urls,
    job: &PosterJob,
) -> Result<(), Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let input = PosterInput {
        site,
        advisory,
        institution: job.institution.map(|i| &site.config.institutions[i]),
        localizers: job
            .languages
            .iter()
            .filter_map(|tag| site.config.language(tag))
            .map(|lang| Localizer { site, ui, lang })
            .collect(),
        urls: job
            .languages
            .iter()
            .filter_map(|tag| site.config.language(tag))
            .map(|l| urls.absolute(&PageKind::Advisory(advisory.slug.clone()), l))
            .collect(),
        qr: Vec::new(),
        size: job.size,
    };
    check_coverage(
        fonts,
        site,
        job,
        &poster_data(&input, MIN_BODY_PT, Omit::Nothing),
    )
}

/// Every character of the poster must be in a bundled font: name the language, the poster and
/// the characters, and say where a font goes.
fn check_coverage(
    fonts: &FontSet,
    site: &Site,
    job: &PosterJob,
    data: &PosterData,
) -> Result<(), Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let mut by_language: Vec<(&str, Vec<char>)> = Vec::new();
    for (text, lang) in content::texts(data) {
        for c in fonts.missing_chars(text) {
            match by_language.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, chars)) if !chars.contains(&c) => chars.push(c),
                Some(_) => {}
                None => by_language.push((lang, vec![c])),
            }
        }
    }
    if by_language.is_empty() {
        return Ok(());
    }
    let theme = &site.config.theme;
    Err(by_language
        .into_iter()
        .map(|(lang, chars)| {
            let shown: Vec<char> = chars.iter().copied().take(MAX_SHOWN_CHARS).collect();
            let more = chars.len().saturating_sub(shown.len());
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            Diagnostic {
                code: Code::MissingGlyphs,
                ..advisory_error(
                    advisory,
                    lang,
                    format!(
                        "advisory `{}`: poster `{}` not made: no bundled font covers {} character{} of its `{lang}` text: {}{more}",
                        advisory.slug,
                        job.path,
                        chars.len(),
                        if chars.len() == 1 { "" } else { "s" },
                        describe_chars(&shown)
                    ),
                )
            }
            .with_hint(format!(
                "put a font that covers the `{lang}` script (any .ttf or .otf, e.g. a Noto Sans font for it) \
                 in themes/{theme}/fonts/ in the site folder; the web pages are made either way \
                 (see themes/default/fonts/README.md)"
            ))
        })
        .collect())
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

fn export_pdf(
    document: &typst_layout::PagedDocument,
    advisory: &Advisory,
    job: &PosterJob,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let date = advisory.last_modified();
    let timestamp = Datetime::from_ymd(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
    .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(job.path.clone()),
        creator: Smart::Custom(Some("redflag".into())),
        timestamp,
        ..Default::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                advisory_error(
                    advisory,
                    &job.languages[0],
                    format!("cannot write the poster {}: {}", job.path, e.message),
                )
            })
            .collect()
    })
}

fn export_png(document: &typst_layout::PagedDocument) -> Vec<u8> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: PREVIEW_PIXELS_PER_PT.into(),
        render_bleed: false,
    };
    document
        .pages()
        .first()
        .map(|page| typst_render::render(page, &options))
        .and_then(|pixmap| pixmap.encode_png().ok())
        .unwrap_or_default()
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
