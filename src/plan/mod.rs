//! What the site consists of, decided once from the model: where every page, feed, poster and
//! file lives (`urls`), which pages exist (every page kind in every language, listings split
//! into pages), which posters exist (`posters`), which share images (`share`) and
//! ready-to-send texts (`share_texts`), the order
//! of listings, and which outputs a change to some advisories touches (`touched`); a loaded
//! site with its theme, UI strings and plans, made ready once (`Prepared`). Render,
//! poster, search, check and the preview ask the plan; none of them keeps rules of its own
//! about what exists.

pub mod bundles;
pub mod posters;
mod prepared;
pub mod share;
pub mod share_texts;
mod touched;
pub mod urls;

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::model::{Advisory, RetiredAdvisory, Site, TaxonomyKind};
pub use prepared::Prepared;
pub use touched::{Touched, page_digests, touched};
use urls::PageKind;

/// Every page of the site: each page kind with the tag of each language.
pub fn page_plan(site: &Site) -> Vec<(PageKind, String)> {
    let by_term = advisories_by_term(site);
    let term_len = |kind: TaxonomyKind, id: &str| by_term.get(&(kind, id)).map_or(0, Vec::len);
    let mut kinds = vec![PageKind::NotFound];
    if site.config.search {
        kinds.push(PageKind::Search);
    }
    kinds.extend(listing_pages(site, PageKind::Home, site.advisories.len()));
    kinds.extend(
        site.advisories
            .iter()
            .map(|a| PageKind::Advisory(a.slug.clone())),
    );
    for kind in TaxonomyKind::ALL {
        kinds.push(PageKind::Taxonomy(kind));
        for (id, _) in site.taxonomies.of(kind) {
            let term = PageKind::Term(kind, id.clone());
            kinds.extend(listing_pages(site, term, term_len(kind, id)));
        }
    }
    in_every_language(site, kinds)
}

/// The pages of a listing of `len` advisories: the listing itself, then its pages 2, 3 ...
pub fn listing_pages(site: &Site, listing: PageKind, len: usize) -> Vec<PageKind> {
    (1..=page_count(site, len))
        .map(|n| listing.page(n))
        .collect()
}

/// How many pages a listing of `len` advisories has: at least one, even when it is empty.
pub fn page_count(site: &Site, len: usize) -> usize {
    len.div_ceil(site.config.paginate_by).max(1)
}

/// The order of listings: current advisories, then expired ones (each newest first), as
/// indexes into `Site::advisories`. Retired advisories are left out (their pages stay).
pub fn listing_order(site: &Site, today: Date) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.advisories.len())
        .filter(|i| site.advisories[*i].retired.is_none())
        .collect();
    order.sort_by_key(|i| site.advisories[*i].is_expired(today));
    order
}

/// The advisories removed from `content/` while listed in `content/retired.yaml`: none has a
/// page, or is in a listing, feed, sitemap or search; each one's only output is its alert's
/// Cancel, at the path its alert had.
pub fn cancelled_only(site: &Site) -> &[RetiredAdvisory] {
    &site.retired
}

/// The indexes of the advisories (newest first) that have each taxonomy term.
pub fn advisories_by_term(site: &Site) -> HashMap<(TaxonomyKind, &str), Vec<usize>> {
    let mut by_term: HashMap<(TaxonomyKind, &str), Vec<usize>> = HashMap::new();
    let listed = site.advisories.iter().enumerate();
    for (i, advisory) in listed.filter(|(_, a)| a.retired.is_none()) {
        for (kind, ids) in &advisory.terms {
            for id in ids {
                by_term.entry((*kind, id.as_str())).or_default().push(i);
            }
        }
    }
    by_term
}

/// The indexes of the advisories that have each taxonomy term, in listing order (current ones
/// newest first, then expired ones).
pub fn listed_by_term(site: &Site, today: Date) -> HashMap<(TaxonomyKind, &str), Vec<usize>> {
    let mut by_term = advisories_by_term(site);
    for indexes in by_term.values_mut() {
        indexes.sort_by_key(|i| site.advisories[*i].is_expired(today));
    }
    by_term
}

/// Puts `new` in the place of the advisory `slug` (removing it when `new` is `None`), keeping
/// the site's advisories newest first, then by slug, as loading the site orders them.
pub fn replace_advisory(site: &mut Site, slug: &str, new: Option<Arc<Advisory>>) {
    site.advisories.retain(|a| a.slug != slug);
    if let Some(new) = new {
        let key = (std::cmp::Reverse(new.date), new.slug.as_str());
        let at = site
            .advisories
            .partition_point(|a| (std::cmp::Reverse(a.date), a.slug.as_str()) < key);
        site.advisories.insert(at, new);
    }
}

/// Each page kind paired with the tag of each of the site's languages.
pub fn in_every_language(site: &Site, kinds: Vec<PageKind>) -> Vec<(PageKind, String)> {
    kinds
        .into_iter()
        .flat_map(|k| {
            site.config
                .languages
                .iter()
                .map(move |l| (k.clone(), l.tag.clone()))
        })
        .collect()
}
