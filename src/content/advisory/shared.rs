//! The fields of the default-language file that every language shares: dates, severity,
//! taxonomy terms, contacts and sources (`Shared`).

use jiff::civil::Date;
use serde_yaml::Value;

use crate::content::contacts::{read_contact, read_url};
use crate::content::fields::read_date;
use crate::content::taxonomies::read_terms;
use crate::diagnostics::Code;
use crate::model::{Contact, Severity, Source, TaxonomyKind};
use crate::schema::{InlineContact, SourceEntry, keys};
use crate::yaml::{MapReader, Seg};

use super::{Context, Shared, over_limit};

/// A day, with the local time of day when one is written.
type DayTime = (Date, Option<jiff::civil::Time>);

pub(super) fn read_shared(reader: &mut MapReader, cx: &Context) -> Option<Shared> {
    let published = read_date_time(reader, "date", true);
    let changed = read_date_time(reader, "updated", false);
    let expires = read_date(reader, "expires", false);
    let retired = read_date(reader, "retired", false);
    let reviewed = read_date(reader, "reviewed", false);
    let (date, updated) = (published.map(|p| p.0), changed.map(|c| c.0));
    check_update_and_expiry(reader, (published, changed), expires);
    let severity = read_severity(reader);
    let terms = read_all_terms(reader, cx);
    let contacts = read_contacts(reader, cx);
    let sources = read_sources(reader);
    let draft = reader.optional::<bool>("draft").unwrap_or(false);
    check_review_and_retirement(reader, date, reviewed, retired);
    Some(Shared {
        date: date?,
        updated,
        expires,
        reviewed,
        times: crate::model::DayTimes {
            date: published.and_then(|p| p.1),
            updated: changed.and_then(|c| c.1),
        },
        retired,
        severity: severity?,
        terms,
        contacts,
        sources,
        draft,
    })
}

/// Reports an `updated` before the advisory was published, and an `expires` not after it.
fn check_update_and_expiry(
    reader: &mut MapReader,
    (published, changed): (Option<DayTime>, Option<DayTime>),
    expires: Option<Date>,
) {
    let at = |(day, time): DayTime| day.to_datetime(time.unwrap_or_default());
    if let (Some(first), Some(later)) = (published, changed)
        && at(later) < at(first)
    {
        let (date, later) = (show_date_time(first), show_date_time(later));
        date_error(
            reader,
            "updated",
            format!("`updated` ({later}) is before `date` ({date})"),
            "an advisory can only be updated after it was published",
        );
    }
    if let (Some(date), Some(end)) = (published.map(|p| p.0), expires)
        && end <= date
    {
        date_error(
            reader,
            "expires",
            format!("`expires` ({end}) is not after `date` ({date})"),
            "set the date after which the advisory is no longer current",
        );
    }
}

/// Reports a `reviewed` or a `retired` day before the advisory's `date`.
fn check_review_and_retirement(
    reader: &mut MapReader,
    date: Option<Date>,
    reviewed: Option<Date>,
    retired: Option<Date>,
) {
    if let (Some(date), Some(checked)) = (date, reviewed)
        && checked < date
    {
        date_error(
            reader,
            "reviewed",
            format!("`reviewed` ({checked}) is before `date` ({date})"),
            "set the day the advisory's facts were last checked against its sources",
        );
    }
    if let (Some(date), Some(end)) = (date, retired)
        && end < date
    {
        date_error(
            reader,
            "retired",
            format!("`retired` ({end}) is before `date` ({date})"),
            "set the day the advisory was withdrawn, on or after `date`",
        );
    }
}

/// Reports the date of `key` as out of order with the others, with `hint` on what to set.
fn date_error(reader: &mut MapReader, key: &str, message: String, hint: &str) {
    let path = reader.path_of(key);
    reader.error_at(Code::InvalidDate, &path, message).hint = Some(hint.into());
}

/// The terms of every taxonomy (none of one whose list is over the limit, which is reported).
fn read_all_terms(
    reader: &mut MapReader,
    cx: &Context,
) -> indexmap::IndexMap<TaxonomyKind, Vec<String>> {
    let mut terms = indexmap::IndexMap::new();
    for kind in TaxonomyKind::ALL {
        let ids = if over_limit(reader, kind.key()) {
            Vec::new()
        } else {
            read_terms(reader, kind, cx.taxonomies)
        };
        terms.insert(kind, ids);
    }
    terms
}

/// A date as written in front matter: `2018-06-01` or `2018-06-01T14:30`.
fn show_date_time((day, time): DayTime) -> String {
    match time {
        Some(time) => format!("{day}T{}", time.strftime("%H:%M")),
        None => day.to_string(),
    }
}

