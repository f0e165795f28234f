//! Languages: language tags, text direction, and the one fallback chain that content text and
//! UI strings alike follow (`fr-CA` → `fr` → the default language); the theme's UI strings
//! (`strings`) and the rules they are checked against (`schema`).
//!
//! It knows nothing of advisories: the model resolves content text with `fallback_chain`.

mod file_check;
mod schema;
mod strings;
mod value;

use icu_locale::{LanguageIdentifier, LocaleDirectionality};
use serde::Serialize;

pub use schema::{UI_FIELD_KEYS, UiKey, ui_key};
pub use strings::{UiStrings, fill, plural_categories};
pub use value::UiValue;

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu ...).
    Rtl,
}

/// A language the site is published in.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// Canonical BCP 47 tag, e.g. `zh-Hans`.
    pub tag: String,
    /// The language's name in itself, e.g. `简体中文`.
    pub name: String,
    /// Its writing direction, derived from the tag.
    pub dir: Direction,
    /// Its folder in URLs: the tag lower-cased (`zh-hans`), empty for the default language.
    pub url_segment: String,
    /// The share of the source's words (0 to 1) that must be translated and current before
    /// the language is listed (switcher, sitemap, feeds); `None`: always listed.
    pub min_coverage: Option<f64>,
}

/// A language tag that is not BCP 47.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{tag}` is not a valid BCP 47 language tag ({reason})")]
pub struct InvalidTag {
    /// The tag as written.
    pub tag: String,
    /// What the parser found wrong with it.
    pub reason: String,
}

/// Parses a BCP 47 tag and returns its canonical spelling (`zh-hans` → `zh-Hans`).
pub fn canonical_tag(tag: &str) -> Result<String, InvalidTag> {
    LanguageIdentifier::try_from_str(tag)
        .map(|id| id.to_string())
        .map_err(|e| InvalidTag {
            tag: tag.to_owned(),
            reason: e.to_string(),
        })
}

/// The writing direction of a (valid) language tag, from CLDR's likely scripts.
pub fn direction_of(tag: &str) -> Direction {
    let Ok(id) = LanguageIdentifier::try_from_str(tag) else {
        return Direction::Ltr;
    };
    match LocaleDirectionality::new_common().get(&id) {
        Some(icu_locale::Direction::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// The languages text for `tag` is looked up in, in order: the tag itself, then the tag with
/// its last subtag removed, again and again (`zh-Hant-TW` → `zh-Hant` → `zh`; a single-letter
/// subtag left at the end goes with it, as in RFC 4647 lookup), then `default`. Each language
/// once. Content (advisory text, contact names, taxonomy labels, the site title) and the
/// theme's UI strings both follow this chain; pages, feeds, CAP alerts, search and posters all
/// read text through it.
pub fn fallback_chain<'a>(tag: &'a str, default: &'a str) -> impl Iterator<Item = &'a str> {
    let mut next = Some(tag);
    let truncations = std::iter::from_fn(move || {
        let current = next?;
        next = parent_tag(current);
        Some(current)
    });
    let default_in_chain = tag == default
        || tag
            .strip_prefix(default)
            .is_some_and(|rest| rest.starts_with('-'));
    truncations.chain((!default_in_chain).then_some(default))
}

/// `tag` without its last subtag (and a singleton before it), if anything is left.
fn parent_tag(tag: &str) -> Option<&str> {
    let (head, _) = tag.rsplit_once('-')?;
    match head.rsplit_once('-') {
        Some((before, last)) if last.len() == 1 => Some(before),
        None if head.len() == 1 => None,
        _ => Some(head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain<'a>(tag: &'a str, default: &'a str) -> Vec<&'a str> {
        fallback_chain(tag, default).collect()
    }

    #[test]
    fn the_chain_drops_subtags_then_ends_with_the_default() {
        assert_eq!(chain("fr-CA", "en"), ["fr-CA", "fr", "en"]);
        assert_eq!(
            chain("zh-Hant-TW", "en"),
            ["zh-Hant-TW", "zh-Hant", "zh", "en"]
        );
        assert_eq!(chain("en-CA", "en"), ["en-CA", "en"]);
        assert_eq!(chain("en", "en"), ["en"]);
        assert_eq!(chain("ko", "en"), ["ko", "en"]);
        assert_eq!(chain("de-x-formal", "en"), ["de-x-formal", "de", "en"]);
        assert_eq!(chain("es-419", "en-CA"), ["es-419", "es", "en-CA"]);
        assert_eq!(chain("enx", "en"), ["enx", "en"]);
    }

    #[test]
    fn direction_and_tags() {
        assert_eq!(direction_of("ar"), Direction::Rtl);
        assert_eq!(direction_of("fa"), Direction::Rtl);
        assert_eq!(direction_of("ur"), Direction::Rtl);
        assert_eq!(direction_of("pa"), Direction::Ltr);
        assert_eq!(direction_of("zh-Hans"), Direction::Ltr);
        assert_eq!(canonical_tag("zh-hans").unwrap(), "zh-Hans");
        assert!(canonical_tag("not a tag").is_err());
    }
}
