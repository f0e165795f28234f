//! A Markdown body cut into the blocks a translator translates one at a time: paragraphs,
//! list items, headings and table cells (code blocks and raw HTML blocks are not text to
//! translate and stay as they are). Each block's text keeps its inline markup (`**bold**`,
//! `[link](url)`) exactly as written; line wrapping is not part of it (a soft line break is a
//! space, a hard break a `\n`). Putting translated texts back into the body's skeleton
//! (markers, indentation, blank lines) gives the translated body.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What kind of block a text is (a heading and a table cell must stay on one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (also inside a list item, a quote or a footnote).
    Paragraph,
    /// A list item's text (a tight list).
    Item,
    /// A heading.
    Heading,
    /// A table cell.
    Cell,
}

/// One translatable block of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// The bytes of the body its text spans (inline content only: no list marker, no `#`).
    pub range: Range<usize>,
    /// The text to translate.
    pub text: String,
    /// The body line (0-based) it starts on.
    pub line: usize,
}

fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(
        body,
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM,
    )
}

/// The translatable blocks of `body`, in order.
pub fn split(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The open leaf block: its kind, and the span of the inline events seen so far.
    let mut open: Option<(BlockKind, Option<Range<usize>>)> = None;
    let mut items = 0usize;
    let mut in_code = false;
    let mut close = |open: &mut Option<(BlockKind, Option<Range<usize>>)>| {
        if let Some((kind, Some(range))) = open.take() {
            blocks.push(block(body, kind, range));
        }
    };
    for (event, range) in parser(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => open = Some((BlockKind::Paragraph, None)),
            Event::Start(Tag::Heading { .. }) => open = Some((BlockKind::Heading, None)),
            Event::Start(Tag::TableCell) => open = Some((BlockKind::Cell, None)),
            Event::Start(Tag::Item) => {
                close(&mut open);
                items += 1;
            }
            Event::End(TagEnd::Item) => {
                close(&mut open);
                items -= 1;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                close(&mut open);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell)
            | Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::HtmlBlock) => close(&mut open),
            Event::TaskListMarker(_) => {}
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Start(_)
            | Event::End(_) => {
                if in_code {
                    continue;
                }
                if open.is_none() && items > 0 && is_inline(&event) {
                    open = Some((BlockKind::Item, None));
                }
                if let Some((_, span)) = &mut open
                    && is_inline(&event)
                {
                    let span = span.get_or_insert(range.clone());
                    span.start = span.start.min(range.start);
                    span.end = span.end.max(range.end);
                }
            }
            Event::Rule => close(&mut open),
        }
    }
    close(&mut open);
    blocks
}

/// Whether an event is inline content (text and inline markup), not block structure.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

fn block(body: &str, kind: BlockKind, range: Range<usize>) -> Block {
    let line = body[..range.start].matches('\n').count();
    Block {
        kind,
        text: unwrap(&body[range.clone()]),
        range,
        line,
    }
}

/// A block's source bytes as one text: continuation lines lose their container prefix
/// (indentation, `>`), soft breaks become spaces, hard breaks `\n`.
fn unwrap(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut lines = raw.split('\n').peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        let line = if first {
            line
        } else {
            line.trim_start_matches([' ', '\t', '>'])
        };
        first = false;
        if lines.peek().is_none() {
            out.push_str(line);
        } else if let Some(hard) = line.strip_suffix('\\') {
            out.push_str(hard);
            out.push('\n');
        } else if line.ends_with("  ") {
            out.push_str(line.trim_end_matches(' '));
            out.push('\n');
        } else {
            out.push_str(line.trim_end_matches(' '));
            out.push(' ');
        }
    }
    out
}

/// `body` with each block's text replaced by `texts[i]` (`None`: the block's own text).
/// A `\n` in a text becomes a hard line break, continued under the block's container.
pub fn reassemble(body: &str, blocks: &[Block], texts: &[Option<&str>]) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut at = 0;
    for (i, block) in blocks.iter().enumerate() {
        out.push_str(&body[at..block.range.start]);
        let text = texts.get(i).copied().flatten().unwrap_or(&block.text);
        let line_start = body[..block.range.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix: String = body[line_start..block.range.start]
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect();
        let prefix = prefix.trim_end();
        let mut lines = text.split('\n');
        out.push_str(lines.next().unwrap_or_default());
        for line in lines {
            out.push_str("\\\n");
            out.push_str(prefix);
            if !prefix.is_empty() || !line.is_empty() {
                out.push_str(&" ".repeat(continuation_indent(body, line_start, block)));
            }
            out.push_str(line);
        }
        at = block.range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// `body` with the text of each block numbered in `untranslated` (0-based) wrapped in a
/// `<span lang dir>` of the language it is in: a partly translated body whose skipped blocks
/// are the source's text, marked so screen readers read them in that language.
pub fn mark_untranslated(body: &str, untranslated: &[usize], lang: &str, dir: &str) -> String {
    let blocks = split(body);
    let marked: Vec<Option<String>> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            untranslated
                .contains(&i)
                .then(|| format!("<span lang=\"{lang}\" dir=\"{dir}\">{}</span>", b.text))
        })
        .collect();
    let texts: Vec<Option<&str>> = marked.iter().map(Option::as_deref).collect();
    reassemble(body, &blocks, &texts)
}

