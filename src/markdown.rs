//! Markdown rendering: an advisory's Markdown body → a sanitised HTML fragment, plus the
//! headings (with stable, unique ids) and the link/image destinations found in it.
//!
//! This module owns only the text transformation. It never reads files and knows nothing about
//! the site (languages, URLs, templates); callers pass in the localised alert titles and the ids
//! the page template already uses.
//!
//! # Dialect
//!
//! CommonMark plus tables, footnotes, strikethrough, heading ids (`# Title {#custom-id}`) and
//! GitHub alerts (`> [!WARNING]`). Smart punctuation is off. Heading classes and custom heading
//! attributes (`{.class key=value}`) are parsed but **dropped**: they would otherwise let a body
//! inject arbitrary attributes (e.g. `onclick`) without any raw HTML. Tera syntax such as
//! `{{ x }}` or `{% x %}` is ordinary text here; the result is inserted into a template as a
//! value, never re-parsed as template source.
//!
//! # Output
//!
//! An HTML fragment (no `<html>`/`<body>`):
//!
//! * headings carry an `id`: a slug of their plain text that keeps Unicode letters and digits
//!   (lower-cased where case exists), turns runs of whitespace/hyphens into one `-`, drops other
//!   punctuation and falls back to `section`; an explicit `{#id}` wins. Ids are unique within
//!   the fragment (`-1`, `-2` … suffixes) and never equal one of
//!   [`MarkdownOptions::reserved_ids`] (the template's own ids) or a footnote id;
//! * alerts become
//!   `<div class="markdown-alert markdown-alert-warning" role="note"><p class="markdown-alert-title">…</p>…</div>`;
//! * footnotes use ids `fn-1`, `fn-2` … (numbered in order of first appearance) rather than the
//!   author's labels, so they cannot collide with heading or template ids.
//!
//! # Security
//!
//! Raw HTML in a body must never be able to run script. There are two layers:
//!
//! 1. Every Markdown link and image destination is checked. Relative URLs, fragments and the
//!    schemes `http`, `https`, `mailto` and `tel` are allowed (compared case-insensitively after
//!    trimming and removing ASCII whitespace and control characters, as browsers do, so
//!    `java\tscript:` and `JaVaScRiPt:` are caught). Anything that looks like any other scheme
//!    (`javascript:`, `data:`, `vbscript:`, `file:` …: a letter, then letters, digits, `+`, `-`
//!    or `.` up to the first colon) is replaced by `#` for links; images are dropped and leave
//!    their alt text. A colon after anything else (`notes):`, `a/b:c`) is part of a relative
//!    reference and kept.
//! 2. If the document contains **any** raw HTML (block or inline), the whole rendered fragment is
//!    passed through `ammonia` with a conservative allowlist: ammonia's defaults plus exactly
//!    the markup this module generates (heading ids, alert/footnote classes, `role="note"`,
//!    table alignment), URL schemes restricted to `http`/`https`/`mailto`/`tel`, and user `id`s
//!    equal to a reserved id removed.
//!
//! When a body has no raw HTML, ammonia is skipped: the renderer itself escapes all text and
//! attribute values and every URL has passed layer 1, so there is nothing left to sanitise, and
//! a full HTML re-parse would dominate the cost of rendering tens of thousands of pages.
//!
//! # Performance
//!
//! One pass over the parser's events (only a heading's own events are buffered, to compute its
//! id before its start tag is written), output into a pre-sized `String`, and byte offsets are
//! mapped to lines by binary search in a precomputed line-start table. Rendering is linear in
//! the input size.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, LinkType, OffsetIter, Options, Parser, Tag, TagEnd,
};

/// Localised titles for GFM alerts (`> [!NOTE]`, TIP, IMPORTANT, WARNING, CAUTION).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertLabels {
    /// Title of `> [!NOTE]`.
    pub note: String,
    /// Title of `> [!TIP]`.
    pub tip: String,
    /// Title of `> [!IMPORTANT]`.
    pub important: String,
    /// Title of `> [!WARNING]`.
    pub warning: String,
    /// Title of `> [!CAUTION]`.
    pub caution: String,
}

