//! What the machine-readable outputs (Atom and JSON feeds, CAP alerts, the sitemap) share: the
//! model, the URLs, the UI strings and the rendered Markdown bodies, plus the rules for turning
//! an advisory into plain or HTML text in one language and its civil dates into timestamps.
//!
//! Like the pages, these outputs never read files: everything comes from the model.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::i18n::{Language, UiStrings};
use crate::markdown::RenderedMarkdown;
use crate::model::{Advisory, Localized, Site, TaxonomyKind};
use crate::plan::urls::{PageKind, Urls};
use crate::render::xml::XmlWriter;

/// Everything the feeds, alerts and sitemap are made from.
pub struct Syndication<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its URLs.
    pub urls: &'a Urls,
    /// The theme's UI strings (section headings, feed subtitles).
    pub ui: &'a UiStrings,
    /// Rendered Markdown bodies by (advisory index, language).
    pub bodies: &'a HashMap<(usize, &'a str), RenderedMarkdown>,
    /// Today: the feeds' `updated` time when the site has no advisory.
    pub today: Date,
}

/// How UTC is written where the site has no time zone: feeds write `+00:00`; CAP 1.2 (§3.3.2)
/// writes `-00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utc {
    /// `+00:00` (Atom, JSON Feed).
    Plus,
    /// `-00:00` (CAP).
    Minus,
}

/// A timestamp for a civil date and time of the site: local time in the site's time zone with
/// its offset on that day (`2018-06-01T14:30:00-06:00`), or, without a time zone, the time in
/// UTC (`2018-06-01T14:30:00+00:00`). Always a numeric offset: CAP forbids the `Z` form. A
/// local time that a clock change skips is taken after the change.
pub fn timestamp(zone: Option<&TimeZone>, at: DateTime, utc: Utc) -> String {
    match zone {
        Some(zone) => match zone.to_ambiguous_zoned(at).compatible() {
            Ok(zoned) => zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            Err(_) => timestamp(None, at, utc),
        },
        None => {
            let sign = if utc == Utc::Plus { '+' } else { '-' };
            format!("{}{sign}00:00", at.strftime("%Y-%m-%dT%H:%M:%S"))
        }
    }
}

/// The last second of a civil date (`2019-06-01T23:59:59`): an advisory is current until the
/// end of its `expires` day, as the pages show it.
pub fn end_of_day(date: Date) -> DateTime {
    date.to_datetime(jiff::civil::time(23, 59, 59, 0))
}

impl Syndication<'_> {
    /// A feed timestamp (see `timestamp`).
    pub fn feed_time(&self, at: DateTime) -> String {
        timestamp(self.zone(), at, Utc::Plus)
    }

    /// A CAP timestamp (see `timestamp`).
    pub fn cap_time(&self, at: DateTime) -> String {
        timestamp(self.zone(), at, Utc::Minus)
    }

    fn zone(&self) -> Option<&TimeZone> {
        self.site.config.time_zone.as_ref().map(|tz| &tz.zone)
    }
}

/// When the site last changed: the newest advisory change, or today for an empty site.
pub fn site_updated(s: &Syndication) -> DateTime {
    s.site
        .advisories
        .iter()
        .map(|a| a.last_modified_at())
        .max()
        .unwrap_or_else(|| s.today.to_datetime(jiff::civil::Time::midnight()))
}

/// The elements every Atom feed of the site starts with after its id and title: `updated`,
/// the site as `author`, and the `self` link.
pub fn atom_head(s: &Syndication, x: &mut XmlWriter, title: &str, home_url: &str, self_url: &str) {
    x.text("updated", &[], &s.feed_time(site_updated(s)));
    x.open("author", &[]);
    x.text("name", &[], title);
    x.text("uri", &[], home_url);
    x.close("author");
    x.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", self_url),
        ],
    );
}

/// HTML-escapes text for the HTML carried inside feeds.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::markdown::escape_html_into(&mut out, text);
    out
}

/// One advisory's text in one language, each field with the language it is really in.
pub struct AdvisoryText<'a> {
    /// The language the entry is in: the requested one if translated, else the first of its
    /// fallback chain that is.
    pub lang: &'a str,
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Red flags with their language.
    pub red_flags: (&'a [String], &'a str),
    /// Prevention tips with their language.
    pub prevention: (&'a [String], &'a str),
    /// What to do if targeted, with its language (may be empty).
    pub if_targeted: (&'a [String], &'a str),
}

