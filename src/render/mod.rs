//! Rendering: the `Site` model → every page of the site in every language (Tera templates of the
//! theme), the theme's static files, and the machine-readable outputs written from the model
//! (feeds, CAP alerts, sitemap: `feeds`, `cap`, `sitemap`), handed to a `Sink`.
//!
//! Rendering never reads files: the theme arrives in memory and output goes to the sink (a
//! directory for `build`, nothing for `check`). Listings are computed once per language and
//! pages are rendered in parallel, so no page costs work proportional to the whole site.
//!
//! This module owns the public entry points and the `Renderer` that drives a render; the
//! Markdown bodies are rendered first (`bodies`), then what a language's pages share
//! (`language`), then each page's context and HTML (`page`, with the template value shapes in
//! `context`).

mod bodies;
pub mod cache;
pub mod cap;
mod context;
mod eml;
pub mod feeds;
mod keys;
mod language;
mod meta;
mod page;
mod posters;
pub mod screens;
pub mod share;
pub mod sitemap;
pub mod syndication;
mod templates;
pub(crate) mod xml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use rayon::prelude::*;
use tera::{Tera, Value};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Language, UiStrings};
use crate::markdown::RenderedMarkdown;
use crate::model::{Site, TaxonomyKind};
use crate::output::Sink;
use crate::plan::posters::PosterJob;
use crate::plan::share::ShareJob;
use crate::plan::urls::{PageKind, Urls};
use crate::plan::{Prepared, listed_by_term, listing_order, page_plan};
use crate::poster::check_poster_coverage;
use crate::theme::Theme;
use crate::views::{Localizer, TaxonomyView};
use cache::{PAGES_MANIFEST, PageCache, Reuse};

/// What changes how pages render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Today's date: advisories that expired before it get a notice.
    pub today: Date,
}

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Of those, the pages whose files were reused from the previous output (`cache`).
    pub reused: usize,
    /// Other files written (static assets).
    pub files: usize,
}

/// Ids the advisory template uses itself; Markdown headings never take them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "emergency-title",
    "red-flags",
    "red-flags-title",
    "prevention",
    "prevention-title",
    "if-targeted",
    "if-targeted-title",
    "contacts",
    "contacts-title",
    "details",
    "details-title",
    "sources",
    "sources-title",
    "topics",
    "topics-title",
    "posters",
    "posters-title",
    "share",
    "share-title",
];

/// A theme made ready to render: its templates compiled, once.
pub struct Engine {
    tera: Tera,
}

impl Engine {
    /// Compiles the theme's templates.
    pub fn new(theme: &Theme) -> Result<Engine, Vec<Diagnostic>> {
        Ok(Engine {
            tera: templates::compile(theme)?,
        })
    }

    fn renderer<'a>(&'a self, prepared: &'a Prepared, options: RenderOptions) -> Renderer<'a> {
        Renderer::new(prepared, self, options)
    }
}

/// Renders the whole site into `sink`. With a `cache` (a build), the pages it holds for
/// unchanged inputs are reused and the pages manifest is written for the next build; without
/// (`check`, which keeps nothing), every page is rendered and no manifest made.
pub fn render_site(
    prepared: &Prepared,
    options: RenderOptions,
    cache: Option<&dyn PageCache>,
    sink: &dyn Sink,
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let engine = Engine::new(&prepared.theme)?;
    engine.renderer(prepared, options).render_all(cache, sink)
}

/// Renders only `pages` (the live preview re-renders what an edit touched); returns how many.
pub fn render_pages(
    engine: &Engine,
    prepared: &Prepared,
    options: RenderOptions,
    pages: &[(PageKind, String)],
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = engine.renderer(prepared, options);
    let site = &prepared.site;
    let planned: Vec<(PageKind, &Language)> = pages
        .iter()
        .filter_map(|(page, tag)| Some((page.clone(), site.config.language(tag)?)))
        .collect();
    renderer.render_planned(&planned, None, sink)?;
    Ok(planned.len())
}

/// Renders what is not a page: static assets, feeds, CAP alerts, sitemap; returns how many files.
pub fn render_extras(
    engine: &Engine,
    prepared: &Prepared,
    options: RenderOptions,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = engine.renderer(prepared, options);
    let bodies = renderer.render_bodies(None);
    Ok(renderer.write_static(sink)? + renderer.write_syndication(&bodies, sink)?)
}

/// The rendered Markdown bodies, by advisory index and language.
type Bodies<'a> = HashMap<(usize, &'a str), RenderedMarkdown>;