/// Options for one render.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    /// Localised alert titles.
    pub alert_labels: &'a AlertLabels,
    /// Ids the surrounding page already uses (e.g. `main`, `details`); headings never get them.
    pub reserved_ids: &'a [&'a str],
    /// Levels added to every heading (1 when the page puts the body under its own `<h2>`:
    /// `#` becomes `<h2>`, `##` `<h3>`), capped at 6.
    pub heading_offset: u8,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// The sanitised HTML fragment.
    pub html: String,
    /// The headings in document order.
    pub headings: Vec<Heading>,
    /// Every link and image destination, in document order.
    pub links: Vec<Link>,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique `id` attribute written on the heading.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A link or image destination found in the body, with its 1-based line in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (reference links resolved; email autolinks get `mailto:`),
    /// even when it was neutralised in the HTML.
    pub destination: String,
    /// 1-based line of the link in the source.
    pub line: usize,
    /// Whether the page keeps it: false for a scheme that is not allowed, shown as a link to `#`
    /// (an image is left out).
    pub allowed: bool,
}

/// The parser options of the dialect (see the module documentation).
pub fn dialect() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a Markdown body to a sanitised HTML fragment; see the module documentation.
pub fn render_markdown(source: &str, options: &MarkdownOptions) -> RenderedMarkdown {
    let mut events = Events {
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
    };
    let mut html = String::with_capacity(source.len() + source.len() / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, &mut events);
    if events.has_raw_html {
        html = sanitize(&html, options.reserved_ids);
    }
    RenderedMarkdown {
        html,
        headings: events.headings,
        links: events.links,
    }
}

