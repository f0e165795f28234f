//! Alerts for alerting systems: one OASIS CAP 1.2 message per advisory
//! (`advisories/<slug>/alert.cap.xml`) with one `<info>` per language the advisory is
//! translated into, and `alerts.cap.xml`, an Atom index of every alert.
//!
//! How an advisory maps to CAP:
//! - `status` Actual, `scope` Public, `category` Security, `responseType` Avoid.
//! - `msgType` Alert; Update when the advisory has `updated`, with `references` naming the
//!   original alert (its identifier and `sent` time are derived from the publication date, so
//!   they are stable across builds).
//! - `severity` from the advisory: low → Minor, medium → Moderate, high → Severe,
//!   critical → Extreme.
//! - `urgency`: the model has no urgency, and CAP's `Unknown` tells an alerting system nothing.
//!   A scam warning asks readers to act the next time someone calls, not this instant, so high
//!   and critical advisories are `Expected` (act soon) and low and medium ones `Future`.
//! - `certainty` Observed: advisories report scams police have seen happen, not forecasts.
//! - `event` the advisory's scam types, `headline` its title, `description` its summary and red
//!   flags, `instruction` its prevention tips and what to do if targeted, `web` its page in the
//!   info's language, `contact` its contacts, `area/areaDesc` its regions.
//! - `sent` is the time of the last change (midnight unless the front matter gives a time),
//!   `expires` the end of the `expires` day, both local to the site's `time_zone` with their
//!   offset, or UTC written `-00:00` as CAP does without one (CAP forbids `Z`).
//! - `sender` is the host of the base URL; identifiers are `<host>.<slug>.<date>`. Both are
//!   stripped of the characters CAP forbids in them (space, comma, `<`, `&`).

mod area;
pub mod lifecycle;
mod removed;

use crate::diagnostics::Diagnostic;
use crate::i18n::Language;
use crate::model::ValuePair;
use crate::model::{Advisory, Severity, TaxonomyKind};
use crate::output::Sink;
use crate::plan::urls::PageKind;
use crate::render::syndication::{Syndication, atom_head, end_of_day};
use crate::render::write_error;
use crate::render::xml::XmlWriter;
use area::write_areas;
use lifecycle::{MsgType, Version, references, sender, versions};

/// The CAP 1.2 namespace.
const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
/// The Atom namespace.
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
/// The media type of a CAP message.
pub const CAP_MEDIA_TYPE: &str = "application/cap+xml";
/// The file name of each advisory's alert.
pub const ALERT_FILE: &str = "alert.cap.xml";
/// The index of all alerts, at the site root.
pub const ALERTS_FEED: &str = "alerts.cap.xml";

/// Writes every advisory's CAP alert and the alerts index; returns how many files were written.
pub fn write_alerts(s: &Syndication, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    for advisory in &s.site.advisories {
        let path = alert_path(s, &advisory.slug);
        sink.write(&path, &alert(s, advisory))
            .map_err(|err| write_error(&path, &err))?;
    }
    let removed = crate::plan::cancelled_only(s.site);
    for entry in removed {
        let path = alert_path(s, &entry.slug);
        sink.write(&path, &removed::cancel(s, entry))
            .map_err(|err| write_error(&path, &err))?;
    }
    sink.write(ALERTS_FEED, &alerts_feed(s))
        .map_err(|err| write_error(ALERTS_FEED, &err))?;
    Ok(s.site.advisories.len() + removed.len() + 1)
}

/// Where the alert of the advisory `slug` is written: beside its default-language page (for
/// an advisory removed from `content/`, where that page was).
pub fn alert_path(s: &Syndication, slug: &str) -> String {
    let default = &s.site.config.languages[0];
    format!(
        "{}{ALERT_FILE}",
        s.urls
            .relative(&PageKind::Advisory(slug.to_owned()), default)
    )
}

/// `text` without the characters CAP forbids in identifiers and sender (white space, comma,
/// `<` and `&`).
pub fn cap_token(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '<' | '&'))
        .collect()
}

/// CAP severity.
fn cap_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "Minor",
        Severity::Medium => "Moderate",
        Severity::High => "Severe",
        Severity::Critical => "Extreme",
    }
}

