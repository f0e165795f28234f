//! Which pages a change to some advisories touches. Every page gets a digest of what it shows
//! of other advisories, hashed from the very views the templates receive (the `Card` of each
//! advisory a listing shows, the `TermView` of each term with its count and count label, the
//! page number and count, the languages listed, which the translations decide); a page whose
//! digest differs between the two versions of the site is re-rendered, as are the changed
//! advisories' own pages. Nothing is listed by hand, so a theme
//! that prints any field of those views stays up to date in the preview.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use jiff::civil::Date;
use serde::Serialize;

use super::urls::{PageKind, Urls};
use super::{listed_by_term, listing_order, page_count};
use crate::i18n::{Language, UiStrings};
use crate::model::{Site, TaxonomyKind};
use crate::views::Localizer;

/// A page in one language (its kind and the language's tag).
pub type Page = (PageKind, String);

/// The pages a change touches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Pages of the new site to render: new ones and ones that show something else now.
    pub render: Vec<Page>,
    /// Pages the old site had and the new one has not.
    pub removed: Vec<Page>,
}

/// The pages that differ between `before` and `after`, two versions of a site that differ in
/// the advisories `changed` (slugs; added, edited or deleted) only.
pub fn touched(
    before: &Site,
    after: &Site,
    changed: &BTreeSet<String>,
    ui: &UiStrings,
    today: Date,
) -> Touched {
    let old = page_digests(before, ui, today);
    let new = page_digests(after, ui, today);
    debug_assert!(
        new.keys().eq(super::page_plan(after)
            .into_iter()
            .collect::<BTreeSet<_>>()
            .iter()),
        "the digests cover the planned pages"
    );
    let render = new
        .iter()
        .filter(|(page, digest)| {
            matches!(&page.0, PageKind::Advisory(slug) if changed.contains(slug))
                || old.get(*page) != Some(*digest)
        })
        .map(|(page, _)| page.clone())
        .collect();
    let removed = old
        .keys()
        .filter(|page| !new.contains_key(*page))
        .cloned()
        .collect();
    Touched { render, removed }
}

/// Every page of `site` with a digest of what it shows of the site's advisories (beyond the
/// advisory's own page content, which its slug stands for).
pub fn page_digests(site: &Site, ui: &UiStrings, today: Date) -> BTreeMap<Page, u64> {
    let mut digests = BTreeMap::new();
    for lang in &site.config.languages {
        Digests::new(site, ui, lang, today).add_pages(&mut digests);
    }
    digests
}

/// The digests of one language's views.
struct Digests<'a> {
    site: &'a Site,
    lang: &'a Language,
    today: Date,
    /// Each advisory's card.
    cards: Vec<u64>,
    /// Each term's view, by taxonomy and id.
    terms: HashMap<(TaxonomyKind, &'a str), u64>,
    /// Each term's advisories, in listing order.
    by_term: HashMap<(TaxonomyKind, &'a str), Vec<usize>>,
    /// The home page's count label ("12 advisories").
    count_label: String,
    /// The languages listed (switcher, alternates), which the advisories' translations decide
    /// (`min_coverage`): part of every page's digest.
    listed: u64,
}

impl<'a> Digests<'a> {
    fn new(site: &'a Site, ui: &'a UiStrings, lang: &'a Language, today: Date) -> Self {
        let l = Localizer { site, ui, lang };
        let urls = Urls::new(&site.config);
        let cards = site
            .advisories
            .iter()
            .map(|a| {
                let url = urls.url(&PageKind::Advisory(a.slug.clone()), lang);
                digest(&l.card(a, url, today))
            })
            .collect();
        let by_term = listed_by_term(site, today);
        let terms = TaxonomyKind::ALL
            .iter()
            .flat_map(|kind| site.taxonomies.of(*kind).map(move |term| (*kind, term)))
            .map(|(kind, (id, label))| {
                let count = by_term.get(&(kind, id.as_str())).map_or(0, Vec::len);
                let url = urls.url(&PageKind::Term(kind, id.clone()), lang);
                ((kind, id.as_str()), digest(&l.term(id, label, url, count)))
            })
            .collect();
        Digests {
            site,
            lang,
            today,
            cards,
            terms,
            by_term,
            count_label: ui.plural(&lang.tag, "advisory_count", site.advisories.len()),
            listed: digest(
                &site
                    .listed_languages()
                    .iter()
                    .map(|l| &l.tag)
                    .collect::<Vec<_>>(),
            ),
        }
    }

    fn add_pages(&self, digests: &mut BTreeMap<Page, u64>) {
        let mut add = |page: PageKind, shown: u64| {
            digests.insert((page, self.lang.tag.clone()), digest(&(shown, self.listed)));
        };
        add(PageKind::NotFound, 0);
        if self.site.config.search {
            add(PageKind::Search, 0);
        }
        let every_term: Vec<u64> = self.terms_of_kinds(&TaxonomyKind::ALL);
        let home = digest(&(&self.count_label, &every_term));
        let order = listing_order(self.site, self.today);
        self.add_listing(&mut add, PageKind::Home, &order, home);
        for kind in TaxonomyKind::ALL {
            add(
                PageKind::Taxonomy(kind),
                digest(&self.terms_of_kinds(&[kind])),
            );
            for (id, _) in self.site.taxonomies.of(kind) {
                let key = (kind, id.as_str());
                let shown = self.by_term.get(&key).map_or(&[][..], Vec::as_slice);
                let term = PageKind::Term(kind, id.clone());
                self.add_listing(&mut add, term, shown, self.terms[&key]);
            }
        }
        for advisory in &self.site.advisories {
            let terms: Vec<u64> = advisory
                .terms
                .iter()
                .flat_map(|(kind, ids)| ids.iter().map(move |id| (*kind, id.as_str())))
                .filter_map(|key| self.terms.get(&key).copied())
                .collect();
            add(PageKind::Advisory(advisory.slug.clone()), digest(&terms));
        }
    }

    /// The digests of the terms of these taxonomies, in the taxonomies' order.
    fn terms_of_kinds(&self, kinds: &[TaxonomyKind]) -> Vec<u64> {
        kinds
            .iter()
            .flat_map(|kind| {
                self.site
                    .taxonomies
                    .of(*kind)
                    .map(move |(id, _)| self.terms[&(*kind, id.as_str())])
            })
            .collect()
    }

    /// The pages of a listing of `shown` advisories: each page's digest covers its number,
    /// the page count, the cards it shows and what the listing shows besides (`extra`).
    fn add_listing(
        &self,
        add: &mut impl FnMut(PageKind, u64),
        listing: PageKind,
        shown: &[usize],
        extra: u64,
    ) {
        let per_page = self.site.config.paginate_by;
        let total = page_count(self.site, shown.len());
        for number in 1..=total {
            let cards: Vec<u64> = shown
                .iter()
                .skip((number - 1) * per_page)
                .take(per_page)
                .map(|i| self.cards[*i])
                .collect();
            add(listing.page(number), digest(&(number, total, extra, cards)));
        }
    }
}

/// A digest of a view as templates receive it (its JSON form).
fn digest(view: &impl Serialize) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_vec(view)
        .expect("views serialise")
        .hash(&mut hasher);
    hasher.finish()
}
