//! Translation status (`redflag translations`): for every advisory and language, whether it is
//! translated from the current source, stale, unverified (no `source_digest`), a draft (being
//! written, not published) or missing, with
//! the source digest a translation records, and each language's coverage. Its submodules move
//! translations in and out of gettext PO files for translators who do not use git.

mod checks;
pub mod cli;
pub mod export;
pub mod import;
mod import_plan;
mod import_texts;
pub mod po;
mod site_import;
pub mod site_texts;
mod site_title;
pub mod units;
pub mod xliff;
mod yaml_edit;

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::Site;

/// The state of one advisory in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The default language: the source itself.
    Source,
    /// Translated from the current source.
    Translated,
    /// Translated, but without a recorded `source_digest`.
    Unverified,
    /// Translated from an older version of the source.
    Stale,
    /// A translation still being written (`status: draft`): not published, so untranslated.
    Draft,
    /// Not translated.
    Missing,
}

impl Status {
    /// The word shown in the table.
    pub fn label(self) -> &'static str {
        match self {
            Status::Source => "source",
            Status::Translated => "translated",
            Status::Unverified => "unverified",
            Status::Stale => "stale",
            Status::Draft => "draft",
            Status::Missing => "missing",
        }
    }
}

/// One advisory in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Its state.
    pub status: Status,
    /// The `source_digest` the translation records, if any.
    pub recorded_digest: Option<String>,
}

/// One advisory's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The advisory.
    pub slug: String,
    /// The current source digest: what an up-to-date translation records as `source_digest`.
    pub digest: String,
    /// Its state per language, in site order.
    pub languages: IndexMap<String, Cell>,
}

/// Coverage of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Advisories translated from the current source (or, for the default language, all).
    pub current: usize,
    /// Advisories whose translation is stale.
    pub stale: usize,
    /// Advisories translated without a recorded digest.
    pub unverified: usize,
    /// Advisories whose translation is a draft (not published).
    pub draft: usize,
    /// Advisories not translated.
    pub missing: usize,
    /// Percentage of advisories translated from the current source.
    pub percent: f64,
    /// Percentage of the source's words that are translated from the current source (a
    /// field left out of a translation, or a stale or draft translation, counts as not).
    pub words_percent: f64,
}

/// The whole table.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One row per advisory.
    pub advisories: Vec<Row>,
    /// Coverage per language, in site order.
    pub coverage: IndexMap<String, Coverage>,
}

/// Computes the translation status of every advisory.
pub fn translation_report(site: &Site) -> Report {
    let default = &site.config.default_language;
    let advisories: Vec<Row> = site
        .advisories
        .iter()
        .map(|a| Row {
            slug: a.slug.clone(),
            digest: a.digest.clone(),
            languages: site
                .config
                .languages
                .iter()
                .map(|l| {
                    let text = a.texts.get(&l.tag);
                    let recorded_digest = text.and_then(|t| t.source_digest.clone());
                    let status = match text {
                        _ if l.tag == *default => Status::Source,
                        None => Status::Missing,
                        Some(t) if t.draft => Status::Draft,
                        Some(t) => match &t.source_digest {
                            None => Status::Unverified,
                            Some(d) if *d == a.digest => Status::Translated,
                            Some(_) => Status::Stale,
                        },
                    };
                    (
                        l.tag.clone(),
                        Cell {
                            status,
                            recorded_digest,
                        },
                    )
                })
                .collect(),
        })
        .collect();
    let coverage = site
        .config
        .languages
        .iter()
        .map(|l| {
            let mut coverage = coverage_of(&advisories, &l.tag);
            coverage.words_percent = site.words_percent(&l.tag);
            (l.tag.clone(), coverage)
        })
        .collect();
    Report {
        advisories,
        coverage,
    }
}

fn coverage_of(rows: &[Row], lang: &str) -> Coverage {
    let count = |wanted: &[Status]| {
        rows.iter()
            .filter(|r| {
                r.languages
                    .get(lang)
                    .is_some_and(|c| wanted.contains(&c.status))
            })
            .count()
    };
    let current = count(&[Status::Source, Status::Translated]);
    Coverage {
        current,
        stale: count(&[Status::Stale]),
        unverified: count(&[Status::Unverified]),
        draft: count(&[Status::Draft]),
        missing: count(&[Status::Missing]),
        percent: if rows.is_empty() {
            100.0
        } else {
            100.0 * current as f64 / rows.len() as f64
        },
        words_percent: 100.0,
    }
}

/// The report as a text table: advisories × languages, then coverage per language. A stale
/// cell shows the digest its translation records (the row's digest is the current one).
pub fn render_table(report: &Report) -> String {
    let width = report
        .advisories
        .iter()
        .map(|r| r.slug.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let columns: Vec<usize> = report
        .coverage
        .keys()
        .map(|lang| {
            report
                .advisories
                .iter()
                .filter_map(|r| r.languages.get(lang))
                .map(|c| cell_text(c).chars().count())
                .chain([lang.chars().count(), 10])
                .max()
                .unwrap_or(10)
        })
        .collect();
    let mut out = format!("{:width$}  {:12}", "advisory", "digest");
    for (lang, w) in report.coverage.keys().zip(&columns) {
        out.push_str(&format!("  {lang:w$}"));
    }
    out.push('\n');
    for row in &report.advisories {
        out.push_str(&format!("{:width$}  {:12}", row.slug, row.digest));
        for (cell, w) in row.languages.values().zip(&columns) {
            out.push_str(&format!("  {:w$}", cell_text(cell)));
        }
        out.push('\n');
    }
    out.push_str(&format!("{:width$}  {:12}", "coverage", ""));
    for (coverage, w) in report.coverage.values().zip(&columns) {
        out.push_str(&format!("  {:w$}", format!("{:.0}%", coverage.percent)));
    }
    out.push('\n');
    out.push_str(&format!("{:width$}  {:12}", "words", ""));
    for (coverage, w) in report.coverage.values().zip(&columns) {
        out.push_str(&format!(
            "  {:w$}",
            format!("{:.0}%", coverage.words_percent)
        ));
    }
    out.lines()
        .map(|l| l.trim_end().to_owned() + "\n")
        .collect()
}

fn cell_text(cell: &Cell) -> String {
    match (&cell.status, &cell.recorded_digest) {
        (Status::Stale, Some(recorded)) => format!("stale ({recorded})"),
        (Status::Draft, _) => "draft (untranslated)".to_owned(),
        (status, _) => status.label().to_owned(),
    }
}
