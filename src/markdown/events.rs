//! The event adapter between `pulldown_cmark`'s parser and its HTML writer: checks link and
//! image URLs, assigns heading and footnote ids, rewrites GitHub alerts, and records headings,
//! links (with their source lines) and whether the body contains raw HTML.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, OffsetIter, Parser, Tag, TagEnd};

use super::dialect;
use super::ids::{IdAllocator, slugify};
use super::safety::{escape_html_into, is_safe_url};
use super::types::{Heading, Link, MarkdownOptions};

/// The event adapter between the parser and `push_html`: checks URLs, assigns heading and
/// footnote ids, rewrites alerts and records headings, links and whether raw HTML was seen.
pub(super) struct Events<'a, 'o> {
    inner: OffsetIter<'a>,
    options: &'o MarkdownOptions<'o>,
    line_starts: Vec<usize>,
    /// Events ready to hand out (a buffered heading).
    pending: VecDeque<Event<'a>>,
    /// One entry per open image: whether it was dropped (its end event must be skipped too).
    image_dropped: Vec<bool>,
    /// Footnote label → number, in order of first appearance.
    footnotes: HashMap<CowStr<'a>, usize>,
    ids: IdAllocator,
    pub(super) headings: Vec<Heading>,
    pub(super) links: Vec<Link>,
    pub(super) has_raw_html: bool,
}

impl<'a, 'o> Events<'a, 'o> {
    /// Starts parsing `source` with the dialect described in the module documentation.
    pub(super) fn new(source: &'a str, options: &'o MarkdownOptions<'o>) -> Self {
        Events {
            inner: Parser::new_ext(source, dialect()).into_offset_iter(),
            options,
            line_starts: line_starts(source),
            pending: VecDeque::new(),
            image_dropped: Vec::new(),
            footnotes: HashMap::new(),
            ids: IdAllocator::new(options.reserved_ids),
            headings: Vec::new(),
            links: Vec::new(),
            has_raw_html: false,
        }
    }
}

impl<'a> Iterator for Events<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let (event, range) = self.inner.next()?;
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => self.heading(level as u8, id),
                other => {
                    if let Some(event) = self.transform(other, range) {
                        return Some(event);
                    }
                }
            }
        }
    }
}

impl<'a> Events<'a, '_> {
    /// Rewrites one (non-heading-start) event; `None` drops it.
    fn transform(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        Some(match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                self.has_raw_html = true;
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id, range.start),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => return self.image(link_type, dest_url, title, id, range.start),
            Event::End(TagEnd::Image) => {
                if self.image_dropped.pop().unwrap_or(false) {
                    return None;
                }
                event
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => self.alert_start(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::FootnoteReference(label) => {
                let number = self.footnote_number(label);
                Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#fn-{number}\">{number}</a></sup>"
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let number = self.footnote_number(label);
                Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"fn-{number}\">\
                         <sup class=\"footnote-definition-label\">{number}</sup>"
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            other => other,
        })
    }

    /// A link's start, recorded with its source line (at byte `start`); an unsafe destination
    /// becomes `#`.
    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        start: usize,
    ) -> Event<'a> {
        let line = self.line_of(start);
        let destination = if link_type == LinkType::Email {
            format!("mailto:{dest_url}")
        } else {
            dest_url.to_string()
        };
        let allowed = is_safe_url(&dest_url);
        self.links.push(Link {
            destination,
            line,
            allowed,
        });
        if allowed {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        } else {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            })
        }
    }

    /// An image's start, recorded like a link; an image with an unsafe source is dropped
    /// (`None`), and so is its end.
    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        start: usize,
    ) -> Option<Event<'a>> {
        let line = self.line_of(start);
        let allowed = is_safe_url(&dest_url);
        self.links.push(Link {
            destination: dest_url.to_string(),
            line,
            allowed,
        });
        self.image_dropped.push(!allowed);
        allowed.then_some(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }))
    }

    /// The opening HTML of a GitHub alert (`> [!NOTE]`…): a `div` with its localised title.
    fn alert_start(&self, kind: BlockQuoteKind) -> Event<'a> {
        let labels = self.options.alert_labels;
        let (class, label) = match kind {
            BlockQuoteKind::Note => ("note", &labels.note),
            BlockQuoteKind::Tip => ("tip", &labels.tip),
            BlockQuoteKind::Important => ("important", &labels.important),
            BlockQuoteKind::Warning => ("warning", &labels.warning),
            BlockQuoteKind::Caution => ("caution", &labels.caution),
        };
        let mut html = format!(
            "<div class=\"markdown-alert markdown-alert-{class}\" role=\"note\">\n\
             <p class=\"markdown-alert-title\">"
        );
        escape_html_into(&mut html, label);
        html.push_str("</p>\n");
        Event::Html(html.into())
    }

    /// Buffers a heading's events, computes its text and id and queues the rewritten heading.
    fn heading(&mut self, level: u8, explicit_id: Option<CowStr<'a>>) {
        let mut text = String::new();
        let mut body = Vec::new();
        let mut depth = 0usize;
        while let Some((event, range)) = self.inner.next() {
            match &event {
                Event::End(TagEnd::Heading(_)) if depth == 0 => {
                    let level = level.saturating_add(self.options.heading_offset).min(6);
                    let end = Event::End(TagEnd::Heading(heading_level(level)));
                    let text = text.trim().to_string();
                    let id = match explicit_id {
                        Some(id) if !id.trim().is_empty() => self.ids.allocate(id.trim()),
                        _ => self.ids.allocate(&slugify(&text)),
                    };
                    self.pending.push_back(Event::Start(Tag::Heading {
                        level: heading_level(level),
                        id: Some(id.clone().into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                    self.pending.extend(body);
                    self.pending.push_back(end);
                    self.headings.push(Heading { level, id, text });
                    return;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            if let Some(event) = self.transform(event, range) {
                body.push(event);
            }
        }
        // The parser always closes a heading; if it did not, emit what we have.
        self.pending.extend(body);
    }

    fn footnote_number(&mut self, label: CowStr<'a>) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label).or_insert(next)
    }

    fn line_of(&self, offset: usize) -> usize {
        // Number of line starts at or before `offset` = 1-based line number.
        self.line_starts.partition_point(|&start| start <= offset)
    }
}

fn heading_level(level: u8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        1 => H1,
        2 => H2,
        3 => H3,
        4 => H4,
        5 => H5,
        _ => H6,
    }
}

/// Byte offsets at which each line starts (`\n`, `\r\n` and lone `\r` end lines).
pub(super) fn line_starts(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
    starts.push(0);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}
