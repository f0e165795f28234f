//! For search engines: `sitemap.xml` (sitemaps.org 0.9) listing every page in every language,
//! each with `xhtml:link rel="alternate" hreflang` links to all its languages and `x-default`
//! (the default language), and `robots.txt` pointing at it.
//!
//! The 404 and search pages are left out: neither is a page a search engine should send
//! readers to.

use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::model::{Advisory, Site, TaxonomyKind};
use crate::output::Sink;
use crate::plan::urls::PageKind;
use crate::render::syndication::Syndication;
use crate::render::write_error;
use crate::render::xml::XmlWriter;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The sitemap's file name, at the site root.
pub const SITEMAP_FILE: &str = "sitemap.xml";

/// Writes `sitemap.xml` and `robots.txt`; returns how many files were written.
pub fn write_sitemap(s: &Syndication, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    sink.write(SITEMAP_FILE, &sitemap(s))
        .map_err(|err| write_error(SITEMAP_FILE, &err))?;
    sink.write("robots.txt", robots(s).as_bytes())
        .map_err(|err| write_error("robots.txt", &err))?;
    Ok(2)
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(s: &Syndication) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        s.urls.absolute_file(SITEMAP_FILE)
    )
}

/// The pages listed, with the date they last changed (when known).
fn pages(site: &Site) -> Vec<(PageKind, Option<Date>)> {
    let newest = |filter: &dyn Fn(&Advisory) -> bool| {
        site.advisories
            .iter()
            .filter(|a| filter(a))
            .map(|a| a.last_modified())
            .max()
    };
    let mut pages = vec![(PageKind::Home, newest(&|_| true))];
    pages.extend(
        site.advisories
            .iter()
            .map(|a| (PageKind::Advisory(a.slug.clone()), Some(a.last_modified()))),
    );
    for kind in TaxonomyKind::ALL {
        let tagged = move |a: &Advisory| a.terms.get(&kind).is_some_and(|ids| !ids.is_empty());
        pages.push((PageKind::Taxonomy(kind), newest(&tagged)));
        for (id, _) in site.taxonomies.of(kind) {
            let has_term = |a: &Advisory| a.has_term(kind, id);
            pages.push((PageKind::Term(kind, id.clone()), newest(&has_term)));
        }
    }
    pages
}

/// The sitemap.
pub fn sitemap(s: &Syndication) -> Vec<u8> {
    let languages = s.site.listed_languages();
    let mut x = XmlWriter::new();
    x.open(
        "urlset",
        &[("xmlns", SITEMAP_NS), ("xmlns:xhtml", XHTML_NS)],
    );
    for (page, lastmod) in pages(s.site) {
        let alternates: Vec<(&str, String)> = languages
            .iter()
            .map(|l| (l.tag.as_str(), s.urls.absolute(&page, l)))
            .chain(std::iter::once((
                "x-default",
                s.urls.absolute(&page, languages[0]),
            )))
            .collect();
        for lang in &languages {
            x.open("url", &[]);
            x.text("loc", &[], &s.urls.absolute(&page, lang));
            if let Some(date) = lastmod {
                x.text("lastmod", &[], &date.to_string());
            }
            for (hreflang, href) in &alternates {
                x.empty(
                    "xhtml:link",
                    &[("rel", "alternate"), ("hreflang", hreflang), ("href", href)],
                );
            }
            x.close("url");
        }
    }
    x.close("urlset");
    x.finish()
}
