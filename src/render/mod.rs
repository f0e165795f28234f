//! Rendering: the `Site` model → every page of the site in every language (Tera templates of the
//! theme), the theme's static files, and the machine-readable outputs written from the model
//! (feeds, CAP alerts, sitemap: `feeds`, `cap`, `sitemap`), handed to a `Sink`.
//!
//! Rendering never reads files: the theme arrives in memory and output goes to the sink (a
//! directory for `build`, nothing for `check`). Listings are computed once per language and
//! pages are rendered in parallel, so no page costs work proportional to the whole site.

pub mod cap;
mod eml;
pub mod feeds;
mod meta;
mod posters;
pub mod screens;
pub mod share;
pub mod sitemap;
pub mod syndication;
mod templates;
pub(crate) mod xml;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::{Direction, Language, UiStrings};
use crate::markdown::{AlertLabels, MarkdownOptions, RenderedMarkdown, render_markdown};
use crate::model::{Advisory, Site, TaxonomyKind, Translation};
use crate::output::Sink;
use crate::plan::posters::{PosterJob, plan_posters};
use crate::plan::share::{ShareJob, card_for, plan_share};
use crate::plan::urls::{PageKind, Urls};
use crate::plan::{listed_by_term, listing_order, page_count, page_plan};
use crate::poster::{FontSet, check_poster_coverage};
use crate::theme::Theme;
use crate::views::{self, Body, Localizer, TaxonomyView, TermView};

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

/// A theme made ready to render: its templates compiled, its UI strings parsed and its poster
/// fonts read, once.
pub struct Engine {
    ui: UiStrings,
    tera: Tera,
    /// The poster fonts, to link only the posters they can print.
    fonts: FontSet,
}

impl Engine {
    /// Compiles the theme's templates and parses its UI strings for the site's languages.
    pub fn new(site: &Site, theme: &Theme) -> Result<Engine, Vec<Diagnostic>> {
        Ok(Engine {
            ui: load_ui_strings(site, theme)?,
            tera: templates::compile(theme)?,
            fonts: FontSet::from_theme(theme),
        })
    }

    /// The theme's UI strings for the site's languages.
    pub fn ui(&self) -> &UiStrings {
        &self.ui
    }

    fn renderer<'a>(
        &'a self,
        site: &'a Site,
        theme: &'a Theme,
        options: RenderOptions,
    ) -> Renderer<'a> {
        Renderer::new(site, theme, self, options)
    }
}

/// Renders the whole site into `sink`.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let engine = Engine::new(site, theme)?;
    engine.renderer(site, theme, options).render_all(sink)
}

/// Renders only `pages` (the live preview re-renders what an edit touched); returns how many.
pub fn render_pages(
    engine: &Engine,
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    pages: &[(PageKind, String)],
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = engine.renderer(site, theme, options);
    let planned: Vec<(PageKind, &Language)> = pages
        .iter()
        .filter_map(|(page, tag)| Some((page.clone(), site.config.language(tag)?)))
        .collect();
    renderer.render_planned(&planned, sink)?;
    Ok(planned.len())
}

/// Renders what is not a page: static assets, feeds, CAP alerts, sitemap; returns how many files.
pub fn render_extras(
    engine: &Engine,
    site: &Site,
    theme: &Theme,
    options: RenderOptions,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = engine.renderer(site, theme, options);
    let bodies = renderer.render_bodies(None);
    Ok(renderer.write_static(sink)? + renderer.write_syndication(&bodies, sink)?)
}