impl<'a> Syndication<'a> {
    /// The advisory's text for `lang`, through the language fallback chain as pages show it.
    pub fn text(&self, advisory: &'a Advisory, lang: &'a str) -> AdvisoryText<'a> {
        let entry_lang = advisory.text_language(lang);
        let string = |get: fn(&crate::model::Translation) -> Option<&String>| {
            advisory
                .field(entry_lang, get)
                .map_or("", |f| f.value.as_str())
        };
        let list = |get: fn(&crate::model::Translation) -> Option<&Vec<String>>| {
            advisory
                .field(entry_lang, get)
                .map_or((&[][..], entry_lang), |f| (f.value.as_slice(), f.lang))
        };
        AdvisoryText {
            lang: entry_lang,
            title: string(|t| t.title.as_ref()),
            summary: string(|t| t.summary.as_ref()),
            red_flags: list(|t| t.red_flags.as_ref()),
            prevention: list(|t| t.prevention.as_ref()),
            if_targeted: list(|t| t.if_targeted.as_ref()),
        }
    }

    /// A UI string.
    pub fn t(&self, lang: &str, key: &'a str) -> &'a str {
        self.ui.text(lang, key)
    }

    /// Content text in `lang`, falling back like the pages do.
    pub fn localized(&self, value: &'a Localized, lang: &'a str) -> &'a str {
        value.resolve(lang, &self.site.config.default_language).text
    }

    /// The labels of an advisory's terms of one taxonomy, in `lang`.
    pub fn term_labels(
        &self,
        advisory: &'a Advisory,
        kind: TaxonomyKind,
        lang: &'a str,
    ) -> Vec<&'a str> {
        advisory
            .terms
            .get(&kind)
            .into_iter()
            .flatten()
            .filter_map(|id| self.site.taxonomies.label(kind, id))
            .map(|label| self.localized(label, lang))
            .collect()
    }

    /// The absolute URL of an advisory's page in `lang`.
    pub fn page_url(&self, advisory: &Advisory, lang: &Language) -> String {
        self.urls
            .absolute(&PageKind::Advisory(advisory.slug.clone()), lang)
    }

    /// The full advisory as an HTML fragment (red flags, prevention, what to do, contacts and
    /// the story), for feed entries. Headings are in the entry's language; a part in another
    /// language carries `lang`.
    pub fn content_html(&self, index: usize, text: &AdvisoryText<'a>, page_url: &str) -> String {
        let advisory = &self.site.advisories[index];
        let mut html = String::new();
        for (key, (items, lang), tag) in [
            ("red_flags", text.red_flags, "ul"),
            ("prevention", text.prevention, "ul"),
            ("if_targeted", text.if_targeted, "ol"),
        ] {
            if items.is_empty() {
                continue;
            }
            html.push_str(&format!(
                "<h2>{}</h2>\n",
                escape_html(self.t(text.lang, key))
            ));
            html.push_str(&format!("<{tag}{}>\n", lang_attr(lang, text.lang)));
            for item in items {
                html.push_str(&format!("<li>{}</li>\n", escape_html(item)));
            }
            html.push_str(&format!("</{tag}>\n"));
        }
        if !advisory.contacts.is_empty() {
            html.push_str(&format!(
                "<h2>{}</h2>\n<ul>\n",
                escape_html(self.t(text.lang, "contacts"))
            ));
            for contact in &advisory.contacts {
                let name = contact
                    .name
                    .resolve(text.lang, &self.site.config.default_language);
                html.push_str(&format!(
                    "<li><span{}>{}</span>: <a href=\"{}\">{}</a></li>\n",
                    lang_attr(name.lang, text.lang),
                    escape_html(name.text),
                    escape_html(&contact.phone.tel),
                    escape_html(&contact.phone.display)
                ));
            }
            html.push_str("</ul>\n");
        }
        let body = advisory
            .body_language(text.lang)
            .and_then(|lang| Some((self.bodies.get(&(index, lang))?, lang)));
        if let Some((body, lang)) = body {
            html.push_str(&format!(
                "<h2>{}</h2>\n<div{}>\n{}</div>\n",
                escape_html(self.t(text.lang, "details")),
                lang_attr(lang, text.lang),
                absolute_links(body, page_url)
            ));
        }
        html
    }
}

/// The body's HTML with relative links made absolute against its page, since a feed reader
/// resolves them against the feed. Bodies without relative links are returned as they are.
fn absolute_links(body: &RenderedMarkdown, page_url: &str) -> String {
    let is_absolute = |d: &str| {
        d.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
    };
    let Ok(base) = ammonia::Url::parse(page_url) else {
        return body.html.clone();
    };
    if body.links.iter().all(|l| is_absolute(&l.destination)) {
        return body.html.clone();
    }
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::RewriteWithBase(base))
        .link_rel(None)
        .clean(&body.html)
        .to_string()
}

/// ` lang="…"` when a part's language differs from its surroundings.
fn lang_attr(lang: &str, around: &str) -> String {
    if lang == around {
        String::new()
    } else {
        format!(" lang=\"{}\"", escape_html(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_use_a_numeric_offset() {
        let date = jiff::civil::date(2018, 6, 1);
        let midnight = date.to_datetime(jiff::civil::Time::midnight());
        assert_eq!(
            timestamp(None, midnight, Utc::Plus),
            "2018-06-01T00:00:00+00:00"
        );
        assert_eq!(
            timestamp(None, end_of_day(date), Utc::Minus),
            "2018-06-01T23:59:59-00:00"
        );
    }

    #[test]
    fn timestamps_carry_the_offset_of_their_day() {
        let toronto = TimeZone::get("America/Toronto").expect("bundled database");
        let at = |m, d, h, min| jiff::civil::date(2018, m, d).at(h, min, 0, 0);
        let cases = [
            (at(3, 10, 12, 0), "2018-03-10T12:00:00-05:00"),
            (at(3, 11, 12, 0), "2018-03-11T12:00:00-04:00"),
            // 02:30 does not exist on 11 March 2018: the clocks went from 02:00 to 03:00.
            (at(3, 11, 2, 30), "2018-03-11T03:30:00-04:00"),
            (at(11, 4, 12, 0), "2018-11-04T12:00:00-05:00"),
        ];
        for (local, expected) in cases {
            assert_eq!(timestamp(Some(&toronto), local, Utc::Minus), expected);
        }
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
