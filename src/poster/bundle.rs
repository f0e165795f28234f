//! Print-shop bundles: one PDF per institution and size, an index page first (the posters and
//! the page each starts on) and then every poster of the bundle, in order.
//!
//! A bundle is not typeset again from the template: its pages are the laid-out pages of the
//! posters themselves (typst's `PagedDocument`s, kept from this run or typeset again when the
//! poster was reused from the cache) after the index, exported as one document, so the bundle
//! is tagged and claims PDF/UA-1 and PDF/A-2a like each poster, and is byte-for-byte the same
//! on every run (dated its newest advisory's last change, identified by its path).

use std::collections::HashMap;

use serde::Serialize;
use typst::ecow::EcoVec;
use typst::model::Document;
use typst_layout::PagedDocument;

use super::export::export_pdf;
use super::template_error;
use super::typeset::{Shared, poster_document};
use super::world::Typesetter;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::UiStrings;
use crate::model::Site;
use crate::output::Sink;
use crate::plan::bundles::BundleJob;
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

/// Writes each bundle to `sink` from the posters' laid-out `documents` (by PDF path; a poster
/// missing there is typeset again, one that cannot be made is left out, a bundle with none is
/// not written). Returns how many were written.
pub(super) fn render_bundles(
    site: &Site,
    ui: &UiStrings,
    shared: &Shared,
    theme: &Theme,
    bundles: &[BundleJob],
    mut documents: HashMap<String, PagedDocument>,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    if bundles.is_empty() {
        return Ok(0);
    }
    let index_engine = Typesetter::for_template(theme, INDEX_TEMPLATE).ok_or_else(|| {
        vec![Diagnostic::error(
            Code::Template,
            std::path::Path::new(INDEX_TEMPLATE),
            Position::default(),
            "the theme has no template for the index page of a poster bundle",
        )]
    })?;
    let mut written = 0;
    for bundle in bundles {
        let mut posters = Vec::new();
        for job in &bundle.posters {
            let document = match documents.remove(&job.path) {
                Some(document) => document,
                None => match poster_document(site, ui, shared, job) {
                    Ok(document) => document,
                    Err(errs) if errs.iter().all(|d| d.code == Code::MissingGlyphs) => continue,
                    Err(errs) => return Err(errs),
                },
            };
            posters.push((job, document));
        }
        if posters.is_empty() {
            continue;
        }
        let pdf = bundle_pdf(site, ui, &index_engine, bundle, &posters)?;
        written += 1;
        sink.write(&bundle.path, &pdf).map_err(|err| {
            vec![Diagnostic::error(
                Code::Io,
                std::path::Path::new(&bundle.path),
                Position::default(),
                format!("cannot write the poster bundle: {err}"),
            )]
        })?;
    }
    Ok(written)
}

/// The bundle's PDF: the index, then each poster's pages.
fn bundle_pdf(
    site: &Site,
    ui: &UiStrings,
    engine: &Typesetter,
    bundle: &BundleJob,
    posters: &[(&crate::plan::posters::PosterJob, PagedDocument)],
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let institution = &site.config.institutions[bundle.institution];
    let tag = posters
        .first()
        .and_then(|(job, _)| job.languages.first())
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
    let mut data = IndexData {
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
        entries: posters
            .iter()
            .map(|(job, _)| {
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
    };
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