/// Parses and checks the theme's UI strings for the site's languages and every language of
/// their fallback chains (a site in `fr-CA` uses the theme's `fr.yaml`).
pub fn load_ui_strings(site: &Site, theme: &Theme) -> Result<UiStrings, Vec<Diagnostic>> {
    let default = site.config.default_language.as_str();
    let mut tags: Vec<&str> = Vec::new();
    for language in &site.config.languages {
        for tag in crate::i18n::fallback_chain(&language.tag, default) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let files: Vec<(&str, &Path, String)> = tags
        .into_iter()
        .filter_map(|tag| {
            let file = theme.file(&format!("i18n/{tag}.yaml"))?;
            Some((
                tag,
                file.origin.as_path(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            ))
        })
        .collect();
    UiStrings::load(default, files.iter().map(|(l, p, t)| (*l, *p, t.as_str())))
}

/// Everything shared by the pages of one language, computed once.
struct LanguageData {
    shared: Vec<(&'static str, Value)>,
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
    posters: Vec<PosterJob>,
    /// The poster fonts.
    fonts: &'a FontSet,
    /// Whether the fonts cover each poster's text, worked out when a page first links it.
    covered: Vec<OnceLock<bool>>,
    /// The languages the switcher lists (`Site::listed_languages`).
    listed: Vec<&'a Language>,
    /// The share cards and slides the build makes, for `og:image` and the screen feeds.
    share: Vec<ShareJob>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, engine: &'a Engine, options: RenderOptions) -> Self {
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
        let posters = plan_posters(site, theme);
        Renderer {
            share: plan_share(site, &engine.ui, theme),
            listed: site.listed_languages(),
            site,
            theme,
            ui: &engine.ui,
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
            covered: posters.iter().map(|_| OnceLock::new()).collect(),
            posters,
            fonts: &engine.fonts,
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
                    check_poster_coverage(self.site, self.ui, self.fonts, &self.urls, job).is_ok()
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

    fn render_all(&self, sink: &dyn Sink) -> Result<RenderSummary, Vec<Diagnostic>> {
        let pages: Vec<(PageKind, &Language)> = page_plan(self.site)
            .into_iter()
            .filter_map(|(page, tag)| Some((page, self.site.config.language(&tag)?)))
            .collect();
        let bodies = self.render_planned(&pages, sink)?;
        let files = self.write_static(sink)? + self.write_syndication(&bodies, sink)?;
        Ok(RenderSummary {
            pages: pages.len(),
            files,
        })
    }

    /// Renders the given pages in parallel; returns the Markdown bodies it rendered.
    fn render_planned(
        &self,
        pages: &[(PageKind, &'a Language)],
        sink: &dyn Sink,
    ) -> Result<HashMap<(usize, &'a str), RenderedMarkdown>, Vec<Diagnostic>> {
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
                let html = self.render_page(page, lang, &languages[lang.tag.as_str()], &bodies)?;
                let path = self.urls.output_file(page, lang);
                sink.write(&path, html.as_bytes())
                    .map_err(|err| write_error(&path, &err))?;
                match page {
                    PageKind::Advisory(slug) => {
                        let advisory = &self.site.advisories[self.slug_index[slug.as_str()]];
                        let l = self.localizer(lang);
                        share::write_share(advisory, &self.urls, &l, (self.tera, self.theme), sink)
                    }
                    _ => Ok(()),
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

    /// The Markdown body of every advisory text, rendered once, keyed by (advisory, language).
    fn render_bodies(
        &self,
        only: Option<&HashSet<usize>>,
    ) -> HashMap<(usize, &'a str), RenderedMarkdown> {
        let jobs: Vec<(usize, &'a str, Cow<'a, str>)> = self
            .site
            .advisories
            .iter()
            .enumerate()
            .filter(|(i, _)| only.is_none_or(|set| set.contains(i)))
            .flat_map(|(i, a)| {
                a.texts
                    .values()
                    .filter(|t| !t.body.trim().is_empty())
                    .map(move |t| (i, t.lang.as_str(), self.marked_body(a, t)))
            })
            .collect();
        jobs.into_par_iter()
            .map(|(i, lang, body)| {
                let labels = AlertLabels {
                    note: self.ui.text(lang, "alert_note").to_owned(),
                    tip: self.ui.text(lang, "alert_tip").to_owned(),
                    important: self.ui.text(lang, "alert_important").to_owned(),
                    warning: self.ui.text(lang, "alert_warning").to_owned(),
                    caution: self.ui.text(lang, "alert_caution").to_owned(),
                };
                let options = MarkdownOptions {
                    alert_labels: &labels,
                    reserved_ids: RESERVED_IDS,
                    heading_offset: 1,
                };
                ((i, lang), render_markdown(&body, &options))
            })
            .collect()
    }

    /// A text's body, its untranslated blocks (the source's text) marked with the source's
    /// language and direction.
    fn marked_body(&self, advisory: &'a Advisory, t: &'a Translation) -> Cow<'a, str> {
        if t.skipped.body.is_empty() {
            return Cow::Borrowed(&t.body);
        }
        let source = &advisory.source().lang;
        let dir = self
            .site
            .config
            .language(source)
            .map_or(Direction::Ltr, |l| l.dir);
        let dir = if dir == Direction::Rtl { "rtl" } else { "ltr" };
        Cow::Owned(crate::blocks::mark_untranslated(
            &t.body,
            &t.skipped.body,
            source,
            dir,
        ))
    }

    fn language_data(&self, lang: &'a Language, with_cards: bool) -> LanguageData {
        let l = self.localizer(lang);
        let title = l.localized(&self.site.config.title).text;
        let home_url = self.urls.url(&PageKind::Home, lang);
        let listed = self.listed.contains(&lang);
        let mut nav = vec![NavItem {
            label: l.t("home"),
            url: home_url.clone(),
            current: false,
        }];
        nav.extend(TaxonomyKind::ALL.iter().map(|k| NavItem {
            label: l.taxonomy_label(*k),
            url: self.urls.url(&PageKind::Taxonomy(*k), lang),
            current: false,
        }));
        let shared = vec![
            (
                "site",
                Value::from_serializable(&SiteView {
                    title,
                    base_url: &self.site.config.base_url,
                    default_language: &self.site.config.default_language,
                }),
            ),
            (
                "lang",
                Value::from_serializable(&LangView {
                    tag: &lang.tag,
                    name: &lang.name,
                    dir: lang.dir,
                    home_url,
                    search_url: self
                        .site
                        .config
                        .search
                        .then(|| self.urls.url(&PageKind::Search, lang)),
                    feed_url: listed.then(|| {
                        self.urls
                            .asset(&self.urls.language_file(lang, feeds::ATOM_FILE))
                    }),
                    json_feed_url: listed.then(|| {
                        self.urls
                            .asset(&self.urls.language_file(lang, feeds::JSON_FILE))
                    }),
                    incomplete_notice: (!listed).then(|| {
                        let name = l.language_name(&lang.tag);
                        let key = "notice_incomplete_language";
                        self.ui.format(&lang.tag, key, &[("language", &name)])
                    }),
                }),
            ),
            (
                "t",
                Value::from_serializable(&self.ui.template_strings(&lang.tag)),
            ),
            (
                "assets",
                Value::from_serializable(&Assets { css: &self.css_url }),
            ),
            ("nav", Value::from_serializable(&nav)),
        ];
        let cards = self
            .site
            .advisories
            .iter()
            .filter(|_| with_cards)
            .map(|a| {
                Value::from_serializable(&l.card(
                    a,
                    self.urls.url(&PageKind::Advisory(a.slug.clone()), lang),
                    self.options.today,
                ))
            })
            .collect();
        let taxonomies = TaxonomyKind::ALL
            .iter()
            .map(|kind| TaxonomyView {
                kind: kind.key(),
                label: l.taxonomy_label(*kind),
                url: self.urls.url(&PageKind::Taxonomy(*kind), lang),
                terms: self
                    .site
                    .taxonomies
                    .of(*kind)
                    .map(|(id, label)| self.term_view(&l, *kind, id, label))
                    .collect(),
            })
            .collect();
        LanguageData {
            shared,
            cards,
            taxonomies,
        }
    }

    fn render_page(
        &self,
        page: &PageKind,
        lang: &'a Language,
        data: &LanguageData,
        bodies: &HashMap<(usize, &'a str), RenderedMarkdown>,
    ) -> Result<String, Diagnostic> {
        let l = self.localizer(lang);
        let mut cx = Context::new();
        for (key, value) in &data.shared {
            cx.insert_value(*key, value.clone());
        }
        let (listing, number) = page.listing();
        let mut page_of = String::new();
        let mut advisory_of: Option<&Advisory> = None;
        let (title, description) = match listing {
            PageKind::Home => {
                let cards = self.listing_order.iter().map(|i| &data.cards[*i]);
                page_of = self.insert_cards(&mut cx, listing, number, lang, cards);
                cx.insert(
                    "count_label",
                    &self
                        .ui
                        .plural(&lang.tag, "advisory_count", data.cards.len()),
                );
                cx.insert("taxonomies", &data.taxonomies);
                (l.localized(&self.site.config.title).text, l.t("home_intro"))
            }
            PageKind::Advisory(slug) => {
                let index = self.slug_index[slug.as_str()];
                let advisory = &self.site.advisories[index];
                advisory_of = Some(advisory);
                let view = self.advisory_view(advisory, index, &l, bodies);
                let result = (view.title.text.clone(), view.summary.text.clone());
                cx.insert("advisory", &view);
                result
            }
            PageKind::Taxonomy(kind) => {
                let taxonomy = &data.taxonomies[taxonomy_position(*kind)];
                cx.insert("taxonomy", taxonomy);
                (taxonomy.label.clone(), taxonomy.label.clone())
            }
            PageKind::Term(kind, id) => {
                let taxonomy = &data.taxonomies[taxonomy_position(*kind)];
                // By index (the views follow the taxonomy's order), not by a scan per page.
                let term = self
                    .site
                    .taxonomies
                    .terms
                    .get(kind)
                    .and_then(|terms| terms.get_index_of(id.as_str()))
                    .and_then(|i| taxonomy.terms.get(i))
                    .filter(|t| t.id == *id)
                    .expect("planned from the taxonomy");
                let cards = self
                    .term_index
                    .get(&(*kind, id.as_str()))
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|i| &data.cards[*i]);
                page_of = self.insert_cards(&mut cx, listing, number, lang, cards);
                // Without its terms, and without cloning them first: a term page per term that
                // copied every term made a large taxonomy quadratic.
                cx.insert(
                    "taxonomy",
                    &TaxonomyView {
                        kind: taxonomy.kind,
                        label: taxonomy.label.clone(),
                        url: taxonomy.url.clone(),
                        terms: Vec::new(),
                    },
                );
                cx.insert("term", term);
                (
                    term.label.text.clone(),
                    format!("{}: {}", taxonomy.label, term.label.text),
                )
            }
            PageKind::NotFound => (l.t("not_found_title"), l.t("not_found_text")),
            PageKind::Page(..) => unreachable!("a page of a listing renders as the listing"),
            PageKind::Search => {
                let bundle = self.urls.asset(crate::plan::urls::BUNDLE_DIR);
                cx.insert(
                    "search",
                    &SearchView {
                        ui_js: format!("{bundle}{}", crate::plan::urls::BUNDLE_UI[0]),
                        ui_css: format!("{bundle}{}", crate::plan::urls::BUNDLE_UI[1]),
                        init_js: self.urls.asset("static/search.js"),
                        bundle,
                    },
                );
                (l.t("search_title"), l.t("search_intro"))
            }
        };
        let title = if number > 1 {
            format!("{title} ({page_of})")
        } else {
            title
        };
        let canonical = self.urls.absolute(page, lang);
        cx.insert(
            "meta",
            &meta::meta_view(
                meta::PageMeta {
                    title: title.clone(),
                    description: description.clone(),
                    url: canonical.clone(),
                    lang,
                    site_name: l.localized(&self.site.config.title).text,
                },
                &self.listed,
                advisory_of,
                card_for(&self.share, page, &lang.tag),
                &self.urls,
            ),
        );
        cx.insert(
            "page",
            &PageView {
                kind: page.name(),
                url: self.urls.url(page, lang),
                canonical,
                title,
                description,
            },
        );
        self.insert_languages(&mut cx, page, lang);
        self.tera
            .render(page.template(), &cx)
            .map_err(|err| templates::diagnostic(self.theme, page.template(), &err))
    }

    /// Puts page `number` of a listing's `cards` into the context: `advisories` (that page's
    /// cards) and `pagination`; returns "Page 2 of 5".
    fn insert_cards<'c>(
        &self,
        cx: &mut Context,
        listing: &PageKind,
        number: usize,
        lang: &Language,
        cards: impl ExactSizeIterator<Item = &'c Value>,
    ) -> String {
        let per_page = self.site.config.paginate_by;
        let total = page_count(self.site, cards.len());
        let url = |n: usize| {
            (1..=total)
                .contains(&n)
                .then(|| self.urls.url(&listing.page(n), lang))
        };
        let shown: Vec<Value> = cards
            .skip((number - 1) * per_page)
            .take(per_page)
            .cloned()
            .collect();
        cx.insert_value("advisories", Value::from(shown));
        let (number_text, total_text) = (number.to_string(), total.to_string());
        let label = self.ui.format(
            &lang.tag,
            "page_of",
            &[("number", &number_text), ("total", &total_text)],
        );
        cx.insert(
            "pagination",
            &PaginationView {
                number,
                total,
                previous_url: url(number - 1),
                next_url: url(number + 1),
                label: label.clone(),
            },
        );
        label
    }

    /// The language switcher and hreflang alternates of a page.
    fn insert_languages(&self, cx: &mut Context, page: &PageKind, current: &Language) {
        let target = |_: &Language| {
            if *page == PageKind::NotFound {
                PageKind::Home
            } else {
                page.clone()
            }
        };
        let shown = |l: &&Language| l.tag == current.tag || self.listed.contains(l);
        let switcher: Vec<SwitcherItem> = self
            .site
            .config
            .languages
            .iter()
            .filter(shown)
            .map(|l| SwitcherItem {
                tag: &l.tag,
                name: &l.name,
                dir: l.dir,
                url: self.urls.url(&target(l), l),
                current: l == current,
            })
            .collect();
        let mut alternates: Vec<Alternate> = self
            .site
            .config
            .languages
            .iter()
            .filter(shown)
            .map(|l| Alternate {
                hreflang: l.tag.clone(),
                href: self.urls.absolute(page, l),
            })
            .collect();
        let default = &self.site.config.languages[0];
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: self.urls.absolute(page, default),
        });
        cx.insert("languages", &switcher);
        cx.insert("alternates", &alternates);
    }

    fn advisory_view(
        &self,
        advisory: &'a Advisory,
        index: usize,
        l: &Localizer<'a>,
        bodies: &HashMap<(usize, &'a str), RenderedMarkdown>,
    ) -> AdvisoryView {
        let lang = l.lang.tag.as_str();
        let body_lang = advisory.body_language(lang).unwrap_or(lang);
        let body = bodies.get(&(index, body_lang));
        let (emergency, contacts) = l.contacts(advisory);
        let title = l.field(advisory, |t| t.title.as_ref());
        let summary = l.field(advisory, |t| t.summary.as_ref());
        let url = self
            .urls
            .absolute(&PageKind::Advisory(advisory.slug.clone()), l.lang);
        let page = PageKind::Advisory(advisory.slug.clone());
        let image =
            card_for(&self.share, &page, &l.lang.tag).map(|j| meta::image_meta(j, &self.urls));
        let json_ld = json_ld(advisory, (&title, &summary), &url, image.as_ref(), l);
        AdvisoryView {
            slug: advisory.slug.clone(),
            url: self
                .urls
                .url(&PageKind::Advisory(advisory.slug.clone()), l.lang),
            severity: l.severity(advisory.severity),
            published: l.date(advisory.date),
            updated: advisory.updated.map(|d| l.date(d)),
            expires: advisory.expires.map(|d| l.date(d)),
            notices: l.notices(advisory, self.options.today),
            red_flags: l.list(advisory, "red_flags"),
            prevention: l.list(advisory, "prevention"),
            if_targeted: l.list(advisory, "if_targeted"),
            body: Body {
                html: body.map(|b| b.html.clone()).unwrap_or_default(),
                lang: body_lang.to_owned(),
                dir: self
                    .site
                    .config
                    .language(body_lang)
                    .map_or(l.lang.dir, |x| x.dir),
                fallback: body_lang != lang,
            },
            emergency,
            contacts,
            sources: l.sources(advisory),
            taxonomies: self.advisory_terms(advisory, l),
            posters: posters::poster_links(self.printable_posters(index), &self.urls, l),
            share: share::panel(advisory, &self.urls, l),
            json_ld,
            title,
            summary,
        }
    }

    fn advisory_terms(&self, advisory: &Advisory, l: &Localizer<'a>) -> Vec<TaxonomyView> {
        advisory
            .terms
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(kind, ids)| TaxonomyView {
                kind: kind.key(),
                label: l.taxonomy_label(*kind),
                url: self.urls.url(&PageKind::Taxonomy(*kind), l.lang),
                terms: ids
                    .iter()
                    .filter_map(|id| {
                        let label = self.site.taxonomies.label(*kind, id)?;
                        Some(self.term_view(l, *kind, id, label))
                    })
                    .collect(),
            })
            .collect()
    }

    /// A term with its count, as every page that shows it shows it.
    fn term_view(
        &self,
        l: &Localizer<'a>,
        kind: TaxonomyKind,
        id: &str,
        label: &crate::model::Localized,
    ) -> TermView {
        let count = self.term_index.get(&(kind, id)).map_or(0, Vec::len);
        let url = self.urls.url(&PageKind::Term(kind, id.to_owned()), l.lang);
        l.term(id, label, url, count)
    }

    /// Writes the feeds, CAP alerts, sitemap and robots.txt; returns how many files.
    fn write_syndication(
        &self,
        bodies: &HashMap<(usize, &'a str), RenderedMarkdown>,
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
            screens::write_screens(&s, &self.share, sink).map_err(|d| vec![d])?
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

fn taxonomy_position(kind: TaxonomyKind) -> usize {
    TaxonomyKind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is listed")
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

/// The advisory's JSON-LD `Article`, safe to embed in a `<script>` element.
fn json_ld(
    advisory: &Advisory,
    (title, summary): (&views::Text, &views::Text),
    url: &str,
    image: Option<&meta::ImageMeta>,
    l: &Localizer,
) -> String {
    let contacts: Vec<serde_json::Value> = advisory
        .contacts
        .iter()
        .map(|c| {
            serde_json::json!({
                "@type": "Organization",
                "name": l.localized(&c.name).text,
                "contactPoint": {
                    "@type": "ContactPoint",
                    "telephone": c.phone.tel.trim_start_matches("tel:"),
                    "contactType": l.t(&format!("kind_{}", c.kind.id().replace('-', "_"))),
                }
            })
        })
        .collect();
    let publisher = serde_json::json!({
        "@type": "Organization",
        "name": l.localized(&l.site.config.title).text,
        "url": l.site.config.base_url,
    });
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title.text,
        "description": summary.text,
        "inLanguage": title.lang,
        "datePublished": advisory.date.to_string(),
        "dateModified": advisory.last_modified().to_string(),
        "url": url,
        "publisher": publisher,
        "mentions": contacts,
    });
    if let Some(image) = image {
        value["image"] = serde_json::json!({
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
            "caption": image.alt,
        });
    }
    serde_json::to_string(&value)
        .expect("JSON-LD serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    base_url: &'a str,
    default_language: &'a str,
}

#[derive(Serialize)]
struct LangView<'a> {
    tag: &'a str,
    name: &'a str,
    dir: crate::i18n::Direction,
    home_url: String,
    search_url: Option<String>,
    /// `None` for a language below its `min_coverage`: it has no feeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    json_feed_url: Option<String>,
    /// For a language below its `min_coverage`: every page says its translation is incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete_notice: Option<String>,
}

#[derive(Serialize)]
struct Assets<'a> {
    css: &'a str,
}

#[derive(Serialize)]
struct SearchView {
    bundle: String,
    ui_js: String,
    ui_css: String,
    init_js: String,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct SwitcherItem<'a> {
    tag: &'a str,
    name: &'a str,
    dir: crate::i18n::Direction,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// Where a page of a listing is among the listing's pages.
#[derive(Serialize)]
struct PaginationView {
    number: usize,
    total: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    /// "Page 2 of 5".
    label: String,
}

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    url: String,
    canonical: String,
    title: String,
    description: String,
}

#[derive(Serialize)]
struct AdvisoryView {
    slug: String,
    url: String,
    title: views::Text,
    summary: views::Text,
    severity: views::SeverityView,
    published: views::DateView,
    updated: Option<views::DateView>,
    expires: Option<views::DateView>,
    notices: Vec<views::Notice>,
    red_flags: views::List,
    prevention: views::List,
    if_targeted: views::List,
    body: Body,
    emergency: Vec<views::ContactView>,
    contacts: Vec<views::ContactView>,
    sources: Vec<views::SourceView>,
    taxonomies: Vec<TaxonomyView>,
    posters: Vec<posters::PosterLink>,
    share: Option<share::SharePanel>,
    json_ld: String,
}
