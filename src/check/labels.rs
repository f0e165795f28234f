//! Labels that a configured language lacks: taxonomy labels, contact names and the site title
//! with no text in a language (nor in a language it falls back to before the default), so its
//! pages show them in the default language. One warning per label, naming every such language.

use std::path::Path;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::{Localized, Site, TaxonomyKind};

/// Every label, name and title that some configured language has no text for.
pub fn check_labels(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(missing) = missing_languages(site, &site.config.title) {
        let file = site.config.file.clone();
        let at = title_position(sources, &file);
        diagnostics.push(
            sources
                .at(
                    Code::UntranslatedLabel,
                    &file,
                    at,
                    format!("the site title has no text in {missing}"),
                )
                .as_warning()
                .with_hint(hint(site, "write `title` as a table of language = title")),
        );
    }
    for kind in TaxonomyKind::ALL {
        for (id, label) in site.taxonomies.of(kind) {
            if let Some(missing) = missing_languages(site, label) {
                diagnostics.push(
                    sources
                        .at_yaml(
                            Code::UntranslatedLabel,
                            Path::new("content/taxonomies.yaml"),
                            &keys(&[kind.key(), id]),
                            Part::Key,
                            format!("the {} label `{id}` has no text in {missing}", kind.key()),
                        )
                        .as_warning()
                        .with_hint(hint(site, "add a line per language under it")),
                );
            }
        }
    }
    for (id, contact) in &site.contacts {
        if let Some(missing) = missing_languages(site, &contact.name) {
            diagnostics.push(
                sources
                    .at_yaml(
                        Code::UntranslatedLabel,
                        Path::new("content/contacts.yaml"),
                        &keys(&[id, "name"]),
                        Part::Key,
                        format!("the name of contact `{id}` has no text in {missing}"),
                    )
                    .as_warning()
                    .with_hint(hint(site, "write `name:` with a line per language")),
            );
        }
    }
    diagnostics
}

/// "fr (Français), ar (العربية)": the configured languages other than the default whose pages
/// show `text` in the default language; `None` when there are none.
fn missing_languages(site: &Site, text: &Localized) -> Option<String> {
    let default = site.config.default_language.as_str();
    let missing: Vec<String> = site
        .config
        .languages
        .iter()
        .filter(|l| l.tag != default && text.resolve(&l.tag, default).lang == default)
        .map(|l: &Language| format!("{} ({})", l.tag, l.name))
        .collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

fn hint(site: &Site, how: &str) -> String {
    format!(
        "{how}; until then pages in those languages show the {} text",
        site.config.default_language
    )
}

/// Where `title` is set in site.toml.
fn title_position(sources: &SourceMap, file: &Path) -> Position {
    let line = sources.text(file).and_then(|text| {
        text.lines().position(|l| {
            l.strip_prefix("title")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    });
    line.map_or(Position::default(), |i| Position::new(i + 1, 1))
}
