//! Resolving a link found on a page: against the page's URL and the site's `base_url`, to a
//! file of the site (with its fragment), another site, or nothing to check; and whether a
//! file and `id` exist among what the render generated.

use percent_encoding::percent_decode_str;
use url::Url;

use super::pages::Generated;

/// What a link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of this site: its path below the site root (decoded) and the fragment.
    Internal {
        /// The path below the site root, e.g. `fr/advisories/x/`.
        path: String,
        /// The fragment, without `#`.
        fragment: Option<String>,
    },
    /// The site's host but outside its base path.
    OutsideBase(String),
    /// Another site.
    External(Url),
    /// Not a web link (`mailto:`, `tel:`) or not a URL at all.
    Ignored,
}

/// Resolves links against the site's base URL.
pub struct Resolver {
    /// The site root URL, ending in `/`.
    pub site_root: Url,
}

impl Resolver {
    /// A resolver for a site published at `base_url`.
    pub fn new(base_url: &str) -> Option<Self> {
        let site_root = Url::parse(&format!("{}/", base_url.trim_end_matches('/'))).ok()?;
        Some(Resolver { site_root })
    }

    /// The URL a page with this output path is served at.
    pub fn page_url(&self, output: &str) -> Url {
        let dir = output.strip_suffix("index.html").unwrap_or(output);
        self.site_root
            .join(dir)
            .unwrap_or_else(|_| self.site_root.clone())
    }

    /// What `href`, found on the page at `page`, points to.
    pub fn resolve(&self, page: &Url, href: &str) -> Target {
        let Ok(url) = page.join(href.trim()) else {
            return Target::Ignored;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Target::Ignored;
        }
        if url.host_str() != self.site_root.host_str()
            || url.port_or_known_default() != self.site_root.port_or_known_default()
        {
            let mut url = url;
            url.set_fragment(None);
            return Target::External(url);
        }
        let Some(path) = url.path().strip_prefix(self.site_root.path()) else {
            return Target::OutsideBase(url.path().to_owned());
        };
        Target::Internal {
            path: decode(path),
            fragment: url.fragment().map(decode),
        }
    }
}

/// Percent-decodes a URL part.
pub fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Checks that `path#fragment` exists among the generated files; the problem otherwise.
pub fn verify(generated: &Generated, path: &str, fragment: Option<&str>) -> Option<String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    let Some(file) = candidates.iter().find(|c| generated.files.contains(*c)) else {
        return Some(format!("the site has no page `/{path}`"));
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let page = generated.pages.get(file)?;
    (!page.ids.contains(fragment)).then(|| format!("page `/{path}` has no id `{fragment}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> Generated {
        let mut g = Generated::default();
        for f in [
            "index.html",
            "advisories/x/index.html",
            "fr/advisories/x/index.html",
            "static/style.css",
        ] {
            g.files.insert(f.into());
        }
        let mut facts = crate::check::pages::PageFacts::default();
        facts.ids.insert("red-flags".into());
        g.pages.insert("advisories/x/index.html".into(), facts);
        g
    }

    #[test]
    fn resolves_relative_root_and_fragment_links() {
        let r = Resolver::new("https://alerts.example.org").unwrap();
        let page = r.page_url("fr/advisories/y/index.html");
        assert_eq!(page.as_str(), "https://alerts.example.org/fr/advisories/y/");
        assert_eq!(
            r.resolve(&page, "../x/"),
            Target::Internal {
                path: "fr/advisories/x/".into(),
                fragment: None
            }
        );
        assert_eq!(
            r.resolve(&page, "/advisories/x/#red-flags"),
            Target::Internal {
                path: "advisories/x/".into(),
                fragment: Some("red-flags".into())
            }
        );
        assert!(matches!(
            r.resolve(&page, "https://other.example/"),
            Target::External(_)
        ));
        assert_eq!(r.resolve(&page, "tel:911"), Target::Ignored);
    }

    #[test]
    fn base_path_is_respected() {
        let r = Resolver::new("https://x.org/alerts").unwrap();
        let page = r.page_url("index.html");
        assert_eq!(
            r.resolve(&page, "/other/"),
            Target::OutsideBase("/other/".into())
        );
        assert!(matches!(
            r.resolve(&page, "advisories/x/"),
            Target::Internal { .. }
        ));
    }

    #[test]
    fn verifies_pages_and_ids() {
        let g = generated();
        assert_eq!(verify(&g, "advisories/x/", Some("red-flags")), None);
        assert_eq!(verify(&g, "advisories/x", None), None);
        assert_eq!(verify(&g, "static/style.css", None), None);
        assert!(
            verify(&g, "advisories/x/", Some("nope"))
                .unwrap()
                .contains("no id `nope`")
        );
        assert!(
            verify(&g, "advisories/z/", None)
                .unwrap()
                .contains("no page")
        );
    }
}
