//! The posters `redflag posters` selects among those the plan makes.

use super::Selection;
use crate::model::{Advisory, PaperSize, PosterLayout, Site};
use crate::plan::posters::{PosterJob, TEMPLATE, language_job, layouts_and_sizes, plan_posters};
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
    // The layouts and sizes asked for: `--size` replaces `[posters] sizes` (a notice is on the
    // large sheet of each).
    let pairs: Vec<(PosterLayout, PaperSize)> = if selection.sizes.is_empty() {
        layouts_and_sizes(site)
    } else {
        layouts_and_sizes(site)
            .into_iter()
            .map(|(layout, _)| layout)
            .fold(Vec::new(), |mut pairs, layout| {
                for size in &selection.sizes {
                    let size = match layout {
                        PosterLayout::Handout => *size,
                        PosterLayout::Notice => size.large(),
                    };
                    if !pairs.contains(&(layout, size)) {
                        pairs.push((layout, size));
                    }
                }
                pairs
            })
    };
    let mut plan = plan_posters(site, theme);
    plan.retain(|job| {
        (selection.advisories.is_empty()
            || selection
                .advisories
                .contains(&site.advisories[job.advisory].slug))
            && pairs.contains(&(job.layout, job.size))
    });
    let covered: Vec<(usize, PosterLayout, PaperSize)> = plan
        .iter()
        .map(|j| (j.advisory, j.layout, j.size))
        .collect();
    let mut jobs: Vec<PosterJob> = Vec::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        if !selection.advisories.is_empty() && !selection.advisories.contains(&advisory.slug) {
            continue;
        }
        for &(layout, size) in &pairs {
            jobs.extend(selected_jobs(
                &plan,
                (index, advisory),
                (layout, size),
                institution,
                &selection.languages,
                covered.contains(&(index, layout, size)),
            ));
        }
    }
    Ok(jobs)
}

/// The selected posters of one advisory, layout and size (a notice has one language).
fn selected_jobs(
    plan: &[PosterJob],
    (index, advisory): (usize, &Advisory),
    (layout, size): (PosterLayout, PaperSize),
    institution: Option<usize>,
    languages: &[String],
    planned: bool,
) -> Vec<PosterJob> {
    let planned_jobs = plan
        .iter()
        .filter(|j| j.advisory == index && j.layout == layout && j.size == size);
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
        (None, false) if layout == PosterLayout::Notice && languages.len() > 1 => Vec::new(),
        (None, false) => vec![language_job(
            advisory,
            index,
            languages.to_vec(),
            size,
            layout,
        )],
    }
}
