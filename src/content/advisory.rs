//! One advisory file (`index.md` or `index.<lang>.md`) → its text (`Translation`) and, for the
//! default language, the fields shared by every language (dates, severity, taxonomies, contacts,
//! sources).
//!
//! The shared fields are read in `advisory/shared.rs`; this file owns the file as a whole, its
//! text fields, poster options and status. The keys each kind of file may hold are those of its
//! schema type (`schema::FrontMatter`, `schema::TranslationFrontMatter`).

mod shared;

use std::path::Path;

use jiff::civil::Date;
use serde_yaml::Value;

use crate::content::contacts::Contacts;
use crate::content::frontmatter::split_front_matter;
use crate::control_chars;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::{
    Contact, PosterOptions, PosterPart, Severity, Source, Taxonomies, TaxonomyKind, Translation,
};
use crate::schema::{FrontMatter, Poster, TranslationFrontMatter, TranslationPoster, keys};
use crate::yaml::{MapReader, Seg, YamlFile};

pub use shared::read_date_time;
use shared::read_shared;

/// Most items any list of an advisory may hold (red flags, contacts, sources, regions ...): a
/// poster or page with more is unreadable. A longer list is reported once, not item by item.
pub const MAX_LIST_ITEMS: usize = 50;

/// What everything the shared context needs to read an advisory file.
pub struct Context<'a> {
    /// The site's languages.
    pub languages: &'a [Language],
    /// The site's taxonomies.
    pub taxonomies: &'a Taxonomies,
    /// The site's contacts.
    pub contacts: &'a Contacts,
}

/// The fields of the default-language file that every language shares.
#[derive(Debug, Clone)]
pub struct Shared {
    /// First published.
    pub date: Date,
    /// Last updated.
    pub updated: Option<Date>,
    /// Expiry.
    pub expires: Option<Date>,
    /// Facts last checked on.
    pub reviewed: Option<Date>,
    /// Times of day of `date` and `updated`.
    pub times: crate::model::DayTimes,
    /// Withdrawn on.
    pub retired: Option<Date>,
    /// Severity.
    pub severity: Severity,
    /// Term ids by taxonomy.
    pub terms: indexmap::IndexMap<TaxonomyKind, Vec<String>>,
    /// Resolved contacts.
    pub contacts: Vec<Contact>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Draft flag.
    pub draft: bool,
}

/// A list field of an advisory file (`red_flags`, `prevention`, `if_targeted`).
#[derive(Debug, Clone)]
pub struct ListField {
    /// The field's key.
    pub key: &'static str,
    /// Where its key is.
    pub at: Position,
    /// How many items it has; `None` when it is not a list (already reported).
    pub len: Option<usize>,
    /// The line of its key, for quoting.
    pub line_text: String,
}

/// An advisory file, parsed.
pub struct ParsedFile {
    /// Its text.
    pub text: Translation,
    /// The shared fields (default-language file only, and only when valid).
    pub shared: Option<Shared>,
    /// Whether the front matter could be read at all (when not, its fields are unknown and no
    /// translation is compared with them).
    pub front_matter_read: bool,
    /// The list fields present in the file, for list-length diagnostics.
    pub lists: Vec<ListField>,
    /// Its poster options (`poster: action`, `poster: optional`; default-language file only).
    pub poster: PosterOptions,
    /// Everything wrong with it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one advisory file. `text` has been normalised (no BOM, LF line ends).
pub fn parse_advisory_file(
    path: &Path,
    text: &str,
    lang: &str,
    is_default: bool,
    cx: &Context,
) -> ParsedFile {
    let mut parsed = ParsedFile {
        text: Translation {
            lang: lang.to_owned(),
            file: path.to_path_buf(),
            ..Translation::default()
        },
        shared: None,
        front_matter_read: false,
        lists: Vec::new(),
        poster: PosterOptions::default(),
        diagnostics: Vec::new(),
    };
    let split = match split_front_matter(text) {
        Ok(split) => split,
        Err(err) => {
            parsed.diagnostics.push(
                Diagnostic::error(Code::FrontMatter, path, err.at, err.message)
                    .with_hint(err.hint)
                    .with_source_from(text),
            );
            return parsed;
        }
    };
    parsed.text.body = split.body.to_owned();
    parsed.text.body_line = split.body_line;
    parsed
        .diagnostics
        .extend(body_control_character(path, text, split.body));
    let file = YamlFile::new(path, text, split.yaml, 1);
    let value = match file.parse() {
        Ok(v) => v,
        Err(d) => {
            parsed.diagnostics.push(d);
            return parsed;
        }
    };
    parsed.front_matter_read = true;
    parsed.diagnostics.extend(file.control_characters(&value));
    let known = match is_default {
        true => keys::<FrontMatter>(),
        false => keys::<TranslationFrontMatter>(),
    };
    let mut reader = file.reader(&value, Vec::new(), &known.all);
    read_text(&mut reader, &mut parsed, is_default);
    if is_default {
        parsed.shared = read_shared(&mut reader, cx);
    } else {
        parsed.text.source_digest = reader.optional("source_digest");
        parsed.text.draft = read_status(&mut reader);
        parsed.text.skipped.body = reader
            .optional::<Vec<std::num::NonZeroUsize>>("body_untranslated")
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.get() - 1)
            .collect();
        reject_shared_keys(&mut reader, &value);
    }
    parsed.diagnostics.extend(reader.finish());
    parsed
}