/// Reads a date that may carry a local time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or
/// `YYYY-MM-DDTHH:MM:SS` (in the site's time zone).
pub fn read_date_time(reader: &mut MapReader, key: &str, required: bool) -> Option<DayTime> {
    let text = match reader.raw(key) {
        Some(Value::String(s)) if s.len() > 10 => s.clone(),
        _ => return read_date(reader, key, required).map(|d| (d, None)),
    };
    let parsed = (text.as_bytes().get(10) == Some(&b'T'))
        .then(|| text.parse::<jiff::civil::DateTime>().ok())
        .flatten()
        .filter(|dt| dt.subsec_nanosecond() == 0 && matches!(text.len(), 16 | 19));
    match parsed {
        Some(dt) => Some((dt.date(), Some(dt.time()))),
        None => {
            let path = reader.path_of(key);
            reader
                .error_at(
                    Code::InvalidDate,
                    &path,
                    format!("`{key}` is not a valid date and time: `{text}`"),
                )
                .hint = Some(
                "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a local time, e.g. 2018-06-01T14:30"
                    .into(),
            );
            None
        }
    }
}

fn read_severity(reader: &mut MapReader) -> Option<Severity> {
    let Some(text) = reader.optional::<String>("severity") else {
        return Some(Severity::Medium);
    };
    let severity = Severity::ALL.into_iter().find(|s| s.id() == text);
    if severity.is_none() {
        let path = reader.path_of("severity");
        reader
            .error_at(
                Code::InvalidSeverity,
                &path,
                format!("unknown severity `{text}`"),
            )
            .hint = Some("use low, medium, high or critical".into());
    }
    severity
}

fn read_contacts(reader: &mut MapReader, cx: &Context) -> Vec<Contact> {
    let Some(value) = reader.raw("contacts") else {
        reader.missing("contacts");
        return Vec::new();
    };
    let path = reader.path_of("contacts");
    let Value::Sequence(items) = value else {
        reader
            .error_at(Code::InvalidValue, &path, "`contacts` must be a list")
            .hint = Some("list contact ids from content/contacts.yaml, one `- id` per line".into());
        return Vec::new();
    };
    if items.is_empty() {
        reader
            .error_at(
                Code::EmptyList,
                &path,
                "`contacts` needs at least one contact",
            )
            .hint = Some("list at least one contact id from content/contacts.yaml".into());
    }
    if over_limit(reader, "contacts") {
        return Vec::new();
    }
    let mut contacts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut item_path = path.clone();
        item_path.push(Seg::Index(i));
        match item {
            Value::String(id) => match cx.contacts.valid.get(id) {
                Some(contact) => contacts.push(contact.clone()),
                None if cx.contacts.is_defined(id) => {}
                None => {
                    let defined: Vec<&str> = cx.contacts.valid.keys().map(String::as_str).collect();
                    let hint = match crate::yaml::closest(id, &defined) {
                        Some(best) => format!(
                            "did you mean `{best}`? Otherwise define `{id}` in content/contacts.yaml"
                        ),
                        None => format!(
                            "define `{id}` in content/contacts.yaml, or write the contact inline with name and phone"
                        ),
                    };
                    reader
                        .error_at(
                            Code::UnknownContact,
                            &item_path,
                            format!("unknown contact `{id}`"),
                        )
                        .hint = Some(hint);
                }
            },
            Value::Mapping(_) => {
                let known = &keys::<InlineContact>().all;
                let mut inner = reader.file().reader(item, item_path, known);
                let contact = read_contact(&mut inner, None, cx.languages, cx.taxonomies, false);
                for d in inner.finish() {
                    reader.report(d);
                }
                contacts.extend(contact);
            }
            other => {
                reader
                    .error_at(
                        Code::InvalidValue,
                        &item_path,
                        format!(
                            "a contact must be an id or a mapping, found {}",
                            crate::yaml::kind_of(other)
                        ),
                    )
                    .hint = Some("write a contact id, or `name:` and `phone:` lines".into());
            }
        }
    }
    contacts
}

fn read_sources(reader: &mut MapReader) -> Vec<Source> {
    let Some(value) = reader.raw("sources") else {
        return Vec::new();
    };
    let path = reader.path_of("sources");
    let Value::Sequence(items) = value else {
        reader
            .error_at(Code::InvalidValue, &path, "`sources` must be a list")
            .hint = Some("one `- title: …` entry per source, with publisher, date and url".into());
        return Vec::new();
    };
    if over_limit(reader, "sources") {
        return Vec::new();
    }
    let mut sources = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut item_path = path.clone();
        item_path.push(Seg::Index(i));
        let known = &keys::<SourceEntry>().all;
        let mut inner = reader.file().reader(item, item_path, known);
        let title = inner.required::<String>("title");
        let publisher = inner.optional("publisher");
        let date = read_date(&mut inner, "date", false);
        let url = read_url(&mut inner, "url", false);
        for d in inner.finish() {
            reader.report(d);
        }
        if let Some(title) = title {
            sources.push(Source {
                title,
                publisher,
                date,
                url,
            });
        }
    }
    sources
}