/// Everything shared by the pages of one language, computed once.
struct LanguageData {
    shared: Vec<(&'static str, Value)>,
    /// The `t` value: the language's UI strings, for the pages and the emails.
    strings: Value,
    cards: Vec<Value>,
    taxonomies: Vec<TaxonomyView>,
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    ui: &'a UiStrings,
    tera: &'a Tera,
    options: RenderOptions,
    urls: Urls,
    css_url: String,
    /// Advisory indexes by taxonomy term, in listing order.
    term_index: HashMap<(TaxonomyKind, &'a str), Vec<usize>>,
    /// Advisory indexes in listing order: current ones newest first, then expired ones.
    listing_order: Vec<usize>,
    /// Advisory indexes by slug.
    slug_index: HashMap<&'a str, usize>,
    /// The posters the build makes, for the advisory pages' links.
    posters: &'a [PosterJob],
    /// Whether the fonts cover each poster's text, worked out when a page first links it.
    covered: Vec<OnceLock<bool>>,
    /// The languages the switcher lists (`Site::listed_languages`).
    listed: Vec<&'a Language>,
    /// The share cards and slides the build makes, for `og:image` and the screen feeds.
    share: &'a [ShareJob],
}

impl<'a> Renderer<'a> {
    fn new(prepared: &'a Prepared, engine: &'a Engine, options: RenderOptions) -> Self {
        let (site, theme) = (&prepared.site, &*prepared.theme);
        let urls = Urls::new(&site.config);
        let css_url = match theme.file("static/style.css") {
            Some(css) => format!(
                "{}?v={}",
                urls.asset("static/style.css"),
                &blake3::hash(&css.bytes).to_hex()[..8]
            ),
            None => urls.asset("static/style.css"),
        };
        let listing_order = listing_order(site, options.today);
        let term_index = listed_by_term(site, options.today);
        Renderer {
            share: &prepared.share,
            listed: site.listed_languages(),
            site,
            theme,
            ui: &prepared.ui,
            tera: &engine.tera,
            options,
            urls,
            css_url,
            term_index,
            listing_order,
            slug_index: site
                .advisories
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.as_str(), i))
                .collect(),
            covered: prepared.posters.iter().map(|_| OnceLock::new()).collect(),
            posters: &prepared.posters,
        }
    }

    /// The posters of advisory `index` that can be made (the fonts cover their text).
    fn printable_posters(&self, index: usize) -> Vec<&PosterJob> {
        self.posters
            .iter()
            .enumerate()
            .filter(|(_, job)| job.advisory == index)
            .filter(|(i, job)| {
                *self.covered[*i].get_or_init(|| {
                    check_poster_coverage(self.site, self.ui, self.theme.fonts(), &self.urls, job)
                        .is_ok()
                })
            })
            .map(|(_, job)| job)
            .collect()
    }

