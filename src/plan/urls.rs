//! Where every page lives: site-root-relative URLs (with the base URL's path), absolute URLs, and
//! the output file each URL is written to.

use crate::i18n::Language;
use crate::model::Config;
use crate::model::TaxonomyKind;

/// Where the search index and the Pagefind UI are written, below the site root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The Pagefind UI's script and stylesheet in [`BUNDLE_DIR`], which search pages link.
pub const BUNDLE_UI: [&str; 2] = ["pagefind-ui.js", "pagefind-ui.css"];

/// A page of the site, independent of language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    /// The home page.
    Home,
    /// An advisory, by slug.
    Advisory(String),
    /// The index of a taxonomy.
    Taxonomy(TaxonomyKind),
    /// One taxonomy term.
    Term(TaxonomyKind, String),
    /// The 404 page.
    NotFound,
    /// The search page.
    Search,
    /// Page `n` (2 or more) of a listing ([`PageKind::Home`] or a [`PageKind::Term`]), whose
    /// first page is the listing itself.
    Page(Box<PageKind>, usize),
}

impl PageKind {
    /// The `page.kind` name templates see.
    pub fn name(&self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Advisory(_) => "advisory",
            PageKind::Taxonomy(_) => "taxonomy",
            PageKind::Term(..) => "term",
            PageKind::NotFound => "404",
            PageKind::Search => "search",
            PageKind::Page(listing, _) => listing.name(),
        }
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Advisory(_) => "advisory.html",
            PageKind::Taxonomy(_) => "taxonomy.html",
            PageKind::Term(..) => "term.html",
            PageKind::NotFound => "404.html",
            PageKind::Search => "search.html",
            PageKind::Page(listing, _) => listing.template(),
        }
    }

    /// Page `number` (from 1) of this listing.
    pub fn page(&self, number: usize) -> PageKind {
        match self {
            _ if number <= 1 => self.clone(),
            PageKind::Page(listing, _) => listing.page(number),
            listing => PageKind::Page(Box::new(listing.clone()), number),
        }
    }

    /// The listing this page belongs to and its page number (1 for every page but
    /// [`PageKind::Page`]).
    pub fn listing(&self) -> (&PageKind, usize) {
        match self {
            PageKind::Page(listing, number) => (listing, *number),
            page => (page, 1),
        }
    }
}

/// Computes URLs for one configuration.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    /// URLs for `config`.
    pub fn new(config: &Config) -> Self {
        Urls {
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
        }
    }

    /// The path of a page below the site root, without the base path: `fr/advisories/x/`.
    pub fn relative(&self, page: &PageKind, lang: &Language) -> String {
        if let PageKind::Page(listing, number) = page {
            return format!("{}page/{number}/", self.relative(listing, lang));
        }
        let mut path = String::new();
        if !lang.url_segment.is_empty() {
            path.push_str(&lang.url_segment);
            path.push('/');
        }
        match page {
            PageKind::Home => {}
            PageKind::Advisory(slug) => {
                path.push_str("advisories/");
                path.push_str(slug);
                path.push('/');
            }
            PageKind::Taxonomy(kind) => {
                path.push_str(kind.url_segment());
                path.push('/');
            }
            PageKind::Term(kind, id) => {
                path.push_str(kind.url_segment());
                path.push('/');
                path.push_str(id);
                path.push('/');
            }
            PageKind::NotFound => path.push_str("404.html"),
            PageKind::Search => path.push_str("search/"),
            PageKind::Page(..) => unreachable!("handled above"),
        }
        path
    }

    /// The site-root-relative URL of a page, e.g. `/fr/advisories/x/`.
    pub fn url(&self, page: &PageKind, lang: &Language) -> String {
        format!("{}{}", self.base_path, self.relative(page, lang))
    }

    /// The absolute URL of a page.
    pub fn absolute(&self, page: &PageKind, lang: &Language) -> String {
        format!("{}/{}", self.base_url, self.relative(page, lang))
    }

    /// The path below the site root of a file in a language's folder: `fr/atom.xml`, or
    /// `atom.xml` for the default language.
    pub fn language_file(&self, lang: &Language, name: &str) -> String {
        if lang.url_segment.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", lang.url_segment)
        }
    }

    /// The absolute URL of a file below the site root (`fr/atom.xml`).
    pub fn absolute_file(&self, path: &str) -> String {
        format!("{}/{path}", self.base_url)
    }

    /// The host (and port) of the base URL: `alerts.example.org`.
    pub fn host(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        rest.split('/').next().unwrap_or(rest)
    }

    /// A site-root-relative URL for a file below the site root (`static/style.css`).
    pub fn asset(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The output file of a page: `fr/advisories/x/index.html`.
    pub fn output_file(&self, page: &PageKind, lang: &Language) -> String {
        let relative = self.relative(page, lang);
        if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative
        }
    }
}
