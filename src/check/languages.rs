//! Translation checks: missing translations (info), stale or unverified ones (warnings, with the
//! digest to record), text copied unchanged from the source (warning), and theme UI strings a
//! language lacks (warning). List lengths are checked while loading (RF015).

use std::path::PathBuf;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::UiStrings;
use crate::model::{Advisory, Site, Translation};
use crate::theme::Theme;
use crate::yaml::Seg;

/// Fewest words a text needs before an unchanged copy is reported (names and numbers are
/// often the same in every language).
const MIN_COPIED_WORDS: usize = 3;

/// Checks every advisory's translations.
pub fn check_translations(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for advisory in &site.advisories {
        let source = advisory.source();
        for lang in translated_languages(site) {
            match advisory.texts.get(&lang.tag) {
                None => diagnostics.push(
                    Diagnostic::error(
                        Code::MissingTranslation,
                        &source.file,
                        Position::default(),
                        format!("advisory `{}` has no {} translation ({}): its {} page shows the {} text", advisory.slug, lang.name, lang.tag, lang.tag, advisory.text_language(&lang.tag)),
                    )
                    .as_info()
                    .with_hint(format!("start one with `redflag new {} --lang {}`", advisory.slug, lang.tag)),
                ),
                Some(text) if text.draft => {
                    diagnostics.push(draft_info(site, advisory, text, sources));
                }
                Some(text) => {
                    diagnostics.extend(check_digest(advisory, text, sources));
                    diagnostics.extend(check_copies(source, text, sources));
                }
            }
        }
    }
    diagnostics
}

/// The languages other than the default.
fn translated_languages(site: &Site) -> impl Iterator<Item = &crate::i18n::Language> {
    site.config
        .languages
        .iter()
        .filter(|l| l.tag != site.config.default_language)
}

/// A draft translation: not published until it is marked done.
fn draft_info(
    site: &Site,
    advisory: &Advisory,
    text: &Translation,
    sources: &SourceMap,
) -> Diagnostic {
    sources
        .at_yaml(
            Code::MissingTranslation,
            &text.file,
            &keys(&["status"]),
            Part::Value,
            format!(
                "the {} translation of `{}` is a draft: until it is marked done, its page shows the {} text with a notice",
                text.lang,
                advisory.slug,
                shown_without(site, advisory, &text.lang)
            ),
        )
        .as_info()
        .with_hint(format!(
            "when every text is translated, replace `status: draft` with `source_digest: {}`",
            advisory.digest
        ))
}

/// The language a page in `lang` shows when its own translation is left out (a draft).
fn shown_without<'a>(site: &'a Site, advisory: &'a Advisory, lang: &'a str) -> &'a str {
    crate::i18n::fallback_chain(lang, &site.config.default_language)
        .skip(1)
        .find(|l| advisory.texts.get(*l).is_some_and(|t| !t.draft))
        .unwrap_or(&site.config.default_language)
}

fn check_digest(
    advisory: &Advisory,
    text: &Translation,
    sources: &SourceMap,
) -> Option<Diagnostic> {
    let digest = &advisory.digest;
    match &text.source_digest {
        Some(recorded) if recorded == digest => None,
        Some(recorded) => Some(
            sources
                .at_yaml(
                    Code::StaleTranslation,
                    &text.file,
                    &keys(&["source_digest"]),
                    Part::Value,
                    format!("the {} translation of `{}` is stale: it was made from source `{recorded}`, the source is now `{digest}`; {}", text.lang, advisory.slug, changed_description(text)),
                )
                .as_warning()
                .with_hint(format!("bring the translation up to date with index.md, then record `source_digest: {digest}`")),
        ),
        None => Some(
            sources
                .at_yaml(
                    Code::UnverifiedTranslation,
                    &text.file,
                    &[],
                    Part::Value,
                    format!("the {} translation of `{}` records no `source_digest`, so it cannot be known to be current", text.lang, advisory.slug),
                )
                .as_warning()
                .with_hint(format!("check it against index.md, then add `source_digest: {digest}`")),
        ),
    }
}

