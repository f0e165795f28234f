//! The "Print a poster" section of an advisory page: links to the advisory's posters (from
//! `plan::posters::plan_posters`, the same plan the build renders), the page's language first.

use serde::Serialize;

use crate::model::PosterLayout;
use crate::plan::posters::PosterJob;
use crate::plan::urls::Urls;
use crate::views::{Localizer, Text};

/// A poster as an advisory page links it.
#[derive(Debug, Clone, Serialize)]
pub struct PosterLink {
    /// "English · Letter", or "English + 简体中文 · Letter" for a bilingual poster.
    pub label: String,
    /// The PDF.
    pub url: String,
    /// Its PNG preview.
    pub preview: String,
    /// `letter`, `a4`, `tabloid` or `a3`.
    pub size: &'static str,
    /// `handout` or `notice` (for notice boards).
    pub layout: &'static str,
    /// The accessibility standard the PDF claims and meets: `PDF/UA-1` (typst refuses to
    /// write a poster that does not; the preview then shows why instead of the PDF).
    pub standard: &'static str,
    /// The paper's name in the page's language.
    pub size_label: String,
    /// For a notice, "Notice board (large type)" in the page's language (`poster_notice`), so
    /// a Tabloid notice and a Tabloid handout read differently; `None` for a handout.
    pub layout_label: Option<String>,
    /// The poster's languages joined by `+`: `en`, `en+zh-Hans`.
    pub lang: String,
    /// Each language's name in itself, tagged with that language.
    pub languages: Vec<Text>,
    /// The preview's width and height in pixels.
    pub preview_size: [u32; 2],
    /// "For Northgate College", for an institution's poster.
    pub institution: Option<InstitutionLabel>,
}

/// "For {institution}" in the page's language, around the institution's name in its own.
#[derive(Debug, Clone, Serialize)]
pub struct InstitutionLabel {
    /// The words before the name.
    pub before: String,
    /// The name, tagged with its language.
    pub name: Text,
    /// The words after the name.
    pub after: String,
}

/// One advisory's posters: this language's first, then the other languages', then
/// institutions'.
pub fn poster_links(mut mine: Vec<&PosterJob>, urls: &Urls, l: &Localizer) -> Vec<PosterLink> {
    mine.sort_by_key(|j| {
        (
            j.institution.is_some(),
            j.languages.first() != Some(&l.lang.tag),
        )
    });
    mine.into_iter().map(|job| link(job, urls, l)).collect()
}

fn link(job: &PosterJob, urls: &Urls, l: &Localizer) -> PosterLink {
    let languages: Vec<Text> = job
        .languages
        .iter()
        .map(|tag| {
            let name = l
                .site
                .config
                .language(tag)
                .map_or(tag.as_str(), |lang| &lang.name);
            l.text_in(name, tag)
        })
        .collect();
    let names: Vec<&str> = languages.iter().map(|t| t.text.as_str()).collect();
    let size_label = l.t(&format!("paper_{}", job.size.id()));
    let institution = job.institution.map(|i| {
        let label = l.t("poster_for");
        let (before, after) = label
            .split_once("{institution}")
            .unwrap_or((label.as_str(), ""));
        InstitutionLabel {
            before: before.to_owned(),
            name: l.localized(&l.site.config.institutions[i].name),
            after: after.to_owned(),
        }
    });
    let layout_label = (job.layout == PosterLayout::Notice).then(|| l.t("poster_notice"));
    let label = match &layout_label {
        Some(layout) => format!("{} · {size_label} · {layout}", names.join(" + ")),
        None => format!("{} · {size_label}", names.join(" + ")),
    };
    PosterLink {
        label,
        url: urls.asset(&job.path),
        preview: urls.asset(&job.preview_path()),
        size: job.size.id(),
        layout: job.layout.id(),
        standard: crate::poster::ACCESSIBILITY,
        size_label,
        layout_label,
        lang: job.languages.join("+"),
        languages,
        preview_size: job.preview_size(),
        institution,
    }
}
