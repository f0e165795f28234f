//! Word coverage of each language (the share of the source's words translated from the current
//! source) and the one decision made from it: which languages are listed (language switcher,
//! sitemap, feeds) and which are below their `min_coverage`.

use crate::i18n::Language;

use super::{Site, Translation};

impl Site {
    /// The share of the source's words that `lang` has translated from the current source, in
    /// percent (a field left out of a translation, or a stale or draft translation, counts as
    /// not translated).
    pub fn words_percent(&self, lang: &str) -> f64 {
        let (mut total, mut done) = (0usize, 0usize);
        for advisory in &self.advisories {
            let source = advisory.source();
            let translation = advisory.texts.get(lang).filter(|t| {
                lang == self.config.default_language
                    || (!t.draft && t.source_digest.as_deref() == Some(advisory.digest.as_str()))
            });
            for field in Translation::FIELDS {
                let n = field_words(source, field);
                total += n;
                if let Some(t) = translation.filter(|t| t.has(field)) {
                    done += n.saturating_sub(skipped_words(source, t, field));
                }
            }
        }
        if total == 0 {
            100.0
        } else {
            100.0 * done as f64 / total as f64
        }
    }

    /// The languages below their `min_coverage`, each with its word coverage in percent.
    pub fn below_min_coverage(&self) -> Vec<(&Language, f64)> {
        self.config
            .languages
            .iter()
            .filter_map(|l| {
                let min = l.min_coverage?;
                let percent = self.words_percent(&l.tag);
                (percent < 100.0 * min).then_some((l, percent))
            })
            .collect()
    }

    /// The languages listed in the language switcher, the sitemap and the feeds: all but those
    /// below their `min_coverage`, in site order.
    pub fn listed_languages(&self) -> Vec<&Language> {
        let below = self.below_min_coverage();
        self.config
            .languages
            .iter()
            .filter(|l| !below.iter().any(|(b, _)| b.tag == l.tag))
            .collect()
    }
}

/// The words of the source's items or body blocks that translation `t` leaves untranslated.
fn skipped_words(source: &Translation, t: &Translation, field: &str) -> usize {
    let words = |text: &str| text.split_whitespace().count();
    let skipped = t.skipped.of(field);
    if field == "body" {
        let blocks = crate::blocks::split(&source.body);
        return skipped
            .iter()
            .filter_map(|i| blocks.get(*i))
            .map(|b| words(&b.text))
            .sum();
    }
    let items = source.list(field).map_or(&[][..], Vec::as_slice);
    skipped
        .iter()
        .filter_map(|i| items.get(*i))
        .map(|i| words(i))
        .sum()
}

/// The words of one field of a text.
fn field_words(t: &Translation, field: &str) -> usize {
    let words = |text: &str| text.split_whitespace().count();
    let list = |l: &Option<Vec<String>>| l.iter().flatten().map(|i| words(i)).sum();
    match field {
        "title" => t.title.as_deref().map_or(0, words),
        "summary" => t.summary.as_deref().map_or(0, words),
        "red_flags" => list(&t.red_flags),
        "prevention" => list(&t.prevention),
        "if_targeted" => list(&t.if_targeted),
        "poster_headline" => t.poster_headline.as_deref().map_or(0, words),
        _ => words(&t.body),
    }
}