/// An error at the first control character of the Markdown body (other than tab, line feed and
/// carriage return, which Markdown reads as a line end), which the page could not show.
fn body_control_character(path: &Path, text: &str, body: &str) -> Option<Diagnostic> {
    let (offset, c) = body
        .char_indices()
        .find(|&(_, c)| c != '\r' && control_chars::is_refused(c))?;
    let at = Position::of_offset(text, text.len() - body.len() + offset);
    Some(
        Diagnostic::error(
            Code::ControlCharacter,
            path,
            at,
            format!(
                "the text contains the invisible control character {}",
                control_chars::code_point(c)
            ),
        )
        .with_hint("remove it (it often comes with text pasted from a PDF or a word processor); only tabs and line breaks are allowed")
        .with_source_from(text),
    )
}

fn read_text(reader: &mut MapReader, parsed: &mut ParsedFile, is_default: bool) {
    let t = &mut parsed.text;
    if is_default {
        t.title = reader.required("title");
        t.summary = reader.required("summary");
    } else {
        t.title = reader.optional("title");
        t.summary = reader.optional("summary");
    }
    for (key, required) in [
        ("red_flags", true),
        ("prevention", true),
        ("if_targeted", false),
    ] {
        let value = reader.raw(key);
        // Counted from the YAML list itself, so an invalid item (reported on its own) does not
        // also make the list look empty or shorter than its translations.
        let len = match value {
            Some(Value::Sequence(items)) => Some(items.len()),
            _ => None,
        };
        let list = if over_limit(reader, key) {
            None
        } else {
            reader.string_list_with_gaps(key, !is_default)
        };
        // A translation's `null` item is not translated: the source's item fills it by
        // position once the source is known (`content::load`).
        let skipped: Vec<usize> = list
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, item)| item.is_none().then_some(i))
            .collect();
        let list = list.map(|items| items.into_iter().map(Option::unwrap_or_default).collect());
        match (value, len) {
            (None, _) if is_default && required => reader.missing(key),
            (_, Some(0)) if required => {
                let path = reader.path_of(key);
                reader
                    .error_at(
                        Code::EmptyList,
                        &path,
                        format!("`{key}` needs at least one item"),
                    )
                    .hint = Some("add one `- ` line per item".into());
            }
            _ => {}
        }
        if value.is_some() {
            let (at, line_text) = reader.file().top_level_key(key);
            parsed.lists.push(ListField {
                key,
                at,
                len,
                line_text,
            });
        }
        match key {
            "red_flags" => (t.red_flags, t.skipped.red_flags) = (list, skipped),
            "prevention" => (t.prevention, t.skipped.prevention) = (list, skipped),
            _ => (t.if_targeted, t.skipped.if_targeted) = (list, skipped),
        }
    }
    read_poster(reader, parsed, is_default);
}

/// Reads `poster`: `false` (no poster; default-language file only), or its wording and, in the
/// default-language file, its options.
fn read_poster(reader: &mut MapReader, parsed: &mut ParsedFile, is_default: bool) {
    let Some(poster) = reader.raw("poster") else {
        return;
    };
    if poster.as_bool() == Some(false) && is_default {
        parsed.poster.none = true;
        return;
    }
    let known = match is_default {
        true => keys::<Poster>(),
        false => keys::<TranslationPoster>(),
    };
    let mut inner = reader
        .file()
        .reader(poster, reader.path_of("poster"), &known.all);
    parsed.text.poster_headline = inner.optional("headline");
    if is_default {
        parsed.poster = read_poster_options(&mut inner);
    } else {
        reject_poster_options(&mut inner);
    }
    for d in inner.finish() {
        reader.report(d);
    }
}