/// CAP urgency (see the module documentation).
fn cap_urgency(severity: Severity) -> &'static str {
    match severity {
        Severity::Low | Severity::Medium => "Future",
        Severity::High | Severity::Critical => "Expected",
    }
}

/// The CAP message of one advisory: its newest version (see `lifecycle`).
pub fn alert(s: &Syndication, advisory: &Advisory) -> Vec<u8> {
    let sender = sender(s);
    let versions = versions(s, advisory.into());
    let current = versions
        .last()
        .expect("an advisory has at least its first alert");
    let mut x = XmlWriter::new();
    head(&mut x, s, &sender, &versions);
    for lang in &s.site.config.languages {
        if advisory.is_translated(&lang.tag) {
            info(&mut x, s, advisory, lang, current);
        }
    }
    x.close("alert");
    x.finish()
}

/// Opens `<alert>` and writes its elements before the first `<info>`, for the newest of
/// `versions`.
fn head(x: &mut XmlWriter, s: &Syndication, sender: &str, versions: &[Version]) {
    let cap = &s.site.config.cap;
    let current = versions.last().expect("a message has at least one version");
    x.open("alert", &[("xmlns", CAP_NS)]);
    x.text("identifier", &[], &current.identifier);
    x.text("sender", &[], sender);
    x.text("sent", &[], &current.sent);
    x.text("status", &[], cap.status.as_str());
    x.text("msgType", &[], current.msg_type.as_str());
    x.text("scope", &[], "Public");
    if let Some(code) = cap.profile.code() {
        x.text("code", &[], code);
    }
    if let Some(references) = references(sender, versions) {
        x.text("references", &[], &references);
    }
}