    fn localizer(&self, lang: &'a Language) -> Localizer<'a> {
        Localizer {
            site: self.site,
            ui: self.ui,
            lang,
        }
    }

    fn render_all(
        &self,
        cache: Option<&dyn PageCache>,
        sink: &dyn Sink,
    ) -> Result<RenderSummary, Vec<Diagnostic>> {
        let pages: Vec<(PageKind, &Language)> = page_plan(self.site)
            .into_iter()
            .filter_map(|(page, tag)| Some((page, self.site.config.language(&tag)?)))
            .collect();
        let (bodies, reused) = match cache {
            Some(cache) => self.render_reusing(&pages, cache, sink)?,
            None => (self.render_planned(&pages, None, sink)?, 0),
        };
        let manifest = usize::from(cache.is_some());
        let files = self.write_static(sink)? + self.write_syndication(&bodies, sink)? + manifest;
        Ok(RenderSummary {
            pages: pages.len(),
            reused,
            files,
        })
    }

    /// Writes `pages`, reusing those `cache` holds for their keys, and the pages manifest;
    /// returns the Markdown bodies the feeds and the rendered pages need, and how many pages
    /// were reused.
    fn render_reusing(
        &self,
        pages: &[(PageKind, &'a Language)],
        cache: &dyn PageCache,
        sink: &dyn Sink,
    ) -> Result<(Bodies<'a>, usize), Vec<Diagnostic>> {
        let reuse = Reuse::new(self.page_keys(), cache);
        let to_render = self.restore(pages, &reuse, sink)?;
        let mut bodies = self.render_planned(&to_render, Some(&reuse), sink)?;
        let rendered: HashSet<usize> = bodies.keys().map(|(index, _)| *index).collect();
        let fed: HashSet<usize> = feeds::listed(self.site)
            .map(|(index, _)| index)
            .filter(|index| !rendered.contains(index))
            .collect();
        bodies.extend(self.render_bodies(Some(&fed)));
        let manifest = serde_json::to_vec(&reuse.into_manifest())
            .map_err(|err| vec![write_error(PAGES_MANIFEST, &std::io::Error::other(err))])?;
        sink.write(PAGES_MANIFEST, &manifest)
            .map_err(|err| vec![write_error(PAGES_MANIFEST, &err)])?;
        Ok((bodies, pages.len() - to_render.len()))
    }

    /// Writes the files of the pages `reuse` holds for their keys; returns the other pages.
    fn restore(
        &self,
        pages: &[(PageKind, &'a Language)],
        reuse: &Reuse,
        sink: &dyn Sink,
    ) -> Result<Vec<(PageKind, &'a Language)>, Vec<Diagnostic>> {
        let restored: Vec<Result<bool, Diagnostic>> = pages
            .par_iter()
            .map(|(page, lang)| reuse.restore(&self.urls.output_file(page, lang), sink))
            .collect();
        let mut to_render = Vec::new();
        let mut errors = Vec::new();
        for (page, restored) in pages.iter().zip(restored) {
            match restored {
                Ok(true) => {}
                Ok(false) => to_render.push(page.clone()),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(to_render)
        } else {
            Err(errors)
        }
    }

    /// Renders the given pages in parallel (recording their files' digests with `reuse`);
    /// returns the Markdown bodies it rendered.
    fn render_planned(
        &self,
        pages: &[(PageKind, &'a Language)],
        reuse: Option<&Reuse>,
        sink: &dyn Sink,
    ) -> Result<Bodies<'a>, Vec<Diagnostic>> {
        let advisories: HashSet<usize> = pages
            .iter()
            .filter_map(|(page, _)| match page {
                PageKind::Advisory(slug) => self.slug_index.get(slug.as_str()).copied(),
                _ => None,
            })
            .collect();
        let whole_site = advisories.len() == self.site.advisories.len();
        let bodies = self.render_bodies((!whole_site).then_some(&advisories));
        let listings = pages
            .iter()
            .any(|(page, _)| matches!(page.listing().0, PageKind::Home | PageKind::Term(..)));
        let languages: BTreeMap<&str, LanguageData> = self
            .site
            .config
            .languages
            .par_iter()
            .map(|l| (l.tag.as_str(), self.language_data(l, listings)))
            .collect();
        let results: Vec<Result<(), Diagnostic>> = pages
            .par_iter()
            .map(|(page, lang)| {
                let data = &languages[lang.tag.as_str()];
                let write = |sink: &dyn Sink| self.write_page(page, lang, data, &bodies, sink);
                match reuse {
                    Some(reuse) => reuse.record(&self.urls.output_file(page, lang), sink, write),
                    None => write(sink),
                }
            })
            .collect();
        let mut diagnostics: Vec<Diagnostic> =
            results.into_iter().filter_map(Result::err).collect();
        diagnostics
            .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        diagnostics.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.message == b.message);
        if diagnostics.is_empty() {
            Ok(bodies)
        } else {
            Err(diagnostics)
        }
    }

    /// Renders a page and writes its files: its HTML, and an advisory's `share/` texts.
    fn write_page(
        &self,
        page: &PageKind,
        lang: &'a Language,
        data: &LanguageData,
        bodies: &Bodies<'a>,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let html = self.render_page(page, lang, data, bodies)?;
        let path = self.urls.output_file(page, lang);
        sink.write(&path, html.as_bytes())
            .map_err(|err| write_error(&path, &err))?;
        let PageKind::Advisory(slug) = page else {
            return Ok(());
        };
        let advisory = &self.site.advisories[self.slug_index[slug.as_str()]];
        let templates = share::EmailTemplates {
            tera: self.tera,
            theme: self.theme,
            strings: &data.strings,
        };
        share::write_share(
            advisory,
            &self.urls,
            &self.localizer(lang),
            &templates,
            sink,
        )
    }

    /// Writes the feeds, CAP alerts, sitemap and robots.txt; returns how many files.
    fn write_syndication(
        &self,
        bodies: &Bodies<'a>,
        sink: &dyn Sink,
    ) -> Result<usize, Vec<Diagnostic>> {
        let s = syndication::Syndication {
            site: self.site,
            urls: &self.urls,
            ui: self.ui,
            bodies,
            today: self.options.today,
        };
        let written = [
            feeds::write_feeds,
            cap::write_alerts,
            sitemap::write_sitemap,
        ]
        .iter()
        .map(|write| write(&s, sink))
        .collect::<Result<Vec<usize>, Diagnostic>>()
        .map_err(|d| vec![d])?;
        let screens = if self.site.config.share.screens() {
            screens::write_screens(&s, self.share, sink).map_err(|d| vec![d])?
        } else {
            0
        };
        Ok(written.into_iter().sum::<usize>() + screens)
    }

    /// Copies the theme's `static/` folder to `static/`.
    fn write_static(&self, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let mut count = 0;
        for (rel, file) in self.theme.files_under("static") {
            let path = format!("static/{rel}");
            sink.write(&path, &file.bytes)
                .map_err(|err| vec![write_error(&path, &err)])?;
            count += 1;
        }
        Ok(count)
    }
}

fn write_error(path: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(path),
        Position::default(),
        format!("cannot write the output file: {err}"),
    )
    .with_hint("check the free disk space and the permissions of the output folder")
}
