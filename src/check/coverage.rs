//! Languages below their `min_coverage` (RF060): the build leaves them out of the language
//! switcher, the sitemap and the feeds (`Site::listed_languages`), so `check` says so.

use std::path::Path;

use super::sources::SourceMap;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::Site;

/// A warning per language whose word coverage is below its `min_coverage`.
pub fn check_coverage(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let file = &site.config.file;
    site.below_min_coverage()
        .into_iter()
        .map(|(lang, percent)| {
            let min = lang.min_coverage.unwrap_or_default() * 100.0;
            sources
                .at(
                    Code::CoverageBelowMinimum,
                    file,
                    min_coverage_position(sources, file, &lang.tag),
                    format!(
                        "{} ({}) has {percent:.0}% of the words translated from the current \
                         source, below its min_coverage of {min:.0}%: it is left out of the \
                         language switcher, the sitemap and the feeds, and its pages say the \
                         translation is incomplete",
                        lang.name, lang.tag
                    ),
                )
                .as_warning()
                .with_hint(format!(
                    "translate more (`redflag translations` shows what is missing; \
                     `redflag translations export --lang {}` makes a PO file), or lower \
                     min_coverage",
                    lang.tag
                ))
        })
        .collect()
}

/// The `min_coverage` line under `[languages.<tag>]` in `site.toml`.
fn min_coverage_position(sources: &SourceMap, file: &Path, tag: &str) -> Position {
    let line = sources.text(file).and_then(|text| {
        let headers = [
            format!("[languages.{tag}]"),
            format!("[languages.\"{tag}\"]"),
        ];
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| headers.iter().any(|h| l.trim() == h))?;
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.trim_start().starts_with('['))
            .position(|l| l.trim_start().starts_with("min_coverage"))
            .map(|i| start + 1 + i)
    });
    line.map_or(Position::default(), |i| Position::new(i + 1, 1))
}
