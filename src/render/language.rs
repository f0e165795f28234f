//! What every page of one language shares, computed once per language: the site, language,
//! UI strings, assets and navigation values of the template context, the advisory cards of the
//! listings and the taxonomy views.

use tera::Value;

use crate::i18n::Language;
use crate::model::TaxonomyKind;
use crate::plan::urls::PageKind;
use crate::views::{Localizer, TaxonomyView};

use super::context::{Assets, LangView, NavItem, SiteView};
use super::{LanguageData, Renderer, feeds};

impl<'a> Renderer<'a> {
    pub(super) fn language_data(&self, lang: &'a Language, with_cards: bool) -> LanguageData {
        let l = self.localizer(lang);
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
        LanguageData {
            shared: self.shared_values(lang, &l),
            strings: Value::from_serializable(&self.ui.template_strings(&lang.tag)),
            cards,
            taxonomies: self.taxonomy_views(lang, &l),
        }
    }

    /// The values of every page's context but `t`: `site`, `lang`, `assets`, `nav`.
    fn shared_values(&self, lang: &'a Language, l: &Localizer) -> Vec<(&'static str, Value)> {
        let title = l.localized(&self.site.config.title).text;
        let home_url = self.urls.url(&PageKind::Home, lang);
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
        vec![
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
                Value::from_serializable(&self.lang_view(lang, l, home_url)),
            ),
            (
                "assets",
                Value::from_serializable(&Assets { css: &self.css_url }),
            ),
            ("nav", Value::from_serializable(&nav)),
        ]
    }

    /// The `lang` value: the language, its home and search pages, and its feeds (or, for a
    /// language not listed, the notice that its translation is incomplete).
    fn lang_view<'l>(&self, lang: &'l Language, l: &Localizer, home_url: String) -> LangView<'l> {
        let listed = self.listed.contains(&lang);
        LangView {
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
        }
    }

    /// Each taxonomy with its terms, in the site's order.
    fn taxonomy_views(&self, lang: &'a Language, l: &Localizer) -> Vec<TaxonomyView> {
        TaxonomyKind::ALL
            .iter()
            .map(|kind| TaxonomyView {
                kind: kind.key(),
                label: l.taxonomy_label(*kind),
                url: self.urls.url(&PageKind::Taxonomy(*kind), lang),
                terms: self
                    .site
                    .taxonomies
                    .of(*kind)
                    .map(|(id, label)| self.term_view(l, *kind, id, label))
                    .collect(),
            })
            .collect()
    }
}
