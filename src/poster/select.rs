//! The posters `redflag posters` selects among those the plan makes, and why a selection names
//! something the site does not have.

use super::Selection;
use crate::model::{Advisory, PaperSize, PosterLayout, Site};
use crate::plan::Prepared;
use crate::plan::posters::{PosterJob, TEMPLATE, language_job, layouts_and_sizes};

/// Why a selection cannot be typeset: each names what does not exist and what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SelectionError {
    /// The theme has no poster template.
    #[error(
        "the theme has no poster template ({TEMPLATE}); add one, or remove the theme's override to use the default"
    )]
    NoTemplate,
    /// `redflag posters <slug>` names no advisory of the site.
    #[error("there is no advisory `{0}`: name the folder of one under content/advisories/")]
    NoAdvisory(String),
    /// `--lang` names no language of the site.
    #[error("the site has no language `{0}`: use one of the tags under [languages] in site.toml")]
    NoLanguage(String),
    /// More than two `--lang`.
    #[error("a poster carries one or two languages: give --lang once or twice")]
    TooManyLanguages,
    /// `--institution` names no institution of the site.
    #[error(
        "there is no institution `{0}` in site.toml: use the `id` of one of its [[institutions]]"
    )]
    NoInstitution(String),
}

/// The posters `redflag posters` makes for a selection, from those the site plans.
pub fn select_posters(
    prepared: &Prepared,
    selection: &Selection,
) -> Result<Vec<PosterJob>, SelectionError> {
    let site = &prepared.site;
    let institution = check_selection(prepared, selection)?;
    let pairs = selected_layouts_and_sizes(site, &selection.sizes);
    let mut plan = prepared.posters.clone();
    plan.retain(|job| {
        selection.wants(&site.advisories[job.advisory].slug)
            && pairs.contains(&(job.layout, job.size))
    });
    let covered: Vec<(usize, PosterLayout, PaperSize)> = plan
        .iter()
        .map(|j| (j.advisory, j.layout, j.size))
        .collect();
    let mut jobs: Vec<PosterJob> = Vec::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        if !selection.wants(&advisory.slug) {
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

impl Selection {
    /// Whether the advisory `slug` is selected (every advisory is when none is named).
    fn wants(&self, slug: &str) -> bool {
        self.advisories.is_empty() || self.advisories.iter().any(|a| a == slug)
    }
}

/// Checks that the theme can typeset posters and that `selection` names only advisories,
/// languages (at most two) and an institution the site has; the index of that institution.
fn check_selection(
    prepared: &Prepared,
    selection: &Selection,
) -> Result<Option<usize>, SelectionError> {
    let site = &prepared.site;
    if prepared.theme.file(TEMPLATE).is_none() {
        return Err(SelectionError::NoTemplate);
    }
    if let Some(slug) =
        (selection.advisories.iter()).find(|slug| !site.advisories.iter().any(|a| a.slug == **slug))
    {
        return Err(SelectionError::NoAdvisory(slug.clone()));
    }
    if let Some(tag) = (selection.languages.iter()).find(|tag| site.config.language(tag).is_none())
    {
        return Err(SelectionError::NoLanguage(tag.clone()));
    }
    if selection.languages.len() > 2 {
        return Err(SelectionError::TooManyLanguages);
    }
    let institution = selection.institution.as_ref().map(|id| {
        site.config
            .institutions
            .iter()
            .position(|i| i.id == *id)
            .ok_or_else(|| SelectionError::NoInstitution(id.clone()))
    });
    institution.transpose()
}

/// The layouts and sizes asked for: `sizes` (from `--size`) replace `[posters] sizes` (a
/// notice is on the large sheet of each).
fn selected_layouts_and_sizes(site: &Site, sizes: &[PaperSize]) -> Vec<(PosterLayout, PaperSize)> {
    if sizes.is_empty() {
        return layouts_and_sizes(site);
    }
    layouts_and_sizes(site)
        .into_iter()
        .map(|(layout, _)| layout)
        .fold(Vec::new(), |mut pairs, layout| {
            for size in sizes {
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