/// What a stale translation's message says changed in the source.
fn changed_description(text: &Translation) -> String {
    match &text.changed_in_source {
        Some(fields) if !fields.is_empty() => format!(
            "changed since then: {}",
            fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(_) => "only formatting changed since then".into(),
        None => format!(
            "which of its fields changed is unknown (the site's git history does not have that version); compare each of {} with index.md",
            Translation::FIELDS.join(", ")
        ),
    }
}

/// Text fields a translation copies word for word from the source.
fn check_copies(source: &Translation, text: &Translation, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut copied: Vec<(Vec<Seg>, &str)> = Vec::new();
    let pairs = [
        ("title", &source.title, &text.title),
        ("summary", &source.summary, &text.summary),
        ("poster", &source.poster_headline, &text.poster_headline),
    ];
    for (key, from, to) in pairs {
        if let (Some(a), Some(b)) = (from, to)
            && is_copy(a, b)
        {
            let path = if key == "poster" {
                keys(&["poster", "headline"])
            } else {
                keys(&[key])
            };
            copied.push((path, b));
        }
    }
    let lists = [
        ("red_flags", &source.red_flags, &text.red_flags),
        ("prevention", &source.prevention, &text.prevention),
        ("if_targeted", &source.if_targeted, &text.if_targeted),
    ];
    for (key, from, to) in lists {
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        for (i, (a, b)) in from.iter().zip(to).enumerate() {
            if is_copy(a, b) && !text.is_skipped(key, i) {
                copied.push((vec![Seg::Key(key.into()), Seg::Index(i)], b));
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = copied
        .into_iter()
        .map(|(path, value)| {
            sources
                .at_yaml(
                    Code::UntranslatedText,
                    &text.file,
                    &path,
                    Part::Value,
                    format!(
                        "this {} text is the same as in the source: `{}`",
                        text.lang,
                        value.trim()
                    ),
                )
                .as_warning()
                .with_hint(
                    "translate it, or leave the field out to show the source text with a notice",
                )
        })
        .collect();
    if is_copy(&source.body, &text.body) {
        let at = Position::new(text.body_line, 1);
        diagnostics.push(
            sources
                .at(
                    Code::UntranslatedText,
                    &text.file,
                    at,
                    format!("the {} body is the same as the source's", text.lang),
                )
                .as_warning()
                .with_hint(
                    "translate it, or remove the body to show the source text with a notice",
                ),
        );
    }
    diagnostics
}

fn is_copy(source: &str, translation: &str) -> bool {
    source.trim() == translation.trim()
        && translation.split_whitespace().count() >= MIN_COPIED_WORDS
}

/// Theme UI strings that a language lacks (its pages show the text of the next language of its
/// fallback chain), and keys of the theme's files that redflag does not know.
pub fn check_ui_strings(site: &Site, theme: &Theme, ui: &UiStrings) -> Vec<Diagnostic> {
    let mut diagnostics = ui.warnings().to_vec();
    diagnostics.extend(missing_ui_strings(site, theme, ui));
    diagnostics
}

fn missing_ui_strings<'a>(
    site: &'a Site,
    theme: &'a Theme,
    ui: &'a UiStrings,
) -> impl Iterator<Item = Diagnostic> + 'a {
    translated_languages(site).filter_map(|lang| {
        let missing = ui.missing_keys(&lang.tag);
        if missing.is_empty() {
            return None;
        }
        let name = format!("i18n/{}.yaml", lang.tag);
        let file = theme.file(&name).map_or_else(
            || PathBuf::from("themes").join(&site.config.theme).join(&name),
            |f| f.origin.clone(),
        );
        let shown: Vec<String> = missing.iter().take(10).map(|k| format!("`{k}`")).collect();
        let more = if missing.len() > shown.len() {
            format!(" and {} more", missing.len() - shown.len())
        } else {
            String::new()
        };
        Some(
            Diagnostic::error(
                Code::MissingUiString,
                &file,
                Position::default(),
                format!(
                    "{} UI string{} missing in {} ({}): {}{more}",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                    lang.name,
                    lang.tag,
                    shown.join(", ")
                ),
            )
            .as_warning()
            .with_hint(format!(
                "add them to {name} in the theme; until then pages show them in {}",
                fallback_names(site, &lang.tag)
            )),
        )
    })
}

/// "fr, then en": the languages a page in `tag` takes missing UI strings from.
fn fallback_names(site: &Site, tag: &str) -> String {
    crate::i18n::fallback_chain(tag, &site.config.default_language)
        .skip(1)
        .collect::<Vec<_>>()
        .join(", then ")
}
