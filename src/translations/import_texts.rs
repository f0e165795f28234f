//! Which translation of one advisory an imported catalog's entries give: each field's text
//! (fuzzy texts only where the existing translation is already out of date), lists and bodies
//! partly translated with the untranslated positions recorded, and notes on what was left out.

use std::collections::HashMap;
use std::path::Path;

use crate::blocks::{self, Block};
use crate::model::{Advisory, Translation};

use super::export::translation_path;
use super::import_plan::ImportReport;
use super::po::Entry;
use super::units::{Field, fields_of};

/// The translation the catalog's texts give for `advisory`; `None` when it translates nothing.
pub(super) fn translated(
    advisory: &Advisory,
    lang: &str,
    texts: &HashMap<String, &Entry>,
    file: &Path,
    report: &mut ImportReport,
) -> Option<Translation> {
    let source = advisory.source();
    let existing = advisory.texts.get(lang);
    let stale_digest = existing
        .and_then(|t| t.source_digest.clone())
        .filter(|d| *d != advisory.digest);
    let mut pick = Picker {
        texts,
        source,
        fuzzy_allowed: stale_digest.is_some(),
        used_fuzzy: false,
        skipped_fuzzy: 0,
    };
    let (fields, body) = fields_of(source);
    let mut t = Translation {
        lang: lang.to_owned(),
        file: translation_path(advisory, lang),
        title: pick.get(Field::Title),
        summary: pick.get(Field::Summary),
        poster_headline: pick.get(Field::PosterHeadline),
        ..Translation::default()
    };
    let mut left_out = Vec::new();
    let count = |f: fn(&Field) -> bool| fields.iter().filter(|x| f(x)).count();
    let red_flags = count(|f| matches!(f, Field::RedFlag(_)));
    let prevention = count(|f| matches!(f, Field::Prevention(_)));
    let if_targeted = count(|f| matches!(f, Field::IfTargeted(_)));
    (t.red_flags, t.skipped.red_flags) =
        pick.list(Field::RedFlag, red_flags, "red_flags", &mut left_out);
    (t.prevention, t.skipped.prevention) =
        pick.list(Field::Prevention, prevention, "prevention", &mut left_out);
    (t.if_targeted, t.skipped.if_targeted) =
        pick.list(Field::IfTargeted, if_targeted, "if_targeted", &mut left_out);
    let block_texts: Vec<Option<String>> =
        (0..body.len()).map(|i| pick.get(Field::Body(i))).collect();
    (t.body, t.skipped.body) = body_text(&source.body, &body, &block_texts, &mut left_out);
    let any = Translation::FIELDS.iter().any(|f| t.has(f)) || !t.body.is_empty();
    note_left_out(report, file, &advisory.slug, pick.skipped_fuzzy, &left_out);
    if !any {
        return None;
    }
    t.source_digest = Some(if pick.used_fuzzy {
        report.notes.push(format!(
            "{}: {}: fuzzy texts were kept, so the translation stays marked out of date \
             (source_digest {})",
            file.display(),
            advisory.slug,
            stale_digest.clone().unwrap_or_default()
        ));
        stale_digest.unwrap_or_default()
    } else {
        advisory.digest.clone()
    });
    Some(t)
}

/// Picks an advisory's translated texts from a catalog's entries, counting the fuzzy ones
/// (marked fuzzy, or made from another source text) it uses and leaves out.
struct Picker<'e> {
    texts: &'e HashMap<String, &'e Entry>,
    source: &'e Translation,
    /// Whether fuzzy texts are used: the existing translation is already out of date.
    fuzzy_allowed: bool,
    used_fuzzy: bool,
    skipped_fuzzy: usize,
}

impl Picker<'_> {
    /// The translation of `field` (`None`: not in the catalog, untranslated, or fuzzy and
    /// not allowed).
    fn get(&mut self, field: Field) -> Option<String> {
        let entry = self.texts.get(&field.path())?;
        let current = field.get(self.source).unwrap_or_default();
        let fuzzy = entry.fuzzy || entry.source != current;
        if entry.translation.is_empty() {
            return None;
        }
        if fuzzy {
            if !self.fuzzy_allowed {
                self.skipped_fuzzy += 1;
                return None;
            }
            self.used_fuzzy = true;
        }
        Some(entry.translation.clone())
    }

    /// The `len` items of a list (`None` when none is translated; an untranslated item is
    /// empty), and the indexes of the untranslated ones, which `left_out` names.
    fn list(
        &mut self,
        make: fn(usize) -> Field,
        len: usize,
        name: &str,
        left_out: &mut Vec<String>,
    ) -> (Option<Vec<String>>, Vec<usize>) {
        let items: Vec<Option<String>> = (0..len).map(|i| self.get(make(i))).collect();
        let skipped: Vec<usize> = (0..len).filter(|i| items[*i].is_none()).collect();
        if skipped.len() == len {
            return (None, Vec::new());
        }
        if !skipped.is_empty() {
            left_out.push(format!("{name} {}", numbers(&skipped)));
        }
        let items = items.into_iter().map(Option::unwrap_or_default).collect();
        (Some(items), skipped)
    }
}

/// Notes on what an import leaves out of one advisory: fuzzy texts with no earlier translation
/// to update, and lists or bodies only partly translated.
fn note_left_out(
    report: &mut ImportReport,
    file: &Path,
    slug: &str,
    skipped_fuzzy: usize,
    left_out: &[String],
) {
    let shown = file.display();
    if skipped_fuzzy > 0 {
        report.notes.push(format!(
            "{shown}: {slug}: {skipped_fuzzy} fuzzy text(s) left out (there is no earlier \
             translation they update): review them and clear the fuzzy mark (Poedit: Needs Work \
             off)"
        ));
    }
    if !left_out.is_empty() {
        report.notes.push(format!(
            "{shown}: {slug}: not translated, so the page shows the source text there, marked: \
             {}",
            left_out.join("; ")
        ));
    }
}

/// The translated body and the blocks it leaves untranslated (the source's text stays there);
/// empty when no block is translated.
fn body_text(
    source: &str,
    blocks: &[Block],
    texts: &[Option<String>],
    left_out: &mut Vec<String>,
) -> (String, Vec<usize>) {
    let skipped: Vec<usize> = (0..blocks.len()).filter(|i| texts[*i].is_none()).collect();
    if skipped.len() == blocks.len() {
        return (String::new(), Vec::new());
    }
    if !skipped.is_empty() {
        left_out.push(format!("body {}", numbers(&skipped)));
    }
    let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
    (blocks::reassemble(source, blocks, &texts), skipped)
}

/// Positions (0-based) as the numbers a translator sees in contexts: `3, 5`.
pub(super) fn numbers(positions: &[usize]) -> String {
    let shown: Vec<String> = positions.iter().map(|i| (i + 1).to_string()).collect();
    shown.join(", ")
}