/// The event adapter between the parser and `push_html`: checks URLs, assigns heading and
/// footnote ids, rewrites alerts and records headings, links and whether raw HTML was seen.
struct Events<'a, 'o> {
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
    headings: Vec<Heading>,
    links: Vec<Link>,
    has_raw_html: bool,
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
            }) => {
                let line = self.line_of(range.start);
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
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = self.line_of(range.start);
                let allowed = is_safe_url(&dest_url);
                self.links.push(Link {
                    destination: dest_url.to_string(),
                    line,
                    allowed,
                });
                self.image_dropped.push(!allowed);
                if !allowed {
                    return None;
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if self.image_dropped.pop().unwrap_or(false) {
                    return None;
                }
                event
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
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
fn line_starts(source: &str) -> Vec<usize> {
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

/// Hands out unique ids: reserved ids and footnote ids (`fn-<digits>`) count as taken.
struct IdAllocator {
    taken: HashSet<String>,
    /// Next suffix to try per base id, so many equal headings stay linear.
    next_suffix: HashMap<String, usize>,
}

impl IdAllocator {
    fn new(reserved: &[&str]) -> Self {
        IdAllocator {
            taken: reserved.iter().map(|id| (*id).to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !is_footnote_id(id)
    }

    fn allocate(&mut self, base: &str) -> String {
        let id = if self.is_free(base) {
            base.to_string()
        } else {
            let mut n = self.next_suffix.get(base).copied().unwrap_or(1);
            let id = loop {
                let candidate = format!("{base}-{n}");
                n += 1;
                if self.is_free(&candidate) {
                    break candidate;
                }
            };
            self.next_suffix.insert(base.to_string(), n);
            id
        };
        self.taken.insert(id.clone());
        id
    }
}

fn is_footnote_id(id: &str) -> bool {
    id.strip_prefix("fn-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A stable slug of heading text; see the module documentation.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '-' {
            pending_hyphen = true;
        } else if c.is_alphanumeric() || is_word_mark(c) {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Combining marks and joiners that are part of words (Arabic harakat, Indic vowel signs and
/// viramas, Hebrew points, Thai marks, ZWNJ/ZWJ …) but are not `char::is_alphanumeric`.
fn is_word_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}' | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0900}'..='\u{0963}'
        | '\u{0966}'..='\u{096F}'
        | '\u{0971}'..='\u{0DF3}'
        | '\u{0E31}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{302A}'..='\u{302F}'
        | '\u{3099}' | '\u{309A}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Whether a link/image destination may be emitted: relative URLs, fragments, and the schemes
/// `http`, `https`, `mailto` and `tel`.
fn is_safe_url(url: &str) -> bool {
    if !url.contains(':') {
        return true;
    }
    // Browsers strip leading/trailing C0 controls and spaces and drop tabs and newlines
    // anywhere; drop all whitespace and controls to be stricter still (`java\u{a0}script:`).
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    // A scheme is what a browser takes for one: a letter, then letters, digits, `+`, `-` or
    // `.`, up to the first ':'. Anything else before the colon (`foo):`, `a/b:c`, `?x:y`) makes
    // the destination a relative reference, which is safe.
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let looks_like_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !looks_like_scheme {
        return true;
    }
    ["http", "https", "mailto", "tel"]
        .iter()
        .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
}

/// Escapes text for HTML element content and attribute values (`& < > " '`).
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Classes this module generates, per element (plus `language-*` on `code`).
const GENERATED_CLASSES: &[(&str, &[&str])] = &[
    (
        "div",
        &[
            "markdown-alert",
            "markdown-alert-note",
            "markdown-alert-tip",
            "markdown-alert-important",
            "markdown-alert-warning",
            "markdown-alert-caution",
            "footnote-definition",
        ],
    ),
    ("p", &["markdown-alert-title"]),
    ("sup", &["footnote-reference", "footnote-definition-label"]),
    ("section", &["footnotes"]),
];

/// Runs the rendered fragment through ammonia (only used when the body contains raw HTML).
fn sanitize(html: &str, reserved_ids: &[&str]) -> String {
    let reserved: HashSet<String> = reserved_ids.iter().map(|id| (*id).to_string()).collect();
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["section"])
        .add_generic_attributes(["dir"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
        .add_tag_attributes("div", ["id", "class", "role"])
        .add_tag_attributes("p", ["class"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("section", ["id", "class"])
        .add_tag_attributes("ol", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .attribute_filter(move |element, attribute, value| match attribute {
            "id" if reserved.contains(value) => None,
            "class" => filter_classes(element, value),
            "role" if element == "div" && value != "note" => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder.clean(html).to_string()
}

/// Keeps only the classes this module generates on `element`; `None` if none remain.
fn filter_classes<'v>(element: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let allowed = GENERATED_CLASSES
        .iter()
        .find(|(tag, _)| *tag == element)
        .map_or(&[][..], |(_, classes)| *classes);
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| {
            allowed.contains(class) || (element == "code" && class.starts_with("language-"))
        })
        .collect();
    if kept.is_empty() {
        None
    } else {
        Some(Cow::Owned(kept.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> AlertLabels {
        AlertLabels {
            note: "Remarque".into(),
            tip: "Astuce".into(),
            important: "Important".into(),
            warning: "Attention <danger> & co".into(),
            caution: "Prudence".into(),
        }
    }

    const RESERVED: &[&str] = &["red-flags", "prevention", "contacts", "main", "details"];

    fn render(source: &str) -> RenderedMarkdown {
        let labels = labels();
        render_markdown(
            source,
            &MarkdownOptions {
                alert_labels: &labels,
                reserved_ids: RESERVED,
                heading_offset: 0,
            },
        )
    }

    fn ids(source: &str) -> Vec<String> {
        render(source).headings.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn plain_paragraph_is_a_fragment() {
        let out = render("Hello *world*.");
        assert_eq!(out.html, "<p>Hello <em>world</em>.</p>\n");
        assert!(out.headings.is_empty());
        assert!(out.links.is_empty());
    }

    #[test]
    fn tables() {
        let out = render("| Who | Says |\n|:----|-----:|\n| Caller | Police |\n");
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(out.html.contains("<th style=\"text-align: left\">Who</th>"));
        assert!(
            out.html
                .contains("<td style=\"text-align: right\">Police</td>")
        );
    }

    #[test]
    fn tables_keep_alignment_through_sanitizer() {
        let out = render("<b>x</b>\n\n| A | B |\n|:-:|---|\n| 1 | 2 |\n");
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(out.html.contains("text-align:center") || out.html.contains("text-align: center"));
    }

    #[test]
    fn footnotes() {
        let out = render("Claim[^src] and again[^src].\n\n[^src]: Police statement.\n");
        let html = &out.html;
        assert_eq!(
            html.matches("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>")
                .count(),
            2,
            "{html}"
        );
        assert!(html.contains(
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"
        ));
        assert!(html.contains("Police statement."));
        assert!(!html.contains("id=\"src\""));
    }

    #[test]
    fn footnote_ids_are_not_given_to_headings() {
        assert_eq!(
            ids("# Fn 1 {#fn-1}\n\n## fn 2\n\nx[^a]\n\n[^a]: y\n"),
            ["fn-1-1", "fn-2-1"]
        );
    }

    #[test]
    fn strikethrough() {
        let out = render("This is ~~not~~ the police.");
        assert!(out.html.contains("<del>not</del>"), "{}", out.html);
    }

    #[test]
    fn alert_with_localised_escaped_title() {
        let out = render("> [!WARNING]\n> Hang up.\n\n> [!NOTE]\n> Fine.\n\n> Quote.\n");
        let html = &out.html;
        assert!(
            html.contains(
                "<div class=\"markdown-alert markdown-alert-warning\" role=\"note\">\n\
             <p class=\"markdown-alert-title\">Attention &lt;danger&gt; &amp; co</p>\n"
            ),
            "{html}"
        );
        assert!(html.contains("<p>Hang up.</p>\n</div>\n"), "{html}");
        assert!(html.contains("<p class=\"markdown-alert-title\">Remarque</p>"));
        assert!(html.contains("<blockquote>\n<p>Quote.</p>\n</blockquote>"));
        assert!(!html.contains("[!WARNING]"));
    }

    #[test]
    fn alert_survives_sanitizer() {
        let out = render("<span>raw</span>\n\n> [!CAUTION]\n> Careful.\n");
        assert!(
            out.html
                .contains("<div class=\"markdown-alert markdown-alert-caution\" role=\"note\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<p class=\"markdown-alert-title\">Prudence</p>")
        );
    }

    #[test]
    fn heading_ids_ascii() {
        let out =
            render("# What happens?\n\n## Who is   targeted -- and why?\n\n### C++ & Rust_2\n");
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["what-happens", "who-is-targeted-and-why", "c-rust2"]);
        assert_eq!(out.headings[0].text, "What happens?");
        assert_eq!(out.headings[1].level, 2);
        assert!(
            out.html
                .contains("<h1 id=\"what-happens\">What happens?</h1>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_text_is_plain() {
        let out = render("## Call *the* `police` [now](https://example.org)\n");
        assert_eq!(out.headings[0].text, "Call the police now");
        assert_eq!(out.headings[0].id, "call-the-police-now");
        assert!(
            out.html
                .contains("<h2 id=\"call-the-police-now\">Call <em>the</em>")
        );
        assert_eq!(out.links[0].destination, "https://example.org");
    }

    #[test]
    fn heading_ids_chinese_and_arabic() {
        assert_eq!(ids("## 如何保护自己\n"), ["如何保护自己"]);
        assert_eq!(ids("## 如何保护自己？（重要）\n"), ["如何保护自己重要"]);
        assert_eq!(ids("## كيف تحمي نفسك؟\n"), ["كيف-تحمي-نفسك"]);
        // Harakat and Devanagari vowel signs / virama are kept.
        assert_eq!(ids("## مُهِمّ\n"), ["مُهِمّ"]);
        assert_eq!(ids("## सुरक्षा सलाह\n"), ["सुरक्षा-सलाह"]);
        assert_eq!(ids("## Ÿes ÉTÉ\n"), ["ÿes-été"]);
        let out = render("## 如何保护自己\n");
        assert!(
            out.html
                .contains("<h2 id=\"如何保护自己\">如何保护自己</h2>")
        );
    }

    #[test]
    fn heading_ids_empty_and_duplicates() {
        assert_eq!(
            ids("# ???\n\n# ???\n\n# Step\n\n# Step\n\n# Step\n\n# Step 1\n"),
            [
                "section",
                "section-1",
                "step",
                "step-1",
                "step-2",
                "step-1-1"
            ]
        );
    }

    #[test]
    fn heading_ids_reserved() {
        assert_eq!(
            ids(
                "# Red flags\n\n# Prevention\n\n# Contacts\n\n# Main\n\n# Details\n\n# Red flags\n"
            ),
            [
                "red-flags-1",
                "prevention-1",
                "contacts-1",
                "main-1",
                "details-1",
                "red-flags-2"
            ]
        );
    }

    #[test]
    fn heading_ids_explicit() {
        let out =
            render("# Title {#custom-id}\n\n# Other {#custom-id}\n\n# Custom id\n\n# X {#main}\n");
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["custom-id", "custom-id-1", "custom-id-2", "main-1"]);
        assert_eq!(out.headings[0].text, "Title");
        assert!(
            out.html.contains("<h1 id=\"custom-id\">Title</h1>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_attributes_other_than_id_are_dropped() {
        let out = render("# Title {#t .big onclick=alert(1) style=color:red}\n");
        assert_eq!(out.html, "<h1 id=\"t\">Title</h1>\n");
    }

    #[test]
    fn script_does_not_survive() {
        let out =
            render("Hello\n\n<script>alert(1)</script>\n\nInline <script>alert(2)</script> too.\n");
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("alert("), "{}", out.html);
        assert!(out.html.contains("Hello"));
    }

    #[test]
    fn img_onerror_is_removed() {
        let out = render("<img src=x onerror=alert(1)>\n");
        assert!(!out.html.contains("onerror"), "{}", out.html);
        assert!(out.html.contains("<img src=\"x\">"), "{}", out.html);
    }

    #[test]
    fn dangerous_markdown_links_are_neutralised() {
        let cases = [
            "[x](javascript:alert(1))",
            "[x](JaVa&#x09;Script:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x]( JAVASCRIPT:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox)",
            "[x](file:///etc/passwd)",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "<javascript:alert(1)>",
        ];
        for case in cases {
            let out = render(case);
            assert!(out.html.contains("href=\"#\""), "{case}: {}", out.html);
            for href in out.html.split("href=\"").skip(1) {
                let href = &href[..href.find('"').unwrap()];
                assert_eq!(href, "#", "{case}: {}", out.html);
            }
            assert!(!out.html.contains("<script"), "{case}: {}", out.html);
            assert_eq!(out.links.len(), 1, "{case}");
        }
    }

    #[test]
    fn dangerous_images_become_alt_text() {
        let out = render("![Fake *badge*](javascript:alert(1)) and ![ok](img/ok.png)");
        assert_eq!(
            out.html,
            "<p>Fake <em>badge</em> and <img src=\"img/ok.png\" alt=\"ok\" /></p>\n"
        );
        let out = render("![x](data:image/svg+xml;base64,AAAA)");
        assert_eq!(out.html, "<p>x</p>\n");
        assert_eq!(out.links[0].destination, "data:image/svg+xml;base64,AAAA");
    }

    #[test]
    fn safe_links_are_kept() {
        let out = render(
            "[a](https://police.example/report) [b](HTTP://x.example) [c](mailto:help@uni.example) \
             [d](tel:+61-2-1234) [e](../other/) [f](#red-flags) [g](/a:b) [h](./x:y) [i](?q=a:b)",
        );
        for href in [
            "https://police.example/report",
            "HTTP://x.example",
            "mailto:help@uni.example",
            "tel:+61-2-1234",
            "../other/",
            "#red-flags",
            "/a:b",
            "./x:y",
            "?q=a:b",
        ] {
            assert!(
                out.html.contains(&format!("href=\"{href}\"")),
                "{href}: {}",
                out.html
            );
        }
        assert!(!out.html.contains("target="));
        assert!(!out.html.contains("rel="));
    }

    #[test]
    fn url_check() {
        for ok in [
            "",
            "#x",
            "a/b",
            "https://x",
            "Mailto:a@b",
            "//cdn.example/x",
            "a/b:c",
            "foo):",
            "see (notes): x",
            "?q=a:b",
            "#a:b",
            "2024:report",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " \u{1}java\nscript:x",
            "jav\u{0}ascript:x",
            "data:x",
            "ftp://x",
            "foo:bar",
            "java\u{a0}script:x",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn raw_html_links_are_neutralised() {
        let out = render(
            "<a href=\"javascript:alert(1)\">click</a> and <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n",
        );
        assert!(
            !out.html.to_ascii_lowercase().contains("javascript"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("onclick"), "{}", out.html);
        assert!(
            out.html.contains("href=\"https://ok.example\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("click</a>"));
        // Raw HTML links are not reported as links.
        assert!(out.links.is_empty());
    }

    #[test]
    fn raw_html_keeps_generated_markup_and_drops_reserved_ids() {
        let src = "<div id=\"main\" class=\"markdown-alert evil\">x</div>\n\n# Main\n\nText[^1]\n\n[^1]: Note\n";
        let out = render(src);
        let html = &out.html;
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(
            html.contains("<div class=\"markdown-alert\">x</div>"),
            "{html}"
        );
        assert!(html.contains("<h1 id=\"main-1\">Main</h1>"), "{html}");
        assert!(
            html.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"fn-1\">"),
            "{html}"
        );
    }

    #[test]
    fn details_and_summary_are_kept() {
        let out = render("<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n");
        assert!(
            out.html.contains("<details><summary>More</summary>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<em>text</em>"), "{}", out.html);
        assert!(out.html.contains("</details>"));
    }

    #[test]
    fn code_language_class_survives_sanitizer() {
        let out = render("<br>\n\n```rust\nfn main() {}\n```\n");
        assert!(
            out.html.contains("<code class=\"language-rust\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn links_collected_with_lines() {
        let src = "# Title\n\nSee [police](https://police.example).\nAnd <https://auto.example> or\n<help@uni.example>.\r\n\
                   \n![map](img/map.png \"Map\")\n\nRef [link][r] here.\r\n\n[r]: /relative/page\n\
                   [x](javascript:alert(1))\n";
        let out = render(src);
        let got: Vec<(&str, usize, bool)> = out
            .links
            .iter()
            .map(|l| (l.destination.as_str(), l.line, l.allowed))
            .collect();
        assert_eq!(
            got,
            [
                ("https://police.example", 3, true),
                ("https://auto.example", 4, true),
                ("mailto:help@uni.example", 5, true),
                ("img/map.png", 7, true),
                ("/relative/page", 9, true),
                ("javascript:alert(1)", 12, false),
            ]
        );
        assert!(out.html.contains("href=\"mailto:help@uni.example\""));
    }

    #[test]
    fn line_table() {
        assert_eq!(line_starts("a\nb\r\nc\rd"), [0, 2, 5, 7]);
        assert_eq!(line_starts(""), [0]);
    }

    #[test]
    fn template_syntax_is_literal_text() {
        let out = render("Value {{ tera }} and {% x %} and {# c #}.\n\n`{{ code }}`\n");
        assert_eq!(
            out.html,
            "<p>Value {{ tera }} and {% x %} and {# c #}.</p>\n<p><code>{{ code }}</code></p>\n"
        );
        let out = render("# Intro {{ a < b & \"c\" }}\n");
        assert_eq!(out.headings[0].text, "Intro {{ a < b & \"c\" }}");
        assert!(
            out.html.contains("{{ a &lt; b &amp; \"c\" }}</h1>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn large_input_renders() {
        let block = "## Step {n}\n\nA **scammer** calls [you](https://x.example/{n}) and says \
                     ~~nothing~~ `code`.[^n]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!TIP]\n> Hang up.\n\n";
        let mut src = String::with_capacity(2_200_000);
        let mut n = 0;
        while src.len() < 2_000_000 {
            src.push_str(&block.replace("{n}", &n.to_string()));
            n += 1;
        }
        src.push_str("[^n]: Footnote.\n");
        let out = render(&src);
        assert_eq!(out.headings.len(), n);
        assert_eq!(out.links.len(), n);
        assert_eq!(out.headings[n - 1].id, format!("step-{}", n - 1));
        assert_eq!(out.links[n - 1].line, (n - 1) * 11 + 3);
        // The same text with raw HTML goes through the sanitizer (a tenth of it: the
        // sanitizer is the slow path, and debug builds are slow).
        let cut = src[..200_000].rfind("## Step").unwrap();
        let raw = format!("<b>raw</b>\n\n{}", &src[..cut]);
        let out = render(&raw);
        assert_eq!(out.headings.len(), raw.matches("## Step").count());
        assert!(
            out.html.starts_with("<p><b>raw</b>"),
            "{}",
            &out.html[..100]
        );
        assert!(
            out.html
                .contains("<div class=\"markdown-alert markdown-alert-tip\"")
        );
    }

    #[test]
    fn many_duplicate_headings_are_linear() {
        let src = "# Same\n\n".repeat(20_000);
        let out = render(&src);
        assert_eq!(out.headings[19_999].id, "same-19999");
    }
}
