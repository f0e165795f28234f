//! Text given once for every language or per language (`Localized`), and how a language finds
//! its text through the fallback chain.

use indexmap::IndexMap;

use crate::i18n::fallback_chain;

/// Text given once for every language, or per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    /// One text, taken to be in the site's default language.
    Plain(String),
    /// Text by language tag.
    PerLanguage(IndexMap<String, String>),
}

/// A piece of content text resolved for one language, with the language it is really in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The text.
    pub text: &'a str,
    /// The language the text is in.
    pub lang: &'a str,
}

impl Localized {
    /// The text for `lang` through the language fallback chain (`fr-CA` → `fr` → `default`),
    /// then in any language given.
    pub fn resolve<'a>(&'a self, lang: &str, default: &'a str) -> Resolved<'a> {
        match self {
            Localized::Plain(text) => Resolved {
                text,
                lang: default,
            },
            Localized::PerLanguage(map) => fallback_chain(lang, default)
                .find_map(|l| map.get_key_value(l))
                .or_else(|| map.first())
                .map(|(l, t)| Resolved { text: t, lang: l })
                .unwrap_or(Resolved {
                    text: "",
                    lang: default,
                }),
        }
    }

    /// The languages this text names explicitly.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys = match self {
            Localized::Plain(_) => None,
            Localized::PerLanguage(map) => Some(map.keys()),
        };
        keys.into_iter().flatten().map(String::as_str)
    }
}
