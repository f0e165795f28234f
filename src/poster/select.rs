//! The posters `redflag posters` selects among those the plan makes.

use super::Selection;
use crate::model::{Advisory, PaperSize, Site};
use crate::plan::posters::{PosterJob, TEMPLATE, language_job, plan_posters};
use crate::theme::Theme;

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
