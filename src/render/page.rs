//! One page's Tera context and its render: the listing, term, taxonomy, search and advisory
//! pages' values, pagination, the language switcher and alternates, and an advisory's JSON-LD.

use std::collections::HashMap;

use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::i18n::Language;
use crate::markdown::RenderedMarkdown;
use crate::model::{Advisory, TaxonomyKind};
use crate::plan::page_count;
use crate::plan::share::card_for;
use crate::plan::urls::PageKind;
use crate::views::{self, Body, Localizer, TaxonomyView, TermView};

use super::context::{AdvisoryView, Alternate, PageView, PaginationView, SearchView, SwitcherItem};
use super::{LanguageData, Renderer, meta, posters, share, templates};

/// What a page's own values give its head.
struct Heading<'a> {
    title: String,
    description: String,
    /// "Page 2 of 5" on a listing's page (empty on other pages).
    page_of: String,
    /// The advisory an advisory page shows.
    advisory: Option<&'a Advisory>,
}

impl<'a> Renderer<'a> {
    pub(super) fn render_page(
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
        cx.insert_value("t", data.strings.clone());
        let heading = self.insert_page_values(&mut cx, page, lang, data, bodies);
        let title = if page.listing().1 > 1 {
            format!("{} ({})", heading.title, heading.page_of)
        } else {
            heading.title
        };
        let description = heading.description;
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
                heading.advisory,
                card_for(self.share, page, &lang.tag),
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

    /// Puts what the page's kind shows into the context (`advisories` and `pagination` of a
    /// listing, `advisory`, `taxonomy`, `term`, `search`); returns its title and description.
    fn insert_page_values(
        &self,
        cx: &mut Context,
        page: &PageKind,
        lang: &'a Language,
        data: &LanguageData,
        bodies: &HashMap<(usize, &'a str), RenderedMarkdown>,
    ) -> Heading<'a> {
        let l = self.localizer(lang);
        let (listing, number) = page.listing();
        let mut page_of = String::new();
        let mut advisory_of: Option<&Advisory> = None;
        let (title, description) = match listing {
            PageKind::Home => {
                let cards = self.listing_order.iter().map(|i| &data.cards[*i]);
                page_of = self.insert_cards(cx, listing, number, lang, cards);
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
                let cards = self
                    .term_index
                    .get(&(*kind, id.as_str()))
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|i| &data.cards[*i]);
                page_of = self.insert_cards(cx, listing, number, lang, cards);
                self.insert_term(cx, data, *kind, id)
            }
            PageKind::NotFound => (l.t("not_found_title"), l.t("not_found_text")),
            PageKind::Page(..) => unreachable!("a page of a listing renders as the listing"),
            PageKind::Search => {
                self.insert_search(cx);
                (l.t("search_title"), l.t("search_intro"))
            }
        };
        Heading {
            title,
            description,
            page_of,
            advisory: advisory_of,
        }
    }

    /// Puts a term page's `taxonomy` (without its terms) and `term` into the context; returns
    /// the page's title and description.
    fn insert_term(
        &self,
        cx: &mut Context,
        data: &LanguageData,
        kind: TaxonomyKind,
        id: &str,
    ) -> (String, String) {
        let taxonomy = &data.taxonomies[taxonomy_position(kind)];
        // By index (the views follow the taxonomy's order), not by a scan per page.
        let term = self
            .site
            .taxonomies
            .terms
            .get(&kind)
            .and_then(|terms| terms.get_index_of(id))
            .and_then(|i| taxonomy.terms.get(i))
            .filter(|t| t.id == *id)
            .expect("planned from the taxonomy");
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

    /// Puts the search page's `search` (the search bundle's files) into the context.
    fn insert_search(&self, cx: &mut Context) {
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
            card_for(self.share, &page, &l.lang.tag).map(|j| meta::image_meta(j, &self.urls));
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
    pub(super) fn term_view(
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
}

fn taxonomy_position(kind: TaxonomyKind) -> usize {
    TaxonomyKind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is listed")
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
