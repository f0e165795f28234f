//! The shapes of the values the page templates see that are rendering's own (site, language,
//! assets, navigation, switcher, pagination, page and advisory); the values of the model they
//! carry come from `views`.

use serde::Serialize;

use crate::views::{self, Body, TaxonomyView};

use super::{posters, share};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: String,
    pub(super) base_url: &'a str,
    pub(super) default_language: &'a str,
}

#[derive(Serialize)]
pub(super) struct LangView<'a> {
    pub(super) tag: &'a str,
    pub(super) name: &'a str,
    pub(super) dir: crate::i18n::Direction,
    pub(super) home_url: String,
    pub(super) search_url: Option<String>,
    /// `None` for a language below its `min_coverage`: it has no feeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) feed_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) json_feed_url: Option<String>,
    /// For a language below its `min_coverage`: every page says its translation is incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) incomplete_notice: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Assets<'a> {
    pub(super) css: &'a str,
}

#[derive(Serialize)]
pub(super) struct SearchView {
    pub(super) bundle: String,
    pub(super) ui_js: String,
    pub(super) ui_css: String,
    pub(super) init_js: String,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct SwitcherItem<'a> {
    pub(super) tag: &'a str,
    pub(super) name: &'a str,
    pub(super) dir: crate::i18n::Direction,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) hreflang: String,
    pub(super) href: String,
}

/// Where a page of a listing is among the listing's pages.
#[derive(Serialize)]
pub(super) struct PaginationView {
    pub(super) number: usize,
    pub(super) total: usize,
    pub(super) previous_url: Option<String>,
    pub(super) next_url: Option<String>,
    /// "Page 2 of 5".
    pub(super) label: String,
}

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) kind: &'static str,
    pub(super) url: String,
    pub(super) canonical: String,
    pub(super) title: String,
    pub(super) description: String,
}

#[derive(Serialize)]
pub(super) struct AdvisoryView {
    pub(super) slug: String,
    pub(super) url: String,
    pub(super) title: views::Text,
    pub(super) summary: views::Text,
    pub(super) severity: views::SeverityView,
    pub(super) published: views::DateView,
    pub(super) updated: Option<views::DateView>,
    pub(super) expires: Option<views::DateView>,
    pub(super) notices: Vec<views::Notice>,
    pub(super) red_flags: views::List,
    pub(super) prevention: views::List,
    pub(super) if_targeted: views::List,
    pub(super) body: Body,
    pub(super) emergency: Vec<views::ContactView>,
    pub(super) contacts: Vec<views::ContactView>,
    pub(super) sources: Vec<views::SourceView>,
    pub(super) taxonomies: Vec<TaxonomyView>,
    pub(super) posters: Vec<posters::PosterLink>,
    pub(super) share: Option<share::SharePanel>,
    pub(super) json_ld: String,
}
