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

mod events;
mod ids;
mod safety;
#[cfg(test)]
mod tests;
mod types;

use pulldown_cmark::Options;

use events::Events;
use safety::sanitize;

pub use safety::escape_html_into;
pub use types::{AlertLabels, Heading, Link, MarkdownOptions, RenderedMarkdown};

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
    let mut events = Events::new(source, options);
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