/// The event codes of an advisory's scam types: those `[cap.event_codes]` gives them, each
/// once.
pub fn event_codes<'a>(s: &Syndication<'a>, scam_types: &[String]) -> Vec<&'a ValuePair> {
    let mut codes: Vec<&ValuePair> = Vec::new();
    for id in scam_types {
        let given = s.site.config.cap.event_codes.get(id).into_iter();
        for code in given.flat_map(|(list, _)| list) {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    codes
}

/// One `<info>` block, in schema order.
fn info(
    x: &mut XmlWriter,
    s: &Syndication,
    advisory: &Advisory,
    lang: &Language,
    current: &Version,
) {
    let msg_type = current.msg_type;
    let cap = &s.site.config.cap;
    let tag = lang.tag.as_str();
    let text = s.text(advisory, tag);
    x.open("info", &[]);
    x.text("language", &[], cap.language(tag));
    x.text("category", &[], cap.category.as_str());
    let scam_types = s.term_labels(advisory, TaxonomyKind::ScamTypes, tag);
    let event = if scam_types.is_empty() {
        text.title.to_owned()
    } else {
        scam_types.join(", ")
    };
    x.text("event", &[], &event);
    let response = if msg_type == MsgType::Cancel {
        "AllClear"
    } else {
        "Avoid"
    };
    x.text("responseType", &[], response);
    x.text("urgency", &[], cap_urgency(advisory.severity));
    x.text("severity", &[], cap_severity(advisory.severity));
    x.text("certainty", &[], "Observed");
    write_event_codes(x, s, terms(advisory, TaxonomyKind::ScamTypes));
    if let Some(expires) = expires_of(advisory, current) {
        x.text("expires", &[], &s.cap_time(expires));
    }
    let sender_name = cap.sender_name.as_ref().unwrap_or(&s.site.config.title);
    x.text("senderName", &[], s.localized(sender_name, tag));
    x.text("headline", &[], text.title);
    x.text(
        "description",
        &[],
        &with_list(text.summary, s.t(tag, "red_flags"), text.red_flags.0),
    );
    let mut steps: Vec<String> = text.prevention.0.to_vec();
    steps.extend(text.if_targeted.0.iter().cloned());
    x.text("instruction", &[], &bullets(&steps));
    match &cap.web {
        Some(web) => x.text("web", &[], web),
        None => x.text("web", &[], &s.page_url(advisory, lang)),
    }
    x.text("contact", &[], &contact(s, advisory, tag));
    write_areas(x, s, terms(advisory, TaxonomyKind::Regions), tag);
    x.close("info");
}

/// An advisory's term ids of `kind`.
fn terms(advisory: &Advisory, kind: TaxonomyKind) -> &[String] {
    advisory.terms.get(&kind).map_or(&[], Vec::as_slice)
}

fn write_event_codes(x: &mut XmlWriter, s: &Syndication, scam_types: &[String]) {
    for code in event_codes(s, scam_types) {
        x.open("eventCode", &[]);
        x.text("valueName", &[], &code.value_name);
        x.text("value", &[], &code.value);
        x.close("eventCode");
    }
}

/// A message's `<expires>`: the end of the advisory's `expires` day; a Cancel sent later (the
/// advisory was retired after it expired) expires at the end of its own day, never before it
/// is sent (Google's EFFECTIVE_NOT_AFTER_EXPIRES).
fn expires_of(advisory: &Advisory, current: &Version) -> Option<jiff::civil::DateTime> {
    let expires = advisory.expires_at()?;
    Some(match current.msg_type {
        MsgType::Cancel => expires.max(end_of_day(current.at.date())),
        _ => expires,
    })
}

/// `[cap] contact`, else the advisory's contacts with their numbers.
fn contact(s: &Syndication, advisory: &Advisory, tag: &str) -> String {
    if let Some(contact) = &s.site.config.cap.contact {
        return s.localized(contact, tag).to_owned();
    }
    let contacts: Vec<String> = advisory
        .contacts
        .iter()
        .map(|c| format!("{}: {}", s.localized(&c.name, tag), c.phone.display))
        .collect();
    contacts.join("; ")
}

/// `lead`, a blank line, then a heading and the items as bullets.
fn with_list(lead: &str, heading: &str, items: &[String]) -> String {
    if items.is_empty() {
        return lead.to_owned();
    }
    format!("{lead}\n\n{heading}\n{}", bullets(items))
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("- {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Atom index of every current alert (expired ones leave it), in the default language.
pub fn alerts_feed(s: &Syndication) -> Vec<u8> {
    let lang = &s.site.config.languages[0];
    let tag = lang.tag.as_str();
    let self_url = s.urls.absolute_file(ALERTS_FEED);
    let home_url = s.urls.absolute(&PageKind::Home, lang);
    let title = s.localized(&s.site.config.title, tag);
    let mut x = XmlWriter::new();
    x.open("feed", &[("xmlns", ATOM_NS), ("xml:lang", tag)]);
    x.text("id", &[], &self_url);
    x.text(
        "title",
        &[],
        &format!("{title}: {}", s.t(tag, "alerts_feed")),
    );
    atom_head(s, &mut x, title, &home_url, &self_url);
    // An expired advisory leaves the index alerting systems follow; its alert file stays, with
    // its `expires` in the past.
    for advisory in s.site.advisories.iter().filter(|a| !a.is_expired(s.today)) {
        let text = s.text(advisory, tag);
        let cap_url = s.urls.absolute_file(&alert_path(s, &advisory.slug));
        x.open("entry", &[]);
        x.text("id", &[], &cap_url);
        x.text("title", &[], text.title);
        x.text("updated", &[], &s.feed_time(advisory.last_modified_at()));
        x.empty(
            "link",
            &[
                ("rel", "alternate"),
                ("type", CAP_MEDIA_TYPE),
                ("href", &cap_url),
            ],
        );
        x.empty(
            "link",
            &[
                ("rel", "related"),
                ("type", "text/html"),
                ("href", &s.page_url(advisory, lang)),
            ],
        );
        x.text("summary", &[], text.summary);
        x.close("entry");
    }
    // Cancels of removed advisories, while the alerts they cancel would be current.
    let removed = crate::plan::cancelled_only(s.site).iter();
    for entry in removed.filter(|r| !r.is_expired(s.today)) {
        removed::index_entry(&mut x, s, entry, lang);
    }
    x.close("feed");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_lose_forbidden_characters() {
        assert_eq!(cap_token("a b,c<d&e\tf"), "abcdef");
    }

    #[test]
    fn severities_map_to_cap_and_never_unknown() {
        let mapped: Vec<_> = Severity::ALL
            .iter()
            .map(|s| (cap_severity(*s), cap_urgency(*s)))
            .collect();
        assert_eq!(
            mapped,
            [
                ("Minor", "Future"),
                ("Moderate", "Future"),
                ("Severe", "Expected"),
                ("Extreme", "Expected")
            ]
        );
    }
}
