//! What a render generated, for the link check: every output file, and for every HTML page the
//! `id`s it defines and the `href`/`src` values it links to.
//!
//! The ids and links of a page come from its rendered HTML because the templates write most of
//! them (`#main`, `#red-flags`, navigation, language switcher) and only the HTML knows what a
//! template produced. Pages are parsed as they are rendered, in parallel, and only these facts
//! are kept, so nothing of the size of the site is held in memory.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;

use scraper::Html;

use crate::output::Sink;

/// The facts of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// Every `id` attribute value.
    pub ids: HashSet<String>,
    /// Every `href` and `src` attribute value, in document order, without repeats.
    pub links: Vec<String>,
}

/// Everything a render generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Output paths of every file (`fr/advisories/x/index.html`, `static/style.css`).
    pub files: BTreeSet<String>,
    /// Facts of every HTML page, by output path.
    pub pages: BTreeMap<String, PageFacts>,
}

/// A sink that keeps what [`Generated`] needs and discards the bytes.
#[derive(Default)]
pub struct IndexSink {
    generated: Mutex<Generated>,
}

impl IndexSink {
    /// What was generated.
    pub fn finish(self) -> Generated {
        self.generated
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for IndexSink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let facts = path
            .ends_with(".html")
            .then(|| page_facts(&String::from_utf8_lossy(bytes)));
        let mut generated = self
            .generated
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        generated.files.insert(path.to_owned());
        if let Some(facts) = facts {
            generated.pages.insert(path.to_owned(), facts);
        }
        Ok(())
    }

    /// Only pages are read (for their ids and links); of any other file, only that it exists.
    fn reads(&self, path: &str) -> bool {
        path.ends_with(".html")
    }
}

/// The ids and links of an HTML document.
pub fn page_facts(html: &str) -> PageFacts {
    let document = Html::parse_document(html);
    let mut facts = PageFacts::default();
    let mut seen = HashSet::new();
    for element in document
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_element())
    {
        if let Some(id) = element.attr("id") {
            facts.ids.insert(id.to_owned());
        }
        for name in ["href", "src"] {
            if let Some(link) = element.attr(name)
                && seen.insert(link.to_owned())
            {
                facts.links.push(link.to_owned());
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_are_read_so_posters_previews_are_not_drawn_for_check() {
        let sink = IndexSink::default();
        assert!(sink.reads("fr/advisories/a/index.html"));
        for other in [
            "advisories/a/poster-en-letter.png",
            "advisories/a/poster-en-letter.pdf",
        ] {
            assert!(!sink.reads(other), "{other}");
        }
        sink.write("advisories/a/poster-en-letter.png", b"")
            .unwrap();
        let generated = sink.finish();
        assert!(
            generated
                .files
                .contains("advisories/a/poster-en-letter.png"),
            "an empty preview still counts as written, for the links to it"
        );
    }

    #[test]
    fn collects_ids_and_links_once() {
        let facts = page_facts(
            r#"<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head>
            <body><main id="main"><h2 id="step-2">x</h2><a href="/a/">a</a><a href="/a/">again</a>
            <img src="i.png" alt=""></main></body></html>"#,
        );
        assert!(facts.ids.contains("main") && facts.ids.contains("step-2"));
        assert_eq!(facts.links, ["/s.css", "/a/", "i.png"]);
    }
}
