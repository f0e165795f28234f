//! Which posters the site has and where each is written: one per advisory, language and size,
//! and one per institution, advisory of its regions and size. The advisory pages link these,
//! the build typesets these, the preview typesets one of these on request.

use crate::config::PaperSize;
use crate::i18n::Language;
use crate::model::{Advisory, Site};
use crate::theme::Theme;

/// The poster template's path inside the theme: without it the site has no posters.
pub const TEMPLATE: &str = "poster/poster.typ";

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

/// The poster of `advisory` (at `index`) in `languages` on `size` paper.
pub fn language_job(
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
