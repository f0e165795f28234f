//! Feeds for campus screens (`[share] screens`): `screens.atom.xml` (Atom, RFC 4287) and
//! `screens.json` (JSON Feed 1.1) at the site root, one entry per current advisory (not
//! expired, not retired) and language it is translated into, with its landscape and portrait
//! slides as enclosures, so digital-signage systems that follow a feed show the slides and drop
//! an advisory when it expires. The slides and their paths come from `plan::share`.

use serde_json::json;

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::plan::share::{MEDIA_TYPE, ShareJob, ShareKind};
use crate::plan::urls::PageKind;
use crate::render::syndication::{Syndication, atom_head};
use crate::render::write_error;
use crate::render::xml::XmlWriter;

/// The screens' Atom feed, below the site root.
pub const SCREENS_ATOM: &str = "screens.atom.xml";
/// The screens' JSON feed, below the site root.
pub const SCREENS_JSON: &str = "screens.json";

/// One advisory in one language on the screens.
struct ScreenEntry<'a> {
    index: usize,
    lang: &'a str,
    url: String,
    slides: Vec<&'a ShareJob>,
}

/// Writes both screen feeds; returns how many files were written.
pub fn write_screens(
    s: &Syndication,
    share: &[ShareJob],
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    let entries = entries(s, share);
    for (path, bytes) in [
        (SCREENS_ATOM, atom(s, &entries)),
        (SCREENS_JSON, json_feed(s, &entries)),
    ] {
        sink.write(path, &bytes)
            .map_err(|err| write_error(path, &err))?;
    }
    Ok(2)
}

fn entries<'a>(s: &Syndication<'a>, share: &'a [ShareJob]) -> Vec<ScreenEntry<'a>> {
    let mut entries = Vec::new();
    for (index, advisory) in s.site.advisories.iter().enumerate() {
        if advisory.retired.is_some() || advisory.is_expired(s.today) {
            continue;
        }
        for lang in &s.site.config.languages {
            let page = PageKind::Advisory(advisory.slug.clone());
            let slides: Vec<&ShareJob> = share
                .iter()
                .filter(|j| j.kind != ShareKind::Card && j.page == page && j.lang == lang.tag)
                .collect();
            if slides.is_empty() {
                continue;
            }
            entries.push(ScreenEntry {
                index,
                lang: &lang.tag,
                url: s.urls.absolute(&page, lang),
                slides,
            });
        }
    }
    entries
}

fn atom(s: &Syndication, entries: &[ScreenEntry]) -> Vec<u8> {
    let default = &s.site.config.default_language;
    let self_url = s.urls.absolute_file(SCREENS_ATOM);
    let title = s.localized(&s.site.config.title, default);
    let home = s
        .site
        .config
        .languages
        .first()
        .map(|l| s.urls.absolute(&PageKind::Home, l));
    let home = home.unwrap_or_else(|| s.urls.absolute_file(""));
    let mut x = XmlWriter::new();
    x.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", default.as_str()),
        ],
    );
    x.text("id", &[], &self_url);
    x.text("title", &[], title);
    atom_head(s, &mut x, title, &home, &self_url);
    for entry in entries {
        let advisory = &s.site.advisories[entry.index];
        let slide = entry.slides[0];
        x.open("entry", &[("xml:lang", entry.lang)]);
        x.text("id", &[], &entry.url);
        x.text("title", &[], &slide.view.title.text);
        x.text("updated", &[], &s.feed_time(advisory.last_modified_at()));
        x.text("published", &[], &s.feed_time(advisory.published_at()));
        x.text("summary", &[], &slide.view.headline.text);
        x.empty(
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &entry.url),
            ],
        );
        for job in &entry.slides {
            let href = s.urls.absolute_file(&job.path);
            let [w, h] = job.kind.pixels();
            let title = format!("{w}×{h}");
            x.empty(
                "link",
                &[
                    ("rel", "enclosure"),
                    ("type", MEDIA_TYPE),
                    ("title", &title),
                    ("href", &href),
                ],
            );
        }
        x.close("entry");
    }
    x.close("feed");
    x.finish()
}

fn json_feed(s: &Syndication, entries: &[ScreenEntry]) -> Vec<u8> {
    let default = &s.site.config.default_language;
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|entry| {
            let advisory = &s.site.advisories[entry.index];
            let slide = entry.slides[0];
            let attachments: Vec<serde_json::Value> = entry
                .slides
                .iter()
                .map(|job| {
                    let [w, h] = job.kind.pixels();
                    json!({
                        "url": s.urls.absolute_file(&job.path),
                        "mime_type": MEDIA_TYPE,
                        "title": format!("{w}×{h}"),
                    })
                })
                .collect();
            json!({
                "id": entry.url,
                "url": entry.url,
                "language": entry.lang,
                "title": slide.view.title.text,
                "content_text": slide.view.headline.text,
                "date_published": s.feed_time(advisory.published_at()),
                "date_modified": s.feed_time(advisory.last_modified_at()),
                "image": s.urls.absolute_file(&slide.path),
                "attachments": attachments,
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": s.localized(&s.site.config.title, default),
        "language": default,
        "feed_url": s.urls.absolute_file(SCREENS_JSON),
        "items": items,
    });
    serde_json::to_vec_pretty(&feed).expect("JSON serialises")
}
