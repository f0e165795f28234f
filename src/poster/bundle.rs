//! Print-shop bundles: one PDF per institution and size, an index page first (the posters and
//! the page each starts on) and then every poster of the bundle, in order.
//!
//! A bundle is not typeset again from the template: its pages are the laid-out pages of the
//! posters themselves (typst's `PagedDocument`s, kept from this run or typeset again when the
//! poster was reused from the cache) after the index, exported as one document, so the bundle
//! is tagged and claims PDF/UA-1 and PDF/A-2a like each poster, and is byte-for-byte the same
//! on every run (dated its newest advisory's last change, identified by its path).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use typst::ecow::EcoVec;
use typst::model::Document;
use typst_layout::PagedDocument;

use super::cache::{ManifestEntry, PosterCache};
use super::content::Omit;
use super::export::export_pdf;
use super::template_error;
use super::typeset::{Shared, poster_document};
use super::workers::typeset_each;
use super::world::Typesetter;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::UiStrings;
use crate::model::Site;
use crate::output::Sink;
use crate::plan::bundles::BundleJob;
use crate::plan::posters::PosterJob;
use crate::theme::Theme;
use crate::views::{Localizer, Text};

/// The index page's template inside the theme.
pub const INDEX_TEMPLATE: &str = "poster/bundle-index.typ";

/// What the index page shows (`/data.json` of `poster/bundle-index.typ`).
#[derive(Debug, Serialize)]
struct IndexData {
    /// Width and height in points.
    page: [f64; 2],
    /// The document title (PDF metadata): the institution and the paper.
    title: String,
    /// The bundle's first language and its direction.
    lang: String,
    dir: crate::i18n::Direction,
    /// The site's title.
    site: Text,
    /// "For {institution}", split around the institution's name.
    before: String,
    institution: Text,
    after: String,
    /// The paper's name.
    size: String,
    /// The page the first poster is on (after the index's own pages).
    first: usize,
    /// One entry per poster: its advisory's title in each of its languages (a title that is
    /// shown in another language, untranslated, once).
    entries: Vec<Vec<Text>>,
}

/// The bundles a run wrote.
#[derive(Default)]
pub(super) struct WrittenBundles {
    /// Each bundle's path and manifest entry.
    pub entries: Vec<(String, ManifestEntry)>,
    /// How many of them were reused unchanged.
    pub unchanged: usize,
}

/// Writes each bundle to `sink`: the previous build's, when nothing it is made from changed
/// (`cache`), else made from the posters' laid-out `documents` (by PDF path; a poster missing
/// there is typeset again, in parallel). `made` holds the manifest entries of this run's posters
/// (one that could not be made is left out; a bundle with none is not written). Returns the
/// bundles written.
pub(super) fn render_bundles(
    (site, ui, theme): (&Site, &UiStrings, &Theme),
    shared: &Shared,
    bundles: &[BundleJob],
    (mut documents, made): (
        HashMap<String, PagedDocument>,
        &BTreeMap<String, ManifestEntry>,
    ),
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<WrittenBundles, Vec<Diagnostic>> {
    let mut written = WrittenBundles::default();
    if bundles.is_empty() {
        return Ok(written);
    }
    let index_engine = Typesetter::for_template(theme, INDEX_TEMPLATE).ok_or_else(|| {
        vec![Diagnostic::error(
            Code::Template,
            std::path::Path::new(INDEX_TEMPLATE),
            Position::default(),
            "the theme has no template for the index page of a poster bundle",
        )]
    })?;
    for bundle in bundles {
        let jobs: Vec<&PosterJob> = bundle
            .posters
            .iter()
            .filter(|job| made.contains_key(&job.path))
            .collect();
        if jobs.is_empty() {
            continue;
        }
        let data = index_data(site, ui, bundle, &jobs);
        let key = bundle_key(shared, bundle, &jobs, made, &data);
        let pdf = match cache.bundle(&bundle.path, &key) {
            Some(pdf) => {
                written.unchanged += 1;
                pdf
            }
            None => {
                let posters = laid_out(site, ui, shared, &jobs, &mut documents)?;
                bundle_pdf(site, &index_engine, bundle, data, &posters)?
            }
        };
        sink.write(&bundle.path, &pdf).map_err(|err| {
            vec![Diagnostic::error(
                Code::Io,
                std::path::Path::new(&bundle.path),
                Position::default(),
                format!("cannot write the poster bundle: {err}"),
            )]
        })?;
        let entry = ManifestEntry::new(key, &pdf, &[], Omit::NOTHING);
        written.entries.push((bundle.path.clone(), entry));
    }
    Ok(written)
}

/// The laid-out documents of `jobs`, in order: taken from `documents` (the posters typeset in
/// this run), the others (reused from the previous output) typeset again in parallel.
fn laid_out<'j>(
    site: &Site,
    ui: &UiStrings,
    shared: &Shared,
    jobs: &[&'j PosterJob],
    documents: &mut HashMap<String, PagedDocument>,
) -> Result<Vec<(&'j PosterJob, PagedDocument)>, Vec<Diagnostic>> {
    let missing: Vec<&PosterJob> = jobs
        .iter()
        .copied()
        .filter(|job| !documents.contains_key(&job.path))
        .collect();
    let typeset = typeset_each(&missing, |job| poster_document(site, ui, shared, job));
    for (job, document) in missing.iter().zip(typeset) {
        documents.insert(job.path.clone(), document?);
    }
    Ok(jobs
        .iter()
        .filter_map(|job| Some((*job, documents.remove(&job.path)?)))
        .collect())
}

/// The digest of everything a bundle is made from: the binary and the theme's poster files,
/// its path, its posters' own keys in order and what its index page shows.
fn bundle_key(
    shared: &Shared,
    bundle: &BundleJob,
    jobs: &[&PosterJob],
    made: &BTreeMap<String, ManifestEntry>,
    data: &IndexData,
) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(crate::identity::identity());
    hasher.update(shared.theme_digest.as_bytes());
    hasher.update(bundle.path.as_bytes());
    for job in jobs {
        if let Some(entry) = made.get(&job.path) {
            hasher.update(entry.key.as_bytes());
        }
    }
    hasher.update(&serde_json::to_vec(data).unwrap_or_default());
    hasher.finalize().to_hex().to_string()
}

