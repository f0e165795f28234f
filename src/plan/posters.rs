//! Which posters the site has and where each is written: one per advisory, language, layout and
//! size (a notice on the large sheet of each size), and one handout per institution, advisory
//! of its regions and size, less what `[posters]` and `poster: false` leave out. The advisory pages link these, the build typesets these, the
//! preview typesets one of these on request, `redflag posters` selects among them.

use crate::i18n::Language;
use crate::model::{Advisory, PaperSize, PosterLayout, Site, TaxonomyKind};
use crate::theme::Theme;

/// The poster template's path inside the theme: without it the site has no posters.
pub const TEMPLATE: &str = "poster/poster.typ";

/// Pixels per point of the PNG previews (a Letter poster becomes 459 × 594 pixels).
pub const PREVIEW_PIXELS_PER_PT: f64 = 0.75;

/// One poster to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterJob {
    /// Index of the advisory in `Site::advisories`.
    pub advisory: usize,
    /// Its languages (one or two tags), in the order they appear.
    pub languages: Vec<String>,
    /// Paper.
    pub size: PaperSize,
    /// Handout or notice.
    pub layout: PosterLayout,
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

/// The posters a build makes: for every advisory, one per language it is translated into and
/// size; for every institution, one per advisory of its regions and size, in its languages.
/// Empty when the theme has no poster template.
/// `[posters]` (`languages`, `regions`, `scam_types`, `audiences`, `institutions`) and
/// `poster: false` in an advisory's
/// front matter leave posters out: see [`left_out`].
pub fn plan_posters(site: &Site, theme: &Theme) -> Vec<PosterJob> {
    let mut jobs = every_poster(site, theme);
    jobs.retain(|job| why_left_out(site, job).is_none());
    jobs
}

/// How many posters the site's settings leave out, by reason ("in a language not in [posters]
/// languages"), in a fixed order; reasons that leave none out are not listed.
pub fn left_out(site: &Site, theme: &Theme) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for job in every_poster(site, theme) {
        if let Some(reason) = why_left_out(site, &job) {
            match counts.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => counts.push((reason, 1)),
            }
        }
    }
    counts.sort_by_key(|(reason, _)| LEFT_OUT.iter().position(|r| r == reason));
    counts
}

const POSTER_FALSE: &str = "of advisories with `poster: false`";
const REGIONS: &str = "of advisories outside [posters] regions";
const SCAM_TYPES: &str = "of advisories outside [posters] scam_types";
const AUDIENCES: &str = "of advisories outside [posters] audiences";
const INSTITUTIONS: &str = "of institutions not in [posters] institutions";
const LANGUAGES: &str = "in languages not in [posters] languages";
const LEFT_OUT: [&str; 6] = [
    POSTER_FALSE,
    REGIONS,
    SCAM_TYPES,
    AUDIENCES,
    INSTITUTIONS,
    LANGUAGES,
];

/// Why the site's settings leave `job` out, if they do.
fn why_left_out(site: &Site, job: &PosterJob) -> Option<&'static str> {
    let advisory = &site.advisories[job.advisory];
    let settings = &site.config.posters;
    if advisory.poster.none {
        return Some(POSTER_FALSE);
    }
    for (kind, terms, reason) in [
        (TaxonomyKind::Regions, &settings.regions, REGIONS),
        (TaxonomyKind::ScamTypes, &settings.scam_types, SCAM_TYPES),
        (TaxonomyKind::Audiences, &settings.audiences, AUDIENCES),
    ] {
        if !terms.is_empty() && !terms.iter().any(|t| advisory.has_term(kind, t)) {
            return Some(reason);
        }
    }
    match (job.institution, &settings.institutions) {
        (Some(i), Some(ids)) if !ids.contains(&site.config.institutions[i].id) => {
            Some(INSTITUTIONS)
        }
        (None, _)
            if !settings.languages.is_empty()
                && !job.languages.iter().all(|l| settings.languages.contains(l)) =>
        {
            Some(LANGUAGES)
        }
        _ => None,
    }
}

/// Every poster the site could make, before `[posters]` restrictions.
fn every_poster(site: &Site, theme: &Theme) -> Vec<PosterJob> {
    if theme.file(TEMPLATE).is_none() {
        return Vec::new();
    }
    let sizes = &site.config.posters.sizes;
    let mut jobs = Vec::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        for language in translated_languages(site, advisory) {
            for (layout, size) in layouts_and_sizes(site) {
                jobs.push(language_job(
                    advisory,
                    index,
                    vec![language.tag.clone()],
                    size,
                    layout,
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
                    layout: PosterLayout::Handout,
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

/// Each layout of `[posters] layouts` with its sizes: a handout in every size of `[posters]
/// sizes`, a notice on the large sheet of each (Tabloid for Letter, A3 for A4), each once.
pub fn layouts_and_sizes(site: &Site) -> Vec<(PosterLayout, PaperSize)> {
    let settings = &site.config.posters;
    let mut pairs: Vec<(PosterLayout, PaperSize)> = Vec::new();
    for &layout in &settings.layouts {
        for &size in &settings.sizes {
            let size = match layout {
                PosterLayout::Handout => size,
                PosterLayout::Notice => size.large(),
            };
            if !pairs.contains(&(layout, size)) {
                pairs.push((layout, size));
            }
        }
    }
    pairs
}

/// The poster of an advisory in `languages` (a notice has one): `poster-en-letter.pdf`,
/// `notice-en-tabloid.pdf` in the advisory's folder.
pub fn language_job(
    advisory: &Advisory,
    index: usize,
    languages: Vec<String>,
    size: PaperSize,
    layout: PosterLayout,
) -> PosterJob {
    let stem = match layout {
        PosterLayout::Handout => "poster",
        PosterLayout::Notice => "notice",
    };
    let path = format!(
        "advisories/{}/{stem}-{}-{}.pdf",
        advisory.slug,
        languages.join("+"),
        size.id()
    );
    PosterJob {
        advisory: index,
        languages,
        size,
        layout,
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
