//! What the search index holds for a page, taken from the model rather than from the rendered
//! HTML: an advisory page's own text in its language (title, summary, red flags, prevention
//! tips, what to do if targeted, and the body as plain text), its title as the result's title,
//! and its URL. Fields a page shows in another language (a partial translation falling back)
//! are left out, as the page marks them `data-pagefind-ignore`, so no text is found twice.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::i18n::Language;
use crate::markdown::dialect;
use crate::model::{Advisory, Site, Translation};
use crate::plan::urls::{PageKind, Urls};

/// One page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Its site-root-relative URL.
    pub url: String,
    /// The result's title.
    pub title: String,
    /// Its searchable text.
    pub content: String,
}

/// The records of the advisory pages in `lang` that show text of their own, sorted by URL.
pub fn records(site: &Site, lang: &Language) -> Vec<Record> {
    let urls = Urls::new(&site.config);
    let mut records: Vec<Record> = site
        .advisories
        .iter()
        .filter(|advisory| advisory.has_own_text(&lang.tag))
        .map(|advisory| record(advisory, &urls, lang))
        .collect();
    records.sort_by(|a, b| a.url.cmp(&b.url));
    records
}

/// How many advisory pages in `lang` are indexed.
pub fn count(site: &Site, lang: &Language) -> usize {
    site.advisories
        .iter()
        .filter(|advisory| advisory.has_own_text(&lang.tag))
        .count()
}

/// A list field of a translation.
type ListField = fn(&Translation) -> Option<&[String]>;

fn record(advisory: &Advisory, urls: &Urls, lang: &Language) -> Record {
    let tag = lang.tag.as_str();
    let mut text = Text::default();
    let title = advisory.field(tag, |t| t.title.as_deref());
    if let Some(title) = &title
        && title.lang == tag
    {
        text.block(title.value);
    }
    if let Some(summary) = advisory
        .field(tag, |t| t.summary.as_deref())
        .filter(|s| s.lang == tag)
    {
        text.block(summary.value);
    }
    let lists: [ListField; 3] = [
        |t| t.red_flags.as_deref(),
        |t| t.prevention.as_deref(),
        |t| t.if_targeted.as_deref(),
    ];
    for list in lists {
        if let Some(items) = advisory.field(tag, list).filter(|l| l.lang == tag) {
            items.value.iter().for_each(|item| text.block(item));
        }
    }
    if advisory.body_language(tag) == Some(tag)
        && let Some(own_text) = advisory.texts.get(tag)
    {
        markdown_text(&own_text.body, &mut text);
    }
    Record {
        url: urls.url(&PageKind::Advisory(advisory.slug.clone()), lang),
        title: title.map(|t| t.value.to_owned()).unwrap_or_default(),
        content: text.0,
    }
}

/// Plain text made of blocks, each ended as Pagefind ends an HTML block: with a full stop
/// when it ends in a word, so that excerpts read as sentences.
#[derive(Default)]
struct Text(String);

impl Text {
    fn block(&mut self, block: &str) {
        self.inline(block);
        self.end_block();
    }

    fn inline(&mut self, text: &str) {
        self.0.push_str(text);
    }

    fn end_block(&mut self) {
        let trimmed = self.0.trim_end().len();
        self.0.truncate(trimmed);
        if self
            .0
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || "'\")$*_".contains(c))
        {
            self.0.push('.');
        }
        if !self.0.is_empty() {
            self.0.push(' ');
        }
    }
}

/// The words of a Markdown body, block by block (raw HTML is left out, as the page sanitises it).
fn markdown_text(source: &str, text: &mut Text) {
    for event in Parser::new_ext(source, dialect()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.inline(&t),
            Event::SoftBreak | Event::HardBreak => text.inline(" "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => text.end_block(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_as_sentences_and_markup_is_left_out() {
        let mut text = Text::default();
        text.block("Hang up");
        markdown_text(
            "# Heading\n\nSome *emphasis* and `code`,\nwrapped.\n\n- one\n- two?\n\n<div>raw</div>\n",
            &mut text,
        );
        assert_eq!(
            text.0,
            "Hang up. Heading. Some emphasis and code, wrapped. one. two? "
        );
    }
}