/// What the index page of `bundle` shows, listing `jobs` (the bundle's posters that were made).
fn index_data(site: &Site, ui: &UiStrings, bundle: &BundleJob, jobs: &[&PosterJob]) -> IndexData {
    let institution = &site.config.institutions[bundle.institution];
    let tag = jobs
        .first()
        .and_then(|job| job.languages.first())
        .or_else(|| institution.languages.first())
        .unwrap_or(&site.config.default_language);
    let languages = &site.config.languages;
    let lang = languages
        .iter()
        .find(|l| l.tag == *tag)
        .unwrap_or(&languages[0]);
    let l = Localizer { site, ui, lang };
    let label = l.t("poster_for");
    let (before, after) = label
        .split_once("{institution}")
        .unwrap_or((label.as_str(), ""));
    let name = l.localized(&institution.name);
    let size = l.t(&format!("paper_{}", bundle.size.id()));
    IndexData {
        page: bundle.size.dimensions_pt(),
        title: format!("{} · {size}", name.text),
        lang: lang.tag.clone(),
        dir: lang.dir,
        site: l.localized(&site.config.title),
        before: before.to_owned(),
        institution: name,
        after: after.to_owned(),
        size,
        first: 2,
        entries: jobs
            .iter()
            .map(|job| {
                let advisory = &site.advisories[job.advisory];
                job.languages
                    .iter()
                    .filter_map(|tag| site.config.language(tag))
                    .map(|lang| Localizer { site, ui, lang }.field(advisory, |t| t.title.as_ref()))
                    .fold(Vec::new(), |mut titles: Vec<Text>, title| {
                        if !titles.iter().any(|t| t.text == title.text) {
                            titles.push(title);
                        }
                        titles
                    })
            })
            .collect(),
    }
}

/// The bundle's PDF: the index, then each poster's pages.
fn bundle_pdf(
    site: &Site,
    engine: &Typesetter,
    bundle: &BundleJob,
    mut data: IndexData,
    posters: &[(&PosterJob, PagedDocument)],
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    // The posters start after the index, which may take more than one page.
    let mut index = compile_index(engine, &data)?;
    while index.pages().len() + 1 != data.first {
        data.first = index.pages().len() + 1;
        index = compile_index(engine, &data)?;
    }
    let mut pages: EcoVec<typst_layout::Page> = index.pages().iter().cloned().collect();
    for (_, document) in posters {
        pages.extend(document.pages().iter().cloned());
    }
    let merged = PagedDocument::new(pages, index.info().clone());
    let date = posters
        .iter()
        .map(|(job, _)| site.advisories[job.advisory].last_modified())
        .fold(
            site.advisories[posters[0].0.advisory].last_modified(),
            Ord::max,
        );
    export_pdf(engine, &merged, date, &bundle.path)
}

fn compile_index(engine: &Typesetter, data: &IndexData) -> Result<PagedDocument, Vec<Diagnostic>> {
    let json = serde_json::to_vec(data).unwrap_or_default();
    engine
        .compile(&json, &[])
        .map_err(|messages| messages.into_iter().map(template_error).collect())
}
