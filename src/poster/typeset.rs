//! Typesetting one poster: the model → poster data → a one-page typst document (fitted,
//! checked) → PDF and PNG, or the unchanged poster from the cache.

use std::path::Path;
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use super::cache::{CachedPoster, ManifestEntry, PosterCache, poster_key};
use super::checks::{check_emergency, check_layout};
use super::content::{Omit, PosterInput, poster_data};
use super::coverage::check_coverage;
use super::evictions::Evictions;
use super::export::{export_pdf, export_png};
use super::fit::{fit, left_out_diagnostics};
use super::qr::QrCodes;
use super::world::Typesetter;
use super::{MIN_BODY_PT, advisory_error};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, UiStrings};
use crate::model::Site;
use crate::output::Sink;
use crate::plan::posters::PosterJob;
use crate::plan::urls::{PageKind, Urls};
use crate::views::Localizer;

/// One poster written: where, its manifest entry, what its layout reports, how long
/// typesetting took (`None` when it was reused unchanged) and, for a poster of a bundle that
/// was typeset, its laid-out document.
pub(super) struct WrittenPoster {
    pub path: String,
    pub entry: ManifestEntry,
    pub diagnostics: Vec<Diagnostic>,
    pub typeset: Option<Duration>,
    pub document: Option<PagedDocument>,
}

/// What every poster of one render shares: the engine, the site's URLs, the theme's digest,
/// the QR codes made so far and when typst's caches are next pruned.
pub(super) struct Shared<'a> {
    pub engine: &'a Typesetter,
    pub urls: &'a Urls,
    pub theme_digest: &'a str,
    pub qr_codes: &'a QrCodes,
    pub evictions: Evictions,
}

/// Makes one poster (or reuses it from `cache`), writes its PDF and PNG to `sink`; keeps its
/// laid-out document when it is typeset and `keep` (for a bundle). The PNG preview is not
/// drawn when `sink` does not read it (`check` only needs to know it exists).
pub(super) fn make_poster(
    site: &Site,
    ui: &UiStrings,
    shared: &Shared,
    (job, keep): (&PosterJob, bool),
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<WrittenPoster, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut input = poster_input(site, ui, shared, job);
    check_emergency(&input, job)?;
    let key = poster_key(shared.theme_digest, &input, job);
    let (poster, time, document) = match cache.get(&job.path, &job.preview_path(), &key) {
        Some(cached) => (cached, None, None),
        None => {
            let preview = sink.reads(&job.preview_path());
            input = with_qr_codes(input, shared, job)?;
            let poster = typeset(site, shared.engine, &input, (job, preview));
            shared.evictions.after_document();
            let poster = poster?;
            let made = CachedPoster {
                pdf: poster.pdf,
                png: poster.png,
                omitted: poster.omitted,
            };
            (
                made,
                Some(started.elapsed()),
                keep.then_some(poster.document),
            )
        }
    };
    for (path, bytes) in [
        (job.path.clone(), &poster.pdf),
        (job.preview_path(), &poster.png),
    ] {
        sink.write(&path, bytes)
            .map_err(|err| vec![write_error(&path, &err)])?;
    }
    Ok(WrittenPoster {
        path: job.path.clone(),
        entry: ManifestEntry::new(key, &poster.pdf, &poster.png, poster.omitted),
        diagnostics: left_out_diagnostics(&input, job, poster.omitted),
        typeset: time,
        document,
    })
}

/// The laid-out document of a poster (for a bundle whose poster was reused from the cache).
pub(super) fn poster_document(
    site: &Site,
    ui: &UiStrings,
    shared: &Shared,
    job: &PosterJob,
) -> Result<PagedDocument, Vec<Diagnostic>> {
    let input = with_qr_codes(poster_input(site, ui, shared, job), shared, job)?;
    let poster = typeset(site, shared.engine, &input, (job, false));
    shared.evictions.after_document();
    Ok(poster?.document)
}

/// A typeset poster.
pub struct RenderedPoster {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its PNG preview (empty when it was not drawn).
    pub png: Vec<u8>,
    /// What had to be left out.
    pub omitted: Omit,
    /// The laid-out document the PDF was exported from.
    pub document: PagedDocument,
}

/// Everything a poster shows, gathered from the model; its QR codes are added by
/// [`with_qr_codes`] when it is typeset (a poster's key does not need them).
fn poster_input<'a>(
    site: &'a Site,
    ui: &'a UiStrings,
    shared: &Shared,
    job: &PosterJob,
) -> PosterInput<'a> {
    let advisory = &site.advisories[job.advisory];
    let languages: Vec<&Language> = job
        .languages
        .iter()
        .filter_map(|tag| site.config.language(tag))
        .collect();
    let page_urls: Vec<String> = languages
        .iter()
        .map(|l| {
            shared
                .urls
                .absolute(&PageKind::Advisory(advisory.slug.clone()), l)
        })
        .collect();
    PosterInput {
        site,
        advisory,
        institution: job.institution.map(|i| &site.config.institutions[i]),
        localizers: languages
            .iter()
            .map(|lang| Localizer { site, ui, lang })
            .collect(),
        urls: page_urls,
        qr: Vec::new(),
        size: job.size,
        layout: job.layout,
    }
}

/// `input` with the QR codes of its page URLs, made once per URL in a run.
fn with_qr_codes<'a>(
    mut input: PosterInput<'a>,
    shared: &Shared,
    job: &PosterJob,
) -> Result<PosterInput<'a>, Vec<Diagnostic>> {
    input.qr = input
        .urls
        .iter()
        .map(|url| shared.qr_codes.get(url))
        .collect::<Result<_, _>>()
        .map_err(|err| {
            vec![advisory_error(
                input.advisory,
                &job.languages[0],
                err.to_string(),
            )]
        })?;
    Ok(input)
}

/// Checks the text against the fonts, fits it on one page and exports the PDF, and the PNG
/// preview when `preview` (else the preview is empty).
fn typeset(
    site: &Site,
    engine: &Typesetter,
    input: &PosterInput,
    (job, preview): (&PosterJob, bool),
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
    let pdf = export_pdf(
        engine,
        &fitted.document,
        advisory.last_modified(),
        &job.path,
    )?;
    let png = if preview {
        export_png(&fitted.document)
    } else {
        Vec::new()
    };
    Ok(RenderedPoster {
        pdf,
        png,
        omitted: fitted.omitted,
        document: fitted.document,
    })
}

pub(super) fn write_error(path: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(path),
        Position::default(),
        format!("cannot write the poster: {err}"),
    )
    .with_hint("check the free disk space and the permissions of the output folder")
}