/// Spaces after the `>` markers that put a continuation line under the block's first text
/// column (a list item's content column).
fn continuation_indent(body: &str, line_start: usize, block: &Block) -> usize {
    let lead = &body[line_start..block.range.start];
    let after_quotes = lead.rfind('>').map_or(lead, |i| &lead[i + 1..]);
    after_quotes.chars().count()
}

/// The body with every block's text unwrapped: two bodies that differ only in line wrapping
/// have the same canonical form.
pub fn canonical(body: &str) -> String {
    let blocks = split(body);
    reassemble(body, &blocks, &[]).trim().to_owned()
}

/// Whether `text` read on its own is one paragraph of inline text (it starts no heading, list,
/// quote, code block or table of its own).
pub fn is_one_paragraph(text: &str) -> bool {
    let mut depth = 0usize;
    let mut paragraphs = 0usize;
    for event in parser(text) {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                paragraphs += 1;
                depth += 1;
            }
            Event::End(TagEnd::Paragraph) => depth = depth.saturating_sub(1),
            Event::Start(tag) if depth == 0 && !is_inline(&Event::Start(tag.clone())) => {
                return false;
            }
            Event::Rule => return false,
            _ => {}
        }
    }
    paragraphs <= 1
}

/// The link and image destinations written in `text`, in order.
pub fn link_targets(text: &str) -> Vec<String> {
    parser(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro text that\nwraps here, with **bold** and [a link](https://example.org).\n\n\
1. First item that\n   wraps.\n2. Second item.\n\n## What happened {#what}\n\n\
> [!WARNING]\n> Real officials will not\n> force you.\n\n| A | B |\n|---|---|\n| cell one | `code` |\n\n\
```\ncode stays\n```\n\n- [ ] a task\n- loose\n\n  second paragraph\n";

    #[test]
    fn blocks_are_paragraphs_items_headings_and_cells_with_inline_markup_kept() {
        let texts: Vec<(BlockKind, String)> =
            split(BODY).into_iter().map(|b| (b.kind, b.text)).collect();
        let expected = [
            (
                BlockKind::Paragraph,
                "Intro text that wraps here, with **bold** and [a link](https://example.org).",
            ),
            (BlockKind::Item, "First item that wraps."),
            (BlockKind::Item, "Second item."),
            (BlockKind::Heading, "What happened"),
            (BlockKind::Paragraph, "Real officials will not force you."),
            (BlockKind::Cell, "A"),
            (BlockKind::Cell, "B"),
            (BlockKind::Cell, "cell one"),
            (BlockKind::Cell, "`code`"),
            (BlockKind::Paragraph, "[ ] a task"),
            (BlockKind::Paragraph, "loose"),
            (BlockKind::Paragraph, "second paragraph"),
        ];
        let expected: Vec<(BlockKind, String)> = expected
            .iter()
            .map(|(k, t)| (*k, (*t).to_owned()))
            .collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn reassembling_the_own_texts_only_unwraps_lines() {
        let blocks = split(BODY);
        let same = reassemble(BODY, &blocks, &[]);
        assert_eq!(split(&same).len(), blocks.len());
        assert_eq!(canonical(&same), canonical(BODY));
        assert!(same.contains("1. First item that wraps.\n2. Second item."));
        assert!(same.contains("## What happened {#what}"));
        assert!(same.contains("> [!WARNING]\n> Real officials will not force you."));
    }

    #[test]
    fn translated_texts_replace_blocks_and_hard_breaks_stay_in_their_container() {
        let blocks = split(BODY);
        let mut texts: Vec<Option<&str>> = vec![None; blocks.len()];
        texts[1] = Some("Premier\nélément");
        texts[4] = Some("Les vrais\nagents");
        let out = reassemble(BODY, &blocks, &texts);
        assert!(
            out.contains("1. Premier\\\n   élément\n2. Second item."),
            "{out}"
        );
        assert!(out.contains("> Les vrais\\\n> agents"), "{out}");
        let again: Vec<String> = split(&out).into_iter().map(|b| b.text).collect();
        assert_eq!(again[1], "Premier\nélément");
        assert_eq!(again[4], "Les vrais\nagents");
    }

    #[test]
    fn untranslated_blocks_are_marked_with_their_language() {
        let out = mark_untranslated(BODY, &[1, 3], "en", "ltr");
        assert!(
            out.contains(
                "1. <span lang=\"en\" dir=\"ltr\">First item that wraps.</span>\n2. Second item."
            ),
            "{out}"
        );
        assert!(
            out.contains("## <span lang=\"en\" dir=\"ltr\">What happened</span> {#what}"),
            "{out}"
        );
        assert_eq!(out.matches("<span").count(), 2);
    }

    #[test]
    fn one_paragraph_means_no_block_of_its_own() {
        assert!(is_one_paragraph(
            "Call **911** now, see [this](https://x.org)."
        ));
        assert!(is_one_paragraph("2018년 5월"));
        assert!(!is_one_paragraph("# heading"));
        assert!(!is_one_paragraph("- a list"));
        assert!(!is_one_paragraph("one\n\ntwo"));
        assert!(!is_one_paragraph("> quote"));
    }
}
