//! Translation status: for every advisory and language, whether it is translated, stale or
//! missing, with the source digest a translation records as `source_digest`.

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
    /// Not translated.
    Missing,
}

/// One advisory's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The advisory.
    pub slug: String,
    /// The current source digest.
    pub digest: String,
    /// Status per language, in site order.
    pub languages: Vec<(String, Status)>,
}

/// Coverage of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The language.
    pub lang: String,
    /// Percentage of advisories translated from the current source (the default language: 100).
    pub percent: f64,
}

/// The whole table.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One row per advisory.
    pub advisories: Vec<Row>,
    /// One entry per language.
    pub coverage: Vec<Coverage>,
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
                    let status = match a.texts.get(&l.tag) {
                        _ if l.tag == *default => Status::Source,
                        None => Status::Missing,
                        Some(t) => match &t.source_digest {
                            None => Status::Unverified,
                            Some(d) if *d == a.digest => Status::Translated,
                            Some(_) => Status::Stale,
                        },
                    };
                    (l.tag.clone(), status)
                })
                .collect(),
        })
        .collect();
    let coverage = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let current = advisories
                .iter()
                .filter(|r| matches!(r.languages[i].1, Status::Source | Status::Translated))
                .count();
            let percent = if advisories.is_empty() {
                100.0
            } else {
                100.0 * current as f64 / advisories.len() as f64
            };
            Coverage {
                lang: l.tag.clone(),
                percent,
            }
        })
        .collect();
    Report {
        advisories,
        coverage,
    }
}

/// The report as a text table.
pub fn render_table(report: &Report) -> String {
    let mut out = String::new();
    let width = report
        .advisories
        .iter()
        .map(|r| r.slug.len())
        .max()
        .unwrap_or(8)
        .max(8);
    out.push_str(&format!("{:width$}  {:12}", "advisory", "digest"));
    for c in &report.coverage {
        out.push_str(&format!("  {:10}", c.lang));
    }
    out.push('\n');
    for row in &report.advisories {
        out.push_str(&format!("{:width$}  {:12}", row.slug, row.digest));
        for (_, status) in &row.languages {
            let label = serde_json::to_value(status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&format!("  {label:10}"));
        }
        out.push('\n');
    }
    out.push_str(&format!("{:width$}  {:12}", "coverage", ""));
    for c in &report.coverage {
        out.push_str(&format!("  {:<10}", format!("{:.0}%", c.percent)));
    }
    out.push('\n');
    out
}
