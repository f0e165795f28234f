//! Which posters are made: the build's plan (every advisory in every language it is translated
//! into, and every institution's posters) and the subset `redflag posters` selects.

use super::{PosterJob, Selection, TEMPLATE};
use crate::i18n::Language;
use crate::model::PaperSize;
use crate::model::{Advisory, Site, TaxonomyKind};
use crate::theme::Theme;

/// The posters a build makes: for every advisory, one per language it is translated into and
/// size; for every institution, one per advisory of its regions and size, in its languages.
/// Empty when the theme has no poster template.
/// `[posters]` (`languages`, `regions`, `institutions`) and `poster: false` in an advisory's
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
const INSTITUTIONS: &str = "of institutions not in [posters] institutions";
const LANGUAGES: &str = "in languages not in [posters] languages";
const LEFT_OUT: [&str; 4] = [POSTER_FALSE, REGIONS, INSTITUTIONS, LANGUAGES];

/// Why the site's settings leave `job` out, if they do.
fn why_left_out(site: &Site, job: &PosterJob) -> Option<&'static str> {
    let advisory = &site.advisories[job.advisory];
    let settings = &site.config.posters;
    if advisory.poster.none {
        return Some(POSTER_FALSE);
    }
    if !settings.regions.is_empty()
        && !settings
            .regions
            .iter()
            .any(|r| advisory.has_term(TaxonomyKind::Regions, r))
    {
        return Some(REGIONS);
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
