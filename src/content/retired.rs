//! `content/retired.yaml`: advisories removed from `content/advisories/` whose alerts must still
//! be cancelled. A list of entries, each what the removed advisory's last message was made
//! from: its slug, the day it is withdrawn (`retired`), its `date` and `updated` as they were
//! (its identifiers and `sent` times are derived from them), `expires` or `reviewed` if it had
//! them, its `title` and `summary` per language, its `regions` and `scam_types`.

use jiff::civil::Date;
use serde_yaml::Value;

use crate::content::advisory::read_date_time;
use crate::content::fields::{read_date, read_localized};
use crate::content::taxonomies::read_terms;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Language;
use crate::model::{DayTimes, RetiredAdvisory, SLUG_HINT, Taxonomies, TaxonomyKind, is_valid_slug};
use crate::schema::{RetiredEntry, keys};
use crate::yaml::{MapReader, Seg, YamlFile, kind_of};

/// The file's name under `content/`.
pub const RETIRED_FILE: &str = "retired.yaml";

/// What an entry is checked against.
pub struct RetiredContext<'a> {
    /// The site's languages.
    pub languages: &'a [Language],
    /// The taxonomies its regions and scam types come from.
    pub taxonomies: &'a Taxonomies,
    /// `[cap] expires_after`.
    pub expires_after: Option<jiff::Span>,
}

/// Parses `retired.yaml`: the entries without errors, and every problem found.
pub fn parse_retired(
    file: &YamlFile,
    cx: &RetiredContext,
) -> (Vec<RetiredAdvisory>, Vec<Diagnostic>) {
    let value = match file.parse() {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut diagnostics = file.control_characters(&value);
    let items = match &value {
        Value::Sequence(items) => items.as_slice(),
        Value::Null => &[],
        Value::Mapping(map) if map.is_empty() => &[],
        other => {
            diagnostics.push(
                file.error(
                    Code::InvalidValue,
                    file.value_position(&[]),
                    format!("retired.yaml must be a list of removed advisories, found {}", kind_of(other)),
                )
                .with_hint("start each entry with `- slug: the-removed-advisory` and its fields indented below"),
            );
            return (Vec::new(), diagnostics);
        }
    };
    let mut entries: Vec<RetiredAdvisory> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let known = &keys::<RetiredEntry>().all;
        let mut reader = file.reader(item, vec![Seg::Index(i)], known);
        let entry = read_entry(&mut reader, cx);
        diagnostics.extend(reader.finish());
        let Some(entry) = entry else { continue };
        if entries.iter().any(|e| e.slug == entry.slug) {
            diagnostics.push(
                file.error(
                    Code::DuplicateId,
                    entry.at,
                    format!("`{}` is listed twice in retired.yaml", entry.slug),
                )
                .with_hint("keep one entry per removed advisory"),
            );
            continue;
        }
        entries.push(entry);
    }
    (entries, diagnostics)
}

fn read_entry(reader: &mut MapReader, cx: &RetiredContext) -> Option<RetiredAdvisory> {
    let slug = read_slug(reader);
    let at = reader.file().value_position(&reader.path_of("slug"));
    let retired = read_date(reader, "retired", true);
    let published = read_date_time(reader, "date", true);
    let changed = read_date_time(reader, "updated", false);
    let expires = read_date(reader, "expires", false);
    let reviewed = read_date(reader, "reviewed", false);
    let title = read_localized(reader, "title", cx.languages, true);
    let summary = read_localized(reader, "summary", cx.languages, true);
    let regions = read_terms(reader, TaxonomyKind::Regions, cx.taxonomies);
    let scam_types = read_terms(reader, TaxonomyKind::ScamTypes, cx.taxonomies);
    let (slug, retired, (date, date_time)) = (slug?, retired?, published?);
    if let Some((later, _)) = changed
        && later < date
    {
        let path = reader.path_of("updated");
        reader
            .error_at(
                Code::InvalidDate,
                &path,
                format!("`updated` ({later}) is before `date` ({date})"),
            )
            .hint = Some("copy `updated` exactly as the removed advisory had it".into());
        return None;
    }
    let last = changed.map_or(date, |(day, _)| day);
    if retired < last {
        let path = reader.path_of("retired");
        reader
            .error_at(
                Code::InvalidDate,
                &path,
                format!("`retired` ({retired}) is before the advisory's last message ({last})"),
            )
            .hint = Some(
            "an advisory can only be withdrawn after it was sent: write the day it is withdrawn"
                .into(),
        );
        return None;
    }
    let basis = reviewed.into_iter().fold(last, Date::max);
    Some(RetiredAdvisory {
        slug,
        retired,
        date,
        updated: changed.map(|(day, _)| day),
        times: DayTimes {
            date: date_time,
            updated: changed.and_then(|(_, time)| time),
        },
        expires: expires.or_else(|| basis.checked_add(cx.expires_after?).ok()),
        title: title?,
        summary: summary?,
        regions,
        scam_types,
        file: reader.file().path.to_path_buf(),
        at,
    })
}

fn read_slug(reader: &mut MapReader) -> Option<String> {
    let slug: String = reader.required("slug")?;
    if is_valid_slug(&slug) {
        return Some(slug);
    }
    let path = reader.path_of("slug");
    reader
        .error_at(
            Code::InvalidSlug,
            &path,
            format!("`{slug}` is not a valid slug"),
        )
        .hint = Some(SLUG_HINT.into());
    None
}
