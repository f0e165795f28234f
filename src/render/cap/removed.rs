//! The Cancel of an advisory removed from `content/` and listed in `content/retired.yaml`: it
//! `references` the removed advisory's messages exactly (identifiers and `sent` derived from
//! the entry's `date` and `updated`, as they were), and has one `<info>` per language the
//! entry gives a title in, as CAP-CP and Google need: `responseType` AllClear, `urgency` Past
//! (responsive action is no longer required), `severity` Minor, the title as `headline`, the
//! summary as `description`, the home page as `web` (the advisory's page is gone), its
//! regions' areas, and an `expires` never before the Cancel is sent.

use crate::i18n::Language;
use crate::model::{RetiredAdvisory, TaxonomyKind};
use crate::plan::urls::PageKind;
use crate::render::syndication::{Syndication, end_of_day};
use crate::render::xml::XmlWriter;

use super::area::write_areas;
use super::lifecycle::{Version, sender, versions};
use super::{CAP_MEDIA_TYPE, alert_path, head, write_event_codes};

/// The Cancel message of `entry`.
pub fn cancel(s: &Syndication, entry: &RetiredAdvisory) -> Vec<u8> {
    let sender = sender(s);
    let versions = versions(s, entry.into());
    let current = versions.last().expect("a Cancel follows the first alert");
    let mut x = XmlWriter::new();
    head(&mut x, s, &sender, &versions);
    let default = &s.site.config.default_language;
    for lang in &s.site.config.languages {
        let given = lang.tag == *default || entry.title.languages().any(|l| l == lang.tag);
        if given {
            info(&mut x, s, entry, lang, current);
        }
    }
    x.close("alert");
    x.finish()
}

fn info(
    x: &mut XmlWriter,
    s: &Syndication,
    entry: &RetiredAdvisory,
    lang: &Language,
    current: &Version,
) {
    let cap = &s.site.config.cap;
    let tag = lang.tag.as_str();
    let title = s.localized(&entry.title, tag);
    x.open("info", &[]);
    x.text("language", &[], cap.language(tag));
    x.text("category", &[], cap.category.as_str());
    let labels: Vec<&str> = entry
        .scam_types
        .iter()
        .filter_map(|id| s.site.taxonomies.label(TaxonomyKind::ScamTypes, id))
        .map(|label| s.localized(label, tag))
        .collect();
    let event = if labels.is_empty() {
        title.to_owned()
    } else {
        labels.join(", ")
    };
    x.text("event", &[], &event);
    x.text("responseType", &[], "AllClear");
    x.text("urgency", &[], "Past");
    x.text("severity", &[], "Minor");
    x.text("certainty", &[], "Observed");
    write_event_codes(x, s, &entry.scam_types);
    if let Some(expires) = entry.expires_at() {
        let expires = expires.max(end_of_day(current.at.date()));
        x.text("expires", &[], &s.cap_time(expires));
    }
    let sender_name = cap.sender_name.as_ref().unwrap_or(&s.site.config.title);
    x.text("senderName", &[], s.localized(sender_name, tag));
    x.text("headline", &[], title);
    x.text("description", &[], s.localized(&entry.summary, tag));
    match &cap.web {
        Some(web) => x.text("web", &[], web),
        None => x.text("web", &[], &s.urls.absolute(&PageKind::Home, lang)),
    }
    if let Some(contact) = &cap.contact {
        x.text("contact", &[], s.localized(contact, tag));
    }
    write_areas(x, s, &entry.regions, tag);
    x.close("info");
}

/// The Atom entry of `entry`'s Cancel in `alerts.cap.xml`, in `lang`.
pub fn index_entry(x: &mut XmlWriter, s: &Syndication, entry: &RetiredAdvisory, lang: &Language) {
    let tag = lang.tag.as_str();
    let sent = versions(s, entry.into())
        .last()
        .expect("a Cancel follows the first alert")
        .at;
    let cap_url = s.urls.absolute_file(&alert_path(s, &entry.slug));
    x.open("entry", &[]);
    x.text("id", &[], &cap_url);
    x.text("title", &[], s.localized(&entry.title, tag));
    x.text("updated", &[], &s.feed_time(sent));
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", CAP_MEDIA_TYPE),
            ("href", &cap_url),
        ],
    );
    x.text("summary", &[], s.localized(&entry.summary, tag));
    x.close("entry");
}
