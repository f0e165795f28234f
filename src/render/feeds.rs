//! Feeds for readers and newsrooms: one Atom feed (RFC 4287, `atom.xml`) and one JSON Feed 1.1
//! (`feed.json`) per language, in the language's folder (`fr/atom.xml`, `fr/feed.json`).
//!
//! The newest advisories (`feed_limit` in `site.toml`, 50 by default) appear in every
//! language's feed, newest first, as on the home page; the sitemap and `alerts.cap.xml` list
//! them all. An advisory not yet translated is carried in the default language and says so
//! (`xml:lang` on the Atom entry, `language` on the JSON item). Entries have the summary and the
//! full text.
//! Times are the advisories' dates (midnight unless a time is written) in the site's time zone,
//! or UTC without one, so a rebuild changes nothing.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::diagnostics::Diagnostic;
use crate::i18n::Language;
use crate::model::{Advisory, Site, TaxonomyKind};
use crate::output::Sink;
use crate::plan::urls::PageKind;
use crate::render::syndication::{AdvisoryText, Syndication, atom_head};
use crate::render::write_error;
use crate::render::xml::XmlWriter;

/// The Atom namespace.
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
/// The JSON Feed version URL.
const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";
/// The file name of each language's Atom feed.
pub const ATOM_FILE: &str = "atom.xml";
/// The file name of each language's JSON feed.
pub const JSON_FILE: &str = "feed.json";

/// Writes the Atom and JSON feeds of every language; returns how many files were written.
pub fn write_feeds(s: &Syndication, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    s.site
        .listed_languages()
        .par_iter()
        .map(|lang| {
            let entries = entries(s, lang);
            let atom_path = s.urls.language_file(lang, ATOM_FILE);
            sink.write(&atom_path, &atom_feed(s, lang, &entries))
                .map_err(|err| write_error(&atom_path, &err))?;
            let json_path = s.urls.language_file(lang, JSON_FILE);
            sink.write(&json_path, &json_feed(s, lang, &entries))
                .map_err(|err| write_error(&json_path, &err))?;
            Ok(2)
        })
        .sum()
}

/// One advisory as a feed entry in one language.
pub struct Entry<'a> {
    /// The advisory.
    pub advisory: &'a Advisory,
    /// Its text in the feed's language, or in the default language when untranslated.
    pub text: AdvisoryText<'a>,
    /// Its page in the feed's language.
    pub url: String,
    /// The full advisory as HTML.
    pub content: String,
    /// Its taxonomy terms: (taxonomy, id, label in the feed's language).
    pub terms: Vec<(TaxonomyKind, &'a str, &'a str)>,
}

/// The advisories the feeds list, with their indexes, newest first: the latest `feed_limit`
/// not retired.
pub fn listed(site: &Site) -> impl Iterator<Item = (usize, &Arc<Advisory>)> {
    site.advisories
        .iter()
        .enumerate()
        .filter(|(_, a)| a.retired.is_none())
        .take(site.config.feed_limit)
}

/// The entries of a language's feeds, newest first; shared by its Atom and JSON feeds.
pub fn entries<'a>(s: &Syndication<'a>, lang: &'a Language) -> Vec<Entry<'a>> {
    listed(s.site)
        .map(|(index, advisory)| {
            let text = s.text(advisory, &lang.tag);
            let url = s.page_url(advisory, lang);
            let content = s.content_html(index, &text, &url);
            let terms = TaxonomyKind::ALL
                .into_iter()
                .flat_map(|kind| {
                    let ids = advisory.terms.get(&kind).into_iter().flatten();
                    ids.zip(s.term_labels(advisory, kind, &lang.tag))
                        .map(move |(id, label)| (kind, id.as_str(), label))
                })
                .collect();
            Entry {
                advisory,
                text,
                url,
                content,
                terms,
            }
        })
        .collect()
}

/// The Atom feed of one language.
pub fn atom_feed(s: &Syndication, lang: &Language, entries: &[Entry]) -> Vec<u8> {
    let tag = lang.tag.as_str();
    let self_url = s.urls.absolute_file(&s.urls.language_file(lang, ATOM_FILE));
    let home_url = s.urls.absolute(&PageKind::Home, lang);
    let title = s.localized(&s.site.config.title, tag);
    let mut x = XmlWriter::new();
    x.open("feed", &[("xmlns", ATOM_NS), ("xml:lang", tag)]);
    x.text("id", &[], &self_url);
    x.text("title", &[], title);
    x.text("subtitle", &[], s.t(tag, "home_intro"));
    atom_head(s, &mut x, title, &home_url, &self_url);
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("hreflang", tag),
            ("href", &home_url),
        ],
    );
    x.text(
        "generator",
        &[("version", env!("CARGO_PKG_VERSION"))],
        "redflag",
    );
    for entry in entries {
        atom_entry(&mut x, s, entry, lang);
    }
    x.close("feed");
    x.finish()
}

fn atom_entry(x: &mut XmlWriter, s: &Syndication, entry: &Entry, lang: &Language) {
    let text = &entry.text;
    let entry_attrs: &[(&str, &str)] = if text.lang == lang.tag {
        &[]
    } else {
        &[("xml:lang", text.lang)]
    };
    x.open("entry", entry_attrs);
    x.text("id", &[], &entry.url);
    x.text("title", &[], text.title);
    x.text(
        "updated",
        &[],
        &s.feed_time(entry.advisory.last_modified_at()),
    );
    x.text(
        "published",
        &[],
        &s.feed_time(entry.advisory.published_at()),
    );
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &entry.url),
        ],
    );
    for (kind, id, label) in &entry.terms {
        let scheme = s.urls.absolute(&PageKind::Taxonomy(*kind), lang);
        x.empty(
            "category",
            &[("term", id), ("scheme", &scheme), ("label", label)],
        );
    }
    x.text("summary", &[], text.summary);
    x.text("content", &[("type", "html")], &entry.content);
    x.close("entry");
}

/// The JSON Feed 1.1 of one language.
pub fn json_feed(s: &Syndication, lang: &Language, entries: &[Entry]) -> Vec<u8> {
    let tag = lang.tag.as_str();
    let title = s.localized(&s.site.config.title, tag);
    let home_url = s.urls.absolute(&PageKind::Home, lang);
    let authors = json!([{ "name": title, "url": home_url }]);
    let items: Vec<Value> = entries
        .iter()
        .map(|entry| json_item(s, entry, &authors))
        .collect();
    let feed = json!({
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_url,
        "feed_url": s.urls.absolute_file(&s.urls.language_file(lang, JSON_FILE)),
        "description": s.t(tag, "home_intro"),
        "language": tag,
        "authors": authors,
        "items": items,
    });
    let mut bytes = serde_json::to_vec_pretty(&feed).expect("a JSON value serialises");
    bytes.push(b'\n');
    bytes
}

fn json_item(s: &Syndication, entry: &Entry, authors: &Value) -> Value {
    let mut tags: Vec<&str> = Vec::new();
    for (_, _, label) in &entry.terms {
        if !tags.contains(label) {
            tags.push(label);
        }
    }
    json!({
        "id": entry.url,
        "url": entry.url,
        "title": entry.text.title,
        "summary": entry.text.summary,
        "content_html": entry.content,
        "date_published": s.feed_time(entry.advisory.published_at()),
        "date_modified": s.feed_time(entry.advisory.last_modified_at()),
        "language": entry.text.lang,
        "authors": authors,
        "tags": tags,
    })
}
