//! Taxonomies: `content/taxonomies.yaml` (labels of scam types, audiences and regions per
//! language) and the term lists that advisories and contacts refer to.

use indexmap::IndexMap;
use serde_yaml::Value;

use crate::content::areas::{labels_only, read_area};
use crate::content::fields::read_localized;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Language;
use crate::model::{SLUG_HINT, Taxonomies, TaxonomyKind, is_valid_slug};
use crate::schema::{TaxonomiesFile, keys};
use crate::yaml::{MapReader, Seg, YamlFile};

/// Parses `taxonomies.yaml`.
pub fn parse_taxonomies(file: &YamlFile, languages: &[Language]) -> (Taxonomies, Vec<Diagnostic>) {
    let mut taxonomies = Taxonomies::default();
    let value = match file.parse() {
        Ok(v) => v,
        Err(d) => return (taxonomies, vec![d]),
    };
    let mut top = file.reader(&value, Vec::new(), &keys::<TaxonomiesFile>().all);
    for d in file.control_characters(&value) {
        top.report(d);
    }
    for kind in TaxonomyKind::ALL {
        let mut terms = IndexMap::new();
        if let Some(value @ Value::Mapping(map)) = top.raw(kind.key()) {
            let path = top.path_of(kind.key());
            let mut reader = file.entries(value, path.clone());
            for id in map.keys().filter_map(Value::as_str) {
                if !is_valid_slug(id) {
                    let mut term_path = path.clone();
                    term_path.push(Seg::Key(id.to_owned()));
                    let at = file.key_position(&term_path);
                    reader.report(
                        file.error(
                            Code::InvalidSlug,
                            at,
                            format!("{} id `{id}` is not a valid slug", kind.key()),
                        )
                        .with_hint(SLUG_HINT),
                    );
                    reader.raw(id);
                    continue;
                }
                let term = map.get(id).unwrap_or(&Value::Null);
                let (labels, has_area) = match kind {
                    TaxonomyKind::Regions => labels_only(term),
                    _ => (term.clone(), false),
                };
                let label = if has_area {
                    let mut term_path = path.clone();
                    term_path.push(Seg::Key(id.to_owned()));
                    let area = read_area(file, term, term_path, languages, &mut reader);
                    taxonomies.areas.insert(id.to_owned(), area);
                    let only_labels =
                        Value::Mapping([(Value::from(id), labels)].into_iter().collect());
                    let mut labels_reader = file.entries(&only_labels, path.clone());
                    let label = read_localized(&mut labels_reader, id, languages, true);
                    reader.raw(id);
                    for d in labels_reader.finish() {
                        reader.report(d);
                    }
                    label
                } else {
                    read_localized(&mut reader, id, languages, true)
                };
                if let Some(label) = label {
                    terms.insert(id.to_owned(), label);
                }
            }
            for d in reader.finish() {
                top.report(d);
            }
        } else if let Some(other) = top.raw(kind.key()) {
            let path = top.path_of(kind.key());
            let message = format!(
                "`{}` must map term ids to labels, found {}",
                kind.key(),
                crate::yaml::kind_of(other)
            );
            top.error_at(Code::InvalidValue, &path, message).hint = Some(
                "write `virtual-kidnapping: { en: Virtual kidnapping }` lines under it".into(),
            );
        }
        taxonomies.terms.insert(kind, terms);
    }
    (taxonomies, top.finish())
}

/// Reads a list of term ids of `kind` (e.g. an advisory's `regions`), reporting unknown ids at
/// their own line.
pub fn read_terms(
    reader: &mut MapReader,
    kind: TaxonomyKind,
    taxonomies: &Taxonomies,
) -> Vec<String> {
    let key = kind.key();
    let Some(ids) = reader.string_list(key) else {
        return Vec::new();
    };
    let path = reader.path_of(key);
    let mut known = Vec::with_capacity(ids.len());
    for (i, id) in ids.into_iter().enumerate() {
        if taxonomies.label(kind, &id).is_some() {
            known.push(id);
            continue;
        }
        let mut item = path.clone();
        item.push(Seg::Index(i));
        let defined: Vec<&str> = taxonomies.of(kind).map(|(id, _)| id.as_str()).collect();
        let hint = match crate::yaml::closest(&id, &defined) {
            Some(best) => format!(
                "did you mean `{best}`? Otherwise add `{id}` under `{key}:` in content/taxonomies.yaml"
            ),
            None => format!(
                "add `{id}` under `{key}:` in content/taxonomies.yaml, with its label in every language"
            ),
        };
        reader
            .error_at(
                Code::UnknownTaxonomyTerm,
                &item,
                format!(
                    "unknown {} id `{id}`",
                    key.trim_end_matches('s').replace('_', " ")
                ),
            )
            .hint = Some(hint);
    }
    known
}