/// Reads `poster: action` and `poster: optional` (default-language file only).
fn read_poster_options(reader: &mut MapReader) -> PosterOptions {
    let action = reader.optional::<bool>("action").unwrap_or(false);
    let mut optional = Vec::new();
    let path = reader.path_of("optional");
    for (i, id) in reader
        .string_list("optional")
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let part = PosterPart::ALL
            .into_iter()
            .filter(|p| *p != PosterPart::IfTargeted)
            .find(|p| p.id() == id);
        match part {
            Some(part) if !optional.contains(&part) => optional.push(part),
            Some(_) => {}
            None => {
                let mut item = path.clone();
                item.push(Seg::Index(i));
                let hint = if id == PosterPart::IfTargeted.id() {
                    "a poster may leave out `if_targeted` only when its headline says what to do: \
                     write such a headline and add `action: true` under `poster:`"
                } else {
                    "use summary, prevention, contacts or tear_off"
                };
                reader
                    .error_at(
                        Code::InvalidValue,
                        &item,
                        format!("`{id}` is not a part a poster may leave out"),
                    )
                    .hint = Some(hint.into());
            }
        }
    }
    PosterOptions {
        action,
        optional,
        none: false,
    }
}

/// A translation's `poster` carries only its wording: `action` and `optional` come from the
/// default language, like dates and contacts.
fn reject_poster_options(reader: &mut MapReader) {
    for key in keys::<Poster>().without(keys::<TranslationPoster>()) {
        if reader.refused(key).is_some() {
            let path = reader.path_of(key);
            reader
                .error_at(
                    Code::NotTranslatable,
                    &path,
                    format!("`poster.{key}` cannot be set in a translation"),
                )
                .hint =
                Some("remove it: translations take it from the default-language index.md".into());
        }
    }
}

/// A translation's `status`: `draft` (not published until done) or `done`; whether it is a draft.
fn read_status(reader: &mut MapReader) -> bool {
    let status: Option<String> = reader.optional("status");
    match status.as_deref() {
        None | Some("done") => false,
        Some("draft") => true,
        Some(other) => {
            let path = reader.path_of("status");
            reader
                .error_at(
                    Code::InvalidValue,
                    &path,
                    format!("unknown translation status `{other}`"),
                )
                .hint = Some(
                "write `status: draft` while translating, `status: done` (or nothing) when finished"
                    .into(),
            );
            false
        }
    }
}

/// Reports the list at `key` when it has more than `MAX_LIST_ITEMS` items; its items are then
/// not read, so a runaway list costs one diagnostic, not one per item.
fn over_limit(reader: &mut MapReader, key: &str) -> bool {
    let Some(Value::Sequence(items)) = reader.raw(key) else {
        return false;
    };
    let n = items.len();
    if n <= MAX_LIST_ITEMS {
        return false;
    }
    let path = reader.path_of(key);
    reader
        .error_at(
            Code::UnexpectedFile,
            &path,
            format!("`{key}` has {n} items, more than the limit of {MAX_LIST_ITEMS}"),
        )
        .hint = Some("keep lists short enough to read on a phone and print on a poster".into());
    true
}

/// A translation takes the fields every language shares (those of the front matter a
/// translation's does not have) from the default-language file: each one set is an error.
fn reject_shared_keys(reader: &mut MapReader, value: &Value) {
    let Value::Mapping(map) = value else { return };
    let (front, translation) = (keys::<FrontMatter>(), keys::<TranslationFrontMatter>());
    for key in map
        .keys()
        .filter_map(Value::as_str)
        .filter(|k| front.has(k) && !translation.has(k))
    {
        reader.refused(key);
        let at = reader.file().key_position(&reader.path_of(key));
        let diagnostic = reader
            .file()
            .error(
                Code::NotTranslatable,
                at,
                format!("`{key}` cannot be set in a translation"),
            )
            .with_hint("remove it: translations take it from the default-language index.md");
        reader.report(diagnostic);
    }
}
